//! How numbers are shown: as the current language writes them, with the
//! unit of each KPI, and which direction of each KPI is better.

use crate::i18n::{Lang, Text};
use crate::report::{Better, Difference, Kpi, KpiUnit, Payback, Summary};

/// Groups thousands (both languages use commas for grouping in business
/// documents) and shows `decimals` places; non-finite values show as "–".
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An input's value as the user wrote it: up to `decimals` places, without
/// trailing zeros (a headcount of 34 is "34", a rate of 0.35 is "0.35").
pub fn input_value(value: f64, decimals: usize) -> String {
    let text = number(value, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// How a KPI is shown, by its unit: shares as percentages, durations in
/// minutes (hours or days when long), money without decimals.
pub fn kpi_value(kpi: Kpi, value: f64, lang: Lang) -> String {
    match kpi.unit() {
        KpiUnit::Share => format!("{} %", number(value * 100.0, 1)),
        KpiUnit::Minutes => duration(value, lang),
        KpiUnit::Money => format!("¥{}", number(value, 0)),
        KpiUnit::Score => number(value, 2),
        KpiUnit::Count => number(value, if value.abs() >= 100.0 { 0 } else { 1 }),
    }
}

/// A difference of a KPI (or its interval): shares in percentage points,
/// since "+2 %" of a 10 % conversion rate would read as 10.2 %.
pub fn kpi_difference(kpi: Kpi, value: f64, lang: Lang) -> String {
    match (kpi.unit(), lang) {
        (KpiUnit::Share, Lang::En) => format!("{} pp", number(value * 100.0, 1)),
        (KpiUnit::Share, Lang::Zh) => format!("{} 个百分点", number(value * 100.0, 1)),
        _ => kpi_value(kpi, value, lang),
    }
}

/// A paired difference with an explicit sign and its interval, in the
/// difference's unit: "+4.3 pp ± 0.2 pp", "−3.9 h ± 0.1 h" (the comparison
/// table and the workshop report).
pub fn signed_difference(d: &Difference, lang: Lang) -> String {
    let sign = if d.mean >= 0.0 { "+" } else { "−" };
    let value = kpi_difference(d.kpi, d.mean.abs(), lang);
    match d.ci95 {
        Some(h) => format!(
            "{sign}{value} {}",
            kpi_difference_half(d.kpi, d.mean, h, lang)
        ),
        None => format!("{sign}{value}"),
    }
}

/// A comparison's payback: months with the delta-method half-width and the
/// interval the gain's interval maps to (∞ where the gain may be nothing),
/// or "never" and why; with the monthly gain it divides by.
pub fn payback(p: &Payback, lang: Lang) -> String {
    let gain = format!(
        "{} {}¥{}",
        lang.text(Text::PaybackGain),
        if p.monthly_difference < 0.0 {
            "−"
        } else {
            ""
        },
        number(p.monthly_difference.abs(), 0)
    );
    let Some(months) = p.months else {
        return format!("{} · {gain}", lang.text(Text::PaybackNever));
    };
    let half = p
        .ci95
        .map(|h| format!(" ± {}", number(h, 1)))
        .unwrap_or_default();
    let range = match (p.low, p.high) {
        (Some(low), Some(high)) => format!(" (95 %: {}–{})", number(low, 1), number(high, 1)),
        (Some(low), None) => format!(" (95 %: {}–∞)", number(low, 1)),
        _ => String::new(),
    };
    format!(
        "{} {}{half}{range} · {gain}",
        number(months, 1),
        lang.text(Text::Months)
    )
}

/// The 95 % half-width as [`kpi_half_width`] writes it, or `± –` where
/// there is none (fewer than two replications).
pub fn kpi_interval(kpi: Kpi, mean: f64, ci95: Option<f64>, lang: Lang) -> String {
    ci95.map_or_else(|| "± –".into(), |h| kpi_half_width(kpi, mean, h, lang))
}

/// The ± part of a KPI whose mean is `mean`, in the unit the mean is shown
/// in: a duration of "30.5 h" gets "± 1.2 h", not "± 70.9 min".
///
/// A half-width that rounds to zero at that precision is written as "< the
/// smallest step" (e.g. "± < 0.1 %"): "± 0.0 %" would claim an exact number.
pub fn kpi_half_width(kpi: Kpi, mean: f64, half_width: f64, lang: Lang) -> String {
    let text = match kpi.unit() {
        KpiUnit::Minutes => duration_like(half_width, mean, lang),
        _ => kpi_value(kpi, half_width, lang),
    };
    let rounds_to_zero = half_width > 0.0 && !text.chars().any(|c| c.is_ascii_digit() && c != '0');
    if !rounds_to_zero {
        return format!("± {text}");
    }
    let step = match kpi.unit() {
        KpiUnit::Share => kpi_value(kpi, 0.001, lang),
        KpiUnit::Minutes => duration_like(duration_unit(mean).0 * 0.1, mean, lang),
        KpiUnit::Money => kpi_value(kpi, 1.0, lang),
        KpiUnit::Score => kpi_value(kpi, 0.01, lang),
        KpiUnit::Count => kpi_value(kpi, 0.1, lang),
    };
    format!("± < {step}")
}

/// The minutes in a unit, and its names: days from two days, hours from two
/// hours, else minutes.
fn duration_unit(minutes: f64) -> (f64, &'static str, &'static str) {
    if minutes.abs() >= 2880.0 {
        (1440.0, "d", "天")
    } else if minutes.abs() >= 120.0 {
        (60.0, "h", "小时")
    } else {
        (1.0, "min", "分钟")
    }
}

/// Minutes as minutes, hours or days, whichever reads best.
pub fn duration(minutes: f64, lang: Lang) -> String {
    duration_like(minutes, minutes, lang)
}

/// `minutes` in the unit [`duration`] would write `like` in.
pub fn duration_like(minutes: f64, like: f64, lang: Lang) -> String {
    let (per, unit_en, unit_zh) = duration_unit(like);
    let value = minutes / per;
    match lang {
        Lang::En => format!("{} {unit_en}", number(value, 1)),
        Lang::Zh => format!("{}{unit_zh}", number(value, 1)),
    }
}

/// A difference's ± part in the unit the difference `mean` is written in.
pub fn kpi_difference_half(kpi: Kpi, mean: f64, half_width: f64, lang: Lang) -> String {
    match kpi.unit() {
        KpiUnit::Minutes => format!("± {}", duration_like(half_width, mean, lang)),
        _ => format!("± {}", kpi_difference(kpi, half_width, lang)),
    }
}

/// Seconds left as "1 min 05 s" / "1 分 05 秒".
pub fn time_left(ms: f64, lang: Lang) -> String {
    let seconds = (ms / 1000.0).ceil().max(0.0) as u64;
    let (m, s) = (seconds / 60, seconds % 60);
    match (lang, m) {
        (Lang::En, 0) => format!("{s} s"),
        (Lang::En, _) => format!("{m} min {s:02} s"),
        (Lang::Zh, 0) => format!("{s} 秒"),
        (Lang::Zh, _) => format!("{m} 分 {s:02} 秒"),
    }
}

/// `Some(true)` when a higher value is better, `Some(false)` when lower is
/// better, `None` when neither (e.g. the number of leads).
pub fn higher_is_better(kpi: Kpi) -> Option<bool> {
    match kpi.better() {
        Better::Higher => Some(true),
        Better::Lower => Some(false),
        Better::Neither => None,
    }
}

/// The KPI's label in `lang`.
pub fn kpi_label(kpi: Kpi, lang: Lang) -> String {
    kpi.label(lang).to_string()
}

/// "p10 · p50 · p90" of a summary in the KPI's unit.
///
/// Durations are all written in the unit of the median, so a spread that
/// straddles two hours reads "P10 1.6 h · P50 2.1 h · P90 2.9 h", not
/// "P10 96.0 min · P50 2.1 h": one line, one unit.
pub fn percentiles(kpi: Kpi, summary: &Summary, lang: Lang) -> String {
    let value = |x: f64| match kpi.unit() {
        KpiUnit::Minutes => duration_like(x, summary.p50, lang),
        _ => kpi_value(kpi, x, lang),
    };
    format!(
        "P10 {} · P50 {} · P90 {}",
        value(summary.p10),
        value(summary.p50),
        value(summary.p90)
    )
}

/// A file name made from a user's scenario name: letters (any script),
/// digits, `-` and `_` kept, everything else (path separators, quotes,
/// angle brackets, control characters) replaced, length capped.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let trimmed = cleaned.trim_matches('_');
    if trimmed.is_empty() {
        "orgflow".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The width of `text` in columns of a fixed-width line: a CJK character
/// takes two, as it does on the screen, so a Chinese label is cut as early
/// as an English one of the same width.
pub fn text_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    if (c as u32) >= 0x2E80 { 2 } else { 1 }
}

/// The first `max` columns of `text` (see [`text_width`]), with `…` where
/// it is cut; the `…` counts as one column. One function for every label
/// the diagrams cut, so the editor and the report cut a name alike.
pub fn shortened(text: &str, max: usize) -> String {
    if text_width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1;
    for c in text.chars() {
        used += char_width(c);
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_values_drop_trailing_zeros_only() {
        assert_eq!(input_value(34.0, 2), "34");
        assert_eq!(input_value(0.35, 2), "0.35");
        assert_eq!(input_value(0.3, 2), "0.3");
        assert_eq!(input_value(1200.0, 2), "1,200");
        assert_eq!(input_value(100.0, 0), "100");
    }

    #[test]
    fn payback_reads_as_months_or_never_in_both_languages() {
        let p = Payback::of(1_200_000.0, 100_000.0, Some(20_000.0));
        assert_eq!(
            payback(&p, Lang::En),
            "12.0 months ± 2.4 (95 %: 10.0–15.0) · monthly gain ¥100,000"
        );
        assert!(payback(&p, Lang::Zh).starts_with("12.0 个月 ± 2.4"));
        let wide = Payback::of(1_200_000.0, 100_000.0, Some(150_000.0));
        assert!(payback(&wide, Lang::En).contains("(95 %: 4.8–∞)"));
        let never = Payback::of(1_200_000.0, -5_000.0, Some(1.0));
        assert_eq!(
            payback(&never, Lang::En),
            "never: monthly gross profit is not higher than the baseline's · monthly gain −¥5,000"
        );
        assert!(payback(&never, Lang::Zh).starts_with("无法回收"));
    }

    #[test]
    fn numbers_group_thousands_and_round() {
        assert_eq!(number(1234567.891, 2), "1,234,567.89");
        assert_eq!(number(-1234.5, 0), "-1,234");
        assert_eq!(number(-0.0001, 1), "0.0");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(f64::NAN, 1), "–");
    }

    #[test]
    fn kpis_are_shown_in_their_units_in_both_languages() {
        assert_eq!(kpi_value(Kpi::ConversionRate, 0.1234, Lang::En), "12.3 %");
        assert_eq!(
            kpi_value(Kpi::ContactedWithin15Minutes, 0.5, Lang::En),
            "50.0 %"
        );
        assert_eq!(higher_is_better(Kpi::ContactedWithin24Hours), Some(true));
        assert_eq!(higher_is_better(Kpi::UnfinishedRate), Some(false));
        assert_eq!(
            kpi_value(Kpi::FirstResponseMinutes, 45.0, Lang::En),
            "45.0 min"
        );
        assert_eq!(
            kpi_value(Kpi::FirstResponseMinutes, 180.0, Lang::Zh),
            "3.0小时"
        );
        assert_eq!(
            kpi_value(Kpi::DecisionLeadTimeMinutes, 4320.0, Lang::En),
            "3.0 d"
        );
        assert_eq!(kpi_value(Kpi::CostPerOrder, 12345.6, Lang::En), "¥12,346");
        assert_eq!(kpi_half_width(Kpi::Orders, 100.0, 3.25, Lang::En), "± 3.2");
        assert_eq!(
            kpi_half_width(Kpi::DecisionLeadTimeMinutes, 1830.0, 70.9, Lang::En),
            "± 1.2 h"
        );
        assert_eq!(
            kpi_half_width(Kpi::FirstResponseMinutes, 150.0, 0.5, Lang::En),
            "± < 0.1 h"
        );
        assert_eq!(
            kpi_half_width(Kpi::ConversionRate, 0.1, 0.0002, Lang::En),
            "± < 0.1 %"
        );
        assert_eq!(
            kpi_half_width(Kpi::Satisfaction, 7.0, 0.001, Lang::En),
            "± < 0.01"
        );
        assert_eq!(
            kpi_half_width(Kpi::Satisfaction, 7.0, 0.0, Lang::En),
            "± 0.00"
        );
        assert_eq!(
            kpi_difference(Kpi::ConversionRate, 0.012, Lang::En),
            "1.2 pp"
        );
        assert_eq!(
            kpi_difference(Kpi::AbandonmentRate, -0.05, Lang::Zh),
            "-5.0 个百分点"
        );
        assert_eq!(kpi_difference(Kpi::Orders, 12.0, Lang::En), "12.0");
        assert_eq!(time_left(65_000.0, Lang::En), "1 min 05 s");
        assert_eq!(time_left(4_200.0, Lang::Zh), "5 秒");
    }

    #[test]
    fn each_kpi_is_shown_as_its_key_used_to_say() {
        // Before the registry, the unit was guessed from the key's words;
        // the registry's units must write every KPI as that rule did.
        fn by_words(key: &str) -> KpiUnit {
            match key {
                k if k.ends_with("_rate") || k.starts_with("contacted_within_") => KpiUnit::Share,
                k if k.contains("minutes")
                    || k.contains("_p50")
                    || k.contains("_p90")
                    || k.contains("_p99") =>
                {
                    KpiUnit::Minutes
                }
                k if k.contains("cost") => KpiUnit::Money,
                "satisfaction" | "handoffs_per_lead" | "repeated_questions_per_lead" => {
                    KpiUnit::Score
                }
                _ => KpiUnit::Count,
            }
        }
        // The KPIs there were then (a new KPI states its unit, not its words).
        const THEN: [&str; 23] = [
            "first_response_minutes",
            "conversion_rate",
            "orders",
            "satisfaction",
            "cost_per_order",
            "abandonment_rate",
            "leads",
            "first_response_p50",
            "first_response_p90",
            "first_response_p99",
            "decision_lead_time_minutes",
            "decision_lead_time_p90",
            "qualification_rate",
            "contacted_within_15_minutes",
            "contacted_within_60_minutes",
            "contacted_within_24_hours",
            "unfinished_rate",
            "sla_breach_rate",
            "nps",
            "handoffs_per_lead",
            "repeated_questions_per_lead",
            "total_cost",
            "cost_per_lead",
        ];
        for key in THEN {
            let kpi = Kpi::parse(key);
            assert_eq!(kpi.map(Kpi::unit), Some(by_words(key)), "{key}");
        }
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            safe_file_name("<script>alert(1)</script>"),
            "script_alert_1___script"
        );
        assert_eq!(safe_file_name("../../etc/passwd"), "etc_passwd");
        assert_eq!(safe_file_name("前中后台 2025"), "前中后台_2025");
        assert_eq!(safe_file_name("///"), "orgflow");
        assert!(safe_file_name(&"x".repeat(500)).len() <= 80);
    }

    #[test]
    fn better_direction_is_known_for_the_headline_kpis() {
        assert_eq!(higher_is_better(Kpi::Orders), Some(true));
        assert_eq!(higher_is_better(Kpi::FirstResponseMinutes), Some(false));
        assert_eq!(higher_is_better(Kpi::CostPerOrder), Some(false));
        assert_eq!(higher_is_better(Kpi::Leads), None);
        assert_eq!(kpi_label(Kpi::Orders, Lang::Zh), "订单数");
        let spread = Summary {
            p10: 96.0,
            p50: 126.0,
            p90: 174.0,
            ..Summary::default()
        };
        assert_eq!(
            percentiles(Kpi::FirstResponseMinutes, &spread, Lang::En),
            "P10 1.6 h · P50 2.1 h · P90 2.9 h"
        );
    }

    #[test]
    fn shortened_cuts_by_screen_columns() {
        assert_eq!(
            shortened("regional_battle_center", 22),
            "regional_battle_center"
        );
        assert_eq!(
            shortened("regional_battle_center_2", 22),
            "regional_battle_cente…"
        );
        // A Chinese character takes two columns, the ellipsis one.
        assert_eq!(shortened("区域作战中心", 7), "区域作…");
        assert_eq!(text_width("区域ab"), 6);
    }
}
