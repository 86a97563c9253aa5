//! The files' format: lists of ids, shards, documents' text.

use super::super::chunks::push_json;
use super::super::index::{shard_name, shards, SHARD_BYTES};
use super::super::plain::plain_text;
use super::super::postings::*;

/// The ids of `list`, read as the module of [`push_ids`] describes the format: digits from
/// `]` to `~` carry on a number in base 34, a digit from `#` to `[` ends it in base 57,
/// and each number is the distance from the id before, less one.
pub fn read_ids(list: &str) -> Option<Vec<u32>> {
    let mut ids = Vec::new();
    let (mut high, mut previous) = (0u64, -1i64);
    for b in list.bytes() {
        match b {
            b']'..=b'~' => high = high * 34 + u64::from(b - b']'),
            b'#'..=b'[' => {
                let gap = high * 57 + u64::from(b - b'#');
                previous += i64::try_from(gap).ok()? + 1;
                ids.push(u32::try_from(previous).ok()?);
                high = 0;
            }
            _ => return None,
        }
    }
    (high == 0).then_some(ids)
}

fn written(ids: &[u32]) -> String {
    let mut list = String::new();
    push_ids(&mut list, ids);
    list
}

#[test]
fn document_ids_are_written_one_character_for_a_near_one() {
    assert_eq!(written(&[0, 2, 5]), "#$%");
    assert_eq!(written(&[56]), "[");
    assert_eq!(written(&[57]), "^#");
    assert_eq!(written(&[]), "");
    assert_eq!(written(&[0, 1, 2, 3]), "####");
}

#[test]
fn every_list_reads_back_and_needs_no_escaping() {
    let lists: Vec<Vec<u32>> = vec![
        vec![0],
        vec![u32::MAX],
        vec![0, u32::MAX],
        (0..2000).collect(),
        (0..2000).map(|i| i * i).collect(),
        vec![56, 57, 58, 57 * 34 + 56, 57 * 34 * 34 * 34, 4_000_000_000],
    ];
    for ids in lists {
        let list = written(&ids);
        assert_eq!(read_ids(&list).as_ref(), Some(&ids));
        assert!(
            list.bytes()
                .all(|b| (0x23..=0x7e).contains(&b) && b != b'\\'),
            "{list}"
        );
        let quoted = serde_json::to_string(&list).unwrap();
        assert_eq!(quoted, format!("\"{list}\""));
    }
    assert_eq!(read_ids("#^"), None, "a number without its last digit");
    assert_eq!(read_ids("#\"#"), None);
}

#[test]
fn shard_names_are_ascii_and_distinct() {
    assert_eq!(shard_name("ab"), "t-ab");
    assert_eq!(shard_name("пр"), "t-_043f_0440");
    assert_eq!(shard_name("a\u{1F600}"), "t-a__01f600");
    assert_ne!(shard_name("_043f"), shard_name("п"));
}

#[test]
fn a_small_index_is_one_shard() {
    let words: Vec<(String, String)> = ["a", "ab", "abc", "abd", "b", "ба", "бар"]
        .iter()
        .map(|w| (w.to_string(), "0".to_string()))
        .collect();
    let prefixes: Vec<(String, usize)> = shards(&words)
        .into_iter()
        .map(|s| (s.prefix, s.words.len()))
        .collect();
    assert_eq!(prefixes, [(String::new(), words.len())]);
    assert_eq!(shard_name(""), "t-");
}

#[test]
fn a_shard_over_the_limit_is_split_by_the_next_character() {
    // 3 × 26 words under "ce", each with a list of 2,000 bytes: 156 KB in all.
    let mut words: Vec<(String, String)> = vec![("ce".into(), "1".into())];
    for third in 'a'..='z' {
        for last in ["x", "y", "z"] {
            words.push((format!("ce{third}{last}"), "z".repeat(2000)));
        }
    }
    words.push(("cf".into(), "2".into()));
    words.sort();
    let shards = shards(&words);
    let prefixes: Vec<&str> = shards.iter().map(|s| s.prefix.as_str()).collect();
    assert_eq!(prefixes[0], "ce");
    assert_eq!(
        shards[0].words,
        0..1,
        "the word \"ce\" stays in the shard \"ce\""
    );
    assert_eq!(prefixes[1], "cea");
    assert_eq!(prefixes[26], "cez");
    assert_eq!(prefixes[27], "cf");
    assert_eq!(prefixes.len(), 28);
    // Every word is in exactly one shard, in order.
    let covered: Vec<usize> = shards.iter().flat_map(|s| s.words.clone()).collect();
    assert_eq!(covered, (0..words.len()).collect::<Vec<_>>());
    for shard in &shards {
        let bytes: usize = words[shard.words.clone()]
            .iter()
            .map(|(w, ids)| w.len() + ids.len() + 6)
            .sum();
        assert!(bytes <= SHARD_BYTES, "{} has {bytes} bytes", shard.prefix);
        for (word, _) in &words[shard.words.clone()] {
            assert!(
                word.starts_with(&shard.prefix),
                "{word} in {}",
                shard.prefix
            );
        }
    }
}

#[test]
fn narratives_become_plain_text_without_splitting_words() {
    assert_eq!(
        plain_text(
            "<p>A <em>w</em>ord &amp; &#x41;&#66; &lt;tag&gt;</p><p>Next&nbsp;one</p>",
            100
        ),
        "A word & AB <tag> Next one"
    );
    assert_eq!(
        plain_text("<p>Fish &chips; & co</p>", 100),
        "Fish &chips; & co"
    );
    let long = format!("<p>{}</p>", "word ".repeat(1000));
    let cut = plain_text(&long, 50);
    assert!(cut.ends_with('…') && cut.chars().count() <= 51, "{cut}");
    assert_eq!(plain_text("", 10), "");
}

#[test]
fn texts_are_written_as_json_writes_them() {
    for text in [
        "",
        "plain",
        "say \"hi\" \\ back",
        "line\nbreak\ttab\r\u{8}\u{c}\u{0}\u{1f}\u{7f}",
        "</script><!-- ceļš Ёлка \u{2028} 😀",
    ] {
        let mut ours = String::new();
        push_json(&mut ours, text);
        assert_eq!(ours, serde_json::to_string(text).unwrap(), "{text:?}");
    }
}
