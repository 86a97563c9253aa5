//! Ids made from names: `Problem recognition` → `problem-recognition`, `Поиск` →
//! `poisk`, `Mērķis` → `merkis`, made unique within a journey.

use std::collections::BTreeSet;

/// Longest id made from a name; longer ones are cut at a word boundary.
const MAX_LEN: usize = 48;

/// `text` as an id: lowercase ASCII letters and digits, words joined by `-`. Russian
/// and Latvian letters are transliterated; anything else separates words. Empty when
/// nothing is left.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        match transliterate(c) {
            Some(latin) => out.push_str(latin),
            None if c.is_ascii_alphanumeric() => out.push(c),
            None => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > MAX_LEN {
        let cut = out[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN);
        out.truncate(cut);
    }
    out
}

/// The first of `base`, `base-2`, `base-3`, … not in `taken`, which it joins; `fallback`
/// stands in for an empty base.
pub fn unique(base: &str, fallback: &str, taken: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() { fallback } else { base };
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Latin letters for a lowercase Russian or Latvian letter (and the common Latin
/// diacritics); `None` for anything else.
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'э' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        'ā' | 'á' | 'à' | 'â' | 'ä' | 'å' | 'ã' => "a",
        'č' | 'ç' | 'ć' => "c",
        'ē' | 'é' | 'è' | 'ê' | 'ë' | 'ę' => "e",
        'ģ' | 'ğ' => "g",
        'ī' | 'í' | 'ì' | 'î' | 'ï' => "i",
        'ķ' => "k",
        'ļ' | 'ł' => "l",
        'ņ' | 'ñ' | 'ń' => "n",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => "o",
        'š' | 'ś' => "s",
        'ū' | 'ú' | 'ù' | 'û' | 'ü' | 'ų' => "u",
        'ž' | 'ź' | 'ż' => "z",
        'ß' => "ss",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::id_problem;

    #[test]
    fn names_become_valid_ids() {
        assert_eq!(slug("Problem recognition"), "problem-recognition");
        assert_eq!(slug("  Go to work!  "), "go-to-work");
        assert_eq!(slug("Поиск и выбор"), "poisk-i-vybor");
        assert_eq!(slug("Mērķis un iegāde"), "merkis-un-iegade");
        assert_eq!(slug("Line1<br>Line2"), "line1-br-line2");
        assert_eq!(slug("日本"), "");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= MAX_LEN && !long.ends_with('-'), "{long}");
        for text in ["A", "--a--", "Ёлка", "x_y", "2026 Q3", &"é".repeat(100)] {
            let id = slug(text);
            assert!(
                id.is_empty() || id_problem(&id).is_none(),
                "{text:?} → {id:?}"
            );
        }
    }

    #[test]
    fn repeated_names_get_numbers() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique("go", "stage", &mut taken), "go");
        assert_eq!(unique("go", "stage", &mut taken), "go-2");
        assert_eq!(unique("", "stage", &mut taken), "stage");
        assert_eq!(unique("", "stage", &mut taken), "stage-2");
    }
}
