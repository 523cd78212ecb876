//! The app shell: header with language and theme switches, the worker
//! status, and the three-panel workspace (scenarios, editor, results).

use yew::prelude::*;

use super::state::{Action, AppState, Theme, WorkerStatus};
use super::storage::{self, keys};
use super::worker_link::{WorkerEvent, WorkerLink};
use crate::VERSION;
use crate::i18n::{Lang, Text};
use crate::protocol::FromWorker;

/// The language and theme the app starts with: what the user chose last
/// time, else what the browser prefers.
fn initial_state() -> AppState {
    let window = web_sys::window();
    let lang = storage::read(keys::LANG)
        .or_else(|| window.as_ref().and_then(|w| w.navigator().language()))
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or_default();
    let prefers_dark = window
        .as_ref()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|query| query.matches());
    let theme = storage::read(keys::THEME)
        .and_then(|name| Theme::from_name(&name))
        .unwrap_or(if prefers_dark { Theme::Dark } else { Theme::Light });
    AppState { lang, theme, worker: WorkerStatus::Starting }
}

/// Mirrors language and theme onto `<html>` (for CSS and screen readers)
/// and remembers them.
fn apply_and_remember(lang: Lang, theme: Theme) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Setting attributes on <html> cannot meaningfully fail; if it did,
        // the page would merely keep its previous look.
        let _ = root.set_attribute("lang", lang.tag());
        let _ = root.set_attribute("data-theme", theme.name());
    }
    // Failing to remember a preference is harmless: it is re-derived next time.
    storage::write(keys::LANG, lang.tag());
    storage::write(keys::THEME, theme.name());
}

fn worker_event_to_action(event: WorkerEvent) -> Action {
    match event {
        WorkerEvent::Message(FromWorker::Ready { version }) => Action::WorkerReady { version },
        WorkerEvent::Message(FromWorker::Unreadable { reason }) | WorkerEvent::Crashed(reason) => {
            Action::WorkerFailed { reason }
        }
    }
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);

    use_effect_with((state.lang, state.theme), |&(lang, theme)| {
        apply_and_remember(lang, theme)
    });

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let on_event = {
                let dispatcher = dispatcher.clone();
                move |event| dispatcher.dispatch(worker_event_to_action(event))
            };
            let link = match WorkerLink::spawn(on_event) {
                Ok(link) => Some(link),
                Err(reason) => {
                    dispatcher.dispatch(Action::WorkerFailed { reason });
                    None
                }
            };
            // Dropping the link on unmount terminates the worker.
            move || drop(link)
        });
    }

    let lang = state.lang;
    let on_toggle_lang = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::ToggleLanguage))
    };
    let on_toggle_theme = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::ToggleTheme))
    };

    html! {
        <div class="app">
            <header class="app-header">
                <div class="brand">
                    <h1 class="brand-name">{ "orgflow" }</h1>
                    <p class="brand-tagline">{ lang.text(Text::Tagline) }</p>
                </div>
                <div class="header-tools">
                    <WorkerBadge lang={lang} status={state.worker.clone()} />
                    <button type="button" class="tool-button" data-testid="theme-toggle"
                        title={lang.text(Text::ThemeHint)}
                        onclick={on_toggle_theme}>
                        { lang.text(state.theme.switch_label()) }
                    </button>
                    <button type="button" class="tool-button" data-testid="lang-toggle"
                        lang={lang.toggled().tag()}
                        title={lang.text(Text::SwitchLanguageHint)}
                        onclick={on_toggle_lang}>
                        { lang.text(Text::SwitchLanguage) }
                    </button>
                </div>
            </header>
            <main class="workspace">
                <Panel lang={lang} testid="scenario-panel" title={Text::Scenarios} empty={Text::ScenariosEmpty} />
                <Panel lang={lang} testid="editor-panel" title={Text::Editor} empty={Text::EditorEmpty} />
                <Panel lang={lang} testid="results-panel" title={Text::Results} empty={Text::ResultsEmpty} />
            </main>
            <footer class="app-footer">
                <span>{ lang.text(Text::PrivacyNote) }</span>
                <span data-testid="app-version">{ format!("{} {VERSION}", lang.text(Text::Version)) }</span>
            </footer>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct WorkerBadgeProps {
    lang: Lang,
    status: WorkerStatus,
}

/// Shows whether the simulation worker answered the version handshake.
#[function_component]
fn WorkerBadge(props: &WorkerBadgeProps) -> Html {
    let lang = props.lang;
    let (class, text, detail) = match &props.status {
        WorkerStatus::Starting => ("badge badge-pending", lang.text(Text::WorkerStarting), String::new()),
        WorkerStatus::Ready { version } if version == VERSION => {
            ("badge badge-ok", lang.text(Text::WorkerReady), format!(" · v{version}"))
        }
        WorkerStatus::Ready { version } => (
            "badge badge-error",
            lang.text(Text::WorkerVersionMismatch),
            format!(" · v{version} ≠ v{VERSION}"),
        ),
        WorkerStatus::Failed { reason } => {
            ("badge badge-error", lang.text(Text::WorkerFailed), format!(": {reason}"))
        }
    };
    html! {
        <span class={class} role="status" aria-live="polite" data-testid="worker-status">
            { text }{ detail }
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    lang: Lang,
    testid: &'static str,
    title: Text,
    empty: Text,
}

/// One region of the workspace, with a heading screen readers can jump to.
#[function_component]
fn Panel(props: &PanelProps) -> Html {
    let heading_id = format!("{}-heading", props.testid);
    html! {
        <section class="panel" data-testid={props.testid} aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id} class="panel-title">{ props.lang.text(props.title) }</h2>
            <p class="panel-empty">{ props.lang.text(props.empty) }</p>
        </section>
    }
}
