//! A chart as an image with its SVG and PNG export (every view's charts).

use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::results::figures::Figure;
use crate::ui::results::stale::stale_suffix;
use crate::ui::state::{Action, Notice, use_store};
use crate::ui::widgets::browser;

#[derive(Properties, PartialEq)]
pub struct FigureProps {
    pub lang: Lang,
    pub figure: Figure,
    pub stale: bool,
}

/// A chart as an image (an `<img>` cannot run scripts), with SVG and PNG
/// export.
#[function_component]
pub fn FigureView(props: &FigureProps) -> Html {
    let lang = props.lang;
    let figure = &props.figure;
    // An exported chart of out-of-date results says so in its file name.
    let file = format!("{}{}", figure.file, stale_suffix(props.stale));
    // A refused download is said in the notice bar, like every export.
    let state = use_store();
    let svg_click = {
        let figure = figure.clone();
        let file = file.clone();
        let state = state.clone();
        Callback::from(move |_| {
            if let Some(state) = &state {
                browser::download_or_say(
                    state,
                    &format!("{file}.svg"),
                    "image/svg+xml",
                    figure.svg.as_bytes(),
                );
            }
        })
    };
    let png_click = {
        let figure = figure.clone();
        Callback::from(move |_| {
            let figure = figure.clone();
            let name = format!("{file}.png");
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let done = browser::download_svg_as_png(
                    name,
                    figure.svg.clone(),
                    figure.width,
                    figure.height,
                    2.0,
                )
                .await;
                if let (Err(reason), Some(state)) = (done, state) {
                    state.dispatch(Action::Notify(Notice {
                        error: true,
                        text: format!("{} {reason}", state.lang.text(Text::ExportFailed)),
                    }));
                }
            });
        })
    };
    html! {
        <figure class="chart" data-testid={format!("chart-{}", figure.file)}>
            <img src={browser::svg_data_url(&figure.svg)} alt={figure.title.clone()} width={figure.width.to_string()} height={figure.height.to_string()} />
            <figcaption>
                <span>{ figure.title.clone() }</span>
                if props.stale { <span class="badge badge-stale" data-testid="chart-stale">{ lang.text(Text::StaleBadge) }</span> }
                <span class="button-row">
                    <button type="button" class="tool-button small" data-testid={format!("export-svg-{}", figure.file)} onclick={svg_click}>{ lang.text(Text::ExportSvg) }</button>
                    <button type="button" class="tool-button small" data-testid={format!("export-png-{}", figure.file)} onclick={png_click}>{ lang.text(Text::ExportPng) }</button>
                </span>
            </figcaption>
        </figure>
    }
}
