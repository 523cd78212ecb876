//! Validation errors: a field path, a machine-readable kind with the allowed
//! range, and a message in English or Chinese.

use serde::Serialize;

use crate::i18n::Lang;

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidationError {
    /// Where the problem is, e.g. `units[2].headcount` (empty for the whole file).
    pub path: String,
    /// What is wrong, with the allowed range or values.
    #[serde(flatten)]
    pub kind: ErrorKind,
}

/// What is wrong. Serialised with a `code` tag for programs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ErrorKind {
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        detail: String,
    },
    /// The value has the wrong JSON type.
    WrongType { expected: String },
    /// A field the format does not know (often a typo).
    UnknownField { allowed: Vec<String> },
    /// A required field is missing.
    MissingField,
    /// A number outside its range; `exclusive_min` means the minimum itself is not allowed.
    OutOfRange {
        min: Option<f64>,
        max: Option<f64>,
        exclusive_min: bool,
        found: f64,
    },
    /// A value that is not one of the allowed words.
    NotAllowed { allowed: Vec<String>, found: String },
    /// A list shorter than allowed.
    TooFewItems { min: usize, found: usize },
    /// A list longer than allowed.
    TooManyItems { max: usize, found: usize },
    /// A string too long or empty.
    BadLength {
        min: usize,
        max: usize,
        found: usize,
    },
    /// Percentages that do not add up to 100.
    SharesNot100 { sum: f64 },
    /// Route probabilities adding up to more than 1.
    ProbabilitiesOver1 { sum: f64 },
    /// A name that refers to nothing.
    UnknownReference {
        what: String,
        name: String,
        known: Vec<String>,
    },
    /// Two items with the same name.
    DuplicateName { name: String },
    /// A key written more than once in the same object (JSON would keep
    /// only the last value, silently).
    DuplicateKey,
    /// Escalation chain that returns to where it started.
    EscalationCycle { cycle: Vec<String> },
    /// Routes from which a lead can never leave.
    RoutingLoop { units: Vec<String> },
    /// A decision level no unit in the chain may approve.
    InsufficientAuthority { needed: u8, highest: u8 },
    /// A unit receives a task it has no service time for.
    MissingService { task: String },
    /// A distribution lacks a parameter its kind needs.
    MissingParameter { parameter: String, kind: String },
    /// A clock time that is not `HH:MM`.
    InvalidClock { found: String },
    /// Parameters that contradict each other; the rule they break.
    Inconsistent { rule: Constraint },
    /// Nothing would ever happen (no leads).
    EmptyModel,
    /// Too large to run in a browser tab.
    TooLarge { limit: f64, found: f64 },
    /// A file format version this build does not read.
    UnsupportedVersion { supported: u32, found: String },
    /// An assumption's `covers` entry that names no place in the format.
    BadPath { found: String },
    /// A shift block that cannot be staffed as written.
    BadShift { problem: ShiftProblem },
}

/// A rule between parameters that a file breaks (serialised as a code,
/// described in both languages by [`Constraint::describe`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Constraint {
    /// A unit's opening time is not before its closing time.
    OpenBeforeClose,
    /// A channel needs decisions but no decision level is given.
    DecisionLevelsNeeded,
    /// `decision_discount_percent` has another length than the levels.
    OneDiscountPerLevel { levels: usize },
    /// Duplicate contacts without a second link.
    DuplicatesNeedTwoLinks,
    /// The warm-up is not shorter than the horizon.
    WarmupShorterThanHorizon,
    /// An uncertainty range out of order.
    RangeInOrder,
    /// A campaign that ends before it starts.
    CampaignEndsAfterStart,
    /// A traffic source that also states leads per day.
    TrafficLeadsAreCaptured,
    /// An hourly profile without any hour with leads.
    SomeHourHasLeads,
    /// A weekday profile without any day with leads.
    SomeDayHasLeads,
    /// A committee given other work than decisions.
    CommitteeOnlyDecides { task: String },
    /// A triangular distribution out of order.
    TriangularInOrder,
}

impl Constraint {
    /// The rule in words, in `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let (zh_text, en_text): (String, String) = match self {
            Constraint::OpenBeforeClose => (
                "开门时间必须早于关门时间（营业时间不能跨越午夜；全天营业请用 00:00–24:00）".into(),
                "opening time must be before closing time (hours cannot cross midnight; use 00:00–24:00 for round the clock)".into(),
            ),
            Constraint::DecisionLevelsNeeded => (
                "设置了 decision_share 的渠道需要审批层级（decision_levels_percent）".into(),
                "channels with decision_share need decision levels".into(),
            ),
            Constraint::OneDiscountPerLevel { levels } => (
                format!("每个审批层级一个折扣（decision_levels_percent 中有 {levels} 级），或不设折扣"),
                format!("one discount per decision level ({levels} in decision_levels_percent), or none"),
            ),
            Constraint::DuplicatesNeedTwoLinks => (
                "重复联系至少需要两条链路".into(),
                "duplicate contacts need at least two links".into(),
            ),
            Constraint::WarmupShorterThanHorizon => (
                "预热期必须短于模拟时长".into(),
                "warm-up must be shorter than the horizon".into(),
            ),
            Constraint::RangeInOrder => (
                "需满足 min ≤ most_likely ≤ max，且 min < max".into(),
                "min ≤ most_likely ≤ max, and min < max".into(),
            ),
            Constraint::CampaignEndsAfterStart => (
                "end_day 必须晚于 start_day".into(),
                "end_day must be after start_day".into(),
            ),
            Constraint::TrafficLeadsAreCaptured => (
                "流量来源的线索来自它捕获的访客：请不要填写 leads_per_day".into(),
                "a traffic source's leads are the visitors it captures: leave leads_per_day out".into(),
            ),
            Constraint::SomeHourHasLeads => (
                "至少有一个小时要有线索".into(),
                "at least one hour must have leads".into(),
            ),
            Constraint::SomeDayHasLeads => (
                "至少有一天要有线索".into(),
                "at least one day must have leads".into(),
            ),
            Constraint::CommitteeOnlyDecides { task } => (
                format!("委员会只做审批决策，不能承担 {task} 工作"),
                format!("a committee only takes decisions, not {task} work"),
            ),
            Constraint::TriangularInOrder => (
                "三角分布需满足 min ≤ mode ≤ max，且 min < max".into(),
                "triangular needs min ≤ mode ≤ max and min < max".into(),
            ),
        };
        if zh { zh_text } else { en_text }
    }
}

/// What is wrong with a unit's shift block (`units[i].shifts[j]`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ShiftProblem {
    /// `from` is not before `to` (a block cannot cross midnight).
    FromNotBeforeTo,
    /// The block shares a day and some time with block `other` of the same
    /// unit: which headcount would apply there is ambiguous.
    Overlaps { other: usize },
    /// A committee meets on its cadence; it has members, not shifts.
    OnCommittee,
}

fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn range_text(min: Option<f64>, max: Option<f64>, exclusive_min: bool, lang: Lang) -> String {
    let low = min.map(|m| (if exclusive_min { "> " } else { "≥ " }).to_string() + &fmt_number(m));
    let high = max.map(|m| "≤ ".to_string() + &fmt_number(m));
    let joiner = match lang {
        Lang::En => " and ",
        Lang::Zh => " 且 ",
    };
    match (low, high) {
        (Some(l), Some(h)) => format!("{l}{joiner}{h}"),
        (Some(l), None) => l,
        (None, Some(h)) => h,
        (None, None) => String::new(),
    }
}

impl ErrorKind {
    /// The machine-readable code (the `code` field when serialised).
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::Syntax { .. } => "syntax",
            ErrorKind::WrongType { .. } => "wrong_type",
            ErrorKind::UnknownField { .. } => "unknown_field",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::OutOfRange { .. } => "out_of_range",
            ErrorKind::NotAllowed { .. } => "not_allowed",
            ErrorKind::TooFewItems { .. } => "too_few_items",
            ErrorKind::TooManyItems { .. } => "too_many_items",
            ErrorKind::BadLength { .. } => "bad_length",
            ErrorKind::SharesNot100 { .. } => "shares_not_100",
            ErrorKind::ProbabilitiesOver1 { .. } => "probabilities_over_1",
            ErrorKind::UnknownReference { .. } => "unknown_reference",
            ErrorKind::DuplicateName { .. } => "duplicate_name",
            ErrorKind::DuplicateKey => "duplicate_key",
            ErrorKind::EscalationCycle { .. } => "escalation_cycle",
            ErrorKind::RoutingLoop { .. } => "routing_loop",
            ErrorKind::InsufficientAuthority { .. } => "insufficient_authority",
            ErrorKind::MissingService { .. } => "missing_service",
            ErrorKind::MissingParameter { .. } => "missing_parameter",
            ErrorKind::InvalidClock { .. } => "invalid_clock",
            ErrorKind::Inconsistent { .. } => "inconsistent",
            ErrorKind::EmptyModel => "empty_model",
            ErrorKind::TooLarge { .. } => "too_large",
            ErrorKind::UnsupportedVersion { .. } => "unsupported_version",
            ErrorKind::BadPath { .. } => "bad_path",
            ErrorKind::BadShift { .. } => "bad_shift",
        }
    }

    /// The problem in words (without the path).
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            ErrorKind::Syntax {
                line,
                column,
                detail,
            } => {
                if zh {
                    format!("JSON 格式错误（第 {line} 行第 {column} 列）：{detail}")
                } else {
                    format!("not valid JSON at line {line}, column {column}: {detail}")
                }
            }
            ErrorKind::WrongType { expected } => {
                if zh {
                    format!("类型错误，应为 {expected}")
                } else {
                    format!("wrong type, expected {expected}")
                }
            }
            ErrorKind::UnknownField { allowed } => {
                if zh {
                    format!("未知字段（可用字段：{}）", allowed.join("、"))
                } else {
                    format!("unknown field (allowed: {})", allowed.join(", "))
                }
            }
            ErrorKind::MissingField => (if zh {
                "缺少必填字段"
            } else {
                "required field is missing"
            })
            .to_string(),
            ErrorKind::OutOfRange {
                min,
                max,
                exclusive_min,
                found,
            } => {
                let range = range_text(*min, *max, *exclusive_min, lang);
                if zh {
                    format!("数值 {} 超出范围，应 {range}", fmt_number(*found))
                } else {
                    format!("{} is out of range, must be {range}", fmt_number(*found))
                }
            }
            ErrorKind::NotAllowed { allowed, found } => {
                if zh {
                    format!("“{found}” 不是允许的取值（可选：{}）", allowed.join("、"))
                } else {
                    format!(
                        "\"{found}\" is not allowed (choose one of: {})",
                        allowed.join(", ")
                    )
                }
            }
            ErrorKind::TooFewItems { min, found } => {
                if zh {
                    format!("至少需要 {min} 项，当前 {found} 项")
                } else {
                    format!("needs at least {min} item(s), has {found}")
                }
            }
            ErrorKind::TooManyItems { max, found } => {
                if zh {
                    format!("最多 {max} 项，当前 {found} 项")
                } else {
                    format!("allows at most {max} items, has {found}")
                }
            }
            ErrorKind::BadLength { min, max, found } => {
                if zh {
                    format!("长度应在 {min} 到 {max} 个字符之间，当前 {found}")
                } else {
                    format!("length must be {min}–{max} characters, is {found}")
                }
            }
            ErrorKind::SharesNot100 { sum } => {
                if zh {
                    format!("各项占比之和应为 100%，当前为 {}%", fmt_number(*sum))
                } else {
                    format!(
                        "shares must add up to 100 %, they add up to {} %",
                        fmt_number(*sum)
                    )
                }
            }
            ErrorKind::ProbabilitiesOver1 { sum } => {
                if zh {
                    format!("转移概率之和应 ≤ 1，当前为 {}", fmt_number(*sum))
                } else {
                    format!(
                        "route probabilities must add up to at most 1, they add up to {}",
                        fmt_number(*sum)
                    )
                }
            }
            ErrorKind::UnknownReference { what, name, known } => {
                if zh {
                    format!("找不到名为 “{name}” 的{what}（已有：{}）", known.join("、"))
                } else {
                    format!("no {what} named \"{name}\" (known: {})", known.join(", "))
                }
            }
            ErrorKind::DuplicateName { name } => {
                if zh {
                    format!("名称 “{name}” 重复")
                } else {
                    format!("the name \"{name}\" is used twice")
                }
            }
            ErrorKind::DuplicateKey => (if zh {
                "该字段在同一对象中出现了不止一次（只能写一次）"
            } else {
                "this key appears more than once in its object (write it once)"
            })
            .to_string(),
            ErrorKind::EscalationCycle { cycle } => {
                if zh {
                    format!("升级链形成循环：{}", cycle.join(" → "))
                } else {
                    format!("escalation chain loops: {}", cycle.join(" → "))
                }
            }
            ErrorKind::RoutingLoop { units } => {
                if zh {
                    format!("转派路径无法结束（线索永远离不开：{}）", units.join("、"))
                } else {
                    format!(
                        "routes never let a lead leave (closed loop through: {})",
                        units.join(", ")
                    )
                }
            }
            ErrorKind::InsufficientAuthority { needed, highest } => {
                if zh {
                    format!("需要 {needed} 级决策权，但升级链最高只有 {highest} 级")
                } else {
                    format!(
                        "decisions need authority level {needed}, the escalation chain reaches only {highest}"
                    )
                }
            }
            ErrorKind::MissingService { task } => {
                if zh {
                    format!(
                        "该组织会收到 “{task}” 任务，但没有设置其服务时间（service_minutes.{task}）"
                    )
                } else {
                    format!("this unit receives \"{task}\" work but has no service_minutes.{task}")
                }
            }
            ErrorKind::MissingParameter { parameter, kind } => {
                if zh {
                    format!("{kind} 分布需要参数 “{parameter}”")
                } else {
                    format!("a {kind} distribution needs \"{parameter}\"")
                }
            }
            ErrorKind::InvalidClock { found } => {
                if zh {
                    format!("时间 “{found}” 格式应为 HH:MM（00:00–24:00）")
                } else {
                    format!("time \"{found}\" must be HH:MM (00:00–24:00)")
                }
            }
            ErrorKind::Inconsistent { rule } => {
                let rule = rule.describe(lang);
                if zh {
                    format!("参数相互矛盾：{rule}")
                } else {
                    format!("inconsistent parameters: {rule}")
                }
            }
            ErrorKind::EmptyModel => (if zh {
                "模型为空：没有任何线索到达"
            } else {
                "empty model: no leads would ever arrive"
            })
            .to_string(),
            ErrorKind::TooLarge { limit, found } => {
                if zh {
                    format!(
                        "规模过大无法运行：{}，上限 {}",
                        fmt_number(*found),
                        fmt_number(*limit)
                    )
                } else {
                    format!(
                        "too large to run: {} (limit {})",
                        fmt_number(*found),
                        fmt_number(*limit)
                    )
                }
            }
            ErrorKind::UnsupportedVersion { supported, found } => {
                if zh {
                    format!("不支持的文件版本 {found}（支持：{supported}）")
                } else {
                    format!(
                        "unsupported file version {found} (this build reads version {supported})"
                    )
                }
            }
            ErrorKind::BadPath { found } => {
                if zh {
                    format!(
                        "“{found}” 不是场景格式中的字段路径（例如 units[dealer_sales].hours、routing.rules[0]）"
                    )
                } else {
                    format!(
                        "\"{found}\" is not a field path of the scenario format (e.g. units[dealer_sales].hours, routing.rules[0])"
                    )
                }
            }
            ErrorKind::BadShift { problem } => match (problem, zh) {
                (ShiftProblem::FromNotBeforeTo, true) => {
                    "班次的开始时间必须早于结束时间（班次不能跨越午夜；全天请用 00:00–24:00）"
                        .to_string()
                }
                (ShiftProblem::FromNotBeforeTo, false) => {
                    "a shift's \"from\" must be before its \"to\" (a shift cannot cross midnight; use 00:00–24:00 for the whole day)"
                        .to_string()
                }
                (ShiftProblem::Overlaps { other }, true) => {
                    format!("与同一单位的 shifts[{other}] 时间重叠（同一天、同一时段）；每个时刻只能有一个人数")
                }
                (ShiftProblem::Overlaps { other }, false) => format!(
                    "overlaps shifts[{other}] of the same unit (same day and time); each moment has one headcount"
                ),
                (ShiftProblem::OnCommittee, true) => {
                    "委员会按会议节奏决策，不能设置班次".to_string()
                }
                (ShiftProblem::OnCommittee, false) => {
                    "a committee meets on its cadence and cannot have shifts".to_string()
                }
            },
        }
    }
}

impl ValidationError {
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> ValidationError {
        ValidationError {
            path: path.into(),
            kind,
        }
    }

    /// The full message, path first, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        if self.path.is_empty() {
            self.kind.describe(lang)
        } else {
            let separator = if lang == Lang::Zh { "：" } else { ": " };
            format!("{}{separator}{}", self.path, self.kind.describe(lang))
        }
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ValidationError {}
