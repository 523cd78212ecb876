//! CSV records (RFC 4180 as spreadsheets and CRMs write it): comma
//! separated, fields optionally in double quotes with `""` for a quote,
//! line breaks inside quotes, LF or CRLF line ends, an optional UTF-8
//! byte-order mark, blank lines and lines starting with `#` skipped (a
//! comment, e.g. the line that marks a log as synthetic).
//!
//! Fields borrow from the text; only a quoted field with an escaped quote
//! is copied, so a million-row log costs no allocation per field.

use std::borrow::Cow;

/// Why a record could not be split into fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CsvProblem {
    /// A quoted field runs to the end of the file.
    UnclosedQuote,
    /// Text between a closing quote and the next comma.
    TextAfterQuote,
}

/// The records of a CSV text, one at a time.
pub struct Records<'a> {
    text: &'a str,
    pos: usize,
    /// 1-based line of `pos`.
    line: u32,
}

impl<'a> Records<'a> {
    pub fn new(text: &'a str) -> Records<'a> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Records {
            text,
            pos: 0,
            line: 1,
        }
    }

    /// Splits the next record into `fields` (cleared first) and returns the
    /// line it starts on; `None` at the end. After an error the reader has
    /// skipped to the end of the bad record's line.
    pub fn next_into(
        &mut self,
        fields: &mut Vec<Cow<'a, str>>,
    ) -> Option<(u32, Result<(), CsvProblem>)> {
        fields.clear();
        let bytes = self.text.as_bytes();
        // Skip blank and comment lines.
        loop {
            if self.pos >= bytes.len() {
                return None;
            }
            match bytes[self.pos] {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                }
                b'\r' if bytes.get(self.pos + 1) == Some(&b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                }
                b'#' => self.skip_line(),
                _ => break,
            }
        }
        let start_line = self.line;
        loop {
            let result = if bytes.get(self.pos) == Some(&b'"') {
                self.quoted()
            } else {
                Ok(self.plain())
            };
            match result {
                Ok(field) => fields.push(field),
                Err(problem) => {
                    self.skip_line();
                    return Some((start_line, Err(problem)));
                }
            }
            match bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'\r') if bytes.get(self.pos + 1) == Some(&b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                    return Some((start_line, Ok(())));
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    return Some((start_line, Ok(())));
                }
                None => return Some((start_line, Ok(()))),
                Some(_) => {
                    self.skip_line();
                    return Some((start_line, Err(CsvProblem::TextAfterQuote)));
                }
            }
        }
    }

    fn skip_line(&mut self) {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let b = bytes[self.pos];
            self.pos += 1;
            if b == b'\n' {
                self.line += 1;
                return;
            }
        }
    }

    /// An unquoted field: up to the next comma or line end (a lone CR
    /// stays in the field).
    fn plain(&mut self) -> Cow<'a, str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b',' | b'\n' => break,
                b'\r' if bytes.get(self.pos + 1) == Some(&b'\n') => break,
                _ => self.pos += 1,
            }
        }
        Cow::Borrowed(&self.text[start..self.pos])
    }

    /// A quoted field, the reader at its opening quote.
    fn quoted(&mut self) -> Result<Cow<'a, str>, CsvProblem> {
        let bytes = self.text.as_bytes();
        self.pos += 1;
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut piece = start;
        loop {
            let Some(&b) = bytes.get(self.pos) else {
                return Err(CsvProblem::UnclosedQuote);
            };
            match b {
                b'"' if bytes.get(self.pos + 1) == Some(&b'"') => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[piece..=self.pos]);
                    self.pos += 2;
                    piece = self.pos;
                }
                b'"' => {
                    let field = match owned {
                        Some(mut text) => {
                            text.push_str(&self.text[piece..self.pos]);
                            Cow::Owned(text)
                        }
                        None => Cow::Borrowed(&self.text[start..self.pos]),
                    };
                    self.pos += 1;
                    return Ok(field);
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
    }
}

/// Writes `field` to `out`, quoted when it holds a comma, a quote or a
/// line break (or starts with `#`, which a reader would skip as a comment).
pub fn write_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) || field.starts_with('#') {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<(u32, Result<Vec<String>, CsvProblem>)> {
        let mut records = Records::new(text);
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while let Some((line, result)) = records.next_into(&mut fields) {
            out.push((
                line,
                result.map(|()| fields.iter().map(|f| f.to_string()).collect()),
            ));
        }
        out
    }

    fn ok(fields: &[&str]) -> Result<Vec<String>, CsvProblem> {
        Ok(fields.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn quotes_crlf_bom_comments_and_line_numbers() {
        let text = "\u{feff}# synthetic\r\na,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\r\n\"two\nlines\",2,3\nlast,,\"\"";
        assert_eq!(
            all(text),
            vec![
                (2, ok(&["a", "b", "c"])),
                (3, ok(&["x, y", "say \"hi\"", ""])),
                (5, ok(&["two\nlines", "2", "3"])),
                (7, ok(&["last", "", ""])),
            ]
        );
    }

    #[test]
    fn bad_quotes_are_reported_and_skipped() {
        let text = "a,b\n\"open,1\n";
        assert_eq!(
            all(text),
            vec![(1, ok(&["a", "b"])), (2, Err(CsvProblem::UnclosedQuote))]
        );
        let text = "\"a\"x,b\nc,d\n";
        assert_eq!(
            all(text),
            vec![(1, Err(CsvProblem::TextAfterQuote)), (2, ok(&["c", "d"]))]
        );
    }

    #[test]
    fn written_fields_read_back() {
        for field in ["plain", "a,b", "say \"x\"", "two\nlines", "#hash", ""] {
            let mut line = String::new();
            write_field(&mut line, field);
            line.push_str(",end");
            assert_eq!(all(&line), vec![(1, ok(&[field, "end"]))], "{field}");
        }
    }
}
