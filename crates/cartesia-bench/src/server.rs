//! A small, fast HTTP/1.1 server on 127.0.0.1 for the benchmark: hyper's HTTP/1 server on a
//! current-thread tokio runtime (one thread: pin the process and the server is pinned),
//! keep-alive, and every response body computed once at start-up.
//!
//! `GET /agents/bench_1/phone-numbers` answers 1 phone number and
//! `GET /agents/bench_1000/phone-numbers` 1,000 (see [`crate::data`]); `POST /tts/bytes`
//! (with a JSON body) answers [`data::AUDIO_BYTES`] of raw audio. The request must carry
//! the two headers the API needs — `Authorization: Bearer …` and `Cartesia-Version` — or it
//! gets a 400, so a baseline that sent less would fail the benchmark rather than look
//! cheaper.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::TcpListener;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONNECTION, CONTENT_TYPE, TRANSFER_ENCODING};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

use crate::data;

/// The sizes (items per answer) the server knows.
pub const SIZES: [usize; 2] = [1, 1_000];

/// Precomputed bodies: one per known path, and the error answers.
#[derive(Debug)]
pub struct Routes {
    lists: Vec<(String, Bytes)>,
    audio: Bytes,
    not_found: Bytes,
    bad_request: Bytes,
}

impl Routes {
    /// The responses for every size in [`SIZES`].
    pub fn new() -> Self {
        let lists = SIZES
            .iter()
            .map(|&n| {
                let path = format!("/agents/{}/phone-numbers", data::agent_id(n));
                (path, Bytes::from(data::phone_numbers_json(n)))
            })
            .collect();
        Self {
            lists,
            audio: Bytes::from(data::audio(data::AUDIO_BYTES)),
            not_found: Bytes::from_static(br#"{"message":"not found"}"#),
            bad_request: Bytes::from_static(
                br#"{"message":"the benchmark expects GET with Authorization: Bearer and Cartesia-Version"}"#,
            ),
        }
    }

    /// The answer to one request (as hyper parsed it; `has_body` if it came with one). A
    /// refused request also closes the connection.
    pub fn answer(
        &self,
        method: &Method,
        path: &str,
        headers: &HeaderMap,
        has_body: bool,
    ) -> Response<Full<Bytes>> {
        if path == TTS_PATH {
            return self.answer_tts(method, headers, has_body);
        }
        if !acceptable(method, headers, has_body) {
            return self.refuse();
        }
        match self.lists.iter().find(|(p, _)| p == path) {
            Some((_, body)) => json(StatusCode::OK, body.clone()),
            None => json(StatusCode::NOT_FOUND, self.not_found.clone()),
        }
    }
}

impl Routes {
    /// `POST /tts/bytes`: the audio, to a POST with a JSON body and the two headers.
    fn answer_tts(
        &self,
        method: &Method,
        headers: &HeaderMap,
        has_body: bool,
    ) -> Response<Full<Bytes>> {
        let json_body = headers
            .get(CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        if *method != Method::POST || !has_body || !json_body || !authorized(headers) {
            return self.refuse();
        }
        let mut response = Response::new(Full::new(self.audio.clone()));
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("audio/pcm"));
        response
    }

    /// A 400 that also closes the connection.
    fn refuse(&self) -> Response<Full<Bytes>> {
        let mut response = json(StatusCode::BAD_REQUEST, self.bad_request.clone());
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
        response
    }
}

/// The path of the streamed audio.
pub const TTS_PATH: &str = "/tts/bytes";

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

/// A JSON response (hyper adds `content-length` from the body's exact size).
fn json(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Whether a request carries what the SDK sends, and no body.
fn acceptable(method: &Method, headers: &HeaderMap, has_body: bool) -> bool {
    *method == Method::GET && !has_body && authorized(headers)
}

/// Whether a request carries the two headers the API needs.
fn authorized(headers: &HeaderMap) -> bool {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    value(AUTHORIZATION.as_str()).is_some_and(|v| v.len() > 7 && v.starts_with("Bearer "))
        && value("cartesia-version").is_some_and(|v| !v.is_empty())
}

/// Whether a parsed request has a body.
fn has_body(req: &Request<Incoming>) -> bool {
    req.headers().contains_key(TRANSFER_ENCODING) || req.body().size_hint().lower() > 0
}

/// Serves `listener` until the process ends, on a current-thread runtime of the calling
/// thread.
pub fn serve(listener: TcpListener, routes: Arc<Routes>) -> io::Result<()> {
    accept_loop(listener, move |stream| {
        let routes = Arc::clone(&routes);
        let service = service_fn(move |req: Request<Incoming>| {
            let routes = Arc::clone(&routes);
            async move {
                let with_body = has_body(&req);
                let (parts, body) = req.into_parts();
                if with_body {
                    // Read the request body whole, so the connection stays usable.
                    let _ = body.collect().await;
                }
                let answer =
                    routes.answer(&parts.method, parts.uri.path(), &parts.headers, with_body);
                Ok::<_, Infallible>(answer)
            }
        });
        async move {
            // A client that goes away mid-request is its own business.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        }
    })
}

/// The accept loop of both bench servers (this one and [`crate::websocket::serve`]): on a
/// current-thread runtime of the calling thread, until the process ends, every connection
/// accepted on `listener` is set to `TCP_NODELAY` and served by `connection` on a task of its
/// own (a connection that fails only ends itself; a failed accept is passed over).
pub fn accept_loop<F, Fut>(listener: TcpListener, mut connection: F) -> io::Result<()>
where
    F: FnMut(tokio::net::TcpStream) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(connection(stream));
        }
    })
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;

    use super::*;

    const GOOD: &str = "GET /agents/bench_1/phone-numbers HTTP/1.1\r\nhost: x\r\nauthorization: Bearer k\r\ncartesia-version: 2026-03-01\r\nuser-agent: t\r\naccept: application/json\r\n\r\n";

    fn headers(missing: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer k"),
            ("cartesia-version", "2026-03-01"),
            ("user-agent", "t"),
            ("accept", "application/json"),
        ] {
            if name != missing {
                h.insert(name, HeaderValue::from_static(value));
            }
        }
        h
    }

    #[test]
    fn answers_known_paths_and_refuses_incomplete_requests() {
        const PHONE_NUMBERS: &str = "/agents/bench_1/phone-numbers";
        let routes = Routes::new();
        // (method, path, the header left out, with a body, the status expected)
        let cases = [
            (Method::GET, PHONE_NUMBERS, "", false, 200),
            (Method::GET, "/agents/bench_2/phone-numbers", "", false, 404),
            // The plain baselines send only the two headers the API needs.
            (Method::GET, PHONE_NUMBERS, "user-agent", false, 200),
            (Method::GET, PHONE_NUMBERS, "accept", false, 200),
            (Method::GET, PHONE_NUMBERS, "authorization", false, 400),
            (Method::GET, PHONE_NUMBERS, "cartesia-version", false, 400),
            (Method::POST, PHONE_NUMBERS, "", false, 400),
            (Method::GET, PHONE_NUMBERS, "", true, 400),
        ];
        for (method, path, missing, with_body, status) in cases {
            let answer = routes.answer(&method, path, &headers(missing), with_body);
            assert_eq!(
                answer.status(),
                status,
                "{method} {path} without {missing:?}, body: {with_body}"
            );
            // A refused request closes its connection; an answered one keeps it.
            match missing {
                "authorization" | "cartesia-version" => {
                    assert_eq!(answer.headers()[CONNECTION], "close", "{missing}")
                }
                "" if status == 200 => assert!(answer.headers().get(CONNECTION).is_none()),
                _ => {}
            }
        }
    }

    #[test]
    fn answers_tts_to_a_json_post_only() {
        let routes = Routes::new();
        let mut h = headers("");
        h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let ok = routes.answer(&Method::POST, TTS_PATH, &h, true);
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.headers()[CONTENT_TYPE], "audio/pcm");
        assert_eq!(
            ok.body().size_hint().exact(),
            Some(data::AUDIO_BYTES as u64)
        );
        assert_eq!(
            routes.answer(&Method::POST, TTS_PATH, &h, false).status(),
            400
        );
        assert_eq!(
            routes.answer(&Method::GET, TTS_PATH, &h, false).status(),
            400
        );
        assert_eq!(
            routes
                .answer(&Method::POST, TTS_PATH, &headers(""), true)
                .status(),
            400
        );
        let mut no_key = headers("authorization");
        no_key.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        assert_eq!(
            routes
                .answer(&Method::POST, TTS_PATH, &no_key, true)
                .status(),
            400
        );
    }

    /// Reads one response: status and body (by `content-length`).
    fn read_response(conn: &mut BufReader<TcpStream>) -> (u16, Vec<u8>) {
        let mut status = String::new();
        conn.read_line(&mut status).unwrap();
        let code = status[9..12].parse().unwrap();
        let mut length = 0;
        loop {
            let mut line = String::new();
            conn.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0u8; length];
        conn.read_exact(&mut body).unwrap();
        (code, body)
    }

    #[test]
    fn serves_keep_alive_requests_over_tcp() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, Arc::new(Routes::new())));
        let mut s = TcpStream::connect(addr).unwrap();
        // Two requests in one write (pipelined), then read both answers.
        s.write_all(format!("{GOOD}{GOOD}").as_bytes()).unwrap();
        let mut conn = BufReader::new(s);
        let expected = data::phone_numbers_json(1);
        for _ in 0..2 {
            let (status, body) = read_response(&mut conn);
            assert_eq!(status, 200);
            assert_eq!(body, expected);
        }
    }
}
