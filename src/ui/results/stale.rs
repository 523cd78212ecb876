//! How out-of-date results say so: a notice above them, and a mark in the
//! names of files exported from them.

use yew::prelude::*;

use crate::i18n::{Lang, Text};

/// The file-name mark of exports made from out-of-date results, so a file
/// passed round after the workshop cannot pass for the final numbers.
pub fn stale_suffix(stale: bool) -> &'static str {
    if stale { "-outdated" } else { "" }
}

#[derive(Properties, PartialEq)]
pub struct StaleProps {
    pub lang: Lang,
    pub stale: bool,
}

/// "Changed since this run — run again", above results that no longer
/// match the scenario (or the run settings) they are shown beside.
#[function_component]
pub fn StaleNotice(props: &StaleProps) -> Html {
    if !props.stale {
        return html! {};
    }
    html! {
        <p class="notice notice-warning stale-notice" role="status" data-testid="results-stale">
            { props.lang.text(Text::ResultsStale) }
        </p>
    }
}
