//! The lead source details form: the link and entry unit, an own grade mix,
//! the hour-of-day and weekday arrival profiles and campaigns, for one
//! source at a time.

use serde_json::Value;
use yew::prelude::*;

use crate::document::edits;
use crate::document::pointer::escape;
use crate::i18n::Text;
use crate::scenario::vocab::Weekday;
use crate::ui::forms::fields::{
    FieldErrors, NumberField, Picker, ScenarioFormProps, SelectField, checkbox_setter, click_edit,
    index_options, name_options, number_setter, text_setter,
};
use crate::ui::state::{Store, use_store};
use crate::ui::widgets::tabs::{Tab, Tabs, panel_id, tab_id};

#[function_component]
pub fn SourceForm(props: &ScenarioFormProps) -> Html {
    let Some(state) = use_store() else {
        return Html::default();
    };
    let tab = use_state(|| 0usize);
    let picked = use_state(|| 0usize);
    let state = &state;
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    let sources: Vec<Value> = props.value["sources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if sources.is_empty() {
        return html! {};
    }
    let index = (*picked).min(sources.len() - 1);
    let source = &sources[index];
    let names = edits::names(&props.value, "/sources");
    let name = names.get(index).cloned().unwrap_or_default();
    let base = format!("/sources/{index}");
    let on_number = number_setter(state, &doc_id);
    let on_text = text_setter(state, &doc_id);

    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |choice: String| {
            if let Ok(i) = choice.parse::<usize>() {
                picked.set(i);
            }
        })
    };
    let toggle = |edit: fn(&mut Value, usize, bool) -> bool| {
        checkbox_setter(state, &doc_id, move |value, checked| {
            edit(value, index, checked)
        })
    };

    let tabs = vec![
        Tab {
            key: "link",
            label: lang.text(Text::TabSourceLink).to_string(),
            testid: "source-tab-link".into(),
        },
        Tab {
            key: "hourly",
            label: lang.text(Text::TabHourly).to_string(),
            testid: "source-tab-hourly".into(),
        },
        Tab {
            key: "weekly",
            label: lang.text(Text::TabWeekly).to_string(),
            testid: "source-tab-weekly".into(),
        },
        Tab {
            key: "campaigns",
            label: lang.text(Text::TabCampaigns).to_string(),
            testid: "source-tab-campaigns".into(),
        },
    ];
    let selected = (*tab).min(tabs.len() - 1);
    let selected_key = tabs[selected].key;
    let on_tab = {
        let tab = tab.clone();
        Callback::from(move |i: usize| tab.set(i))
    };

    let profile = |field: &'static str, switch: Text, labels: Vec<String>| -> Html {
        let pointer = format!("{base}/{field}");
        let weights = source.get(field).and_then(Value::as_array);
        let on_toggle = checkbox_setter(state, &doc_id, move |value, checked| {
            edits::set_profile(value, index, field, checked)
        });
        html! {
            <>
                <label class="checkbox">
                    <input type="checkbox" data-testid={format!("source-{field}")} checked={weights.is_some()} onchange={on_toggle} />
                    { lang.text(switch) }
                </label>
                if let Some(weights) = weights {
                    <div class="profile-grid" data-testid={format!("source-{field}-grid")}>
                        { for labels.iter().enumerate().map(|(i, label)| html! {
                            <label class="profile-cell">
                                <span>{ label.clone() }</span>
                                <NumberField pointer={format!("{pointer}/{i}")} label={format!("{name} · {label}")}
                                    value={weights.get(i).and_then(Value::as_f64)} errors={props.errors.clone()} {lang}
                                    on_set={on_number.clone()} />
                            </label>
                        }) }
                    </div>
                    <p class="hint">{ lang.text(Text::ProfileHint) }</p>
                }
                <FieldErrors path={crate::document::pointer::pointer_to_path(&pointer)} errors={props.errors.clone()} {lang} />
            </>
        }
    };

    let panel = match selected {
        0 => {
            let links = edits::names(&props.value, "/links");
            let units = edits::names(&props.value, "/units");
            let grades = edits::names(&props.value, "/grades");
            let mix = source.get("grade_mix_percent").and_then(Value::as_object);
            html! {
                <>
                    <div class="field-row">
                        if !links.is_empty() || source.get("link").is_some() {
                            <label class="field compact">
                                <span>{ lang.text(Text::Link) }</span>
                                <SelectField pointer={format!("{base}/link")} label={format!("{name} · {}", lang.text(Text::Link))}
                                    value={source["link"].as_str().unwrap_or_default().to_string()} options={name_options(&links)}
                                    none={lang.text(Text::NoneOption)} errors={props.errors.clone()} {lang} on_set={on_text.clone()}
                                    testid="source-link" />
                            </label>
                        }
                        <label class="field compact">
                            <span>{ lang.text(Text::EntryUnit) }</span>
                            <SelectField pointer={format!("{base}/entry_unit")} label={format!("{name} · {}", lang.text(Text::EntryUnit))}
                                value={source["entry_unit"].as_str().unwrap_or_default().to_string()} options={name_options(&units)}
                                none={lang.text(Text::NoneOption)} errors={props.errors.clone()} {lang} on_set={on_text.clone()}
                                testid="source-entry-unit" />
                        </label>
                    </div>
                    <label class="checkbox">
                        <input type="checkbox" data-testid="source-grade-mix" checked={mix.is_some()} onchange={toggle(edits::set_grade_mix)} />
                        { lang.text(Text::OwnGradeMix) }
                    </label>
                    if let Some(mix) = mix {
                        <div class="profile-grid">
                            { for grades.iter().map(|grade| html! {
                                <label class="profile-cell">
                                    <span>{ grade.clone() }</span>
                                    <NumberField pointer={format!("{base}/grade_mix_percent/{}", escape(grade))}
                                        label={format!("{name} · {grade} %")} value={mix.get(grade).and_then(Value::as_f64)}
                                        errors={props.errors.clone()} {lang} on_set={on_number.clone()} />
                                </label>
                            }) }
                        </div>
                        <FieldErrors path={format!("sources[{index}].grade_mix_percent")} errors={props.errors.clone()} {lang} />
                    }
                </>
            }
        }
        1 => profile(
            "hourly_profile",
            Text::HourlyProfileOn,
            (0..24).map(|h| format!("{h:02}:00")).collect(),
        ),
        2 => profile(
            "weekday_profile",
            Text::WeekdayProfileOn,
            Weekday::ALL
                .iter()
                .map(|d| lang.text(d.label()).to_string())
                .collect(),
        ),
        _ => campaigns_panel(props, state, index, source, &name, &on_number),
    };

    html! {
        <section class="detail-form" data-testid="source-form" aria-labelledby="source-form-heading">
            <h3 id="source-form-heading">{ format!("{} · {name}", lang.text(Text::SourceDetails)) }</h3>
            <label class="field compact">
                <span>{ lang.text(Text::SourceToEdit) }</span>
                <Picker label={lang.text(Text::SourceToEdit)} value={index.to_string()} options={index_options(&names)}
                    on_pick={on_pick} testid="source-picker" />
            </label>
            <Tabs id="source-tabs" label={lang.text(Text::SourceTabsLabel)} {tabs} {selected} on_select={on_tab} />
            <div class="tab-panel" role="tabpanel" id={panel_id("source-tabs")} aria-labelledby={tab_id("source-tabs", selected_key)}
                data-testid="source-panel">
                { panel }
            </div>
        </section>
    }
}

fn campaigns_panel(
    props: &ScenarioFormProps,
    state: &Store,
    index: usize,
    source: &Value,
    name: &str,
    on_number: &Callback<(String, Option<f64>)>,
) -> Html {
    let lang = state.lang;
    let doc_id = props.doc_id.to_string();
    let campaigns: Vec<Value> = source["campaigns"].as_array().cloned().unwrap_or_default();
    let on_add = click_edit(state, &doc_id, move |value| {
        edits::add_campaign(value, index)
    });
    let on_remove = |c: usize| {
        click_edit(state, &doc_id, move |value| {
            edits::remove_campaign(value, index, c)
        })
    };
    let fields = [
        ("start_day", Text::StartDay),
        ("end_day", Text::EndDay),
        ("multiplier", Text::Multiplier),
    ];
    html! {
        <>
            <p class="hint">{ lang.text(Text::CampaignsHint) }</p>
            if campaigns.is_empty() {
                <p class="hint">{ lang.text(Text::NoCampaigns) }</p>
            } else {
                <table class="form-table" data-testid="campaigns-table">
                    <caption>{ format!("{} · {name}", lang.text(Text::TabCampaigns)) }</caption>
                    <thead><tr>
                        { for fields.iter().map(|(_, text)| html! { <th scope="col">{ lang.text(*text) }</th> }) }
                        <th scope="col">{ lang.text(Text::Actions) }</th>
                    </tr></thead>
                    <tbody>
                    { for campaigns.iter().enumerate().map(|(c, campaign)| html! {
                        <tr>
                            { for fields.iter().map(|(field, text)| html! {
                                <td>
                                    <NumberField pointer={format!("/sources/{index}/campaigns/{c}/{field}")}
                                        label={format!("{name} · {} {} · {}", lang.text(Text::TabCampaigns), c + 1, lang.text(*text))}
                                        value={campaign[*field].as_f64()} errors={props.errors.clone()} {lang}
                                        on_set={on_number.clone()} testid={format!("campaign-{c}-{field}")} />
                                </td>
                            }) }
                            <td>
                                <button type="button" class="tool-button small danger" data-testid={format!("campaign-{c}-remove")}
                                    aria-label={format!("{} · {} {}", lang.text(Text::Remove), lang.text(Text::TabCampaigns), c + 1)}
                                    onclick={on_remove(c)}>
                                    { lang.text(Text::Remove) }
                                </button>
                                <FieldErrors path={format!("sources[{index}].campaigns[{c}]")} errors={props.errors.clone()} {lang} />
                            </td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            <FieldErrors path={format!("sources[{index}].campaigns")} errors={props.errors.clone()} {lang} />
            <div class="button-row">
                <button type="button" class="tool-button" data-testid="add-campaign" onclick={on_add}>{ lang.text(Text::AddCampaign) }</button>
            </div>
        </>
    }
}
