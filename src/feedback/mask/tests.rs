use super::checks::*;
use super::*;

/// One case of the corpus: where it is, the verbatim and what masking must make of it.
struct Case<'a> {
    line: usize,
    verbatim: &'a str,
    expected: &'a str,
}

/// The cases of a corpus file (see `tests/fixtures/masking/README.md`).
fn cases(corpus: &str) -> Vec<Case<'_>> {
    let mut cases = Vec::new();
    let mut pending: Option<(usize, &str)> = None;
    for (i, line) in corpus.lines().enumerate() {
        let line_number = i + 1;
        if let Some(verbatim) = line.strip_prefix("< ") {
            assert!(
                pending.is_none(),
                "line {line_number}: a verbatim without its result"
            );
            pending = Some((line_number, verbatim));
        } else if let Some(expected) = line.strip_prefix("> ") {
            let (line, verbatim) = pending
                .take()
                .unwrap_or_else(|| panic!("line {line_number}: no verbatim"));
            cases.push(Case {
                line,
                verbatim,
                expected,
            });
        } else {
            assert!(
                line.is_empty() || line.starts_with('#'),
                "line {line_number}: not a case: {line:?}"
            );
        }
    }
    assert!(pending.is_none(), "the last verbatim has no result");
    cases
}

/// Masks every case of `corpus` and reports each that comes out other than written, and
/// each whose counts do not match the placeholders of its result.
fn check_corpus(name: &str, corpus: &str) {
    let cases = cases(corpus);
    assert!(cases.len() >= 20, "{name}: only {} cases", cases.len());
    let positives = cases.iter().filter(|c| c.verbatim != c.expected).count();
    assert!(
        positives >= 10 && cases.len() - positives >= 10,
        "{name}: too one-sided"
    );
    let mut failures = Vec::new();
    for case in &cases {
        let (masked, counts) = mask(case.verbatim);
        if masked != case.expected {
            failures.push(format!(
                "{name}:{}:\n  verbatim: {}\n  expected: {}\n  masked:   {masked}",
                case.line, case.verbatim, case.expected
            ));
        }
        let placeholders = |kind: Kind| {
            case.expected.matches(kind.placeholder()).count()
                - case.verbatim.matches(kind.placeholder()).count()
        };
        for kind in Kind::ALL {
            if counts.get(kind) != placeholders(kind) {
                failures.push(format!(
                    "{name}:{}: {} counted {}, the result has {}",
                    case.line,
                    kind.plural(),
                    counts.get(kind),
                    placeholders(kind)
                ));
            }
        }
        let (again, _) = mask(case.expected);
        if again != case.expected {
            failures.push(format!("{name}:{}: masking again changed it", case.line));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn english_corpus() {
    check_corpus(
        "en.txt",
        include_str!("../../../tests/fixtures/masking/en.txt"),
    );
}

#[test]
fn russian_corpus() {
    check_corpus(
        "ru.txt",
        include_str!("../../../tests/fixtures/masking/ru.txt"),
    );
}

#[test]
fn latvian_corpus() {
    check_corpus(
        "lv.txt",
        include_str!("../../../tests/fixtures/masking/lv.txt"),
    );
}

#[test]
fn masking_on_many_threads_gives_what_one_thread_gives() {
    use rayon::prelude::*;
    let corpus = [
        include_str!("../../../tests/fixtures/masking/en.txt"),
        include_str!("../../../tests/fixtures/masking/ru.txt"),
        include_str!("../../../tests/fixtures/masking/lv.txt"),
    ];
    let verbatims: Vec<&str> = corpus
        .iter()
        .flat_map(|text| cases(text))
        .map(|case| case.verbatim)
        .collect();
    let many: Vec<&str> = verbatims.iter().cycle().take(5_000).copied().collect();
    let one_thread: Vec<_> = many.iter().map(|text| mask(text)).collect();
    let threads: Vec<_> = many.par_iter().map(|text| mask(text)).collect();
    assert_eq!(threads, one_thread);
    let total: MaskCounts = many.par_iter().map(|text| mask(text).1).sum();
    assert_eq!(total, one_thread.iter().map(|(_, counts)| counts).sum());
    assert!(total.total() > 1_000);
}

#[test]
fn text_with_nothing_to_mask_is_borrowed() {
    for text in ["", "Great service!", "Order #123456 on 10.05.2026", "a@b"] {
        let (masked, counts) = mask(text);
        assert!(matches!(masked, Cow::Borrowed(_)), "{text:?} was copied");
        assert_eq!(masked, text);
        assert!(counts.is_empty());
    }
}

#[test]
fn each_kind_is_counted_once_per_piece() {
    let text = "a@b.lv, c@d.lv, +371 26 123 456, 4111 1111 1111 1111, \
                LV80BANK0000435195001, 161175-19997, 321234-56789";
    let (masked, counts) = mask(text);
    assert_eq!(
        masked,
        "[email], [email], [phone], [card], [iban], [personal code], [personal code]"
    );
    let expected = MaskCounts {
        email: 2,
        phone: 1,
        card: 1,
        iban: 1,
        personal_code: 2,
    };
    assert_eq!(counts, expected);
    assert_eq!(counts.total(), 7);
}

#[test]
fn counts_add_up_and_read_as_a_sentence() {
    let one = mask("x@y.lv and 26123456").1;
    let other = mask("z@y.lv, q@y.lv").1;
    let sum = one + other;
    assert_eq!((sum.email, sum.phone), (3, 1));
    assert_eq!([one, other].iter().sum::<MaskCounts>(), sum);
    assert_eq!([one, other].into_iter().sum::<MaskCounts>(), sum);
    let mut total = one;
    total += other;
    assert_eq!(total, sum);
    assert_eq!(sum.to_string(), "3 e-mail addresses, 1 phone number");
    assert_eq!(MaskCounts::default().to_string(), "nothing");
    let kinds: Vec<(&str, usize)> = sum.kinds().map(|(k, n)| (k.name(), n)).collect();
    assert_eq!(
        kinds,
        [
            ("e-mail address", 3),
            ("phone number", 1),
            ("payment card number", 0),
            ("IBAN", 0),
            ("personal code", 0)
        ]
    );
}

#[test]
fn specific_kinds_win_over_phones() {
    // The digits of an IBAN or a card would also make phone numbers.
    assert_eq!(mask("LV80 BANK 0000 4351 9500 1").0, "[iban]");
    assert_eq!(mask("+371 4111 1111 1111 1111").0, "+371 [card]");
    // An e-mail address is taken whole, not its phone-shaped name.
    assert_eq!(mask("26123456@inbox.lv").0, "[email]");
}

#[test]
fn ibans_are_taken_in_any_case_and_grouping_but_not_glued_or_short() {
    assert_eq!(mask("lv80bank0000435195001").0, "[iban]");
    assert_eq!(mask("LV80BA NK00 00435 195001").0, "[iban]");
    assert_eq!(mask("GB29 NWBK 6016 1331 9268 19 (GBP)").0, "[iban] (GBP)");
    for text in [
        "LV80BANK0000435195001X",
        "XLV80BANK0000435195001",
        "DE89 3704 0044 0532 0130 0",
        "US80BANK0000435195001",
    ] {
        assert_eq!(mask(text).0, text);
    }
}

#[test]
fn a_number_written_next_to_a_card_is_left_out_of_it() {
    assert_eq!(
        mask("4111 1111 1111 1111 2026").0,
        "[card] 2026",
        "a year after the card"
    );
    assert_eq!(mask("2026 4111 1111 1111 1111").0, "2026 [card]");
}

#[test]
fn numbers_glued_to_words_or_amounts_are_not_phones() {
    for text in [
        "ORD-26123456",
        "№26123456",
        "# 26123456",
        "€26123456",
        "26123456 EUR",
        "EUR 26 123 456",
        "26123456%",
        "1.26123456",
        "26123456,5",
        "kods26123456",
        "https://shop.lv/order/26123456",
    ] {
        assert_eq!(mask(text).0, text);
    }
}

#[test]
fn international_numbers_keep_to_their_country_lengths() {
    // Latvia has 8 digits after 371: the year is not part of the number.
    assert_eq!(mask("+371 26123456 2026").0, "[phone] 2026");
    assert_eq!(mask("+7 912 345 67 89 2026").0, "[phone] 2026");
    // Too short for its plan, and no such calling code.
    assert_eq!(mask("+371 2612345").0, "+371 2612345");
    assert_eq!(mask("+0 26 123 456 78").0, "+0 26 123 456 78");
    // A trunk 0 after the calling code, in brackets or not: still a phone.
    assert_eq!(mask("+44 (0)20 7946 0958").0, "[phone]");
    assert_eq!(mask("+44 020 7946 0958").0, "[phone]");
    // After 00, a national number starting with 0 is some other number, but in Italy.
    assert_eq!(mask("0044 0532 0130 00").0, "0044 0532 0130 00");
    assert_eq!(mask("0039 06 6988 1234").0, "[phone]");
    // A number before a `+` does not make the phone part of it.
    assert_eq!(mask("ref 12 +371 26123456").0, "ref 12 [phone]");
    // A bracket around the whole number stays.
    assert_eq!(mask("(tel. +371 26123456)").0, "(tel. [phone])");
}

#[test]
fn hostile_text_neither_panics_nor_masks_nonsense() {
    let mixed = "Ēē№₽ +7 (912) 345-67-89 LV80BANK0000435195001 a@b.lv 4111-1111-1111-1111 😀";
    for (i, _) in mixed.char_indices() {
        let _ = mask(&mixed[i..]);
        let _ = mask(&mixed[..i]);
    }
    let digits = "9".repeat(100_000);
    assert_eq!(mask(&digits).0, digits);
    let ats = "a@".repeat(50_000);
    assert_eq!(mask(&ats).0, ats);
    let spaced = "1 ".repeat(50_000);
    assert_eq!(mask(&spaced).0, spaced);
    let pluses = "+1 ".repeat(50_000);
    assert_eq!(mask(&pluses).0, pluses);
    // Many pieces in one text: each is checked against the others in log time.
    let phones = "26123456 and ".repeat(20_000);
    let (masked, counts) = mask(&phones);
    assert_eq!(counts.phone, 20_000);
    assert_eq!(masked, "[phone] and ".repeat(20_000));
}

#[test]
fn luhn_takes_test_card_numbers() {
    for pan in [
        "4111111111111111",
        "5555555555554444",
        "378282246310005",
        "6011111111111117",
    ] {
        assert!(luhn(pan.as_bytes()), "{pan}");
    }
    assert!(!luhn(b"4111111111111112"));
    assert!(!luhn(b"378282246310006"));
}

#[test]
fn iban_checks_length_and_checksum() {
    assert!(iban_checksum(b"LV80BANK0000435195001"));
    assert!(iban_checksum(b"DE89370400440532013000"));
    assert!(iban_checksum(b"NL91ABNA0417164300"));
    assert!(!iban_checksum(b"LV81BANK0000435195001"));
    assert!(!iban_checksum(b"DE89370400440532013001"));
    assert!(!iban_checksum(b"LV8"));
    assert_eq!(iban_length(b"LV"), Some(21));
    assert_eq!(iban_length(b"DE"), Some(22));
    assert_eq!(iban_length(b"NO"), Some(15));
    assert_eq!(iban_length(b"RU"), Some(33));
    assert_eq!(iban_length(b"US"), None);
}

#[test]
fn personal_codes_need_a_real_date_and_their_check_digit() {
    for code in [
        "16117519997",
        "12128211210",
        "05079315024",
        "29020021116",
        "30067812343",
    ] {
        assert!(old_personal_code(code.as_bytes()), "{code}");
    }
    // Wrong check digit; 29 February 1900; 31 June; century digit 3; too short.
    for code in [
        "16117519998",
        "29020011110",
        "31067812348",
        "16117539997",
        "1611751999",
    ] {
        assert!(!old_personal_code(code.as_bytes()), "{code}");
    }
}

#[test]
fn calling_codes_have_one_to_three_digits() {
    assert_eq!(calling_code_length(b"14155550132"), Some(1));
    assert_eq!(calling_code_length(b"79123456789"), Some(1));
    assert_eq!(calling_code_length(b"442079460958"), Some(2));
    assert_eq!(calling_code_length(b"37126123456"), Some(3));
    assert_eq!(calling_code_length(b"0123"), None);
    assert_eq!(national_length(b"371"), 8..=8);
    assert_eq!(national_length(b"44"), 6..=13);
}

#[test]
fn the_scan_keeps_clusters_long_enough_for_a_phone() {
    use super::scan::Scan;
    let text = "Tel. +7 (912) 345-67-89, order #123456 of 10.05.2026, card 4111 1111 1111 1111";
    let scan = Scan::of(text);
    let windows: Vec<&str> = scan
        .clusters
        .iter()
        .map(|c| &text[c.window.clone()])
        .collect();
    assert_eq!(
        windows,
        [
            "+7 (912) 345-67-89,",
            " 10.05.2026,",
            " 4111 1111 1111 1111"
        ]
    );
    let cards: Vec<bool> = scan.clusters.iter().map(|c| c.may_hold_card).collect();
    assert_eq!(cards, [false, false, true]);
    assert!(scan.iban_starts.is_empty());

    let text = "LV80BANK0000435195001 / 161175-19997";
    let scan = Scan::of(text);
    assert_eq!(scan.iban_starts, [0]);
    let codes: Vec<bool> = scan
        .clusters
        .iter()
        .map(|c| c.may_hold_personal_code)
        .collect();
    assert_eq!(codes, [false, true]);
}

#[test]
fn the_first_digit_is_found_a_word_at_a_time_as_one_by_one() {
    use super::scan::{first_digit, has_digit};
    let scalar = |bytes: &[u8]| {
        let position = bytes.iter().position(u8::is_ascii_digit);
        assert_eq!(has_digit(bytes), position.is_some());
        position
    };
    for byte in 0..=255u8 {
        for at in 0..20 {
            let mut bytes = vec![b'x'; 20];
            bytes[at] = byte;
            assert_eq!(first_digit(&bytes), scalar(&bytes), "{byte:#x} at {at}");
            bytes[19] = b'7';
            assert_eq!(first_digit(&bytes), scalar(&bytes), "{byte:#x} at {at}");
        }
    }
    let mut seed: u32 = 1;
    for _ in 0..20_000 {
        let bytes: Vec<u8> = (0..17)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                // Mostly non-digits, so that the first digit lands anywhere.
                let byte = (seed >> 24) as u8;
                if byte.is_ascii_digit() && seed & 0x30 != 0 {
                    b'a'
                } else {
                    byte
                }
            })
            .collect();
        assert_eq!(first_digit(&bytes), scalar(&bytes), "{bytes:?}");
    }
    let text = "Ēē№₽ kods 5 😀".as_bytes();
    for start in 0..text.len() {
        assert_eq!(first_digit(&text[start..]), scalar(&text[start..]));
    }
}
