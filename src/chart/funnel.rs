//! The funnel through the pools: mean counts per replication from leads to
//! orders, each with its share of leads.

use super::columns::{Column, ColumnChart, Mark, ValueFormat};
use super::frame::{Planned, Tone};
use super::labels::{ChartText, percent, replications, scenario_name, separator, titled};
use crate::display;
use crate::i18n::Lang;
use crate::report::Report;

/// The pools in funnel order, by their field names in the report.
const STAGES: [(&str, ChartText); 5] = [
    ("leads", ChartText::StageLeads),
    ("contacted", ChartText::StageContacted),
    ("incubated", ChartText::StageIncubated),
    ("prospects", ChartText::StageProspects),
    ("ordered", ChartText::StageOrdered),
];

fn count_of(report: &Report, field: &str) -> Option<f64> {
    report
        .funnel
        .iter()
        .find(|(name, _)| name == field)
        .map(|(_, value)| *value)
}

fn count_label(count: f64) -> String {
    display::number(count, if count >= 100.0 { 0 } else { 1 })
}

pub(crate) fn funnel(report: &Report, lang: Lang) -> Planned<ColumnChart> {
    if report.replications == 0 {
        return Err(ChartText::NoReplications);
    }
    let leads = count_of(report, "leads")
        .filter(|n| n.is_finite() && *n > 0.0)
        .ok_or(ChartText::NoData)?;
    let stages: Vec<(ChartText, f64)> = STAGES
        .iter()
        .filter_map(|(field, name)| count_of(report, field).map(|count| (*name, count)))
        .collect();
    if stages
        .iter()
        .any(|(_, count)| !count.is_finite() || *count < 0.0)
    {
        return Err(ChartText::NoData);
    }
    let columns: Vec<Column> = stages
        .iter()
        .map(|(name, count)| Column {
            base: 0.0,
            label: name.get(lang).to_string(),
            value: *count,
            interval: None,
            tone: if *name == ChartText::StageOrdered {
                Tone::Accent
            } else {
                Tone::Primary
            },
            annotation: format!(
                "{} · {}",
                count_label(*count),
                percent(count / leads * 100.0, 1)
            ),
        })
        .collect();
    let steps: Vec<String> = columns
        .iter()
        .map(|c| format!("{} {}", c.label, c.annotation))
        .collect();
    let description = [
        steps.join(" → "),
        ChartText::OfLeads.get(lang).into(),
        replications(report.replications, lang),
    ]
    .join(separator(lang));
    Ok(ColumnChart {
        title: titled(ChartText::FunnelTitle, scenario_name(report, lang), lang),
        description,
        legend: Vec::new(),
        x_title: String::new(),
        y_title: ChartText::FunnelAxis.get(lang).into(),
        format: ValueFormat::Count,
        columns,
        mark: Mark::Column,
        zero_line: false,
        cumulative: None,
        markers: Vec::new(),
    })
}
