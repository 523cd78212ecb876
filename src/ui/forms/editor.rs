//! The scenario editor: the organisation as a diagram, a form to build it
//! (add, rename and remove units, sources, grades, links and channels),
//! forms for every model parameter (units with their hours, service times, routes and
//! escalation; lead sources with profiles and campaigns; links and routing
//! rules; the rest under "more parameters"), the full scenario text, inline
//! validation messages from the same validator as the CLI, and the
//! satisfaction and conversion formulas with their current values.

use std::rc::Rc;

use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::display::{self, number};
use crate::document::org_layout::{BOX_H, BOX_W, HEADING_Y, OrgLayout, Shape};
use crate::document::{edits, shares};
use crate::i18n::{Lang, Text};
use crate::report::Report;
use crate::scenario;
use crate::sim::model::Office;
use crate::ui::forms::fields::{Errors, NumberField, number_setter};
use crate::ui::forms::links_form::LinksForm;
use crate::ui::forms::notes::NotesForm;
use crate::ui::forms::parameters::MoreParameters;
use crate::ui::forms::source_form::SourceForm;
use crate::ui::forms::structure_form::StructureForm;
use crate::ui::forms::unit_form::UnitForm;
use crate::ui::state::{Action, Edit, use_store};
use crate::ui::widgets::typing::{ModelValue, use_model_value};

#[function_component]
pub fn EditorPanel() -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = state.clone();
    let lang = state.lang;
    let focused_unit = use_state(|| None::<usize>);
    // Hooks run on every render, whether or not a scenario is selected.
    let json = state.selected().map(|d| d.json.clone()).unwrap_or_default();
    let errors: Errors = (*use_memo(json.clone(), |json| {
        Errors::new(scenario::load(json).err().unwrap_or_default())
    }))
    .clone();
    let value: Rc<Value> = use_memo(json.clone(), |json| {
        serde_json::from_str(json).unwrap_or(Value::Null)
    });
    let ModelValue {
        node: json_node,
        oninput: json_input,
        onblur: json_blur,
    } = use_model_value(json);
    let Some(doc) = state.selected().cloned() else {
        return html! {
            <section class="panel" data-testid="editor-panel" aria-labelledby="editor-panel-heading">
                <h2 id="editor-panel-heading" class="panel-title">{ lang.text(Text::Editor) }</h2>
                <p class="panel-empty">{ lang.text(Text::EditorEmpty) }</p>
            </section>
        };
    };
    let on_number = number_setter(&state, &doc.id);
    let number_input = |pointer: String, label: String| -> Html {
        let current = value.pointer(&pointer).and_then(Value::as_f64);
        html! {
            <td>
                <NumberField pointer={pointer} label={label} value={current} errors={errors.clone()} {lang}
                    on_set={on_number.clone()} />
            </td>
        }
    };

    let units = value["units"].as_array().cloned().unwrap_or_default();
    let sources = value["sources"].as_array().cloned().unwrap_or_default();
    let channels = value["funnel"]["channels"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let name_of = |v: &Value| v["name"].as_str().unwrap_or_default().to_string();

    let on_unit_click = {
        let focused_unit = focused_unit.clone();
        Callback::from(move |index: usize| {
            focused_unit.set(Some(index));
            if let Some(input) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                d.query_selector(&format!("[data-field=\"/units/{index}/headcount\"]"))
                    .ok()
                    .flatten()
            }) {
                let input: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(input);
                let _ = input.focus();
            }
        })
    };

    let on_unit_pick = {
        let focused_unit = focused_unit.clone();
        Callback::from(move |index: usize| focused_unit.set(Some(index)))
    };

    let one_id = value["handoffs"]["one_id"].as_bool().unwrap_or(false);
    let on_one_id = {
        let state = state.clone();
        let doc = doc.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let checked = input.checked();
            state.dispatch(Action::Edit(Edit::scenario(&doc.id, move |v| {
                edits::set_one_id(v, checked)
            })));
        })
    };

    let share_values: Vec<f64> = channels
        .iter()
        .map(|c| c["share_percent"].as_f64().unwrap_or(0.0))
        .collect();
    let on_share = |index: usize| {
        let state = state.clone();
        let doc = doc.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Ok(v) = input.value().parse::<f64>() else {
                return;
            };
            state.dispatch(Action::Edit(Edit::scenario(&doc.id, move |value| {
                shares::set_share(value, index, v)
            })));
        })
    };

    let on_text = {
        let state = state.clone();
        let doc = doc.clone();
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            state.dispatch(Action::Edit(Edit::text(&doc.id, area.value())));
        })
    };

    let description = match lang {
        Lang::Zh => value["description"]["zh"].as_str(),
        Lang::En => value["description"]["en"].as_str(),
    }
    .unwrap_or_default()
    .to_string();

    // The diagram's counts come from this scenario's finished run, while it
    // still matches the scenario (an edit makes them go, not mislead).
    let counts = state
        .results
        .get(&doc.id)
        .filter(|o| o.snapshot.finished && !state.is_stale(o))
        .and_then(|o| o.snapshot.reports.first().cloned());
    html! {
        <section class="panel editor" data-testid="editor-panel" aria-labelledby="editor-panel-heading">
            <h2 id="editor-panel-heading" class="panel-title">{ format!("{} · {}", lang.text(Text::Editor), doc.name(lang)) }</h2>
            if !description.is_empty() { <p class="scenario-description">{ description }</p> }
            <ValidationSummary lang={lang} errors={errors.clone()} />

            <h3>{ lang.text(Text::Organisation) }</h3>
            <OrgDiagram value={(*value).clone()} lang={lang} focused={*focused_unit} on_unit={Some(on_unit_click)} report={counts} />

            <StructureForm doc_id={doc.id.clone()} value={value.clone()} errors={errors.clone()}
                on_unit_added={on_unit_pick.clone()} />

            <h3>{ lang.text(Text::Units) }</h3>
            <div class="table-wrap">
            <table class="form-table" data-testid="units-table">
                <thead><tr>
                    <th scope="col">{ lang.text(Text::Unit) }</th>
                    <th scope="col">{ lang.text(Text::Office) }</th>
                    <th scope="col">{ lang.text(Text::Headcount) }</th>
                    <th scope="col">{ lang.text(Text::HourlyCost) }</th>
                    <th scope="col">{ lang.text(Text::Authority) }</th>
                </tr></thead>
                <tbody>
                { for units.iter().enumerate().map(|(i, unit)| html! {
                    <tr class={classes!((*focused_unit == Some(i)).then_some("focused"))}>
                        <th scope="row">{ breakable(&name_of(unit)) }</th>
                        <td>{ office_label(unit["office"].as_str(), lang) }</td>
                        { number_input(format!("/units/{i}/headcount"), format!("{} {}", name_of(unit), lang.text(Text::Headcount))) }
                        { number_input(format!("/units/{i}/hourly_cost"), format!("{} {}", name_of(unit), lang.text(Text::HourlyCost))) }
                        { number_input(format!("/units/{i}/authority"), format!("{} {}", name_of(unit), lang.text(Text::Authority))) }
                    </tr>
                }) }
                </tbody>
            </table>
            </div>

            <UnitForm doc_id={doc.id.clone()} value={value.clone()} errors={errors.clone()}
                unit={focused_unit.unwrap_or(0)} on_unit={on_unit_pick} />

            <h3>{ lang.text(Text::LeadSources) }</h3>
            <div class="table-wrap">
            <table class="form-table" data-testid="sources-table">
                <thead><tr>
                    <th scope="col">{ lang.text(Text::Source) }</th>
                    <th scope="col">{ lang.text(Text::LeadsPerDay) }</th>
                    <th scope="col">{ lang.text(Text::CostPerLead) }</th>
                    <th scope="col">{ lang.text(Text::Link) }</th>
                </tr></thead>
                <tbody>
                { for sources.iter().enumerate().map(|(i, source)| html! {
                    <tr>
                        <th scope="row">{ breakable(&name_of(source)) }</th>
                        { number_input(format!("/sources/{i}/leads_per_day"), format!("{} {}", name_of(source), lang.text(Text::LeadsPerDay))) }
                        { number_input(format!("/sources/{i}/cost_per_lead"), format!("{} {}", name_of(source), lang.text(Text::CostPerLead))) }
                        <td>{ source["link"].as_str().or(source["entry_unit"].as_str()).unwrap_or("–").to_string() }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            </div>

            <SourceForm doc_id={doc.id.clone()} value={value.clone()} errors={errors.clone()} />

            <LinksForm doc_id={doc.id.clone()} value={value.clone()} errors={errors.clone()} />

            <label class="checkbox">
                <input type="checkbox" data-testid="one-id" checked={one_id} onchange={on_one_id} />
                { lang.text(Text::OneId) }
            </label>

            if !channels.is_empty() {
                <h3>{ lang.text(Text::ChannelMix) }</h3>
                <div class="channel-sliders" data-testid="channel-mix">
                { for channels.iter().enumerate().map(|(i, channel)| html! {
                    <label class="slider">
                        <span>{ name_of(channel) }</span>
                        <input type="range" min="0" max="100" step="0.5" value={share_values[i].to_string()}
                            data-testid={format!("channel-share-{i}")}
                            aria-label={format!("{} %", name_of(channel))} oninput={on_share(i)} />
                        <output>{ format!("{} %", number(share_values[i], 1)) }</output>
                    </label>
                }) }
                    <p class="hint">{ format!("{}: {} %", lang.text(Text::Total), number(share_values.iter().sum::<f64>(), 1)) }</p>
                </div>
            }

            <MoreParameters doc={doc.clone()} errors={errors.clone()} />

            <NotesForm doc_id={doc.id.clone()} value={value.clone()} errors={errors.clone()} />

            <Formulas value={(*value).clone()} lang={lang} />

            <details class="json-editor">
                <summary>{ lang.text(Text::ScenarioText) }</summary>
                <p class="hint">{ lang.text(Text::ScenarioTextHint) }</p>
                <textarea data-testid="scenario-json" spellcheck="false" rows="18"
                    aria-label={lang.text(Text::ScenarioText)} ref={json_node} oninput={json_input}
                    onblur={json_blur} onchange={on_text} />
            </details>
        </section>
    }
}

fn office_label(office: Option<&str>, lang: Lang) -> &'static str {
    lang.text(Office::read(office).label())
}

#[derive(Properties, PartialEq)]
struct ValidationProps {
    lang: Lang,
    errors: Errors,
}

/// How many problems the summary lists. A pasted file can have 150 000
/// (one per item of a long list); listing them all made every later click
/// take seconds. The first ones, each also shown at its field, say what to
/// fix; the count says how much is left.
const ERRORS_SHOWN: usize = 100;

/// The scenario's problems, with their field paths, in the user's
/// language: the first [`ERRORS_SHOWN`], and how many more there are.
#[function_component]
fn ValidationSummary(props: &ValidationProps) -> Html {
    let lang = props.lang;
    if props.errors.is_empty() {
        return html! { <p class="valid" data-testid="validation-ok">{ lang.text(Text::ScenarioValid) }</p> };
    }
    let hidden = props.errors.len().saturating_sub(ERRORS_SHOWN);
    html! {
        <div class="validation" role="alert" data-testid="validation-errors">
            <p>{ format!("{} ({})", lang.text(Text::ScenarioInvalid), props.errors.len()) }</p>
            <ul>{ for props.errors.iter().take(ERRORS_SHOWN).map(|e| html! { <li><code>{ e.path.clone() }</code>{ " " }{ e.kind.describe(lang) }</li> }) }</ul>
            if hidden > 0 {
                <p class="hint" data-testid="validation-more">{ format!("{} {hidden}", lang.text(Text::MoreErrorsNotShown)) }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FormulaProps {
    value: Value,
    lang: Lang,
}

/// The conversion-decay, satisfaction and money formulas (the first with
/// the scenario's values).
#[function_component]
fn Formulas(props: &FormulaProps) -> Html {
    let lang = props.lang;
    let funnel = &props.value["funnel"];
    let tau = funnel["response_decay_minutes"].as_f64().unwrap_or(200.0);
    let floor = funnel["response_floor"].as_f64().unwrap_or(1.0 / 60.0);
    let decay = |t: f64| floor + (1.0 - floor) * (-t / tau).exp();
    html! {
        <details class="formulas" data-testid="formulas" open=true>
            <summary>{ lang.text(Text::Formulas) }</summary>
            <p><strong>{ lang.text(Text::ConversionFormula) }</strong></p>
            <p class="formula" data-testid="formula-conversion">{ lang.text(Text::QualifyCloseFormula) }</p>
            <p class="formula">{ format!("m(t) = f + (1 − f) · e^(−t/τ),  τ = {} min, f = {}", number(tau, 0), number(floor, 4)) }</p>
            <p class="hint">{ format!("m(5 min) = {}, m(1 h) = {}, m(24 h) = {}  ({})", number(decay(5.0), 3), number(decay(60.0), 3), number(decay(1440.0), 3), lang.text(Text::HbrAnchor)) }</p>
            <p><strong>{ lang.text(Text::FirstResponseFormula) }</strong></p>
            <p class="hint" data-testid="formula-first-response">{ lang.text(Text::FirstResponseFormulaText) }</p>
            <p><strong>{ lang.text(Text::SatisfactionFormula) }</strong></p>
            <p class="formula">{ "S = clamp(S₀ + Σ b·max(0, 1 − W/E) − Σ w_wait·ln(1 + max(0, W/E − 1)) − w_handoff·hand-offs − w_repeat·repeats − w_duplicate·duplicates − w_price·(1 − consistency) + bonus_resolved, 0, 10),  S ≤ S_unserved" }</p>
            <p class="formula">{ lang.text(Text::ConversionMultiplierFormula) }</p>
            <p class="hint">{ lang.text(Text::SatisfactionHint) }</p>
            <p><strong>{ lang.text(Text::EconomicsFormula) }</strong></p>
            <p class="formula">{ lang.text(Text::EconomicsFormulaText) }</p>
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct OrgProps {
    pub value: Value,
    pub lang: Lang,
    pub focused: Option<usize>,
    /// A unit clicked (the editor opens its forms); `None` where the
    /// diagram is only shown (presentation mode).
    pub on_unit: Option<Callback<usize>>,
    /// The scenario's finished, up-to-date run: its counts go on the pools
    /// and units.
    #[prop_or_default]
    pub report: Option<Rc<Report>>,
}

/// The organisation as an SVG diagram (see `document::org_layout`): the
/// lead flow through the pools, each link flowing into its entry unit,
/// front, middle and back office as swim lanes; solid arrows for routes,
/// dashed for escalation; committees marked with their cadence; counts
/// after a run. Names are text nodes, never markup.
#[function_component]
pub fn OrgDiagram(props: &OrgProps) -> Html {
    let lang = props.lang;
    let layout = OrgLayout::of(&props.value, lang, props.report.as_deref());
    let shapes = |shapes: &[Shape]| -> Html {
        shapes
            .iter()
            .map(|shape| match shape {
                Shape::Rect { x, y, w, h, class } => html! {
                    <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="6" class={class.clone()} />
                },
                Shape::Text { x, y, class, text } => html! {
                    <text x={x.to_string()} y={y.to_string()} class={*class}>{ text.clone() }</text>
                },
                Shape::Path { d, class, arrow } => html! {
                    <path d={d.clone()} class={class.clone()} marker-end={arrow.then_some("url(#org-arrow)")} />
                },
            })
            .collect()
    };
    html! {
        <svg class="org-diagram" data-testid="org-diagram" role="group" aria-label={lang.text(Text::Organisation)}
            viewBox={format!("0 0 {} {}", layout.width, layout.height)} preserveAspectRatio="xMinYMin meet">
            <defs>
                <marker id="org-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" class="org-arrow-head" />
                </marker>
            </defs>
            { shapes(&layout.behind) }
            { for layout.headings.iter().map(|(office, x)| html! {
                <text x={x.to_string()} y={HEADING_Y.to_string()} class="org-heading">{ lang.text(office.label()) }</text>
            }) }
            { for layout.arrows.iter().map(|a| html! {
                <line x1={a.x1.to_string()} y1={a.y1.to_string()} x2={a.x2.to_string()} y2={a.y2.to_string()}
                    class={if a.escalation { "org-edge escalation" } else { "org-edge" }} marker-end="url(#org-arrow)" />
            }) }
            { for layout.units.iter().enumerate().map(|(i, unit)| {
                let (x, y) = (unit.x, unit.y);
                let onclick = props.on_unit.clone().map(|on_unit| Callback::from(move |_: MouseEvent| on_unit.emit(i)));
                let onkeydown = props.on_unit.clone().map(|on_unit| Callback::from(move |e: KeyboardEvent| if e.key() == "Enter" || e.key() == " " { e.prevent_default(); on_unit.emit(i) }));
                let interactive = props.on_unit.is_some();
                html! {
                    <g class={classes!("org-unit", (props.focused == Some(i)).then_some("focused"))}
                        tabindex={interactive.then_some("0")} role={interactive.then_some("button")}
                        {onclick} {onkeydown}>
                        <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="8" />
                        <text x={(x + 8.0).to_string()} y={(y + 19.0).to_string()} class="org-name">{ display::shortened(&unit.name, 22) }</text>
                        <text x={(x + 8.0).to_string()} y={(y + 37.0).to_string()} class="org-detail">
                            { unit.detail(lang) }
                        </text>
                    </g>
                }
            }) }
            <g data-testid="org-counts">{ shapes(&layout.over) }</g>
        </svg>
    }
}

/// A name such as `regional_battle_center` with a line-break opportunity
/// after each underscore, so a narrow column wraps it between words rather
/// than in the middle of one.
fn breakable(name: &str) -> Html {
    let parts: Vec<&str> = name.split_inclusive('_').collect();
    html! { <>{ for parts.into_iter().map(|part| html! { <>{ part }<wbr /></> }) }</> }
}
