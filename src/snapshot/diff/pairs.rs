//! Which journey or persona of one state is which of the other: the same id; else, among
//! those left, the same content under a new id (a file renamed); else the same title
//! (a file renamed and edited in the same change). Whatever is left is added or removed.

use crate::model::{Journey, Persona, Site};

/// Items of two lists paired up, by index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pairing {
    /// `(older, newer)`, in the newer list's order.
    pub pairs: Vec<(usize, usize)>,
    /// Newer items with no older one, in order.
    pub added: Vec<usize>,
    /// Older items with no newer one, in order.
    pub removed: Vec<usize>,
}

/// Journeys paired by id only, as releases compare them.
pub fn journeys_by_id(older: &Site, newer: &Site) -> Pairing {
    pair(&older.journeys, &newer.journeys, journey_id, &[])
}

/// Journeys paired by id, then by content, then by title.
pub fn journeys(older: &Site, newer: &Site) -> Pairing {
    let same_content = |a: &Journey, b: &Journey| a.front == b.front && a.body_html == b.body_html;
    let same_title = |a: &Journey, b: &Journey| a.front.title == b.front.title;
    pair(
        &older.journeys,
        &newer.journeys,
        journey_id,
        &[&same_content, &same_title],
    )
}

/// Personas paired by id, then by content, then by name.
pub fn personas(older: &Site, newer: &Site) -> Pairing {
    let same_content = |a: &Persona, b: &Persona| a.front == b.front && a.body_html == b.body_html;
    let same_name = |a: &Persona, b: &Persona| a.front.name == b.front.name;
    pair(
        &older.personas,
        &newer.personas,
        |p| p.id.as_str(),
        &[&same_content, &same_name],
    )
}

/// Whether two items are alike enough to be one under two ids.
type Alike<'a, T> = &'a dyn Fn(&T, &T) -> bool;

fn journey_id(journey: &Journey) -> &str {
    journey.id.as_str()
}

/// Pairs `older` and `newer` by id, then, among the items left on both sides, by each of
/// `alike` in turn; an item pairs with the first unpaired one alike, in order, so the
/// result is the same for the same lists.
fn pair<T>(older: &[T], newer: &[T], id: impl Fn(&T) -> &str, alike: &[Alike<T>]) -> Pairing {
    let mut older_match: Vec<Option<usize>> = vec![None; older.len()];
    let mut newer_match: Vec<Option<usize>> = vec![None; newer.len()];
    // Both lists are sorted by id, as files are read; a map keeps any order correct.
    let by_id: std::collections::HashMap<&str, usize> =
        older.iter().enumerate().map(|(i, t)| (id(t), i)).collect();
    for (n, item) in newer.iter().enumerate() {
        if let Some(&o) = by_id.get(id(item)) {
            older_match[o] = Some(n);
            newer_match[n] = Some(o);
        }
    }
    for same in alike {
        for n in 0..newer.len() {
            if newer_match[n].is_some() {
                continue;
            }
            let found =
                (0..older.len()).find(|&o| older_match[o].is_none() && same(&older[o], &newer[n]));
            if let Some(o) = found {
                older_match[o] = Some(n);
                newer_match[n] = Some(o);
            }
        }
    }
    Pairing {
        pairs: newer_match
            .iter()
            .enumerate()
            .filter_map(|(n, o)| o.map(|o| (o, n)))
            .collect(),
        added: (0..newer.len())
            .filter(|&n| newer_match[n].is_none())
            .collect(),
        removed: (0..older.len())
            .filter(|&o| older_match[o].is_none())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pairing: &Pairing, older: &[&str], newer: &[&str]) -> Vec<String> {
        let mut out: Vec<String> = pairing
            .pairs
            .iter()
            .map(|&(o, n)| format!("{}={}", older[o], newer[n]))
            .collect();
        out.extend(pairing.added.iter().map(|&n| format!("+{}", newer[n])));
        out.extend(pairing.removed.iter().map(|&o| format!("-{}", older[o])));
        out
    }

    /// Items as `id:content:title`.
    fn run(older: &[&str], newer: &[&str]) -> Vec<String> {
        let part = |s: &&str, i: usize| s.split(':').nth(i).unwrap().to_string();
        let content = |a: &&str, b: &&str| part(a, 1) == part(b, 1);
        let title = |a: &&str, b: &&str| part(a, 2) == part(b, 2);
        let pairing = pair(
            older,
            newer,
            |s: &&str| s.split(':').next().unwrap(),
            &[&content, &title],
        );
        names(&pairing, older, newer)
    }

    #[test]
    fn ids_pair_first_then_content_then_titles() {
        assert_eq!(
            run(
                &["a:1:A", "b:2:B", "c:3:C", "d:4:D"],
                &["a:9:A", "x:2:X", "y:8:C", "z:7:Z"]
            ),
            [
                "a:1:A=a:9:A",
                "b:2:B=x:2:X",
                "c:3:C=y:8:C",
                "+z:7:Z",
                "-d:4:D"
            ]
        );
    }

    #[test]
    fn an_item_kept_under_its_id_is_never_taken_as_a_rename() {
        // `b` kept its id and changed its content to `a`'s: `a` is removed, not renamed.
        assert_eq!(
            run(&["a:1:A", "b:2:B"], &["b:1:A"]),
            ["b:2:B=b:1:A", "-a:1:A"]
        );
    }

    #[test]
    fn the_same_content_twice_pairs_in_order() {
        assert_eq!(
            run(&["a:1:A", "b:1:A"], &["x:1:A", "y:1:A"]),
            ["a:1:A=x:1:A", "b:1:A=y:1:A"]
        );
    }
}
