//! The Shifts tab's picture of the week: one row per weekday, one cell per
//! half hour, darker where more people serve and grey where the unit is
//! closed (`document::week`, read from the validated scenario with the
//! engine's rules). A scenario the validator refuses draws no picture; its
//! message is already at the field.

use std::rc::Rc;

use yew::prelude::*;

use crate::display;
use crate::document::week::{SLOT_MINUTES, SLOTS, Week};
use crate::i18n::Text;
use crate::scenario::validate::clock_text;
use crate::scenario::vocab::Weekday;
use crate::ui::state::use_store;

/// Shades of a cell: 0 for the fewest people at work, 4 for the most (a
/// class each, since the page's content security policy allows no inline
/// style).
fn level(n: u32, low: u32, high: u32) -> u32 {
    if high > low {
        (4 * (n - low) + (high - low) / 2) / (high - low)
    } else {
        4
    }
}

#[derive(Properties, PartialEq)]
pub struct WeekGridProps {
    pub doc_id: AttrValue,
    /// The unit's index in `units`.
    pub index: usize,
}

#[function_component]
pub fn WeekGrid(props: &WeekGridProps) -> Html {
    let store = use_store();
    let json = store
        .as_ref()
        .and_then(|s| s.workspace.get(&props.doc_id))
        .map(|d| d.json.clone())
        .unwrap_or_default();
    // Validated once per version of the file, not on every render.
    let week = use_memo((json, props.index), |(json, index)| {
        crate::scenario::load(json)
            .ok()
            .and_then(|model| model.units.get(*index).map(|u| Rc::new(Week::of(u))))
    });
    let (Some(state), Some(week)) = (store, (*week).clone()) else {
        return Html::default();
    };
    let lang = state.lang;
    let Some((low, high)) = week.range() else {
        return html! { <p class="hint" data-testid="shift-week-closed">{ lang.text(Text::WeekNeverOpen) }</p> };
    };
    let caption = format!(
        "{} {}–{} {} · {} {}",
        lang.text(Text::WeekCaption),
        low,
        high,
        lang.text(Text::WeekPeople),
        display::number(week.person_hours(), 0),
        lang.text(Text::WeekPersonHours),
    );
    let clock = |slot: usize| clock_text(slot as u64 * SLOT_MINUTES);
    html! {
        <figure class="week-grid" data-testid="shift-week" data-low={low.to_string()} data-high={high.to_string()}
            data-person-hours={week.person_hours().to_string()}>
            <figcaption>{ caption }</figcaption>
            <div class="week-rows" aria-hidden="true">
                { for Weekday::ALL.iter().map(|day| {
                    let row = &week.cells[day.index()];
                    let name = lang.text(day.label());
                    html! {
                        <div class="week-row" data-day={day.key()}>
                            <span class="week-day">{ name }</span>
                            <span class="week-cells">
                                { for row.iter().enumerate().map(|(s, cell)| match cell {
                                    Some(n) => html! {
                                        <span class={classes!("week-cell", format!("level-{}", level(*n, low, high)))} data-people={n.to_string()}
                                            title={format!("{name} {}–{}: {n}", clock(s), clock(s + 1))} />
                                    },
                                    None => html! {
                                        <span class="week-cell closed" title={format!("{name} {}–{}: {}", clock(s), clock(s + 1), lang.text(Text::WeekClosed))} />
                                    },
                                }) }
                            </span>
                        </div>
                    }
                }) }
                <div class="week-row week-axis">
                    <span class="week-day"></span>
                    <span class="week-cells">
                        { for (0..SLOTS).step_by(12).map(|s| html! { <span class="week-tick">{ clock(s) }</span> }) }
                    </span>
                </div>
            </div>
            <p class="hint">{ lang.text(Text::WeekLegend) }</p>
        </figure>
    }
}
