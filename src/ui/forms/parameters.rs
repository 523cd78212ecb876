//! "More parameters": every other parameter of the scenario, as labelled
//! inputs grouped by topic: numbers, the distributions outside the units'
//! service times (patience, hand-off delay, incubation, after-sales and
//! referral delays) and the funnel's units and sources. Rows appear only
//! for fields the scenario has, so the forms always match the file.

use serde_json::Value;
use yew::prelude::*;

use crate::document::edits;
use crate::document::workspace::ScenarioDoc;
use crate::i18n::{Lang, Text};
use crate::scenario::vocab::DistKind;
use crate::ui::forms::fields::{
    Errors, NumberField, SelectField, click_edit, edit_scenario, name_options, number_setter,
    text_setter,
};
use crate::ui::forms::unit_form::DistributionEditor;
use crate::ui::state::use_store;

/// One editable number: where it is and what it is called.
struct Row {
    pointer: String,
    label: String,
}

/// How a group's rows write their numbers.
#[derive(Clone, Copy, PartialEq)]
enum Write {
    /// A field the file has; emptying the input changes nothing.
    Required,
    /// The fields live in an optional object (a unit's `skill`) that an
    /// edit creates and clearing every field removes.
    OptionalObject,
    /// A field with a default (0): shown whether written or not; emptying
    /// the input removes it.
    Defaulted,
    /// A decision level's discount (`edits::set_decision_discount`): the
    /// list is one per level or none.
    Discount,
}

/// A titled group of rows.
struct Group {
    title: Text,
    rows: Vec<Row>,
    write: Write,
}

fn name(v: &Value) -> String {
    v["name"].as_str().unwrap_or_default().to_string()
}

/// Rows for `fields` of the object at `base`, labelled "`prefix` · field".
fn rows_for(
    value: &Value,
    base: &str,
    prefix: &str,
    fields: &[(&str, Text)],
    lang: Lang,
) -> Vec<Row> {
    fields
        .iter()
        .filter(|(field, _)| {
            value
                .pointer(&format!("{base}/{field}"))
                .is_some_and(Value::is_number)
        })
        .map(|(field, text)| Row {
            pointer: format!("{base}/{field}"),
            label: if prefix.is_empty() {
                lang.text(*text).to_string()
            } else {
                format!("{prefix} · {}", lang.text(*text))
            },
        })
        .collect()
}

/// [`rows_for`] the object at `{list}/{i}{inner}` of every item of `list`,
/// each labelled with its item's name.
fn rows_per_item(
    value: &Value,
    list: &str,
    inner: &str,
    fields: &[(&str, Text)],
    lang: Lang,
) -> Vec<Row> {
    each(value, list)
        .flat_map(|(i, item)| {
            rows_for(
                value,
                &format!("{list}/{i}{inner}"),
                &name(item),
                fields,
                lang,
            )
        })
        .collect()
}

fn each<'a>(value: &'a Value, pointer: &str) -> impl Iterator<Item = (usize, &'a Value)> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

fn groups(value: &Value, lang: Lang) -> Vec<Group> {
    let horizon = rows_for(
        value,
        "/horizon",
        "",
        &[
            ("days", Text::FieldDays),
            ("warmup_days", Text::FieldWarmupDays),
            ("drain_days", Text::FieldDrainDays),
        ],
        lang,
    );
    let grades = each(value, "/grades")
        .flat_map(|(i, g)| {
            let base = format!("/grades/{i}");
            rows_for(
                value,
                &base,
                &name(g),
                &[
                    ("share_percent", Text::FieldSharePercent),
                    ("qualify_probability", Text::FieldQualifyProbability),
                    ("expected_response_minutes", Text::FieldExpectedResponse),
                ],
                lang,
            )
            .into_iter()
        })
        .collect();
    let channels = each(value, "/funnel/channels")
        .flat_map(|(i, c)| {
            rows_for(
                value,
                &format!("/funnel/channels/{i}"),
                &name(c),
                &[
                    ("close_rate", Text::FieldCloseRate),
                    ("price_consistency", Text::FieldPriceConsistency),
                    ("cost_per_order", Text::FieldCostPerOrder),
                    ("decision_share", Text::FieldDecisionShare),
                ],
                lang,
            )
        })
        .collect();
    let committees = each(value, "/units")
        .flat_map(|(i, u)| {
            rows_for(
                value,
                &format!("/units/{i}/committee"),
                &name(u),
                &[
                    ("every_days", Text::FieldEveryDays),
                    ("duration_minutes", Text::FieldDurationMinutes),
                ],
                lang,
            )
        })
        .collect();
    let mut handoffs = Vec::new();
    handoffs.extend(rows_for(
        value,
        "/handoffs",
        "",
        &[("repeat_extra_minutes", Text::FieldRepeatExtra)],
        lang,
    ));
    handoffs.extend(rows_for(
        value,
        "/routing",
        "",
        &[("duplicate_contact_share", Text::FieldDuplicateShare)],
        lang,
    ));
    let mut funnel = rows_for(
        value,
        "/funnel",
        "",
        &[
            ("response_decay_minutes", Text::FieldDecay),
            ("response_floor", Text::FieldFloor),
            ("decision_expected_minutes", Text::FieldDecisionExpected),
        ],
        lang,
    );
    funnel.extend(
        each(value, "/funnel/decision_levels_percent")
            .filter(|(_, level)| level.is_number())
            .map(|(i, _)| Row {
                pointer: format!("/funnel/decision_levels_percent/{i}"),
                label: format!("{} {} · %", lang.text(Text::DecisionLevel), i + 1),
            }),
    );
    funnel.extend(rows_for(
        value,
        "/funnel/remarketing",
        "",
        &[
            ("share_unqualified", Text::FieldShareUnqualified),
            ("share_defeated", Text::FieldShareDefeated),
            ("share_abandoned", Text::FieldShareAbandoned),
            ("requalify_multiplier", Text::FieldRequalify),
            ("max_cycles", Text::FieldMaxCycles),
        ],
        lang,
    ));
    funnel.extend(rows_for(
        value,
        "/funnel/after_sales",
        "",
        &[
            ("request_probability", Text::FieldRequestProbability),
            ("expected_response_minutes", Text::FieldAfterSalesExpected),
        ],
        lang,
    ));
    funnel.extend(rows_for(
        value,
        "/funnel/referral",
        "",
        &[("max_probability", Text::FieldReferralMax)],
        lang,
    ));
    let customer = rows_for(
        value,
        "/customer",
        "",
        &[
            ("base", Text::FieldBase),
            ("wait_weight", Text::FieldWaitWeight),
            ("handoff_weight", Text::FieldHandoffWeight),
            ("repeat_weight", Text::FieldRepeatWeight),
            ("duplicate_weight", Text::FieldDuplicateWeight),
            ("inconsistency_weight", Text::FieldInconsistencyWeight),
            ("resolution_bonus", Text::FieldResolutionBonus),
            ("reference", Text::FieldReference),
            ("conversion_sensitivity", Text::FieldConversionSensitivity),
            ("prompt_bonus", Text::FieldPromptBonus),
            ("unserved_satisfaction", Text::FieldUnservedSatisfaction),
            ("expected_followup_minutes", Text::FieldExpectedFollowup),
        ],
        lang,
    );
    // Every unit's skills, written or not (an empty field means 1).
    let skills = each(value, "/units")
        .flat_map(|(i, u)| {
            [
                ("qualify", Text::FieldQualifySkill),
                ("close", Text::FieldCloseSkill),
            ]
            .into_iter()
            .map(move |(field, text)| Row {
                pointer: format!("/units/{i}/skill/{field}"),
                label: format!("{} · {}", name(u), lang.text(text)),
            })
        })
        .collect();
    let reach = rows_per_item(
        value,
        "/sources",
        "/reach",
        &[
            ("probability", Text::FieldReachProbability),
            ("retry_minutes", Text::FieldRetryMinutes),
            ("max_attempts", Text::FieldMaxAttempts),
            ("attempt_minutes", Text::FieldAttemptMinutes),
        ],
        lang,
    );
    // Traffic sources only (a source without `traffic` takes leads).
    let traffic = rows_per_item(
        value,
        "/sources",
        "/traffic",
        &[
            ("visitors_per_day", Text::FieldVisitorsPerDay),
            ("capture_rate", Text::FieldCaptureRate),
            ("cost_per_visitor", Text::FieldCostPerVisitor),
        ],
        lang,
    );
    // Money: rows for every channel and level whether written or not (an
    // absent field is 0, which the form shows as empty).
    let mut economics = vec![Row {
        pointer: "/transition_cost".into(),
        label: lang.text(Text::FieldTransitionCost).to_string(),
    }];
    for (i, c) in each(value, "/funnel/channels") {
        for (field, text) in [
            ("price", Text::FieldPrice),
            ("gross_margin_percent", Text::FieldGrossMarginPercent),
        ] {
            economics.push(Row {
                pointer: format!("/funnel/channels/{i}/{field}"),
                label: format!("{} · {}", name(c), lang.text(text)),
            });
        }
    }
    if value.pointer("/funnel/after_sales").is_some() {
        for (field, text) in [
            ("revenue_per_request", Text::FieldAfterSalesRevenue),
            ("gross_margin_percent", Text::FieldAfterSalesMargin),
        ] {
            economics.push(Row {
                pointer: format!("/funnel/after_sales/{field}"),
                label: lang.text(text).to_string(),
            });
        }
    }
    let discounts = each(value, "/funnel/decision_levels_percent")
        .map(|(i, _)| Row {
            pointer: format!("/funnel/decision_discount_percent/{i}"),
            label: format!(
                "{} {} · {}",
                lang.text(Text::DecisionLevel),
                i + 1,
                lang.text(Text::FieldDiscountPercent)
            ),
        })
        .collect();
    let fixed_costs = rows_per_item(
        value,
        "/fixed_costs",
        "",
        &[("per_month", Text::FieldPerMonth)],
        lang,
    );
    vec![
        Group {
            title: Text::SectionHorizon,
            rows: horizon,
            write: Write::Required,
        },
        Group {
            title: Text::SectionGrades,
            rows: grades,
            write: Write::Required,
        },
        Group {
            title: Text::SectionChannels,
            rows: channels,
            write: Write::Required,
        },
        Group {
            title: Text::SectionCommittees,
            rows: committees,
            write: Write::Required,
        },
        Group {
            title: Text::SectionHandoffs,
            rows: handoffs,
            write: Write::Required,
        },
        Group {
            title: Text::SectionFunnel,
            rows: funnel,
            write: Write::Required,
        },
        Group {
            title: Text::SectionCustomer,
            rows: customer,
            write: Write::Required,
        },
        Group {
            title: Text::SectionTraffic,
            rows: traffic,
            write: Write::Required,
        },
        Group {
            title: Text::SectionReach,
            rows: reach,
            write: Write::Required,
        },
        Group {
            title: Text::SectionSkills,
            rows: skills,
            write: Write::OptionalObject,
        },
        Group {
            title: Text::SectionFixedCosts,
            rows: fixed_costs,
            write: Write::Required,
        },
        Group {
            title: Text::SectionEconomics,
            rows: economics,
            write: Write::Defaulted,
        },
        Group {
            title: Text::SectionDiscounts,
            rows: discounts,
            write: Write::Discount,
        },
    ]
    .into_iter()
    .filter(|g| !g.rows.is_empty())
    .collect()
}

#[derive(Properties, PartialEq)]
pub struct ParametersProps {
    pub doc: ScenarioDoc,
    pub errors: Errors,
}

#[function_component]
pub fn MoreParameters(props: &ParametersProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    let value: Value = serde_json::from_str(&props.doc.json).unwrap_or(Value::Null);
    let groups = groups(&value, lang);
    let on_number = number_setter(&state, &props.doc.id);
    let on_optional = {
        let state = state.clone();
        let doc_id = props.doc.id.clone();
        Callback::from(move |(pointer, number): (String, Option<f64>)| {
            edit_scenario(&state, &doc_id, move |value| {
                edits::set_in_optional_object(value, &pointer, number)
            });
        })
    };
    let on_discount = {
        let state = state.clone();
        let doc_id = props.doc.id.clone();
        Callback::from(move |(pointer, number): (String, Option<f64>)| {
            // The row's pointer ends in the level's index.
            let Some(index) = pointer.rsplit('/').next().and_then(|i| i.parse().ok()) else {
                return;
            };
            edit_scenario(&state, &doc_id, move |value| {
                edits::set_decision_discount(value, index, number)
            });
        })
    };
    let input = |row: &Row, write: Write| -> Html {
        let testid = format!(
            "param-{}",
            row.pointer.trim_start_matches('/').replace('/', "-")
        );
        html! {
            <tr>
                <th scope="row">{ row.label.clone() }</th>
                <td>
                    <NumberField pointer={row.pointer.clone()} label={row.label.clone()}
                        value={value.pointer(&row.pointer).and_then(Value::as_f64)} errors={props.errors.clone()}
                        {lang} on_set={match write {
                            Write::OptionalObject => on_optional.clone(),
                            Write::Discount => on_discount.clone(),
                            Write::Required | Write::Defaulted => on_number.clone(),
                        }}
                        clearable={write != Write::Required} testid={testid} />
                </td>
            </tr>
        }
    };
    html! {
        <details class="more-parameters" data-testid="more-parameters">
            <summary>{ lang.text(Text::MoreParameters) }</summary>
            { for groups.iter().map(|group| html! {
                <div class="table-wrap">
                <table class="form-table">
                    <caption>{ lang.text(group.title) }</caption>
                    <thead><tr><th scope="col">{ lang.text(Text::Parameter) }</th><th scope="col">{ lang.text(Text::Value) }</th></tr></thead>
                    <tbody>{ for group.rows.iter().map(|row| input(row, group.write)) }</tbody>
                </table>
                </div>
            }) }
            <OtherDistributions doc={props.doc.clone()} errors={props.errors.clone()} />
            <FunnelReferences doc={props.doc.clone()} errors={props.errors.clone()} />
        </details>
    }
}

/// Every distribution outside the units' service times: each grade's
/// patience, the hand-off delay, each link's pick-up delay, incubation,
/// after-sales and referral delays, with their kind and parameters.
#[function_component]
fn OtherDistributions(props: &ParametersProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let doc_id = props.doc.id.clone();
    let value: Value = serde_json::from_str(&props.doc.json).unwrap_or(Value::Null);
    let editor = |pointer: String,
                  label: String,
                  removable: bool,
                  default_mean: f64,
                  testid: String|
     -> Html {
        match value.pointer(&pointer) {
            Some(dist) => html! {
                <DistributionEditor doc_id={doc_id.clone()} pointer={pointer.clone()} label={label}
                    dist={dist.clone()} errors={props.errors.clone()} {default_mean} {testid} {removable} />
            },
            None => html! {},
        }
    };
    let add = |pointer: String,
               text: Text,
               label: String,
               default_mean: f64,
               testid: String|
     -> Html {
        let onclick = click_edit(state, &doc_id, move |value| {
            edits::set_dist_kind(value, &pointer, DistKind::Exponential, default_mean)
        });
        html! {
            <div class="dist missing">
                <span>{ label.clone() }</span>
                <button type="button" class="tool-button small" data-testid={testid}
                    aria-label={format!("{} · {label}", lang.text(text))} {onclick}>{ lang.text(text) }</button>
            </div>
        }
    };
    // A distribution the file may leave out: its editor (removable) where
    // it is written, else a button that adds it.
    let optional =
        |pointer: String, label: String, add_text: Text, default_mean: f64, testid: String| {
            if value.pointer(&pointer).is_some() {
                editor(pointer, label, true, default_mean, testid)
            } else {
                add(
                    pointer,
                    add_text,
                    label,
                    default_mean,
                    format!("{testid}-add"),
                )
            }
        };
    let mut parts = Vec::new();
    for (i, grade) in each(&value, "/grades") {
        let label = format!("{} · {}", name(grade), lang.text(Text::DistPatience));
        parts.push(optional(
            format!("/grades/{i}/patience_minutes"),
            label,
            Text::AddPatience,
            240.0,
            format!("patience-{i}"),
        ));
    }
    parts.push(optional(
        "/handoffs/transfer_delay_minutes".to_string(),
        lang.text(Text::DistTransferDelay).to_string(),
        Text::AddTransferDelay,
        5.0,
        "transfer-delay".into(),
    ));
    for (i, link) in each(&value, "/links") {
        let label = format!("{} · {}", name(link), lang.text(Text::DistPickup));
        parts.push(optional(
            format!("/links/{i}/pickup_minutes"),
            label,
            Text::AddPickup,
            10.0,
            format!("pickup-{i}"),
        ));
    }
    for (i, source) in each(&value, "/sources") {
        let pointer = format!("/sources/{i}/traffic/dwell_days");
        let label = format!("{} · {}", name(source), lang.text(Text::DistDwell));
        parts.push(editor(pointer, label, false, 1.0, format!("dwell-{i}")));
    }
    for (pointer, text, testid) in [
        (
            "/funnel/remarketing/incubation_days",
            Text::DistIncubation,
            "incubation",
        ),
        (
            "/funnel/after_sales/delay_days",
            Text::DistAfterSalesDelay,
            "after-sales-delay",
        ),
        (
            "/funnel/referral/delay_days",
            Text::DistReferralDelay,
            "referral-delay",
        ),
    ] {
        parts.push(editor(
            pointer.to_string(),
            lang.text(text).to_string(),
            false,
            30.0,
            testid.to_string(),
        ));
    }
    html! {
        <div class="other-distributions" data-testid="other-distributions">
            <h4>{ lang.text(Text::SectionDistributions) }</h4>
            { for parts }
        </div>
    }
}

/// Which unit or source each part of the funnel uses: channel kinds and
/// units, the re-marketing, after-sales and referral targets.
#[function_component]
fn FunnelReferences(props: &ParametersProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let value: Value = serde_json::from_str(&props.doc.json).unwrap_or(Value::Null);
    if !value.get("funnel").is_some_and(Value::is_object) {
        return html! {};
    }
    let on_text = text_setter(state, &props.doc.id);
    let units = edits::names(&value, "/units");
    let sources = edits::names(&value, "/sources");
    let kinds: Vec<(String, String)> = [
        ("authorised_dealer", Text::KindAuthorisedDealer),
        ("direct_store", Text::KindDirectStore),
        ("online_direct", Text::KindOnlineDirect),
    ]
    .iter()
    .map(|(k, t)| (k.to_string(), lang.text(*t).to_string()))
    .collect();
    let select =
        |pointer: String, label: String, options: Vec<(String, String)>, none: bool| -> Html {
            let current = value
                .pointer(&pointer)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            html! {
                <tr>
                    <th scope="row">{ label.clone() }</th>
                    <td>
                        <SelectField pointer={pointer} label={label} value={current} {options}
                            none={none.then(|| AttrValue::from(lang.text(Text::NoneOption)))}
                            errors={props.errors.clone()} {lang} on_set={on_text.clone()} />
                    </td>
                </tr>
            }
        };
    let mut rows = Vec::new();
    for (i, channel) in each(&value, "/funnel/channels") {
        let channel_name = name(channel);
        rows.push(select(
            format!("/funnel/channels/{i}/kind"),
            format!("{channel_name} · {}", lang.text(Text::ChannelKind)),
            kinds.clone(),
            true,
        ));
        rows.push(select(
            format!("/funnel/channels/{i}/unit"),
            format!("{channel_name} · {}", lang.text(Text::ChannelUnit)),
            name_options(&units),
            false,
        ));
    }
    for (pointer, text, options) in [
        (
            "/funnel/remarketing/unit",
            Text::RemarketingUnit,
            name_options(&units),
        ),
        (
            "/funnel/after_sales/unit",
            Text::AfterSalesUnit,
            name_options(&units),
        ),
        (
            "/funnel/referral/source",
            Text::ReferralSource,
            name_options(&sources),
        ),
    ] {
        if value.pointer(pointer).is_some() {
            rows.push(select(
                pointer.to_string(),
                lang.text(text).to_string(),
                options,
                false,
            ));
        }
    }
    html! {
        <div class="table-wrap">
        <table class="form-table" data-testid="funnel-references">
            <caption>{ lang.text(Text::SectionReferences) }</caption>
            <thead><tr><th scope="col">{ lang.text(Text::Parameter) }</th><th scope="col">{ lang.text(Text::Value) }</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
        </div>
    }
}
