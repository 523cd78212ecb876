//! Distributions across customers: first-response time (histogram over
//! uneven bins with its cumulative line and percentile markers),
//! satisfaction scores and hand-offs per customer.

use super::columns::{Column, ColumnChart, Cumulative, Mark, Marker, ValueFormat};
use super::frame::{LegendEntry, Planned, Swatch, Tone, all_finite};
use super::labels::{
    ChartText, first_response_bins, handoff_bins, replications, scenario_name, separator, share,
    titled,
};
use crate::display;
use crate::i18n::Lang;
use crate::report::{Kpi, Report};
use crate::sim::result::{FIRST_RESPONSE_BIN_EDGES, FIRST_RESPONSE_BINS};

/// The percentile KPIs marked on the first-response chart.
const PERCENTILES: [(Kpi, &str); 3] = [
    (Kpi::FirstResponseP50, "P50"),
    (Kpi::FirstResponseP90, "P90"),
    (Kpi::FirstResponseP99, "P99"),
];

/// Mean counts per bin as percentages of their total, or why not.
fn shares_of(report: &Report, counts: &[f64]) -> Planned<Vec<f64>> {
    if report.replications == 0 {
        return Err(ChartText::NoReplications);
    }
    if counts.is_empty() || !all_finite(counts) || counts.iter().any(|c| *c < 0.0) {
        return Err(ChartText::NoData);
    }
    let total: f64 = counts.iter().sum();
    if !(total.is_finite() && total > 0.0) {
        return Err(ChartText::NoData);
    }
    Ok(counts.iter().map(|c| c / total * 100.0).collect())
}

fn share_columns(labels: Vec<String>, shares: &[f64]) -> Vec<Column> {
    labels
        .into_iter()
        .zip(shares)
        .map(|(label, value)| Column {
            base: 0.0,
            label,
            value: *value,
            interval: None,
            tone: Tone::Primary,
            annotation: if *value > 0.0 {
                share(*value)
            } else {
                String::new()
            },
        })
        .collect()
}

/// The largest share and its label, for the accessible description.
fn most_common(columns: &[Column]) -> Option<&Column> {
    columns.iter().max_by(|a, b| a.value.total_cmp(&b.value))
}

/// Where `minutes` falls on the category axis: linear inside its bin, so a
/// marker sits between the bin's edges in proportion.
pub(crate) fn first_response_position(minutes: f64) -> f64 {
    let mut lower = 0.0;
    for (index, &upper) in FIRST_RESPONSE_BIN_EDGES.iter().enumerate() {
        if minutes < upper {
            return index as f64 + ((minutes - lower) / (upper - lower)).clamp(0.0, 1.0);
        }
        lower = upper;
    }
    // The open last bin has no upper edge: place by how far past its lower
    // edge, never beyond the axis.
    FIRST_RESPONSE_BIN_EDGES.len() as f64 + (minutes / lower - 1.0).clamp(0.0, 0.95)
}

pub(crate) fn first_response(report: &Report, lang: Lang) -> Planned<ColumnChart> {
    let shares = shares_of(report, &report.first_response_histogram)?;
    if shares.len() != FIRST_RESPONSE_BINS {
        return Err(ChartText::NoData);
    }
    let cumulative: Vec<f64> = shares
        .iter()
        .scan(0.0, |running, share| {
            *running += share;
            Some(running.min(100.0))
        })
        .collect();
    let columns = share_columns(first_response_bins(lang), &shares);
    let markers: Vec<Marker> = PERCENTILES
        .iter()
        .filter_map(|(key, name)| {
            let minutes = report.kpi(*key)?.mean;
            (minutes.is_finite() && minutes >= 0.0).then(|| Marker {
                position: first_response_position(minutes),
                label: format!("{name} {}", display::duration(minutes, lang)),
            })
        })
        .collect();
    let mut facts: Vec<String> = markers.iter().map(|m| m.label.clone()).collect();
    if let Some(mode) = most_common(&columns) {
        facts.push(format!("{} {}", mode.label, mode.annotation));
    }
    facts.push(replications(report.replications, lang));
    Ok(ColumnChart {
        title: titled(
            ChartText::FirstResponseTitle,
            scenario_name(report, lang),
            lang,
        ),
        description: facts.join(separator(lang)),
        legend: vec![
            LegendEntry {
                label: ChartText::ShareLegend.get(lang).into(),
                swatch: Swatch::Bar(Tone::Primary),
            },
            LegendEntry {
                label: ChartText::CumulativeLegend.get(lang).into(),
                swatch: Swatch::Line(Tone::Accent),
            },
        ],
        x_title: ChartText::FirstResponseAxis.get(lang).into(),
        y_title: ChartText::ShareOfContacted.get(lang).into(),
        format: ValueFormat::Percent,
        columns,
        mark: Mark::Column,
        zero_line: false,
        cumulative: Some(Cumulative {
            shares: cumulative,
            axis_title: ChartText::CumulativeAxis.get(lang).into(),
        }),
        markers,
    })
}

pub(crate) fn satisfaction(report: &Report, lang: Lang) -> Planned<ColumnChart> {
    let shares = shares_of(report, &report.satisfaction_histogram)?;
    let labels = (0..shares.len()).map(|score| score.to_string()).collect();
    let columns = share_columns(labels, &shares);
    let mean = report
        .kpi(Kpi::Satisfaction)
        .map(|s| s.mean)
        .filter(|m| m.is_finite());
    let markers: Vec<Marker> = mean
        .map(|mean| Marker {
            position: mean.clamp(0.0, shares.len() as f64 - 1.0) + 0.5,
            label: format!("{} {}", ChartText::Mean.get(lang), display::number(mean, 1)),
        })
        .into_iter()
        .collect();
    let mut facts: Vec<String> = markers.iter().map(|m| m.label.clone()).collect();
    if let Some(mode) = most_common(&columns) {
        facts.push(format!("{} {}", mode.label, mode.annotation));
    }
    facts.push(replications(report.replications, lang));
    Ok(ColumnChart {
        title: titled(
            ChartText::SatisfactionTitle,
            scenario_name(report, lang),
            lang,
        ),
        description: facts.join(separator(lang)),
        legend: Vec::new(),
        x_title: ChartText::SatisfactionAxis.get(lang).into(),
        y_title: ChartText::ShareOfCustomers.get(lang).into(),
        format: ValueFormat::Percent,
        columns,
        mark: Mark::Column,
        zero_line: false,
        cumulative: None,
        markers,
    })
}

pub(crate) fn handoffs(report: &Report, lang: Lang) -> Planned<ColumnChart> {
    let shares = shares_of(report, &report.handoffs_histogram)?;
    let columns = share_columns(handoff_bins(shares.len()), &shares);
    let mut facts = Vec::new();
    if let Some(mean) = report
        .kpi(Kpi::HandoffsPerLead)
        .map(|s| s.mean)
        .filter(|m| m.is_finite())
    {
        facts.push(format!(
            "{} {}",
            ChartText::Mean.get(lang),
            display::number(mean, 2)
        ));
    }
    if let Some(none) = columns.first() {
        facts.push(format!("0: {}", none.annotation));
    }
    facts.push(replications(report.replications, lang));
    Ok(ColumnChart {
        title: titled(ChartText::HandoffsTitle, scenario_name(report, lang), lang),
        description: facts.join(separator(lang)),
        legend: Vec::new(),
        x_title: ChartText::HandoffsAxis.get(lang).into(),
        y_title: ChartText::ShareOfCustomers.get(lang).into(),
        format: ValueFormat::Percent,
        columns,
        mark: Mark::Column,
        zero_line: false,
        cumulative: None,
        markers: Vec::new(),
    })
}
