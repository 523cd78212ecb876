//! Where the organisation diagram puts each unit and arrow: front, middle
//! and back office as columns, units stacked in each, solid arrows for
//! routes and dashed ones for escalation. The editor draws it as live SVG
//! and the workshop report as an SVG file, from this one layout.

use serde_json::Value;

use crate::sim::model::Office;

/// A unit box's width and height, a column's width, a row's height and the
/// space above the first row (for the office headings), in SVG units.
pub const BOX_W: f64 = 170.0;
pub const BOX_H: f64 = 46.0;
pub const COLUMN_W: f64 = 220.0;
pub const ROW_H: f64 = 70.0;
pub const TOP: f64 = 40.0;
pub const LEFT: f64 = 20.0;

/// One unit's box.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitBox {
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub headcount: u64,
    /// A committee's cadence, in days.
    pub meets_every_days: Option<f64>,
    /// The links that enter the organisation at this unit, comma-separated.
    pub entry_links: String,
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
}

impl OrgLayout {
    /// Lays out the units of a scenario's JSON (what the editor holds, so
    /// it works while the file is being edited and may not validate).
    pub fn of(value: &Value) -> OrgLayout {
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
        OrgLayout {
            width: LEFT + Office::ALL.len() as f64 * COLUMN_W,
            height: TOP + deepest as f64 * ROW_H + 10.0,
            headings: Office::ALL
                .iter()
                .map(|&o| (o, LEFT + o.column() as f64 * COLUMN_W))
                .collect(),
            units: boxes,
            arrows,
        }
    }
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
        let layout = OrgLayout::of(&value);
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
    }
}
