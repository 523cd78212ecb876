//! "More parameters": every other number of the scenario that workshops
//! tune, as labelled inputs grouped by topic. Rows appear only for fields
//! the scenario has, so the forms always match the file; anything not
//! listed here is still editable in the scenario text.

use serde_json::Value;
use yew::prelude::*;

use super::fields::{Errors, NumberField, number_setter};
use super::state::AppState;
use crate::i18n::{Lang, Text};
use crate::workspace::ScenarioDoc;

/// One editable number: where it is and what it is called.
struct Row {
    pointer: String,
    label: String,
}

/// A titled group of rows.
struct Group {
    title: Text,
    rows: Vec<Row>,
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
            .chain(rows_for(
                value,
                &format!("{base}/patience_minutes"),
                &name(g),
                &[("mean", Text::FieldPatienceMean)],
                lang,
            ))
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
    let mut handoffs = rows_for(
        value,
        "/handoffs/transfer_delay_minutes",
        "",
        &[("mean", Text::FieldTransferDelay)],
        lang,
    );
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
        ],
        lang,
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
        ],
        lang,
    ));
    funnel.extend(rows_for(
        value,
        "/funnel/after_sales",
        "",
        &[("request_probability", Text::FieldRequestProbability)],
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
        ],
        lang,
    );
    vec![
        Group {
            title: Text::SectionHorizon,
            rows: horizon,
        },
        Group {
            title: Text::SectionGrades,
            rows: grades,
        },
        Group {
            title: Text::SectionChannels,
            rows: channels,
        },
        Group {
            title: Text::SectionCommittees,
            rows: committees,
        },
        Group {
            title: Text::SectionHandoffs,
            rows: handoffs,
        },
        Group {
            title: Text::SectionFunnel,
            rows: funnel,
        },
        Group {
            title: Text::SectionCustomer,
            rows: customer,
        },
    ]
    .into_iter()
    .filter(|g| !g.rows.is_empty())
    .collect()
}

/// `/units/0/headcount` → `units[0].headcount`, the validator's path style.
pub fn pointer_to_path(pointer: &str) -> String {
    let mut path = String::new();
    for part in pointer.split('/').filter(|p| !p.is_empty()) {
        if part.chars().all(|c| c.is_ascii_digit()) {
            path.push_str(&format!("[{part}]"));
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(part);
        }
    }
    path
}

#[derive(Properties, PartialEq)]
pub struct ParametersProps {
    pub state: UseReducerHandle<AppState>,
    pub doc: ScenarioDoc,
    pub errors: Errors,
}

#[function_component]
pub fn MoreParameters(props: &ParametersProps) -> Html {
    let lang = props.state.lang;
    let value: Value = serde_json::from_str(&props.doc.json).unwrap_or(Value::Null);
    let groups = groups(&value, lang);
    let on_number = number_setter(&props.state, &props.doc.id);
    let input = |row: &Row| -> Html {
        html! {
            <tr>
                <th scope="row">{ row.label.clone() }</th>
                <td>
                    <NumberField pointer={row.pointer.clone()} label={row.label.clone()}
                        value={value.pointer(&row.pointer).and_then(Value::as_f64)} errors={props.errors.clone()}
                        {lang} on_set={on_number.clone()} />
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
                    <tbody>{ for group.rows.iter().map(input) }</tbody>
                </table>
                </div>
            }) }
        </details>
    }
}
