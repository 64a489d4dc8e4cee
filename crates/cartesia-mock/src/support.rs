//! What every route uses: extractors that answer bad input with the structured error,
//! body validation, cursor pages, API-style ids, timestamps and JSON responses.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::ApiError;

/// The API's default page size.
pub(crate) const DEFAULT_LIMIT: usize = 10;
/// The largest page size the API accepts.
pub(crate) const MAX_LIMIT: usize = 100;

/// Path parameters; a segment that is not valid percent-encoded UTF-8 is a `400`.
pub(crate) struct P<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for P<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(P(value)),
            Err(e) => Err(ApiError::invalid_request(format!(
                "The request path is invalid: {e}"
            ))),
        }
    }
}

/// The query string as form-decoded pairs, in order.
#[derive(Debug, Default)]
pub(crate) struct Q(pub(crate) Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Q {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<Vec<(String, String)>>::from_request_parts(parts, state).await {
            Ok(Query(pairs)) => Ok(Q(pairs)),
            Err(e) => Err(ApiError::invalid_request(format!(
                "The query string is invalid: {e}"
            ))),
        }
    }
}

impl Q {
    /// The first value of `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// An integer parameter in `range`; `400` `"invalid_request"` otherwise.
    pub(crate) fn int(
        &self,
        name: &str,
        range: std::ops::RangeInclusive<usize>,
    ) -> Result<Option<usize>, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(None);
        };
        match raw.parse::<usize>() {
            Ok(n) if range.contains(&n) => Ok(Some(n)),
            _ => Err(ApiError::invalid_request(format!(
                "`{name}` must be an integer between {} and {}.",
                range.start(),
                range.end()
            ))),
        }
    }

    /// The cursor options of a list: `limit` (1–100, default 10) and at most one of
    /// `starting_after` and `ending_before` (the latter only if `backwards`).
    pub(crate) fn cursor(&self, backwards: bool) -> Result<Cursor, ApiError> {
        let limit = self.int("limit", 1..=MAX_LIMIT)?.unwrap_or(DEFAULT_LIMIT);
        let after = self.get("starting_after").map(str::to_owned);
        let before = self.get("ending_before").map(str::to_owned);
        if !backwards && before.is_some() {
            return Err(ApiError::invalid_request(
                "This list does not take `ending_before`.",
            ));
        }
        match (after, before) {
            (Some(_), Some(_)) => Err(ApiError::invalid_request(
                "Pass at most one of `starting_after` and `ending_before`.",
            )),
            (Some(after), None) => Ok(Cursor {
                limit,
                at: At::After(after),
            }),
            (None, Some(before)) => Ok(Cursor {
                limit,
                at: At::Before(before),
            }),
            (None, None) => Ok(Cursor {
                limit,
                at: At::Start,
            }),
        }
    }
}

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum At {
    /// The first page.
    Start,
    /// After the item with this id.
    After(String),
    /// Before the item with this id (paging backwards).
    Before(String),
}

/// The cursor options of one list request.
#[derive(Debug, Clone)]
pub(crate) struct Cursor {
    /// The page size.
    pub(crate) limit: usize,
    /// Where the page starts.
    pub(crate) at: At,
}

/// One page of `items` (id and JSON, in list order) as `{"data", "has_more",
/// "next_page"}`. Paging backwards, `next_page` is the page's first id (the cursor for the
/// page before it); an unknown cursor is a `400`.
pub(crate) fn page(items: Vec<(String, Value)>, cursor: &Cursor) -> Result<Value, ApiError> {
    let position = |id: &str| {
        items.iter().position(|(i, _)| i == id).ok_or_else(|| {
            ApiError::invalid_request(format!("No item with ID `{id}` is in this list."))
        })
    };
    let (start, end, has_more, next) = match &cursor.at {
        At::Before(before) => {
            let end = position(before)?;
            let start = end.saturating_sub(cursor.limit);
            (start, end, start > 0, start)
        }
        at => {
            let start = match at {
                At::After(after) => position(after)? + 1,
                _ => 0,
            };
            let end = (start + cursor.limit).min(items.len());
            (start, end, end < items.len(), end.saturating_sub(1))
        }
    };
    let next_page = items
        .get(next)
        .filter(|_| has_more && start < end)
        .map(|(id, _)| Value::String(id.clone()))
        .unwrap_or(Value::Null);
    let data: Vec<Value> = items
        .into_iter()
        .skip(start)
        .take(end - start)
        .map(|(_, v)| v)
        .collect();
    Ok(serde_json::json!({"data": data, "has_more": has_more, "next_page": next_page}))
}

/// The ids and values of `items` whose `"id"` is a string, for [`page`].
pub(crate) fn with_ids<'a>(items: impl IntoIterator<Item = &'a Value>) -> Vec<(String, Value)> {
    items
        .into_iter()
        .map(|v| (v["id"].as_str().unwrap_or_default().to_owned(), v.clone()))
        .collect()
}

/// A JSON request body that must be an object: not JSON is `400`, another JSON value
/// `422`.
pub(crate) struct JsonBody(pub(crate) Obj);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::invalid_request(format!("The body could not be read: {e}")))?;
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::invalid_request(format!("The request body is not valid JSON: {e}"))
        })?;
        match value {
            Value::Object(map) => Ok(JsonBody(Obj { map, at: "body" })),
            _ => Err(ApiError::unprocessable(
                "The request body must be a JSON object.",
            )),
        }
    }
}

/// A JSON object being validated; errors name the field (`body.url`).
#[derive(Debug, Clone)]
pub(crate) struct Obj {
    /// The fields.
    pub(crate) map: Map<String, Value>,
    /// Where the object is, for messages.
    at: &'static str,
}

/// A field that may be absent, `null` or set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field<T> {
    /// Not in the object.
    Absent,
    /// `null`.
    Null,
    /// A value.
    Set(T),
}

impl<T> Field<T> {
    /// The value, if set.
    pub(crate) fn set(self) -> Option<T> {
        match self {
            Field::Set(v) => Some(v),
            _ => None,
        }
    }
}

impl Obj {
    /// An object found inside another (e.g. `outbound_calls[0]`).
    pub(crate) fn nested(map: Map<String, Value>, at: &'static str) -> Self {
        Obj { map, at }
    }

    fn wrong(&self, key: &str, what: &str) -> ApiError {
        ApiError::unprocessable(format!("`{}.{key}` must be {what}.", self.at))
    }

    /// Whether `key` is present (even as `null`).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// A string field that may be absent or `null`.
    pub(crate) fn str_field(&self, key: &str) -> Result<Field<String>, ApiError> {
        match self.map.get(key) {
            None => Ok(Field::Absent),
            Some(Value::Null) => Ok(Field::Null),
            Some(Value::String(s)) => Ok(Field::Set(s.clone())),
            Some(_) => Err(self.wrong(key, "a string")),
        }
    }

    /// An optional string (`null` counts as absent).
    pub(crate) fn opt_str(&self, key: &str) -> Result<Option<String>, ApiError> {
        Ok(self.str_field(key)?.set())
    }

    /// A required string.
    pub(crate) fn req_str(&self, key: &str) -> Result<String, ApiError> {
        match self.str_field(key)? {
            Field::Set(s) => Ok(s),
            _ => Err(ApiError::unprocessable(format!(
                "`{}.{key}` is required.",
                self.at
            ))),
        }
    }

    /// A required, non-empty string.
    pub(crate) fn req_nonempty(&self, key: &str) -> Result<String, ApiError> {
        let s = self.req_str(key)?;
        if s.is_empty() {
            return Err(self.wrong(key, "a non-empty string"));
        }
        Ok(s)
    }

    /// An optional integer.
    pub(crate) fn opt_int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.wrong(key, "an integer")),
            Some(_) => Err(self.wrong(key, "an integer")),
        }
    }

    /// An optional JSON object.
    pub(crate) fn opt_obj(&self, key: &str) -> Result<Option<Map<String, Value>>, ApiError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m.clone())),
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }

    /// An object field that may be absent, `null` or set.
    pub(crate) fn obj_field(&self, key: &str) -> Result<Field<Map<String, Value>>, ApiError> {
        match self.map.get(key) {
            None => Ok(Field::Absent),
            Some(Value::Null) => Ok(Field::Null),
            Some(Value::Object(m)) => Ok(Field::Set(m.clone())),
            Some(_) => Err(self.wrong(key, "an object")),
        }
    }

    /// An optional array whose every item `item` accepts (`what` names the array in the error).
    fn opt_array<T>(
        &self,
        key: &str,
        what: &str,
        item: fn(&Value) -> Option<T>,
    ) -> Result<Option<Vec<T>>, ApiError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| item(v).ok_or_else(|| self.wrong(key, what)))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(self.wrong(key, what)),
        }
    }

    /// An optional array of objects.
    pub(crate) fn opt_objects(
        &self,
        key: &str,
    ) -> Result<Option<Vec<Map<String, Value>>>, ApiError> {
        self.opt_array(key, "an array of objects", |v| v.as_object().cloned())
    }

    /// An optional array of strings.
    pub(crate) fn opt_strings(&self, key: &str) -> Result<Option<Vec<String>>, ApiError> {
        self.opt_array(key, "an array of strings", |v| {
            v.as_str().map(str::to_owned)
        })
    }

    /// An optional string that must be one of `allowed`.
    pub(crate) fn opt_enum(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        match self.opt_str(key)? {
            Some(v) if !allowed.contains(&v.as_str()) => {
                Err(self.wrong(key, &format!("one of {}", allowed.join(", "))))
            }
            v => Ok(v),
        }
    }
}

/// Where the first of `items` that `found` accepts stands, or the error `missing` makes (the
/// `404` of the resource).
pub(crate) fn position_or<T>(
    items: &[T],
    found: impl Fn(&T) -> bool,
    missing: fn() -> ApiError,
) -> Result<usize, ApiError> {
    items.iter().position(found).ok_or_else(missing)
}

/// Whether `s` looks like an E.164 number: `+` and 8 to 15 digits.
pub(crate) fn is_e164(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Whether `s` is an RFC 3339 timestamp.
pub(crate) fn is_rfc3339(s: &str) -> bool {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

/// Compares two RFC 3339 timestamps by instant (`None` if either does not parse).
pub(crate) fn instant(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// The current time, RFC 3339 in UTC with milliseconds.
pub(crate) fn now() -> String {
    let t = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// Ids in the API's style: a prefix and 26 characters of Crockford base32, like a ULID
/// (`ac_01JQ…`). They sort in creation order and are unique within a server.
#[derive(Debug)]
pub(crate) struct Ids {
    /// Mixed into every id, so that two servers' ids differ.
    seed: u64,
    /// How many ids were made.
    count: u64,
}

impl Ids {
    /// A generator for the server on `port`.
    pub(crate) fn new(port: u16) -> Self {
        Ids {
            seed: u64::from(port).wrapping_mul(0x9e37_79b9_7f4a_7c15),
            count: 0,
        }
    }

    /// The next id with `prefix` (e.g. `"wh"`).
    pub(crate) fn next(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        self.count += 1;
        let millis = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
        let millis = u64::try_from(millis).unwrap_or(0) & ((1 << 48) - 1);
        let mut random = (self.seed ^ self.count).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        random ^= random >> 31;
        let mut out = String::with_capacity(prefix.len() + 27);
        out.push_str(prefix);
        out.push('_');
        // 10 characters of time (50 bits), 6 of the counter, 10 of mixed bits.
        for i in (0..10).rev() {
            out.push(ALPHABET[((millis >> (i * 5)) & 31) as usize] as char);
        }
        for i in (0..6).rev() {
            out.push(ALPHABET[((self.count >> (i * 5)) & 31) as usize] as char);
        }
        for i in (0..10).rev() {
            out.push(ALPHABET[((random >> (i * 5)) & 31) as usize] as char);
        }
        out
    }
}

/// A JSON response with `status`.
pub(crate) fn json(status: StatusCode, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec());
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// A `200` JSON response.
pub(crate) fn ok(value: &Value) -> Response {
    json(StatusCode::OK, value)
}

/// A `201` JSON response.
pub(crate) fn created(value: &Value) -> Response {
    json(StatusCode::CREATED, value)
}

/// A `204` response without a body.
pub(crate) fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// The result type of every route.
pub(crate) type Reply = Result<Response, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<(String, Value)> {
        (0..n)
            .map(|i| {
                (
                    format!("i{i}"),
                    serde_json::json!({ "id": format!("i{i}") }),
                )
            })
            .collect()
    }

    fn ids(v: &Value) -> Vec<&str> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect()
    }

    fn cursor(q: &[(&str, &str)]) -> Result<Cursor, ApiError> {
        Q(q.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect())
        .cursor(true)
    }

    #[test]
    fn pages_forwards_and_backwards() {
        let first = page(items(5), &cursor(&[("limit", "2")]).unwrap()).unwrap();
        assert_eq!(ids(&first), ["i0", "i1"]);
        assert_eq!(first["has_more"], true);
        assert_eq!(first["next_page"], "i1");
        let last = page(
            items(5),
            &cursor(&[("limit", "2"), ("starting_after", "i3")]).unwrap(),
        )
        .unwrap();
        assert_eq!(ids(&last), ["i4"]);
        assert_eq!(last["has_more"], false);
        assert_eq!(last["next_page"], Value::Null);
        let back = page(
            items(5),
            &cursor(&[("limit", "2"), ("ending_before", "i3")]).unwrap(),
        )
        .unwrap();
        assert_eq!(ids(&back), ["i1", "i2"]);
        assert_eq!(back["has_more"], true);
        assert_eq!(back["next_page"], "i1");
        let unknown = page(items(5), &cursor(&[("starting_after", "x")]).unwrap());
        assert_eq!(unknown.unwrap_err().status, StatusCode::BAD_REQUEST);
        for bad in [
            vec![("limit", "0")],
            vec![("limit", "101")],
            vec![("limit", "x")],
            vec![("starting_after", "a"), ("ending_before", "b")],
        ] {
            assert!(cursor(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ids_are_unique_prefixed_and_ulid_shaped() {
        let mut gen = Ids::new(8080);
        let a = gen.next("wh");
        let b = gen.next("wh");
        assert_ne!(a, b);
        assert!(a.starts_with("wh_") && a.len() == 29, "{a}");
        assert!(a[3..].bytes().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn validates_numbers_and_times() {
        assert!(is_e164("+14155550123"));
        assert!(!is_e164("14155550123"));
        assert!(!is_e164("+1415"));
        assert!(is_rfc3339("2026-03-01T12:00:00Z"));
        assert!(!is_rfc3339("yesterday"));
        assert!(is_rfc3339(&now()));
    }
}
