//! User text (scenario and unit names) made safe for where it is written.
//!
//! Names come from scenario files, which may come from anyone:
//! - in a CSV cell, text starting with `=`, `+`, `-`, `@`, a tab or a
//!   carriage return is taken for a formula by spreadsheet programs
//!   (`=HYPERLINK(...)` becomes a live link), so such a cell gets a leading
//!   single quote, which spreadsheets show as text (the OWASP advice for
//!   CSV injection). A cell that is a plain number, `-3.5` say, is left as
//!   it is, so negative numbers stay numbers;
//! - on a terminal, control characters in a name would be obeyed (clear
//!   the screen, retitle the window, rewrite earlier lines), and bidirectional
//!   overrides would reorder what is shown; they are written as `\u{…}`
//!   escapes instead, in tables, CSV and error messages alike.

use std::borrow::Cow;

/// Characters a terminal would act on rather than show: the C0 and C1
/// control characters, DEL, and the bidirectional embedding, override and
/// isolate marks.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character a terminal would act on written as an
/// escape (`\u{1b}`); the text itself when it has none.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether a cell is a plain decimal number (`-3`, `+2.5`, `-1e-3`), which
/// spreadsheets read as a number, not a formula.
fn is_plain_number(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    text.len() - digits.len() <= 1
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// One CSV cell holding user text: control characters escaped, a
/// formula-like start neutralised, quoted when it holds a comma, a quote or
/// a quote-worthy character.
pub fn csv_field(text: &str) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(text);
    let text = terminal(text);
    let text = if formula {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for start in ["+", "-", "@"] {
            assert_eq!(csv_field(&format!("{start}cmd")), format!("'{start}cmd"));
        }
        assert_eq!(csv_field("-3.5"), "-3.5");
        assert_eq!(csv_field("+2"), "+2");
        assert_eq!(csv_field("-1e-3"), "-1e-3");
        assert_eq!(csv_field("--1"), "'--1");
        assert_eq!(csv_field("-inf"), "'-inf");
        assert_eq!(csv_field("-NaN"), "'-NaN");
        assert_eq!(csv_field("plain name"), "plain name");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
    }

    #[test]
    fn tabs_and_carriage_returns_cannot_start_a_formula() {
        // Quoted as formulas are, and the character itself escaped.
        assert_eq!(csv_field("\t=1+1"), "'\\u{9}=1+1");
        assert_eq!(csv_field("\r=1+1"), "'\\u{d}=1+1");
    }

    #[test]
    fn control_characters_are_escaped_for_terminals() {
        assert_eq!(terminal("ok"), "ok");
        assert_eq!(terminal("\u{1b}[2Jclear"), "\\u{1b}[2Jclear");
        assert_eq!(terminal("title\u{7}"), "title\\u{7}");
        assert_eq!(terminal("a\u{9b}b\u{7f}"), "a\\u{9b}b\\u{7f}");
        assert_eq!(terminal("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(terminal("中文名"), "中文名");
    }
}
