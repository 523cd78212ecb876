//! The unit form's shifts tab: the blocks of the week in which a unit has
//! another headcount than its base one (`units[i].shifts`), each with its
//! weekdays, start and end time and headcount, added and removed here.
//! Every change is one edit of [`crate::document::edits`]; a block the
//! validator refuses (ends before it starts, overlaps another) stays as
//! typed and shows the validator's words at the block.

use serde_json::Value;
use yew::prelude::*;

use crate::document::edits;
use crate::i18n::Text;
use crate::scenario::vocab::Weekday;
use crate::ui::forms::fields::{
    Errors, FieldErrors, NumberField, TextField, checkbox_setter, click_edit, day_checks,
    number_setter, text_setter,
};
use crate::ui::forms::week_grid::WeekGrid;
use crate::ui::state::use_store;

#[derive(Properties, PartialEq)]
pub struct ShiftsPanelProps {
    pub doc_id: AttrValue,
    /// The unit's index in `units`.
    pub index: usize,
    /// The unit as written.
    pub unit: Value,
    pub errors: Errors,
}

#[function_component]
pub fn ShiftsPanel(props: &ShiftsPanelProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let state = &state;
    let lang = state.lang;
    let index = props.index;
    let doc_id = props.doc_id.to_string();
    let unit = &props.unit;
    let name = unit["name"].as_str().unwrap_or_default();
    let blocks: Vec<Value> = unit["shifts"].as_array().cloned().unwrap_or_default();
    // A committee meets on its cadence: it gets no new block, but blocks
    // already in the file stay visible (with the validator's message) so
    // they can be removed.
    let committee = unit.get("committee").is_some();
    let base = unit["headcount"]
        .as_u64()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let on_number = number_setter(state, &doc_id);
    let on_text = text_setter(state, &doc_id);
    let on_add = click_edit(state, &doc_id, move |value| edits::add_shift(value, index));
    let on_remove = |block: usize| {
        click_edit(state, &doc_id, move |value| {
            edits::remove_shift(value, index, block)
        })
    };
    let on_day = |block: usize, day: Weekday| {
        checkbox_setter(state, &doc_id, move |value, on| {
            edits::set_shift_day(value, index, block, day, on)
        })
    };
    let block = |j: usize, spec: &Value| -> Html {
        let legend = lang
            .text(Text::ShiftBlock)
            .replace("{n}", &(j + 1).to_string());
        let pointer = format!("/units/{index}/shifts/{j}");
        let path = format!("units[{index}].shifts[{j}]");
        // The block's own messages (from after to, an overlap) concern its
        // clock fields, which point at them.
        let block_errors = format!("shift-{index}-{j}-errors");
        let days: Vec<&str> = spec["days"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let clock = |field: &str, text: Text| -> Html {
            html! {
                <label class="field compact">
                    <span>{ lang.text(text) }</span>
                    <TextField pointer={format!("{pointer}/{field}")} label={format!("{name} · {legend} · {}", lang.text(text))}
                        value={spec[field].as_str().unwrap_or_default().to_string()} errors={props.errors.clone()} {lang}
                        on_set={on_text.clone()} placeholder={"HH:MM"} class={"clock"} testid={format!("shift-{j}-{field}")}
                        also={(AttrValue::from(path.clone()), AttrValue::from(block_errors.clone()))} />
                </label>
            }
        };
        html! {
            <fieldset class="dist shift" data-testid={format!("shift-{j}")}>
                <legend>{ legend.clone() }</legend>
                <fieldset class="checks shift-days">
                    <legend class="visually-hidden">{ format!("{name} · {legend} · {}", lang.text(Text::ShiftDays)) }</legend>
                    { day_checks(lang, &days, &format!("shift-{j}-day"), |day| on_day(j, day)) }
                    <FieldErrors path={format!("{path}.days")} errors={props.errors.clone()} {lang} />
                </fieldset>
                { clock("from", Text::ShiftFrom) }
                { clock("to", Text::ShiftTo) }
                <label class="field compact">
                    <span>{ lang.text(Text::Headcount) }</span>
                    <NumberField pointer={format!("{pointer}/headcount")} label={format!("{name} · {legend} · {}", lang.text(Text::Headcount))}
                        value={spec["headcount"].as_f64()} errors={props.errors.clone()} {lang} on_set={on_number.clone()}
                        testid={format!("shift-{j}-headcount")} />
                </label>
                <button type="button" class="tool-button small danger" data-testid={format!("shift-{j}-remove")}
                    aria-label={format!("{} · {name} · {legend}", lang.text(Text::Remove))} onclick={on_remove(j)}>
                    { lang.text(Text::Remove) }
                </button>
                <FieldErrors path={path.clone()} errors={props.errors.clone()} {lang} id={AttrValue::from(block_errors.clone())} />
            </fieldset>
        }
    };
    html! {
        <>
            <p class="hint">{ lang.text(Text::ShiftsHint).replace("{headcount}", &base) }</p>
            if committee {
                <p class="hint" data-testid="shifts-committee">{ lang.text(Text::CommitteeNoShifts) }</p>
            }
            if blocks.is_empty() {
                <p class="hint" data-testid="no-shifts">{ lang.text(Text::NoShifts) }</p>
            } else {
                <div class="shift-list" data-testid="shifts">
                    { for blocks.iter().enumerate().map(|(j, spec)| block(j, spec)) }
                </div>
                <p class="hint">{ lang.text(Text::ShiftClockHint) }</p>
            }
            <FieldErrors path={format!("units[{index}].shifts")} errors={props.errors.clone()} {lang} />
            <div class="button-row">
                <button type="button" class="tool-button" data-testid="add-shift" disabled={committee} onclick={on_add}>
                    { lang.text(Text::AddShift) }
                </button>
            </div>
            if !committee {
                <WeekGrid doc_id={props.doc_id.clone()} {index} />
            }
        </>
    }
}
