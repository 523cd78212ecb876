//! What the optimiser may change: a unit's base headcount, or the
//! headcount of one of its shift blocks (a *lever*), and what one person
//! more on a lever costs.
//!
//! The vary set is the named units (`--vary UNIT`), by default every
//! front-office unit (the people who answer leads). A unit without shifts
//! is one lever; a unit with shifts is one lever per block plus one for the
//! hours outside every block. A lever on which nobody can ever work in the
//! measured window (a block while the unit is closed, a base headcount that
//! the blocks cover entirely) changes nothing and costs nothing, so it is
//! left out. Committees are not staffed by headcount (their members meet
//! on a cadence) and cannot be varied.

use crate::i18n::Lang;
use crate::scenario::Scenario;
use crate::sim::Model;
use crate::sim::model::Office;

/// One headcount the search may set.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    /// Index of the unit (in the scenario and the model alike).
    pub unit: usize,
    /// `None`: the unit's base headcount; `Some(j)`: its `shifts[j]`.
    pub block: Option<usize>,
    /// `UNIT` or `UNIT.shifts[j]`: the key in outputs.
    pub label: String,
    /// The least headcount allowed (the schema's: 1 for a base headcount,
    /// 0 for a block).
    pub min: u32,
    /// Staffed minutes one person on this lever adds in the measured
    /// arrival window (the window staff cost is charged over).
    pub minutes_per_person: f64,
    /// The unit's hourly cost per person.
    pub hourly_cost: f64,
}

/// Why the vary set cannot be made.
#[derive(Clone, Debug, PartialEq)]
pub enum VaryError {
    /// A name that is no unit of the scenario.
    UnknownUnit { found: String, known: Vec<String> },
    /// A committee has members on a cadence, not headcount to vary.
    Committee { unit: String },
    /// Nothing to vary: no front-office unit, or every named unit is
    /// closed whenever its levers would staff it.
    Nothing,
}

impl VaryError {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            VaryError::UnknownUnit { found, known } => {
                if zh {
                    format!("“{found}” 不是场景中的单位；可用：{}", known.join("、"))
                } else {
                    format!(
                        "\"{found}\" is not a unit of the scenario; allowed: {}",
                        known.join(", ")
                    )
                }
            }
            VaryError::Committee { unit } => {
                if zh {
                    format!("“{unit}” 是委员会，按会议节奏决策，不能调整人数")
                } else {
                    format!("\"{unit}\" is a committee (it meets on a cadence); its headcount is not varied")
                }
            }
            VaryError::Nothing => (if zh {
                "没有可调整的人数：没有前台单位，或所选单位在测量期内从不开放"
            } else {
                "nothing to vary: no front-office unit, or the units named are never open in the measured window"
            })
            .to_string(),
        }
    }
}

impl Lever {
    /// The lever's headcount in `model`.
    pub fn get(&self, model: &Model) -> u32 {
        let unit = &model.units[self.unit];
        match self.block {
            None => unit.servers,
            Some(j) => unit.shifts.get(j).map_or(0, |s| s.servers),
        }
    }

    /// Sets the lever's headcount in `model` (which must be the model the
    /// levers were made from, or a copy).
    pub fn set(&self, model: &mut Model, headcount: u32) {
        let unit = &mut model.units[self.unit];
        match self.block {
            None => unit.servers = headcount.max(1),
            Some(j) => {
                if let Some(shift) = unit.shifts.get_mut(j) {
                    shift.servers = headcount;
                }
            }
        }
    }

    /// Sets the lever's headcount in the scenario file the model came
    /// from (validation keeps the order of units and of shift blocks).
    pub fn set_in(&self, scenario: &mut Scenario, headcount: u32) {
        let Some(unit) = scenario.units.get_mut(self.unit) else {
            return;
        };
        match self.block {
            None => unit.headcount = headcount.max(1),
            Some(j) => {
                if let Some(shift) = unit.shifts.get_mut(j) {
                    shift.headcount = headcount;
                }
            }
        }
    }

    /// The field path the lever sets (for an assumption's `covers`).
    pub fn path(&self, scenario: &Scenario) -> String {
        let name = scenario
            .units
            .get(self.unit)
            .map_or("", |u| u.name.as_str())
            .replace('\\', "\\\\")
            .replace(']', "\\]");
        match self.block {
            None => format!("units[{name}].headcount"),
            Some(j) => format!("units[{name}].shifts[{j}].headcount"),
        }
    }

    /// What one person more on this lever costs over the window.
    pub fn cost_per_person(&self) -> f64 {
        self.minutes_per_person / 60.0 * self.hourly_cost
    }
}

/// The levers of the named units (every front-office unit when `names` is
/// empty), in the scenario's order of units and blocks.
pub fn levers(model: &Model, names: &[String]) -> Result<Vec<Lever>, VaryError> {
    let known: Vec<String> = model.units.iter().map(|u| u.name.clone()).collect();
    let mut chosen = Vec::new();
    if names.is_empty() {
        chosen.extend(
            model
                .units
                .iter()
                .enumerate()
                .filter(|(_, u)| u.office == Office::Front && u.committee.is_none())
                .map(|(i, _)| i),
        );
    } else {
        for name in names {
            let index =
                known
                    .iter()
                    .position(|k| k == name)
                    .ok_or_else(|| VaryError::UnknownUnit {
                        found: name.clone(),
                        known: known.clone(),
                    })?;
            if model.units[index].committee.is_some() {
                return Err(VaryError::Committee { unit: name.clone() });
            }
            if !chosen.contains(&index) {
                chosen.push(index);
            }
        }
        chosen.sort_unstable();
    }
    let (from, to) = (model.warmup, model.horizon);
    let mut levers = Vec::new();
    for index in chosen {
        let unit = &model.units[index];
        let blocks = unit.shifts.len();
        for block in std::iter::once(None).chain((0..blocks).map(Some)) {
            // One person on this lever and nobody elsewhere: the staffed
            // minutes are then exactly the lever's share of the unit's.
            let mut alone = unit.clone();
            alone.servers = u32::from(block.is_none());
            for (j, shift) in alone.shifts.iter_mut().enumerate() {
                shift.servers = u32::from(block == Some(j));
            }
            let minutes = alone.staffed_minutes(from, to);
            if minutes <= 0.0 {
                continue;
            }
            levers.push(Lever {
                unit: index,
                block,
                label: match block {
                    None => unit.name.clone(),
                    Some(j) => format!("{}.shifts[{j}]", unit.name),
                },
                min: u32::from(block.is_none()),
                minutes_per_person: minutes,
                hourly_cost: unit.hourly_cost,
            });
        }
    }
    if levers.is_empty() {
        return Err(VaryError::Nothing);
    }
    Ok(levers)
}
