//! The charts' own words (titles, axes, legends, messages) in both languages.
//!
//! Kept here rather than in `i18n` so the chart module can be worked on (and
//! tested) on its own; the same rule holds: one exhaustive table per
//! language, so a key cannot exist untranslated.

use crate::display;
use crate::i18n::Lang;
use crate::report::Report;
use crate::sim::result::FIRST_RESPONSE_BIN_EDGES;

/// Declares [`ChartText`] and both tables from one list of pairs.
macro_rules! chart_texts {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// Keys of every string a chart draws that is not data.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ChartText { $($key),+ }

        /// Every key, for the test that both tables are filled in.
        #[cfg(test)]
        pub const ALL_CHART_TEXTS: &[ChartText] = &[$(ChartText::$key),+];

        impl ChartText {
            /// The string in `lang`.
            pub fn get(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::Zh => match self { $(ChartText::$key => $zh),+ },
                    Lang::En => match self { $(ChartText::$key => $en),+ },
                }
            }
        }
    };
}

chart_texts! {
    FirstResponseTitle => "首次响应时间分布", "First-response time distribution";
    FirstResponseAxis => "首次响应时间", "Time to first response";
    ShareOfContacted => "占已联系线索（%）", "Share of contacted leads (%)";
    CumulativeAxis => "累计占比（%）", "Cumulative share (%)";
    ShareLegend => "各区间占比", "Share per interval";
    CumulativeLegend => "累计分布", "Cumulative distribution";
    SatisfactionTitle => "满意度分布", "Satisfaction distribution";
    SatisfactionAxis => "满意度评分（0–10）", "Satisfaction score (0–10)";
    ShareOfCustomers => "占客户（%）", "Share of customers (%)";
    HandoffsTitle => "每位客户的转交次数", "Hand-offs per customer";
    HandoffsAxis => "转交次数", "Number of hand-offs";
    UtilisationTitle => "各单元利用率与排队", "Utilisation and queues per unit";
    UtilisationAxis => "利用率（%，含 95% 置信区间）", "Utilisation (%, with 95 % interval)";
    UtilisationLegend => "利用率", "Utilisation";
    QueueAxis => "平均排队任务数", "Mean tasks waiting";
    LongestQueue => "排队最长", "Longest queue";
    Bottleneck => "瓶颈", "bottleneck";
    BottleneckWhy => "任务在此排队等待最久", "where tasks wait longest in the queue";
    MeanWait => "平均等待", "mean wait";
    Utilisation => "利用率", "utilisation";
    FunnelTitle => "各池转化漏斗", "Funnel through the pools";
    FunnelAxis => "每次重复的平均数量", "Mean count per replication";
    StageLeads => "线索", "Leads";
    StageContacted => "已联系", "Contacted";
    StageIncubated => "培育", "Incubated";
    StageProspects => "潜客", "Prospects";
    StageOrdered => "订单", "Orders";
    OfLeads => "百分比为占线索数的比例", "percentages are of leads";
    ComparisonTitle => "方案对比", "Scenario comparison";
    MeanWithInterval => "均值与 95% 置信区间", "Mean with 95 % interval";
    DifferenceTitle => "与基准方案的配对差异", "Paired difference from the baseline";
    ScenarioMean => "方案均值", "scenario mean";
    TornadoTitle => "各输入下调、上调的影响", "effect of each input moved down and up";
    DifferenceAxis => "差值（方案 − 基准）", "Difference (scenario − baseline)";
    Better => "更好", "better";
    Worse => "更差", "worse";
    ClearDifference => "差异显著", "clear difference";
    NoClearDifference => "区间包含 0：无明确差异", "interval includes 0: no clear difference";
    NotClear => "不明确", "unclear";
    NotMaterial => "差异显著但低于重要性阈值", "significant but below the materiality threshold";
    Small => "差异很小", "small";
    NotApplicable => "不适用", "does not apply";
    SweepTitle => "参数扫描", "Parameter sweep";
    Mean => "均值", "Mean";
    SweepPoints => "个参数值", "parameter values";
    Parameter => "参数", "Parameter";
    SweepInterval => "95% 置信区间", "95 % interval";
    SweepSpread => "P10–P90（各次重复）", "P10–P90 across replications";
    PoolsTitle => "各池规模随时间变化（每天开始时池中人数，横轴为运行天数）", "Pool sizes over time (people in each pool at the start of each day of the run)";
    PoolLead => "线索池", "Lead pool";
    PoolIncubation => "孵化池", "Incubation pool";
    PoolProspect => "潜客池", "Prospect pool";
    PoolOwner => "车主（累计）", "Owners (cumulative)";
    PoolTraffic => "流量池（访客）", "Traffic pool (visitors)";
    PoolsBand => "阴影：P10–P90（各次重复）", "shaded: P10–P90 across replications";
    Replications => "次重复", "replications";
    NoData => "暂无数据", "No data yet";
    NoReplications => "尚无完成的重复运行", "No finished replications yet";
    DrawingFailed => "图表无法绘制", "The chart could not be drawn";
    Minutes => "分钟", "min";
    Hours => "小时", "h";
    Days => "天", "d";
}

/// "30 replications" / "30 次重复".
pub fn replications(count: u32, lang: Lang) -> String {
    format!("{count} {}", ChartText::Replications.get(lang))
}

/// The scenario's name in `lang` (the English one when there is no Chinese).
pub fn scenario_name(report: &Report, lang: Lang) -> &str {
    match lang {
        Lang::Zh if !report.scenario_zh.trim().is_empty() => &report.scenario_zh,
        _ => &report.scenario,
    }
}

/// "Title · Scenario", with the name cut so the caption fits one line.
pub fn titled(title: ChartText, scenario: &str, lang: Lang) -> String {
    if scenario.trim().is_empty() {
        return title.get(lang).to_string();
    }
    format!("{} · {}", title.get(lang), shortened(scenario, 36))
}

/// Between facts in a description.
pub fn separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "；",
        Lang::En => "; ",
    }
}

/// A share written with one decimal when small, none when large.
pub fn share(value: f64) -> String {
    percent(value, if value.abs() < 10.0 { 1 } else { 0 })
}

/// A number with at most two decimals and no trailing zeros ("2", "2.5"),
/// for parameter values, which are often whole.
pub fn tidy_number(value: f64) -> String {
    let text = display::number(value, 2);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A percentage as the app writes it ("12.3 %").
pub fn percent(value: f64, decimals: usize) -> String {
    format!("{} %", display::number(value, decimals))
}

/// The unit a bin is labelled in, chosen by its upper edge so that "30–60"
/// stays in minutes and "60–120" becomes "1–2 h".
fn bin_unit(upper_minutes: f64) -> (f64, ChartText) {
    if upper_minutes <= 60.0 {
        (1.0, ChartText::Minutes)
    } else if upper_minutes <= 1440.0 {
        (60.0, ChartText::Hours)
    } else {
        (1440.0, ChartText::Days)
    }
}

/// Bin edges read in whole units where possible ("1.5", not "1.50").
fn edge_number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        display::number(rounded, 0)
    } else {
        display::number(rounded, 1)
    }
}

fn with_unit(number: &str, unit: ChartText, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{number}{}", unit.get(lang)),
        Lang::En => format!("{number} {}", unit.get(lang)),
    }
}

/// Labels of the first-response bins: "<1 min", "1–5 min", …, "1–2 h", …,
/// "≥7 d" (one per bin, [`FIRST_RESPONSE_BIN_EDGES`] + the open last bin).
pub fn first_response_bins(lang: Lang) -> Vec<String> {
    let edges = FIRST_RESPONSE_BIN_EDGES;
    let mut labels = Vec::with_capacity(edges.len() + 1);
    let mut lower = None;
    for &upper in &edges {
        let (scale, unit) = bin_unit(upper);
        let label = match lower {
            None => format!("<{}", with_unit(&edge_number(upper / scale), unit, lang)),
            Some(lower) => {
                let range = format!(
                    "{}–{}",
                    edge_number(lower / scale),
                    edge_number(upper / scale)
                );
                with_unit(&range, unit, lang)
            }
        };
        labels.push(label);
        lower = Some(upper);
    }
    if let Some(last) = lower {
        let (scale, unit) = bin_unit(last + 1.0);
        labels.push(format!(
            "≥{}",
            with_unit(&edge_number(last / scale), unit, lang)
        ));
    }
    labels
}

/// Hand-off bins: "0" … "4", "5+".
pub fn handoff_bins(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            if i + 1 == count {
                format!("{i}+")
            } else {
                i.to_string()
            }
        })
        .collect()
}

/// Cuts a user-given name for an axis, keeping the full name for the
/// accessible description. Counts characters, never bytes, so Chinese names
/// are not cut mid-character.
pub fn shortened(name: &str, max_chars: usize) -> String {
    if name.chars().count() <= max_chars {
        return name.to_string();
    }
    let mut cut: String = name.chars().take(max_chars.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Labels for several scenarios, each at most `max_chars`, that tell them
/// apart: names are shortened as [`shortened`] does; where two would read
/// the same ("FAW-VW front–middle–b…" twice), those keep their first few
/// characters and then jump to where they differ ("FAW-V…(before the 20…");
/// names that are the same throughout are lettered ("A · Copy", "B · Copy").
pub fn distinct(names: &[&str], max_chars: usize) -> Vec<String> {
    const HEAD: usize = 5;
    let mut labels: Vec<String> = names.iter().map(|n| shortened(n, max_chars)).collect();
    let clashes = |labels: &[String], i: usize| {
        labels
            .iter()
            .enumerate()
            .any(|(j, l)| j != i && *l == labels[i])
    };
    let clashing: Vec<usize> = (0..labels.len()).filter(|&i| clashes(&labels, i)).collect();
    for &i in &clashing {
        let chars: Vec<char> = names[i].chars().collect();
        // Where this name first differs from any name it clashes with.
        let differs_at = clashing
            .iter()
            .filter(|&&j| j != i && labels[j] == labels[i])
            .map(|&j| {
                chars
                    .iter()
                    .zip(names[j].chars())
                    .take_while(|(a, b)| **a == *b)
                    .count()
            })
            .max()
            .unwrap_or(0);
        if differs_at > HEAD + 1 && chars.len() > max_chars {
            let head: String = chars[..HEAD].iter().collect();
            let rest: String = chars[differs_at.saturating_sub(1)..].iter().collect();
            labels[i] = format!(
                "{head}…{}",
                shortened(&rest, max_chars.saturating_sub(HEAD + 1))
            );
        }
    }
    let still: Vec<usize> = (0..labels.len()).filter(|&i| clashes(&labels, i)).collect();
    for (n, &i) in still.iter().enumerate() {
        let letter = char::from(b'A' + (n % 26) as u8);
        labels[i] = format!(
            "{letter} · {}",
            shortened(&labels[i], max_chars.saturating_sub(4))
        );
    }
    labels
}

/// `text` cut (with "…") to fit `max_px` at `font_px`, by the same estimate.
pub fn fitted(text: &str, max_px: f64, font_px: f64) -> String {
    if text_width_px(text, font_px) <= max_px {
        return text.to_string();
    }
    let mut cut: String = text.to_string();
    while cut.pop().is_some() {
        let candidate = format!("{cut}…");
        if text_width_px(&candidate, font_px) <= max_px {
            return candidate;
        }
    }
    String::new()
}

/// Roughly how wide `text` is in pixels at `font_px`, for sizing label
/// areas: CJK characters are about one em, Latin ones (in the sans-serif
/// fonts listed) about 0.55 em.
pub fn text_width_px(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { font_px } else { 0.55 * font_px })
        .sum()
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7a3}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff60}' | '\u{ffe0}'..='\u{ffe6}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_are_filled_in_and_differ() {
        for key in ALL_CHART_TEXTS {
            assert!(!key.get(Lang::Zh).is_empty(), "{key:?}");
            assert!(!key.get(Lang::En).is_empty(), "{key:?}");
            assert_ne!(key.get(Lang::Zh), key.get(Lang::En), "{key:?}");
        }
    }

    #[test]
    fn first_response_bins_read_in_natural_units() {
        let en = first_response_bins(Lang::En);
        assert_eq!(en.len(), FIRST_RESPONSE_BIN_EDGES.len() + 1);
        assert_eq!(en[0], "<1 min");
        assert_eq!(en[1], "1–5 min");
        assert_eq!(en[4], "30–60 min");
        assert_eq!(en[5], "1–2 h");
        assert_eq!(en[8], "8–24 h");
        assert_eq!(en[9], "1–2 d");
        assert_eq!(en[11], "≥7 d");
        let zh = first_response_bins(Lang::Zh);
        assert_eq!(zh[0], "<1分钟");
        assert_eq!(zh[5], "1–2小时");
        assert_eq!(zh[11], "≥7天");
    }

    #[test]
    fn names_are_cut_by_characters() {
        assert_eq!(shortened("前台销售顾问团队华东大区", 6), "前台销售顾…");
        assert_eq!(shortened("Short", 6), "Short");
        assert_eq!(handoff_bins(6), ["0", "1", "2", "3", "4", "5+"]);
        assert!(text_width_px("前台", 16.0) > text_width_px("ab", 16.0));
        assert_eq!(
            fitted("Regional battle centre", 1000.0, 16.0),
            "Regional battle centre"
        );
        let cut = fitted("Regional battle centre", 80.0, 16.0);
        assert!(
            cut.ends_with('…') && text_width_px(&cut, 16.0) <= 80.0,
            "{cut}"
        );
        assert_eq!(fitted("前台", 1.0, 16.0), "");
    }

    #[test]
    fn scenario_labels_tell_scenarios_apart() {
        let a = "FAW-VW front–middle–back office (before the 2025 restructure)";
        let b = "FAW-VW front–middle–back office (after the 2025 restructure)";
        let labels = distinct(&[a, b, "Mesh"], 20);
        assert_ne!(labels[0], labels[1], "{labels:?}");
        assert!(labels.iter().all(|l| l.chars().count() <= 20), "{labels:?}");
        assert_eq!(labels[2], "Mesh");
        // Names that are the same throughout get letters.
        let same = distinct(&["Copy", "Copy"], 20);
        assert_eq!(same, ["A · Copy", "B · Copy"]);
        // Short, different names are left alone.
        assert_eq!(distinct(&["前台", "中台"], 20), ["前台", "中台"]);
    }
}
