//! ISO 8601 timestamps as the logs write them, to and from milliseconds
//! since 1970-01-01T00:00Z.
//!
//! Why by hand: a log holds millions of timestamps of one narrow form
//! (`2025-03-04T09:15:00+08:00`, `…Z`, or naive with a stated zone), and
//! reading them is a few lines of arithmetic over the bytes; a date-time
//! crate would add a dependency and a per-value allocation for nothing the
//! fit needs. Leap seconds do not exist here (as in every CRM export).

/// Milliseconds per minute.
pub const MS_PER_MINUTE: i64 = 60_000;
/// Milliseconds per day.
pub const MS_PER_DAY: i64 = 1440 * MS_PER_MINUTE;

/// Why a timestamp could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeProblem {
    /// Not `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]`.
    Format,
    /// A field out of range (month 13, 25:00, 31 February …).
    Range,
    /// No zone offset written and none stated (`--zone`).
    NoZone,
}

/// A zone offset in minutes east of UTC (`+08:00` is 480).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Offset(pub i32);

impl Offset {
    /// Reads `Z`, `UTC`, `±HH:MM`, `±HHMM` or `±HH`.
    pub fn parse(text: &str) -> Option<Offset> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
            return Some(Offset(0));
        }
        match zone(text.as_bytes()) {
            Some((offset, [])) => Some(offset),
            _ => None,
        }
    }

    /// `+08:00` style.
    pub fn text(self) -> String {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let m = self.0.unsigned_abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

/// A read timestamp: the instant, and the offset of the wall clock it was
/// written in (the hour-of-day profile is the customers' local hours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// Milliseconds since 1970-01-01T00:00Z.
    pub utc_ms: i64,
    /// The written offset, or the stated one for a naive timestamp.
    pub offset: Offset,
}

impl Stamp {
    /// Milliseconds since 1970-01-01T00:00 of the local wall clock.
    pub fn local_ms(self) -> i64 {
        self.utc_ms + i64::from(self.offset.0) * MS_PER_MINUTE
    }
}

/// Days from 1970-01-01 to the given date (proleptic Gregorian), for years
/// 1000–9999: whole years, the leap days before them, then the months.
pub fn days_from_date(year: i64, month: u32, day: u32) -> i64 {
    let leaps_before = |y: i64| y / 4 - y / 100 + y / 400;
    let whole_years = 365 * (year - 1970) + leaps_before(year - 1) - leaps_before(1969);
    let before_month: i64 = (1..month).map(|m| i64::from(month_days(year, m))).sum();
    whole_years + before_month + i64::from(day) - 1
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn month_days(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date of a day number of [`days_from_date`], `(year, month, day)`.
pub fn date_from_days(days: i64) -> (i64, u32, u32) {
    // Estimate the year, then correct it by at most a step either way.
    let mut year = 1970 + days.div_euclid(365);
    while days_from_date(year, 1, 1) > days {
        year -= 1;
    }
    while days_from_date(year + 1, 1, 1) <= days {
        year += 1;
    }
    let mut left = days - days_from_date(year, 1, 1);
    let mut month = 1;
    while left >= i64::from(month_days(year, month)) {
        left -= i64::from(month_days(year, month));
        month += 1;
    }
    (year, month, left as u32 + 1)
}

/// Monday = 0 … Sunday = 6 of a day number (1970-01-01 was a Thursday).
pub fn weekday(days: i64) -> usize {
    (days + 3).rem_euclid(7) as usize
}

/// Writes `utc_ms` as `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn format_utc(utc_ms: i64, out: &mut String) {
    use std::fmt::Write;
    let days = utc_ms.div_euclid(MS_PER_DAY);
    let ms = utc_ms.rem_euclid(MS_PER_DAY);
    let (y, mo, d) = date_from_days(days);
    let (h, mi, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z"
    );
}

/// Reads a timestamp; `zone` is the offset of naive timestamps.
pub fn parse(text: &str, zone: Option<Offset>) -> Result<Stamp, TimeProblem> {
    let b = text.trim().as_bytes();
    let year = digits(b, 0, 4).ok_or(TimeProblem::Format)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(TimeProblem::Format);
    }
    let month = digits(b, 5, 2).ok_or(TimeProblem::Format)? as u32;
    let day = digits(b, 8, 2).ok_or(TimeProblem::Format)? as u32;
    if year < 1000 || !(1..=12).contains(&month) || day < 1 || day > month_days(year, month) {
        return Err(TimeProblem::Range);
    }
    let mut ms: i64 = 0;
    let mut rest = &b[10..];
    if let Some((&sep, after)) = rest.split_first()
        && (sep == b'T' || sep == b't' || sep == b' ')
    {
        let hour = digits(after, 0, 2).ok_or(TimeProblem::Format)?;
        if after.get(2) != Some(&b':') {
            return Err(TimeProblem::Format);
        }
        let minute = digits(after, 3, 2).ok_or(TimeProblem::Format)?;
        let mut at = 5;
        let mut second = 0;
        let mut milli = 0;
        if after.get(5) == Some(&b':') {
            second = digits(after, 6, 2).ok_or(TimeProblem::Format)?;
            at = 8;
            if matches!(after.get(8), Some(b'.') | Some(b',')) {
                at = 9;
                let mut scale = 100;
                while let Some(&c) = after.get(at).filter(|c| c.is_ascii_digit()) {
                    milli += i64::from(c - b'0') * scale;
                    scale /= 10;
                    at += 1;
                }
                if at == 9 {
                    return Err(TimeProblem::Format);
                }
            }
        }
        // 24:00:00 is the end of a day (ISO 8601 allows it).
        let end_of_day = hour == 24 && minute == 0 && second == 0 && milli == 0;
        if (hour > 23 && !end_of_day) || minute > 59 || second > 59 {
            return Err(TimeProblem::Range);
        }
        ms = ((hour * 60 + minute) * 60 + second) * 1000 + milli;
        rest = &after[at..];
    }
    let offset = if rest.is_empty() {
        zone.ok_or(TimeProblem::NoZone)?
    } else if rest == b"Z" || rest == b"z" {
        Offset(0)
    } else {
        match zone_bytes(rest) {
            Some(offset) => offset,
            None => return Err(TimeProblem::Format),
        }
    };
    let local = days_from_date(year, month, day) * MS_PER_DAY + ms;
    Ok(Stamp {
        utc_ms: local - i64::from(offset.0) * MS_PER_MINUTE,
        offset,
    })
}

fn zone_bytes(b: &[u8]) -> Option<Offset> {
    match zone(b) {
        Some((offset, [])) => Some(offset),
        _ => None,
    }
}

/// `±HH[:MM|MM]` at the start of `b`, and what follows.
fn zone(b: &[u8]) -> Option<(Offset, &[u8])> {
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = digits(b, 1, 2)?;
    let (minutes, used) = if b.get(3) == Some(&b':') {
        (digits(b, 4, 2)?, 6)
    } else if b.len() >= 5 && b[3].is_ascii_digit() {
        (digits(b, 3, 2)?, 5)
    } else {
        (0, 3)
    };
    if hours > 18 || minutes > 59 {
        return None;
    }
    Some((Offset(sign * (hours * 60 + minutes) as i32), &b[used..]))
}

/// The decimal number of `len` ASCII digits at `at`.
fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let slice = b.get(at..at + len)?;
    slice.iter().try_fold(0i64, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_agree_with_known_dates() {
        assert_eq!(days_from_date(1970, 1, 1), 0);
        assert_eq!(days_from_date(2000, 3, 1), 11_017);
        assert_eq!(days_from_date(2024, 1, 1), 19_723);
        assert_eq!(weekday(days_from_date(2024, 1, 1)), 0, "a Monday");
        assert_eq!(weekday(days_from_date(2025, 3, 9)), 6, "a Sunday");
        for days in [-1, 0, 59, 365, 11_016, 19_782, 30_000, 2_932_896] {
            let (y, m, d) = date_from_days(days);
            assert_eq!(days_from_date(y, m, d), days, "{days}");
        }
    }

    #[test]
    fn reads_zones_fractions_and_naive_times() {
        let utc = parse("2024-01-01T08:00:00Z", None).unwrap();
        let east = parse("2024-01-01T16:00:00+08:00", None).unwrap();
        assert_eq!(utc.utc_ms, east.utc_ms);
        assert_eq!(east.offset, Offset(480));
        assert_eq!(east.local_ms() - utc.local_ms(), 8 * 3_600_000);
        assert_eq!(
            parse("2024-01-01 16:00+0800", None).unwrap().utc_ms,
            utc.utc_ms
        );
        assert_eq!(
            parse("2024-01-01T03:00-05", None).unwrap().utc_ms,
            utc.utc_ms
        );
        let frac = parse("2024-01-01T08:00:00.25Z", None).unwrap();
        assert_eq!(frac.utc_ms - utc.utc_ms, 250);
        assert_eq!(
            parse("2024-01-01T16:00:00", None),
            Err(TimeProblem::NoZone),
            "a naive time needs a stated zone"
        );
        let naive = parse("2024-01-01T16:00:00", Offset::parse("+08:00")).unwrap();
        assert_eq!(naive, east);
        assert_eq!(parse("2024-02-30T00:00Z", None), Err(TimeProblem::Range));
        assert_eq!(parse("2024-01-01T25:00Z", None), Err(TimeProblem::Range));
        assert_eq!(parse("yesterday", None), Err(TimeProblem::Format));
        assert_eq!(
            parse("2024-01-01T08:00:00+8", None),
            Err(TimeProblem::Format)
        );
        assert_eq!(
            parse("2024-01-01T24:00:00Z", None).unwrap().utc_ms,
            days_from_date(2024, 1, 2) * MS_PER_DAY
        );
        assert_eq!(
            parse("2024-01-02", Some(Offset(0))).unwrap().utc_ms,
            days_from_date(2024, 1, 2) * MS_PER_DAY
        );
    }

    #[test]
    fn formatting_reads_back() {
        let mut text = String::new();
        let ms = days_from_date(2025, 12, 31) * MS_PER_DAY + 23 * 3_600_000 + 59 * 60_000 + 1_234;
        format_utc(ms, &mut text);
        assert_eq!(text, "2025-12-31T23:59:01.234Z");
        assert_eq!(parse(&text, None).unwrap().utc_ms, ms);
        assert_eq!(Offset::parse("+08:00"), Some(Offset(480)));
        assert_eq!(Offset::parse("UTC"), Some(Offset(0)));
        assert_eq!(Offset::parse("-0530"), Some(Offset(-330)));
        assert_eq!(Offset::parse("08:00"), None);
        assert_eq!(Offset(480).text(), "+08:00");
    }
}
