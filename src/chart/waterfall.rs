//! A waterfall from A to B: A's mean, then each input group's share of the
//! difference (`analysis::explain`) stacked from where the previous one
//! ended, then B's mean. A step is coloured better or worse only where its
//! 95 % interval excludes zero.

use super::columns::{Column, ColumnChart, Mark, ValueFormat};
use super::frame::{LegendEntry, Planned, Swatch, Tone};
use super::labels::{ChartText, separator, shortened};
use crate::display;
use crate::i18n::Lang;
use crate::report::Kpi;

/// Names are cut to this many characters under the columns.
const NAME_CHARS: usize = 18;

/// One step: a group's contribution (mean and 95 % half-width).
#[derive(Clone, Debug, PartialEq)]
pub struct WaterfallStep {
    pub label: String,
    pub mean: f64,
    pub ci95: Option<f64>,
}

/// What the waterfall shows: the KPI, A and B (name, mean) and the steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Waterfall {
    pub kpi: Kpi,
    pub baseline: (String, f64),
    pub candidate: (String, f64),
    pub steps: Vec<WaterfallStep>,
}

fn signed(kpi: Kpi, value: f64, lang: Lang) -> String {
    let text = display::kpi_difference(kpi, value, lang);
    if value > 0.0 && !text.starts_with('-') {
        format!("+{text}")
    } else {
        text
    }
}

pub(crate) fn plan(w: &Waterfall, lang: Lang) -> Planned<ColumnChart> {
    let kpi = w.kpi;
    let finite = w.baseline.1.is_finite()
        && w.candidate.1.is_finite()
        && w.steps.iter().all(|s| s.mean.is_finite());
    if w.steps.is_empty() || !finite {
        return Err(ChartText::NoData);
    }
    let end = |(name, mean): &(String, f64)| Column {
        base: 0.0,
        label: shortened(name, NAME_CHARS),
        value: *mean,
        interval: None,
        // Not the "better" blue: the ends are levels, not changes.
        tone: Tone::Secondary,
        annotation: display::kpi_value(kpi, *mean, lang),
    };
    let mut columns = vec![end(&w.baseline)];
    let mut running = w.baseline.1;
    let mut facts = Vec::new();
    for step in &w.steps {
        let half = step.ci95.filter(|h| h.is_finite() && *h >= 0.0);
        let clear = half.is_some_and(|h| step.mean.abs() > h);
        let tone = match (clear, display::higher_is_better(kpi)) {
            (false, _) => Tone::Neutral,
            (true, Some(higher)) if (step.mean > 0.0) == higher => Tone::Better,
            (true, Some(_)) => Tone::Worse,
            (true, None) => Tone::Accent,
        };
        let value = running + step.mean;
        let interval_text = half
            .map(|h| format!(" {}", display::kpi_difference_half(kpi, step.mean, h, lang)))
            .unwrap_or_default();
        let text = format!("{}{interval_text}", signed(kpi, step.mean, lang));
        facts.push(format!("{}: {text}", step.label));
        columns.push(Column {
            base: running,
            label: shortened(&step.label, NAME_CHARS),
            value,
            interval: half.map(|h| (value - h, value + h)),
            tone,
            annotation: text,
        });
        running = value;
    }
    columns.push(end(&w.candidate));
    Ok(ColumnChart {
        title: format!(
            "{} — {} → {}",
            kpi.label(lang),
            shortened(&w.baseline.0, NAME_CHARS),
            shortened(&w.candidate.0, NAME_CHARS)
        ),
        description: facts.join(separator(lang)),
        legend: [
            (Tone::Secondary, ChartText::ScenarioMean),
            (Tone::Better, ChartText::Better),
            (Tone::Worse, ChartText::Worse),
            (Tone::Neutral, ChartText::NoClearDifference),
        ]
        .into_iter()
        .map(|(tone, text)| LegendEntry {
            label: text.get(lang).into(),
            swatch: Swatch::Bar(tone),
        })
        .collect(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{ChartSize, ChartTheme, accessible_label, waterfall_svg};

    fn example() -> Waterfall {
        Waterfall {
            kpi: Kpi::Orders,
            baseline: ("Before".into(), 500.0),
            candidate: ("After".into(), 620.0),
            steps: vec![
                WaterfallStep {
                    label: "hours".into(),
                    mean: 150.0,
                    ci95: Some(10.0),
                },
                WaterfallStep {
                    label: "headcount".into(),
                    mean: -31.0,
                    ci95: Some(5.0),
                },
                WaterfallStep {
                    label: "costs".into(),
                    mean: 1.0,
                    ci95: Some(3.0),
                },
            ],
        }
    }

    #[test]
    fn each_step_starts_where_the_last_ended_and_is_coloured_only_when_clear() {
        let chart = plan(&example(), Lang::En).unwrap_or_else(|e| panic!("{e:?}"));
        let bars: Vec<(f64, f64, Tone)> = chart
            .columns
            .iter()
            .map(|c| (c.base, c.value, c.tone))
            .collect();
        assert_eq!(
            bars,
            [
                (0.0, 500.0, Tone::Secondary),
                (500.0, 650.0, Tone::Better),
                (650.0, 619.0, Tone::Worse),
                (619.0, 620.0, Tone::Neutral),
                (0.0, 620.0, Tone::Secondary),
            ]
        );
        let svg = waterfall_svg(
            &example(),
            Lang::Zh,
            ChartTheme::Light,
            ChartSize::default(),
        );
        let label = accessible_label(&svg).unwrap_or_default();
        assert!(label.contains("hours"), "{label}");
        assert!(svg.contains("方案均值"), "the legend in Chinese");
    }

    #[test]
    fn no_steps_is_a_message_not_a_chart() {
        let mut w = example();
        w.steps.clear();
        assert_eq!(plan(&w, Lang::En).err(), Some(ChartText::NoData));
    }
}
