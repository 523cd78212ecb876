//! A lead log read into rows: one [`LeadRow`] per lead, names interned,
//! timestamps as milliseconds, and every row that could not be read kept
//! with its line number and the reason ([`BadRow`]), never dropped
//! silently.
//!
//! Two forms are read, told apart by the header:
//!
//! - the **lead log** (one row per lead, the columns of [`Column`]), as a
//!   CRM exports it and as `orgflow events --leads` writes it;
//! - the **event log** (one row per activity, the columns of
//!   [`EventColumn`]), as `orgflow events` writes it for process-mining
//!   tools: its rows are folded into one lead per `case_id` (`created` →
//!   `created_at`, `first_contact` → `first_contact_at`, the first
//!   `qualified`, `order`, and the first loss — `abandoned`,
//!   `not_reached`, `unqualified`, `defeated` — → `lost_at`: the end of the
//!   lead's first cycle, which is when a lead that was never contacted gave
//!   up; a re-marketing cycle's later outcomes keep their own columns);
//!   other activities are services the fit does not need.
//!
//! **What is an error.** A log with no header, without a required column
//! (`lead_id`, `created_at`; for an event log `case_id`, `activity`,
//! `start`), or without a single valid row cannot be fitted:
//! [`LogError`]. Anything else wrong is a bad row: a field count that is
//! not the header's, an empty `lead_id` or `created_at`, a timestamp that
//! cannot be read, an event before the lead was created. Bad rows are left
//! out of the fit, counted, and listed by line.

use std::borrow::Cow;
use std::collections::HashMap;

use super::columns::{Column, EventColumn};
use super::csv::{CsvProblem, Records};
use super::time::{self, Offset, Stamp, TimeProblem};
use crate::i18n::Lang;
use crate::sim::trace::Activity;

/// The most bad rows kept with their reasons; the rest are only counted.
pub const MAX_BAD_ROWS_KEPT: usize = 1000;

/// Names seen in one column, each kept once: rows hold the index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Names {
    /// The index of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }

    pub fn name(&self, index: u32) -> &str {
        self.names.get(index as usize).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Every name, in the order first seen.
    pub fn all(&self) -> &[String] {
        &self.names
    }
}

/// One lead as the log tells it. Times are milliseconds since 1970 (UTC).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeadRow {
    /// 1-based line of the row (an event log: the case's first row).
    pub line: u32,
    pub created: Stamp,
    pub source: Option<u32>,
    pub grade: Option<u32>,
    pub link: Option<u32>,
    pub channel: Option<u32>,
    pub first_contact: Option<i64>,
    pub qualified: Option<i64>,
    pub order: Option<i64>,
    pub lost: Option<i64>,
}

impl LeadRow {
    fn new(line: u32, created: Stamp) -> LeadRow {
        LeadRow {
            line,
            created,
            source: None,
            grade: None,
            link: None,
            channel: None,
            first_contact: None,
            qualified: None,
            order: None,
            lost: None,
        }
    }

    /// Minutes from arrival to `at`.
    pub fn minutes_to(&self, at: i64) -> f64 {
        (at - self.created.utc_ms) as f64 / time::MS_PER_MINUTE as f64
    }
}

/// Which form the log had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogForm {
    Leads,
    Events,
}

/// Why one row was left out.
#[derive(Clone, Debug, PartialEq)]
pub enum RowProblem {
    Csv(CsvProblem),
    FieldCount {
        expected: usize,
        found: usize,
    },
    /// A required value is empty.
    Missing(&'static str),
    Time {
        column: &'static str,
        problem: TimeProblem,
    },
    /// A timestamp before the lead's `created_at`.
    BeforeCreated(&'static str),
    /// An event-log case without a `created` row.
    NoCreated,
}

/// A row left out of the fit.
#[derive(Clone, Debug, PartialEq)]
pub struct BadRow {
    pub line: u32,
    pub problem: RowProblem,
}

impl BadRow {
    /// `line N: reason`, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let reason = match &self.problem {
            RowProblem::Csv(CsvProblem::UnclosedQuote) => {
                if zh {
                    "引号未闭合".to_string()
                } else {
                    "a quoted field is never closed".to_string()
                }
            }
            RowProblem::Csv(CsvProblem::TextAfterQuote) => {
                if zh {
                    "右引号后还有文字".to_string()
                } else {
                    "text after a closing quote".to_string()
                }
            }
            RowProblem::FieldCount { expected, found } => {
                if zh {
                    format!("有 {found} 个字段，表头有 {expected} 个")
                } else {
                    format!("{found} fields, the header has {expected}")
                }
            }
            RowProblem::Missing(column) => {
                if zh {
                    format!("{column} 为空")
                } else {
                    format!("{column} is empty")
                }
            }
            RowProblem::Time { column, problem } => {
                let what = match (problem, zh) {
                    (TimeProblem::Format, false) => {
                        "is not an ISO 8601 time (YYYY-MM-DDTHH:MM:SS with Z or ±HH:MM)"
                    }
                    (TimeProblem::Format, true) => {
                        "不是 ISO 8601 时间（YYYY-MM-DDTHH:MM:SS，带 Z 或 ±HH:MM）"
                    }
                    (TimeProblem::Range, false) => "is not a real date or time",
                    (TimeProblem::Range, true) => "不是有效的日期或时间",
                    (TimeProblem::NoZone, false) => {
                        "has no zone offset (write Z or ±HH:MM, or state one with --zone)"
                    }
                    (TimeProblem::NoZone, true) => "没有时区（写 Z 或 ±HH:MM，或用 --zone 指定）",
                };
                format!("{column} {what}")
            }
            RowProblem::BeforeCreated(column) => {
                if zh {
                    format!("{column} 早于 created_at")
                } else {
                    format!("{column} is before created_at")
                }
            }
            RowProblem::NoCreated => {
                if zh {
                    "该 case 没有 created 行".to_string()
                } else {
                    "the case has no created row".to_string()
                }
            }
        };
        if zh {
            format!("第 {} 行：{reason}", self.line)
        } else {
            format!("line {}: {reason}", self.line)
        }
    }
}

/// Why a log cannot be fitted at all.
#[derive(Clone, Debug, PartialEq)]
pub enum LogError {
    /// No header row.
    Empty,
    /// A required column is not in the header.
    MissingColumn(&'static str),
    /// A column is named twice in the header.
    DuplicateColumn(&'static str),
    /// Not one row could be read: how many were bad, and the first
    /// [`MAX_BAD_ROWS_KEPT`] of them by line.
    NoValidRows { bad: usize, rows: Vec<BadRow> },
}

impl LogError {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            LogError::Empty => (if zh {
                "文件为空：没有表头行"
            } else {
                "the file is empty: no header row"
            })
            .to_string(),
            LogError::MissingColumn(column) => {
                if zh {
                    format!("缺少必需的列 {column}（必需：lead_id、created_at）")
                } else {
                    format!("missing required column {column} (required: lead_id, created_at)")
                }
            }
            LogError::DuplicateColumn(column) => {
                if zh {
                    format!("列 {column} 出现了两次")
                } else {
                    format!("column {column} appears twice")
                }
            }
            LogError::NoValidRows { bad, rows } => {
                let first = rows
                    .first()
                    .map(|b| format!("; {}", b.message(lang)))
                    .unwrap_or_default();
                if zh {
                    format!("没有一行可用（{bad} 行有误）{first}")
                } else {
                    format!("no valid row ({bad} bad rows){first}")
                }
            }
        }
    }
}

/// A read log.
#[derive(Clone, Debug, PartialEq)]
pub struct Log {
    pub form: LogForm,
    /// The lead-log columns the file has (an event log: those it implies).
    pub columns: Vec<Column>,
    pub rows: Vec<LeadRow>,
    /// The first [`MAX_BAD_ROWS_KEPT`] bad rows, by line.
    pub bad: Vec<BadRow>,
    /// Every bad row, kept or not.
    pub bad_count: usize,
    pub sources: Names,
    pub grades: Names,
    pub links: Names,
    pub channels: Names,
}

impl Log {
    pub fn has(&self, column: Column) -> bool {
        self.columns.contains(&column)
    }

    /// Whether record `line` was read whole and has the header's `width`
    /// fields; if not, it is rejected with the reason.
    fn well_formed(
        &mut self,
        line: u32,
        result: Result<(), CsvProblem>,
        found: usize,
        width: usize,
    ) -> bool {
        if let Err(problem) = result {
            self.reject(line, RowProblem::Csv(problem));
            return false;
        }
        if found != width {
            self.reject(
                line,
                RowProblem::FieldCount {
                    expected: width,
                    found,
                },
            );
            return false;
        }
        true
    }

    fn reject(&mut self, line: u32, problem: RowProblem) {
        self.bad_count += 1;
        if self.bad.len() < MAX_BAD_ROWS_KEPT {
            self.bad.push(BadRow { line, problem });
        }
    }

    /// The earliest and latest `created_at` (UTC ms); `None` without rows.
    pub fn created_range(&self) -> Option<(Stamp, Stamp)> {
        let first = self.rows.iter().min_by_key(|r| r.created.utc_ms)?;
        let last = self.rows.iter().max_by_key(|r| r.created.utc_ms)?;
        Some((first.created, last.created))
    }

    /// The latest timestamp anywhere in the log: where the log's view of
    /// still-open leads ends (their censoring time).
    pub fn end_ms(&self) -> i64 {
        self.rows
            .iter()
            .flat_map(|r| {
                [
                    Some(r.created.utc_ms),
                    r.first_contact,
                    r.qualified,
                    r.order,
                    r.lost,
                ]
            })
            .flatten()
            .max()
            .unwrap_or(0)
    }
}

/// Reads a log. `zone` is the offset of naive timestamps (a timestamp
/// with its own offset keeps it).
pub fn parse(text: &str, zone: Option<Offset>) -> Result<Log, LogError> {
    let mut records = Records::new(text);
    let mut fields: Vec<Cow<str>> = Vec::new();
    let header: Vec<String> = match records.next_into(&mut fields) {
        Some((_, Ok(()))) => fields.iter().map(|f| f.to_string()).collect(),
        // No header, or a broken one: nothing after it can be read.
        None | Some((_, Err(_))) => return Err(LogError::Empty),
    };
    let mut log = Log {
        form: LogForm::Leads,
        columns: Vec::new(),
        rows: Vec::new(),
        bad: Vec::new(),
        bad_count: 0,
        sources: Names::default(),
        grades: Names::default(),
        links: Names::default(),
        channels: Names::default(),
    };
    let is_events = header
        .iter()
        .any(|h| EventColumn::parse(h) == Some(EventColumn::Activity))
        && !header
            .iter()
            .any(|h| Column::parse(h) == Some(Column::CreatedAt));
    if is_events {
        log.form = LogForm::Events;
        read_events(&mut log, &header, records, fields, zone)?;
    } else {
        read_leads(&mut log, &header, records, fields, zone)?;
    }
    if log.rows.is_empty() {
        return Err(LogError::NoValidRows {
            bad: log.bad_count,
            rows: log.bad,
        });
    }
    Ok(log)
}

fn read_leads<'a>(
    log: &mut Log,
    header: &[String],
    mut records: Records<'a>,
    mut fields: Vec<Cow<'a, str>>,
    zone: Option<Offset>,
) -> Result<(), LogError> {
    // Position of each column in the header.
    let mut at: [Option<usize>; Column::ALL.len()] = [None; Column::ALL.len()];
    for (i, word) in header.iter().enumerate() {
        if let Some(column) = Column::parse(word) {
            let slot = &mut at[column as usize];
            if slot.is_some() {
                return Err(LogError::DuplicateColumn(column.key()));
            }
            *slot = Some(i);
        }
    }
    for column in Column::ALL {
        if column.required() && at[column as usize].is_none() {
            return Err(LogError::MissingColumn(column.key()));
        }
    }
    log.columns = Column::ALL
        .into_iter()
        .filter(|c| at[*c as usize].is_some())
        .collect();
    let width = header.len();
    while let Some((line, result)) = records.next_into(&mut fields) {
        if !log.well_formed(line, result, fields.len(), width) {
            continue;
        }
        let value = |column: Column| -> &str {
            at[column as usize]
                .and_then(|i| fields.get(i))
                .map_or("", |f| f.trim())
        };
        match lead_row(log, line, &value, zone) {
            Ok(row) => log.rows.push(row),
            Err(problem) => log.reject(line, problem),
        }
    }
    Ok(())
}

fn lead_row<'v>(
    log: &mut Log,
    line: u32,
    value: &dyn Fn(Column) -> &'v str,
    zone: Option<Offset>,
) -> Result<LeadRow, RowProblem> {
    if value(Column::LeadId).is_empty() {
        return Err(RowProblem::Missing(Column::LeadId.key()));
    }
    let created_text = value(Column::CreatedAt);
    if created_text.is_empty() {
        return Err(RowProblem::Missing(Column::CreatedAt.key()));
    }
    let created = time::parse(created_text, zone).map_err(|problem| RowProblem::Time {
        column: Column::CreatedAt.key(),
        problem,
    })?;
    let mut row = LeadRow::new(line, created);
    let later = |column: Column| -> Result<Option<i64>, RowProblem> {
        let text = value(column);
        if text.is_empty() {
            return Ok(None);
        }
        let stamp = time::parse(text, zone).map_err(|problem| RowProblem::Time {
            column: column.key(),
            problem,
        })?;
        if stamp.utc_ms < created.utc_ms {
            return Err(RowProblem::BeforeCreated(column.key()));
        }
        Ok(Some(stamp.utc_ms))
    };
    row.first_contact = later(Column::FirstContactAt)?;
    row.qualified = later(Column::QualifiedAt)?;
    row.order = later(Column::OrderAt)?;
    row.lost = later(Column::LostAt)?;
    let name = |names: &mut Names, text: &str| (!text.is_empty()).then(|| names.intern(text));
    row.source = name(&mut log.sources, value(Column::Source));
    row.grade = name(&mut log.grades, value(Column::Grade));
    row.link = name(&mut log.links, value(Column::Link));
    row.channel = name(&mut log.channels, value(Column::Channel));
    Ok(row)
}

/// A case of an event log while its rows are read.
struct Case {
    line: u32,
    row: Option<LeadRow>,
    /// Milestones before `created` was seen (rows in any order).
    first_contact: Option<i64>,
    qualified: Option<i64>,
    order: Option<i64>,
    loss: Option<i64>,
    source: Option<u32>,
    grade: Option<u32>,
    link: Option<u32>,
    channel: Option<u32>,
}

fn read_events<'a>(
    log: &mut Log,
    header: &[String],
    mut records: Records<'a>,
    mut fields: Vec<Cow<'a, str>>,
    zone: Option<Offset>,
) -> Result<(), LogError> {
    let mut at: HashMap<EventColumn, usize> = HashMap::new();
    for (i, word) in header.iter().enumerate() {
        if let Some(column) = EventColumn::parse(word)
            && at.insert(column, i).is_some()
        {
            return Err(LogError::DuplicateColumn(column.key()));
        }
    }
    for column in [
        EventColumn::CaseId,
        EventColumn::Activity,
        EventColumn::Start,
    ] {
        if !at.contains_key(&column) {
            return Err(LogError::MissingColumn(column.key()));
        }
    }
    let mut columns = vec![
        Column::LeadId,
        Column::CreatedAt,
        Column::FirstContactAt,
        Column::QualifiedAt,
        Column::OrderAt,
        Column::LostAt,
    ];
    for (event, lead) in [
        (EventColumn::Source, Column::Source),
        (EventColumn::Grade, Column::Grade),
        (EventColumn::Link, Column::Link),
        (EventColumn::Channel, Column::Channel),
    ] {
        if at.contains_key(&event) {
            columns.push(lead);
        }
    }
    columns.sort();
    log.columns = columns;
    let width = header.len();
    let mut cases: Vec<Case> = Vec::new();
    let mut case_of: HashMap<String, usize> = HashMap::new();
    while let Some((line, result)) = records.next_into(&mut fields) {
        if !log.well_formed(line, result, fields.len(), width) {
            continue;
        }
        let value = |column: EventColumn| -> &str {
            at.get(&column)
                .and_then(|&i| fields.get(i))
                .map_or("", |f| f.trim())
        };
        let id = value(EventColumn::CaseId);
        if id.is_empty() {
            log.reject(line, RowProblem::Missing(EventColumn::CaseId.key()));
            continue;
        }
        let Some(activity) = Activity::parse(value(EventColumn::Activity)) else {
            // Activities orgflow does not know are the process-mining
            // tool's business, not an error.
            continue;
        };
        let start_text = value(EventColumn::Start);
        if start_text.is_empty() {
            log.reject(line, RowProblem::Missing(EventColumn::Start.key()));
            continue;
        }
        let start = match time::parse(start_text, zone) {
            Ok(stamp) => stamp,
            Err(problem) => {
                log.reject(
                    line,
                    RowProblem::Time {
                        column: EventColumn::Start.key(),
                        problem,
                    },
                );
                continue;
            }
        };
        let index = match case_of.get(id) {
            Some(&i) => i,
            None => {
                case_of.insert(id.to_string(), cases.len());
                cases.push(Case {
                    line,
                    row: None,
                    first_contact: None,
                    qualified: None,
                    order: None,
                    loss: None,
                    source: None,
                    grade: None,
                    link: None,
                    channel: None,
                });
                cases.len() - 1
            }
        };
        let case = &mut cases[index];
        let name = |names: &mut Names, text: &str| (!text.is_empty()).then(|| names.intern(text));
        case.source = case
            .source
            .or(name(&mut log.sources, value(EventColumn::Source)));
        case.grade = case
            .grade
            .or(name(&mut log.grades, value(EventColumn::Grade)));
        case.link = case.link.or(name(&mut log.links, value(EventColumn::Link)));
        if let Some(channel) = name(&mut log.channels, value(EventColumn::Channel)) {
            case.channel = Some(channel);
        }
        let t = start.utc_ms;
        let earliest = |slot: &mut Option<i64>| *slot = Some(slot.map_or(t, |s| s.min(t)));
        match activity {
            Activity::Created => {
                case.row.get_or_insert(LeadRow::new(case.line, start));
            }
            Activity::FirstContact => earliest(&mut case.first_contact),
            Activity::Qualified => earliest(&mut case.qualified),
            Activity::Order => earliest(&mut case.order),
            a if a.is_loss() => earliest(&mut case.loss),
            _ => {}
        }
    }
    for case in cases {
        let Some(mut row) = case.row else {
            log.reject(case.line, RowProblem::NoCreated);
            continue;
        };
        row.source = case.source;
        row.grade = case.grade;
        row.link = case.link;
        row.channel = case.channel;
        row.first_contact = case.first_contact;
        row.qualified = case.qualified;
        row.order = case.order;
        row.lost = case.loss;
        let created = row.created.utc_ms;
        let before = [
            (row.first_contact, Column::FirstContactAt),
            (row.qualified, Column::QualifiedAt),
            (row.order, Column::OrderAt),
            (row.lost, Column::LostAt),
        ]
        .into_iter()
        .find(|(t, _)| t.is_some_and(|t| t < created));
        match before {
            Some((_, column)) => log.reject(case.line, RowProblem::BeforeCreated(column.key())),
            None => log.rows.push(row),
        }
    }
    log.bad.sort_by_key(|b| b.line);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "lead_id,created_at,source,grade,link,first_contact_at,qualified_at,order_at,channel,lost_at";

    #[test]
    fn reads_a_full_log_with_quotes_crlf_and_bom() {
        let text = format!(
            "\u{feff}{HEADER}\r\n\
             1,2025-03-03T09:00:00+08:00,web,H,brand,2025-03-03T09:10:00+08:00,2025-03-03T09:30:00+08:00,2025-03-10T10:00:00+08:00,dealers,\r\n\
             \"2\",2025-03-03T01:05:00Z,\"web\",\"A, hot\",brand,,,,,2025-03-03T03:05:00Z\r\n"
        );
        let log = parse(&text, None).expect("valid");
        assert_eq!(log.form, LogForm::Leads);
        assert_eq!(log.rows.len(), 2);
        assert_eq!(log.bad_count, 0);
        let first = log.rows[0];
        assert_eq!(first.line, 2);
        assert_eq!(first.minutes_to(first.first_contact.unwrap()), 10.0);
        assert_eq!(log.sources.all(), ["web"]);
        assert_eq!(log.grades.all(), ["H", "A, hot"]);
        assert_eq!(
            log.rows[1].lost.map(|l| log.rows[1].minutes_to(l)),
            Some(120.0)
        );
        // Same instant written in two zones: 09:00+08:00 is 01:00Z.
        assert_eq!(
            log.rows[1].created.utc_ms - first.created.utc_ms,
            5 * 60_000
        );
    }

    #[test]
    fn bad_rows_are_kept_by_line_and_do_not_stop_the_rest() {
        let text = "lead_id,created_at,first_contact_at\n\
                    1,2025-03-03T09:00:00Z,2025-03-03T09:05:00Z\n\
                    2,2025-03-03T09:00:00Z\n\
                    ,2025-03-03T09:00:00Z,\n\
                    4,2025-13-03T09:00:00Z,\n\
                    5,2025-03-03T09:00:00Z,2025-03-03T08:00:00Z\n\
                    6,2025-03-03T09:00:00,\n\
                    7,2025-03-03T09:00:00Z,\n";
        let log = parse(text, None).expect("some rows are valid");
        assert_eq!(log.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 8]);
        assert_eq!(log.bad_count, 5);
        let lines: Vec<String> = log.bad.iter().map(|b| b.message(Lang::En)).collect();
        assert_eq!(
            lines,
            [
                "line 3: 2 fields, the header has 3",
                "line 4: lead_id is empty",
                "line 5: created_at is not a real date or time",
                "line 6: first_contact_at is before created_at",
                "line 7: created_at has no zone offset (write Z or ±HH:MM, or state one with --zone)",
            ]
        );
        assert!(log.bad[0].message(Lang::Zh).starts_with("第 3 行"));
        // Missing optional columns are allowed and known to be missing.
        assert!(!log.has(Column::Source) && log.has(Column::FirstContactAt));
        // The stated zone reads the naive row.
        let zoned = parse(text, Offset::parse("+08:00")).expect("valid");
        assert_eq!(zoned.bad_count, 4);
    }

    #[test]
    fn a_log_that_cannot_be_fitted_is_an_error() {
        assert_eq!(parse("", None), Err(LogError::Empty));
        assert_eq!(
            parse("lead_id,source\n1,web\n", None),
            Err(LogError::MissingColumn("created_at"))
        );
        assert_eq!(
            parse("lead_id,created_at,lead_id\n", None),
            Err(LogError::DuplicateColumn("lead_id"))
        );
        let Err(LogError::NoValidRows { bad, rows }) = parse("lead_id,created_at\n1,soon\n", None)
        else {
            panic!("no valid row");
        };
        assert_eq!(bad, 1);
        assert_eq!(rows.first().map(|b| b.line), Some(2));
        assert!(
            LogError::MissingColumn("created_at")
                .message(Lang::Zh)
                .contains("created_at")
        );
    }

    #[test]
    fn an_event_log_folds_into_leads() {
        let text = "case_id,activity,unit,start,end,grade,source,link,channel\n\
                    7,created,,2024-01-01T00:00:00.000Z,2024-01-01T00:00:00.000Z,H,web,brand,\n\
                    7,contact,desk,2024-01-01T00:03:00.000Z,2024-01-01T00:10:00.000Z,H,web,brand,\n\
                    7,first_contact,desk,2024-01-01T00:03:00.000Z,2024-01-01T00:03:00.000Z,H,web,brand,\n\
                    7,qualified,desk,2024-01-01T00:10:00.000Z,2024-01-01T00:10:00.000Z,H,web,brand,dealers\n\
                    8,created,,2024-01-01T01:00:00.000Z,2024-01-01T01:00:00.000Z,C,web,brand,\n\
                    8,abandoned,desk,2024-01-01T02:00:00.000Z,2024-01-01T02:00:00.000Z,C,web,brand,\n\
                    7,defeated,shop,2024-01-02T00:00:00.000Z,2024-01-02T00:00:00.000Z,H,web,brand,dealers\n\
                    8,unqualified,desk,2024-02-01T00:00:00.000Z,2024-02-01T00:00:00.000Z,C,web,brand,\n\
                    9,contact,desk,2024-01-01T00:03:00.000Z,2024-01-01T00:10:00.000Z,H,web,brand,\n";
        let log = parse(text, None).expect("valid");
        assert_eq!(log.form, LogForm::Events);
        assert_eq!(log.rows.len(), 2);
        let seven = log.rows[0];
        assert_eq!(seven.line, 2);
        assert_eq!(seven.first_contact.map(|t| seven.minutes_to(t)), Some(3.0));
        assert_eq!(seven.qualified.map(|t| seven.minutes_to(t)), Some(10.0));
        assert_eq!(seven.lost.map(|t| seven.minutes_to(t)), Some(1440.0));
        // The first loss ends the first cycle: a re-marketed lead's later
        // loss does not move it.
        assert_eq!(seven.channel.map(|c| log.channels.name(c)), Some("dealers"));
        let eight = log.rows[1];
        assert_eq!(eight.lost.map(|t| eight.minutes_to(t)), Some(60.0));
        assert_eq!(eight.first_contact, None);
        assert_eq!(log.bad_count, 1, "case 9 has no created row");
        assert_eq!(log.bad[0].line, 10);
        assert!(log.has(Column::Channel));
    }
}
