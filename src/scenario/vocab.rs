//! The scenario format's vocabularies as types: distribution kinds and
//! their parameters, the tasks a unit has service times for, weekdays, and
//! the offices a unit belongs to.
//!
//! Why: these words used to be repeated as string lists and string matches
//! in the validator, the edits, the forms and the labels, and a match with a
//! fallback arm hid a missed word (a new distribution kind would have been
//! labelled "exponential" in the form). Here each vocabulary is an enum with
//! its file word ([`DistKind::key`]) and its label, and every `match` on it is
//! exhaustive: adding a word makes the compiler point at each place that has
//! to say what the word means. The word lists of `schema.json` are pinned to
//! [`DistKind::ALL`], [`ServiceTask::ALL`], [`Weekday::ALL`] and
//! [`Office::ALL`] by the tests below, since the schema is a static file
//! published as it is.

use super::error::Constraint;
use crate::i18n::Text;
use crate::sim::dist::Dist;
use crate::sim::model::{Office, Task};

/// The kind of a distribution, the `kind` word of a distribution object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DistKind {
    Exponential,
    Lognormal,
    Gamma,
    Triangular,
    Deterministic,
    Empirical,
}

/// One parameter of a distribution object (a field besides `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DistParam {
    Mean,
    Cv,
    Min,
    Mode,
    Max,
    Value,
    /// The sample list of an empirical distribution (the only list).
    Values,
}

impl DistKind {
    /// Every kind, in the order the forms offer them and the schema lists them.
    pub const ALL: [DistKind; 6] = [
        DistKind::Exponential,
        DistKind::Lognormal,
        DistKind::Gamma,
        DistKind::Triangular,
        DistKind::Deterministic,
        DistKind::Empirical,
    ];

    /// The word a file writes for this kind.
    pub fn key(self) -> &'static str {
        match self {
            DistKind::Exponential => "exponential",
            DistKind::Lognormal => "lognormal",
            DistKind::Gamma => "gamma",
            DistKind::Triangular => "triangular",
            DistKind::Deterministic => "deterministic",
            DistKind::Empirical => "empirical",
        }
    }

    /// The kind a file word names; `None` for a word the schema refuses.
    pub fn parse(key: &str) -> Option<DistKind> {
        DistKind::ALL.into_iter().find(|kind| kind.key() == key)
    }

    /// The parameters this kind needs, in the order the forms show them.
    pub fn parameters(self) -> &'static [DistParam] {
        match self {
            DistKind::Exponential => &[DistParam::Mean],
            DistKind::Lognormal | DistKind::Gamma => &[DistParam::Mean, DistParam::Cv],
            DistKind::Triangular => &[DistParam::Min, DistParam::Mode, DistParam::Max],
            DistKind::Deterministic => &[DistParam::Value],
            DistKind::Empirical => &[DistParam::Values],
        }
    }

    /// The label of this kind in the forms.
    pub fn label(self) -> Text {
        match self {
            DistKind::Exponential => Text::DistExponential,
            DistKind::Lognormal => Text::DistLognormal,
            DistKind::Gamma => Text::DistGamma,
            DistKind::Triangular => Text::DistTriangular,
            DistKind::Deterministic => Text::DistDeterministic,
            DistKind::Empirical => Text::DistEmpirical,
        }
    }

    /// The mean the written parameters imply, in the file's units:
    /// `number` reads a numeric parameter, `samples` an empirical list.
    /// `None` when a parameter is missing or the list is empty.
    pub fn implied_mean(
        self,
        number: impl Fn(DistParam) -> Option<f64>,
        samples: Option<&[f64]>,
    ) -> Option<f64> {
        match self {
            DistKind::Exponential | DistKind::Lognormal | DistKind::Gamma => {
                number(DistParam::Mean)
            }
            DistKind::Triangular => Some(
                (number(DistParam::Min)? + number(DistParam::Mode)? + number(DistParam::Max)?)
                    / 3.0,
            ),
            DistKind::Deterministic => number(DistParam::Value),
            DistKind::Empirical => {
                let values = samples.filter(|v| !v.is_empty())?;
                Some(values.iter().sum::<f64>() / values.len() as f64)
            }
        }
    }

    /// Parameters of this kind with the given mean and, where the kind has
    /// one, coefficient of variation: what a form writes when the user
    /// switches kind, so the workshop's number is kept. For
    /// [`DistParam::Values`] the number is the single sample of a new list.
    pub fn parameters_for_mean(self, mean: f64, cv: f64) -> Vec<(DistParam, f64)> {
        match self {
            DistKind::Exponential => vec![(DistParam::Mean, mean)],
            DistKind::Lognormal | DistKind::Gamma => {
                vec![(DistParam::Mean, mean), (DistParam::Cv, cv)]
            }
            DistKind::Triangular => {
                // Symmetric around the mean, so the mean is kept exactly;
                // the ends are rounded for display unless that moves the mean.
                let (low, high) = (tidy(mean * 0.5), tidy(mean * 1.5));
                let (low, high) = if low < high && (low + high) / 2.0 == mean {
                    (low, high)
                } else {
                    (mean * 0.5, mean * 1.5)
                };
                vec![
                    (DistParam::Min, low),
                    (DistParam::Mode, mean),
                    (DistParam::Max, high),
                ]
            }
            DistKind::Deterministic => vec![(DistParam::Value, mean)],
            DistKind::Empirical => vec![(DistParam::Values, mean)],
        }
    }
}

/// Why written parameters do not make a distribution of their kind.
#[derive(Clone, Debug, PartialEq)]
pub enum DistProblem {
    /// A parameter the kind needs is missing (an empirical list: missing
    /// or empty).
    Missing(DistParam),
    /// The parameters contradict each other; the rule that says how.
    Inconsistent(Constraint),
}

impl DistKind {
    /// The engine's distribution for the written parameters, each
    /// multiplied by `scale` (file units to minutes). `number` reads a
    /// numeric parameter, `samples` an empirical list. Every missing
    /// parameter is reported, in the order of [`DistKind::parameters`].
    ///
    /// This is where a kind's words become a shape the engine samples, so a
    /// new kind is added here (and in the schema's word list and the string
    /// tables), with a new sampler in `sim/dist.rs` only for a new shape.
    pub fn build(
        self,
        number: impl Fn(DistParam) -> Option<f64>,
        samples: Option<&[f64]>,
        scale: f64,
    ) -> Result<Dist, Vec<DistProblem>> {
        let samples = samples.filter(|v| !v.is_empty());
        let missing: Vec<DistProblem> = self
            .parameters()
            .iter()
            .filter(|&&p| match p {
                DistParam::Values => samples.is_none(),
                _ => number(p).is_none(),
            })
            .map(|&p| DistProblem::Missing(p))
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        // Every parameter the kind needs is present (checked above).
        let get = |p: DistParam| number(p).unwrap_or_default();
        Ok(match self {
            DistKind::Exponential => Dist::Exponential {
                mean: get(DistParam::Mean) * scale,
            },
            DistKind::Lognormal => {
                Dist::lognormal(get(DistParam::Mean) * scale, get(DistParam::Cv))
            }
            DistKind::Gamma => Dist::gamma(get(DistParam::Mean) * scale, get(DistParam::Cv)),
            DistKind::Triangular => {
                let (min, mode, max) = (
                    get(DistParam::Min),
                    get(DistParam::Mode),
                    get(DistParam::Max),
                );
                if !(min <= mode && mode <= max && min < max) {
                    return Err(vec![DistProblem::Inconsistent(
                        Constraint::TriangularInOrder,
                    )]);
                }
                Dist::Triangular {
                    min: min * scale,
                    mode: mode * scale,
                    max: max * scale,
                }
            }
            DistKind::Deterministic => Dist::Deterministic {
                value: get(DistParam::Value) * scale,
            },
            DistKind::Empirical => Dist::Empirical {
                values: samples
                    .unwrap_or_default()
                    .iter()
                    .map(|v| v * scale)
                    .collect(),
            },
        })
    }
}

/// A number the editor derives (a triangle's ends, a new route's share), as
/// it writes it into a file: rounded to three decimals so the form shows a
/// plain figure, unless rounding would leave nothing.
pub fn tidy(x: f64) -> f64 {
    let rounded = (x * 1000.0).round() / 1000.0;
    if rounded > 0.0 { rounded } else { x }
}

impl DistParam {
    /// Every parameter, in the order of the schema's distribution object.
    pub const ALL: [DistParam; 7] = [
        DistParam::Mean,
        DistParam::Cv,
        DistParam::Min,
        DistParam::Mode,
        DistParam::Max,
        DistParam::Value,
        DistParam::Values,
    ];

    /// The field name a file writes for this parameter.
    pub fn key(self) -> &'static str {
        match self {
            DistParam::Mean => "mean",
            DistParam::Cv => "cv",
            DistParam::Min => "min",
            DistParam::Mode => "mode",
            DistParam::Max => "max",
            DistParam::Value => "value",
            DistParam::Values => "values",
        }
    }

    /// The label of this parameter in the forms.
    pub fn label(self) -> Text {
        match self {
            DistParam::Mean => Text::ParamMean,
            DistParam::Cv => Text::ParamCv,
            DistParam::Min => Text::ParamMin,
            DistParam::Mode => Text::ParamMode,
            DistParam::Max => Text::ParamMax,
            DistParam::Value => Text::ParamValue,
            DistParam::Values => Text::ParamValues,
        }
    }
}

/// A task a unit can have a service time for: the keys of a unit's
/// `service_minutes`. (A duplicate contact uses the contact time, so it has
/// no key of its own.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServiceTask {
    Contact,
    Consult,
    Decision,
    Nurture,
    AfterSales,
}

impl ServiceTask {
    /// Every task, in the file's order (which is the engine's slot order).
    pub const ALL: [ServiceTask; Task::SERVICE_KINDS] = [
        ServiceTask::Contact,
        ServiceTask::Consult,
        ServiceTask::Decision,
        ServiceTask::Nurture,
        ServiceTask::AfterSales,
    ];

    /// The key a file writes under `service_minutes`.
    pub fn key(self) -> &'static str {
        match self {
            ServiceTask::Contact => "contact",
            ServiceTask::Consult => "consult",
            ServiceTask::Decision => "decision",
            ServiceTask::Nurture => "nurture",
            ServiceTask::AfterSales => "after_sales",
        }
    }

    /// The task a key names.
    pub fn parse(key: &str) -> Option<ServiceTask> {
        ServiceTask::ALL.into_iter().find(|task| task.key() == key)
    }

    /// The engine's task using this service time.
    pub fn task(self) -> Task {
        match self {
            ServiceTask::Contact => Task::Contact,
            ServiceTask::Consult => Task::Consult,
            ServiceTask::Decision => Task::Decision,
            ServiceTask::Nurture => Task::Nurture,
            ServiceTask::AfterSales => Task::AfterSales,
        }
    }

    /// The engine's service-time slot of this task.
    pub fn slot(self) -> usize {
        self.task().service_slot()
    }

    /// The label of this task in the forms.
    pub fn label(self) -> Text {
        match self {
            ServiceTask::Contact => Text::TaskContact,
            ServiceTask::Consult => Text::TaskConsult,
            ServiceTask::Decision => Text::TaskDecision,
            ServiceTask::Nurture => Text::TaskNurture,
            ServiceTask::AfterSales => Text::TaskAfterSales,
        }
    }
}

/// A day of opening hours; day 0 of a week profile is a Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// Every day, in week order (the order of the file and of profiles).
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// The word a file writes for this day.
    pub fn key(self) -> &'static str {
        match self {
            Weekday::Mon => "mon",
            Weekday::Tue => "tue",
            Weekday::Wed => "wed",
            Weekday::Thu => "thu",
            Weekday::Fri => "fri",
            Weekday::Sat => "sat",
            Weekday::Sun => "sun",
        }
    }

    /// The day a file word names.
    pub fn parse(key: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|day| day.key() == key)
    }

    /// The day's place in the week, Monday 0 (its bit in a days mask).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label of this day in the forms.
    pub fn label(self) -> Text {
        match self {
            Weekday::Mon => Text::DayMon,
            Weekday::Tue => Text::DayTue,
            Weekday::Wed => Text::DayWed,
            Weekday::Thu => Text::DayThu,
            Weekday::Fri => Text::DayFri,
            Weekday::Sat => Text::DaySat,
            Weekday::Sun => Text::DaySun,
        }
    }
}

/// The office words of a unit (`office`). The engine's [`Office`] is the
/// type; its file words and labels live here, with the other vocabularies,
/// so the simulation core knows nothing of files or languages.
impl Office {
    /// Every office, front to back (the diagram's columns, left to right).
    pub const ALL: [Office; 3] = [Office::Front, Office::Middle, Office::Back];

    /// The word a file writes for this office.
    pub fn key(self) -> &'static str {
        match self {
            Office::Front => "front",
            Office::Middle => "middle",
            Office::Back => "back",
        }
    }

    /// The office a file word names.
    pub fn parse(key: &str) -> Option<Office> {
        Office::ALL.into_iter().find(|office| office.key() == key)
    }

    /// A unit's office as written: front office when the field is left out
    /// (the format's default; other words are refused by the schema).
    pub fn read(key: Option<&str>) -> Office {
        key.and_then(Office::parse).unwrap_or(Office::Front)
    }

    /// The office's place front to back (0 front).
    pub fn column(self) -> usize {
        match self {
            Office::Front => 0,
            Office::Middle => 1,
            Office::Back => 2,
        }
    }

    /// The label of this office.
    pub fn label(self) -> Text {
        match self {
            Office::Front => Text::FrontOffice,
            Office::Middle => Text::MiddleOffice,
            Office::Back => Text::BackOffice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::schema;

    fn keys<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|x| key(*x)).collect()
    }

    #[test]
    fn the_schema_lists_exactly_these_words() {
        // schema.json is static: when a kind, day or task is added here,
        // this test names the schema as the other file to change.
        assert_eq!(
            schema::allowed_words("/units/0/service_minutes/contact/kind"),
            keys(&DistKind::ALL, DistKind::key)
        );
        assert_eq!(
            schema::allowed_words("/units/0/hours/days"),
            keys(&Weekday::ALL, Weekday::key)
        );
        assert_eq!(
            schema::allowed_words("/units/0/office"),
            keys(&Office::ALL, Office::key)
        );
        let fields = schema::node_at("/units/0/service_minutes")
            .and_then(|node| node.get("properties"))
            .and_then(|p| p.as_object())
            .map(|p| p.keys().map(String::as_str).collect::<Vec<_>>())
            .unwrap_or_default();
        let mut tasks = keys(&ServiceTask::ALL, ServiceTask::key);
        let mut fields = fields;
        tasks.sort_unstable();
        fields.sort_unstable();
        assert_eq!(fields, tasks);
        let mut params = schema::node_at("/units/0/service_minutes/contact")
            .and_then(|node| node.get("properties"))
            .and_then(|p| p.as_object())
            .map(|p| {
                p.keys()
                    .filter(|k| *k != "kind")
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        let mut known: Vec<String> = keys(&DistParam::ALL, DistParam::key)
            .into_iter()
            .map(String::from)
            .collect();
        params.sort_unstable();
        known.sort_unstable();
        assert_eq!(params, known);
    }

    #[test]
    fn words_round_trip() {
        for kind in DistKind::ALL {
            assert_eq!(DistKind::parse(kind.key()), Some(kind));
            // Every kind writes exactly the parameters it needs.
            let written: Vec<DistParam> = kind
                .parameters_for_mean(10.0, 1.0)
                .into_iter()
                .map(|(p, _)| p)
                .collect();
            assert_eq!(written, kind.parameters(), "{kind:?}");
        }
        assert_eq!(DistKind::parse("uniform"), None);
        for task in ServiceTask::ALL {
            assert_eq!(ServiceTask::parse(task.key()), Some(task));
            assert_eq!(Task::from_slot(task.slot()), task.task());
        }
        for (i, office) in Office::ALL.into_iter().enumerate() {
            assert_eq!(Office::parse(office.key()), Some(office));
            assert_eq!(office.column(), i);
        }
        assert_eq!(Office::read(None), Office::Front);
        for (i, day) in Weekday::ALL.into_iter().enumerate() {
            assert_eq!(Weekday::parse(day.key()), Some(day));
            assert_eq!(day.index(), i);
        }
    }

    #[test]
    fn a_kind_written_for_a_mean_implies_that_mean() {
        for kind in DistKind::ALL {
            for mean in [0.7, 10.0, 1234.5] {
                let written = kind.parameters_for_mean(mean, 0.6);
                let number = |p: DistParam| written.iter().find(|(q, _)| *q == p).map(|(_, x)| *x);
                let samples = number(DistParam::Values).map(|x| vec![x]);
                let implied = kind.implied_mean(number, samples.as_deref());
                let off = implied.map(|x| (x - mean).abs() / mean);
                assert!(
                    off.is_some_and(|off| off < 1e-12),
                    "{kind:?} {mean}: {implied:?}"
                );
            }
        }
    }
}
