//! The run button of a view, Cancel while its job runs, and progress with
//! the time left (every view has one; the visible one is the one the skip
//! link, the header's Run and Ctrl+Enter press).

use std::rc::Rc;

use yew::prelude::*;

use crate::display;
use crate::i18n::Text;
use crate::ui::state::{JobKind, RunActions, RunStatus, use_store};
use crate::ui::workers::runner::Snapshot;

/// The id of the visible view's run button (one view shows at a time): the
/// skip link and Ctrl+Enter reach it.
pub const RUN_BUTTON_ID: &str = "run-primary";

#[derive(Properties, PartialEq)]
pub struct RunBarProps {
    pub actions: RunActions,
    pub kind: Option<JobKind>,
    pub label: Text,
    pub testid: &'static str,
    pub snapshot: Option<Rc<Snapshot>>,
}

/// The run button, Cancel while running, and progress with time left.
#[function_component]
pub fn RunBar(props: &RunBarProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let running = matches!(state.run, RunStatus::Running { .. });
    let ready = matches!(state.worker, crate::ui::state::WorkerStatus::Ready { .. });
    let on_run = {
        let run = props.actions.run.clone();
        let kind = props.kind.clone();
        Callback::from(move |_| {
            if let Some(kind) = kind.clone() {
                run.emit(kind);
            }
        })
    };
    let on_cancel = {
        let cancel = props.actions.cancel.clone();
        Callback::from(move |_| cancel.emit(()))
    };
    let progress = props.snapshot.as_ref().filter(|_| running).map(|s| {
        let left = s.remaining_ms().map(|ms| format!(" · {} {}", lang.text(Text::TimeLeft), display::time_left(ms, lang)));
        html! {
            <div class="progress" data-testid="progress" role="status">
                <progress max={s.total.to_string()} value={s.done.to_string()} />
                <span>{ format!("{}/{} {}{}", s.done, s.total, lang.text(Text::ReplicationsDone), left.unwrap_or_default()) }</span>
            </div>
        }
    });
    html! {
        <div class="run-bar">
            <button type="button" class="primary-button" data-testid={props.testid} id={RUN_BUTTON_ID}
                title={lang.text(Text::RunShortcutHint)}
                disabled={running || !ready || props.kind.is_none()} onclick={on_run}>
                { lang.text(props.label) }
            </button>
            if running {
                <button type="button" class="tool-button danger" data-testid="cancel-button" onclick={on_cancel}>
                    { lang.text(Text::Cancel) }
                </button>
                { progress.unwrap_or_else(|| html! {
                    <div class="progress" data-testid="progress" role="status"><progress /><span>{ lang.text(Text::Starting) }</span></div>
                }) }
            }
            if let RunStatus::Failed { reason } = &state.run {
                <p class="notice notice-error" role="alert" data-testid="error-message">{ format!("{} {reason}", lang.text(Text::RunFailed)) }</p>
            }
        </div>
    }
}
