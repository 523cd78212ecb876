//! App state and its reducer: the only place state changes.

use std::rc::Rc;

use yew::Reducible;

use crate::i18n::{Lang, Text};

/// Colour theme; both are designed for projectors as well as screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// The value stored and set as `data-theme` on `<html>`.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_name(name: &str) -> Option<Theme> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn toggled(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// Label of the theme switch: names the theme it switches to.
    pub fn switch_label(self) -> Text {
        match self {
            Theme::Light => Text::ThemeDark,
            Theme::Dark => Text::ThemeLight,
        }
    }
}

/// Where the simulation worker stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkerStatus {
    Starting,
    Ready { version: String },
    Failed { reason: String },
}

/// Everything the app shows, owned by one reducer.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub theme: Theme,
    pub worker: WorkerStatus,
}

/// Every way the state can change.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    ToggleLanguage,
    ToggleTheme,
    WorkerReady { version: String },
    WorkerFailed { reason: String },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::ToggleLanguage => next.lang = next.lang.toggled(),
            Action::ToggleTheme => next.theme = next.theme.toggled(),
            Action::WorkerReady { version } => next.worker = WorkerStatus::Ready { version },
            Action::WorkerFailed { reason } => next.worker = WorkerStatus::Failed { reason },
        }
        Rc::new(next)
    }
}
