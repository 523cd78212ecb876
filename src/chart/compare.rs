//! Two to four scenarios on one KPI: their means with 95 % intervals, and
//! the paired differences from the baseline, coloured only where the
//! interval excludes zero (otherwise the data do not say which is better).

use super::columns::{Column, ColumnChart, Mark, ValueFormat};
use super::frame::{LegendEntry, Planned, Swatch, Tone};
use super::labels::{ChartText, distinct, scenario_name, separator, shortened};
use crate::display;
use crate::i18n::Lang;
use crate::report::{Comparison, Difference, Kpi, Report, Threshold, Verdict};

/// Scenario names under columns are cut to this many characters.
const NAME_CHARS: usize = 20;

/// "KPI — what the chart shows".
fn kpi_title(key: Kpi, what: ChartText, lang: Lang) -> String {
    format!("{} — {}", display::kpi_label(key, lang), what.get(lang))
}

fn interval_text(key: Kpi, mean: f64, half: Option<f64>, lang: Lang) -> String {
    match half {
        Some(half) => format!(
            "{} {}",
            display::kpi_value(key, mean, lang),
            display::kpi_half_width(key, mean, half, lang)
        ),
        None => display::kpi_value(key, mean, lang),
    }
}

pub(crate) fn comparison(reports: &[Report], kpi: Kpi, lang: Lang) -> Planned<ColumnChart> {
    if reports.is_empty() {
        return Err(ChartText::NoData);
    }
    // Scenarios still without replications are left out rather than drawn
    // as zero, so a comparison can refine while runs finish.
    let names: Vec<&str> = reports.iter().map(|r| scenario_name(r, lang)).collect();
    let labels = distinct(&names, NAME_CHARS);
    let columns: Vec<Column> = reports
        .iter()
        .zip(labels)
        .filter(|(report, _)| report.replications > 0)
        .filter_map(|(report, label)| {
            let summary = report.kpi(kpi)?;
            let half = summary.ci95.filter(|h| h.is_finite() && *h >= 0.0);
            summary.mean.is_finite().then(|| Column {
                base: 0.0,
                label,
                value: summary.mean,
                interval: half.map(|h| (summary.mean - h, summary.mean + h)),
                tone: Tone::Primary,
                annotation: interval_text(kpi, summary.mean, half, lang),
            })
        })
        .collect();
    if columns.is_empty() {
        return Err(ChartText::NoReplications);
    }
    let description = reports
        .iter()
        .filter_map(|report| {
            let summary = report.kpi(kpi)?;
            let half = summary.ci95.filter(|h| h.is_finite());
            (report.replications > 0 && summary.mean.is_finite()).then(|| {
                format!(
                    "{}: {}",
                    scenario_name(report, lang),
                    interval_text(kpi, summary.mean, half, lang)
                )
            })
        })
        .collect::<Vec<_>>()
        .join(separator(lang));
    Ok(ColumnChart {
        title: kpi_title(kpi, ChartText::ComparisonTitle, lang),
        description,
        legend: vec![LegendEntry {
            label: ChartText::MeanWithInterval.get(lang).into(),
            swatch: Swatch::Bar(Tone::Primary),
        }],
        x_title: String::new(),
        y_title: kpi.axis_title(lang),
        format: ValueFormat::Kpi { kpi, lang },
        columns,
        mark: Mark::Column,
        zero_line: false,
        cumulative: None,
        markers: Vec::new(),
    })
}

/// The verdict's colour and words: better or worse only where the
/// difference is significant and material (see `report::verdict`).
fn verdict(difference: &Difference, threshold: Threshold) -> (Tone, ChartText) {
    match difference.verdict(threshold) {
        Verdict::Better => (Tone::Better, ChartText::Better),
        Verdict::Worse => (Tone::Worse, ChartText::Worse),
        Verdict::Clear => (Tone::Accent, ChartText::ClearDifference),
        Verdict::NotMaterial => (Tone::Neutral, ChartText::NotMaterial),
        Verdict::Unclear => (Tone::Neutral, ChartText::NoClearDifference),
        Verdict::NotApplicable => (Tone::Neutral, ChartText::NotApplicable),
    }
}

/// The verdict word under a dot: the legend's long "no clear difference"
/// wording would not fit.
fn short_verdict(verdict: ChartText, lang: Lang) -> &'static str {
    match verdict {
        ChartText::NoClearDifference => ChartText::NotClear.get(lang),
        ChartText::NotMaterial => ChartText::Small.get(lang),
        other => other.get(lang),
    }
}

pub(crate) fn differences(
    comparisons: &[Comparison],
    kpi: Kpi,
    threshold: Threshold,
    lang: Lang,
) -> Planned<ColumnChart> {
    if comparisons.is_empty() {
        return Err(ChartText::NoData);
    }
    if comparisons.iter().all(|c| c.pairs == 0) {
        return Err(ChartText::NoReplications);
    }
    let mut columns = Vec::new();
    let mut facts = Vec::new();
    let names: Vec<&str> = comparisons.iter().map(|c| c.candidate.as_str()).collect();
    let labels = distinct(&names, NAME_CHARS);
    for (comparison, label) in comparisons.iter().zip(labels).filter(|(c, _)| c.pairs > 0) {
        let Some(difference) = comparison.differences.iter().find(|d| d.kpi == kpi) else {
            continue;
        };
        if !difference.mean.is_finite() {
            continue;
        }
        let half = difference.ci95.filter(|h| h.is_finite() && *h >= 0.0);
        let (tone, verdict) = verdict(difference, threshold);
        let signed = signed_value(kpi, difference.mean, lang);
        let interval = half
            .map(|h| {
                format!(
                    " {}",
                    display::kpi_difference_half(kpi, difference.mean, h, lang)
                )
            })
            .unwrap_or_default();
        columns.push(Column {
            base: 0.0,
            label,
            value: difference.mean,
            interval: half.map(|h| (difference.mean - h, difference.mean + h)),
            tone,
            annotation: format!("{signed}{interval} · {}", short_verdict(verdict, lang)),
        });
        facts.push(format!(
            "{}: {signed}{interval}, {}",
            comparison.candidate,
            verdict.get(lang)
        ));
    }
    if columns.is_empty() {
        return Err(ChartText::NoData);
    }
    let baseline = comparisons
        .first()
        .map(|c| c.baseline.as_str())
        .unwrap_or_default();
    Ok(ColumnChart {
        title: format!(
            "{} ({})",
            kpi_title(kpi, ChartText::DifferenceTitle, lang),
            shortened(baseline, NAME_CHARS)
        ),
        description: facts.join(separator(lang)),
        legend: difference_legend(kpi, lang),
        x_title: String::new(),
        y_title: ChartText::DifferenceAxis.get(lang).into(),
        format: ValueFormat::Kpi { kpi, lang },
        columns,
        mark: Mark::Dot,
        zero_line: true,
        cumulative: None,
        markers: Vec::new(),
    })
}

/// The verdicts this KPI can get, with their colours.
fn difference_legend(key: Kpi, lang: Lang) -> Vec<LegendEntry> {
    let verdicts: &[(Tone, ChartText)] = match display::higher_is_better(key) {
        Some(_) => &[
            (Tone::Better, ChartText::Better),
            (Tone::Worse, ChartText::Worse),
        ],
        None => &[(Tone::Accent, ChartText::ClearDifference)],
    };
    verdicts
        .iter()
        .chain(&[
            (Tone::Neutral, ChartText::NotMaterial),
            (Tone::Neutral, ChartText::NoClearDifference),
        ])
        .map(|(tone, text)| LegendEntry {
            label: text.get(lang).into(),
            swatch: Swatch::Bar(*tone),
        })
        .collect()
}

/// A difference with an explicit sign, so "+3.0 min" cannot be misread.
fn signed_value(key: Kpi, value: f64, lang: Lang) -> String {
    let text = display::kpi_difference(key, value, lang);
    if value > 0.0 && !text.starts_with('-') {
        format!("+{text}")
    } else {
        text
    }
}
