//! Dual-link operations: each link's entry unit, first-contact SLA and what
//! happens on a breach, and the routing rules that decide which link owns a
//! lead by grade and source (first match wins).

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::document::edits;
use crate::i18n::Text;
use crate::ui::forms::fields::{
    Errors, FieldErrors, NumberField, ScenarioFormProps, SelectField, checkbox_setter, click_edit,
    edit_scenario, name_options, number_setter, text_setter,
};
use crate::ui::state::use_store;

#[function_component]
pub fn LinksForm(props: &ScenarioFormProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    let links: Vec<Value> = props.value["links"].as_array().cloned().unwrap_or_default();
    if links.is_empty() {
        return html! {};
    }
    let units = edits::names(&props.value, "/units");
    let link_names = edits::names(&props.value, "/links");
    let on_number = number_setter(state, &doc_id);
    let on_text = text_setter(state, &doc_id);
    let on_breach = {
        let state = state.clone();
        let doc_id = doc_id.clone();
        Callback::from(move |(pointer, action): (String, Option<String>)| {
            let link = pointer
                .split('/')
                .nth(2)
                .and_then(|i| i.parse::<usize>().ok());
            if let Some(link) = link {
                let action = action.clone();
                edit_scenario(&state, &doc_id, move |value| {
                    edits::set_on_breach(value, link, action.as_deref())
                });
            }
        })
    };
    let actions: Vec<(String, String)> = vec![
        ("count".into(), lang.text(Text::BreachCount).to_string()),
        ("reroute".into(), lang.text(Text::BreachReroute).to_string()),
    ];
    html! {
        <>
            <h3>{ lang.text(Text::DualLink) }</h3>
            <div class="link-list" data-testid="links-table">
            { for links.iter().enumerate().map(|(i, link)| {
                let name = link["name"].as_str().unwrap_or_default().to_string();
                let action = link["on_breach"].as_str().unwrap_or_default().to_string();
                html! {
                    <fieldset class="dist link" data-testid={format!("link-{i}")}>
                        <legend>{ format!("{} · {name}", lang.text(Text::Link)) }</legend>
                        <label class="field compact">
                            <span>{ lang.text(Text::EntryUnit) }</span>
                            <SelectField pointer={format!("/links/{i}/entry_unit")} label={format!("{name} · {}", lang.text(Text::EntryUnit))}
                                value={link["entry_unit"].as_str().unwrap_or_default().to_string()} options={name_options(&units)}
                                errors={props.errors.clone()} {lang} on_set={on_text.clone()} testid={format!("link-{i}-entry")} />
                        </label>
                        <label class="field compact">
                            <span>{ lang.text(Text::SlaMinutes) }</span>
                            <NumberField pointer={format!("/links/{i}/sla_minutes")} label={format!("{name} {}", lang.text(Text::SlaMinutes))}
                                value={link["sla_minutes"].as_f64()} errors={props.errors.clone()} {lang}
                                on_set={on_number.clone()} clearable=true testid={format!("link-{i}-sla")} />
                        </label>
                        <label class="field compact">
                            <span>{ lang.text(Text::OnBreach) }</span>
                            <SelectField pointer={format!("/links/{i}/on_breach")} label={format!("{name} · {}", lang.text(Text::OnBreach))}
                                value={action.clone()} options={actions.clone()} none={lang.text(Text::BreachNothing)}
                                errors={props.errors.clone()} {lang} on_set={on_breach.clone()} testid={format!("link-{i}-breach")} />
                        </label>
                        if action == "reroute" || link.get("breach_unit").is_some() {
                            <label class="field compact">
                                <span>{ lang.text(Text::BreachUnit) }</span>
                                <SelectField pointer={format!("/links/{i}/breach_unit")} label={format!("{name} · {}", lang.text(Text::BreachUnit))}
                                    value={link["breach_unit"].as_str().unwrap_or_default().to_string()} options={name_options(&units)}
                                    errors={props.errors.clone()} {lang} on_set={on_text.clone()} testid={format!("link-{i}-breach-unit")} />
                            </label>
                        }
                        <FieldErrors path={format!("links[{i}]")} errors={props.errors.clone()} {lang} />
                    </fieldset>
                }
            }) }
            </div>
            <RoutingRules doc_id={props.doc_id.clone()} value={props.value.clone()}
                errors={props.errors.clone()} links={link_names} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RulesProps {
    doc_id: AttrValue,
    value: Rc<Value>,
    errors: Errors,
    links: Vec<String>,
}

#[function_component]
fn RoutingRules(props: &RulesProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    let rules: Vec<Value> = props
        .value
        .pointer("/routing/rules")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let grades = edits::names(&props.value, "/grades");
    let sources = edits::names(&props.value, "/sources");
    let on_text = text_setter(state, &doc_id);
    let edit = |f: fn(&mut Value, usize) -> bool, rule: usize| {
        click_edit(state, &doc_id, move |value| f(value, rule))
    };
    let member = |rule: usize, list: &'static str, name: String, order: Vec<String>| {
        let pointer = format!("/routing/rules/{rule}/{list}");
        checkbox_setter(state, &doc_id, move |value, checked| {
            edits::set_member(value, &pointer, &name, checked, &order)
        })
    };
    let checks = |rule: usize,
                  current: &Value,
                  list: &'static str,
                  names: &[String],
                  title: Text|
     -> Html {
        let chosen: Vec<&str> = current[list]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        html! {
            <fieldset class="checks">
                <legend class="visually-hidden">{ format!("{} {} · {}", lang.text(Text::Rule), rule + 1, lang.text(title)) }</legend>
                { for names.iter().enumerate().map(|(n, name)| html! {
                    <label class="day">
                        <input type="checkbox" data-testid={format!("rule-{rule}-{list}-{n}")}
                            checked={chosen.contains(&name.as_str())}
                            onchange={member(rule, list, name.clone(), names.to_vec())} />
                        { name.clone() }
                    </label>
                }) }
                <FieldErrors path={format!("routing.rules[{rule}].{list}")} errors={props.errors.clone()} {lang} />
            </fieldset>
        }
    };
    let count = rules.len();
    html! {
        <div class="routing-rules" data-testid="routing-rules">
            <h3>{ lang.text(Text::RoutingRules) }</h3>
            <p class="hint">{ lang.text(Text::RoutingHint) }</p>
            if rules.is_empty() {
                <p class="hint" data-testid="no-rules">{ lang.text(Text::NoRules) }</p>
            } else {
                <div class="rule-list" data-testid="rules-table">
                { for rules.iter().enumerate().map(|(r, rule)| html! {
                    <fieldset class="dist rule" data-testid={format!("rule-{r}")}>
                        <legend>{ format!("{} {}", lang.text(Text::Rule), r + 1) }</legend>
                        <label class="field compact">
                            <span>{ lang.text(Text::Link) }</span>
                            <SelectField pointer={format!("/routing/rules/{r}/link")} label={format!("{} {} · {}", lang.text(Text::Rule), r + 1, lang.text(Text::Link))}
                                value={rule["link"].as_str().unwrap_or_default().to_string()} options={name_options(&props.links)}
                                errors={props.errors.clone()} {lang} on_set={on_text.clone()} testid={format!("rule-{r}-link")} />
                        </label>
                        <div class="rule-part">
                            <span class="rule-part-title" aria-hidden="true">{ lang.text(Text::Grades) }</span>
                            { checks(r, rule, "grades", &grades, Text::Grades) }
                        </div>
                        <div class="rule-part">
                            <span class="rule-part-title" aria-hidden="true">{ lang.text(Text::Sources) }</span>
                            { checks(r, rule, "sources", &sources, Text::Sources) }
                        </div>
                        <div class="row-actions">
                            <button type="button" class="tool-button small" disabled={r == 0}
                                aria-label={format!("{} · {} {}", lang.text(Text::MoveUp), lang.text(Text::Rule), r + 1)}
                                data-testid={format!("rule-{r}-up")}
                                onclick={edit(|v, r| edits::move_item(v, "/routing/rules", r, -1), r)}>{ "↑" }</button>
                            <button type="button" class="tool-button small" disabled={r + 1 == count}
                                aria-label={format!("{} · {} {}", lang.text(Text::MoveDown), lang.text(Text::Rule), r + 1)}
                                data-testid={format!("rule-{r}-down")}
                                onclick={edit(|v, r| edits::move_item(v, "/routing/rules", r, 1), r)}>{ "↓" }</button>
                            <button type="button" class="tool-button small danger"
                                aria-label={format!("{} · {} {}", lang.text(Text::Remove), lang.text(Text::Rule), r + 1)}
                                data-testid={format!("rule-{r}-remove")}
                                onclick={edit(edits::remove_rule, r)}>{ lang.text(Text::Remove) }</button>
                        </div>
                        <FieldErrors path={format!("routing.rules[{r}]")} errors={props.errors.clone()} {lang} />
                    </fieldset>
                }) }
                </div>
            }
            <FieldErrors path="routing.rules" errors={props.errors.clone()} {lang} />
            <div class="button-row">
                <button type="button" class="tool-button" data-testid="add-rule"
                    onclick={click_edit(state, &doc_id, edits::add_rule)}>{ lang.text(Text::AddRule) }</button>
            </div>
        </div>
    }
}
