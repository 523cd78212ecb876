//! The workshop report: one self-contained HTML file a consultant prints to
//! PDF or mails after the session (issue 12.6), with each scenario's
//! organisation diagram, description and assumptions, every KPI with its
//! interval, the comparison with its verdicts, and the charts.
//!
//! Everything a user typed (names, assumptions, sources) is escaped; charts
//! are embedded as images (`data:` SVG), which cannot run scripts; the file
//! carries a Content-Security-Policy that allows nothing but its own inline
//! style and those images, so a report opened from a mail runs no code.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::verdict::{Verdict, threshold};
use super::{Comparison, Kpi, Report};
use crate::display;
use crate::document::notes::Notes;
use crate::document::org_layout::{BOX_H, BOX_W, HEADING_Y, OrgLayout, Shape};
use crate::i18n::{Lang, Text};

/// A chart already drawn, as the app shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub title: String,
    pub svg: String,
}

/// One scenario of the report.
#[derive(Clone, Debug)]
pub struct Scenario<'a> {
    pub name: String,
    pub notes: Notes,
    pub layout: OrgLayout,
    /// Its results, when it has been run.
    pub report: Option<&'a Report>,
    pub charts: Vec<Chart>,
}

/// The comparison of the report: its scenarios' names (baseline first),
/// reports and paired comparisons (none for the baseline).
#[derive(Clone, Debug)]
pub struct ComparisonPart<'a> {
    pub names: Vec<String>,
    pub reports: Vec<&'a Report>,
    pub comparisons: Vec<Option<&'a Comparison>>,
    pub charts: Vec<Chart>,
}

/// What the report holds.
#[derive(Clone, Debug)]
pub struct Workshop<'a> {
    pub title: String,
    /// When it was made, as the user's clock writes it.
    pub made: String,
    pub seed: u64,
    pub scenarios: Vec<Scenario<'a>>,
    pub comparison: Option<ComparisonPart<'a>>,
    /// The user's materiality thresholds (the comparison's verdicts).
    pub materiality: &'a BTreeMap<String, f64>,
    /// Some results shown no longer match their scenario.
    pub stale: bool,
}

/// Text made safe inside HTML elements and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;margin:2rem;color:#111;line-height:1.4}\
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #333}h3{font-size:1.1rem}\
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1rem}th,td{border:1px solid #999;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}\
td.num{text-align:right;white-space:nowrap}.better{color:#0a5}.worse{color:#c20}.muted{color:#555}\
.warning{border:2px solid #c80;padding:0.5rem;background:#fff6e0}figure{margin:1rem 0;page-break-inside:avoid}figure img{max-width:100%}\
svg.org{max-width:100%;height:auto}svg.org rect{fill:#eef3fb;stroke:#335}svg.org line{stroke:#335;stroke-width:1.5}\
svg.org line.escalation{stroke-dasharray:6 4}svg.org text{font-size:13px}svg.org .heading{font-weight:700}\
svg.org rect.org-lane{fill:#f6f7f9;stroke:none}svg.org rect.org-pool{fill:#fff;stroke:#557}svg.org .org-count{font-size:12px;fill:#333}\
svg.org path{stroke-width:2}svg.org path.org-pool-edge{stroke:#557}svg.org .link-0{stroke:#1f5fbf}svg.org .link-1{stroke:#b35c00}\
svg.org .link-2{stroke:#2b8a3e}svg.org .link-3{stroke:#8b3fb3}svg.org rect.org-link{fill:#fff;stroke-width:2}\
section.scenario{page-break-before:always}@media print{body{margin:0}}";

/// The report as one HTML document.
pub fn html(w: &Workshop, lang: Lang) -> String {
    let mut out = String::new();
    let t = |text: Text| escape(lang.text(text));
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\
         <title>{}</title><style>{STYLE}</style></head><body data-testid=\"workshop-report\">",
        lang.tag(),
        escape(&w.title)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1><p class=\"muted\">{} · {} {}</p>",
        escape(&w.title),
        escape(&w.made),
        t(Text::Seed),
        w.seed
    );
    if w.stale {
        let _ = writeln!(out, "<p class=\"warning\">{}</p>", t(Text::ResultsStale));
    }
    if let Some(c) = &w.comparison {
        comparison(&mut out, c, w.materiality, lang);
    }
    for s in &w.scenarios {
        scenario(&mut out, s, lang);
    }
    out.push_str("</body></html>\n");
    out
}

fn comparison(
    out: &mut String,
    c: &ComparisonPart,
    materiality: &BTreeMap<String, f64>,
    lang: Lang,
) {
    let t = |text: Text| escape(lang.text(text));
    let _ = write!(
        out,
        "<h2>{}</h2><p class=\"muted\">{}</p><table><thead><tr><th>{}</th>",
        t(Text::TabCompare),
        t(Text::PairedNote),
        t(Text::Kpi)
    );
    for (i, name) in c.names.iter().enumerate() {
        let baseline = if i == 0 {
            format!(" ({})", t(Text::Baseline))
        } else {
            String::new()
        };
        let _ = write!(out, "<th>{}{baseline}</th>", escape(name));
    }
    out.push_str("</tr></thead><tbody>\n");
    for &kpi in Kpi::ALL {
        let _ = write!(out, "<tr><th>{}</th>", escape(kpi.label(lang)));
        for (i, report) in c.reports.iter().enumerate() {
            let value = report
                .kpi(kpi)
                .map(|s| {
                    let half = s
                        .ci95
                        .map(|h| display::kpi_half_width(kpi, s.mean, h, lang))
                        .unwrap_or_default();
                    format!("{} {half}", display::kpi_value(kpi, s.mean, lang))
                })
                .unwrap_or_else(|| "—".into());
            let diff = c
                .comparisons
                .get(i)
                .copied()
                .flatten()
                .and_then(|comparison| comparison.differences.iter().find(|d| d.kpi == kpi))
                .map(|d| {
                    let verdict = d.verdict(threshold(kpi, materiality));
                    let words = lang.text(verdict.words());
                    let text = if verdict == Verdict::NotApplicable {
                        "—".to_string()
                    } else {
                        display::signed_difference(d, lang)
                    };
                    format!(
                        "<br><span class=\"{}\">Δ {} · {}</span>",
                        verdict.key(),
                        escape(&text),
                        escape(words)
                    )
                })
                .unwrap_or_default();
            let _ = write!(out, "<td class=\"num\">{}{diff}</td>", escape(&value));
        }
        out.push_str("</tr>\n");
    }
    // Payback of each candidate's transition cost (none for the baseline).
    let _ = write!(out, "<tr><th>{}</th>", t(Text::PaybackRow));
    for i in 0..c.reports.len() {
        let text = c.comparisons.get(i).copied().flatten().map_or_else(
            || "—".to_string(),
            |comparison| display::payback(&comparison.payback, lang),
        );
        let _ = write!(out, "<td class=\"num\">{}</td>", escape(&text));
    }
    out.push_str("</tr>\n</tbody></table>\n");
    charts(out, &c.charts);
}

fn scenario(out: &mut String, s: &Scenario, lang: Lang) {
    let t = |text: Text| escape(lang.text(text));
    let _ = writeln!(
        out,
        "<section class=\"scenario\"><h2>{}</h2>",
        escape(&s.name)
    );
    let _ = writeln!(out, "<h3>{}</h3>", t(Text::Organisation));
    org_svg(out, &s.layout, lang);
    if !s.notes.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", t(Text::DescriptionAndAssumptions));
        if !s.notes.description.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", escape(&s.notes.description));
        }
        if !s.notes.assumptions.is_empty() {
            out.push_str("<ol>\n");
            for a in &s.notes.assumptions {
                let source = if a.source.is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"muted\">— {}: {}</span>",
                        t(Text::AssumptionSource),
                        escape(&a.source)
                    )
                };
                let _ = writeln!(out, "<li>{}{source}</li>", escape(&a.text));
            }
            out.push_str("</ol>\n");
        }
    }
    match s.report {
        Some(report) => {
            let _ = writeln!(
                out,
                "<h3>{}</h3><p class=\"muted\">{} {}</p><table><thead><tr><th>{}</th><th>{}</th><th>95 %</th><th>{}</th></tr></thead><tbody>",
                t(Text::Results),
                report.replications,
                t(Text::ReplicationsDone),
                t(Text::Kpi),
                t(Text::MeanColumn),
                t(Text::SpreadColumn)
            );
            for k in &report.kpis {
                let half = display::kpi_interval(k.kpi, k.summary.mean, k.summary.ci95, lang);
                let _ = writeln!(
                    out,
                    "<tr><th>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    escape(k.kpi.label(lang)),
                    escape(&display::kpi_value(k.kpi, k.summary.mean, lang)),
                    escape(&half),
                    escape(&display::percentiles(k.kpi, &k.summary, lang))
                );
            }
            out.push_str("</tbody></table>\n");
            charts(out, &s.charts);
        }
        None => {
            let _ = writeln!(out, "<p class=\"muted\">{}</p>", t(Text::ResultsEmpty));
        }
    }
    out.push_str("</section>\n");
}

fn charts(out: &mut String, charts: &[Chart]) {
    for chart in charts {
        let encoded: String = chart
            .svg
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        let _ = writeln!(
            out,
            "<figure><img alt=\"{}\" src=\"data:image/svg+xml;charset=utf-8,{encoded}\"><figcaption>{}</figcaption></figure>",
            escape(&chart.title),
            escape(&chart.title)
        );
    }
}

/// The organisation diagram as the editor draws it, as SVG text.
fn org_svg(out: &mut String, layout: &OrgLayout, lang: Lang) {
    let _ = writeln!(
        out,
        "<svg class=\"org\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\"/></marker></defs>",
        layout.width,
        layout.height,
        escape(lang.text(Text::Organisation))
    );
    shapes_svg(out, &layout.behind);
    for (office, x) in &layout.headings {
        let _ = write!(
            out,
            "<text class=\"heading\" x=\"{x}\" y=\"{HEADING_Y}\">{}</text>",
            escape(lang.text(office.label()))
        );
    }
    for a in &layout.arrows {
        let class = if a.escalation {
            " class=\"escalation\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<line{class} x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" marker-end=\"url(#arrow)\"/>",
            a.x1, a.y1, a.x2, a.y2
        );
    }
    for u in &layout.units {
        let detail = u.detail(lang);
        let _ = write!(
            out,
            "<g><rect x=\"{}\" y=\"{}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"8\"/><text x=\"{}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\">{}</text></g>",
            u.x,
            u.y,
            u.x + 8.0,
            u.y + 19.0,
            escape(&u.name),
            u.x + 8.0,
            u.y + 37.0,
            escape(&detail)
        );
    }
    shapes_svg(out, &layout.over);
    out.push_str("</svg>\n");
}

/// Lanes, pools, links and counts (see `document::org_layout::Shape`).
fn shapes_svg(out: &mut String, shapes: &[Shape]) {
    for shape in shapes {
        let _ = match shape {
            Shape::Rect { x, y, w, h, class } => write!(
                out,
                "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\"/>"
            ),
            Shape::Text { x, y, class, text } => write!(
                out,
                "<text class=\"{class}\" x=\"{x}\" y=\"{y}\">{}</text>",
                escape(text)
            ),
            Shape::Path { d, class, arrow } => write!(
                out,
                "<path class=\"{class}\" d=\"{d}\" fill=\"none\"{}/>",
                if *arrow {
                    " marker-end=\"url(#arrow)\""
                } else {
                    ""
                }
            ),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Difference, KpiSummary, Summary};
    use serde_json::json;

    fn report(name: &str, orders: f64) -> Report {
        Report::of_kpis(
            name,
            name,
            5,
            Kpi::ALL
                .iter()
                .map(|&kpi| KpiSummary {
                    kpi,
                    summary: Summary {
                        mean: if kpi == Kpi::Orders { orders } else { 1.0 },
                        ci95: Some(0.5),
                        p10: 0.5,
                        p50: 1.0,
                        p90: 1.5,
                    },
                })
                .collect(),
        )
    }

    #[test]
    fn the_report_holds_diagram_notes_kpis_comparison_and_charts_and_escapes_user_text() {
        let hostile = "<script>alert(1)</script>";
        let value = json!({
            "units": [
                {"name": hostile, "office": "front", "headcount": 2},
                {"name": "desk", "office": "front", "headcount": 4, "shifts": [
                    {"days": ["mon"], "from": "08:00", "to": "12:00", "headcount": 6},
                    {"days": ["mon"], "from": "12:00", "to": "18:00", "headcount": 2},
                ]},
            ],
            "assumptions": [{"en": "Dealers open at 09:00 & close at 18:00", "zh": "", "source": "judgement"}],
        });
        let (a, b) = (report("Before", 100.0), report("After", 130.0));
        let comparison = Comparison {
            baseline: "Before".into(),
            candidate: "After".into(),
            pairs: 5,
            differences: vec![Difference {
                kpi: Kpi::Orders,
                mean: 30.0,
                ci95: Some(4.0),
                significant: true,
                baseline_mean: 100.0,
            }],
            payback: crate::report::Payback::of(1_200_000.0, 100_000.0, Some(20_000.0)),
        };
        let materiality = BTreeMap::new();
        let w = Workshop {
            title: "Workshop <1>".into(),
            made: "2026-12-02 10:00".into(),
            seed: 42,
            scenarios: vec![Scenario {
                name: hostile.into(),
                notes: Notes::read(&value, Lang::En),
                layout: OrgLayout::of(&value, Lang::En, Some(&a)),
                report: Some(&a),
                charts: vec![Chart {
                    title: "Funnel".into(),
                    svg: "<svg xmlns='http://www.w3.org/2000/svg'/>".into(),
                }],
            }],
            comparison: Some(ComparisonPart {
                names: vec!["Before".into(), "After".into()],
                reports: vec![&a, &b],
                comparisons: vec![None, Some(&comparison)],
                charts: Vec::new(),
            }),
            materiality: &materiality,
            stale: true,
        };
        let page = html(&w, Lang::En);
        assert!(!page.contains("<script"), "user text is escaped");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(page.contains("Workshop &lt;1&gt;"));
        assert!(page.contains("Dealers open at 09:00 &amp; close at 18:00"));
        assert!(
            page.contains("<svg class=\"org\""),
            "the organisation diagram"
        );
        assert!(
            page.contains("Δ +30.0 ± 4.0 · better"),
            "the verdict, significant and material"
        );
        assert!(
            page.contains("data:image/svg+xml;charset=utf-8,%3Csvg"),
            "charts as images"
        );
        assert!(
            page.contains("Changed since this run"),
            "says when results are out of date"
        );
        assert!(page.contains("default-src 'none'"));
        assert!(
            page.contains("12.0 months ± 2.4 (95 %: 10.0–15.0)"),
            "the payback of the candidate"
        );
        assert!(
            page.contains(">4 staff · 2–6 by shift</text>"),
            "a unit's shifts, as the editor's diagram shows them"
        );
        let zh = html(&w, Lang::Zh);
        assert!(zh.contains("组织结构") && zh.contains("lang=\"zh-CN\""));
    }
}
