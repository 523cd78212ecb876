//! The event-log export in the Fit view (issue 14.3): one replication of a
//! library scenario, traced, written as the CSV `orgflow events` writes —
//! every activity of every lead (case id, activity, unit, start, end and
//! the lead's grade, source, link and channel) for process-mining tools,
//! or one row per lead in the columns the Fit view reads back. On the
//! workspace's seed, so the file is the CLI's to the byte.
//!
//! One traced replication of a preset takes well under a second, so it
//! runs on the main thread when the button is pressed.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::calibrate::events;
use crate::display;
use crate::i18n::Text;
use crate::scenario;
use crate::sim;
use crate::ui::results::analysis_kit::ScenarioSelect;
use crate::ui::state::{Action, Notice, use_store};
use crate::ui::widgets::browser;

/// What the export writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One row per activity (`orgflow events`).
    Events,
    /// One row per lead (`orgflow events --leads`), the Fit view's input.
    Leads,
}

impl Shape {
    const fn key(self) -> &'static str {
        match self {
            Shape::Events => "events",
            Shape::Leads => "leads",
        }
    }

    fn parse(key: &str) -> Self {
        if key == Shape::Leads.key() {
            Shape::Leads
        } else {
            Shape::Events
        }
    }
}

/// The largest replication index offered (a workshop needs a few).
const MAX_REPLICATION: u32 = 9_999;

#[function_component]
pub fn EventLogExport() -> Html {
    let store = use_store();
    let chosen = use_state(String::new);
    let shape = use_state(|| Shape::Events);
    let replication = use_state(|| 0_u32);
    let Some(state) = store else {
        return Html::default();
    };
    let lang = state.lang;
    // The selected library scenario unless another is chosen here.
    let doc_id = if state.workspace.get(&chosen).is_some() {
        (*chosen).clone()
    } else {
        state.selected().map(|d| d.id.clone()).unwrap_or_default()
    };
    let on_scenario = {
        let chosen = chosen.clone();
        Callback::from(move |id: String| chosen.set(id))
    };
    let on_shape = {
        let shape = shape.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            shape.set(Shape::parse(&select.value()));
        })
    };
    let on_replication = {
        let replication = replication.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let value = input.value().trim().parse::<u32>().unwrap_or(0);
            replication.set(value.min(MAX_REPLICATION));
        })
    };
    let on_export = {
        let state = state.clone();
        let doc_id = doc_id.clone();
        let (shape, replication) = (*shape, *replication);
        Callback::from(move |_: MouseEvent| {
            let Some(doc) = state.workspace.get(&doc_id) else {
                return;
            };
            let model = match scenario::load(&doc.json) {
                Ok(model) => model,
                Err(errors) => {
                    let first = errors.first().map(|e| e.message(lang)).unwrap_or_default();
                    state.dispatch(Action::Notify(Notice {
                        error: true,
                        text: format!(
                            "{} “{}”: {first}",
                            lang.text(Text::ScenarioInvalid),
                            doc.name(lang)
                        ),
                    }));
                    return;
                }
            };
            let seed = state.workspace.settings.seed;
            let (_, trace) = sim::run_replication_traced(&model, seed, replication);
            let csv = match shape {
                Shape::Events => events::event_log(&model, &trace),
                Shape::Leads => events::lead_log(&model, &trace),
            };
            let file = format!(
                "{}-{}-r{replication}-seed{seed}.csv",
                display::safe_file_name(&doc.name(lang)),
                shape.key()
            );
            browser::download_or_say(&state, &file, "text/csv", csv.as_bytes());
        })
    };
    html! {
        <section class="event-export" data-testid="events-export">
            <h3>{ lang.text(Text::EventsTitle) }</h3>
            <p class="hint">{ lang.text(Text::EventsIntro) }</p>
            <div class="run-settings">
                <label class="field compact">
                    <span>{ lang.text(Text::EventsScenario) }</span>
                    <ScenarioSelect value={doc_id.clone()} testid="events-scenario" onchange={on_scenario} />
                </label>
                <label class="field compact">
                    <span>{ lang.text(Text::EventsShape) }</span>
                    <select data-testid="events-shape" onchange={on_shape}>
                        <option value={Shape::Events.key()} selected={*shape == Shape::Events}>{ lang.text(Text::EventsShapeEvents) }</option>
                        <option value={Shape::Leads.key()} selected={*shape == Shape::Leads}>{ lang.text(Text::EventsShapeLeads) }</option>
                    </select>
                </label>
                <label class="field compact">
                    <span>{ lang.text(Text::EventsReplication) }</span>
                    <input type="number" min="0" max={MAX_REPLICATION.to_string()} step="1" data-testid="events-replication"
                        value={replication.to_string()} onchange={on_replication} />
                </label>
            </div>
            <div class="run-bar">
                <button type="button" class="tool-button" data-testid="events-download" onclick={on_export}>{ lang.text(Text::EventsDownload) }</button>
            </div>
        </section>
    }
}
