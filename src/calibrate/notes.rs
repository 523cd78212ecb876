//! The fit's words: how each value was estimated ([`Method`]) and what the
//! log could not tell ([`Note`]), as types with a message in either
//! language. The fit decides *what* to say; the app and the CLI choose the
//! language (the CLI and the JSON speak English, so their output does not
//! depend on the reader).

use crate::i18n::Lang;

/// How a fitted value was estimated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// A source's leads per day.
    LeadsPerDay,
    /// A grade's share of the leads.
    Share,
    /// Patience, lognormal chosen by AIC.
    PatienceLognormal,
    /// Patience, exponential chosen by AIC.
    PatienceExponential,
    /// A link's observed first response (reported, not an input).
    FirstResponse,
    /// The coefficient of variation of that lognormal.
    LognormalCv,
    /// The response decay, its floor and each grade's qualification.
    Decay,
    /// A channel's close rate.
    CloseRate,
    /// A channel's share of the qualified leads.
    ChannelShare,
}

impl Method {
    pub fn message(self, lang: Lang) -> &'static str {
        let zh = lang == Lang::Zh;
        match self {
            Method::LeadsPerDay if zh => "线索数 ÷ 日历天数，按星期系数加权（泊松）",
            Method::LeadsPerDay => {
                "leads / calendar days, each weighted by its weekday factor (Poisson)"
            }
            Method::Share if zh => "占比（Wilson 区间）",
            Method::Share => "share (Wilson interval)",
            Method::PatienceLognormal if zh => {
                "含删失（联系、日志结束）的对数正态最大似然，按 AIC 优于指数分布"
            }
            Method::PatienceLognormal => {
                "lognormal MLE with censoring (contact, log end), chosen over the exponential by AIC"
            }
            Method::PatienceExponential if zh => {
                "含删失的指数分布最大似然（暴露时间 ÷ 事件数），按 AIC 优于对数正态"
            }
            Method::PatienceExponential => {
                "exponential MLE with censoring (exposure / events), chosen over the lognormal by AIC"
            }
            Method::FirstResponse if zh => "已联系线索的对数正态最大似然（模型输出，在回测中比较）",
            Method::FirstResponse => {
                "lognormal MLE of contacted leads (a model output, compared in the back-test)"
            }
            Method::LognormalCv if zh => "对数正态最大似然",
            Method::LognormalCv => "lognormal MLE",
            Method::Decay if zh => {
                "q_g·(f + (1 − f)·exp(−t/τ)) 的最大似然，Wald 区间来自 Fisher 信息"
            }
            Method::Decay => {
                "maximum likelihood of q_g·(f + (1 − f)·exp(−t/τ)), Wald interval from the Fisher information"
            }
            Method::CloseRate if zh => "订单数 ÷ 合格线索数（Wilson 区间）",
            Method::CloseRate => "orders / qualified leads (Wilson interval)",
            Method::ChannelShare if zh => "占合格线索的比例（Wilson 区间）",
            Method::ChannelShare => "share of qualified leads (Wilson interval)",
        }
    }
}

/// Something the log could not tell, or a choice the fit made for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The base has no funnel: nothing of the log's funnel is fitted.
    NoFunnel,
    /// Rows without a source go to the first source.
    RowsWithoutSource,
    /// No source column: every lead goes to this source.
    NoSourceColumn { source: String },
    /// A source of the scenario has no lead in the log.
    SourceWithoutLeads { source: String },
    /// The base's campaigns of a source are removed.
    CampaignsRemoved { source: String },
    /// Too few leads of a source for its profiles.
    FewLeadsForProfile {
        source: String,
        leads: u64,
        minimum: u64,
    },
    /// No grade column.
    NoGradeColumn,
    /// A grade with no lead lost before contact.
    NoPatienceEvents { grade: String },
    /// No lost_at column.
    NoLostAt,
    /// No contacted lead to fit the decay on.
    NoContactedLead,
    /// The columns the decay needs are missing.
    NoDecayColumns,
    /// Qualified or ordered leads without a contact time.
    QualifiedUncontacted { leads: u64 },
    /// The columns the close rates need are missing.
    NoCloseRateColumns,
    /// Leads lost after contact without qualifying.
    LostAfterContact { leads: u64 },
    /// The template's service times are placeholders.
    TemplatePlaceholders,
}

impl Note {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Note::NoFunnel if zh => "基础场景没有漏斗：不拟合合格率、衰减、渠道和成交率".to_string(),
            Note::NoFunnel => {
                "the base scenario has no funnel: qualification, the decay, channels and close rates are not fitted"
                    .to_string()
            }
            Note::RowsWithoutSource if zh => "没有来源的行归入第一个来源".to_string(),
            Note::RowsWithoutSource => {
                "rows without a source are put on the first source".to_string()
            }
            Note::NoSourceColumn { source } if zh => {
                format!("日志没有 source 列：所有线索归入来源 {source}")
            }
            Note::NoSourceColumn { source } => {
                format!("no source column: every lead is put on source {source}")
            }
            Note::SourceWithoutLeads { source } if zh => {
                format!("来源 {source}：日志中没有线索，保留其线索量和时段分布")
            }
            Note::SourceWithoutLeads { source } => {
                format!("source {source}: no leads in the log, its rate and profiles kept")
            }
            Note::CampaignsRemoved { source } if zh => {
                format!("来源 {source}：删除基础场景的活动（拟合的线索量已包含日志中的高峰）")
            }
            Note::CampaignsRemoved { source } => format!(
                "source {source}: the base's campaigns are removed (the fitted rate includes the log's peaks)"
            ),
            Note::FewLeadsForProfile {
                source,
                leads,
                minimum,
            } if zh => format!(
                "来源 {source}：{leads} 条线索，少于 {minimum} 条：保留小时和星期分布"
            ),
            Note::FewLeadsForProfile {
                source,
                leads,
                minimum,
            } => format!(
                "source {source}: {leads} leads, fewer than {minimum}: hour and weekday profiles kept"
            ),
            Note::NoGradeColumn if zh => {
                "日志没有 grade 列：保留分级占比；耐心时间和合格率按全部线索一起拟合".to_string()
            }
            Note::NoGradeColumn => "no grade column: grade mix kept; patience and qualification are fitted on all leads together".to_string(),
            Note::NoPatienceEvents { grade } if zh => {
                format!("级别 {grade}：没有联系前流失的线索，保留耐心时间")
            }
            Note::NoPatienceEvents { grade } => {
                format!("grade {grade}: no lead lost before contact, patience kept")
            }
            Note::NoLostAt if zh => "日志没有 lost_at 列：保留耐心时间".to_string(),
            Note::NoLostAt => "no lost_at column: patience kept".to_string(),
            Note::NoContactedLead if zh => "没有已联系的线索：保留合格率和衰减".to_string(),
            Note::NoContactedLead => {
                "no contacted lead: qualification and the decay kept".to_string()
            }
            Note::NoDecayColumns if zh => {
                "没有 first_contact_at，或 qualified_at 与 order_at 都没有：保留合格率和衰减"
                    .to_string()
            }
            Note::NoDecayColumns => {
                "no first_contact_at, or neither qualified_at nor order_at: qualification and the decay kept"
                    .to_string()
            }
            Note::QualifiedUncontacted { leads } if zh => {
                format!("{leads} 条线索合格或成交却没有 first_contact_at：不参与衰减拟合")
            }
            Note::QualifiedUncontacted { leads } => format!(
                "{leads} leads qualified or ordered without a first_contact_at: left out of the decay fit"
            ),
            Note::NoCloseRateColumns if zh => {
                "没有 order_at，或 qualified_at 与 channel 都没有：保留成交率".to_string()
            }
            Note::NoCloseRateColumns => {
                "no order_at, or neither qualified_at nor channel: close rates kept".to_string()
            }
            Note::LostAfterContact { leads } if zh => format!(
                "{leads} 条线索在联系后、合格前流失：模型在资格判定时流失线索，不使用其 lost_at 时间"
            ),
            Note::LostAfterContact { leads } => format!(
                "{leads} leads lost after contact without qualifying: the model loses them at qualification, their lost_at times are not used"
            ),
            Note::TemplatePlaceholders if zh => "模板：服务时间是占位值（联系 10 分钟、咨询 60 分钟），人数由此推出；营业时间来自首次联系时间；它们给出的首次响应是回测首先要检查的".to_string(),
            Note::TemplatePlaceholders => "template: service times are placeholders (10-minute contacts, 60-minute consultations) and headcount follows from them; opening hours come from the first contacts; the first response they give is the back-test's first check".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word has both languages, and they differ (a missing
    /// translation would fall back to the English text).
    #[test]
    fn both_languages() {
        let methods = [
            Method::LeadsPerDay,
            Method::Share,
            Method::PatienceLognormal,
            Method::PatienceExponential,
            Method::FirstResponse,
            Method::LognormalCv,
            Method::Decay,
            Method::CloseRate,
            Method::ChannelShare,
        ];
        for m in methods {
            assert_ne!(m.message(Lang::En), m.message(Lang::Zh), "{m:?}");
        }
        let s = || "web".to_string();
        let notes = [
            Note::NoFunnel,
            Note::RowsWithoutSource,
            Note::NoSourceColumn { source: s() },
            Note::SourceWithoutLeads { source: s() },
            Note::CampaignsRemoved { source: s() },
            Note::FewLeadsForProfile {
                source: s(),
                leads: 3,
                minimum: 200,
            },
            Note::NoGradeColumn,
            Note::NoPatienceEvents { grade: s() },
            Note::NoLostAt,
            Note::NoContactedLead,
            Note::NoDecayColumns,
            Note::QualifiedUncontacted { leads: 2 },
            Note::NoCloseRateColumns,
            Note::LostAfterContact { leads: 5 },
            Note::TemplatePlaceholders,
        ];
        for n in notes {
            let (en, zh) = (n.message(Lang::En), n.message(Lang::Zh));
            assert_ne!(en, zh, "{n:?}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
    }
}
