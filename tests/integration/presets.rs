//! The presets: valid, documented in both languages, and behaving as the
//! source articles describe when compared under common random numbers.

use orgflow::report::Comparison;
use orgflow::scenario::{self, presets};

use super::{example, replicate};

#[test]
fn five_presets_ship_with_names_descriptions_and_sources() {
    let all = presets();
    assert!(all.len() >= 5);
    for preset in &all {
        assert!(
            !preset.name.en.is_empty() && !preset.name.zh.is_empty(),
            "{}",
            preset.id
        );
        assert!(
            !preset.description.en.is_empty() && !preset.description.zh.is_empty(),
            "{}",
            preset.id
        );
        // The built-in text is the file in examples/.
        assert_eq!(preset.json, example(&format!("{}.json", preset.id)));
        let parsed =
            scenario::parse(preset.json).unwrap_or_else(|e| panic!("{}: {e:#?}", preset.id));
        assert!(
            parsed
                .assumptions
                .iter()
                .any(|a| a.source.as_deref().is_some_and(|s| s.contains("seeds/"))),
            "{}",
            preset.id
        );
        scenario::validate(&parsed).unwrap_or_else(|e| panic!("{}: {e:#?}", preset.id));
    }
}

#[test]
fn every_example_file_passes_the_same_rules() {
    let dir = format!("{}/examples", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(
        std::fs::read_dir(format!("{dir}/validation"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    let json_files: Vec<_> = files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(json_files.len() >= 10);
    for path in json_files {
        let text = std::fs::read_to_string(&path).unwrap();
        scenario::load(&text).unwrap_or_else(|e| panic!("{}: {e:#?}", path.display()));
    }
}

#[test]
fn the_platform_organisation_beats_the_traditional_one() {
    let before = scenario::load(&example("faw_vw_front_back_before.json")).unwrap();
    let after = scenario::load(&example("faw_vw_front_middle_back_after.json")).unwrap();
    let a = replicate(&before, 1, 4);
    let b = replicate(&after, 1, 4);
    let comparison = Comparison::paired(&before, &after, &a, &b);
    let diff = |key: &str| {
        comparison
            .differences
            .iter()
            .find(|d| d.key == key)
            .unwrap()
            .clone()
    };
    let response = diff("first_response_minutes");
    assert!(
        response.significant && response.mean < -100.0,
        "{response:?}"
    );
    let decisions = diff("decision_lead_time_minutes");
    assert!(
        decisions.significant && decisions.mean < -600.0,
        "{decisions:?}"
    );
    let orders = diff("orders");
    assert!(orders.significant && orders.mean > 0.0, "{orders:?}");
    let satisfaction = diff("satisfaction");
    assert!(
        satisfaction.significant && satisfaction.mean > 0.0,
        "{satisfaction:?}"
    );
}

#[test]
fn one_id_removes_repeated_questions() {
    let with = scenario::load(&example("digital_user_operations_one_id.json")).unwrap();
    let results = replicate(&with, 1, 2);
    assert!(
        results
            .iter()
            .all(|r| r.funnel.repeated_questions == 0 && r.funnel.duplicate_contacts == 0)
    );
    let without = scenario::load(&example("faw_vw_front_middle_back_after.json")).unwrap();
    assert!(replicate(&without, 1, 1)[0].funnel.repeated_questions > 0);
}

#[test]
fn three_channels_all_take_orders() {
    let model = scenario::load(&example("saic_maxus_three_channels.json")).unwrap();
    let result = &replicate(&model, 1, 1)[0];
    assert_eq!(result.funnel.orders_by_channel.len(), 3);
    assert!(
        result.funnel.orders_by_channel.iter().all(|&n| n > 0),
        "{:?}",
        result.funnel.orders_by_channel
    );
    assert_eq!(
        result.funnel.orders_by_channel.iter().sum::<u64>(),
        result.funnel.ordered
    );
}
