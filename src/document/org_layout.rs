//! Where the organisation diagram puts each unit and arrow: front, middle
//! and back office as swim lanes (columns), units stacked in each, solid
//! arrows for routes and dashed ones for escalation; above the lanes, the
//! seeds' pools a lead flows through (traffic → lead → incubation →
//! prospect → order → owner) and each link (the brand's digital link, the
//! dealer link, …) as a flow into its entry unit. After a run the pools
//! and units carry their counts. The editor draws it as live SVG and the
//! workshop report as an SVG file, from this one layout: units are drawn by
//! each (the editor's are buttons), everything else is plain [`Shape`]s.

use serde_json::Value;

use crate::display;
use crate::i18n::{Lang, Text};
use crate::report::Report;
use crate::sim::model::Office;

/// A unit box's width and height, a column's width, a row's height and the
/// space above the first row (for the office headings), in SVG units.
pub const BOX_W: f64 = 170.0;
/// Three lines: name, staff, and the counts after a run.
pub const BOX_H: f64 = 62.0;
pub const COLUMN_W: f64 = 220.0;
pub const ROW_H: f64 = 84.0;
pub const TOP: f64 = 128.0;
/// Room left of the front lane for the link flows.
pub const LEFT: f64 = 36.0;
/// The baseline of the office headings.
pub const HEADING_Y: f64 = 116.0;
const POOL_Y: f64 = 6.0;
const POOL_H: f64 = 40.0;
const LINK_Y: f64 = 58.0;
const LINK_H: f64 = 22.0;
const LANE_Y: f64 = 94.0;

/// A stage of the lead flow, as the seeds name the pools (FAW-VW 2025).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Traffic,
    Lead,
    Incubation,
    Prospect,
    Order,
    Owner,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Traffic,
        Stage::Lead,
        Stage::Incubation,
        Stage::Prospect,
        Stage::Order,
        Stage::Owner,
    ];

    pub fn label(self) -> Text {
        match self {
            Stage::Traffic => Text::StageTraffic,
            Stage::Lead => Text::StageLead,
            Stage::Incubation => Text::StageIncubation,
            Stage::Prospect => Text::StageProspect,
            Stage::Order => Text::StageOrder,
            Stage::Owner => Text::StageOwner,
        }
    }

    /// The run's count for this stage: how many entered it in the measured
    /// window (mean per replication); owners are the orders, the pool
    /// that only grows.
    fn count(self, report: &Report) -> Option<f64> {
        let field = match self {
            Stage::Traffic => "visitors",
            Stage::Lead => "leads",
            Stage::Incubation => "incubated",
            Stage::Prospect => "prospects",
            Stage::Order | Stage::Owner => "ordered",
        };
        report
            .funnel
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, mean)| *mean)
    }
}

/// What a diagram draws besides units: lanes, pools, links, counts.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        class: String,
    },
    Text {
        x: f64,
        y: f64,
        class: &'static str,
        text: String,
    },
    /// An SVG path (`d`), with an arrowhead at its end where `arrow`.
    Path {
        d: String,
        class: String,
        arrow: bool,
    },
}

/// One unit's box.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitBox {
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub headcount: u64,
    /// A committee's cadence, in days.
    pub meets_every_days: Option<f64>,
    /// The fewest and the most people the unit's shift blocks roster;
    /// `None` without shifts (the base headcount all week).
    pub shift_range: Option<(u64, u64)>,
    /// The links that enter the organisation at this unit, comma-separated.
    pub entry_links: String,
}

/// How much of a box's second line fits, in widths of a Latin letter at
/// the diagram's 12 px detail size (a box is 170 wide, 8 of padding each
/// side); a Chinese character takes two.
const DETAIL_FIT: usize = 26;

impl UnitBox {
    /// The box's staffing line, the same in the editor, in presentation
    /// and in the workshop report: `4 staff`, with its shifts' range where
    /// it has shifts (`4 staff · 2–6 by shift`: the base headcount applies
    /// outside the blocks), with a committee's cadence where it is one.
    pub fn staffing(&self, lang: Lang) -> String {
        let mut line = format!("{} {}", self.headcount, lang.text(Text::StaffShort));
        if let Some((fewest, most)) = self.shift_range {
            let range = if fewest == most {
                fewest.to_string()
            } else {
                format!("{fewest}–{most}")
            };
            line.push_str(" · ");
            line.push_str(&lang.text(Text::StaffByShift).replace("{range}", &range));
        }
        if let Some(days) = self.meets_every_days {
            line.push_str(&format!(
                " · {} {} {}",
                lang.text(Text::MeetsEvery),
                display::number(days, 1),
                lang.text(Text::Days)
            ));
        }
        line
    }

    /// The box's second line: its staffing, whole, then the links that
    /// enter at it as far as the box has room (the link's flow into the
    /// box shows them anyway), so that a unit with shifts does not run
    /// out of its box.
    pub fn detail(&self, lang: Lang) -> String {
        let mut line = self.staffing(lang);
        let room = DETAIL_FIT.saturating_sub(display::text_width(&line) + 5);
        if !self.entry_links.is_empty() && room >= 4 {
            line.push_str(" · ⇢ ");
            line.push_str(&display::shortened(&self.entry_links, room));
        }
        line
    }
}

/// The fewest and most people a unit's shift blocks roster, as written
/// (a block being edited may lack its headcount: it is left out).
fn shift_range(unit: &Value) -> Option<(u64, u64)> {
    let counts: Vec<u64> = unit
        .get("shifts")?
        .as_array()?
        .iter()
        .filter_map(|block| block.get("headcount").and_then(Value::as_u64))
        .collect();
    Some((*counts.iter().min()?, *counts.iter().max()?))
}

/// An arrow between two boxes, from edge to edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub from: usize,
    pub to: usize,
    pub escalation: bool,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgLayout {
    pub width: f64,
    pub height: f64,
    /// Each office's column and the x of its heading.
    pub headings: Vec<(Office, f64)>,
    pub units: Vec<UnitBox>,
    pub arrows: Vec<Arrow>,
    /// Drawn before the units: lanes, pools, links and their flows.
    pub behind: Vec<Shape>,
    /// Drawn over the units: their counts after a run.
    pub over: Vec<Shape>,
}

impl OrgLayout {
    /// Lays out the units of a scenario's JSON (what the editor holds, so
    /// it works while the file is being edited and may not validate), with
    /// a run's counts where `report` is that scenario's finished run.
    pub fn of(value: &Value, lang: Lang, report: Option<&Report>) -> OrgLayout {
        let units = value["units"].as_array().cloned().unwrap_or_default();
        let links = value["links"].as_array().cloned().unwrap_or_default();
        let mut rows = [0usize; Office::ALL.len()];
        let boxes: Vec<UnitBox> = units
            .iter()
            .map(|u| {
                let c = Office::read(u["office"].as_str()).column();
                let r = rows[c];
                rows[c] += 1;
                let name = u["name"].as_str().unwrap_or_default().to_string();
                let entry_links = links
                    .iter()
                    .filter(|l| l["entry_unit"].as_str() == Some(name.as_str()))
                    .filter_map(|l| l["name"].as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                UnitBox {
                    x: LEFT + c as f64 * COLUMN_W,
                    y: TOP + r as f64 * ROW_H,
                    headcount: u["headcount"].as_u64().unwrap_or(0),
                    meets_every_days: u
                        .get("committee")
                        .filter(|c| c.is_object())
                        .map(|c| c["every_days"].as_f64().unwrap_or(0.0)),
                    shift_range: shift_range(u),
                    entry_links,
                    name,
                }
            })
            .collect();
        let index_of = |name: &str| boxes.iter().position(|b| b.name == name);
        let mut arrows = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            for route in unit["routes"].as_array().into_iter().flatten() {
                if let Some(j) = route["to"].as_str().and_then(index_of) {
                    arrows.push(arrow(&boxes, i, j, false));
                }
            }
            if let Some(j) = unit["escalate_to"].as_str().and_then(index_of) {
                arrows.push(arrow(&boxes, i, j, true));
            }
        }
        let deepest = rows.iter().copied().max().unwrap_or(1).max(1);
        let width = LEFT + Office::ALL.len() as f64 * COLUMN_W;
        let height = TOP + deepest as f64 * ROW_H + 10.0;
        let mut behind = lanes(height);
        let traffic = value["sources"].as_array().is_some_and(|sources| {
            sources
                .iter()
                .any(|s| s.get("traffic").is_some_and(Value::is_object))
        });
        pools(&mut behind, width, traffic, lang, report);
        link_flows(&mut behind, &links, &boxes, lang);
        let over = report
            .map(|r| unit_counts(&boxes, r, lang))
            .unwrap_or_default();
        OrgLayout {
            width,
            height,
            headings: Office::ALL
                .iter()
                .map(|&o| (o, LEFT + o.column() as f64 * COLUMN_W))
                .collect(),
            units: boxes,
            arrows,
            behind,
            over,
        }
    }
}

/// One lane per office, behind its column of units.
fn lanes(height: f64) -> Vec<Shape> {
    Office::ALL
        .iter()
        .map(|o| Shape::Rect {
            x: LEFT + o.column() as f64 * COLUMN_W - 12.0,
            y: LANE_Y,
            w: BOX_W + 24.0,
            h: height - LANE_Y - 2.0,
            class: "org-lane".into(),
        })
        .collect()
}

/// The pools in a row, joined by arrows, each with its count after a run.
/// The traffic pool shows only where a source is traffic.
fn pools(out: &mut Vec<Shape>, width: f64, traffic: bool, lang: Lang, report: Option<&Report>) {
    let stages: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|&s| traffic || s != Stage::Traffic)
        .collect();
    let n = stages.len() as f64;
    let gap = 16.0;
    let w = (width - LEFT - 4.0 - gap * (n - 1.0)) / n;
    for (i, stage) in stages.iter().enumerate() {
        let x = LEFT + i as f64 * (w + gap);
        out.push(Shape::Rect {
            x,
            y: POOL_Y,
            w,
            h: POOL_H,
            class: "org-pool".into(),
        });
        out.push(Shape::Text {
            x: x + 8.0,
            y: POOL_Y + 16.0,
            class: "org-pool-name",
            text: lang.text(stage.label()).into(),
        });
        if let Some(count) = report.and_then(|r| stage.count(r)) {
            out.push(Shape::Text {
                x: x + 8.0,
                y: POOL_Y + 33.0,
                class: "org-count",
                text: display::number(count, 0),
            });
        }
        if i + 1 < stages.len() {
            let y = POOL_Y + POOL_H / 2.0;
            out.push(Shape::Path {
                d: format!("M {} {y} H {}", x + w, x + w + gap - 1.0),
                class: "org-pool-edge".into(),
                arrow: true,
            });
        }
    }
}

/// Each link as a chip above its entry unit's lane and a flow down the
/// gutter left of that lane into the unit (a colour per link). Links that
/// enter the same lane share its width; a link with no entry unit yet (a
/// file being edited) gets a chip over the front lane and no flow.
fn link_flows(out: &mut Vec<Shape>, links: &[Value], boxes: &[UnitBox], lang: Lang) {
    let entry_of = |link: &Value| {
        link["entry_unit"]
            .as_str()
            .and_then(|unit| boxes.iter().find(|b| b.name == unit))
    };
    let lane_x = |link: &Value| entry_of(link).map_or(LEFT, |b| b.x);
    for (k, link) in links.iter().enumerate() {
        let name = link["name"].as_str().unwrap_or_default();
        let colour = k % 4;
        let x0 = lane_x(link);
        let sharing: Vec<usize> = (0..links.len())
            .filter(|&j| lane_x(&links[j]) == x0)
            .collect();
        let place = sharing.iter().position(|&j| j == k).unwrap_or(0) as f64;
        let w = (BOX_W + 16.0) / sharing.len() as f64 - 4.0;
        let x = x0 - 8.0 + place * (w + 4.0);
        out.push(Shape::Rect {
            x,
            y: LINK_Y,
            w,
            h: LINK_H,
            class: format!("org-link link-{colour}"),
        });
        let chars = ((w - 12.0) / 7.5).max(4.0) as usize;
        out.push(Shape::Text {
            x: x + 8.0,
            y: LINK_Y + 15.0,
            class: "org-link-name",
            text: display::shortened(&format!("{} {name}", lang.text(Text::LinkChip)), chars),
        });
        let Some(entry) = entry_of(link) else {
            continue;
        };
        let turn = LINK_Y + LINK_H + 4.0 + 3.0 * place;
        let gutter = entry.x - 16.0 - 5.0 * place;
        let into = entry.y + 16.0 + 8.0 * place.min(4.0);
        out.push(Shape::Path {
            d: format!(
                "M {} {} V {turn} H {gutter} V {into} H {}",
                x + 10.0,
                LINK_Y + LINK_H,
                entry.x
            ),
            class: format!("org-link-flow link-{colour}"),
            arrow: true,
        });
    }
}

/// Each unit's third line after a run: what it served and how busy it was.
fn unit_counts(boxes: &[UnitBox], report: &Report, lang: Lang) -> Vec<Shape> {
    boxes
        .iter()
        .filter_map(|b| {
            let unit = report.units.iter().find(|u| u.name == b.name)?;
            Some(Shape::Text {
                x: b.x + 8.0,
                y: b.y + 54.0,
                class: "org-count",
                text: format!(
                    "{} {} · {} {}",
                    lang.text(Text::ServedShort),
                    display::number(unit.served.mean, 0),
                    display::number(unit.utilization.mean * 100.0, 0),
                    lang.text(Text::BusyShort)
                ),
            })
        })
        .collect()
}

/// From the edge of box `from` to the edge of box `to`: the sides facing
/// each other across columns, top and bottom within one.
fn arrow(boxes: &[UnitBox], from: usize, to: usize, escalation: bool) -> Arrow {
    let center = |b: &UnitBox| (b.x + BOX_W / 2.0, b.y + BOX_H / 2.0);
    let (x1, y1) = center(&boxes[from]);
    let (x2, y2) = center(&boxes[to]);
    let across = (x2 - x1).abs() > 1.0;
    let (x1, x2) = if across {
        (
            x1 + BOX_W / 2.0 * (x2 - x1).signum(),
            x2 - BOX_W / 2.0 * (x2 - x1).signum(),
        )
    } else {
        (x1, x2)
    };
    let (y1, y2) = if across {
        (y1, y2)
    } else {
        (
            y1 + BOX_H / 2.0 * (y2 - y1).signum(),
            y2 - BOX_H / 2.0 * (y2 - y1).signum(),
        )
    };
    Arrow {
        from,
        to,
        escalation,
        x1,
        y1,
        x2,
        y2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn offices_are_columns_and_arrows_join_facing_edges() {
        let value = json!({
            "units": [
                {"name": "call", "office": "front", "headcount": 4,
                 "routes": [{"to": "dealer", "probability": 1}], "escalate_to": "board"},
                {"name": "dealer", "office": "back", "headcount": 9},
                {"name": "board", "office": "front", "headcount": 3, "committee": {"every_days": 7}},
            ],
            "links": [{"name": "brand", "entry_unit": "call"}],
        });
        let layout = OrgLayout::of(&value, Lang::En, None);
        assert_eq!(layout.units.len(), 3);
        assert_eq!(layout.units[0].entry_links, "brand");
        assert_eq!(layout.units[2].meets_every_days, Some(7.0));
        // call and board stack in the front column; dealer is in the back one.
        assert_eq!(layout.units[0].x, layout.units[2].x);
        assert!(layout.units[2].y > layout.units[0].y);
        assert!(layout.units[1].x > layout.units[0].x);
        // The route leaves call's right side for dealer's left side.
        let route = &layout.arrows[0];
        assert!(!route.escalation);
        assert_eq!(route.x1, layout.units[0].x + BOX_W);
        assert_eq!(route.x2, layout.units[1].x);
        // The escalation goes down the column, bottom to top.
        let up = &layout.arrows[1];
        assert!(up.escalation);
        assert_eq!(up.y1, layout.units[0].y + BOX_H);
        assert_eq!(up.y2, layout.units[2].y);
        // Three lanes; the five pools of a scenario without traffic; the
        // link's chip and its flow ending at its entry unit's left edge.
        let rects = |class: &str| {
            layout
                .behind
                .iter()
                .filter(|s| matches!(s, Shape::Rect { class: c, .. } if c.starts_with(class)))
                .count()
        };
        assert_eq!(rects("org-lane"), 3);
        assert_eq!(rects("org-pool"), 5);
        assert_eq!(rects("org-link"), 1);
        let flow = layout.behind.iter().find_map(|s| match s {
            Shape::Path { d, class, .. } if class.starts_with("org-link-flow") => Some(d.clone()),
            _ => None,
        });
        assert!(flow.is_some_and(|d| d.ends_with(&format!("H {}", layout.units[0].x))));
        assert!(layout.over.is_empty(), "no counts without a run");
    }

    #[test]
    fn a_unit_with_shifts_shows_its_range_in_both_languages() {
        let value = json!({
            "units": [
                {"name": "desk", "headcount": 3, "shifts": [
                    {"days": ["mon"], "from": "08:00", "to": "12:00", "headcount": 6},
                    {"days": ["mon"], "from": "12:00", "to": "18:00", "headcount": 2},
                ]},
                {"name": "flat", "headcount": 4, "shifts": [
                    {"days": ["sat"], "from": "08:00", "to": "12:00", "headcount": 0},
                ]},
                {"name": "plain", "headcount": 5},
                {"name": "typing", "headcount": 5, "shifts": [{"days": ["mon"]}]},
                {"name": "board", "headcount": 3, "committee": {"every_days": 14}},
            ],
        });
        let lines = |lang| -> Vec<String> {
            OrgLayout::of(&value, lang, None)
                .units
                .iter()
                .map(|u| u.staffing(lang))
                .collect()
        };
        assert_eq!(
            lines(Lang::En),
            [
                "3 staff · 2–6 by shift",
                "4 staff · 0 by shift",
                "5 staff",
                "5 staff",
                "3 staff · every 14.0 days"
            ]
        );
        assert_eq!(
            lines(Lang::Zh),
            [
                "3 人 · 按班次 2–6 人",
                "4 人 · 按班次 0 人",
                "5 人",
                "5 人",
                "3 人 · 每 14.0 天"
            ]
        );
    }

    #[test]
    fn the_detail_line_keeps_the_staffing_and_fits_the_links_in_the_box() {
        let value = json!({
            "units": [
                {"name": "call", "headcount": 4},
                {"name": "desk", "headcount": 12, "shifts": [
                    {"days": ["mon"], "from": "08:00", "to": "12:00", "headcount": 20},
                    {"days": ["tue"], "from": "08:00", "to": "12:00", "headcount": 6},
                ]},
            ],
            "links": [
                {"name": "brand", "entry_unit": "call"},
                {"name": "dealer_network_link", "entry_unit": "desk"},
            ],
        });
        let layout = OrgLayout::of(&value, Lang::En, None);
        assert_eq!(layout.units[0].detail(Lang::En), "4 staff · ⇢ brand");
        // The staffing is whole; the link gets what room is left.
        let desk = layout.units[1].detail(Lang::En);
        assert_eq!(desk, "12 staff · 6–20 by shift");
        for lang in Lang::ALL {
            for unit in &layout.units {
                let line = unit.detail(lang);
                assert!(display::text_width(&line) <= DETAIL_FIT, "{line}");
            }
        }
        assert_eq!(display::shortened("dealer_network_link", 8), "dealer_…");
        assert_eq!(display::shortened("经销商链路", 6), "经销…");
        assert_eq!(display::shortened("brand", 8), "brand");
    }

    #[test]
    fn a_run_puts_counts_on_the_pools_and_units() {
        let value = json!({
            "units": [{"name": "call", "office": "front", "headcount": 4}],
            "sources": [{"name": "web", "traffic": {"visitors_per_day": 10}}],
        });
        let mut report = crate::report::Report::of_kpis("s", "s", 1, Vec::new());
        report.funnel = vec![
            ("visitors".into(), 900.0),
            ("leads".into(), 120.0),
            ("ordered".into(), 12.4),
        ];
        report.units = vec![crate::report::UnitSummary {
            name: "call".into(),
            office: "front",
            utilization: crate::report::Summary {
                mean: 0.5,
                ..Default::default()
            },
            mean_wait_minutes: Default::default(),
            mean_queue_length: Default::default(),
            served: crate::report::Summary {
                mean: 118.0,
                ..Default::default()
            },
        }];
        let layout = OrgLayout::of(&value, Lang::En, Some(&report));
        let texts: Vec<&str> = layout
            .behind
            .iter()
            .chain(&layout.over)
            .filter_map(|s| match s {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for expected in ["Traffic", "900", "120", "12", "served 118 · 50 % busy"] {
            assert!(texts.contains(&expected), "{expected} in {texts:?}");
        }
    }
}
