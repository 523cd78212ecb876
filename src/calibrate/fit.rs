//! From a read lead log to a scenario: every fitted value lands at its
//! field, with an assumption naming the file, its row count and date range,
//! and is listed as a [`Quantity`] (path, value, interval, method).
//!
//! What is fitted, and how (the README's "Calibration" section says the
//! same for users):
//!
//! | field | from | method |
//! |---|---|---|
//! | `sources[s].leads_per_day` | leads of the source / calendar days of the log | mean rate (Poisson MLE), interval `± z·√n / days` |
//! | `sources[s].hourly_profile`, `weekday_profile` | local hour and weekday of `created_at` | counts per hour, per weekday divided by the days of that weekday in the log, each scaled to mean 1 (the model multiplies the two: a separable week) |
//! | `grades[g].share_percent`, `sources[s].grade_mix_percent` | `grade` | shares, Wilson intervals |
//! | `grades[g].patience_minutes` | leads lost before any contact (events) vs. contacted or still open (censored) | exponential (mean = total exposure / events) and lognormal by censored MLE, the better by AIC |
//! | `grades[g].qualify_probability`, `funnel.response_decay_minutes`, `funnel.response_floor` | contacted leads: response time `first_contact_at − created_at`, qualified (`qualified_at` or `order_at` set) | the model's `q_g·(f + (1 − f)·e^(−t/τ))` by maximum likelihood, Wald intervals from the Fisher information |
//! | `funnel.channels[c].close_rate`, `share_percent` | qualified leads by `channel`, orders | proportions, Wilson intervals |
//! | `horizon.days` | the log's calendar days | (plus the base's warm-up) |
//!
//! The first-response distribution per link (lognormal MLE) is reported,
//! not written: in the model the first response is what the queue at the
//! link's entry unit produces (headcount, hours, service times), so it is
//! the back-test's first check rather than an input.
//!
//! Assumptions behind the estimators: arrivals are Poisson with a
//! separable week profile; patience is independent of
//! when the firm would have called (so contact censors it); the decay acts
//! on the first response only, and the satisfaction multiplier `c(S′)` is
//! 1 (the template sets `conversion_sensitivity` to 0 so the fitted rates
//! are the simulated ones; a base scenario's own value is kept, see the
//! back-test); an order implies qualification; leads still open at the
//! end of the log count as not qualified / not ordered (near the end of a
//! short log this biases rates down).

use std::collections::BTreeMap;

use super::estimate::{self, DecayBins, Estimate, Z95};
use super::log::{LeadRow, Log};
use super::notes::{Method, Note};
use super::time::{self, MS_PER_DAY, MS_PER_MINUTE};
use crate::i18n::Lang;
use crate::scenario::format::{
    Assumption, ChannelSpec, CustomerSpec, DistSpec, FunnelSpec, GradeSpec, Horizon, LinkSpec,
    Scenario, ServiceSpec, SourceSpec, Text, UnitSpec,
};
use crate::scenario::vocab::DistKind;
use crate::scenario::{self, ValidationError};

/// Sources with fewer leads keep a flat week: their profiles would be noise.
pub const MIN_LEADS_FOR_PROFILE: u64 = 200;

/// The schema's limit on one assumption's `covers`.
const MAX_COVERS: usize = 50;
/// The schema's limit on a scenario's assumptions.
const MAX_ASSUMPTIONS: usize = 100;

/// How to fit.
#[derive(Clone, Debug, Default)]
pub struct FitOptions {
    /// The log's file name, quoted in every assumption.
    pub file_name: String,
    /// The scenario to start from; `None` builds a minimal template from
    /// the log's names.
    pub into: Option<Scenario>,
}

/// One fitted value.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Its field path in the scenario (`observed.…` for a value that is
    /// reported but is not a scenario input).
    pub path: String,
    pub value: f64,
    pub ci95: Option<(f64, f64)>,
    /// How it was estimated.
    pub method: Method,
    /// The observations behind it (leads, events, contacted leads …).
    pub n: u64,
}

/// A fitted scenario and what went into it.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    pub scenario: Scenario,
    pub quantities: Vec<Quantity>,
    /// What the log could not tell.
    pub not_fitted: Vec<Note>,
    pub rows: usize,
    pub bad_rows: usize,
    /// The first and last `created_at`, as written in UTC.
    pub first: String,
    pub last: String,
    /// Calendar days the log spans.
    pub days: i64,
}

impl Fitted {
    /// What the log could not tell, in `lang`.
    pub fn not_fitted_messages(&self, lang: Lang) -> Vec<String> {
        self.not_fitted.iter().map(|n| n.message(lang)).collect()
    }

    /// The fitted quantities and notes as JSON (for reports and the app).
    pub fn quantities_json(&self) -> serde_json::Value {
        let quantities: Vec<serde_json::Value> = self
            .quantities
            .iter()
            .map(|q| {
                serde_json::json!({
                    "path": q.path,
                    "value": q.value,
                    "ci95": q.ci95.map(|(lo, hi)| [lo, hi]),
                    "method": q.method.message(Lang::En),
                    "n": q.n,
                })
            })
            .collect();
        serde_json::json!({
            "rows": self.rows,
            "bad_rows": self.bad_rows,
            "first": self.first,
            "last": self.last,
            "days": self.days,
            "quantities": quantities,
            "not_fitted": self.not_fitted_messages(Lang::En),
        })
    }
}

/// Why a fit failed: the fitted scenario did not validate (a base
/// scenario that was itself invalid, or a limit such as 16 grades).
#[derive(Clone, Debug, PartialEq)]
pub struct FitError(pub Vec<ValidationError>);

impl FitError {
    pub fn message(&self, lang: Lang) -> String {
        let head = match lang {
            Lang::En => "the fitted scenario is not valid",
            Lang::Zh => "拟合得到的场景无效",
        };
        let lines: Vec<String> = self.0.iter().map(|e| e.message(lang)).collect();
        format!("{head}: {}", lines.join("; "))
    }
}

/// Counts gathered in one pass over the rows.
struct Tally {
    weekday_days: [u32; 7],
    /// Per scenario source.
    leads: Vec<u64>,
    hours: Vec<[u64; 24]>,
    weekdays: Vec<[u64; 7]>,
    /// Per scenario source, per scenario grade.
    grade_mix: Vec<Vec<u64>>,
    /// Per scenario grade (or one group without a grade column).
    patience: Vec<estimate::Survival>,
    /// Per scenario link (or one group): contacted leads' response times.
    response: Vec<Vec<f64>>,
    /// Per scenario link (or one group): first contacts by local hour and
    /// weekday (the template's opening hours).
    contact_hours: Vec<[u64; 24]>,
    contact_days: Vec<[u64; 7]>,
    /// Per scenario channel (or one group): qualified leads, orders.
    qualified: Vec<u64>,
    ordered: Vec<u64>,
    /// Qualified or ordered leads without a contact time.
    qualified_uncontacted: u64,
    lost_after_contact: u64,
}

/// Fits a scenario to `log` (see the module docs for every estimator).
pub fn fit(log: &Log, options: &FitOptions) -> Result<Fitted, FitError> {
    use super::columns::Column;
    let has_grade = log.has(Column::Grade);
    let has_source = log.has(Column::Source);
    let has_link = log.has(Column::Link);
    let template = options.into.is_none();
    let mut s = options
        .into
        .clone()
        .unwrap_or_else(|| template_scenario(log));
    let mut not_fitted = Vec::new();
    // A base without a funnel is a queueing model: the log's funnel
    // (qualification, channels, orders) has nowhere to go, and adding a
    // funnel would change what the model is.
    let has_funnel = s.funnel.is_some();
    if !has_funnel {
        not_fitted.push(Note::NoFunnel);
    }
    let has_channel = log.has(Column::Channel) && has_funnel;

    // ---- names: each log name to its entry of the scenario (added when new)
    let source_of: Vec<usize> = log
        .sources
        .all()
        .iter()
        .map(|name| source_index(&mut s, name))
        .collect();
    let default_source = if has_source && !log.sources.is_empty() {
        None
    } else {
        let name = s
            .sources
            .iter()
            .find(|x| x.traffic.is_none())
            .map(|x| x.name.clone())
            .unwrap_or_else(|| "leads".to_string());
        if has_source {
            not_fitted.push(Note::RowsWithoutSource);
        } else {
            not_fitted.push(Note::NoSourceColumn {
                source: name.clone(),
            });
        }
        Some(source_index(&mut s, &name))
    };
    let grade_of: Vec<usize> = log
        .grades
        .all()
        .iter()
        .map(|name| grade_index(&mut s, name))
        .collect();
    let link_of: Vec<usize> = log
        .links
        .all()
        .iter()
        .map(|name| link_index(&mut s, name))
        .collect();
    let channel_of: Vec<usize> = if has_funnel {
        log.channels
            .all()
            .iter()
            .map(|name| channel_index(&mut s, name))
            .collect()
    } else {
        Vec::new()
    };
    let grades = if has_grade { s.grades.len() } else { 1 };
    let links = if has_link { s.links.len().max(1) } else { 1 };
    let channels = if has_channel {
        s.funnel.as_ref().map_or(1, |f| f.channels.len().max(1))
    } else {
        1
    };

    // ---- one pass over the rows
    let local_day = |r: &LeadRow| r.created.local_ms().div_euclid(MS_PER_DAY);
    let first_day = log.rows.iter().map(local_day).min().unwrap_or(0);
    let last_day = log.rows.iter().map(local_day).max().unwrap_or(0);
    let days = last_day - first_day + 1;
    let mut weekday_days = [0u32; 7];
    for d in first_day..=last_day {
        weekday_days[time::weekday(d)] += 1;
    }
    let end_ms = log.end_ms();
    let mut t = Tally {
        weekday_days,
        leads: vec![0; s.sources.len()],
        hours: vec![[0; 24]; s.sources.len()],
        weekdays: vec![[0; 7]; s.sources.len()],
        grade_mix: vec![vec![0; s.grades.len()]; s.sources.len()],
        patience: vec![estimate::Survival::default(); grades],
        response: vec![Vec::new(); links],
        contact_hours: vec![[0; 24]; links],
        contact_days: vec![[0; 7]; links],
        qualified: vec![0; channels],
        ordered: vec![0; channels],
        qualified_uncontacted: 0,
        lost_after_contact: 0,
    };
    let fit_decay = has_funnel
        && log.has(Column::FirstContactAt)
        && (log.has(Column::QualifiedAt) || log.has(Column::OrderAt));
    let mut decay = DecayBins::new(grades);
    for row in &log.rows {
        let source = match (row.source, default_source) {
            (Some(i), _) => source_of[i as usize],
            (None, Some(d)) => d,
            (None, None) => source_index(&mut s, "unknown"),
        };
        if source >= t.leads.len() {
            // A source added for rows without one.
            t.leads.resize(source + 1, 0);
            t.hours.resize(source + 1, [0; 24]);
            t.weekdays.resize(source + 1, [0; 7]);
            t.grade_mix.resize(source + 1, vec![0; s.grades.len()]);
        }
        let local = row.created.local_ms();
        t.leads[source] += 1;
        t.hours[source][(local.rem_euclid(MS_PER_DAY) / 3_600_000) as usize] += 1;
        t.weekdays[source][time::weekday(local.div_euclid(MS_PER_DAY))] += 1;
        let grade = if has_grade {
            row.grade.map(|g| grade_of[g as usize])
        } else {
            Some(0)
        };
        if has_grade && let Some(g) = grade {
            t.grade_mix[source][g] += 1;
        }
        let contact = row.first_contact.map(|at| row.minutes_to(at));
        if let Some(g) = grade {
            match (contact, row.lost) {
                (Some(minutes), _) => t.patience[g].add(minutes, false),
                (None, Some(lost)) => t.patience[g].add(row.minutes_to(lost), true),
                (None, None) => t.patience[g].add(row.minutes_to(end_ms), false),
            }
        }
        let qualified = row.qualified.is_some() || row.order.is_some();
        if let Some(minutes) = contact {
            let link = if has_link {
                row.link.map(|l| link_of[l as usize])
            } else {
                Some(0)
            };
            if let (Some(l), Some(at)) = (link, row.first_contact) {
                t.response[l].push(minutes);
                let local = at + i64::from(row.created.offset.0) * MS_PER_MINUTE;
                t.contact_hours[l][(local.rem_euclid(MS_PER_DAY) / 3_600_000) as usize] += 1;
                t.contact_days[l][time::weekday(local.div_euclid(MS_PER_DAY))] += 1;
            }
            if fit_decay && let Some(g) = grade {
                decay.add(g, minutes, qualified);
            }
            if row.lost.is_some() && !qualified {
                t.lost_after_contact += 1;
            }
        } else if qualified {
            t.qualified_uncontacted += 1;
        }
        if qualified {
            let channel = if has_channel {
                row.channel.map(|c| channel_of[c as usize])
            } else {
                Some(0)
            };
            if let Some(c) = channel {
                t.qualified[c] += 1;
                t.ordered[c] += u64::from(row.order.is_some());
            }
        }
    }

    // ---- write the fitted values
    let mut quantities = Vec::new();
    let mut assumptions: Vec<(String, String, Vec<String>)> = Vec::new();
    let (first, last) = log
        .created_range()
        .map(|(a, b)| {
            let (mut x, mut y) = (String::new(), String::new());
            time::format_utc(a.utc_ms, &mut x);
            time::format_utc(b.utc_ms, &mut y);
            (x, y)
        })
        .unwrap_or_default();

    // Horizon: the log's calendar days after the base's warm-up.
    s.horizon.days = s.horizon.warmup_days + days as f64;
    assumptions.push((
        format!("the measured window is the log's {days} calendar days"),
        format!("统计期为日志覆盖的 {days} 个自然日"),
        vec!["horizon.days".to_string()],
    ));

    // The template's teams: opening hours from the first contacts
    if template {
        let mut paths = Vec::new();
        for (l, hours) in t.contact_hours.iter().enumerate() {
            let link = if has_link {
                s.links.get(l)
            } else {
                s.links.first()
            };
            let Some(unit) = link.map(|x| x.entry_unit.clone()) else {
                continue;
            };
            let Some(spec) = opening_hours(hours, &t.contact_days[l], &weekday_days) else {
                continue;
            };
            if let Some(u) = s.units.iter_mut().find(|u| u.name == unit) {
                // The day's leads, served in the open hours at 80 % load.
                let total: u64 = t.contact_days[l].iter().sum();
                let open_days = spec.days.len() as f64;
                let minutes = |hhmm: &str| {
                    let (h, m) = hhmm.split_once(':').unwrap_or(("0", "0"));
                    h.parse::<f64>().unwrap_or(0.0) * 60.0 + m.parse::<f64>().unwrap_or(0.0)
                };
                let open_minutes = (minutes(&spec.close) - minutes(&spec.open)).max(60.0);
                let per_open_day = total as f64 / days as f64 * 7.0 / open_days;
                u.headcount = (per_open_day * TEMPLATE_CONTACT_MINUTES / open_minutes / 0.8)
                    .ceil()
                    .clamp(1.0, MAX_HEADCOUNT) as u32;
                u.hours = Some(spec);
                paths.push(format!("units[{unit}].hours"));
                paths.push(format!("units[{unit}].headcount"));
            }
        }
        if !paths.is_empty() {
            assumptions.push((
                format!("opening hours of each link's team: the local hours holding at least {OPEN_HOUR_PERCENT} % of its first contacts, on the weekdays with at least {OPEN_DAY_PERCENT} % of the busiest weekday's; headcount: the team's daily first contacts served in those hours at 80 % load with {TEMPLATE_CONTACT_MINUTES}-minute contacts (a placeholder, not fitted)"),
                format!("各链路团队的营业时间：首次联系占比至少 {OPEN_HOUR_PERCENT}% 的当地时段，且首次联系数至少为最忙一天 {OPEN_DAY_PERCENT}% 的星期；人数：按每次联系 {TEMPLATE_CONTACT_MINUTES} 分钟、80% 负荷在营业时间内完成每日首次联系（占位值，非拟合）"),
                paths,
            ));
        }
    }

    // Arrivals and profiles.
    let mut rate_paths = Vec::new();
    let mut profile_paths = Vec::new();
    for (i, &n) in t.leads.iter().enumerate() {
        if n == 0 {
            not_fitted.push(Note::SourceWithoutLeads {
                source: s.sources[i].name.clone(),
            });
            continue;
        }
        // The weekday profile (mean 1 over the week), if the source has
        // enough leads: each weekday's leads over its days in the log.
        let weekday: Option<Vec<f64>> = (n >= MIN_LEADS_FOR_PROFILE)
            .then(|| {
                let rates: Vec<Option<f64>> = (0..7)
                    .map(|w| {
                        (t.weekday_days[w] > 0)
                            .then(|| t.weekdays[i][w] as f64 / f64::from(t.weekday_days[w]))
                    })
                    .collect();
                let seen: Vec<f64> = rates.iter().flatten().copied().collect();
                let mean = seen.iter().sum::<f64>() / seen.len().max(1) as f64;
                (mean > 0.0).then(|| rates.iter().map(|r| r.map_or(1.0, |r| r / mean)).collect())
            })
            .flatten();
        // The model's rate is the mean over a whole week; a log of a few
        // days has some weekdays more than others, so its days are counted
        // by their weekday's factor: leads / Σ factor(day).
        let effective_days = weekday.as_ref().map_or(days as f64, |w| {
            (0..7)
                .map(|d| f64::from(t.weekday_days[d]) * w[d])
                .sum::<f64>()
                .max(1e-9)
        });
        let per_day = n as f64 / effective_days;
        let half = Z95 * (n as f64).sqrt() / effective_days;
        let spec = &mut s.sources[i];
        let path = format!("sources[{}].leads_per_day", spec.name);
        if !spec.campaigns.is_empty() {
            // The fitted rate is the log's average, peaks included; the
            // base's campaigns would count them twice (and their days are
            // the base's calendar, not the log's).
            spec.campaigns.clear();
            not_fitted.push(Note::CampaignsRemoved {
                source: spec.name.clone(),
            });
        }
        match spec.traffic.as_mut() {
            Some(traffic) => {
                traffic.visitors_per_day = round(per_day / traffic.capture_rate, 4);
                rate_paths.push(format!("sources[{}].traffic.visitors_per_day", spec.name));
            }
            None => {
                spec.leads_per_day = round(per_day, 4);
                rate_paths.push(path.clone());
            }
        }
        quantities.push(Quantity {
            path,
            value: per_day,
            ci95: Some(((per_day - half).max(0.0), per_day + half)),
            method: Method::LeadsPerDay,
            n,
        });
        if n >= MIN_LEADS_FOR_PROFILE {
            let hourly_mean = n as f64 / 24.0;
            let hourly: Vec<f64> = t.hours[i]
                .iter()
                .map(|&c| round(c as f64 / hourly_mean, 4))
                .collect();
            if let Some(weekday) = &weekday {
                spec.weekday_profile = Some(weekday.iter().map(|w| round(*w, 4)).collect());
            }
            spec.hourly_profile = Some(hourly);
            profile_paths.push(format!("sources[{}].hourly_profile", spec.name));
            profile_paths.push(format!("sources[{}].weekday_profile", spec.name));
        } else {
            not_fitted.push(Note::FewLeadsForProfile {
                source: spec.name.clone(),
                leads: n,
                minimum: MIN_LEADS_FOR_PROFILE,
            });
        }
    }
    assumptions.push((
        "leads per day of each source: the source's leads over the log's calendar days, each day weighted by its weekday's factor (the model's rate is a whole week's mean)".to_string(),
        "各来源每日线索数：该来源线索数除以日志的自然日数（每天按其星期系数加权，模型的日均为整周均值）".to_string(),
        rate_paths,
    ));
    if !profile_paths.is_empty() {
        assumptions.push((
            "hour-of-day and weekday profiles from the local time of created_at (per weekday: leads over the days of that weekday in the log), each scaled to mean 1".to_string(),
            "按 created_at 的当地时间统计的分时与星期分布（星期：该星期几的线索数除以日志中该星期几的天数），各自归一到均值 1".to_string(),
            profile_paths,
        ));
    }

    // Grade mix.
    if has_grade {
        let totals: Vec<u64> = (0..s.grades.len())
            .map(|g| t.grade_mix.iter().map(|m| m[g]).sum())
            .collect();
        let all: u64 = totals.iter().sum();
        let mut paths = Vec::new();
        if all > 0 {
            for (g, &k) in totals.iter().enumerate() {
                let name = s.grades[g].name.clone();
                s.grades[g].share_percent = round(100.0 * k as f64 / all as f64, 3);
                let path = format!("grades[{name}].share_percent");
                if let Some(e) = estimate::wilson(k, all) {
                    quantities.push(quantity(&path, scale(e, 100.0), Method::Share, all));
                }
                paths.push(path);
            }
            fix_sum(s.grades.iter_mut().map(|g| &mut g.share_percent));
        }
        for (i, mix) in t.grade_mix.iter().enumerate() {
            let n: u64 = mix.iter().sum();
            if n == 0 {
                continue;
            }
            let mut map = BTreeMap::new();
            for (g, &k) in mix.iter().enumerate() {
                map.insert(
                    s.grades[g].name.clone(),
                    round(100.0 * k as f64 / n as f64, 3),
                );
            }
            fix_sum(map.values_mut());
            let name = s.sources[i].name.clone();
            s.sources[i].grade_mix_percent = Some(map);
            paths.push(format!("sources[{name}].grade_mix_percent"));
        }
        assumptions.push((
            "grade mix: shares of the grades in the log, overall and per source".to_string(),
            "线索分级占比：日志中各级别的占比（总体及各来源）".to_string(),
            paths,
        ));
    } else {
        not_fitted.push(Note::NoGradeColumn);
    }

    // Patience.
    if log.has(Column::LostAt) {
        let mut paths = Vec::new();
        for g in 0..grades {
            let targets: Vec<usize> = if has_grade {
                vec![g]
            } else {
                (0..s.grades.len()).collect()
            };
            match t.patience[g].fit() {
                Some(p) => {
                    for &target in &targets {
                        let name = s.grades[target].name.clone();
                        s.grades[target].patience_minutes = Some(match p.cv {
                            Some(cv) if p.lognormal => {
                                lognormal(round(p.mean.value, 3), round(cv, 4))
                            }
                            _ => DistSpec {
                                kind: DistKind::Exponential.key().to_string(),
                                mean: Some(round(p.mean.value, 3)),
                                ..empty_dist()
                            },
                        });
                        let path = format!("grades[{name}].patience_minutes");
                        let method = if p.lognormal {
                            Method::PatienceLognormal
                        } else {
                            Method::PatienceExponential
                        };
                        quantities.push(quantity(
                            &format!("{path}.mean"),
                            p.mean,
                            method,
                            p.events,
                        ));
                        if let Some(cv) = p.cv.filter(|_| p.lognormal) {
                            quantities.push(Quantity {
                                path: format!("{path}.cv"),
                                value: cv,
                                ci95: None,
                                method,
                                n: p.events,
                            });
                        }
                        paths.push(path);
                    }
                }
                None => {
                    for &target in &targets {
                        not_fitted.push(Note::NoPatienceEvents {
                            grade: s.grades[target].name.clone(),
                        });
                    }
                }
            }
        }
        if !paths.is_empty() {
            assumptions.push((
                "patience: the leads lost before any contact give up at their lost_at; contacted leads and leads still open at the log's end are censored; exponential and lognormal fitted by maximum likelihood, the better by AIC".to_string(),
                "耐心时间：未联系即流失的线索在 lost_at 放弃；已联系和日志结束时仍未结束的线索为删失；指数与对数正态分布均按最大似然拟合，按 AIC 取优".to_string(),
                paths,
            ));
        }
    } else {
        not_fitted.push(Note::NoLostAt);
    }

    // First response per link (reported, see the module docs).
    for (l, times) in t.response.iter().enumerate() {
        let name = if has_link {
            s.links.get(l).map_or("?", |x| x.name.as_str())
        } else {
            "all"
        };
        if let Some((mean, cv)) = estimate::lognormal(times.iter().copied()) {
            let path = format!("observed.links[{name}].first_response_minutes");
            quantities.push(quantity(
                &format!("{path}.mean"),
                mean,
                Method::FirstResponse,
                times.len() as u64,
            ));
            quantities.push(Quantity {
                path: format!("{path}.cv"),
                value: cv,
                ci95: None,
                method: Method::LognormalCv,
                n: times.len() as u64,
            });
        }
    }

    // Qualification and the decay.
    if fit_decay {
        match estimate::fit_decay(&decay.finish()) {
            Some(d) => {
                // `fit_decay` implies a funnel.
                if let Some(funnel) = s.funnel.as_mut() {
                    funnel.response_decay_minutes = round(d.tau.value, 3);
                    funnel.response_floor = round(d.floor.value, 5);
                }
                let method = Method::Decay;
                quantities.push(quantity(
                    "funnel.response_decay_minutes",
                    d.tau,
                    method,
                    d.leads,
                ));
                quantities.push(quantity("funnel.response_floor", d.floor, method, d.leads));
                let mut paths = vec![
                    "funnel.response_decay_minutes".to_string(),
                    "funnel.response_floor".to_string(),
                ];
                for (g, q) in d.qualify.iter().enumerate() {
                    let Some(q) = q else { continue };
                    let targets: Vec<usize> = if has_grade {
                        vec![g]
                    } else {
                        (0..s.grades.len()).collect()
                    };
                    for target in targets {
                        let name = s.grades[target].name.clone();
                        s.grades[target].qualify_probability = round(q.value.min(1.0), 4);
                        let path = format!("grades[{name}].qualify_probability");
                        quantities.push(quantity(&path, *q, method, d.leads));
                        paths.push(path);
                    }
                }
                assumptions.push((
                    format!(
                        "qualification against first response: the model's decay fitted by maximum likelihood on {} contacted leads (a lead qualified when qualified_at or order_at is set; its response time is first_contact_at − created_at)",
                        d.leads
                    ),
                    format!(
                        "合格率与首次响应时间：按模型的衰减公式对 {} 条已联系线索做最大似然拟合（qualified_at 或 order_at 有值即视为合格；响应时间为 first_contact_at − created_at）",
                        d.leads
                    ),
                    paths,
                ));
            }
            None => not_fitted.push(Note::NoContactedLead),
        }
    } else {
        not_fitted.push(Note::NoDecayColumns);
    }
    if t.qualified_uncontacted > 0 {
        not_fitted.push(Note::QualifiedUncontacted {
            leads: t.qualified_uncontacted,
        });
    }

    // Close rates and channel shares.
    if log.has(Column::OrderAt) && (log.has(Column::QualifiedAt) || has_channel) {
        let mut paths = Vec::new();
        let all_qualified: u64 = t.qualified.iter().sum();
        if let Some(funnel) = s.funnel.as_mut() {
            for c in 0..channels {
                let targets: Vec<usize> = if has_channel {
                    vec![c]
                } else {
                    (0..funnel.channels.len()).collect()
                };
                let Some(e) = estimate::wilson(t.ordered[c], t.qualified[c]) else {
                    continue;
                };
                for target in targets {
                    let ch = &mut funnel.channels[target];
                    ch.close_rate = round(e.value, 4);
                    let path = format!("funnel.channels[{}].close_rate", ch.name);
                    quantities.push(quantity(&path, e, Method::CloseRate, t.qualified[c]));
                    paths.push(path);
                    if has_channel && all_qualified > 0 {
                        ch.share_percent =
                            round(100.0 * t.qualified[c] as f64 / all_qualified as f64, 3);
                        let path = format!("funnel.channels[{}].share_percent", ch.name);
                        if let Some(share) = estimate::wilson(t.qualified[c], all_qualified) {
                            quantities.push(quantity(
                                &path,
                                scale(share, 100.0),
                                Method::ChannelShare,
                                all_qualified,
                            ));
                        }
                        paths.push(path);
                    }
                }
            }
            if has_channel && all_qualified > 0 {
                fix_sum(funnel.channels.iter_mut().map(|c| &mut c.share_percent));
            }
        }
        if !paths.is_empty() {
            assumptions.push((
                "close rate of each channel: orders over qualified leads of the channel; channel shares: the channels' shares of qualified leads".to_string(),
                "各渠道成交率：该渠道订单数 ÷ 合格线索数；渠道占比：各渠道在合格线索中的占比".to_string(),
                paths,
            ));
        }
    } else {
        not_fitted.push(Note::NoCloseRateColumns);
    }
    if t.lost_after_contact > 0 {
        not_fitted.push(Note::LostAfterContact {
            leads: t.lost_after_contact,
        });
    }
    if template {
        not_fitted.push(Note::TemplatePlaceholders);
    }

    // ---- assumptions: one per fitted concept, naming file, rows and dates
    let fitted_paths: Vec<String> = assumptions.iter().flat_map(|a| a.2.clone()).collect();
    // A base assumption whose every path is refitted no longer holds.
    s.assumptions.retain(|a| {
        a.covers.is_empty()
            || !a.covers.iter().all(|c| {
                fitted_paths
                    .iter()
                    .any(|p| p == c || p.starts_with(&format!("{c}.")))
            })
    });
    let file = &options.file_name;
    let rows = log.rows.len();
    let bad = log.bad_count;
    let mut new = Vec::new();
    for (en, zh, paths) in assumptions {
        if paths.is_empty() {
            continue;
        }
        for chunk in paths.chunks(MAX_COVERS) {
            new.push(Assumption {
                en: format!(
                    "Fitted from {file} ({rows} rows, {bad} bad rows left out; leads created {first} to {last}): {en}."
                ),
                zh: format!(
                    "由 {file} 拟合（{rows} 行，剔除 {bad} 行错误数据；线索创建时间 {first} 至 {last}）：{zh}。"
                ),
                source: Some(file.clone()),
                covers: chunk.to_vec(),
            });
        }
    }
    new.append(&mut s.assumptions);
    new.truncate(MAX_ASSUMPTIONS);
    s.assumptions = new;
    if template {
        s.name = Text {
            en: format!("Fitted from {file}"),
            zh: format!("由 {file} 拟合"),
        };
    }

    // Checked as a file: the schema's ranges, then the validator, exactly
    // what `orgflow validate` and the app's import will do with the output.
    let json = serde_json::to_string(&s).unwrap_or_default();
    scenario::load(&json).map_err(FitError)?;
    Ok(Fitted {
        scenario: s,
        quantities,
        not_fitted,
        rows,
        bad_rows: bad,
        first,
        last,
        days,
    })
}

fn quantity(path: &str, e: Estimate, method: Method, n: u64) -> Quantity {
    Quantity {
        path: path.to_string(),
        value: e.value,
        ci95: e.ci95,
        method,
        n,
    }
}

fn scale(e: Estimate, by: f64) -> Estimate {
    Estimate {
        value: e.value * by,
        ci95: e.ci95.map(|(a, b)| (a * by, b * by)),
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = libm::pow(10.0, f64::from(decimals));
    libm::round(x * f) / f
}

/// Puts the rounding remainder of percentages on the largest, so they
/// add up to 100 exactly as the validator wants.
fn fix_sum<'a>(shares: impl Iterator<Item = &'a mut f64>) {
    let mut shares: Vec<&mut f64> = shares.collect();
    let sum: f64 = shares.iter().map(|s| **s).sum();
    if sum <= 0.0 {
        return;
    }
    if let Some(largest) = shares.iter_mut().max_by(|a, b| a.total_cmp(b)) {
        **largest = round(**largest + (100.0 - sum), 6);
    }
}

fn empty_dist() -> DistSpec {
    DistSpec {
        kind: String::new(),
        mean: None,
        cv: None,
        min: None,
        mode: None,
        max: None,
        value: None,
        values: None,
    }
}

fn lognormal(mean: f64, cv: f64) -> DistSpec {
    DistSpec {
        kind: DistKind::Lognormal.key().to_string(),
        mean: Some(mean),
        cv: Some(cv),
        ..empty_dist()
    }
}

fn new_grade(name: &str) -> GradeSpec {
    GradeSpec {
        name: name.to_string(),
        share_percent: 0.0,
        qualify_probability: 1.0,
        // Not in a lead log: what customers expect is a survey question.
        expected_response_minutes: 60.0,
        patience_minutes: None,
    }
}

fn new_source(name: &str, link: Option<String>) -> SourceSpec {
    SourceSpec {
        name: name.to_string(),
        leads_per_day: 0.0,
        traffic: None,
        link,
        entry_unit: None,
        cost_per_lead: 0.0,
        reach: None,
        grade_mix_percent: None,
        hourly_profile: None,
        weekday_profile: None,
        campaigns: Vec::new(),
    }
}

fn new_unit(name: &str, headcount: u32, service: ServiceSpec) -> UnitSpec {
    UnitSpec {
        name: name.to_string(),
        office: Some("front".to_string()),
        headcount,
        hours: None,
        hourly_cost: 60.0,
        authority: 0,
        service_minutes: service,
        routes: Vec::new(),
        escalate_to: None,
        committee: None,
        skill: None,
        shifts: Vec::new(),
    }
}

fn new_channel(name: &str, unit: &str) -> ChannelSpec {
    ChannelSpec {
        name: name.to_string(),
        kind: None,
        share_percent: 0.0,
        unit: unit.to_string(),
        close_rate: 0.0,
        price_consistency: 1.0,
        cost_per_order: 0.0,
        decision_share: 0.0,
        price: 0.0,
        gross_margin_percent: 0.0,
    }
}

fn default_funnel(channels: &[ChannelSpec]) -> FunnelSpec {
    FunnelSpec {
        response_decay_minutes: crate::scenario::format::default_decay(),
        response_floor: crate::scenario::format::default_floor(),
        channels: channels.to_vec(),
        decision_levels_percent: Vec::new(),
        decision_discount_percent: Vec::new(),
        decision_expected_minutes: 1440.0,
        remarketing: None,
        after_sales: None,
        referral: None,
    }
}

fn source_index(s: &mut Scenario, name: &str) -> usize {
    if let Some(i) = s.sources.iter().position(|x| x.name == name) {
        return i;
    }
    let link = s.links.first().map(|l| l.name.clone());
    let entry_unit = link
        .is_none()
        .then(|| s.units.first().map(|u| u.name.clone()))
        .flatten();
    let mut source = new_source(name, link);
    source.entry_unit = entry_unit;
    s.sources.push(source);
    s.sources.len() - 1
}

fn grade_index(s: &mut Scenario, name: &str) -> usize {
    if let Some(i) = s.grades.iter().position(|x| x.name == name) {
        return i;
    }
    let mut grade = new_grade(name);
    // Like its neighbours until the log says otherwise.
    if let Some(first) = s.grades.first() {
        grade.qualify_probability = first.qualify_probability;
        grade.expected_response_minutes = first.expected_response_minutes;
        grade.patience_minutes = first.patience_minutes.clone();
    }
    s.grades.push(grade);
    s.grades.len() - 1
}

fn link_index(s: &mut Scenario, name: &str) -> usize {
    if let Some(i) = s.links.iter().position(|x| x.name == name) {
        return i;
    }
    let entry = s
        .links
        .first()
        .map(|l| l.entry_unit.clone())
        .or_else(|| s.units.first().map(|u| u.name.clone()))
        .unwrap_or_default();
    s.links.push(LinkSpec {
        name: name.to_string(),
        entry_unit: entry,
        sla_minutes: None,
        on_breach: None,
        breach_unit: None,
        pickup_minutes: None,
    });
    s.links.len() - 1
}

fn channel_index(s: &mut Scenario, name: &str) -> usize {
    let unit = s.units.first().map(|u| u.name.clone()).unwrap_or_default();
    let funnel = s.funnel.get_or_insert_with(|| default_funnel(&[]));
    if let Some(i) = funnel.channels.iter().position(|x| x.name == name) {
        return i;
    }
    let channel = match funnel.channels.first() {
        Some(first) => ChannelSpec {
            name: name.to_string(),
            share_percent: 0.0,
            ..first.clone()
        },
        None => new_channel(name, &unit),
    };
    funnel.channels.push(channel);
    funnel.channels.len() - 1
}

/// A minimal scenario for a log without a base: one front-office team per
/// link (always open, 10-minute contacts, enough people for the busiest
/// hour at 80 % load), one sales team per channel, sources on their most
/// frequent link, and `conversion_sensitivity` 0 so the fitted rates are
/// the rates the model uses. Everything the log does not tell is a
/// placeholder, said so in the notes.
fn template_scenario(log: &Log) -> Scenario {
    let days = log.created_range().map_or(1.0, |(a, b)| {
        ((b.utc_ms - a.utc_ms) as f64 / MS_PER_DAY as f64).max(1.0)
    });
    let per_hour_peak = {
        let mut hours = [0u64; 24];
        for r in &log.rows {
            hours[(r.created.local_ms().rem_euclid(MS_PER_DAY) / 3_600_000) as usize] += 1;
        }
        hours.iter().copied().max().unwrap_or(0) as f64 / days
    };
    let contact_minutes = TEMPLATE_CONTACT_MINUTES;
    let links: Vec<String> = if log.links.is_empty() {
        vec!["main".to_string()]
    } else {
        log.links.all().to_vec()
    };
    let link_share = 1.0 / links.len() as f64;
    let contact_staff = (per_hour_peak * link_share * contact_minutes / 60.0 / 0.8)
        .ceil()
        .clamp(1.0, MAX_HEADCOUNT) as u32;
    let mut units: Vec<UnitSpec> = links
        .iter()
        .map(|l| {
            new_unit(
                &unit_name(l, "team"),
                contact_staff,
                ServiceSpec {
                    contact: Some(lognormal(contact_minutes, 0.6)),
                    ..ServiceSpec::default()
                },
            )
        })
        .collect();
    let channel_names: Vec<String> = if log.channels.is_empty() {
        vec!["sales".to_string()]
    } else {
        log.channels.all().to_vec()
    };
    let qualified = log
        .rows
        .iter()
        .filter(|r| r.qualified.is_some() || r.order.is_some())
        .count() as f64;
    let consult_minutes = 60.0;
    let consult_staff =
        (qualified / days / channel_names.len() as f64 * consult_minutes / (8.0 * 60.0) / 0.8)
            .ceil()
            .clamp(1.0, MAX_HEADCOUNT) as u32;
    let mut channels = Vec::new();
    for c in &channel_names {
        let unit = unit_name(c, "sales");
        units.push(new_unit(
            &unit,
            consult_staff,
            ServiceSpec {
                consult: Some(lognormal(consult_minutes, 0.5)),
                ..ServiceSpec::default()
            },
        ));
        let mut channel = new_channel(c, &unit);
        channel.share_percent = 100.0 / channel_names.len() as f64;
        channel.close_rate = 0.3;
        channels.push(channel);
    }
    fix_sum(channels.iter_mut().map(|c| &mut c.share_percent));
    // Each source on the link most of its leads came through.
    let mut modal: BTreeMap<u32, BTreeMap<u32, u64>> = BTreeMap::new();
    for r in &log.rows {
        if let (Some(s), Some(l)) = (r.source, r.link) {
            *modal.entry(s).or_default().entry(l).or_default() += 1;
        }
    }
    let source_names: Vec<String> = if log.sources.is_empty() {
        vec!["leads".to_string()]
    } else {
        log.sources.all().to_vec()
    };
    let sources = source_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let link = modal
                .get(&(i as u32))
                .and_then(|m| m.iter().max_by_key(|(_, n)| **n).map(|(l, _)| *l))
                .map(|l| log.links.name(l).to_string())
                .or_else(|| links.first().cloned());
            let mut source = new_source(name, link);
            source.leads_per_day = 1.0;
            source
        })
        .collect();
    let grade_names: Vec<String> = if log.grades.is_empty() {
        vec!["all".to_string()]
    } else {
        log.grades.all().to_vec()
    };
    let share = 100.0 / grade_names.len() as f64;
    let mut grades: Vec<GradeSpec> = grade_names
        .iter()
        .map(|g| GradeSpec {
            share_percent: share,
            ..new_grade(g)
        })
        .collect();
    fix_sum(grades.iter_mut().map(|g| &mut g.share_percent));
    Scenario {
        version: scenario::FORMAT_VERSION,
        id: Some("fitted".to_string()),
        name: Text::default(),
        description: None,
        template: None,
        assumptions: Vec::new(),
        horizon: Horizon {
            days: TEMPLATE_WARMUP_DAYS + days.ceil(),
            // A log is taken from a running organisation, whose queues and
            // funnel are not empty on its first day: the simulation starts
            // a week earlier and measures from then on.
            warmup_days: TEMPLATE_WARMUP_DAYS,
            // Leads of the last day finish: the funnel's later stages take
            // days in the data, not minutes.
            drain_days: 30.0,
        },
        run: None,
        grades,
        sources,
        units,
        links: links
            .iter()
            .map(|l| LinkSpec {
                name: l.clone(),
                entry_unit: unit_name(l, "team"),
                sla_minutes: None,
                on_breach: None,
                breach_unit: None,
                pickup_minutes: None,
            })
            .collect(),
        routing: None,
        handoffs: None,
        funnel: Some(default_funnel(&channels)),
        customer: Some(CustomerSpec {
            conversion_sensitivity: Some(0.0),
            ..CustomerSpec::default()
        }),
        fixed_costs: Vec::new(),
        transition_cost: 0.0,
        uncertainty: Vec::new(),
    }
}

/// An hour of the day counts as open when at least this share (%) of the
/// first contacts happen in it; a weekday when it has at least this share
/// (%) of the busiest weekday's (a closed day still sees a few first
/// contacts, by the other link or a walk-in, so a share of the total would
/// call it open).
const OPEN_HOUR_PERCENT: f64 = 1.0;
const OPEN_DAY_PERCENT: f64 = 25.0;
/// The scenario format's largest headcount.
const MAX_HEADCOUNT: f64 = 100_000.0;
/// Days the template simulates before its measured window.
const TEMPLATE_WARMUP_DAYS: f64 = 7.0;
/// The template's contact time (minutes): a placeholder, the log has no
/// service durations.
const TEMPLATE_CONTACT_MINUTES: f64 = 10.0;

/// Opening hours from the first contacts by hour and weekday: the days
/// with at least [`OPEN_DAY_PERCENT`] % of the busiest day's (per
/// occurrence of the weekday in the log), from the first to the end
/// of the last hour with at least [`OPEN_HOUR_PERCENT`] %. `None` (always
/// open) when every day and hour qualifies or there are no contacts.
fn opening_hours(
    hours: &[u64; 24],
    days: &[u64; 7],
    occurrences: &[u32; 7],
) -> Option<crate::scenario::format::HoursSpec> {
    use crate::scenario::vocab::Weekday;
    let total: u64 = days.iter().sum();
    if total == 0 {
        return None;
    }
    let share = |c: u64| 100.0 * c as f64 / total as f64;
    let open_hours: Vec<usize> = (0..24)
        .filter(|&h| share(hours[h]) >= OPEN_HOUR_PERCENT)
        .collect();
    // Contacts per occurrence of the weekday in the log (a 10-day log has
    // some weekdays twice).
    let per_day: Vec<f64> = (0..7)
        .map(|d| days[d] as f64 / f64::from(occurrences[d].max(1)))
        .collect();
    let busiest = per_day.iter().copied().fold(0.0, f64::max);
    let open_days: Vec<Weekday> = Weekday::ALL
        .into_iter()
        .enumerate()
        .filter(|&(d, _)| 100.0 * per_day[d] >= OPEN_DAY_PERCENT * busiest)
        .map(|(_, w)| w)
        .collect();
    let (first, last) = (*open_hours.first()?, *open_hours.last()?);
    if open_days.is_empty() || (first == 0 && last == 23 && open_days.len() == 7) {
        return None;
    }
    Some(crate::scenario::format::HoursSpec {
        days: open_days.iter().map(|d| d.key().to_string()).collect(),
        open: format!("{first:02}:00"),
        close: format!("{:02}:00", last + 1),
    })
}

/// `name_suffix`, kept within the schema's 64 characters.
fn unit_name(name: &str, suffix: &str) -> String {
    let keep: String = name.chars().take(64 - suffix.len() - 1).collect();
    format!("{keep}_{suffix}")
}

/// Minutes between two instants of the log.
pub fn minutes(from_ms: i64, to_ms: i64) -> f64 {
    (to_ms - from_ms) as f64 / MS_PER_MINUTE as f64
}
