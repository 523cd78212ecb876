//! The graph the units form: routed hand-offs must let every lead leave
//! (and how many contacts a lead makes following them), and escalation
//! chains must not loop (and how high the authority up a chain reaches).

use super::Checker;
use crate::scenario::error::ErrorKind;
use crate::sim::model::Unit;

/// The largest expected number of contacts a lead makes once it enters a
/// unit, and that unit (1 and unit 0 when routes trap leads: that is
/// reported instead).
pub(super) struct Visits {
    pub most: f64,
    pub unit: usize,
}

/// Reports units whose routes trap leads (no sequence of routes reaches
/// "no further route"), then counts the visits routes cause.
pub(super) fn routed_visits(c: &mut Checker, units: &[Unit]) -> Visits {
    let mut can_leave: Vec<bool> = units
        .iter()
        .map(|u| u.routes.last().is_none_or(|(_, cum)| *cum < 1.0 - 1e-9))
        .collect();
    loop {
        let mut changed = false;
        for (i, unit) in units.iter().enumerate() {
            if !can_leave[i] {
                let mut previous = 0.0;
                for &(to, cum) in &unit.routes {
                    if cum > previous && can_leave[to] {
                        can_leave[i] = true;
                        changed = true;
                        break;
                    }
                    previous = cum;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let trapped: Vec<String> = units
        .iter()
        .zip(&can_leave)
        .filter(|(_, ok)| !**ok)
        .map(|(u, _)| u.name.clone())
        .collect();
    if !trapped.is_empty() {
        for (i, ok) in can_leave.iter().enumerate() {
            if !ok {
                c.push(
                    format!("units[{i}].routes"),
                    ErrorKind::RoutingLoop {
                        units: trapped.clone(),
                    },
                );
            }
        }
        return Visits { most: 1.0, unit: 0 };
    }
    let (most, unit) = expected_visits(units);
    Visits { most, unit }
}

/// The largest expected number of contacts a lead makes once it enters a
/// unit, following routes until none applies, and that unit: the solution
/// of `v = 1 + P·v` by Gaussian elimination (at most 200 units). Only called
/// when every unit can be left, so `I − P` is invertible; a near-singular
/// system (probabilities a hair below 1) gives a huge or infinite count.
fn expected_visits(units: &[Unit]) -> (f64, usize) {
    if units.iter().all(|u| u.routes.is_empty()) {
        return (1.0, 0);
    }
    let n = units.len();
    let mut a = vec![vec![0.0; n + 1]; n];
    for (i, unit) in units.iter().enumerate() {
        a[i][i] += 1.0;
        a[i][n] = 1.0;
        let mut previous = 0.0;
        for &(to, cumulative) in &unit.routes {
            a[i][to] -= cumulative - previous;
            previous = cumulative;
        }
    }
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-300 {
            return (f64::INFINITY, col);
        }
        let pivot_row = a[col].clone();
        for (row, values) in a.iter_mut().enumerate() {
            if row != col && values[col] != 0.0 {
                let factor = values[col] / p;
                for (x, y) in values.iter_mut().zip(&pivot_row).skip(col) {
                    *x -= factor * y;
                }
            }
        }
    }
    (0..n)
        .map(|i| (a[i][n] / a[i][i], i))
        .map(|(v, i)| {
            (
                if v.is_finite() && v >= 0.0 {
                    v
                } else {
                    f64::INFINITY
                },
                i,
            )
        })
        .fold((1.0, 0), |best, x| if x.0 > best.0 { x } else { best })
}

/// Reports each escalation cycle once (at the unit it starts from) and
/// returns which units are in one.
pub(super) fn escalation_cycles(c: &mut Checker, units: &[Unit]) -> Vec<bool> {
    let mut in_cycle = vec![false; units.len()];
    for start in 0..units.len() {
        let mut seen = vec![start];
        let mut current = start;
        while let Some(next) = units[current].escalate_to {
            if next == start {
                if !in_cycle[start] {
                    for &member in &seen {
                        in_cycle[member] = true;
                    }
                    let mut cycle: Vec<String> =
                        seen.iter().map(|&u| units[u].name.clone()).collect();
                    cycle.push(units[start].name.clone());
                    c.push(
                        format!("units[{start}].escalate_to"),
                        ErrorKind::EscalationCycle { cycle },
                    );
                }
                break;
            }
            if seen.contains(&next) {
                break; // a cycle further up, reported from its own start
            }
            seen.push(next);
            current = next;
        }
    }
    in_cycle
}

/// The units above `from` on its escalation chain, nearest first (stops
/// after as many steps as there are units, so a cycle cannot hang it).
pub(super) fn chain_above(units: &[Unit], from: usize) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut current = from;
    while let Some(next) = units[current].escalate_to {
        if chain.len() >= units.len() {
            break;
        }
        chain.push(next);
        current = next;
    }
    chain
}

/// The highest authority on `from`'s escalation chain, its own included.
pub(super) fn highest_authority(units: &[Unit], from: usize) -> u8 {
    chain_above(units, from)
        .into_iter()
        .map(|u| units[u].authority)
        .fold(units[from].authority, u8::max)
}
