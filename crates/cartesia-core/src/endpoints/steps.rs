//! The resource-method tests of the families, as tables: [`resource_steps!`] turns one row
//! per call (the call, the replies it takes, the requests it must send, the check of its
//! answer) into a test for each client ([`both_clients!`](crate::test_support::both_clients)).

use crate::transport::HttpResponse;

/// A JSON reply.
pub(crate) fn json(status: u16, body: &str) -> HttpResponse {
    crate::test_support::response_with(status, &[("content-type", "application/json")], body)
}

/// A reply without a body (`204` and the like).
pub(crate) fn empty(status: u16) -> HttpResponse {
    crate::test_support::response(status, "")
}

/// Asserts that each `(parameter, result)` is a refusal before any I/O, an
/// [`InvalidRequest`](crate::Error::InvalidRequest) naming that parameter (`bad` is the value
/// tried, for the messages).
pub(crate) fn refused<T: std::fmt::Debug>(
    bad: &str,
    cases: impl IntoIterator<Item = (&'static str, Result<T, crate::Error>)>,
) {
    for (parameter, result) in cases {
        match result {
            Err(crate::Error::InvalidRequest(e)) => assert_eq!(e.field(), parameter, "{bad:?}"),
            other => panic!("{parameter} = {bad:?}: {other:?}"),
        }
    }
}

/// Asserts the request each endpoint builds, one row each: `endpoint => "METHOD /path?query";`
/// for a request without a body, `endpoint => "METHOD /path", json!(..);` for one with that
/// JSON body (the path is what follows the base URL).
macro_rules! requests {
    ($($ep:expr => $line:expr $(, $body:expr)?;)+) => {$(
        let (method, path, body) = $crate::test_support::sent_value(&$ep);
        assert_eq!(
            (format!("{method} {path}"), body),
            ($line.to_owned(), $crate::endpoints::steps::requests!(@body $($body)?)),
            "{}",
            stringify!($ep)
        );
    )+};
    (@body) => { serde_json::Value::Null };
    (@body $body:expr) => { $body };
}

/// A page of a list answer: `{"data":[items],"has_more":more}`.
pub(crate) fn page<S: AsRef<str>>(items: impl IntoIterator<Item = S>, more: bool) -> String {
    let items: Vec<S> = items.into_iter().collect();
    let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    format!(r#"{{"data":[{}],"has_more":{more}}}"#, items.join(","))
}

/// `item` (a JSON object whose id is `id`) once per id of `ids`, with that id.
pub(crate) fn with_ids(item: &str, id: &str, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|i| item.replace(id, i)).collect()
}

/// The blocking and the async test of a family's resource methods
/// (`blocking_resource_methods_send_their_endpoints` and
/// `async_resource_methods_send_their_endpoints`), from one table:
///
/// ```text
/// resource_steps! {
///     |client| {
///         let webhooks = client.agents().webhooks();     // set-up, run by both tests
///     }
///     run webhooks.get("wh_1");                          // `run`: one call; `all`: every page
///         replies [json(200, SUMMARY)]                   // queued in table order
///         sends [("GET", "/agents/webhooks/wh_1", "")]   // method, path and query, body text
///         => |got| assert_eq!(got.unwrap().id, "wh_1");  // the answer's check
///     // A cursor list over two pages: `list(request)` answers the first page (its ids
///     // checked); `list_all(request)` follows the last id to the second, the last one.
///     pages webhooks.list, list_all(ListWebhooks::new().limit(2))
///         of page ["wh_1", "wh_2"] ["wh_3"]              // `page(ids, has_more)`: a page's JSON
///         sends ["/agents/webhooks?limit=2", "/agents/webhooks?starting_after=wh_2&limit=2"];
///     // Several methods of one handle on the same id, each answered with the same reply and
///     // its answer checked the same way: one `run` step each, in order.
///     each webhooks("wh_1") [get "GET" "/agents/webhooks/wh_1", delete "DELETE" "/agents/webhooks/wh_1"]
///         replies json(200, SUMMARY) => |got| assert_eq!(got.unwrap().id, "wh_1");
/// }
/// ```
///
/// After the last row the mock must have received exactly the requests of the table, in
/// order, and have no reply left.
macro_rules! resource_steps {
    (|$client:ident| { $($setup:tt)* } $($rows:tt)+) => {
        $crate::endpoints::steps::resource_steps!(@rows [$client, { $($setup)* }] [] $($rows)+);
    };
    // A `pages` row: the two steps it stands for.
    (@rows $head:tt [$($done:tt)*]
        pages $h:ident . $list:ident, $all:ident($request:expr)
            of $page:ident [$($first:literal),+] [$($last:literal),*]
            sends [$p1:literal, $p2:literal $(,)?];
        $($rest:tt)*
    ) => {
        $crate::endpoints::steps::resource_steps!(@rows $head [$($done)*
            {
                run $h.$list($request.clone());
                [$crate::endpoints::steps::json(200, &$page(&[$($first),+], true))]
                [("GET", $p1, "")]
                page => assert_eq!($crate::test_support::ids(&page.unwrap().data), [$($first),+])
            }
            {
                all $h.$all($request);
                [
                    $crate::endpoints::steps::json(200, &$page(&[$($first),+], true)),
                    $crate::endpoints::steps::json(200, &$page(&[$($last),*], false))
                ]
                [("GET", $p1, ""), ("GET", $p2, "")]
                all => assert_eq!($crate::test_support::ids(&all.unwrap()), [$($first,)+ $($last),*])
            }
        ] $($rest)*);
    };
    // An `each` row: one `run` step per method.
    (@rows $head:tt [$($done:tt)*]
        each $h:ident($arg:expr) [$($m:ident $meth:literal $path:literal),+ $(,)?]
            replies $reply:expr => |$out:ident| $check:expr;
        $($rest:tt)*
    ) => {
        $crate::endpoints::steps::resource_steps!(@rows $head [$($done)*
            $( { run $h.$m($arg); [$reply] [($meth, $path, "")] $out => $check } )+
        ] $($rest)*);
    };
    (@rows $head:tt [$($done:tt)*]
        $kind:ident $call:expr ;
        replies [$($reply:expr),* $(,)?]
        sends [$(($m:literal, $p:literal, $b:expr $(,)?)),* $(,)?]
        => |$out:ident| $check:expr ;
        $($rest:tt)*
    ) => {
        $crate::endpoints::steps::resource_steps!(@rows $head [$($done)*
            { $kind $call; [$($reply),*] [$(($m, $p, $b)),*] $out => $check }
        ] $($rest)*);
    };
    (@rows [$client:ident, { $($setup:tt)* }] [$(
        { $kind:ident $call:expr; [$($reply:expr),*] [$(($m:literal, $p:literal, $b:expr)),*] $out:ident => $check:expr }
    )+]) => {
        $crate::test_support::both_clients! {
            fn blocking_resource_methods_send_their_endpoints,
            async_resource_methods_send_their_endpoints(mock = |mock: &$crate::mock::MockTransport| {
                $($( mock.push_response($reply); )*)+
            }, $client) {
                $($setup)*
                $(
                    let $out = $kind!($call);
                    $check;
                )+
                $crate::test_support::assert_recorded_with_bodies(&mock, &[$($( ($m, $p, $b), )*)+]);
                assert_eq!(mock.pending(), 0, "a queued reply was not used");
            }
        }
    };
}

pub(crate) use {requests, resource_steps};
