//! The KPI registry: every outcome the report measures, as a type.
//!
//! One line of [`kpis!`] per KPI holds everything the rest of the program
//! asks of it: its published key (JSON, CSV, scenario files), how it is read
//! from a replication's [`Kpis`], the unit it is shown in, which direction is
//! better, and its label in both languages. The report, comparisons, early
//! stopping, the CLI table, the charts, the result views and the schema all
//! go through [`Kpi`], so there is no KPI key written as a string anywhere
//! else and every `match` on a KPI is checked by the compiler.
//!
//! Adding a KPI: a line here (the compiler then asks for nothing else), and
//! its key in `scenario/schema.json`'s `$defs/kpi` list (a test compares the
//! two). A KPI that needs a figure the engine does not yet count also needs
//! the field in `sim::result::Kpis` and the count in `sim::engine::tally`.
//!
//! Invariant: [`Kpi::ALL`] is in display order and `Kpi::ALL[i].index() == i`,
//! so per-KPI vectors (summaries, differences, running moments) are indexed
//! by [`Kpi::index`].

use serde::{Serialize, Serializer};

use crate::i18n::Lang;
use crate::sim::result::Kpis;

/// How a KPI's value is written (see `display::kpi_value`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KpiUnit {
    /// A share of leads (0–1), shown as a percentage.
    Share,
    /// Minutes, shown in minutes, hours or days.
    Minutes,
    /// Money (yuan), shown without decimals.
    Money,
    /// A score or a per-lead average, shown with two decimals.
    Score,
    /// A count (or a whole-number score such as NPS).
    Count,
}

/// Which direction of a KPI is an improvement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither (e.g. the number of leads, which the design does not choose).
    Neither,
}

macro_rules! kpis {
    ($( $name:ident = $key:literal, $field:ident, $unit:ident, $better:ident, $en:literal, $zh:literal; )*) => {
        /// A KPI of the report (see the module docs).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Kpi {
            $( $name, )*
        }

        impl Kpi {
            /// Every KPI, in display order. The first six are the ones the
            /// CLI's JSON contract names; all are exported.
            pub const ALL: &'static [Kpi] = &[ $( Kpi::$name, )* ];

            /// The published key (JSON, CSV, scenario files).
            pub const fn key(self) -> &'static str {
                match self { $( Kpi::$name => $key, )* }
            }

            /// This KPI's value in one replication.
            pub fn read(self, kpis: &Kpis) -> f64 {
                match self { $( Kpi::$name => kpis.$field, )* }
            }

            /// The unit it is shown in.
            pub const fn unit(self) -> KpiUnit {
                match self { $( Kpi::$name => KpiUnit::$unit, )* }
            }

            /// Which direction is better.
            pub const fn better(self) -> Better {
                match self { $( Kpi::$name => Better::$better, )* }
            }

            /// Its label in `lang`, without a unit: values beside it are
            /// written in their own unit (a mean first response of 290
            /// minutes reads "4.8 h"), so a "(min)" in the label would
            /// contradict them. Chart axes, whose ticks are plain numbers,
            /// use [`Kpi::axis_title`].
            pub const fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Kpi::$name, Lang::En) => $en, (Kpi::$name, Lang::Zh) => $zh, )*
                }
            }
        }
    };
}

kpis! {
    FirstResponseMinutes = "first_response_minutes", first_response_minutes, Minutes, Lower,
        "First response (mean of leads reached)", "首次响应（已联系线索均值）";
    ConversionRate = "conversion_rate", conversion_rate, Share, Higher,
        "Conversion rate (orders / leads)", "转化率（订单/线索）";
    Orders = "orders", orders, Count, Higher,
        "Orders", "订单数";
    Satisfaction = "satisfaction", satisfaction, Score, Higher,
        "Satisfaction (0–10)", "满意度（0–10）";
    CostPerOrder = "cost_per_order", cost_per_order, Money, Lower,
        "Cost per order", "单车订单成本";
    AbandonmentRate = "abandonment_rate", abandonment_rate, Share, Lower,
        "Abandonment rate", "流失率（未联系即放弃）";
    Leads = "leads", leads, Count, Neither,
        "Leads", "线索数";
    FirstResponseP50 = "first_response_p50", first_response_p50, Minutes, Lower,
        "First response p50", "首次响应 P50";
    FirstResponseP90 = "first_response_p90", first_response_p90, Minutes, Lower,
        "First response p90", "首次响应 P90";
    FirstResponseP99 = "first_response_p99", first_response_p99, Minutes, Lower,
        "First response p99", "首次响应 P99";
    DecisionLeadTimeMinutes = "decision_lead_time_minutes", decision_lead_time_minutes, Minutes, Lower,
        "Decision lead time (mean)", "决策周期（均值）";
    DecisionLeadTimeP90 = "decision_lead_time_p90", decision_lead_time_p90, Minutes, Lower,
        "Decision lead time p90", "决策周期 P90";
    QualificationRate = "qualification_rate", qualification_rate, Share, Higher,
        "Qualification rate (qualifications / leads)", "潜客转化率（合格次数/线索）";
    ContactedWithin15Minutes = "contacted_within_15_minutes", contacted_within_15_minutes, Share, Higher,
        "Reached within 15 min (share of all leads)", "15 分钟内联系到（占全部线索）";
    ContactedWithin60Minutes = "contacted_within_60_minutes", contacted_within_60_minutes, Share, Higher,
        "Reached within 1 h (share of all leads)", "1 小时内联系到（占全部线索）";
    ContactedWithin24Hours = "contacted_within_24_hours", contacted_within_24_hours, Share, Higher,
        "Reached within 24 h (share of all leads)", "24 小时内联系到（占全部线索）";
    UnfinishedRate = "unfinished_rate", unfinished_rate, Share, Lower,
        "Unfinished at the end (share of leads)", "结束时仍在途（占线索）";
    SlaBreachRate = "sla_breach_rate", sla_breach_rate, Share, Lower,
        "SLA breach rate", "SLA 超时率";
    Nps = "nps", nps, Count, Higher,
        "NPS-style score", "净推荐值（NPS 式）";
    HandoffsPerLead = "handoffs_per_lead", handoffs_per_lead, Score, Lower,
        "Hand-offs per lead", "人均转交次数";
    RepeatedQuestionsPerLead = "repeated_questions_per_lead", repeated_questions_per_lead, Score, Lower,
        "Repeated questions per lead", "人均重复询问次数";
    TotalCost = "total_cost", total_cost, Money, Lower,
        "Total cost", "总成本";
    CostPerLead = "cost_per_lead", cost_per_lead, Money, Lower,
        "Cost per lead", "单条线索成本";
    Revenue = "revenue", revenue, Money, Higher,
        "Revenue (orders after discounts, after-sales)", "收入（折扣后订单、售后）";
    GrossProfit = "gross_profit", gross_profit, Money, Higher,
        "Gross profit (margin − all costs)", "毛利（毛利额 − 全部成本）";
    ProfitPerLead = "profit_per_lead", profit_per_lead, Money, Higher,
        "Gross profit per lead (all leads)", "单条线索毛利（全部线索）";
}

impl Kpi {
    /// The KPI with this published key.
    pub fn parse(key: &str) -> Option<Kpi> {
        Kpi::ALL.iter().copied().find(|k| k.key() == key)
    }

    /// Its label as an axis title, where ticks are plain numbers: durations
    /// are plotted in minutes, so their title says so.
    pub fn axis_title(self, lang: Lang) -> String {
        match (self.unit(), lang) {
            (KpiUnit::Minutes, Lang::En) => format!("{}, min", self.label(lang)),
            (KpiUnit::Minutes, Lang::Zh) => format!("{}，分钟", self.label(lang)),
            _ => self.label(lang).to_string(),
        }
    }

    /// Its position in [`Kpi::ALL`] (and in every per-KPI vector).
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Written as its published key (file names, test ids, messages).
impl std::fmt::Display for Kpi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.key())
    }
}

/// Serialised as its published key, like everywhere else.
impl Serialize for Kpi {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_parse_back_and_index_their_position() {
        for (i, kpi) in Kpi::ALL.iter().enumerate() {
            assert_eq!(kpi.index(), i);
            assert_eq!(Kpi::parse(kpi.key()), Some(*kpi));
            assert!(!kpi.label(Lang::En).is_empty() && !kpi.label(Lang::Zh).is_empty());
        }
        assert_eq!(Kpi::parse("no_such_kpi"), None);
    }

    #[test]
    fn labels_name_no_unit_and_duration_axes_say_minutes() {
        // Cards write a duration in minutes, hours or days; a label saying
        // "min" beside "4.8 h" misread (issue 12.2).
        for kpi in Kpi::ALL {
            for lang in [Lang::En, Lang::Zh] {
                let label = kpi.label(lang);
                assert!(
                    !label.contains("min)")
                        && !label.contains("(min")
                        && !label.contains("分钟）")
                        && !label.contains("（分钟"),
                    "{label}"
                );
            }
        }
        assert_eq!(
            Kpi::FirstResponseP90.axis_title(Lang::En),
            "First response p90, min"
        );
        assert_eq!(
            Kpi::DecisionLeadTimeMinutes.axis_title(Lang::Zh),
            "决策周期（均值），分钟"
        );
        assert_eq!(Kpi::Orders.axis_title(Lang::En), "Orders");
    }

    #[test]
    fn the_schema_lists_exactly_the_registry() {
        // A scenario's early-stopping target may name any KPI; the schema's
        // word list is the other file to change when a KPI is added.
        let keys: Vec<&str> = Kpi::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(
            crate::scenario::schema::allowed_words("/run/target_ci95/kpi"),
            keys
        );
    }

    #[test]
    fn read_takes_the_field_named_by_the_key() {
        // Every field of `Kpis` gets a distinct value; each KPI must read the
        // one its key names (serde serialises the fields under their names).
        let mut value = serde_json::to_value(Kpis::default()).unwrap_or_default();
        let fields: Vec<String> = value
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for (i, field) in fields.iter().enumerate() {
            value[field] = serde_json::json!(i as f64 + 1.0);
        }
        let kpis: Kpis = serde_json::from_value(value.clone()).unwrap_or_default();
        for kpi in Kpi::ALL {
            assert_eq!(
                Some(kpi.read(&kpis)),
                value[kpi.key()].as_f64(),
                "{}",
                kpi.key()
            );
        }
    }
}
