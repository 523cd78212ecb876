//! The journeys of one traced replication as CSV, in two forms that the
//! importer ([`super::log::parse`]) both reads, so one file serves process
//! mining and the round trip:
//!
//! - the **event log** ([`event_log`]): a header, then one row per activity
//!   `case_id, activity, unit, start, end, grade, source, link, channel`
//!   (activities: [`Activity::key`]; a milestone has `start = end`; `unit`
//!   empty where none; `channel` is the case's channel once it qualified);
//! - the **lead log** ([`lead_log`]): one row per lead in the columns of
//!   [`Column`], what a CRM export looks like.
//!
//! Simulated time 0 is written as 2024-01-01T00:00:00Z, a Monday like the
//! model's day 0, so weekday and hour profiles read back as they went in.

use super::columns::{Column, EventColumn};
use super::csv::write_field;
use super::log::{LeadRow, Log, LogForm, Names};
use super::time::{self, MS_PER_DAY, Offset, Stamp};
use crate::sim::Model;
use crate::sim::trace::{Activity, NONE, Trace};

/// Milliseconds since 1970 of simulated time 0 (2024-01-01T00:00Z, a Monday).
pub fn epoch_ms() -> i64 {
    time::days_from_date(2024, 1, 1) * MS_PER_DAY
}

/// A simulated tick (1 ms) as milliseconds since 1970.
pub fn tick_ms(tick: u64) -> i64 {
    epoch_ms().saturating_add(i64::try_from(tick).unwrap_or(i64::MAX / 2))
}

fn name(list: &[&str], index: u16) -> String {
    if index == NONE {
        String::new()
    } else {
        list.get(usize::from(index))
            .map_or(String::new(), |s| s.to_string())
    }
}

struct Names4<'m> {
    units: Vec<&'m str>,
    grades: Vec<&'m str>,
    sources: Vec<&'m str>,
    links: Vec<&'m str>,
    channels: Vec<&'m str>,
}

impl<'m> Names4<'m> {
    fn of(model: &'m Model) -> Names4<'m> {
        Names4 {
            units: model.units.iter().map(|u| u.name.as_str()).collect(),
            grades: model.grades.iter().map(|g| g.name.as_str()).collect(),
            sources: model.sources.iter().map(|s| s.name.as_str()).collect(),
            links: model.links.iter().map(|l| l.name.as_str()).collect(),
            channels: model
                .funnel
                .as_ref()
                .map(|f| f.channels.iter().map(|c| c.name.as_str()).collect())
                .unwrap_or_default(),
        }
    }
}

/// The event log of a traced replication.
pub fn event_log(model: &Model, trace: &Trace) -> String {
    let names = Names4::of(model);
    let mut out = String::with_capacity(trace.steps.len() * 120);
    let header: Vec<&str> = EventColumn::ALL.iter().map(|c| c.key()).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for step in &trace.steps {
        let Some(case) = trace.cases.get(step.case as usize) else {
            continue;
        };
        for column in EventColumn::ALL {
            if column != EventColumn::CaseId {
                out.push(',');
            }
            match column {
                EventColumn::CaseId => out.push_str(&(step.case + 1).to_string()),
                EventColumn::Activity => out.push_str(step.activity.key()),
                EventColumn::Unit => write_field(&mut out, &name(&names.units, step.unit)),
                EventColumn::Start => time::format_utc(tick_ms(step.start), &mut out),
                EventColumn::End => time::format_utc(tick_ms(step.end), &mut out),
                EventColumn::Grade => write_field(&mut out, &name(&names.grades, case.grade)),
                EventColumn::Source => write_field(&mut out, &name(&names.sources, case.source)),
                EventColumn::Link => write_field(&mut out, &name(&names.links, case.link)),
                EventColumn::Channel => write_field(&mut out, &name(&names.channels, case.channel)),
            }
        }
        out.push('\n');
    }
    out
}

/// The lead log of a traced replication (one row per lead).
pub fn lead_log(model: &Model, trace: &Trace) -> String {
    let names = Names4::of(model);
    let rows = fold(trace);
    let mut out = String::with_capacity(rows.len() * 160);
    let header: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    let stamp = |out: &mut String, t: Option<i64>| {
        if let Some(t) = t {
            time::format_utc(t, out);
        }
    };
    for (id, (case, row)) in trace.cases.iter().zip(&rows).enumerate() {
        for column in Column::ALL {
            if column != Column::LeadId {
                out.push(',');
            }
            match column {
                Column::LeadId => out.push_str(&(id + 1).to_string()),
                Column::CreatedAt => stamp(&mut out, Some(row.created.utc_ms)),
                Column::Source => write_field(&mut out, &name(&names.sources, case.source)),
                Column::Grade => write_field(&mut out, &name(&names.grades, case.grade)),
                Column::Link => write_field(&mut out, &name(&names.links, case.link)),
                Column::FirstContactAt => stamp(&mut out, row.first_contact),
                Column::QualifiedAt => stamp(&mut out, row.qualified),
                Column::OrderAt => stamp(&mut out, row.order),
                Column::Channel => write_field(&mut out, &name(&names.channels, case.channel)),
                Column::LostAt => stamp(&mut out, row.lost),
            }
        }
        out.push('\n');
    }
    out
}

/// Each case's lead row, folded from its steps like the importer folds an
/// event log (the first contact, qualification, order and loss). Names are
/// the model's indices.
fn fold(trace: &Trace) -> Vec<LeadRow> {
    let mut rows: Vec<LeadRow> = trace
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| LeadRow {
            line: i as u32 + 2,
            created: Stamp {
                utc_ms: tick_ms(c.created),
                offset: Offset(0),
            },
            source: Some(u32::from(c.source)),
            grade: Some(u32::from(c.grade)),
            link: (c.link != NONE).then_some(u32::from(c.link)),
            channel: (c.channel != NONE).then_some(u32::from(c.channel)),
            first_contact: None,
            qualified: None,
            order: None,
            lost: None,
        })
        .collect();
    for step in &trace.steps {
        let Some(row) = rows.get_mut(step.case as usize) else {
            continue;
        };
        let t = tick_ms(step.start);
        match step.activity {
            Activity::FirstContact => {
                row.first_contact.get_or_insert(t);
            }
            Activity::Qualified => {
                row.qualified.get_or_insert(t);
            }
            Activity::Order => {
                row.order.get_or_insert(t);
            }
            a if a.is_loss() => {
                row.lost.get_or_insert(t);
            }
            _ => {}
        }
    }
    rows
}

/// The measured leads of a traced replication (arrived after the warm-up)
/// as a [`Log`] whose names are the model's, for the back-test.
pub fn measured_log(model: &Model, trace: &Trace) -> Log {
    let rows = fold(trace)
        .into_iter()
        .zip(&trace.cases)
        .filter(|(_, c)| c.measured && c.created < model.horizon)
        .map(|(r, _)| r)
        .collect();
    let names = |list: Vec<&str>| {
        let mut n = Names::default();
        for name in list {
            n.intern(name);
        }
        n
    };
    let all = Names4::of(model);
    Log {
        form: LogForm::Events,
        columns: Column::ALL.to_vec(),
        rows,
        bad: Vec::new(),
        bad_count: 0,
        sources: names(all.sources),
        grades: names(all.grades),
        links: names(all.links),
        channels: names(all.channels),
    }
}
