//! Every difference between paired presets is explained: each field that
//! changes from one preset to the next is covered by an assumption (its
//! `covers` paths) in one of the two files.

use orgflow::scenario::{self, diff};

use super::example;

/// The presets that describe one organisation before and after a change.
const PAIRS: [(&str, &str); 2] = [
    (
        "faw_vw_front_back_before.json",
        "faw_vw_front_middle_back_after.json",
    ),
    (
        "faw_vw_front_middle_back_after.json",
        "digital_user_operations_one_id.json",
    ),
];

#[test]
fn every_difference_between_paired_presets_is_covered() {
    let mut uncovered = Vec::new();
    for (a, b) in PAIRS {
        let load = |file: &str| {
            let parsed =
                scenario::parse(&example(file)).unwrap_or_else(|e| panic!("{file}: {e:#?}"));
            scenario::validate(&parsed).unwrap_or_else(|e| panic!("{file}: {e:#?}"));
            parsed
        };
        let found = diff::diff(&load(a), &load(b));
        assert!(!found.differences.is_empty(), "{a} → {b}: no difference?");
        uncovered.extend(
            found
                .differences
                .iter()
                .filter(|d| d.assumptions.is_empty())
                .map(|d| format!("{a} → {b}: {} ({} → {})", d.path, short(&d.a), short(&d.b))),
        );
    }
    assert!(
        uncovered.is_empty(),
        "{} differences no assumption covers (add `covers` to an assumption or a new one):\n{}",
        uncovered.len(),
        uncovered.join("\n")
    );
}

/// A value on one line, cut to 40 characters (whole units are long).
fn short(value: &serde_json::Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
