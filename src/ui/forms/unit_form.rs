//! The unit details form: office and opening hours, shift blocks (the
//! shifts tab, [`super::shifts_panel`]), the service-time distribution of
//! every task, routes to other units and the escalation target, for one
//! unit at a time (picked here or in the org diagram).

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::document::{edits, pointer};
use crate::i18n::Text;
use crate::scenario::vocab::{DistKind, DistParam, ServiceTask, Weekday};
use crate::sim::model::Office;
use crate::ui::forms::fields::{
    Errors, FieldErrors, NumberField, Picker, SelectField, TextField, checkbox_setter, click_edit,
    day_checks, edit_scenario, index_options, name_options, number_setter, text_setter,
};
use crate::ui::forms::shifts_panel::ShiftsPanel;
use crate::ui::state::{Store, use_store};
use crate::ui::widgets::tabs::{Tab, Tabs, panel_id, tab_id};

/// Typical service minutes of a new task, a starting point to adjust.
fn default_minutes(task: ServiceTask) -> f64 {
    match task {
        ServiceTask::Consult => 60.0,
        ServiceTask::Decision => 30.0,
        ServiceTask::AfterSales => 45.0,
        ServiceTask::Contact | ServiceTask::Nurture => 10.0,
    }
}

#[derive(Properties, PartialEq)]
pub struct DistributionProps {
    pub doc_id: AttrValue,
    /// JSON pointer of the distribution object.
    pub pointer: AttrValue,
    /// What it is the distribution of (the legend).
    pub label: AttrValue,
    pub dist: Value,
    pub errors: Errors,
    /// Mean of a distribution made from nothing.
    pub default_mean: f64,
    pub testid: AttrValue,
    /// Offer a Remove button (optional distributions).
    #[prop_or_default]
    pub removable: bool,
}

/// One distribution: its kind as a select and the parameters that kind
/// needs as number fields (an empirical one's samples as a list).
#[function_component]
pub fn DistributionEditor(props: &DistributionProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let lang = state.lang;
    let pointer = props.pointer.to_string();
    let kind_word = props.dist["kind"].as_str().unwrap_or_default().to_string();
    // A word the schema refuses shows no parameters; the select shows the
    // word as typed and the validator's message names the field.
    let kind = DistKind::parse(&kind_word);
    let on_number = number_setter(&state, &props.doc_id);
    let on_kind = {
        let state = state.clone();
        let doc_id = props.doc_id.to_string();
        let default_mean = props.default_mean;
        Callback::from(move |(pointer, kind): (String, Option<String>)| {
            let Some(kind) = kind.as_deref().and_then(DistKind::parse) else {
                return;
            };
            let dist_pointer = pointer.trim_end_matches("/kind").to_string();
            edit_scenario(&state, &doc_id, move |value| {
                edits::set_dist_kind(value, &dist_pointer, kind, default_mean)
            });
        })
    };
    let on_values = {
        let state = state.clone();
        let doc_id = props.doc_id.to_string();
        Callback::from(move |(pointer, text): (String, Option<String>)| {
            let text = text.unwrap_or_default();
            edit_scenario(&state, &doc_id, move |value| {
                match edits::parse_numbers(&text) {
                    Some(numbers) => edits::set_numbers(value, &pointer, &numbers),
                    // Kept as typed: the validator names the field and
                    // says a list of numbers is expected.
                    None => pointer::put(value, &pointer, Value::String(text.clone())),
                }
            });
        })
    };
    let on_remove = {
        let pointer = pointer.clone();
        click_edit(&state, &props.doc_id, move |value| {
            pointer::remove(value, &pointer)
        })
    };
    let kinds: Vec<(String, String)> = DistKind::ALL
        .iter()
        .map(|k| (k.key().to_string(), lang.text(k.label()).to_string()))
        .collect();
    let label = props.label.to_string();
    let testid = props.testid.to_string();
    html! {
        <fieldset class="dist" data-testid={testid.clone()}>
            <legend>{ label.clone() }</legend>
            <label class="field compact">
                <span>{ lang.text(Text::DistributionKind) }</span>
                <SelectField pointer={format!("{pointer}/kind")} label={format!("{label} · {}", lang.text(Text::DistributionKind))}
                    value={kind_word} options={kinds} errors={props.errors.clone()} {lang}
                    on_set={on_kind} testid={format!("{testid}-kind")} />
            </label>
            { for kind.map_or(&[][..], DistKind::parameters).iter().map(|&parameter| {
                let key = parameter.key();
                let field = format!("{pointer}/{key}");
                let text = lang.text(parameter.label());
                let aria = format!("{label} · {text}");
                if parameter == DistParam::Values {
                    let shown = match props.dist.get("values") {
                        Some(Value::Array(items)) => items.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", "),
                        Some(Value::String(typed)) => typed.clone(),
                        _ => String::new(),
                    };
                    html! {
                        <label class="field compact wide">
                            <span>{ text }</span>
                            <TextField pointer={field} label={aria} value={shown} errors={props.errors.clone()} {lang}
                                on_set={on_values.clone()} testid={format!("{testid}-values")} />
                        </label>
                    }
                } else {
                    html! {
                        <label class="field compact">
                            <span>{ text }</span>
                            <NumberField pointer={field.clone()} label={aria} value={props.dist.get(key).and_then(Value::as_f64)}
                                errors={props.errors.clone()} {lang} on_set={on_number.clone()} testid={format!("{testid}-{key}")} />
                        </label>
                    }
                }
            }) }
            <FieldErrors path={crate::document::pointer::pointer_to_path(&pointer)} errors={props.errors.clone()} {lang} />
            if props.removable {
                <button type="button" class="tool-button small danger" data-testid={format!("{testid}-remove")}
                    aria-label={format!("{} · {label}", lang.text(Text::Remove))} onclick={on_remove}>
                    { lang.text(Text::Remove) }
                </button>
            }
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct UnitFormProps {
    pub doc_id: AttrValue,
    pub value: Rc<Value>,
    pub errors: Errors,
    /// The unit shown (clamped to the units there are).
    pub unit: usize,
    pub on_unit: Callback<usize>,
}

#[function_component]
pub fn UnitForm(props: &UnitFormProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let tab = use_state(|| 0usize);
    let state = &state;
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    let units: Vec<Value> = props.value["units"].as_array().cloned().unwrap_or_default();
    if units.is_empty() {
        return html! {};
    }
    let index = props.unit.min(units.len() - 1);
    let unit = &units[index];
    let names = edits::names(&props.value, "/units");
    let name = names.get(index).cloned().unwrap_or_default();
    let errors = props.errors.clone();
    let on_number = number_setter(state, &doc_id);
    let on_text = text_setter(state, &doc_id);

    let on_pick = {
        let on_unit = props.on_unit.clone();
        Callback::from(move |picked: String| {
            if let Ok(i) = picked.parse::<usize>() {
                on_unit.emit(i);
            }
        })
    };

    let tabs = vec![
        Tab {
            key: "hours",
            label: lang.text(Text::TabHours).to_string(),
            testid: "unit-tab-hours".into(),
        },
        Tab {
            key: "shifts",
            label: lang.text(Text::TabShifts).to_string(),
            testid: "unit-tab-shifts".into(),
        },
        Tab {
            key: "service",
            label: lang.text(Text::TabService).to_string(),
            testid: "unit-tab-service".into(),
        },
        Tab {
            key: "routes",
            label: lang.text(Text::TabRoutes).to_string(),
            testid: "unit-tab-routes".into(),
        },
    ];
    let selected = (*tab).min(tabs.len() - 1);
    let selected_key = tabs[selected].key;
    let on_tab = {
        let tab = tab.clone();
        Callback::from(move |i: usize| tab.set(i))
    };

    let panel = match selected {
        0 => hours_panel(props, state, index, unit, &on_number, &on_text),
        1 => html! {
            <ShiftsPanel doc_id={props.doc_id.clone()} {index} unit={unit.clone()} errors={props.errors.clone()} />
        },
        2 => service_panel(props, state, index, unit, &name),
        _ => routes_panel(props, state, index, unit, &names, &on_number, &on_text),
    };

    html! {
        <section class="detail-form" data-testid="unit-form" aria-labelledby="unit-form-heading">
            <h3 id="unit-form-heading">{ format!("{} · {name}", lang.text(Text::UnitDetails)) }</h3>
            <label class="field compact">
                <span>{ lang.text(Text::UnitToEdit) }</span>
                <Picker label={lang.text(Text::UnitToEdit)} value={index.to_string()} options={index_options(&names)}
                    on_pick={on_pick} testid="unit-picker" />
            </label>
            <Tabs id="unit-tabs" label={lang.text(Text::UnitTabsLabel)} {tabs} {selected} on_select={on_tab} />
            <div class="tab-panel" role="tabpanel" id={panel_id("unit-tabs")} aria-labelledby={tab_id("unit-tabs", selected_key)}
                data-testid="unit-panel">
                { panel }
            </div>
            <FieldErrors path={format!("units[{index}]")} {errors} {lang} />
        </section>
    }
}

fn hours_panel(
    props: &UnitFormProps,
    state: &Store,
    index: usize,
    unit: &Value,
    on_number: &Callback<(String, Option<f64>)>,
    on_text: &Callback<(String, Option<String>)>,
) -> Html {
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    let base = format!("/units/{index}");
    let hours = unit.get("hours").filter(|h| h.is_object());
    let offices: Vec<(String, String)> = Office::ALL
        .iter()
        .map(|o| (o.key().to_string(), lang.text(o.label()).to_string()))
        .collect();
    let on_always = checkbox_setter(state, &doc_id, move |value, checked| {
        edits::set_always_open(value, index, checked)
    });
    let on_committee = checkbox_setter(state, &doc_id, move |value, checked| {
        edits::set_committee(value, index, checked)
    });
    let on_day = |day: Weekday| {
        checkbox_setter(state, &doc_id, move |value, checked| {
            edits::set_open_day(value, index, day, checked)
        })
    };
    let open_days: Vec<&str> = hours
        .and_then(|h| h["days"].as_array())
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let committee_at = unit
        .pointer("/committee/at")
        .and_then(Value::as_str)
        .map(str::to_string);
    let clock = |field: &str, text: Text, testid: &str| -> Html {
        let pointer = format!("{base}/hours/{field}");
        let current = hours
            .and_then(|h| h[field].as_str())
            .unwrap_or_default()
            .to_string();
        html! {
            <label class="field compact">
                <span>{ lang.text(text) }</span>
                <TextField pointer={pointer} label={lang.text(text)} value={current} errors={props.errors.clone()} {lang}
                    on_set={on_text.clone()} placeholder={"HH:MM"} class={"clock"} testid={testid.to_string()} />
            </label>
        }
    };
    html! {
        <>
            <label class="field compact">
                <span>{ lang.text(Text::Office) }</span>
                <SelectField pointer={format!("{base}/office")} label={lang.text(Text::Office)}
                    value={unit["office"].as_str().unwrap_or("front").to_string()} options={offices}
                    errors={props.errors.clone()} {lang} on_set={on_text.clone()} testid="unit-office" />
            </label>
            <label class="checkbox">
                <input type="checkbox" data-testid="unit-always-open" checked={hours.is_none()} onchange={on_always} />
                { lang.text(Text::AlwaysOpen) }
            </label>
            if hours.is_some() {
                <fieldset class="days" data-testid="unit-days">
                    <legend>{ lang.text(Text::OpenDays) }</legend>
                    { day_checks(lang, &open_days, "unit-day", on_day) }
                    <FieldErrors path={format!("units[{index}].hours.days")} errors={props.errors.clone()} {lang} />
                </fieldset>
                <div class="field-row">
                    { clock("open", Text::Opens, "unit-opens") }
                    { clock("close", Text::Closes, "unit-closes") }
                </div>
                <p class="hint">{ lang.text(Text::ClockHint) }</p>
                <FieldErrors path={format!("units[{index}].hours")} errors={props.errors.clone()} {lang} />
            }
            <label class="checkbox">
                <input type="checkbox" data-testid="unit-committee" checked={committee_at.is_some()} onchange={on_committee} />
                { lang.text(Text::IsCommittee) }
            </label>
            if let Some(at) = committee_at {
                <div class="field-row">
                    <label class="field compact">
                        <span>{ lang.text(Text::CommitteeAt) }</span>
                        <TextField pointer={format!("{base}/committee/at")} label={lang.text(Text::CommitteeAt)} value={at}
                            errors={props.errors.clone()} {lang} on_set={on_text.clone()} placeholder={"HH:MM"} class={"clock"}
                            testid="unit-committee-at" />
                    </label>
                    { for [("every_days", Text::FieldEveryDays), ("duration_minutes", Text::FieldDurationMinutes)].iter().map(|(field, text)| html! {
                        <label class="field compact">
                            <span>{ lang.text(*text) }</span>
                            <NumberField pointer={format!("{base}/committee/{field}")} label={lang.text(*text)}
                                value={unit.pointer(&format!("/committee/{field}")).and_then(Value::as_f64)}
                                errors={props.errors.clone()} {lang} on_set={on_number.clone()} testid={format!("unit-committee-{field}")} />
                        </label>
                    }) }
                </div>
                <FieldErrors path={format!("units[{index}].committee")} errors={props.errors.clone()} {lang} />
            }
        </>
    }
}

fn service_panel(
    props: &UnitFormProps,
    state: &Store,
    index: usize,
    unit: &Value,
    name: &str,
) -> Html {
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    html! {
        <>
            <p class="hint">{ lang.text(Text::ServiceHint) }</p>
            { for ServiceTask::ALL.into_iter().map(|task| {
                let key = task.key();
                let pointer = format!("/units/{index}/service_minutes/{key}");
                let label = format!("{name} · {}", lang.text(task.label()));
                match unit.pointer(&format!("/service_minutes/{key}")) {
                    Some(dist) => html! {
                        <DistributionEditor doc_id={doc_id.clone()} pointer={pointer}
                            label={label} dist={dist.clone()} errors={props.errors.clone()}
                            default_mean={default_minutes(task)} testid={format!("service-{key}")} removable=true />
                    },
                    None => {
                        let default = default_minutes(task);
                        let onclick = click_edit(state, &doc_id, move |value| {
                            edits::set_dist_kind(value, &pointer, DistKind::Exponential, default)
                        });
                        html! {
                            <div class="dist missing">
                                <span>{ format!("{} — {}", lang.text(task.label()), lang.text(Text::NotServed)) }</span>
                                <button type="button" class="tool-button small" data-testid={format!("service-{key}-add")}
                                    aria-label={format!("{} · {label}", lang.text(Text::AddServiceTime))} {onclick}>
                                    { lang.text(Text::AddServiceTime) }
                                </button>
                                <FieldErrors path={format!("units[{index}].service_minutes.{key}")} errors={props.errors.clone()} {lang} />
                            </div>
                        }
                    }
                }
            }) }
        </>
    }
}

fn routes_panel(
    props: &UnitFormProps,
    state: &Store,
    index: usize,
    unit: &Value,
    names: &[String],
    on_number: &Callback<(String, Option<f64>)>,
    on_text: &Callback<(String, Option<String>)>,
) -> Html {
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    let own = names.get(index).cloned().unwrap_or_default();
    let others: Vec<String> = names.iter().filter(|n| **n != own).cloned().collect();
    let routes: Vec<Value> = unit["routes"].as_array().cloned().unwrap_or_default();
    let on_add = click_edit(state, &doc_id, move |value| edits::add_route(value, index));
    let on_remove = |route: usize| {
        click_edit(state, &doc_id, move |value| {
            edits::remove_route(value, index, route)
        })
    };
    html! {
        <>
            <p class="hint">{ lang.text(Text::RoutesHint) }</p>
            if routes.is_empty() {
                <p class="hint" data-testid="no-routes">{ lang.text(Text::NoRoutes) }</p>
            } else {
                <table class="form-table" data-testid="routes-table">
                    <caption>{ format!("{} · {own}", lang.text(Text::Routes)) }</caption>
                    <thead><tr>
                        <th scope="col">{ lang.text(Text::RouteTo) }</th>
                        <th scope="col">{ lang.text(Text::Probability) }</th>
                        <th scope="col">{ lang.text(Text::Actions) }</th>
                    </tr></thead>
                    <tbody>
                    { for routes.iter().enumerate().map(|(r, route)| {
                        let target = route["to"].as_str().unwrap_or_default().to_string();
                        html! {
                            <tr>
                                <td>
                                    <SelectField pointer={format!("/units/{index}/routes/{r}/to")}
                                        label={format!("{own} · {} {}", lang.text(Text::Routes), r + 1)}
                                        value={target.clone()} options={name_options(&others)} errors={props.errors.clone()} {lang}
                                        on_set={on_text.clone()} testid={format!("route-{r}-to")} />
                                </td>
                                <td>
                                    <NumberField pointer={format!("/units/{index}/routes/{r}/probability")}
                                        label={format!("{own} → {target} · {}", lang.text(Text::Probability))}
                                        value={route["probability"].as_f64()} errors={props.errors.clone()} {lang}
                                        on_set={on_number.clone()} testid={format!("route-{r}-probability")} />
                                </td>
                                <td>
                                    <button type="button" class="tool-button small danger" data-testid={format!("route-{r}-remove")}
                                        aria-label={format!("{} · {own} → {target}", lang.text(Text::Remove))} onclick={on_remove(r)}>
                                        { lang.text(Text::Remove) }
                                    </button>
                                </td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            }
            <FieldErrors path={format!("units[{index}].routes")} errors={props.errors.clone()} {lang} />
            <div class="button-row">
                <button type="button" class="tool-button" data-testid="add-route" disabled={others.is_empty()} onclick={on_add}>
                    { lang.text(Text::AddRoute) }
                </button>
            </div>
            <label class="field compact">
                <span>{ lang.text(Text::EscalateTo) }</span>
                <SelectField pointer={format!("/units/{index}/escalate_to")} label={format!("{own} · {}", lang.text(Text::EscalateTo))}
                    value={unit["escalate_to"].as_str().unwrap_or_default().to_string()} options={name_options(&others)}
                    none={lang.text(Text::NoneOption)} errors={props.errors.clone()} {lang} on_set={on_text.clone()}
                    testid="unit-escalate" />
            </label>
        </>
    }
}
