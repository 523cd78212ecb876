//! The results as a client opens them in a spreadsheet (the app's "Export
//! CSV"): a header row, every figure labelled in the reader's language and
//! written in the unit the app shows it in (rates in percent, durations in
//! minutes, money in yuan), with a byte-order mark so spreadsheet programs
//! read the Chinese correctly.
//!
//! The CLI's `--format csv` stays the machine format (`Report::csv_rows`:
//! keys and raw fractions, no header, no mark), which scripts depend on.

use super::Report;
use super::kpi::KpiUnit;
use super::stats::Summary;
use super::text::csv_field;
use crate::i18n::{Lang, Text};

/// How a figure is written: its unit's name and the factor and decimals
/// that turn the stored value into the shown one.
#[derive(Clone, Copy)]
struct Shown {
    /// The unit's name; `None` for a percentage (the sign is the same in
    /// both languages) or a plain number.
    unit: Option<Text>,
    percent: bool,
    factor: f64,
    decimals: usize,
}

impl Shown {
    fn of(unit: KpiUnit) -> Shown {
        let (unit, factor, decimals) = match unit {
            KpiUnit::Share => (None, 100.0, 2),
            KpiUnit::Minutes => (Some(Text::SheetMinutes), 1.0, 1),
            KpiUnit::Money => (Some(Text::SheetYuan), 1.0, 0),
            KpiUnit::Score => (None, 1.0, 2),
            KpiUnit::Count => (None, 1.0, 1),
        };
        Shown {
            unit,
            percent: unit.is_none() && factor == 100.0,
            factor,
            decimals,
        }
    }

    fn unit_name(self, lang: Lang) -> &'static str {
        match (self.unit, self.percent) {
            (Some(text), _) => lang.text(text),
            (None, true) => "%",
            (None, false) => "",
        }
    }

    fn number(self, x: f64) -> String {
        if x.is_finite() {
            format!("{:.*}", self.decimals, x * self.factor)
        } else {
            String::new()
        }
    }
}

/// The CSV of `reports` in `lang`, header first.
pub fn results_csv<'a>(reports: impl IntoIterator<Item = &'a Report>, lang: Lang) -> String {
    let mut out = String::from('\u{feff}');
    let header = [
        Text::SheetScenario,
        Text::SheetSection,
        Text::SheetName,
        Text::SheetMeasure,
        Text::SheetUnit,
        Text::SheetMean,
        Text::SheetHalfWidth,
        Text::SheetP10,
        Text::SheetP50,
        Text::SheetP90,
    ];
    let cells: Vec<String> = header.iter().map(|t| csv_field(lang.text(*t))).collect();
    out.push_str(&cells.join(","));
    out.push('\n');
    for report in reports {
        let scenario = match lang {
            Lang::Zh if !report.scenario_zh.is_empty() => &report.scenario_zh,
            _ => &report.scenario,
        };
        let mut row = |section: Text, name: &str, measure: &str, shown: Shown, s: &Summary| {
            let cells = [
                csv_field(scenario),
                csv_field(lang.text(section)),
                csv_field(name),
                csv_field(measure),
                csv_field(shown.unit_name(lang)),
                shown.number(s.mean),
                s.ci95.map(|h| shown.number(h)).unwrap_or_default(),
                shown.number(s.p10),
                shown.number(s.p50),
                shown.number(s.p90),
            ];
            out.push_str(&cells.join(","));
            out.push('\n');
        };
        for k in &report.kpis {
            row(
                Text::SheetKpi,
                k.kpi.label(lang),
                k.kpi.key(),
                Shown::of(k.kpi.unit()),
                &k.summary,
            );
        }
        for u in &report.units {
            let unit_rows = [
                (
                    Text::SheetUtilisation,
                    "utilization",
                    KpiUnit::Share,
                    &u.utilization,
                ),
                (
                    Text::SheetWait,
                    "mean_wait_minutes",
                    KpiUnit::Minutes,
                    &u.mean_wait_minutes,
                ),
                (
                    Text::SheetQueue,
                    "mean_queue_length",
                    KpiUnit::Score,
                    &u.mean_queue_length,
                ),
                (Text::SheetServed, "served", KpiUnit::Count, &u.served),
            ];
            for (label, key, unit, summary) in unit_rows {
                let name = format!("{} · {}", u.name, lang.text(label));
                row(Text::SheetUnitSection, &name, key, Shown::of(unit), summary);
            }
        }
        for (section, segments) in [
            (Text::SheetGrade, &report.by_grade),
            (Text::SheetSource, &report.by_source),
        ] {
            for s in segments {
                for (kpi, summary) in s.columns() {
                    let name = format!("{} · {}", s.name, kpi.label(lang));
                    row(section, &name, kpi.key(), Shown::of(kpi.unit()), summary);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Kpi, KpiSummary};

    fn report() -> Report {
        let summary = |mean: f64| Summary {
            mean,
            ci95: Some(mean / 10.0),
            p10: mean * 0.9,
            p50: mean,
            p90: mean * 1.1,
        };
        Report::of_kpis(
            "=cmd",
            "前中后台",
            2,
            vec![
                KpiSummary {
                    kpi: Kpi::ConversionRate,
                    summary: summary(0.125),
                },
                KpiSummary {
                    kpi: Kpi::FirstResponseMinutes,
                    summary: summary(42.0),
                },
            ],
        )
    }

    #[test]
    fn a_header_row_then_figures_in_the_apps_units_and_language() {
        let en = results_csv(&[report()], Lang::En);
        let lines: Vec<&str> = en.lines().collect();
        assert!(lines[0].starts_with('\u{feff}'));
        assert!(
            lines[0].contains("Scenario") && lines[0].contains("Unit") && lines[0].contains("P90")
        );
        // A rate in percent, labelled; the scenario name kept as text.
        assert_eq!(
            lines[1],
            "'=cmd,KPI,Conversion rate (orders / leads),conversion_rate,%,12.50,1.25,11.25,12.50,13.75"
        );
        assert!(lines[2].contains(",min,42.0,4.2,"));
        let zh = results_csv(&[report()], Lang::Zh);
        assert!(zh.lines().next().is_some_and(|h| h.contains("方案")));
        assert!(zh.contains("前中后台,指标,转化率（订单/线索）"));
        // Every row has the header's number of cells (commas inside quotes
        // belong to a cell).
        let cells = |line: &str| {
            let mut quoted = false;
            1 + line
                .chars()
                .filter(|&c| {
                    if c == '"' {
                        quoted = !quoted;
                    }
                    c == ',' && !quoted
                })
                .count()
        };
        assert!(lines.iter().all(|l| cells(l) == 10), "{en}");
    }
}
