//! A tornado: each input's effect on a KPI when it is moved down and up
//! (`analysis::sensitivity`), largest first, as a pair of horizontal bars
//! from zero with their 95 % intervals, the input's field path on the
//! left. Only the largest inputs are drawn; the table beside the chart has
//! them all.

use super::bars::{Bar, BarChart, BarRow};
use super::columns::ValueFormat;
use super::frame::{LegendEntry, Planned, Swatch, Tone};
use super::labels::{ChartText, separator};
use crate::display;
use crate::i18n::Lang;
use crate::report::Kpi;

/// Inputs drawn (pairs of bars); a projector shows no more legibly.
pub const MAX_INPUTS: usize = 8;

/// One input: its name and the effects (mean, 95 % half-width) of its low
/// and high values; `None` where that side was not run.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoInput {
    pub label: String,
    pub low: Option<(f64, Option<f64>)>,
    pub high: Option<(f64, Option<f64>)>,
}

/// What the tornado shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    pub kpi: Kpi,
    pub range_percent: f64,
    /// Largest effect first.
    pub inputs: Vec<TornadoInput>,
}

pub(crate) fn plan(t: &Tornado, lang: Lang) -> Planned<BarChart> {
    let kpi = t.kpi;
    let range = display::number(t.range_percent, 0);
    let mut rows = Vec::new();
    let mut facts = Vec::new();
    for input in t.inputs.iter().take(MAX_INPUTS) {
        let mut bars = Vec::new();
        for (effect, sign, tone) in [
            (input.low, "−", Tone::Secondary),
            (input.high, "+", Tone::Primary),
        ] {
            let bar = effect.filter(|(m, _)| m.is_finite()).map(|(mean, half)| {
                let half = half.filter(|h| h.is_finite() && *h >= 0.0);
                let text = display::kpi_difference(kpi, mean, lang);
                facts.push(format!("{} {sign}{range} %: {text}", input.label));
                Bar {
                    value: mean,
                    interval: half.map(|h| (mean - h, mean + h)),
                    tone,
                    annotation: text,
                }
            });
            bars.push(bar);
        }
        if bars.iter().any(Option::is_some) {
            rows.push(BarRow {
                label: input.label.clone(),
                bars,
            });
        }
    }
    if rows.is_empty() {
        return Err(ChartText::NoData);
    }
    Ok(BarChart {
        title: format!(
            "{} — {}",
            kpi.label(lang),
            ChartText::TornadoTitle.get(lang)
        ),
        description: facts.join(separator(lang)),
        legend: [
            (Tone::Secondary, format!("−{range} %")),
            (Tone::Primary, format!("+{range} %")),
        ]
        .into_iter()
        .map(|(tone, label)| LegendEntry {
            label,
            swatch: Swatch::Bar(tone),
        })
        .collect(),
        x_title: ChartText::DifferenceAxis.get(lang).into(),
        format: ValueFormat::Kpi { kpi, lang },
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_per_input_largest_first_two_bars_from_zero_and_a_missing_side_left_empty() {
        let t = Tornado {
            kpi: Kpi::Orders,
            range_percent: 20.0,
            inputs: vec![
                TornadoInput {
                    label: "units[desk].headcount".into(),
                    low: Some((-40.0, Some(5.0))),
                    high: Some((25.0, Some(4.0))),
                },
                TornadoInput {
                    label: "sources[web].leads_per_day".into(),
                    low: None,
                    high: Some((10.0, None)),
                },
                TornadoInput {
                    label: "units[desk].hourly_cost".into(),
                    low: None,
                    high: None,
                },
            ],
        };
        let chart = plan(&t, Lang::En).unwrap_or_else(|e| panic!("{e:?}"));
        let rows: Vec<(&str, Vec<Option<f64>>)> = chart
            .rows
            .iter()
            .map(|r| {
                (
                    r.label.as_str(),
                    r.bars.iter().map(|b| b.as_ref().map(|b| b.value)).collect(),
                )
            })
            .collect();
        // Full paths (the chart fits them to the room it has); an input
        // with neither side is left out, a missing side keeps its slot.
        assert_eq!(
            rows,
            [
                ("units[desk].headcount", vec![Some(-40.0), Some(25.0)]),
                ("sources[web].leads_per_day", vec![None, Some(10.0)]),
            ]
        );
        assert_eq!(
            chart.rows[0].bars[0].as_ref().and_then(|b| b.interval),
            Some((-45.0, -35.0))
        );
    }
}
