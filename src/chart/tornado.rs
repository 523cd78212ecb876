//! A tornado: each input's effect on a KPI when it is moved down and up
//! (`analysis::sensitivity`), largest first, as a pair of columns from
//! zero with their 95 % intervals. Only the largest inputs are drawn; the
//! table beside the chart has them all.

use super::columns::{Column, ColumnChart, Mark, ValueFormat};
use super::frame::{LegendEntry, Planned, Swatch, Tone};
use super::labels::{ChartText, separator, shortened};
use crate::display;
use crate::i18n::Lang;
use crate::report::Kpi;

/// Inputs drawn (pairs of columns); a projector shows no more legibly.
pub const MAX_INPUTS: usize = 8;
const NAME_CHARS: usize = 22;

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

pub(crate) fn plan(t: &Tornado, lang: Lang) -> Planned<ColumnChart> {
    let kpi = t.kpi;
    let range = display::number(t.range_percent, 0);
    let mut columns = Vec::new();
    let mut facts = Vec::new();
    for input in t.inputs.iter().take(MAX_INPUTS) {
        let name = input.label.rsplit('.').take(2).collect::<Vec<_>>();
        let short = shortened(
            &name.into_iter().rev().collect::<Vec<_>>().join("."),
            NAME_CHARS,
        );
        for (effect, sign, tone) in [
            (input.low, "−", Tone::Secondary),
            (input.high, "+", Tone::Primary),
        ] {
            let Some((mean, half)) = effect.filter(|(m, _)| m.is_finite()) else {
                continue;
            };
            let half = half.filter(|h| h.is_finite() && *h >= 0.0);
            let text = display::kpi_difference(kpi, mean, lang);
            facts.push(format!("{} {sign}{range} %: {text}", input.label));
            columns.push(Column {
                base: 0.0,
                label: format!("{short} {sign}{range} %"),
                value: mean,
                interval: half.map(|h| (mean - h, mean + h)),
                tone,
                annotation: text,
            });
        }
    }
    if columns.is_empty() {
        return Err(ChartText::NoData);
    }
    Ok(ColumnChart {
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
        x_title: String::new(),
        y_title: ChartText::DifferenceAxis.get(lang).into(),
        format: ValueFormat::Kpi { kpi, lang },
        columns,
        mark: Mark::Column,
        zero_line: true,
        cumulative: None,
        markers: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_columns_per_input_from_zero_largest_first_and_a_missing_side_left_out() {
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
            ],
        };
        let chart = plan(&t, Lang::En).unwrap_or_else(|e| panic!("{e:?}"));
        let columns: Vec<(&str, f64, f64)> = chart
            .columns
            .iter()
            .map(|c| (c.label.as_str(), c.base, c.value))
            .collect();
        assert_eq!(
            columns,
            [
                ("units[desk].headcount −20 %", 0.0, -40.0),
                ("units[desk].headcount +20 %", 0.0, 25.0),
                ("sources[web].leads_pe… +20 %", 0.0, 10.0),
            ]
        );
        assert_eq!(chart.columns[0].interval, Some((-45.0, -35.0)));
    }
}
