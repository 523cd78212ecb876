//! A scenario's description and assumptions as a reader sees them: in the
//! interface language, falling back to the other one where it is empty.
//! The results view and the workshop report both show them.

use serde_json::Value;

use crate::i18n::Lang;

/// One assumption: what is assumed, where it comes from (or "judgement"),
/// and the scenario fields it explains.
#[derive(Clone, Debug, PartialEq)]
pub struct Assumption {
    /// Its position in the file's list (test ids and links refer to it).
    pub index: usize,
    pub text: String,
    pub source: String,
    pub covers: Vec<String>,
}

/// The description and the assumptions of a scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notes {
    pub description: String,
    pub assumptions: Vec<Assumption>,
}

impl Notes {
    /// Reads them from a scenario's JSON; empty assumptions are left out.
    pub fn read(value: &Value, lang: Lang) -> Notes {
        let (first, second) = match lang {
            Lang::Zh => ("zh", "en"),
            Lang::En => ("en", "zh"),
        };
        let localized = |item: &Value| -> String {
            [first, second]
                .iter()
                .filter_map(|key| item.get(*key).and_then(Value::as_str))
                .find(|text| !text.is_empty())
                .unwrap_or("")
                .to_string()
        };
        let description = value.get("description").map(localized).unwrap_or_default();
        let assumptions = value
            .get("assumptions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, item)| Assumption {
                index,
                text: localized(item),
                source: item
                    .get("source")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                covers: item
                    .get("covers")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            })
            .filter(|a| !a.text.is_empty() || !a.source.is_empty())
            .collect();
        Notes {
            description,
            assumptions,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.description.is_empty() && self.assumptions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn notes_are_read_in_the_language_asked_with_the_other_as_fallback() {
        let value = json!({
            "description": {"en": "Before", "zh": "重组前"},
            "assumptions": [
                {"en": "Dealers open at 09:00", "zh": "", "source": "judgement", "covers": ["units[1].hours"]},
                {"en": "", "zh": ""},
            ]
        });
        let zh = Notes::read(&value, Lang::Zh);
        assert_eq!(zh.description, "重组前");
        assert_eq!(zh.assumptions.len(), 1, "the empty one is left out");
        assert_eq!(zh.assumptions[0].text, "Dealers open at 09:00");
        assert_eq!(zh.assumptions[0].covers, ["units[1].hours"]);
        assert!(Notes::read(&json!({}), Lang::En).is_empty());
    }
}
