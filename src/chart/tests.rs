//! Every chart rendered to SVG natively, with the same backend the app uses.

use plotters::prelude::{IntoDrawingArea, SVGBackend};

use super::*;
use crate::report::{Difference, Kpi, KpiSummary, UnitSummary};

const SCRIPT_NAME: &str = "<script>alert(1)</script>";
const BOTTLENECK: &str = "Commodity operations";
const LONG_NAME: &str = "华东战区前台销售顾问团队（含云管家与线上直播间运营小组）";

fn summary(mean: f64, half: f64) -> Summary {
    Summary {
        mean,
        ci95: Some(half),
        p10: mean - 2.0 * half,
        p50: mean,
        p90: mean + 2.0 * half,
    }
}

fn kpi_value(kpi: Kpi) -> f64 {
    match kpi.key() {
        "first_response_minutes" => 95.0,
        "first_response_p50" => 22.0,
        "first_response_p90" => 240.0,
        "first_response_p99" => 1900.0,
        "conversion_rate" => 0.095,
        "satisfaction" => 7.4,
        "handoffs_per_lead" => 1.2,
        "orders" => 95.0,
        _ => 10.0,
    }
}

fn unit(name: &str, utilisation: f64, queue: f64) -> UnitSummary {
    UnitSummary {
        name: name.to_string(),
        office: "middle",
        utilization: summary(utilisation, 0.03),
        mean_wait_minutes: summary(12.0, 1.0),
        mean_queue_length: summary(queue, 0.2),
        served: summary(400.0, 10.0),
    }
}

fn report(name_en: &str, name_zh: &str, scale: f64) -> Report {
    Report {
        scenario: name_en.to_string(),
        scenario_zh: name_zh.to_string(),
        replications: 20,
        kpis: Kpi::ALL
            .iter()
            .map(|&kpi| KpiSummary {
                kpi,
                summary: summary(kpi_value(kpi) * scale, 0.05 * kpi_value(kpi)),
            })
            .collect(),
        units: vec![
            unit("Regional battle centre", 0.62, 1.5),
            unit(BOTTLENECK, 0.93, 4.2),
            unit(SCRIPT_NAME, 0.40, 0.3),
            unit(LONG_NAME, 0.55, 0.8),
        ],
        bottleneck: Some(BOTTLENECK.to_string()),
        // Alphabetical, as the report stores it; the chart puts it in
        // funnel order.
        funnel: vec![
            ("contacted".into(), 900.0),
            ("incubated".into(), 300.0),
            ("leads".into(), 1000.0),
            ("ordered".into(), 95.0),
            ("prospects".into(), 310.0),
            ("unfinished".into(), 3.0),
        ],
        economics: Vec::new(),
        first_response_histogram: vec![
            50.0, 120.0, 200.0, 180.0, 150.0, 100.0, 80.0, 60.0, 40.0, 15.0, 4.0, 1.0,
        ],
        satisfaction_histogram: vec![1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0, 40.0, 60.0, 45.0, 25.0],
        handoffs_histogram: vec![300.0, 400.0, 200.0, 60.0, 30.0, 10.0],
        by_grade: Vec::new(),
        by_source: Vec::new(),
        warnings: Vec::new(),
        pools: sample_pools(scale),
    }
}

fn sample() -> Report {
    report("Front–middle–back", "前中后台", 1.0)
}

fn empty_report() -> Report {
    Report {
        replications: 0,
        kpis: Vec::new(),
        units: Vec::new(),
        bottleneck: None,
        funnel: Vec::new(),
        economics: Vec::new(),
        first_response_histogram: Vec::new(),
        satisfaction_histogram: Vec::new(),
        handoffs_histogram: Vec::new(),
        ..sample()
    }
}

fn difference(kpi: Kpi, mean: f64, half: f64) -> Difference {
    Difference {
        kpi,
        mean,
        ci95: Some(half),
        significant: mean.abs() > half,
        baseline_mean: 100.0,
    }
}

fn comparison(candidate: &str, differences: Vec<Difference>) -> Comparison {
    Comparison {
        baseline: "Front–back".into(),
        candidate: candidate.into(),
        pairs: 20,
        differences,
        payback: Default::default(),
    }
}

fn sweep_points() -> Vec<SweepPoint> {
    [(2.0, 180.0), (4.0, 95.0), (6.0, 60.0), (8.0, 48.0)]
        .iter()
        .map(|(headcount, minutes)| SweepPoint {
            parameter: *headcount,
            summary: summary(*minutes, minutes * 0.08),
        })
        .collect()
}

/// Four pools over 40 days: leads fill and settle, incubation builds up,
/// owners accumulate.
fn sample_pools(scale: f64) -> Vec<crate::report::pools::PoolSummary> {
    crate::sim::result::Pool::LEADS
        .into_iter()
        .enumerate()
        .map(|(i, pool)| {
            let mean: Vec<f64> = (0..40)
                .map(|d| {
                    let d = f64::from(d);
                    scale
                        * match i {
                            0 => 300.0 * (1.0 - (-d / 4.0).exp()),
                            1 => 8.0 * d,
                            2 => 120.0 * (1.0 - (-d / 6.0).exp()),
                            _ => 25.0 * d,
                        }
                })
                .collect();
            crate::report::pools::PoolSummary {
                pool,
                p10: mean.iter().map(|m| m * 0.9).collect(),
                p90: mean.iter().map(|m| m * 1.1).collect(),
                mean,
            }
        })
        .collect()
}

/// Every chart of the sample data, in one language and theme.
fn all_charts(lang: Lang, theme: ChartTheme, size: ChartSize) -> Vec<(&'static str, String)> {
    let reports = [
        sample(),
        report("Mesh", "网状", 0.8),
        report("Direct", "直营", 1.1),
    ];
    let comparisons = [
        comparison(
            "Mesh",
            vec![difference(Kpi::FirstResponseMinutes, -30.0, 5.0)],
        ),
        comparison(
            "Direct",
            vec![difference(Kpi::FirstResponseMinutes, 2.0, 6.0)],
        ),
    ];
    vec![
        (
            "first_response",
            first_response_svg(&sample(), lang, theme, size),
        ),
        (
            "satisfaction",
            satisfaction_svg(&sample(), lang, theme, size),
        ),
        ("handoffs", handoffs_svg(&sample(), lang, theme, size)),
        ("units", units_svg(&sample(), lang, theme, size)),
        ("funnel", funnel_svg(&sample(), lang, theme, size)),
        ("pools", pools_svg(&sample(), lang, theme, size)),
        (
            "comparison",
            comparison_svg(&reports, Kpi::FirstResponseMinutes, lang, theme, size),
        ),
        (
            "differences",
            differences_svg(
                &comparisons,
                Kpi::FirstResponseMinutes,
                Kpi::FirstResponseMinutes.default_threshold(),
                lang,
                theme,
                size,
            ),
        ),
        (
            "sweep",
            sweep_svg(
                &sweep_points(),
                "Middle-office headcount",
                Kpi::FirstResponseMinutes,
                lang,
                theme,
                size,
            ),
        ),
        ("tornado", tornado_svg(&tornado_sample(), lang, theme, size)),
        (
            "waterfall",
            waterfall_svg(
                &Waterfall {
                    kpi: Kpi::Orders,
                    baseline: ("Before".into(), 800.0),
                    candidate: ("After".into(), 1000.0),
                    steps: vec![
                        WaterfallStep {
                            label: "opening hours".into(),
                            mean: 150.0,
                            ci95: Some(10.0),
                        },
                        WaterfallStep {
                            label: "headcount".into(),
                            mean: 50.0,
                            ci95: None,
                        },
                    ],
                },
                lang,
                theme,
                size,
            ),
        ),
    ]
}

/// A tornado with a long field path, effects on both sides of zero and a
/// side that was not run.
fn tornado_sample() -> Tornado {
    Tornado {
        kpi: Kpi::Orders,
        range_percent: 20.0,
        inputs: vec![
            TornadoInput {
                label: "funnel.channels[authorised_dealers].close_rate".into(),
                low: Some((-209.0, Some(46.0))),
                high: Some((201.0, Some(14.0))),
            },
            TornadoInput {
                label: "sources[online_ads].leads_per_day".into(),
                low: Some((-113.0, Some(6.0))),
                high: Some((80.0, Some(34.0))),
            },
            TornadoInput {
                label: "units[dealer_sales].headcount".into(),
                low: None,
                high: Some((0.5, Some(1.6))),
            },
        ],
    }
}

#[test]
fn the_tornado_names_each_input_in_full_beside_its_bars() {
    let svg = tornado_svg(
        &tornado_sample(),
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert_well_formed("tornado", &svg);
    // Horizontal bars leave room for a whole path, on two lines where it
    // is long; columns cut it to 22 characters ("channels[authorised_d…").
    for name in [
        "funnel.channels[authorised_dealers].",
        "close_rate",
        "sources[online_ads].leads_per_day",
        "units[dealer_sales].headcount",
    ] {
        assert!(svg.contains(&format!("\n{name}\n")), "{name} missing");
    }
    // Five bars (one side was not run) and their effects.
    for text in ["-209", "201", "-113", "80.0", "0.5"] {
        assert!(svg.contains(&format!("\n{text}\n")), "{text} missing");
    }
    assert_eq!(
        svg.matches("<rect").count(),
        1 + 2 + 5,
        "background, legend, bars"
    );
}

fn assert_well_formed(name: &str, svg: &str) {
    assert!(
        svg.starts_with("<svg "),
        "{name}: {}",
        &svg[..svg.len().min(80)]
    );
    assert!(svg.trim_end().ends_with("</svg>"), "{name} is not closed");
    assert!(
        svg.contains("role=\"img\" aria-label=\""),
        "{name} has no accessible label"
    );
    assert!(svg.contains("<title>"), "{name} has no title");
    assert_eq!(svg.matches("<svg").count(), 1, "{name}");
}

/// The numbers of every `font-size="…"` attribute.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

#[test]
fn every_chart_renders_a_labelled_svg_in_both_languages_and_themes() {
    for lang in Lang::ALL {
        for theme in [ChartTheme::Light, ChartTheme::Dark] {
            for (name, svg) in all_charts(lang, theme, ChartSize::default()) {
                assert_well_formed(name, &svg);
                assert!(
                    svg.matches("<text").count() >= 5,
                    "{name} has almost no text"
                );
                assert!(
                    svg.contains("<rect") || svg.contains("<circle"),
                    "{name} draws no data"
                );
                let label = accessible_label(&svg).unwrap_or_default();
                assert!(!label.is_empty(), "{name}");
                for text in [
                    ChartText::NoData,
                    ChartText::NoReplications,
                    ChartText::DrawingFailed,
                ] {
                    assert!(
                        !svg.contains(text.get(lang)),
                        "{name} shows “{}” for good data",
                        text.get(lang)
                    );
                }
            }
        }
    }
}

#[test]
fn text_is_large_enough_for_a_projector() {
    for (name, svg) in all_charts(Lang::En, ChartTheme::Light, ChartSize::default()) {
        let sizes = font_sizes(&svg);
        assert!(!sizes.is_empty(), "{name}");
        let smallest = sizes.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(smallest >= 14.0, "{name} has text at {smallest}px");
    }
}

#[test]
fn fonts_cover_chinese() {
    let svg = first_response_svg(&sample(), Lang::Zh, ChartTheme::Light, ChartSize::default());
    assert!(
        svg.contains("font-family=\"PingFang SC,"),
        "font list missing"
    );
    assert!(svg.contains("sans-serif\""));
}

#[test]
fn themes_use_their_palettes() {
    let light = funnel_svg(&sample(), Lang::En, ChartTheme::Light, ChartSize::default());
    let dark = funnel_svg(&sample(), Lang::En, ChartTheme::Dark, ChartSize::default());
    assert!(light.contains("fill=\"#FFFFFF\""));
    assert!(light.contains("#0072B2"));
    assert!(dark.contains("fill=\"#121212\""));
    assert!(dark.contains("#56B4E9"));
    assert!(!dark.contains("fill=\"#FFFFFF\""));
}

#[test]
fn first_response_shows_bins_cumulative_axis_and_percentile_markers() {
    let en = first_response_svg(&sample(), Lang::En, ChartTheme::Light, ChartSize::default());
    for expected in [
        "&lt;1 min",
        "1–5 min",
        "1–2 h",
        "≥7 d",
        "Time to first response",
        "Share of contacted leads (%)",
        "Cumulative share (%)",
        "P50 22.0 min",
        "P90 4.0 h",
        "P99 31.7 h",
        "Front–middle–back",
    ] {
        assert!(en.contains(expected), "English chart lacks {expected}");
    }
    // The cumulative line ends at 100 %.
    assert!(en.contains("<polyline"), "no cumulative line");
    let zh = first_response_svg(&sample(), Lang::Zh, ChartTheme::Light, ChartSize::default());
    for expected in [
        "首次响应时间",
        "累计占比（%）",
        "占已联系线索（%）",
        "1–2小时",
        "P90 4.0小时",
        "前中后台",
    ] {
        assert!(zh.contains(expected), "Chinese chart lacks {expected}");
    }
    let label = accessible_label(&en).unwrap_or_default();
    assert!(
        label.starts_with("First-response time distribution · Front–middle–back. P50 22.0 min"),
        "{label}"
    );
}

#[test]
fn percentile_markers_sit_inside_their_bins() {
    use super::distribution::first_response_position;
    assert_eq!(first_response_position(0.0), 0.0);
    assert_eq!(first_response_position(0.5), 0.5);
    assert_eq!(first_response_position(3.0), 1.5);
    assert_eq!(first_response_position(90.0), 5.5);
    assert!(first_response_position(20_000.0) < 12.0);
    assert!(first_response_position(f64::MAX) <= 12.0);
}

#[test]
fn satisfaction_and_handoffs_label_their_bins() {
    let satisfaction =
        satisfaction_svg(&sample(), Lang::En, ChartTheme::Light, ChartSize::default());
    assert!(satisfaction.contains("Satisfaction score (0–10)"));
    assert!(
        satisfaction.contains(">\n10\n</text>"),
        "score 10 is not labelled"
    );
    assert!(satisfaction.contains("Mean 7.4"));
    let handoffs = handoffs_svg(&sample(), Lang::Zh, ChartTheme::Light, ChartSize::default());
    assert!(handoffs.contains("转交次数"));
    assert!(
        handoffs.contains(">\n5+\n</text>"),
        "the open last bin is not labelled"
    );
}

#[test]
fn units_highlight_and_name_the_bottleneck() {
    for (lang, tag) in [(Lang::En, "bottleneck"), (Lang::Zh, "瓶颈")] {
        let svg = units_svg(&sample(), lang, ChartTheme::Light, ChartSize::default());
        assert!(svg.contains(BOTTLENECK));
        assert!(svg.contains(&format!(">\n{tag}\n</text>")), "no {tag} tag");
        assert!(
            svg.contains("#D55E00"),
            "bottleneck not in the accent colour"
        );
        assert!(svg.contains("93 %"));
        let label = accessible_label(&svg).unwrap_or_default();
        assert!(label.contains(BOTTLENECK), "{label}");
        assert!(label.contains("93 % (90 %–96 %)"), "{label}");
        let wait = if lang == Lang::En {
            "mean wait"
        } else {
            "平均等待"
        };
        assert!(label.contains(wait), "{label}");
    }
    let en = units_svg(&sample(), Lang::En, ChartTheme::Light, ChartSize::default());
    assert!(en.contains("Utilisation (%, with 95 % interval)"));
    assert!(en.contains("Mean tasks waiting"));
    assert!(!en.contains(LONG_NAME), "a long name was not shortened");
    let drawn = en
        .split(">\n华东")
        .nth(1)
        .and_then(|rest| rest.split('\n').next())
        .unwrap_or_default();
    let drawn = format!("华东{drawn}");
    assert!(drawn.ends_with('…'), "a long name was not cut: {drawn}");
    assert!(
        LONG_NAME.starts_with(drawn.trim_end_matches('…')),
        "cut mid-character: {drawn}"
    );
}

#[test]
fn user_names_are_escaped_never_raw_markup() {
    let mut hostile = sample();
    hostile.scenario = format!("Evil {SCRIPT_NAME} & \"co\"");
    hostile.scenario_zh = String::new();
    hostile.bottleneck = Some(SCRIPT_NAME.to_string());
    let comparisons = [comparison(
        SCRIPT_NAME,
        vec![difference(Kpi::Orders, 5.0, 1.0)],
    )];
    let charts = [
        units_svg(&hostile, Lang::En, ChartTheme::Light, ChartSize::default()),
        units_svg(&hostile, Lang::Zh, ChartTheme::Dark, ChartSize::default()),
        first_response_svg(&hostile, Lang::Zh, ChartTheme::Light, ChartSize::default()),
        comparison_svg(
            &[hostile.clone(), sample()],
            Kpi::Orders,
            Lang::En,
            ChartTheme::Light,
            ChartSize::default(),
        ),
        differences_svg(
            &comparisons,
            Kpi::Orders,
            Kpi::Orders.default_threshold(),
            Lang::En,
            ChartTheme::Light,
            ChartSize::default(),
        ),
        sweep_svg(
            &sweep_points(),
            SCRIPT_NAME,
            Kpi::Orders,
            Lang::En,
            ChartTheme::Light,
            ChartSize::default(),
        ),
    ];
    for svg in &charts {
        assert!(!svg.contains("<script"), "raw script tag in {svg}");
        assert!(
            svg.contains("&lt;script&gt;alert(1)"),
            "escaped name missing"
        );
        assert!(!svg.contains("& \""), "unescaped ampersand or quote");
    }
    assert!(
        charts[0].contains("aria-label=\"Utilisation and queues per unit · Evil &lt;script&gt;")
    );
    assert_eq!(
        accessible_label(&charts[0]).map(|l| l
            .contains("bottleneck: <script>alert(1)</script> (where tasks wait longest in the queue) · mean wait")
            && l.contains("utilisation 40 %")),
        Some(true)
    );
}

#[test]
fn funnel_follows_the_pools_in_order() {
    let svg = funnel_svg(&sample(), Lang::En, ChartTheme::Light, ChartSize::default());
    let position = |stage: &str| {
        svg.find(&format!(">\n{stage}\n</text>"))
            .unwrap_or(usize::MAX)
    };
    let order = ["Leads", "Contacted", "Incubated", "Prospects", "Orders"].map(position);
    assert!(
        order.iter().all(|p| *p != usize::MAX),
        "a stage is missing: {order:?}"
    );
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "stages out of order: {order:?}"
    );
    assert!(svg.contains("95.0 · 9.5 %"));
    assert!(svg.contains("1,000 · 100.0 %"));
    assert!(!svg.contains("unfinished"));
    let zh = funnel_svg(&sample(), Lang::Zh, ChartTheme::Light, ChartSize::default());
    assert!(zh.contains("潜客") && zh.contains("每次重复的平均数量"));
}

#[test]
fn comparison_shows_each_scenario_with_its_interval() {
    let reports = [
        sample(),
        report("Mesh", "网状", 0.8),
        report("Direct", "直营", 1.1),
    ];
    let en = comparison_svg(
        &reports,
        Kpi::ConversionRate,
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    for expected in [
        "Front–middle–back",
        "Mesh",
        "Direct",
        "9.5 % ± 0.5 %",
        "Mean with 95 % interval",
    ] {
        assert!(en.contains(expected), "lacks {expected}");
    }
    // Three whiskers, each a line and two caps.
    assert!(en.matches("<polyline").count() >= 9);
    let zh = comparison_svg(
        &reports,
        Kpi::ConversionRate,
        Lang::Zh,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(zh.contains("网状") && zh.contains("转化率（订单/线索）"));
}

/// Gross profit, charted in comparisons since the board asks what a design
/// is worth, may be a loss: the columns then reach below a zero line and
/// both signs are labelled.
#[test]
fn a_comparison_of_gross_profit_shows_a_loss_below_zero() {
    let reports = [
        report("Before", "调整前", 1.0),
        report("Loss-making", "亏损", -0.5),
    ];
    let en = comparison_svg(
        &reports,
        Kpi::GrossProfit,
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(en.contains("Loss-making") && en.contains("Before"));
    assert!(
        en.contains('−') || en.contains("-5"),
        "a negative value is labelled"
    );
    let zh = comparison_svg(
        &reports,
        Kpi::GrossProfit,
        Lang::Zh,
        ChartTheme::Dark,
        ChartSize::default(),
    );
    assert!(zh.contains("亏损"));
}

#[test]
fn differences_are_coloured_only_where_the_interval_excludes_zero() {
    let key = Kpi::FirstResponseMinutes;
    let better = differences_svg(
        &[comparison("Mesh", vec![difference(key, -30.0, 5.0)])],
        key,
        key.default_threshold(),
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(better.contains("-30.0 min ± 5.0 min · better"), "{better}");
    assert!(better.contains("<circle") && better.contains("fill=\"#0072B2\""));
    let worse = differences_svg(
        &[comparison("Mesh", vec![difference(key, 30.0, 5.0)])],
        key,
        key.default_threshold(),
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(worse.contains("+30.0 min ± 5.0 min · worse"));
    let unclear = differences_svg(
        &[comparison("Mesh", vec![difference(key, 2.0, 6.0)])],
        key,
        key.default_threshold(),
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(unclear.contains("+2.0 min ± 6.0 min · unclear"));
    assert!(
        unclear.contains("fill=\"#808080\""),
        "a non-significant difference must be grey"
    );
    let circle_fills: Vec<&str> = unclear
        .split("<circle")
        .skip(1)
        .filter_map(|c| c.split("fill=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(circle_fills, ["#808080"]);
    // Significant (±1 excludes 0) but under the 5 % threshold of the
    // 100-minute baseline: grey, and said to be small.
    let small = differences_svg(
        &[comparison("Mesh", vec![difference(key, -3.0, 1.0)])],
        key,
        key.default_threshold(),
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(small.contains("-3.0 min ± 1.0 min · small"), "{small}");
    let small_fills: Vec<&str> = small
        .split("<circle")
        .skip(1)
        .filter_map(|c| c.split("fill=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(small_fills, ["#808080"]);
    let zh = differences_svg(
        &[comparison("网状", vec![difference(Kpi::Orders, 5.0, 1.0)])],
        Kpi::Orders,
        Kpi::Orders.default_threshold(),
        Lang::Zh,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(zh.contains("更好") && zh.contains("差值（方案 − 基准）"));
    assert!(zh.contains("Front–back"), "the baseline is named");
}

#[test]
fn sweep_draws_mean_line_and_two_bands() {
    let svg = sweep_svg(
        &sweep_points(),
        "Middle-office headcount",
        Kpi::FirstResponseMinutes,
        Lang::En,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert_eq!(
        svg.matches("<polygon").count(),
        2,
        "the 95 % band and the p10–p90 band"
    );
    assert!(svg.contains("<polyline"));
    for expected in [
        "Middle-office headcount",
        "First response (mean of leads reached), min",
        "95 % interval",
        "P10–P90 across replications",
    ] {
        assert!(svg.contains(expected), "lacks {expected}");
    }
    let label = accessible_label(&svg).unwrap_or_default();
    assert!(
        label.contains("from 2 to 8: mean from 3.0 h to 48.0 min"),
        "{label}"
    );
    let mut shuffled = sweep_points();
    shuffled.reverse();
    let zh = sweep_svg(
        &shuffled,
        "中台人数",
        Kpi::FirstResponseMinutes,
        Lang::Zh,
        ChartTheme::Light,
        ChartSize::default(),
    );
    assert!(zh.contains("首次响应（已联系线索均值）随中台人数变化"));
    assert!(
        accessible_label(&zh)
            .unwrap_or_default()
            .contains("中台人数从 2 到 8")
    );
}

#[test]
fn missing_or_degenerate_data_show_a_message() {
    let size = ChartSize::default();
    let lang = Lang::En;
    let theme = ChartTheme::Light;
    let no_runs = ChartText::NoReplications.get(lang);
    let no_data = ChartText::NoData.get(lang);

    let empty = empty_report();
    for svg in [
        first_response_svg(&empty, lang, theme, size),
        satisfaction_svg(&empty, lang, theme, size),
        handoffs_svg(&empty, lang, theme, size),
        units_svg(&empty, lang, theme, size),
        funnel_svg(&empty, lang, theme, size),
        pools_svg(&empty, lang, theme, size),
        comparison_svg(std::slice::from_ref(&empty), Kpi::Orders, lang, theme, size),
        sweep_svg(&[], "x", Kpi::Orders, lang, theme, size),
    ] {
        assert_well_formed("empty", &svg);
        assert!(svg.contains(no_runs), "{svg}");
    }

    let mut zeros = sample();
    zeros.first_response_histogram = vec![0.0; 12];
    zeros.satisfaction_histogram = vec![0.0; 11];
    zeros.funnel = vec![("leads".into(), 0.0)];
    zeros.units.clear();
    let mut nan = sample();
    nan.first_response_histogram[3] = f64::NAN;
    nan.handoffs_histogram = vec![f64::INFINITY, 1.0];
    nan.units[1].utilization.mean = f64::NAN;
    nan.funnel = vec![("leads".into(), 10.0), ("ordered".into(), f64::NAN)];
    let mut wrong_bins = sample();
    wrong_bins.first_response_histogram = vec![1.0, 2.0];
    for svg in [
        first_response_svg(&zeros, lang, theme, size),
        satisfaction_svg(&zeros, lang, theme, size),
        funnel_svg(&zeros, lang, theme, size),
        units_svg(&zeros, lang, theme, size),
        first_response_svg(&nan, lang, theme, size),
        handoffs_svg(&nan, lang, theme, size),
        units_svg(&nan, lang, theme, size),
        funnel_svg(&nan, lang, theme, size),
        first_response_svg(&wrong_bins, lang, theme, size),
        comparison_svg(&[], Kpi::Orders, lang, theme, size),
        differences_svg(
            &[],
            Kpi::Orders,
            Kpi::Orders.default_threshold(),
            lang,
            theme,
            size,
        ),
        differences_svg(
            &[comparison(
                "A",
                vec![difference(Kpi::Orders, f64::NAN, 1.0)],
            )],
            Kpi::Orders,
            Kpi::Orders.default_threshold(),
            lang,
            theme,
            size,
        ),
        differences_svg(
            &[comparison("A", Vec::new())],
            Kpi::Orders,
            Kpi::Orders.default_threshold(),
            lang,
            theme,
            size,
        ),
        sweep_svg(
            &[SweepPoint {
                parameter: f64::NAN,
                summary: summary(1.0, 0.1),
            }],
            "x",
            Kpi::Orders,
            lang,
            theme,
            size,
        ),
    ] {
        assert_well_formed("degenerate", &svg);
        assert!(svg.contains(no_data), "{svg}");
    }
    let zh = units_svg(&empty, Lang::Zh, theme, size);
    assert!(zh.contains(ChartText::NoReplications.get(Lang::Zh)));
    assert_eq!(
        accessible_label(&zh).as_deref(),
        Some(ChartText::NoReplications.get(Lang::Zh))
    );
}

#[test]
fn odd_but_valid_data_still_draw() {
    let size = ChartSize::default();
    let mut one_run = sample();
    one_run.replications = 1;
    for kpi in &mut one_run.kpis {
        kpi.summary.ci95 = None;
    }
    for unit in &mut one_run.units {
        unit.utilization.ci95 = None;
        unit.mean_queue_length.mean = 0.0;
    }
    let mut all_in_one_bin = sample();
    all_in_one_bin.first_response_histogram = vec![0.0; 12];
    all_in_one_bin.first_response_histogram[11] = 5.0;
    let zero_kpis: Vec<Report> = vec![report("A", "甲", 0.0), report("B", "乙", 0.0)];
    let single_point = [SweepPoint {
        parameter: 3.0,
        summary: summary(5.0, 0.0),
    }];
    let negative = [
        comparison("A", vec![difference(Kpi::Nps, -12.0, 3.0)]),
        comparison("B", vec![difference(Kpi::Nps, 0.0, 0.0)]),
    ];
    for (name, svg) in [
        (
            "one run units",
            units_svg(&one_run, Lang::En, ChartTheme::Light, size),
        ),
        (
            "one run comparison",
            comparison_svg(
                &[one_run.clone()],
                Kpi::Orders,
                Lang::En,
                ChartTheme::Light,
                size,
            ),
        ),
        (
            "one bin",
            first_response_svg(&all_in_one_bin, Lang::En, ChartTheme::Dark, size),
        ),
        (
            "zero kpis",
            comparison_svg(&zero_kpis, Kpi::Orders, Lang::Zh, ChartTheme::Light, size),
        ),
        (
            "single point",
            sweep_svg(
                &single_point,
                "x",
                Kpi::Orders,
                Lang::En,
                ChartTheme::Light,
                size,
            ),
        ),
        (
            "negative",
            differences_svg(
                &negative,
                Kpi::Nps,
                Kpi::Nps.default_threshold(),
                Lang::En,
                ChartTheme::Light,
                size,
            ),
        ),
    ] {
        assert_well_formed(name, &svg);
        assert!(!svg.contains(ChartText::NoData.get(Lang::En)), "{name}");
        assert!(
            !svg.contains(ChartText::DrawingFailed.get(Lang::En)),
            "{name}"
        );
    }
}

#[test]
fn sizes_are_clamped_not_trusted() {
    let tiny = units_svg(&sample(), Lang::En, ChartTheme::Light, ChartSize::new(0, 0));
    assert!(
        tiny.starts_with("<svg width=\"640\" height=\"400\""),
        "{}",
        &tiny[..60]
    );
    let huge = funnel_svg(
        &sample(),
        Lang::En,
        ChartTheme::Light,
        ChartSize::new(u32::MAX, u32::MAX),
    );
    assert!(huge.starts_with("<svg width=\"4096\" height=\"4096\""));
    let wide = first_response_svg(
        &sample(),
        Lang::Zh,
        ChartTheme::Light,
        ChartSize::new(1920, 1080),
    );
    assert_well_formed("wide", &wide);
}

#[test]
fn drawing_functions_work_on_any_area() {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1920, 1080)).into_drawing_area();
        let panels = root.split_evenly((2, 2));
        let report = sample();
        assert!(draw_first_response(&panels[0], &report, Lang::En, ChartTheme::Light).is_ok());
        assert!(draw_units(&panels[1], &report, Lang::En, ChartTheme::Light).is_ok());
        assert!(draw_funnel(&panels[2], &empty_report(), Lang::En, ChartTheme::Light).is_ok());
        assert!(draw_message(&panels[3], "Custom", ChartTheme::Light).is_ok());
        assert!(root.present().is_ok());
    }
    assert!(svg.contains("P90 4.0 h") && svg.contains(BOTTLENECK));
    assert!(svg.contains(ChartText::NoReplications.get(Lang::En)) && svg.contains("Custom"));
}

#[test]
fn accessible_label_reads_back_escaped_text() {
    let mut named = sample();
    named.scenario = "A & B <x>".into();
    let svg = funnel_svg(&named, Lang::En, ChartTheme::Light, ChartSize::default());
    let label = accessible_label(&svg).unwrap_or_default();
    assert!(
        label.starts_with("Funnel through the pools · A & B <x>. Leads 1,000"),
        "{label}"
    );
    assert_eq!(accessible_label("<svg>"), None);
}

#[test]
fn a_simulated_preset_charts_without_messages() {
    use crate::scenario::presets::presets;
    let preset = presets()
        .into_iter()
        .next()
        .map(|p| p.json)
        .unwrap_or_default();
    let model = crate::scenario::load(preset).expect("the first preset loads");
    let results: Vec<_> = (0..3)
        .map(|r| crate::sim::run_replication(&model, 7, r))
        .collect();
    let report = Report::from_replications(&model, &results);
    for (name, svg) in [
        (
            "first_response",
            first_response_svg(&report, Lang::Zh, ChartTheme::Light, ChartSize::default()),
        ),
        (
            "satisfaction",
            satisfaction_svg(&report, Lang::Zh, ChartTheme::Light, ChartSize::default()),
        ),
        (
            "handoffs",
            handoffs_svg(&report, Lang::Zh, ChartTheme::Light, ChartSize::default()),
        ),
        (
            "units",
            units_svg(&report, Lang::Zh, ChartTheme::Light, ChartSize::default()),
        ),
        (
            "funnel",
            funnel_svg(&report, Lang::Zh, ChartTheme::Light, ChartSize::default()),
        ),
    ] {
        assert_well_formed(name, &svg);
        assert!(
            !svg.contains(ChartText::NoData.get(Lang::Zh)),
            "{name}: {:?}",
            accessible_label(&svg)
        );
    }
}

/// Writes every chart to `$ORGFLOW_CHART_DIR` (when set) for a look in a
/// browser: `ORGFLOW_CHART_DIR=/tmp/charts cargo test --lib chart::tests::write`.
#[test]
fn write_charts_for_inspection() {
    let Some(dir) = std::env::var_os("ORGFLOW_CHART_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("chart directory");
    for lang in Lang::ALL {
        for (theme, size) in [
            (ChartTheme::Light, ChartSize::default()),
            (ChartTheme::Dark, ChartSize::MIN),
        ] {
            for (name, svg) in all_charts(lang, theme, size) {
                let file = dir.join(format!(
                    "{name}-{}-{theme:?}-{}.svg",
                    lang.tag(),
                    size.width
                ));
                std::fs::write(file, svg).expect("chart written");
            }
        }
    }
}

/// The Content-Security-Policy (tools/csp.mjs) allows, by hash, exactly the
/// style attributes plotters writes when it measures chart text in the
/// browser: one per font size, all in the charts' font family. A new size
/// or family here must be added there, or the browser blocks the measuring.
#[test]
fn the_page_policy_allows_the_chart_fonts_text_measuring_styles() {
    let policy_script = include_str!("../../tools/csp.mjs");
    assert!(
        policy_script.contains(&format!("CHART_FONT_FAMILY = '{}'", theme::FONT_FAMILY)),
        "tools/csp.mjs names the charts' font family"
    );
    let sizes = [
        theme::FontSize::Label,
        theme::FontSize::Axis,
        theme::FontSize::Title,
    ]
    .map(|size| size.points().to_string())
    .join(", ");
    assert!(
        policy_script.contains(&format!("CHART_FONT_SIZES = [{sizes}]")),
        "tools/csp.mjs lists the charts' font sizes [{sizes}]"
    );
}
