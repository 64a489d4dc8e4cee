//! Fuzzes `Timestamp::parse` and `ApiVersion::new` with arbitrary strings.
//!
//! Two input modes:
//! - anything not starting with `#`: the input (lossily as UTF-8) is the string, so seeds are
//!   plain text files;
//! - `#` then bytes: a [`Parts`] is built from the bytes with `arbitrary` and written as an
//!   RFC 3339-shaped string with every field possibly out of range, which reaches the calendar
//!   edges (year 0 and 9999, offsets that cross them, leap days, second 60) much faster than
//!   byte mutations do.
//!
//! Checked: nothing panics; an accepted timestamp displays (when its UTC year has an RFC 3339
//! form) as a string that parses back to the same value and displays the same; an accepted
//! version is the input unchanged; error messages stay short.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use cartesia_types::{ApiVersion, Timestamp};
use libfuzzer_sys::fuzz_target;

/// The fields of an RFC 3339 timestamp, before range checks.
#[derive(Arbitrary, Debug)]
struct Parts {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    fraction: u32,
    fraction_digits: u8,
    /// `None`: `Z`.
    offset: Option<(bool, u8, u8)>,
    lowercase: bool,
}

impl Parts {
    /// An RFC 3339-shaped string; each field is reduced to a little past its valid range.
    fn render(&self) -> String {
        let (t, z) = if self.lowercase {
            ('t', 'z')
        } else {
            ('T', 'Z')
        };
        let mut s = format!(
            "{:04}-{:02}-{:02}{t}{:02}:{:02}:{:02}",
            self.year % 10_000,
            self.month % 14,
            self.day % 33,
            self.hour % 25,
            self.minute % 61,
            self.second % 62,
        );
        let digits = usize::from(self.fraction_digits % 12);
        if digits > 0 {
            let frac = format!("{:012}", self.fraction);
            s.push('.');
            s.push_str(&frac[frac.len() - digits..]);
        }
        match self.offset {
            None => s.push(z),
            Some((negative, h, m)) => s.push_str(&format!(
                "{}{:02}:{:02}",
                if negative { '-' } else { '+' },
                h % 25,
                m % 61
            )),
        }
        s
    }
}

fn check_timestamp(s: &str) {
    match Timestamp::parse(s) {
        Ok(t) => {
            let shown = t.to_string();
            let _ = format!("{t:?}");
            // Display falls back to `time`'s own (non-RFC 3339) rendering for years outside
            // 0..=9999, e.g. `0000-01-01T00:00:00+01:00` is year -1 in UTC; only RFC 3339
            // forms can round-trip.
            if (0..=9999).contains(&t.as_offset_date_time().year()) {
                let again = Timestamp::parse(&shown)
                    .unwrap_or_else(|e| panic!("{s:?} displays as {shown:?}, which fails: {e}"));
                assert_eq!(again, t, "{s:?} -> {shown:?}");
                assert_eq!(again.to_string(), shown);
                assert!(shown.ends_with('Z'), "{shown:?}");
            }
        }
        Err(e) => {
            let msg = e.to_string();
            // The input is cut to 64 bytes in the message; Debug escapes may grow it.
            assert!(msg.len() < 1024, "{} bytes", msg.len());
        }
    }
}

fn check_version(s: &str) {
    match ApiVersion::new(s) {
        Ok(v) => {
            assert_eq!(v.as_str(), s);
            assert_eq!(v.to_string(), s);
            assert_eq!(s.parse::<ApiVersion>(), Ok(v));
            assert_eq!(ApiVersion::new(v.as_str()), Ok(v));
            let _ = (v.is_known(), format!("{v:?}"));
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.len() < 1024, "{} bytes", msg.len());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some(rest) = data.strip_prefix(b"#") {
        if let Ok(parts) = Parts::arbitrary_take_rest(Unstructured::new(rest)) {
            let s = parts.render();
            check_timestamp(&s);
            check_version(&s[..s.len().min(10)]);
        }
        return;
    }
    let s = String::from_utf8_lossy(data);
    check_timestamp(&s);
    check_version(&s);
});
