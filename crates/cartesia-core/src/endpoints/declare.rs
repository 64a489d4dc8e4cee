//! The declaration form of the endpoints: [`endpoints!`] turns one entry per operation into
//! the struct, `new()`, the setters, the [`Endpoint`](crate::Endpoint) impl, the operation's
//! catalog entry, its resource methods and a generated test. `docs/ADDING_AN_OPERATION.md`
//! walks through an entry.
//!
//! ```text
//! endpoints! {
//!     #[derive(Debug, Clone, PartialEq)]               // optional: for every struct of the family
//!                                                      // (default `Debug, Clone, PartialEq, Eq`)
//!     impl AsyncCalls, BlockingCalls {                 // the handles the methods below go on
//!         /// one page of calls ...                    // docs; `GET /agents/calls`: is prepended
//!         ListCalls = "agents_list-calls" GET ["/agents/calls"] -> Page<AgentCall>
//!             => request list, pages list_all {        // the resource methods (see below)
//!             query {                                  // in wire order
//!                 /// Only the calls of this agent.
//!                 agent_id: str,                       // Option<String>, setter impl Into<String>
//!                 provider_type as "type": opt ProviderType, // renamed key; Option<T>, setter T
//!                 parent_ids as "parent_ids[]": many String, // repeated key; Vec<T>
//!                 starting_after: bare String,         // Option<T>, setter written by hand
//!             }
//!             cursor [limit starting_after ending_before] "call" => AgentCall; // + Paginated
//!             pages Metric;                            // Paginated only (own cursor fields)
//!             pages OrganizationUser, next_page;       // ... paging by the opaque `next_page`
//!             admin Admin;                             // needs an admin key (`KeyKind::Admin`)
//!             json body: AgentOutboundCallRequest;     // new(.., body); `| Into` takes impl Into
//!             json body: T, check = path::to::fn;      // fn(&Self) -> Result<(), Error> first
//!             multipart form;                          // new(.., form: MultipartBody), sent as is
//!             multipart form: FileForm;                // ... or a form type: AsRef<MultipartBody>
//!             parse empty;                             // or `parse with path::to::fn;`
//!             accept = "audio/*";                      // or `accept with f;` (fn(&Self) -> &str)
//!             idempotent = false;
//!         }
//!
//!         /// one call.                                // no clause needed: `;` ends the entry
//!         GetCall = "agents_get-call" GET ["/agents/calls/" {call_id: String, except &["batches"]}]
//!             -> AgentCall => method get;
//!     }
//! }
//! ```
//!
//! The clauses after `=>` are the entry's resource methods, each emitted as an async and a
//! blocking method on the section's two handles (declared in `resources/mod.rs`): `method get`
//! takes what `new()` takes (path parameters as `&str`), `request list` takes the whole
//! request, `pages list_all` returns the pager (`AsyncPages` / `BlockingPages`). A method's doc
//! is the entry's doc after `` `GET /path` ([`Endpoint`]): ``; a pager's doc names the list it
//! walks. An entry without `=>` has no resource method.
//!
//! The path is literal pieces and typed parameters `{name: Type}` (`Type: AsRef<str>`). The
//! template in the catalog and what `write_path` writes come from the same tokens; every
//! parameter goes through [`UrlWriter::push_segment`](crate::endpoint::UrlWriter::push_segment)
//! (or `push_segment_except`, refusing the names of sibling routes) exactly once.
//!
//! A body is JSON (`json`) or a prebuilt [`MultipartBody`](crate::multipart::MultipartBody)
//! (`multipart`): its bytes and boundary are fixed before the first attempt, so a retry sends
//! identical bytes.

/// Declares a family of endpoints (see the module docs) and its `OPERATIONS`: sections
/// `impl AsyncX, BlockingX { .. }` of entries whose resource methods go on that pair of handles.
macro_rules! endpoints {
    (
        #[derive $derives:tt]
        $( impl $ra:ident, $rb:ident { $(
            $(#[doc = $doc:literal])*
            $name:ident = $op:literal $method:ident [$($piece:tt)+] -> $out:ty
                $(=> $($rkind:ident $rname:ident),+)? $(;)? $({ $($body:tt)* })?
        )* } )*
    ) => {
        $( $(
            $crate::endpoints::declare::endpoint! {
                $derives [$(#[doc = $doc])*] [$(#[doc = $doc])*] $name $op $method [$($piece)+] [$out]
                [$ra $rb $($($rkind $rname)+)?] { $($($body)*)? }
            }
        )* )*

        /// Every operation of this family, generated from the declarations (it cannot drift
        /// from the endpoints; `cargo xtask spec-check` compares it with the OpenAPI document).
        pub const OPERATIONS: &[$crate::endpoints::OperationInfo] = &[$($($name::OPERATION,)*)*];

        /// Generated: every path parameter of every operation takes `a/b?c#d e%` as exactly one
        /// encoded segment.
        #[cfg(test)]
        mod one_segment_per_path_parameter {
            $($(
                #[test]
                #[allow(non_snake_case)]
                fn $name() {
                    super::$name::__check_hostile_path();
                }
            )*)*
        }
    };
    // Without a `#[derive]`: the family's structs derive `Debug, Clone, PartialEq, Eq`.
    ($( impl $ra:ident, $rb:ident $ops:tt )*) => {
        $crate::endpoints::declare::endpoints! {
            #[derive(Debug, Clone, PartialEq, Eq)]
            $( impl $ra, $rb $ops )*
        }
    };
}

/// One entry of [`endpoints!`]: the struct, `new()`, the setters, the `Endpoint` impl, the
/// catalog entry and the resource methods (the clauses after `=>`, on the section's handles).
macro_rules! endpoint {
    (
        $derives:tt [$(#[doc = $doc:literal])*] $docs:tt
        $name:ident $op:literal $method:ident [$($piece:tt)+] [$out:ty]
        [$ra:ident $rb:ident $($rkind:ident $rname:ident)*]
        {
            $( query { $(
                $(#[doc = $qdoc:literal])*
                $q:ident $(as $key:literal)? : $qk:ident $($qt:ty)?
            ),* $(,)? } )?
            $( cursor [$c1:ident $c2:ident $c3:ident] $what:literal => $item:ty ; )?
            $( pages $pitem:ty $(, $np:ident)? ; )?
            $( admin $admin:ident ; )?
            $( json $b:ident : $bt:ty $(| $conv:ident)? $(, check = $check:path)? ; )?
            $( multipart $m:ident $(: $mt:ty)? ; )?
            $( parse $pk:ident $($pf:path)? ; )?
            $( accept $ak:tt $av:tt ; )?
            $( idempotent = $idem:literal ; )?
        }
    ) => {
        $crate::endpoints::declare::emit! { @body [$($b : $bt $(| $conv)?)?] [$($m $(: $mt)?)?]
            [
                [$method $out]
                $( $docs $rkind $rname $ra $rb ; )*
            ]
            [
                #[derive $derives]
                #[doc = concat!("`", stringify!($method), " ", $($crate::endpoints::declare::tpl!($piece),)+ "`:")]
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = concat!("Operation `", $op, "`.")]
            ]
            $name
            [
                $($( $(#[doc = $qdoc])* pub $q: $crate::endpoints::declare::qty!($qk $($qt)?), )*)?
                $(
                    #[doc = concat!("The number of ", $what, "s per page (the API takes 1–100).")]
                    pub limit: Option<u32>,
                    #[doc = concat!("Starts after the ", $what, " with this id (the last one of the previous page).")]
                    pub starting_after: Option<String>,
                    #[doc = concat!("Ends before the ", $what, " with this id (paging backwards).")]
                    pub ending_before: Option<String>,
                )?
            ]
            [
                $($( $q: Default::default(), )*)?
                $( limit: { let _ = $what; None }, starting_after: None, ending_before: None, )?
            ]
            [$($piece)+]
        }

        impl $name {
            /// This operation's entry in the catalog, from the same tokens as `write_path`.
            pub const OPERATION: $crate::endpoints::OperationInfo = $crate::endpoints::OperationInfo {
                method: stringify!($method),
                path: concat!($($crate::endpoints::declare::tpl!($piece)),+),
                operation_id: $op,
                endpoint: stringify!($name),
            };

            $($( $crate::endpoints::declare::qset!([$(#[doc = $qdoc])*] $q $qk $($qt)?); )*)?
        }

        $( $crate::endpoints::declare::cursor_list!($name => $item, $what); )?
        $( $crate::endpoints::declare::pages!($name => $pitem $(, $np)?); )?

        impl $crate::Endpoint for $name {
            type Output = $out;

            fn method(&self) -> ::http::Method {
                ::http::Method::$method
            }

            fn path_template(&self) -> &'static str {
                Self::OPERATION.path
            }

            fn write_path(&self, url: &mut $crate::endpoint::UrlWriter) -> Result<(), $crate::Error> {
                self.__write_own_path(url)
            }

            #[allow(unused_variables)]
            fn write_query(&self, url: &mut $crate::endpoint::UrlWriter) -> Result<(), $crate::Error> {
                $($(
                    $crate::endpoints::declare::qwrite!(
                        url, $crate::endpoints::declare::qkey!($q $($key)?), &self.$q, $qk
                    );
                )*)?
                $(
                    url.push_query_opt(stringify!($c1), self.$c1.as_ref());
                    url.push_query_opt(stringify!($c2), self.$c2.as_ref());
                    url.push_query_opt(stringify!($c3), self.$c3.as_ref());
                )?
                Ok(())
            }

            $(
                fn body(&self) -> Result<Option<$crate::endpoint::RequestBody>, $crate::Error> {
                    $( $check(self)?; )?
                    $crate::endpoint::RequestBody::json(&self.$b).map(Some)
                }
            )?

            $(
                fn body(&self) -> Result<Option<$crate::endpoint::RequestBody>, $crate::Error> {
                    Ok(Some($crate::endpoint::RequestBody::multipart(
                        ::core::convert::AsRef::<$crate::multipart::MultipartBody>::as_ref(&self.$m),
                    )))
                }
            )?

            $( fn accept(&self) -> &'static str { $crate::endpoints::declare::accept!(self, $ak $av) } )?

            $( fn idempotent(&self) -> bool { $idem } )?

            $( fn key_kind(&self) -> $crate::endpoint::KeyKind { $crate::endpoint::KeyKind::$admin } )?

            fn parse(&self, response: $crate::HttpResponse) -> Result<Self::Output, $crate::Error> {
                $crate::endpoints::declare::parse!(response $(, $pk $($pf)?)?)
            }
        }
    };
}

/// The struct, `new()`, the path writer and the resource methods of one entry. A tt-muncher:
/// it walks the path pieces, collecting each `{param: Type}` as a field, a `new` argument and a
/// writer argument. State: attrs, name, [resource methods], [path fields] [path args] [path
/// inits] [params], [tail fields] [tail args] [tail inits] [tail names] (query, cursor and
/// body), [all pieces] [pieces left].
macro_rules! emit {
    // The body first: it becomes the last `new` argument.
    (@body [] [] $res:tt $attrs:tt $name:ident $xf:tt $xi:tt $pieces:tt) => {
        $crate::endpoints::declare::emit!(@go $attrs $name $res [] [] [] [] $xf [] $xi [] $pieces $pieces);
    };
    // A multipart body: built (and checked) before the call, so every attempt sends it as is.
    (@body [] [$m:ident] $res:tt $attrs:tt $name:ident [$($xf:tt)*] [$($xi:tt)*] $pieces:tt) => {
        $crate::endpoints::declare::emit!(@go $attrs $name $res [] [] [] []
            [$($xf)* #[doc = "The multipart body, built once: every attempt sends these bytes."] pub $m: $crate::multipart::MultipartBody,]
            [$m: $crate::multipart::MultipartBody,] [$($xi)* $m,] [$m]
            $pieces $pieces);
    };
    // A multipart body in a form type of its own (`AsRef<MultipartBody>`), built the same way.
    (@body [] [$m:ident : $mt:ty] $res:tt $attrs:tt $name:ident [$($xf:tt)*] [$($xi:tt)*] $pieces:tt) => {
        $crate::endpoints::declare::emit!(@go $attrs $name $res [] [] [] []
            [$($xf)* #[doc = "The multipart form, built once: every attempt sends its bytes."] pub $m: $mt,]
            [$m: $mt,] [$($xi)* $m,] [$m]
            $pieces $pieces);
    };
    (@body [$b:ident : $bt:ty | Into] [] $res:tt $attrs:tt $name:ident [$($xf:tt)*] [$($xi:tt)*] $pieces:tt) => {
        $crate::endpoints::declare::emit!(@go $attrs $name $res [] [] [] []
            [$($xf)* #[doc = "The JSON body."] pub $b: $bt,] [$b: impl Into<$bt>,] [$($xi)* $b: $b.into(),] [$b]
            $pieces $pieces);
    };
    (@body [$b:ident : $bt:ty] [] $res:tt $attrs:tt $name:ident [$($xf:tt)*] [$($xi:tt)*] $pieces:tt) => {
        $crate::endpoints::declare::emit!(@go $attrs $name $res [] [] [] []
            [$($xf)* #[doc = "The JSON body."] pub $b: $bt,] [$b: $bt,] [$($xi)* $b,] [$b]
            $pieces $pieces);
    };
    (@go $attrs:tt $name:ident $res:tt $f:tt $a:tt $i:tt $p:tt $tf:tt $ta:tt $ti:tt $tn:tt $all:tt
        [$lit:literal $($rest:tt)*]) => {
        $crate::endpoints::declare::emit!(@go $attrs $name $res $f $a $i $p $tf $ta $ti $tn $all [$($rest)*]);
    };
    (@go $attrs:tt $name:ident $res:tt [$($f:tt)*] [$($a:tt)*] [$($i:tt)*] [$($p:ident)*] $tf:tt $ta:tt $ti:tt $tn:tt $all:tt
        [{ $q:ident : $t:ty $(, except $ex:expr)? } $($rest:tt)*]) => {
        $crate::endpoints::declare::emit!(@go $attrs $name $res
            [$($f)* #[doc = concat!("The `", stringify!($q), "` path parameter (sent as one segment).")] pub $q: $t,]
            [$($a)* $q: impl Into<$t>,] [$($i)* $q: $q.into(),] [$($p)* $q] $tf $ta $ti $tn $all [$($rest)*]);
    };
    // No required part: `new()` is also `Default`.
    (@go [$($attr:tt)*] $name:ident $res:tt $f:tt [] $i:tt $p:tt $tf:tt [] $ti:tt $tn:tt $all:tt []) => {
        $crate::endpoints::declare::emit!(@end [$($attr)* #[derive(Default)]] $name $res $f [] $i $p $tf [] $ti $tn $all);
    };
    (@go $attrs:tt $name:ident $res:tt $f:tt $a:tt $i:tt $p:tt $tf:tt $ta:tt $ti:tt $tn:tt $all:tt []) => {
        $crate::endpoints::declare::emit!(@end $attrs $name $res $f $a $i $p $tf $ta $ti $tn $all);
    };
    (@end [$($attr:tt)*] $name:ident [$($res:tt)*] [$($f:tt)*] [$($a:tt)*] [$($i:tt)*] [$($p:ident)*]
        [$($tf:tt)*] [$($ta:tt)*] [$($ti:tt)*] [$($tn:ident)*] [$($piece:tt)+]) => {
        $($attr)*
        #[non_exhaustive]
        pub struct $name {
            $($f)*
            $($tf)*
        }

        impl $name {
            /// The request, from its required parts; optional parameters are setters.
            pub fn new($($a)* $($ta)*) -> Self {
                Self { $($i)* $($ti)* }
            }

            fn __write_path(
                url: &mut $crate::endpoint::UrlWriter,
                $($p: &str,)*
            ) -> Result<(), $crate::Error> {
                $( $crate::endpoints::declare::wp!(url, $piece); )+
                Ok(())
            }

            fn __write_own_path(&self, url: &mut $crate::endpoint::UrlWriter) -> Result<(), $crate::Error> {
                Self::__write_path(url, $(AsRef::<str>::as_ref(&self.$p),)*)
            }

            #[cfg(test)]
            fn __check_hostile_path() {
                $crate::endpoints::declare::check_hostile_path(Self::OPERATION.path, |url, _v| {
                    Self::__write_path(url, $({ let _ = stringify!($p); _v },)*)
                });
            }
        }

        $crate::endpoints::declare::methods! {
            [$name [$($piece)+] [$($p)*] [$($ta)*] [$($tn)*]] $($res)*
        }
    };
}

/// The resource methods of one entry (its `method`, `request` and `pages` clauses), each an
/// async and a blocking method on the two handles it names. The doc is the clause's doc with
/// `` (`METHOD /path`). `` after its first line. Context: [name [pieces] [path params] [tail
/// args] [tail names]], then [method output], then the clauses.
macro_rules! methods {
    ($ctx:tt [$method:ident $out:ty] $( [$($doc:tt)*] $kind:ident $m:ident $a:ident $b:ident ; )*) => {
        $( $crate::endpoints::declare::methods!(@doc $kind $ctx $method $out [$($doc)*] $m $a $b); )*
    };
    // A pager's doc names the list it walks.
    (@doc pages [$name:ident [$($piece:tt)+] $($ctx:tt)*] $method:ident $out:ty
        [$($docs:tt)*] $m:ident $a:ident $b:ident) => {
        $crate::endpoints::declare::methods!(@pages [$name [$($piece)+] $($ctx)*] $out
            [
                #[doc = concat!("Every item of [`", stringify!($name), "`] (`", stringify!($method), " ",
                    $($crate::endpoints::declare::tpl!($piece),)+ "`), page after page, from `request`.")]
            ]
            $m $a $b);
    };
    // The other methods carry the entry's doc, after the route and a link to the endpoint.
    (@doc $kind:ident [$name:ident [$($piece:tt)+] $($ctx:tt)*] $method:ident $out:ty
        [$($doc:tt)*] $m:ident $a:ident $b:ident) => {
        $crate::endpoints::declare::methods!(@$kind [$name [$($piece)+] $($ctx)*] $out
            [
                #[doc = concat!("`", stringify!($method), " ", $($crate::endpoints::declare::tpl!($piece),)+
                    "` ([`", stringify!($name), "`]):")]
                $($doc)*
            ]
            $m $a $b);
    };
    // `=> method get`: takes the required parts, as `new()` does (path
    // parameters as `&str`).
    (@method [$name:ident $pieces:tt [$($p:ident)*] [$($ta:tt)*] [$($tn:ident)*]] $out:ty
        [$($doc:tt)*] $m:ident $a:ident $b:ident) => {
        impl $a<'_> {
            $($doc)*
            pub async fn $m(&self, $($p: &str,)* $($ta)*) -> Result<$out, $crate::Error> {
                let endpoint = $name::new($($p,)* $($tn,)*);
                self.client.execute(&endpoint).await
            }
        }
        impl $b<'_> {
            $($doc)*
            pub fn $m(&self, $($p: &str,)* $($ta)*) -> Result<$out, $crate::Error> {
                let endpoint = $name::new($($p,)* $($tn,)*);
                self.client.execute(&endpoint)
            }
        }
    };
    // `=> request list`: takes the whole request (its optional parameters set).
    (@request [$name:ident $($ctx:tt)*] $out:ty [$($doc:tt)*] $m:ident $a:ident $b:ident) => {
        impl $a<'_> {
            $($doc)*
            pub async fn $m(&self, request: $name) -> Result<$out, $crate::Error> {
                self.client.execute(&request).await
            }
        }
        impl $b<'_> {
            $($doc)*
            pub fn $m(&self, request: $name) -> Result<$out, $crate::Error> {
                self.client.execute(&request)
            }
        }
    };
    // `=> pages list_all`: every item, page after page, from `request`.
    (@pages [$name:ident $($ctx:tt)*] $out:ty [$($doc:tt)*] $m:ident $a:ident $b:ident) => {
        impl $a<'_> {
            $($doc)*
            pub fn $m(&self, request: $name) -> $crate::AsyncPages<$name> {
                self.client.pages(request)
            }
        }
        impl $b<'_> {
            $($doc)*
            pub fn $m(&self, request: $name) -> $crate::BlockingPages<$name> {
                self.client.pages(request)
            }
        }
    };
}

/// A path piece as it reads in the template: `"/agents/"` or `{agent_id}`.
macro_rules! tpl {
    ($lit:literal) => {
        $lit
    };
    ({ $p:ident : $($rest:tt)* }) => {
        concat!("{", stringify!($p), "}")
    };
}

/// Writes one path piece; a parameter goes through `push_segment` exactly once.
macro_rules! wp {
    ($url:ident, $lit:literal) => {
        $url.push_literal($lit);
    };
    ($url:ident, { $p:ident : $t:ty }) => {
        $url.push_segment(stringify!($p), $p)?;
    };
    ($url:ident, { $p:ident : $t:ty, except $ex:expr }) => {
        $url.push_segment_except(stringify!($p), $p, $ex)?;
    };
}

/// The `Accept` header: a literal (`accept = "audio/*";`) or a function of the request
/// (`accept with f;`, `f(&Self) -> &'static str`).
macro_rules! accept {
    ($self:ident, = $lit:literal) => {
        $lit
    };
    ($self:ident, with $f:ident) => {
        $f($self)
    };
}

/// The field type of a query parameter kind.
macro_rules! qty {
    (str) => { Option<String> };
    (opt $t:ty) => { Option<$t> };
    (bare $t:ty) => { Option<$t> };
    (many $t:ty) => { Vec<$t> };
}

/// The setter of a query parameter kind (`bare` ones are written by hand).
macro_rules! qset {
    ($doc:tt $q:ident str) => {
        $crate::endpoints::declare::qset!(@one $doc $q (impl Into<String>) (Some($q.into())));
    };
    ($doc:tt $q:ident opt $t:ty) => {
        $crate::endpoints::declare::qset!(@one $doc $q ($t) (Some($q)));
    };
    ($doc:tt $q:ident many $t:ty) => {
        $crate::endpoints::declare::qset!(@one $doc $q (impl IntoIterator<Item = impl Into<$t>>)
            ($q.into_iter().map(Into::into).collect()));
    };
    ($doc:tt $q:ident bare $t:ty) => {};
    (@one [$($doc:tt)*] $q:ident ($($arg:tt)*) ($($value:tt)*)) => {
        $($doc)*
        pub fn $q(mut self, $q: $($arg)*) -> Self {
            self.$q = $($value)*;
            self
        }
    };
}

/// The query key: the field name, or the `as "key"` it is renamed to.
macro_rules! qkey {
    ($q:ident) => {
        stringify!($q)
    };
    ($q:ident $key:literal) => {
        $key
    };
}

/// Writes one query parameter: 0..1 pair for an `Option`, one pair per item for a `Vec`.
macro_rules! qwrite {
    ($url:ident, $key:expr, $v:expr, many) => {
        $url.push_query_each($key, $v)
    };
    ($url:ident, $key:expr, $v:expr, $kind:ident) => {
        $url.push_query_opt($key, $v.as_ref())
    };
}

/// How a 2xx answer is read: JSON (the default), `empty`, or `with` a function.
macro_rules! parse {
    ($r:ident) => {
        $crate::endpoint::decode_json(&$r)
    };
    ($r:ident, empty) => {
        $crate::endpoint::decode_empty(&$r)
    };
    ($r:ident, with $f:path) => {
        $f($r)
    };
}

/// The [`Paginated`](crate::Paginated) impl of a list: the next page is this request with
/// the inherent `starting_after` setter applied (same filters and limit).
///
/// `pages Item, next_page;` is a list with an opaque cursor: the next page starts after the
/// page's `next_page` (the walk ends when it is `null`), not after the last item's id.
macro_rules! pages {
    ($list:ident => $item:ty) => {
        impl $crate::pager::Paginated for $list {
            type Item = $item;

            fn starting_after(&self, cursor: &str) -> Self {
                self.clone().starting_after(cursor)
            }
        }
    };
    ($list:ident => $item:ty, next_page) => {
        impl $crate::pager::Paginated for $list {
            type Item = $item;

            fn starting_after(&self, cursor: &str) -> Self {
                self.clone().starting_after(cursor)
            }

            fn next_cursor(page: &cartesia_types::Page<$item>) -> Option<&str> {
                page.next_page.as_deref()
            }
        }
    };
}

/// The cursor setters (`limit`, `starting_after`, `ending_before`) and the
/// [`Paginated`](crate::Paginated) impl of a list with those three fields — written once, so
/// every list follows the same rules: one cursor at a time (setting one clears the other), and
/// the next page keeps every filter and the limit.
macro_rules! cursor_list {
    ($list:ident => $item:ty, $what:literal) => {
        $crate::endpoints::declare::cursor_list!(@setters $list, $what);
        $crate::endpoints::declare::pages!($list => $item);
    };
    // The three setters alone (for a list whose `Paginated` impl is declared with `pages`).
    (@setters $list:ident, $what:literal) => {
        impl $list {
            #[doc = concat!("The number of ", $what, "s per page (the API takes 1–100).")]
            pub fn limit(mut self, limit: u32) -> Self {
                self.limit = Some(limit);
                self
            }

            $crate::endpoints::declare::cursor_list!(@one starting_after, ending_before, concat!(
                "Starts after the ", $what, " with this id (clears `ending_before`: the API takes one cursor)."
            ));
            $crate::endpoints::declare::cursor_list!(@one ending_before, starting_after, concat!(
                "Ends before the ", $what, " with this id, paging backwards (clears `starting_after`)."
            ));
        }
    };
    // A cursor setter that clears the other cursor.
    (@one $set:ident, $clear:ident, $doc:expr) => {
        #[doc = $doc]
        pub fn $set(mut self, cursor: impl Into<String>) -> Self {
            self.$set = Some(cursor.into());
            self.$clear = None;
            self
        }
    };
}

pub(crate) use {
    accept, cursor_list, emit, endpoint, endpoints, methods, pages, parse, qkey, qset, qty, qwrite,
    tpl, wp,
};

/// The generated per-operation test: `write` is the operation's path writer with `value` in
/// every parameter; the written path must have the template's segments, each parameter
/// encoded exactly once.
#[cfg(test)]
pub(crate) fn check_hostile_path(
    template: &'static str,
    write: impl Fn(&mut crate::endpoint::UrlWriter, &str) -> Result<(), crate::Error>,
) {
    const HOSTILE: &str = "a/b?c#d e%";
    const ENCODED: &str = "a%2Fb%3Fc%23d%20e%25";
    let mut url = crate::endpoint::UrlWriter::new("", 64);
    write(&mut url, HOSTILE).unwrap_or_else(|e| panic!("{template}: {e}"));
    let written: Vec<&str> = url.as_str().split('/').collect();
    let expected: Vec<&str> = template.split('/').collect();
    assert_eq!(
        written.len(),
        expected.len(),
        "{template} written as {}",
        url.as_str()
    );
    for (w, t) in written.iter().zip(&expected) {
        if t.starts_with('{') {
            assert_eq!(*w, ENCODED, "{template}: parameter {t} not encoded once");
        } else {
            assert_eq!(w, t, "{template}: written as {}", url.as_str());
        }
    }
}
