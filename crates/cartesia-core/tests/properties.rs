//! Property tests of the pure pipeline: classifying and decoding any response, building the
//! request for any path id, and parsing timestamps and API versions.
//!
//! Bounded to 256 cases per property so the file runs in a few seconds; run more with
//! `PROPTEST_CASES=10000 cargo test -p cartesia-core --test properties` (see docs/FUZZING.md).

use bytes::Bytes;
use cartesia_core::endpoints::agents::ListPhoneNumbers;
use cartesia_core::pipeline;
use cartesia_core::types::{ApiVersion, Timestamp};
use cartesia_core::{ApiErrorKind, ClientBuilder, ClientConfig, Error, RequestOptions};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};
use serde_json::{json, Map, Value};

/// Cases per property when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 256;

/// How many body bytes a decode error keeps (`DecodeError::body_snippet`).
const DECODE_SNIPPET_BYTES: usize = 256;

/// How many body bytes `ApiError`'s `Display` shows.
const DISPLAY_BODY_BYTES: usize = 200;

/// The proptest configuration: proptest's default (which reads every `PROPTEST_*` variable),
/// with [`DEFAULT_CASES`] unless `PROPTEST_CASES` says otherwise. Writing
/// `ProptestConfig { cases: 256, ..ProptestConfig::default() }` would silently ignore
/// `PROPTEST_CASES`, so the override only applies when the variable is absent.
///
/// Failing cases are saved next to this file, in `properties.proptest-regressions` (commit
/// it: those cases are replayed first on every run). Proptest's own default location needs a
/// `lib.rs` beside the test, which an integration test does not have.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = DEFAULT_CASES;
    }
    // `None` when PROPTEST_DISABLE_FAILURE_PERSISTENCE is set; keep that.
    if config.failure_persistence.is_some() {
        config.failure_persistence = Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        )));
    }
    config
}

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/// Any Unicode text, control characters included (JSON escapes them).
fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..=max).prop_map(String::from_iter)
}

/// A JSON value of a type that fits none of the `PhoneNumber` fields it is put in.
fn json_not_string() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(json!([])),
        Just(json!({ "nested": [1, 2] })),
    ]
}

fn json_not_bool() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<u64>().prop_map(Value::from),
        any_text(8).prop_map(Value::from),
        Just(json!([true])),
    ]
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid RFC 3339 timestamp with the instant it names, computed independently of `time`.
#[derive(Debug, Clone)]
struct GenTimestamp {
    text: String,
    unix_seconds: i64,
    nanos: u32,
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian calendar).
fn days_since_epoch(year: i32, month: u32, day: u32) -> i64 {
    let mut days = 0i64;
    if year >= 1970 {
        for y in 1970..year {
            days += if days_in_month(y, 2) == 29 { 366 } else { 365 };
        }
    } else {
        for y in year..1970 {
            days -= if days_in_month(y, 2) == 29 { 366 } else { 365 };
        }
    }
    for m in 1..month {
        days += i64::from(days_in_month(year, m));
    }
    days + i64::from(day) - 1
}

/// Year 1970..9999 (exclusive: a negative offset on 9999-12-31 leaves time's range, see
/// `known_bug_timestamp_parse_panics_past_year_9999`), any offset, 0–9 fraction digits, and
/// the lowercase `t`/`z` RFC 3339 allows.
fn rfc3339() -> impl Strategy<Value = GenTimestamp> {
    (1970i32..9999, 1u32..=12)
        .prop_flat_map(|(year, month)| {
            (
                Just(year),
                Just(month),
                1..=days_in_month(year, month),
                (0u32..24, 0u32..60, 0u32..60),
                prop::collection::vec(0u8..10, 0..=9),
                prop_oneof![
                    Just(None),
                    (any::<bool>(), 0u32..24, 0u32..60).prop_map(Some)
                ],
                (any::<bool>(), any::<bool>()),
            )
        })
        .prop_map(
            |(year, month, day, (h, mi, s), frac, offset, (lower_t, lower_z))| {
                let mut text = format!(
                    "{year:04}-{month:02}-{day:02}{}{h:02}:{mi:02}:{s:02}",
                    if lower_t { 't' } else { 'T' }
                );
                let mut nanos = 0u32;
                if !frac.is_empty() {
                    text.push('.');
                    for (i, d) in frac.iter().enumerate() {
                        text.push(char::from(b'0' + d));
                        nanos += u32::from(*d) * 10u32.pow(8 - i as u32);
                    }
                }
                let offset_seconds = match offset {
                    None => {
                        text.push(if lower_z { 'z' } else { 'Z' });
                        0
                    }
                    Some((negative, oh, om)) => {
                        text.push_str(&format!(
                            "{}{oh:02}:{om:02}",
                            if negative { '-' } else { '+' }
                        ));
                        let secs = i64::from(oh * 3600 + om * 60);
                        if negative {
                            -secs
                        } else {
                            secs
                        }
                    }
                };
                let local =
                    days_since_epoch(year, month, day) * 86_400 + i64::from(h * 3600 + mi * 60 + s);
                GenTimestamp {
                    text,
                    unix_seconds: local - offset_seconds,
                    nanos,
                }
            },
        )
}

/// One field of a generated object: left out, well-typed, or ill-typed.
#[derive(Debug, Clone)]
enum Field {
    Missing,
    Valid(Value),
    Invalid(Value),
}

impl Field {
    fn is_valid(&self) -> bool {
        matches!(self, Field::Valid(_))
    }
}

fn string_field() -> impl Strategy<Value = Field> {
    prop_oneof![
        6 => any_text(12).prop_map(|s| Field::Valid(Value::from(s))),
        1 => Just(Field::Missing),
        1 => json_not_string().prop_map(Field::Invalid),
    ]
}

fn timestamp_field() -> impl Strategy<Value = Field> {
    prop_oneof![
        6 => rfc3339().prop_map(|t| Field::Valid(Value::from(t.text))),
        1 => Just(Field::Missing),
        1 => json_not_string().prop_map(Field::Invalid),
        // A string that is not RFC 3339 (nothing starting with `x` is).
        1 => any_text(12).prop_map(|s| Field::Invalid(Value::from(format!("x{s}")))),
        1 => Just(Field::Invalid(Value::from("2026-03-01 12:00:00"))),
    ]
}

fn bool_field() -> impl Strategy<Value = Field> {
    prop_oneof![
        6 => any::<bool>().prop_map(|b| Field::Valid(Value::from(b))),
        1 => Just(Field::Missing),
        1 => json_not_bool().prop_map(Field::Invalid),
    ]
}

const PHONE_FIELDS: [&str; 5] = [
    "agent_id",
    "number",
    "created_at",
    "updated_at",
    "is_cartesia_managed",
];

/// A phone-number-like object: each field present or not, well- or ill-typed, plus unknown
/// fields (which must be ignored).
fn phone_number_like() -> impl Strategy<Value = (Value, bool)> {
    (
        string_field(),
        string_field(),
        timestamp_field(),
        timestamp_field(),
        bool_field(),
        prop::collection::vec((any_text(6), json_not_string()), 0..3),
    )
        .prop_map(|(a, n, c, u, m, extra)| {
            let fields = [a, n, c, u, m];
            let valid = fields.iter().all(Field::is_valid);
            let mut obj = Map::new();
            for (name, f) in PHONE_FIELDS.iter().zip(fields) {
                match f {
                    Field::Missing => {}
                    Field::Valid(v) | Field::Invalid(v) => {
                        obj.insert((*name).to_owned(), v);
                    }
                }
            }
            for (k, v) in extra {
                obj.insert(format!("x_{k}"), v);
            }
            (Value::Object(obj), valid)
        })
}

/// A generated body, with whether it must decode as `Vec<PhoneNumber>` (`None`: unknown).
#[derive(Debug, Clone)]
struct Body {
    bytes: Vec<u8>,
    decodes: Option<bool>,
}

fn error_body() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        3 => any_text(40).prop_map(Value::from),
        1 => Just(Value::Null),
        1 => any::<i64>().prop_map(Value::from),
    ];
    prop::collection::vec(
        (
            select(vec![
                "error_code",
                "title",
                "message",
                "request_id",
                "doc_url",
                "other",
            ]),
            value,
        ),
        0..6,
    )
    .prop_map(|pairs| {
        let obj: Map<String, Value> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        serde_json::to_vec(&Value::Object(obj)).unwrap()
    })
}

fn body() -> impl Strategy<Value = Body> {
    let phone_array = prop::collection::vec(phone_number_like(), 0..4).prop_map(|items| {
        let valid = items.iter().all(|(_, ok)| *ok);
        let arr = Value::Array(items.into_iter().map(|(v, _)| v).collect());
        Body {
            bytes: serde_json::to_vec(&arr).unwrap(),
            decodes: Some(valid),
        }
    });
    let truncated = (
        prop::collection::vec(phone_number_like(), 1..3),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(items, cut)| {
            let arr = Value::Array(items.into_iter().map(|(v, _)| v).collect());
            let mut bytes = serde_json::to_vec(&arr).unwrap();
            bytes.truncate(cut.index(bytes.len()));
            // Any proper prefix of a compact JSON array is incomplete.
            Body {
                bytes,
                decodes: Some(false),
            }
        });
    prop_oneof![
        4 => phone_array,
        1 => truncated,
        2 => error_body().prop_map(|bytes| Body { bytes, decodes: Some(false) }),
        1 => select(vec![
            ("", false),
            ("[]", true),
            (" [ ] ", true),
            ("null", false),
            ("{}", false),
            ("[{}]", false),
            ("[] x", false),
            ("[]]", false),
            ("<html><body>502 Bad Gateway</body></html>", false),
        ])
        .prop_map(|(s, ok)| Body {
            bytes: s.as_bytes().to_vec(),
            decodes: Some(ok),
        }),
        1 => any_text(600).prop_map(|s| Body { bytes: s.into_bytes(), decodes: None }),
        1 => prop::collection::vec(any::<u8>(), 0..700)
            .prop_map(|bytes| Body { bytes, decodes: None }),
    ]
}

/// A small header set; names and values that `http` refuses are skipped.
fn headers() -> impl Strategy<Value = HeaderMap> {
    let name = prop_oneof![
        select(vec![
            "x-request-id",
            "content-type",
            "retry-after",
            "retry-after-ms",
            "x-should-retry",
        ])
        .prop_map(str::to_owned),
        "[a-z][a-z0-9-]{0,12}",
        any_text(6),
    ];
    let value = prop_oneof!["[ -~]{0,24}", "[0-9]{1,6}", any_text(8)];
    prop::collection::vec((name, value), 0..6).prop_map(|pairs| {
        let mut map = HeaderMap::new();
        for (n, v) in pairs {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(n.as_bytes()),
                HeaderValue::from_str(&v),
            ) {
                map.append(n, v);
            }
        }
        map
    })
}

fn response(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> http::Response<Bytes> {
    let mut resp = http::Response::new(Bytes::copy_from_slice(body));
    *resp.status_mut() = status;
    *resp.headers_mut() = headers.clone();
    resp
}

fn client_config() -> ClientConfig {
    ClientBuilder::new().api_key("k").config().unwrap()
}

/// A path id: arbitrary text, the refused dot segments, and a mix of characters that matter
/// in URLs.
fn agent_id() -> impl Strategy<Value = String> {
    let tricky = select(vec![
        '.', '/', '%', '?', '#', ' ', '+', '&', '=', ';', '@', ':', 'a', 'Z', '0', '~', '-', '_',
        '\\', '\n', '\r', '\0', '\u{7f}', '\u{85}', 'é', '😀',
    ]);
    prop_oneof![
        select(vec!["", ".", "..", "...", "a", "%2e", "%2E%2E"]).prop_map(str::to_owned),
        any_text(16),
        any::<String>(),
        prop::collection::vec(tricky, 0..8).prop_map(String::from_iter),
    ]
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn is_success(status: StatusCode) -> bool {
    (200..300).contains(&status.as_u16())
}

/// Checks `DecodeError::body_snippet`: at most 256 body bytes, lossily as UTF-8, whitespace
/// runs collapsed, and `… (N bytes in all)` exactly when the body was longer.
fn check_snippet(snippet: &str, body: &[u8]) -> Result<(), TestCaseError> {
    let text = if body.len() > DECODE_SNIPPET_BYTES {
        let note = format!("… ({} bytes in all)", body.len());
        prop_assert!(snippet.ends_with(&note), "no cut note: {snippet:?}");
        &snippet[..snippet.len() - note.len()]
    } else {
        snippet
    };
    prop_assert!(text.chars().count() <= DECODE_SNIPPET_BYTES, "{text:?}");
    // Each invalid byte becomes U+FFFD (3 bytes), so non-UTF-8 bodies can triple.
    prop_assert!(text.len() <= 3 * DECODE_SNIPPET_BYTES, "{}", text.len());
    if std::str::from_utf8(body).is_ok() {
        // Only a character cut at the limit can add bytes (one U+FFFD).
        prop_assert!(text.len() <= DECODE_SNIPPET_BYTES + 2, "{}", text.len());
    }
    prop_assert_eq!(text, text.trim());
    prop_assert!(!text.contains("  "), "whitespace run kept: {:?}", text);
    prop_assert!(
        !text.chars().any(|c| c.is_whitespace() && c != ' '),
        "whitespace not collapsed: {:?}",
        text
    );
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// (a) Any status, headers and body: `complete` never panics; non-2xx is always
    /// `Error::Api` keeping status, headers and the raw body; 2xx is the decoded list or a
    /// `Error::Decode` with a path and a short snippet.
    #[test]
    fn complete_classifies_and_decodes_any_response(
        status in (100u16..=999).prop_map(|s| StatusCode::from_u16(s).unwrap()),
        headers in headers(),
        body in body(),
    ) {
        let resp = response(status, &headers, &body.bytes);
        let result = pipeline::complete(&ListPhoneNumbers::new("a"), resp);

        if !is_success(status) {
            let err = match result {
                Err(e) => e,
                Ok(v) => return Err(TestCaseError::fail(format!("{status}: Ok({v:?})"))),
            };
            prop_assert_eq!(err.status(), Some(status));
            let Error::Api(api) = &err else {
                return Err(TestCaseError::fail(format!("{status}: not Error::Api: {err:?}")));
            };
            prop_assert_eq!(api.status(), status);
            prop_assert_eq!(api.kind(), ApiErrorKind::from_status(status));
            prop_assert_eq!(api.raw_body(), &body.bytes[..]);
            prop_assert_eq!(api.headers(), &headers);
            // The request id is the body's, else the `x-request-id` header's.
            if let Some(id) = api.request_id() {
                let from_body = api.body().and_then(|b| b.request_id.as_deref());
                let from_header = headers.get("x-request-id").and_then(|v| v.to_str().ok());
                prop_assert!(from_body == Some(id) || from_header == Some(id), "{id:?}");
            }
            let shown = err.to_string();
            let _ = format!("{err:?}");
            if api.body().is_none() {
                // An unstructured body is shortened (invalid UTF-8 may triple in size).
                let bound = 256 + 3 * DISPLAY_BODY_BYTES + api.request_id().map_or(0, str::len);
                prop_assert!(shown.len() <= bound, "{} > {bound}: {shown:?}", shown.len());
                if body.bytes.len() > DISPLAY_BODY_BYTES {
                    let note = "bytes in all)";
                    prop_assert!(shown.contains(note), "{shown:?}");
                }
            }
        } else {
            match result {
                Ok(numbers) => {
                    prop_assert_ne!(body.decodes, Some(false), "decoded: {:?}", numbers);
                    if body.decodes == Some(true) {
                        let expected: Vec<Value> = serde_json::from_slice(&body.bytes).unwrap();
                        prop_assert_eq!(numbers.len(), expected.len());
                        for (n, e) in numbers.iter().zip(&expected) {
                            prop_assert_eq!(Some(n.agent_id.as_str()), e["agent_id"].as_str());
                            prop_assert_eq!(Some(n.number.as_str()), e["number"].as_str());
                            prop_assert_eq!(
                                Some(n.is_cartesia_managed),
                                e["is_cartesia_managed"].as_bool()
                            );
                            let created = Timestamp::parse(e["created_at"].as_str().unwrap());
                            prop_assert_eq!(Ok(n.created_at), created);
                        }
                    }
                }
                Err(Error::Decode(d)) => {
                    prop_assert_ne!(body.decodes, Some(true), "refused: {}", d);
                    prop_assert_eq!(d.status(), status);
                    prop_assert!(!d.path().is_empty());
                    prop_assert_eq!(d.type_name(), "Vec<PhoneNumber>");
                    check_snippet(d.body_snippet(), &body.bytes)?;
                    let _ = (d.to_string(), format!("{d:?}"));
                }
                Err(other) => {
                    return Err(TestCaseError::fail(format!("{status}: {other:?}")));
                }
            }
        }
    }

    /// (b) Any agent id: refused before any I/O exactly when it is empty, `.`, `..` or has a
    /// control character; otherwise it is exactly one percent-encoded path segment that
    /// decodes back to the id.
    #[test]
    fn agent_id_is_one_encoded_segment(id in agent_id()) {
        let refused = id.is_empty() || id == "." || id == ".." || id.chars().any(char::is_control);
        let result = pipeline::build_request(
            &client_config(),
            &ListPhoneNumbers::new(id.clone()),
            &RequestOptions::new(),
        );
        match result {
            Err(Error::InvalidRequest(e)) => {
                prop_assert!(refused, "refused {id:?}: {e}");
                prop_assert_eq!(e.field(), "agent_id");
            }
            Err(other) => return Err(TestCaseError::fail(format!("{id:?}: {other:?}"))),
            Ok(req) => {
                prop_assert!(!refused, "accepted {:?}", id);
                let uri = req.uri();
                prop_assert_eq!(uri.scheme_str(), Some("https"));
                prop_assert_eq!(uri.host(), Some("api.cartesia.ai"));
                prop_assert_eq!(uri.query(), None);
                let seg = uri
                    .path()
                    .strip_prefix("/agents/")
                    .and_then(|p| p.strip_suffix("/phone-numbers"));
                let Some(seg) = seg else {
                    return Err(TestCaseError::fail(format!("path {:?}", uri.path())));
                };
                let raw = seg.as_bytes();
                let mut decoded = Vec::with_capacity(raw.len());
                let mut i = 0;
                while i < raw.len() {
                    let b = raw[i];
                    if b == b'%' {
                        let hex = raw.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                        let byte = hex
                            .filter(|h| h.bytes().all(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F')))
                            .and_then(|h| u8::from_str_radix(h, 16).ok());
                        let Some(byte) = byte else {
                            return Err(TestCaseError::fail(format!("bad escape in {seg:?}")));
                        };
                        decoded.push(byte);
                        i += 3;
                    } else {
                        prop_assert!(
                            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'),
                            "reserved byte {:?} in {:?}", b as char, seg
                        );
                        decoded.push(b);
                        i += 1;
                    }
                }
                prop_assert_eq!(decoded, id.as_bytes());
            }
        }
    }

    /// (c) Any valid RFC 3339 timestamp parses to the instant it names, and its display
    /// (UTC, RFC 3339) parses back to the same value.
    #[test]
    fn timestamps_parse_and_round_trip(t in rfc3339()) {
        let parsed = Timestamp::parse(&t.text);
        let Ok(parsed) = parsed else {
            return Err(TestCaseError::fail(format!("{:?}: {parsed:?}", t.text)));
        };
        prop_assert_eq!(parsed.unix_timestamp(), t.unix_seconds, "{}", t.text);
        prop_assert_eq!(parsed.as_offset_date_time().nanosecond(), t.nanos, "{}", t.text);
        let shown = parsed.to_string();
        prop_assert!(shown.ends_with('Z'), "{shown}");
        prop_assert_eq!(Timestamp::parse(&shown), Ok(parsed), "{}", shown);
        prop_assert_eq!(Timestamp::parse(&shown).unwrap().to_string(), shown);
    }

    /// (c) Parsing arbitrary text, or a valid timestamp with one character replaced, never
    /// panics; whatever parses displays and parses back.
    #[test]
    fn timestamp_parse_never_panics(
        s in prop_oneof![
            any_text(40),
            (rfc3339(), any::<prop::sample::Index>(), any::<char>()).prop_map(|(t, i, c)| {
                let mut chars: Vec<char> = t.text.chars().collect();
                let i = i.index(chars.len());
                chars[i] = c;
                chars.into_iter().collect()
            }),
        ]
    ) {
        if let Ok(t) = Timestamp::parse(&s) {
            prop_assert_eq!(Timestamp::parse(&t.to_string()), Ok(t), "{:?}", s);
        }
    }

    /// API versions: every `YYYY-MM-DD` with month 01–12 and day 01–31 is accepted as is;
    /// arbitrary text never panics, and whatever is accepted displays as given.
    #[test]
    fn api_versions(
        (y, m, d) in (0u32..10_000, 1u32..=12, 1u32..=31),
        s in any_text(12),
    ) {
        let text = format!("{y:04}-{m:02}-{d:02}");
        let v = ApiVersion::new(&text);
        prop_assert_eq!(v.map(|v| v.to_string()), Ok(text));
        if let Ok(v) = ApiVersion::new(&s) {
            prop_assert_eq!(v.as_str(), s.as_str());
        }
    }
}

/// Known bug (cartesia-types): `Timestamp::parse` converts to UTC with
/// `OffsetDateTime::to_offset`, which panics when the UTC instant leaves time's year range
/// (±9999). A 2xx body holding such a timestamp therefore panics inside `pipeline::complete`.
/// Fix: use `checked_to_offset` and return a `TimestampError`; then drop the `#[ignore]`.
#[test]
fn timestamp_parse_past_year_9999_is_an_error_not_a_panic() {
    let input = "9999-12-31T23:59:59-01:00";
    assert!(std::panic::catch_unwind(|| Timestamp::parse(input)).is_ok());
    let body =
        format!(r#"[{{"agent_id":"a","number":"n","created_at":"{input}","updated_at":"{input}","#)
            + r#""is_cartesia_managed":true}]"#;
    let resp = response(StatusCode::OK, &HeaderMap::new(), body.as_bytes());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pipeline::complete(&ListPhoneNumbers::new("a"), resp)
    }));
    assert!(matches!(result, Ok(Err(Error::Decode(_)))), "{result:?}");
}
