//! The app root: restores the workspace, starts the worker pool, autosaves,
//! handles shortcuts and shared links, and lays out the three panels.

use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::VERSION;
use crate::document::persist::{self, Synced};
use crate::document::share;
use crate::i18n::{Lang, Text};
use crate::scenario;
use crate::ui::app::library::LibraryPanel;
use crate::ui::app::offline;
use crate::ui::app::storage::{self, LocalStore, keys};
use crate::ui::forms::editor::EditorPanel;
use crate::ui::results::panel::ResultsPanel;
use crate::ui::results::run_bar::RUN_BUTTON_ID;
use crate::ui::state::{
    Action, AppState, JobKind, Notice, Pane, RunActions, RunStatus, Store, Theme, WorkerStatus,
    use_store,
};
use crate::ui::widgets::browser;
use crate::ui::workers::runner::{Pool, PoolEvent, worker_count};

/// The language, theme and workspace the app starts with, what storage
/// holds (for later saves), and what to tell the user about them.
fn initial_state() -> (AppState, Synced) {
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
        .unwrap_or(if prefers_dark {
            Theme::Dark
        } else {
            Theme::Light
        });

    let loaded = persist::load(&mut LocalStore);
    let mut notice = (!loaded.problems.is_empty()).then(|| Notice {
        error: true,
        text: loaded
            .problems
            .iter()
            .map(|p| p.message(lang))
            .collect::<Vec<_>>()
            .join(" "),
    });
    let unsaved = loaded
        .problems
        .iter()
        .any(|p| matches!(p, persist::Problem::MigrationDidNotFit));
    let mut state = AppState::new(lang, theme, loaded.workspace);
    state.unsaved = unsaved;
    state.storage_percent = loaded.synced.used_percent();
    if let Some((json, shared)) = shared_link(lang) {
        if let Some(json) = json {
            state.workspace.add(json, None);
        }
        notice = Some(shared);
    }
    state.notice = notice;
    (state, loaded.synced)
}

/// The scenario carried by the address's `#s=…` fragment, if there is one,
/// and what to tell the user. A tampered or truncated link only produces a
/// message; the workspace is left as it was. The fragment is cleared, so a
/// reload does not add the scenario twice.
fn shared_link(lang: Lang) -> Option<(Option<String>, Notice)> {
    let fragment = crate::ui::widgets::browser::fragment();
    if fragment.is_empty() {
        return None;
    }
    crate::ui::widgets::browser::clear_fragment();
    let decoded = share::decode(&fragment).map_err(|e| e.message(lang));
    let checked = decoded.and_then(|json| match scenario::parse(&json) {
        Ok(_) => Ok(json),
        Err(errors) => Err(errors.first().map(|e| e.message(lang)).unwrap_or_default()),
    });
    Some(match checked {
        Ok(json) => (
            Some(json),
            Notice {
                error: false,
                text: lang.text(Text::SharedScenarioAdded).to_string(),
            },
        ),
        Err(reason) => (
            None,
            Notice {
                error: true,
                text: format!("{} {reason}", lang.text(Text::SharedLinkUnreadable)),
            },
        ),
    })
}

/// Adds `listener` for `event` on the window; returns what removes it
/// (gloo's `EventListener` removes itself when dropped). Events of another
/// type than `E` are ignored.
fn listen_on_window<E: JsCast + 'static>(
    event: &'static str,
    listener: impl Fn(&E) + 'static,
) -> impl FnOnce() {
    let listening = web_sys::window().map(|window| {
        EventListener::new(&window, event, move |event| {
            if let Some(event) = event.dyn_ref::<E>() {
                listener(event);
            }
        })
    });
    move || drop(listening)
}

/// Mirrors language and theme onto `<html>` and remembers them.
fn apply_and_remember(lang: Lang, theme: Theme, presenting: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Setting attributes on <html> cannot meaningfully fail; if it did,
        // the page would merely keep its previous look.
        let _ = root.set_attribute("lang", lang.tag());
        let _ = root.set_attribute("data-theme", theme.name());
        let _ = root.set_attribute("data-presenting", if presenting { "true" } else { "false" });
    }
    storage::write(keys::LANG, lang.tag());
    storage::write(keys::THEME, theme.name());
}

/// A worker from another build answered: the page is stale (cached after a
/// deploy). Reload once per session to pick up the matching pair.
fn reload_for_version_mismatch() -> bool {
    let session = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    let Some(session) = session else { return false };
    let key = format!("{}reloaded-for-version", storage::NAMESPACE);
    if session.get_item(&key).ok().flatten().as_deref() == Some(VERSION) {
        return false;
    }
    let _ = session.set_item(&key, VERSION);
    web_sys::window().is_some_and(|w| w.location().reload().is_ok())
}

fn pool_event_to_action(event: PoolEvent) -> Option<Action> {
    Some(match event {
        PoolEvent::WorkerReady { version, ready, of } => {
            if version != VERSION && reload_for_version_mismatch() {
                return None;
            }
            Action::WorkerReady { version, ready, of }
        }
        PoolEvent::Progress(snapshot) => Action::Progress(snapshot),
        PoolEvent::JobFailed { job, reason } => Action::RunFailed { job, reason },
        PoolEvent::WorkersUnavailable { reason } => Action::WorkerFailed { reason },
    })
}

#[function_component]
pub fn App() -> Html {
    // What storage holds as far as this tab knows: saves and other tabs'
    // saves both go through it, synchronously, so it is never behind.
    let synced = use_mut_ref(|| None::<Synced>);
    let state = {
        let synced = synced.clone();
        use_reducer(move || {
            let (state, loaded) = initial_state();
            *synced.borrow_mut() = Some(loaded);
            state
        })
    };
    let pool = use_state(|| None::<Pool>);

    use_effect_with(
        (state.lang, state.theme, state.presenting),
        |&(lang, theme, presenting)| apply_and_remember(lang, theme, presenting),
    );

    // Autosave: every change of the workspace is written at once, scenario
    // by scenario (only what changed).
    {
        let dispatcher = state.dispatcher();
        let (unsaved, percent) = (state.unsaved, state.storage_percent);
        let synced = synced.clone();
        use_effect_with(state.workspace.clone(), move |workspace| {
            let mut synced = synced.borrow_mut();
            let Some(synced) = synced.as_mut() else {
                return;
            };
            let report = persist::save(&mut LocalStore, synced, workspace);
            crate::ui::app::panic_banner::set_saved(!report.failed);
            if report.failed != unsaved || report.used_percent != percent {
                dispatcher.dispatch(Action::Saved {
                    failed: report.failed,
                    used_percent: report.used_percent,
                });
            }
            if !report.merge.is_empty() {
                dispatcher.dispatch(Action::Merge(Rc::new(report.merge)));
            }
        });
    }

    // Another tab saved: bring its change in (live), keeping both versions
    // of a scenario both tabs changed.
    {
        let dispatcher = state.dispatcher();
        let synced = synced.clone();
        use_effect_with((), move |_| {
            listen_on_window("storage", move |event: &web_sys::StorageEvent| {
                let Some(key) = event.key() else { return };
                if !key.starts_with(storage::NAMESPACE) {
                    return;
                }
                let mut synced = synced.borrow_mut();
                let Some(synced) = synced.as_mut() else {
                    return;
                };
                let merge = persist::merge_remote(
                    &mut LocalStore,
                    synced,
                    &key,
                    event.new_value().as_deref(),
                );
                if !merge.is_empty() {
                    dispatcher.dispatch(Action::Merge(Rc::new(merge)));
                }
            })
        });
    }

    // A share link pasted into the address bar of the open app.
    {
        let dispatcher = state.dispatcher();
        let lang = state.lang;
        use_effect_with(lang, move |&lang| {
            listen_on_window("hashchange", move |_: &web_sys::Event| {
                if let Some((json, notice)) = shared_link(lang) {
                    dispatcher.dispatch(Action::SharedLink { json, notice });
                }
            })
        });
    }

    // The offline copy, registered once (see `offline`).
    use_effect_with((), |_| offline::register());

    // The worker pool, started once.
    {
        let dispatcher = state.dispatcher();
        let pool = pool.clone();
        use_effect_with((), move |_| {
            let listener = move |event| {
                if let Some(action) = pool_event_to_action(event) {
                    dispatcher.dispatch(action);
                }
            };
            pool.set(Some(Pool::new(worker_count(), listener)));
        });
    }

    // Keyboard: undo / redo outside text fields; arrows and Escape while
    // presenting.
    {
        let dispatcher = state.dispatcher();
        let presenting = state.presenting;
        use_effect_with(presenting, move |&presenting| {
            let document = web_sys::window().and_then(|w| w.document());
            // Not passive (gloo's default is passive): the shortcuts call
            // `prevent_default` so the browser's own action for the key
            // (scrolling on arrows, its own undo) does not also run.
            let listening = document.map(|document| {
                EventListener::new_with_options(
                    &document,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        // Ctrl+Enter (⌘+Enter) runs the view's job, from
                        // anywhere, a text field included.
                        if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                            event.prevent_default();
                            browser::commit_and_click(RUN_BUTTON_ID);
                            return;
                        }
                        if let Some(action) = shortcut(event, presenting) {
                            event.prevent_default();
                            dispatcher.dispatch(action);
                        }
                    },
                )
            });
            move || drop(listening)
        });
    }

    let actions = {
        let run = {
            let state = state.clone();
            let pool = pool.clone();
            Callback::from(move |kind: JobKind| {
                let Some(pool) = pool.as_ref() else { return };
                let kind = match state.with_plan(kind) {
                    Ok(kind) => kind,
                    Err(text) => {
                        state.dispatch(Action::Notify(Notice { error: true, text }));
                        return;
                    }
                };
                match state.job_spec(&kind) {
                    Ok(spec) => {
                        let job = pool.start(spec);
                        state.dispatch(Action::RunStarted { job, kind });
                    }
                    Err(text) => state.dispatch(Action::Notify(Notice { error: true, text })),
                }
            })
        };
        let cancel = {
            let dispatcher = state.dispatcher();
            let pool = pool.clone();
            Callback::from(move |_| {
                if let Some(pool) = pool.as_ref() {
                    pool.cancel();
                }
                dispatcher.dispatch(Action::RunCancelled);
            })
        };
        RunActions { run, cancel }
    };

    // An optimisation runs batch by batch: a finished batch goes back to
    // its search once, and the next batch runs, whichever view is shown.
    {
        let run = actions.run.clone();
        let dispatcher = state.dispatcher();
        let outcome = state.optimise.clone();
        let job = outcome
            .as_ref()
            .map(|o| (o.snapshot.job, o.snapshot.finished));
        use_effect_with(job, move |_| {
            if let Some(outcome) = outcome.filter(|o| o.snapshot.finished)
                && let JobKind::Optimise(spec) = &outcome.kind
                && let Some(search) = &spec.search
                && spec.accepted.get() != outcome.snapshot.job
            {
                spec.accepted.set(outcome.snapshot.job);
                let values: Vec<Vec<_>> = outcome
                    .snapshot
                    .results
                    .iter()
                    .map(|variant| variant.iter().map(|r| r.kpis.clone()).collect())
                    .collect();
                let more = {
                    let mut search = search.borrow_mut();
                    search.accept(&values);
                    // A cancelled search takes nothing and goes no further.
                    !search.is_done() && !search.is_cancelled()
                };
                dispatcher.dispatch(Action::OptimiseBatchTaken);
                if more {
                    run.emit(JobKind::Optimise(spec.clone()));
                }
            }
        });
    }

    // Presenting, stepping to a scenario that has no results yet runs it,
    // so the room never looks at an empty page. Only when nothing else
    // runs and the workers are ready, and once per scenario per
    // presentation: a run the presenter cancelled, or one that failed, is
    // not started again behind their back.
    let auto_ran = use_mut_ref(std::collections::BTreeSet::<String>::new);
    if !state.presenting {
        auto_ran.borrow_mut().clear();
    }
    {
        let auto_ran = auto_ran.clone();
        let selected = state.workspace.selected.clone();
        let has_results = selected
            .as_ref()
            .is_some_and(|id| state.results.contains_key(id));
        let idle = matches!(state.run, RunStatus::Idle);
        let ready = matches!(state.worker, WorkerStatus::Ready { .. });
        let run = actions.run.clone();
        use_effect_with(
            (state.presenting, selected, has_results, idle, ready),
            move |(presenting, selected, has_results, idle, ready)| {
                if *presenting
                    && !*has_results
                    && *idle
                    && *ready
                    && let Some(id) = selected.clone()
                    && auto_ran.borrow_mut().insert(id.clone())
                {
                    run.emit(JobKind::Single(id));
                }
            },
        );
    }

    let lang = state.lang;
    let toggle = |action: Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()))
    };

    // The link moves focus itself: following `#run-primary` would only
    // scroll, and leave focus at the top of the page.
    // On a narrow screen Run is in the results pane: show it first.
    let skip_to_run = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            dispatcher.dispatch(Action::SetPane(Pane::Results));
            browser::focus_element_soon(RUN_BUTTON_ID);
        })
    };
    // Run in the header, within five Tab stops of the page top (issue
    // 12.7: the view's own Run button comes after the library and the
    // editor in reading order). It presses the visible view's Run button,
    // as Ctrl+Enter does, so what runs is what that button would run.
    let on_header_run = Callback::from(|_: MouseEvent| browser::commit_and_click(RUN_BUTTON_ID));
    let header_run_disabled = matches!(state.run, RunStatus::Running { .. })
        || !matches!(state.worker, WorkerStatus::Ready { .. });
    let pane_button = |pane: Pane, label: Text, testid: &'static str| {
        let dispatcher = state.dispatcher();
        let pressed = state.pane == pane;
        let onclick =
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::SetPane(pane)));
        html! {
            <button type="button" class={classes!("tool-button", pressed.then_some("current"))}
                aria-pressed={pressed.to_string()} data-testid={testid} {onclick}>{ lang.text(label) }</button>
        }
    };

    let on_present = {
        let dispatcher = state.dispatcher();
        let presenting = state.presenting;
        Callback::from(move |_: MouseEvent| {
            set_full_screen(!presenting);
            dispatcher.dispatch(Action::TogglePresenting);
        })
    };

    html! {
        <div class={classes!("app", state.presenting.then_some("presenting"))}>
            <a class="skip-link" href={format!("#{RUN_BUTTON_ID}")} data-testid="skip-to-run" onclick={skip_to_run}>
                { lang.text(Text::SkipToRun) }
            </a>
            <header class="app-header">
                <div class="brand">
                    <h1 class="brand-name">{ "orgflow" }</h1>
                    <p class="brand-tagline">{ lang.text(Text::Tagline) }</p>
                </div>
                <div class="header-tools">
                    <button type="button" class="primary-button" data-testid="header-run"
                        title={lang.text(Text::RunShortcutHint)} disabled={header_run_disabled}
                        onclick={on_header_run}>
                        { lang.text(Text::Run) }
                    </button>
                    <WorkerBadge lang={lang} status={state.worker.clone()} />
                    if state.unsaved {
                        <span class="badge badge-error" role="status" data-testid="unsaved">{ lang.text(Text::NotSaved) }</span>
                    }
                    if state.storage_percent >= persist::WARN_PERCENT {
                        <span class="badge badge-pending" role="status" data-testid="storage-warning"
                            title={lang.text(Text::StorageFillingHint)}>
                            { format!("{} {} %", lang.text(Text::StorageFilling), state.storage_percent) }
                        </span>
                    }
                    <button type="button" class="tool-button" data-testid="present-toggle"
                        aria-pressed={state.presenting.to_string()} title={lang.text(Text::PresentHint)}
                        onclick={on_present}>
                        { lang.text(if state.presenting { Text::PresentExit } else { Text::Present }) }
                    </button>
                    <button type="button" class="tool-button" data-testid="theme-toggle"
                        title={lang.text(Text::ThemeHint)} onclick={toggle(Action::ToggleTheme)}>
                        { lang.text(state.theme.switch_label()) }
                    </button>
                    <button type="button" class="tool-button" data-testid="lang-toggle"
                        lang={lang.toggled().tag()} title={lang.text(Text::SwitchLanguageHint)}
                        onclick={toggle(Action::ToggleLanguage)}>
                        { lang.text(Text::SwitchLanguage) }
                    </button>
                </div>
            </header>
            <ContextProvider<Store> context={state.clone()}>
                <NoticeBar />
                <nav class="pane-switch" aria-label={lang.text(Text::PaneSwitchLabel)}>
                    { pane_button(Pane::Editor, Text::PaneEditor, "pane-editor") }
                    { pane_button(Pane::Results, Text::PaneResults, "pane-results") }
                </nav>
                <main class={classes!("workspace", match state.pane { Pane::Editor => "pane-editor", Pane::Results => "pane-results" })}>
                    <LibraryPanel />
                    <EditorPanel />
                    <ResultsPanel actions={actions} />
                </main>
            </ContextProvider<Store>>
            <footer class="app-footer">
                <span>{ lang.text(Text::PrivacyNote) }</span>
                <a href="orgflow-offline.tar.gz" download="orgflow-offline.tar.gz" data-testid="offline-archive"
                    title={lang.text(Text::OfflineArchiveHint)}>{ lang.text(Text::OfflineArchive) }</a>
                <span data-testid="app-version">{ format!("{} {VERSION}", lang.text(Text::Version)) }</span>
            </footer>
        </div>
    }
}

/// Enters or leaves full screen. Browsers may refuse (no user gesture,
/// policy); presentation mode then simply stays in the window.
fn set_full_screen(on: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if on {
        if let Some(root) = document.document_element() {
            let _ = root.request_fullscreen();
        }
    } else if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    }
}

/// The action a key press stands for, if any.
fn shortcut(event: &KeyboardEvent, presenting: bool) -> Option<Action> {
    // A widget already used the key (a tab list's arrow keys).
    if event.default_prevented() {
        return None;
    }
    let in_text_field = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    if in_text_field {
        return None;
    }
    let key = event.key();
    let command = event.ctrl_key() || event.meta_key();
    match key.as_str() {
        "z" | "Z" if command && event.shift_key() => Some(Action::Redo),
        "z" | "Z" if command => Some(Action::Undo),
        "y" | "Y" if command => Some(Action::Redo),
        "ArrowRight" | "ArrowDown" | "PageDown" if presenting => Some(Action::Step(1)),
        "ArrowLeft" | "ArrowUp" | "PageUp" if presenting => Some(Action::Step(-1)),
        "Escape" if presenting => Some(Action::TogglePresenting),
        _ => None,
    }
}

/// The message line under the header: errors (data-testid="error-message")
/// and confirmations, dismissible.
#[function_component]
fn NoticeBar() -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let Some(notice) = state.notice.clone() else {
        return html! {};
    };
    let lang = state.lang;
    let dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::DismissNotice))
    };
    let (class, testid, role) = if notice.error {
        ("notice notice-error", "error-message", "alert")
    } else {
        ("notice notice-info", "info-message", "status")
    };
    html! {
        <div class={class} role={role} data-testid={testid}>
            <span>{ notice.text }</span>
            <button type="button" class="tool-button" onclick={dismiss}>{ lang.text(Text::Dismiss) }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct WorkerBadgeProps {
    lang: Lang,
    status: WorkerStatus,
}

/// Shows whether the simulation workers answered the version handshake.
#[function_component]
fn WorkerBadge(props: &WorkerBadgeProps) -> Html {
    let lang = props.lang;
    let (class, text, detail) = match &props.status {
        WorkerStatus::Starting => (
            "badge badge-pending",
            lang.text(Text::WorkerStarting),
            String::new(),
        ),
        WorkerStatus::Ready { version, ready, of } if version == VERSION => (
            "badge badge-ok",
            lang.text(Text::WorkerReady),
            format!(" · {ready}/{of} · v{version}"),
        ),
        WorkerStatus::Ready { version, .. } => (
            "badge badge-error",
            lang.text(Text::WorkerVersionMismatch),
            format!(" · v{version} ≠ v{VERSION}"),
        ),
        WorkerStatus::Failed { reason } => (
            "badge badge-error",
            lang.text(Text::WorkerFailed),
            format!(": {reason}"),
        ),
    };
    html! {
        <span class={class} role="status" aria-live="polite" data-testid="worker-status">
            { text }{ detail }
        </span>
    }
}
