//! Field paths that name a place in a scenario, for what an assumption
//! `covers` and where `orgflow diff` finds a difference.
//!
//! The style is the validator's error paths (`horizon.days`,
//! `routing.rules[0].link`), except that an item of a list whose elements
//! have a `name` — [`NAMED_LISTS`]: grades, sources, units, links and
//! funnel channels — is addressed by that name: `units[dealer_sales].hours`,
//! `funnel.channels[online_direct].close_rate`. Other lists take an index.
//! A path covers itself and everything beneath it: `units[call_center]`
//! covers `units[call_center].headcount`, not `units[call_center_2]`.
//!
//! A name may hold any character; inside brackets `\]` stands for `]` and
//! `\\` for `\`, and in a field name `\` also escapes `.` and `[`.

use std::fmt;

use serde_json::Value;

use super::schema;

/// The lists whose items are addressed by their `name`, as paths.
pub const NAMED_LISTS: [&str; 6] = [
    "grades",
    "sources",
    "units",
    "links",
    "funnel.channels",
    "fixed_costs",
];

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A field of an object: `.hours`.
    Field(String),
    /// An item of a list, by name or index: `[dealer_sales]`, `[0]`.
    Item(String),
}

/// A parsed field path; the empty path is the whole scenario.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldPath(Vec<Segment>);

impl FieldPath {
    /// The path of the whole scenario (no segment).
    pub fn root() -> FieldPath {
        FieldPath::default()
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// This path with a field appended.
    pub fn field(&self, name: &str) -> FieldPath {
        let mut next = self.clone();
        next.0.push(Segment::Field(name.to_string()));
        next
    }

    /// This path with a list item appended (a name or an index).
    pub fn item(&self, selector: &str) -> FieldPath {
        let mut next = self.clone();
        next.0.push(Segment::Item(selector.to_string()));
        next
    }

    /// Reads a path such as `units[dealer_sales].hours`. `None` when the
    /// text is empty, starts with an item, has an empty field or item, an
    /// unclosed bracket, or a dangling `\`.
    pub fn parse(text: &str) -> Option<FieldPath> {
        let mut segments = Vec::new();
        let mut chars = text.chars().peekable();
        // The first segment is a field without a leading dot.
        let mut expect_field = true;
        loop {
            if expect_field {
                let mut name = String::new();
                while let Some(&c) = chars.peek() {
                    match c {
                        '.' | '[' => break,
                        ']' => return None,
                        '\\' => {
                            chars.next();
                            name.push(chars.next()?);
                        }
                        _ => {
                            chars.next();
                            name.push(c);
                        }
                    }
                }
                if name.is_empty() {
                    return None;
                }
                segments.push(Segment::Field(name));
            }
            match chars.next() {
                None => break,
                Some('.') => expect_field = true,
                Some('[') => {
                    let mut selector = String::new();
                    loop {
                        match chars.next()? {
                            ']' => break,
                            '\\' => selector.push(chars.next()?),
                            c => selector.push(c),
                        }
                    }
                    if selector.is_empty() {
                        return None;
                    }
                    segments.push(Segment::Item(selector));
                    expect_field = false;
                }
                Some(_) => return None,
            }
        }
        Some(FieldPath(segments))
    }

    /// Whether `other` is this path or lies beneath it.
    pub fn covers(&self, other: &FieldPath) -> bool {
        other.0.starts_with(&self.0)
    }

    /// Whether the items of the list at this path are addressed by name.
    pub fn is_named_list(&self) -> bool {
        self.0.iter().all(|s| matches!(s, Segment::Field(_)))
            && NAMED_LISTS.contains(&self.to_string().as_str())
    }

    /// Whether the path names a place the scenario format has (following
    /// `schema.json`): every field exists where it is written, items only
    /// of lists, and by index in a list that is not in [`NAMED_LISTS`].
    /// The place need not exist in any particular file: an assumption may
    /// cover a unit that only the other file of a comparison has.
    pub fn in_format(&self) -> bool {
        let mut pointer = String::new();
        let mut node = schema::node_at("");
        for (i, segment) in self.0.iter().enumerate() {
            let Some(current) = node else {
                return false;
            };
            let kind = current.get("type").and_then(Value::as_str);
            match segment {
                Segment::Field(name) => {
                    if kind != Some("object") {
                        return false;
                    }
                    pointer.push('/');
                    pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                }
                Segment::Item(selector) => {
                    if kind != Some("array") {
                        return false;
                    }
                    let parent = FieldPath(self.0[..i].to_vec());
                    if !parent.is_named_list() && selector.parse::<usize>().is_err() {
                        return false;
                    }
                    pointer.push_str("/0");
                }
            }
            node = schema::node_at(&pointer);
        }
        node.is_some()
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Field(name) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    for c in name.chars() {
                        if matches!(c, '.' | '[' | ']' | '\\') {
                            f.write_str("\\")?;
                        }
                        write!(f, "{c}")?;
                    }
                }
                Segment::Item(selector) => {
                    f.write_str("[")?;
                    for c in selector.chars() {
                        if matches!(c, ']' | '\\') {
                            f.write_str("\\")?;
                        }
                        write!(f, "{c}")?;
                    }
                    f.write_str("]")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> FieldPath {
        FieldPath::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    #[test]
    fn paths_parse_and_print_back_the_same() {
        for text in [
            "horizon.days",
            "units[dealer_sales].hours",
            "funnel.channels[online_direct].close_rate",
            "routing.rules[0]",
            "sources[auto_show].grade_mix_percent.H",
            "units[a\\]b].routes[1].to",
            "sources[x].grade_mix_percent.a\\.b",
        ] {
            assert_eq!(path(text).to_string(), text);
        }
        assert_eq!(
            path("units[dealer sales].headcount").segments(),
            [
                Segment::Field("units".into()),
                Segment::Item("dealer sales".into()),
                Segment::Field("headcount".into())
            ]
        );
        for bad in [
            "",
            "[0]",
            "units.",
            "units[]",
            "units[x",
            "units..headcount",
            "units[x]headcount",
            "units]",
            "a\\",
        ] {
            assert_eq!(FieldPath::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_path_covers_itself_and_what_lies_beneath() {
        let unit = path("units[call_center]");
        assert!(unit.covers(&path("units[call_center]")));
        assert!(unit.covers(&path("units[call_center].hours.open")));
        assert!(!unit.covers(&path("units[call_center_2]")));
        assert!(!unit.covers(&path("units")));
        assert!(path("units").covers(&unit));
        let leads = path("sources[auto_show].leads");
        assert!(!leads.covers(&path("sources[auto_show].leads_per_day")));
    }

    #[test]
    fn places_are_checked_against_the_format() {
        for good in [
            "units",
            "units[dealer_sales]",
            "units[0]",
            "units[dealer_sales].hours.open",
            "units[x].service_minutes.contact.mean",
            "funnel.channels[online_direct].close_rate",
            "sources[auto_show].leads_per_day",
            "sources[web].grade_mix_percent.H",
            "sources[web].hourly_profile",
            "routing.rules[0].grades",
            "funnel.remarketing.incubation_days.cv",
            "customer.base",
        ] {
            assert!(path(good).in_format(), "{good}");
        }
        for bad in [
            "unit[x]",
            "units[x].hourz",
            "units.headcount",
            "routing.rules[first]",
            "horizon[0]",
            "units[x].office.front",
            "funnel.channel[x]",
        ] {
            assert!(!path(bad).in_format(), "{bad}");
        }
        assert!(path("funnel.channels").is_named_list());
        assert!(!path("routing.rules").is_named_list());
    }
}
