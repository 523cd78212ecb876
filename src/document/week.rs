//! A unit's staffing over the week, as the unit form's Shifts tab draws
//! it: for each weekday and each half hour, how many people serve — the
//! shift block's headcount where a block covers that time, else the base
//! headcount — or nobody, where the opening hours have the unit closed (a
//! block outside opening hours staffs nothing). Read from the validated
//! model with the engine's own rules (`Hours::is_open`,
//! `Unit::servers_at`), so the picture is what a run does.

use crate::sim::model::{TICKS_PER_DAY, TICKS_PER_MINUTE, Unit};

/// Half hours in a day: the grid's columns.
pub const SLOTS: usize = 48;
/// Minutes per column.
pub const SLOT_MINUTES: u64 = 30;

/// Who serves in each half hour of the week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    /// `cells[d][s]`: weekday `d` (0 = Monday), the half hour starting at
    /// `s × 30` minutes; `None` while the unit is closed.
    pub cells: [[Option<u32>; SLOTS]; 7],
}

impl Week {
    /// The staffing of `unit`, read at the start of each half hour.
    pub fn of(unit: &Unit) -> Week {
        let mut cells = [[None; SLOTS]; 7];
        for (d, row) in cells.iter_mut().enumerate() {
            for (s, cell) in row.iter_mut().enumerate() {
                let t = d as u64 * TICKS_PER_DAY + s as u64 * SLOT_MINUTES * TICKS_PER_MINUTE;
                let open = unit.hours.as_ref().is_none_or(|h| h.is_open(t));
                *cell = open.then(|| unit.servers_at(t));
            }
        }
        Week { cells }
    }

    /// The fewest and the most people at work while the unit is open
    /// (`None` if it never opens).
    pub fn range(&self) -> Option<(u32, u32)> {
        let open = self.cells.iter().flatten().flatten().copied();
        open.fold(None, |acc, n| match acc {
            None => Some((n, n)),
            Some((lo, hi)) => Some((lo.min(n), hi.max(n))),
        })
    }

    /// Person-hours at work in a week while the unit is open.
    pub fn person_hours(&self) -> f64 {
        let people: u64 = self
            .cells
            .iter()
            .flatten()
            .flatten()
            .map(|&n| u64::from(n))
            .sum();
        people as f64 * SLOT_MINUTES as f64 / 60.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unit_of(spec: serde_json::Value) -> Unit {
        let mut scenario: serde_json::Value =
            serde_json::from_str(include_str!("../../examples/validation/mm1.json"))
                .expect("example");
        let name = scenario["units"][0]["name"].clone();
        let mut unit = spec;
        unit["name"] = name;
        for (key, value) in scenario["units"][0]
            .as_object()
            .cloned()
            .unwrap_or_default()
        {
            if unit.get(&key).is_none() {
                unit[key] = value;
            }
        }
        scenario["units"][0] = unit;
        let model = crate::scenario::load(&scenario.to_string()).expect("valid");
        model.units[0].clone()
    }

    /// Office hours Monday to Friday 09:00–18:00 with a morning peak of 6
    /// on weekdays 09:00–12:30 and a base of 2: closed at night and at the
    /// weekend, 6 then 2, and the hours add up.
    #[test]
    fn hours_and_shifts_give_the_grid_a_run_follows() {
        let unit = unit_of(json!({
            "headcount": 2,
            "hours": {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"},
            "shifts": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "from": "09:00", "to": "12:30", "headcount": 6}]
        }));
        let week = Week::of(&unit);
        let monday = &week.cells[0];
        assert_eq!(monday[17], None, "08:30 closed");
        assert_eq!(monday[18], Some(6), "09:00 the peak");
        assert_eq!(monday[24], Some(6), "12:00 still the peak");
        assert_eq!(monday[25], Some(2), "12:30 the base");
        assert_eq!(monday[35], Some(2), "17:30 open");
        assert_eq!(monday[36], None, "18:00 closed");
        assert!(
            week.cells[5].iter().all(Option::is_none),
            "Saturday closed, its block staffs nobody"
        );
        assert_eq!(week.range(), Some((2, 6)));
        // Five days of 3.5 h × 6 and 5.5 h × 2.
        assert_eq!(week.person_hours(), 5.0 * (3.5 * 6.0 + 5.5 * 2.0));
    }

    /// A unit open around the clock without shifts: its headcount in every
    /// cell.
    #[test]
    fn an_always_open_unit_without_shifts_is_flat() {
        let unit = unit_of(json!({"headcount": 3}));
        let week = Week::of(&unit);
        assert!(week.cells.iter().flatten().all(|c| *c == Some(3)));
        assert_eq!(week.range(), Some((3, 3)));
        assert_eq!(week.person_hours(), 3.0 * 24.0 * 7.0);
    }
}
