//! Explaining the difference between two scenarios: the KPI difference
//! B − A attributed to groups of inputs by Shapley values.
//!
//! ```text
//! let plan = Plan::new(&a, &b, samples, seed)?;             // groups, coalitions, their models
//! let values = crn::kpi_values(&plan.models, seed, n, kpi);   // run them (any way, any order)
//! let explanation = plan.explain(kpi, &values);               // contributions with intervals
//! ```
//!
//! Each coalition of groups is the scenario A with B's values at the
//! coalition's paths; the empty coalition is A itself and the grand one B
//! itself, so the total is exactly the paired difference `orgflow run A B`
//! reports. All coalitions run on the same replications (common random
//! numbers), and the Shapley decomposition is computed per replication:
//! in replication `r` the contributions add up to `v_r(B) − v_r(A)`
//! exactly (up to rounding). Each contribution's mean and 95 % interval are
//! then taken across replications, like a paired difference's.
//!
//! Up to [`MAX_EXACT_GROUPS`] groups the values are exact (every one of the
//! `2^g` coalitions runs); beyond, they come from sampled permutations (in
//! antithetic pairs), and the output says how many. Their interval covers
//! the replications' randomness, not the choice of permutations.

use serde_json::{Value, json};

use super::coalition::{self, Moved};
use super::crn::Estimate;
use super::groups::{self, Assigned, Group};
use super::shapley::{Design, Method};
use crate::i18n::Lang;
use crate::report::{Kpi, text};
use crate::scenario::Scenario;
use crate::scenario::diff::{diff, with_defaults};
use crate::sim::Model;

/// Exact Shapley values up to this many groups (`2^8` = 256 coalitions).
pub const MAX_EXACT_GROUPS: usize = 8;

/// Permutations sampled beyond [`MAX_EXACT_GROUPS`] unless asked otherwise.
pub const DEFAULT_SAMPLES: usize = 8;

/// What to run: the groups, the coalitions and their models.
#[derive(Clone, Debug)]
pub struct Plan {
    pub baseline: String,
    pub candidate: String,
    /// Every difference and its group (after any moves).
    pub assigned: Vec<Assigned>,
    /// The groups present, in output order; player `i` of the design.
    pub groups: Vec<Group>,
    pub design: Design,
    /// The coalitions to run (masks over `groups`), ascending.
    pub coalitions: Vec<u32>,
    /// One model per coalition.
    pub models: Vec<Model>,
    /// One scenario file per coalition (what the app's workers load: they
    /// take scenario text, not models).
    pub scenarios: Vec<String>,
    /// Differences moved between groups to keep every coalition valid.
    pub moved: Vec<Moved>,
}

/// Why there is no plan: a scenario or a coalition that cannot be loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanError {
    /// What failed: `A`, `B` or the coalition's group keys.
    pub what: String,
    pub errors: Vec<crate::scenario::ValidationError>,
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<String> = self.errors.iter().map(|e| e.message(Lang::En)).collect();
        write!(
            f,
            "{} is not a valid scenario: {}",
            self.what,
            messages.join("; ")
        )
    }
}

fn load_error(what: &str, errors: &[crate::scenario::ValidationError]) -> PlanError {
    PlanError {
        what: what.to_string(),
        errors: errors.to_vec(),
    }
}

impl Plan {
    /// Groups the differences between `a` and `b`, chooses exact or
    /// sampled values (`samples` permutations from `seed`), and loads
    /// every coalition, moving differences between groups until each one
    /// is valid (see [`coalition::repair`]).
    pub fn new(a: &Scenario, b: &Scenario, samples: usize, seed: u64) -> Result<Plan, PlanError> {
        let model_a = crate::scenario::validate(a).map_err(|e| load_error("A", &e))?;
        let model_b = crate::scenario::validate(b).map_err(|e| load_error("B", &e))?;
        let a_value = serde_json::to_value(with_defaults(a)).unwrap_or(Value::Null);
        let b_value = serde_json::to_value(with_defaults(b)).unwrap_or(Value::Null);
        let mut assigned = groups::assign(&diff(a, b).differences);
        let mut moved = Vec::new();
        loop {
            let groups = groups::present(&assigned);
            let design = if groups.len() <= MAX_EXACT_GROUPS {
                Design::exact(groups.len())
            } else {
                Design::sampled(groups.len(), samples, seed)
            };
            let coalitions = design.coalitions();
            let grand = design.grand();
            let mut models = Vec::with_capacity(coalitions.len());
            let mut scenarios = Vec::with_capacity(coalitions.len());
            let mut failure = None;
            for &mask in &coalitions {
                if mask == 0 {
                    models.push(model_a.clone());
                    scenarios.push(a_value.to_string());
                    continue;
                }
                if mask == grand {
                    models.push(model_b.clone());
                    scenarios.push(b_value.to_string());
                    continue;
                }
                let members = members(&groups, mask);
                let value = coalition::mixture(
                    &a_value,
                    &b_value,
                    assigned.iter().filter(|d| members.contains(&d.group)),
                );
                match coalition::load(&value) {
                    Ok(model) => {
                        models.push(model);
                        scenarios.push(value.to_string());
                    }
                    Err(errors) => {
                        failure = Some((members, value, errors));
                        break;
                    }
                }
            }
            let Some((members, value, errors)) = failure else {
                return Ok(Plan {
                    baseline: model_a.meta.name_en.clone(),
                    candidate: model_b.meta.name_en.clone(),
                    assigned,
                    groups,
                    design,
                    coalitions,
                    models,
                    scenarios,
                    moved,
                });
            };
            match coalition::repair(&mut assigned, &members, &value, &errors) {
                Some(step) => moved.extend(step),
                None => {
                    let keys: Vec<&str> = members.iter().map(|g| g.key()).collect();
                    return Err(load_error(
                        &format!("A with B's {}", keys.join(", ")),
                        &errors,
                    ));
                }
            }
        }
    }

    /// The paths of a group, as written.
    pub fn paths(&self, group: Group) -> Vec<String> {
        self.assigned
            .iter()
            .filter(|d| d.group == group)
            .map(|d| d.text.clone())
            .collect()
    }

    /// The explanation from `values[c][r]`: `kpi` of coalition
    /// `self.coalitions[c]` in replication `r` (see [`super::crn`]).
    pub fn explain(&self, kpi: Kpi, values: &[Vec<f64>]) -> Explanation {
        let replications = values.iter().map(Vec::len).min().unwrap_or(0);
        let index = |mask: u32| self.coalitions.binary_search(&mask).unwrap_or(0);
        let (empty, grand) = (index(0), index(self.design.grand()));
        let mut totals = Vec::with_capacity(replications);
        let mut per_group: Vec<Vec<f64>> =
            vec![Vec::with_capacity(replications); self.groups.len()];
        // Missing values read as 0 (the caller hands one row per
        // coalition; `replications` is the shortest row).
        let at = |c: usize, r: usize| {
            values
                .get(c)
                .and_then(|row| row.get(r))
                .copied()
                .unwrap_or(0.0)
        };
        for r in 0..replications {
            let value = |mask: u32| at(index(mask), r);
            totals.push(at(grand, r) - at(empty, r));
            for (column, phi) in per_group.iter_mut().zip(self.design.values(value)) {
                column.push(phi);
            }
        }
        let contributions = self
            .groups
            .iter()
            .zip(&per_group)
            .map(|(&group, column)| Contribution {
                group,
                paths: self.paths(group),
                estimate: Estimate::of(column),
            })
            .collect();
        Explanation {
            kpi,
            baseline: self.baseline.clone(),
            candidate: self.candidate.clone(),
            replications: replications as u32,
            total: Estimate::of(&totals),
            contributions,
            samples: match &self.design.method {
                Method::Exact => None,
                Method::Sampled { permutations } => Some(permutations.len()),
            },
            coalitions: self.coalitions.len(),
            moved: self.moved.clone(),
        }
    }
}

/// The groups of a coalition mask.
fn members(groups: &[Group], mask: u32) -> Vec<Group> {
    groups
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, g)| *g)
        .collect()
}

/// One group's share of the difference.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    pub group: Group,
    pub paths: Vec<String>,
    pub estimate: Estimate,
}

/// The difference B − A of one KPI and its attribution to groups.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    pub kpi: Kpi,
    pub baseline: String,
    pub candidate: String,
    pub replications: u32,
    pub total: Estimate,
    pub contributions: Vec<Contribution>,
    /// Permutations sampled; `None` for exact values.
    pub samples: Option<usize>,
    /// How many coalitions ran (A and B included).
    pub coalitions: usize,
    pub moved: Vec<Moved>,
}

impl Explanation {
    /// `{"kpi", "total": {"mean", "ci95"}, "contributions": [{"group",
    /// "paths", "mean", "ci95"}], …}` with the method, the number of
    /// samples (null when exact), coalitions, replications and moves.
    pub fn to_json_value(&self) -> Value {
        let contributions: Vec<Value> = self
            .contributions
            .iter()
            .map(|c| {
                json!({
                    "group": c.group.key(),
                    "label": Lang::En.text(c.group.label()),
                    "paths": c.paths,
                    "mean": c.estimate.mean,
                    "ci95": c.estimate.ci95,
                })
            })
            .collect();
        let moved: Vec<Value> = self
            .moved
            .iter()
            .map(|m| json!({"path": m.path, "from": m.from.key(), "to": m.to.key(), "because": m.because(Lang::En)}))
            .collect();
        json!({
            "kpi": self.kpi.key(),
            "baseline": self.baseline,
            "candidate": self.candidate,
            "replications": self.replications,
            "method": if self.samples.is_some() { "sampled" } else { "exact" },
            "samples": self.samples,
            "coalitions": self.coalitions,
            "total": self.total.to_json_value(),
            "contributions": contributions,
            "moved": moved,
        })
    }

    /// A plain-text table for terminals, in the style of `run`'s
    /// comparison: one line per group (its contribution and ± half-width),
    /// its paths beneath, the total last.
    pub fn table(&self, out: &mut String) {
        let half = |e: &Estimate| {
            e.ci95
                .map_or_else(|| "–".to_string(), |c| format!("{c:.4}"))
        };
        out.push_str(&format!(
            "{}: {} − {} ({} paired replications)\n",
            self.kpi.key(),
            text::terminal(&self.candidate),
            text::terminal(&self.baseline),
            self.replications
        ));
        let groups = self.contributions.len();
        out.push_str(&match self.samples {
            None => format!(
                "exact Shapley values over {groups} groups ({} coalitions run)\n\n",
                self.coalitions
            ),
            Some(samples) => format!(
                "Shapley values from {samples} sampled permutations over {groups} groups ({} coalitions run)\n\n",
                self.coalitions
            ),
        });
        out.push_str(&format!(
            "  {:<30} {:>14}   {:<12}\n",
            "group", "contribution", "±95%"
        ));
        for c in &self.contributions {
            out.push_str(&format!(
                "  {:<30} {:>+14.4} ± {:<12} {}\n",
                c.group.key(),
                c.estimate.mean,
                half(&c.estimate),
                Lang::En.text(c.group.label())
            ));
            for path in &c.paths {
                out.push_str(&format!("      {}\n", text::terminal(path)));
            }
        }
        out.push_str(&format!(
            "  {:<30} {:>+14.4} ± {:<12}\n",
            "total (B − A)",
            self.total.mean,
            half(&self.total)
        ));
        for m in &self.moved {
            out.push_str(&format!(
                "moved {} from {} to {}: {}\n",
                text::terminal(&m.path),
                m.from.key(),
                m.to.key(),
                text::terminal(&m.because(Lang::En))
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::crn;
    use serde_json::json;

    fn scenario(value: &Value) -> Scenario {
        let parsed =
            crate::scenario::parse(&value.to_string()).unwrap_or_else(|e| panic!("{e:#?}"));
        crate::scenario::validate(&parsed).unwrap_or_else(|e| panic!("{e:#?}"));
        parsed
    }

    /// A desk that answers every lead, and a back office nobody routes to.
    fn base() -> Value {
        json!({
            "version": 1,
            "name": {"en": "A", "zh": "甲"},
            "horizon": {"days": 3},
            "grades": [{"name": "H", "share_percent": 100, "expected_response_minutes": 60}],
            "sources": [{"name": "web", "leads_per_day": 400, "entry_unit": "desk"}],
            "units": [
                {"name": "desk", "headcount": 2,
                 "service_minutes": {"contact": {"kind": "exponential", "mean": 6}}},
                {"name": "idle", "headcount": 1,
                 "service_minutes": {"contact": {"kind": "exponential", "mean": 6}}}
            ]
        })
    }

    fn explain(a: &Value, b: &Value, kpi: Kpi, replications: u32) -> Explanation {
        let plan = Plan::new(&scenario(a), &scenario(b), DEFAULT_SAMPLES, 3)
            .unwrap_or_else(|e| panic!("{e}"));
        let values = crn::kpi_values(&plan.models, 3, replications, kpi);
        plan.explain(kpi, &values)
    }

    fn sum_of_means(e: &Explanation) -> f64 {
        e.contributions.iter().map(|c| c.estimate.mean).sum()
    }

    #[test]
    fn one_changed_input_gets_the_whole_difference() {
        let a = base();
        let mut b = base();
        b["units"][0]["headcount"] = json!(3);
        let e = explain(&a, &b, Kpi::FirstResponseMinutes, 6);
        assert_eq!(e.contributions.len(), 1, "{e:#?}");
        let only = &e.contributions[0];
        assert_eq!(only.group, Group::Headcount);
        assert_eq!(only.paths, ["units[desk].headcount"]);
        // A third server shortens the wait: a real, significant difference.
        assert!(e.total.mean < 0.0 && !e.total.contains(0.0), "{e:#?}");
        assert!((only.estimate.mean - e.total.mean).abs() < 1e-9);
        assert_eq!(
            only.estimate.ci95.map(|c| (c * 1e6).round()),
            e.total.ci95.map(|c| (c * 1e6).round())
        );
        assert_eq!(e.samples, None);
        assert_eq!(e.coalitions, 2);
    }

    #[test]
    fn contributions_add_up_and_an_unreachable_unit_contributes_nothing() {
        let a = base();
        let mut b = base();
        // Relevant: slower contacts at the desk, and its hours.
        b["units"][0]["service_minutes"]["contact"]["mean"] = json!(7);
        b["units"][0]["hours"] = json!({"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "open": "06:00", "close": "23:00"});
        // Irrelevant: the headcount of a unit no lead ever reaches.
        b["units"][1]["headcount"] = json!(5);
        let e = explain(&a, &b, Kpi::FirstResponseMinutes, 8);
        let groups: Vec<Group> = e.contributions.iter().map(|c| c.group).collect();
        assert_eq!(
            groups,
            [Group::Hours, Group::Headcount, Group::ServiceTimes]
        );
        assert!(
            (sum_of_means(&e) - e.total.mean).abs() <= 1e-9 * e.total.mean.abs().max(1.0),
            "{e:#?}"
        );
        let idle = &e.contributions[1];
        assert_eq!(idle.paths, ["units[idle].headcount"]);
        assert!(idle.estimate.contains(0.0), "{idle:#?}");
        // The slower contacts lengthen the first response for sure.
        let slower = &e.contributions[2];
        assert!(
            slower.estimate.mean > 0.0 && !slower.estimate.contains(0.0),
            "{slower:#?}"
        );
        // The JSON has the promised shape.
        let value = e.to_json_value();
        assert_eq!(value["kpi"], "first_response_minutes");
        assert!(value["total"]["mean"].is_number() && value["total"]["ci95"].is_number());
        assert_eq!(value["contributions"][1]["group"], "headcount");
        assert_eq!(
            value["contributions"][1]["paths"],
            json!(["units[idle].headcount"])
        );
        assert_eq!(value["method"], "exact");
    }

    #[test]
    fn the_faw_vw_pair_plans_valid_coalitions_whose_ends_are_a_and_b() {
        let preset = |id: &str| {
            crate::scenario::presets()
                .into_iter()
                .find(|p| p.id == id)
                .map(|p| crate::scenario::parse(p.json).unwrap_or_else(|e| panic!("{e:#?}")))
                .unwrap_or_else(|| panic!("preset {id}"))
        };
        let a = preset("faw_vw_front_back_before");
        let b = preset("faw_vw_front_middle_back_after");
        let plan = Plan::new(&a, &b, DEFAULT_SAMPLES, 2025).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.models.len(), plan.coalitions.len());
        // Renamed units and everything naming them share the structure
        // group; the breach settings of the link that re-routes to a new
        // unit moved there, said so, and nothing was dropped.
        let structure = plan.paths(Group::Structure);
        for path in [
            "units[call_center]",
            "units[online_consultants]",
            "links[brand].entry_unit",
            "funnel.remarketing.unit",
            "links[dealer].on_breach",
        ] {
            assert!(structure.iter().any(|p| p == path), "{path}: {structure:?}");
        }
        assert!(
            plan.moved
                .iter()
                .any(|m| m.path == "links[dealer].on_breach")
        );
        assert_eq!(plan.assigned.len(), diff(&a, &b).differences.len());
        assert!(plan.groups.len() > MAX_EXACT_GROUPS, "{:?}", plan.groups);
        // The mixture with every group is B, and with none A, model for
        // model: the total is exactly the paired difference of `run A B`.
        let value = |s: &Scenario| serde_json::to_value(with_defaults(s)).unwrap_or(Value::Null);
        let everything = coalition::mixture(&value(&a), &value(&b), plan.assigned.iter());
        let nothing = coalition::mixture(&value(&a), &value(&b), std::iter::empty());
        // (The mixtures keep A's name and id: documentation, not model.)
        let same = |mixture: &Value, s: &Scenario| {
            let (Ok(mut mixed), Ok(model)) =
                (coalition::load(mixture), crate::scenario::validate(s))
            else {
                return false;
            };
            mixed.meta = model.meta.clone();
            mixed == model
        };
        assert!(
            same(&everything, &b),
            "the mixture with every group is not B"
        );
        assert!(same(&nothing, &a), "the mixture with no group is not A");
        // The app's workers load each coalition from its text: the same
        // model as the plan's.
        assert_eq!(plan.scenarios.len(), plan.models.len());
        for (text, model) in plan.scenarios.iter().zip(&plan.models) {
            let loaded = crate::scenario::load(text).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(&loaded == model, "a coalition's text loads another model");
        }
    }
}
