//! The emotion lane of a sheet: numbers on waymark's scale from -2 to +2 or on the
//! 1..5 of surveys and Mermaid, or the words of waymark's pages.

use super::grid::Cell;
use super::import::value;
use super::labels;

/// The emotions of a sheet's stages, and the cells that could not be read.
pub struct Emotions {
    pub values: Vec<Option<i64>>,
    /// A cell, what is wrong with it, and a hint.
    pub errors: Vec<(Cell, String, &'static str)>,
    /// Whether the numbers were on the scale 1..5, and mapped.
    pub one_to_five: bool,
}

const HINT: &str =
    "write an emotion from -2 (very negative) to 2 (very positive), from 1 to 5, or a word such as `negative`";
const ONE_SCALE: &str =
    "use one scale for the whole sheet: -2 (very negative) to 2 (very positive), or 1 to 5";

/// Reads each stage's emotion cell. Numbers are on waymark's scale from -2 to +2 unless
/// one of them is above 2 and all are from 1 to 5: then they are 1..5, mapped. Words of
/// the interface (`negative`) are taken as they are. A bad cell is an error and leaves
/// its stage without an emotion.
pub fn read(cells: &[Option<&Cell>]) -> Emotions {
    enum Read {
        None,
        Word(i64),
        Number(i64, Cell),
    }
    let mut errors = Vec::new();
    let mut read = Vec::new();
    for cell in cells {
        let Some(cell) = cell.filter(|c| !c.text.is_empty()) else {
            read.push(Read::None);
            continue;
        };
        let text = value(cell);
        if labels::no_emotion_word(text) {
            read.push(Read::None);
        } else if let Some(value) = labels::emotion_word(text) {
            read.push(Read::Word(value));
        } else {
            match leading_integer(text) {
                Ok(n) => read.push(Read::Number(n, cell.clone())),
                Err(message) => {
                    errors.push((cell.clone(), message, HINT));
                    read.push(Read::None);
                }
            }
        }
    }
    let numbers: Vec<i64> = read
        .iter()
        .filter_map(|r| match r {
            Read::Number(n, _) => Some(*n),
            _ => None,
        })
        .collect();
    let one_to_five = numbers.iter().any(|&n| n > 2) && numbers.iter().all(|n| (1..=5).contains(n));
    let mut values = Vec::new();
    for value in read {
        values.push(match value {
            Read::None => None,
            Read::Word(n) => Some(n),
            Read::Number(n, _) if one_to_five => Some(n - 3),
            Read::Number(n, _) if (-2..=2).contains(&n) => Some(n),
            Read::Number(n, cell) => {
                let message = match (1..=5).contains(&n) {
                    true => format!("emotion {n} is on the scale 1..5, but other emotions of the sheet are below 1"),
                    false => format!("emotion {n} is outside the scales -2..+2 and 1..5"),
                };
                errors.push((cell, message, ONE_SCALE));
                None
            }
        });
    }
    Emotions {
        values,
        errors,
        one_to_five,
    }
}

/// The whole number at the start of `text` (`-1`, `+2`, `−1 negative`, `4 (good)`).
fn leading_integer(text: &str) -> Result<i64, String> {
    let normalized = text.replace('\u{2212}', "-");
    let end = normalized
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+'))))
        .map_or(normalized.len(), |(i, _)| i);
    let (number, rest) = normalized.split_at(end);
    if rest.starts_with(['.', ',']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!("emotion `{text}` is not a whole number"));
    }
    let starts_word = rest.is_empty() || rest.starts_with(|c: char| c.is_whitespace() || c == '(');
    match number.parse::<i64>() {
        Ok(n) if starts_word => Ok(n),
        _ => Err(format!("`{text}` is not an emotion")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Cell {
        Cell {
            text: text.into(),
            line: 1,
            column: 1,
        }
    }

    #[test]
    fn numbers_with_words() {
        assert_eq!(leading_integer("-1"), Ok(-1));
        assert_eq!(leading_integer("+2"), Ok(2));
        assert_eq!(leading_integer("\u{2212}1 negative"), Ok(-1));
        assert_eq!(leading_integer("4 (good)"), Ok(4));
        assert!(leading_integer("1.5").is_err());
        assert!(leading_integer("1,5").is_err());
        assert!(leading_integer("happy").is_err());
        assert!(leading_integer("3x").is_err());
        assert!(leading_integer("99999999999999999999").is_err());
    }

    #[test]
    fn the_scale_is_the_sheet_s() {
        let cells = [cell("1"), cell("2"), cell("neutral"), cell("")];
        let read = read(&cells.iter().map(Some).collect::<Vec<_>>());
        assert_eq!(read.values, [Some(1), Some(2), Some(0), None]);
        assert!(!read.one_to_five);
        let cells = [cell("1"), cell("5"), cell("very negative")];
        let read = read_all(&cells);
        assert_eq!(read.values, [Some(-2), Some(2), Some(-2)]);
        assert!(read.one_to_five);
    }

    fn read_all(cells: &[Cell]) -> Emotions {
        read(&cells.iter().map(Some).collect::<Vec<_>>())
    }
}
