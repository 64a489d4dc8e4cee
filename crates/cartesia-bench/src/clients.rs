//! The six clients measured, and the measurement of K calls through one of them.
//!
//! The SDK clients are built the way the README builds them. Each HTTP library has two
//! hand-written baselines, both decoding into the same `Vec<PhoneNumber>` (`time`
//! timestamps):
//!
//! - "careful": what a careful user would write: one client (agent) reused, the same four
//!   headers as the SDK, its timeouts, the status checked (2xx or error), the body read
//!   completely.
//! - "plain": the plainest correct call, the physical limit: one client (agent) reused with
//!   the library's defaults, only the two headers the API needs (`Authorization`,
//!   `Cartesia-Version`), the status checked, the body read and decoded; nothing else.

use std::future::Future;
use std::hint::black_box;
use std::time::{Duration, Instant};

use cartesia_core::{ApiVersion, ClientBuilder};
use cartesia_types::tts::RawEncoding;
use cartesia_types::PhoneNumber;
use http::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, USER_AGENT};

use crate::measure::{self, Usage};

/// The API key every client sends (the bench server only checks that there is one).
pub const API_KEY: &str = "sk_car_bench_0123456789abcdef";

/// The model, voice and raw audio (encoding, sample rate) every speech request asks for, over
/// HTTP and over the WebSocket.
pub const MODEL: &str = "sonic-3";
/// See [`MODEL`].
pub const VOICE: &str = "bench_voice";
/// See [`MODEL`].
pub const AUDIO: (RawEncoding, u32) = (RawEncoding::PcmS16le, 24_000);

/// The connect timeout of every client (the SDK's default).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The request timeout of the baselines (the SDK's default per attempt).
const TIMEOUT: Duration = Duration::from_secs(60);

kinds! {
    /// One of the six clients (`ALL`: SDK, careful, plain; reqwest before ureq).
    pub enum ClientKind {
        /// The SDK's async client over `cartesia_reqwest` (current-thread tokio runtime).
        ReqwestSdk => "reqwest-sdk",
        /// A careful hand-written reqwest call (same runtime).
        ReqwestCareful => "reqwest-careful",
        /// The plainest hand-written reqwest call (same runtime).
        ReqwestPlain => "reqwest-plain",
        /// The SDK's blocking client over `cartesia_ureq`.
        UreqSdk => "ureq-sdk",
        /// A careful hand-written ureq call.
        UreqCareful => "ureq-careful",
        /// The plainest hand-written ureq call.
        UreqPlain => "ureq-plain",
    }
}

/// What K calls through one client cost its process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measurement {
    /// The calls measured (after the warm-up).
    pub calls: u64,
    /// User CPU time of the measured calls.
    pub user: Duration,
    /// System CPU time of the measured calls.
    pub sys: Duration,
    /// Wall-clock time of the measured calls.
    pub wall: Duration,
    /// The peak RSS of the process at the end, in KiB.
    pub max_rss_kib: u64,
    /// Body bytes handled by the measured calls (streamed runs; 0 otherwise).
    pub bytes: u64,
    /// The median time to the first body byte over the measured calls (streamed audio runs;
    /// zero otherwise).
    pub ttfb: Duration,
}

impl Measurement {
    /// User + sys per call.
    pub fn cpu_per_call(&self) -> Duration {
        (self.user + self.sys) / u32::try_from(self.calls.max(1)).unwrap_or(u32::MAX)
    }

    /// User + sys per MiB of body handled (streamed runs).
    pub fn cpu_per_mib(&self) -> Duration {
        let mib = self.bytes as f64 / (1024.0 * 1024.0);
        if mib > 0.0 {
            (self.user + self.sys).div_f64(mib)
        } else {
            Duration::ZERO
        }
    }

    /// The line a client process prints for the runner.
    pub fn to_line(self) -> String {
        format!(
            "result calls={} user_ns={} sys_ns={} wall_ns={} max_rss_kib={} bytes={} ttfb_ns={}",
            self.calls,
            self.user.as_nanos(),
            self.sys.as_nanos(),
            self.wall.as_nanos(),
            self.max_rss_kib,
            self.bytes,
            self.ttfb.as_nanos()
        )
    }

    /// Reads [`to_line`](Self::to_line)'s output.
    pub fn from_line(line: &str) -> Option<Self> {
        let rest = line.trim().strip_prefix("result ")?;
        let mut m = Measurement {
            calls: 0,
            user: Duration::ZERO,
            sys: Duration::ZERO,
            wall: Duration::ZERO,
            max_rss_kib: 0,
            bytes: 0,
            ttfb: Duration::ZERO,
        };
        for field in rest.split(' ') {
            let (key, value) = field.split_once('=')?;
            let value: u64 = value.parse().ok()?;
            match key {
                "calls" => m.calls = value,
                "user_ns" => m.user = Duration::from_nanos(value),
                "sys_ns" => m.sys = Duration::from_nanos(value),
                "wall_ns" => m.wall = Duration::from_nanos(value),
                "max_rss_kib" => m.max_rss_kib = value,
                "bytes" => m.bytes = value,
                "ttfb_ns" => m.ttfb = Duration::from_nanos(value),
                _ => return None,
            }
        }
        Some(m)
    }
}

/// Makes `warmup` then `calls` calls listing the `n` phone numbers of the bench server at
/// `base_url` through `kind`, and measures the `calls`.
pub fn measure(
    kind: ClientKind,
    base_url: &str,
    n: usize,
    warmup: u64,
    calls: u64,
) -> Result<Measurement, String> {
    let agent = crate::data::agent_id(n);
    let agent = agent.as_str();
    match kind {
        ClientKind::ReqwestSdk => {
            let rt = current_thread_runtime()?;
            let client = sdk_reqwest(base_url)?;
            let client = &client;
            rt.block_on(run_async(n, warmup, calls, move || async move {
                client
                    .agents()
                    .list_phone_numbers(agent)
                    .await
                    .map_err(|e| e.to_string())
            }))
        }
        ClientKind::ReqwestCareful | ClientKind::ReqwestPlain => {
            let rt = current_thread_runtime()?;
            let raw = if kind == ClientKind::ReqwestCareful {
                RawReqwest::careful(base_url)?
            } else {
                RawReqwest::plain(base_url)?
            };
            let raw = &raw;
            rt.block_on(run_async(n, warmup, calls, move || {
                raw.list_phone_numbers(agent)
            }))
        }
        ClientKind::UreqSdk => {
            let client = sdk_ureq(base_url)?;
            run_blocking(n, warmup, calls, || {
                client
                    .agents()
                    .list_phone_numbers(agent)
                    .map_err(|e| e.to_string())
            })
        }
        ClientKind::UreqCareful => {
            let raw = CarefulUreq::new(base_url);
            run_blocking(n, warmup, calls, || raw.list_phone_numbers(agent))
        }
        ClientKind::UreqPlain => {
            let plain = PlainUreq::new(base_url);
            run_blocking(n, warmup, calls, || plain.list_phone_numbers(agent))
        }
    }
}

/// The SDK's async client for the bench server at `base_url`, built as the README builds it.
pub fn sdk_reqwest(base_url: &str) -> Result<cartesia_reqwest::AsyncClient, String> {
    ClientBuilder::new()
        .api_key(API_KEY)
        .base_url(base_url)
        .build_reqwest()
        .map_err(|e| e.to_string())
}

/// The SDK's blocking client for the bench server at `base_url`, built as the README builds
/// it.
pub fn sdk_ureq(base_url: &str) -> Result<cartesia_ureq::BlockingClient, String> {
    ClientBuilder::new()
        .api_key(API_KEY)
        .base_url(base_url)
        .build_ureq()
        .map_err(|e| e.to_string())
}

use cartesia_reqwest::BuildReqwest;
use cartesia_ureq::BuildUreq;

pub fn current_thread_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))
}

fn check(list: &[PhoneNumber], n: usize) -> Result<(), String> {
    if list.len() == n {
        Ok(())
    } else {
        Err(format!("expected {n} phone numbers, got {}", list.len()))
    }
}

/// What the calls since `before` and `started` cost this process.
pub fn finish(calls: u64, before: Usage, started: Instant) -> Measurement {
    let wall = started.elapsed();
    let after = measure::usage();
    Measurement {
        calls,
        user: after.user.saturating_sub(before.user),
        sys: after.sys.saturating_sub(before.sys),
        wall,
        max_rss_kib: after.max_rss_kib,
        bytes: 0,
        ttfb: Duration::ZERO,
    }
}

/// The measure loop of [`run_async`] and [`run_blocking`], written once: `$call` is one call
/// (`call().await` or `call()`), evaluated `warmup` then `calls` times.
macro_rules! measure_calls {
    ($n:expr, $warmup:expr, $calls:expr, $call:expr) => {{
        for _ in 0..$warmup {
            check(&$call?, $n)?;
        }
        let before = measure::usage();
        let started = Instant::now();
        for _ in 0..$calls {
            let list = $call?;
            check(&list, $n)?;
            black_box(list);
        }
        Ok(finish($calls, before, started))
    }};
}

async fn run_async<F, Fut>(
    n: usize,
    warmup: u64,
    calls: u64,
    mut call: F,
) -> Result<Measurement, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Vec<PhoneNumber>, String>>,
{
    measure_calls!(n, warmup, calls, call().await)
}

fn run_blocking<F>(n: usize, warmup: u64, calls: u64, mut call: F) -> Result<Measurement, String>
where
    F: FnMut() -> Result<Vec<PhoneNumber>, String>,
{
    measure_calls!(n, warmup, calls, call())
}

/// The four headers the SDK sends, as one map.
pub fn sdk_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    let mut auth = HeaderValue::try_from(format!("Bearer {API_KEY}")).expect("ASCII key");
    auth.set_sensitive(true);
    headers.insert(AUTHORIZATION, auth);
    headers.insert(
        "cartesia-version",
        HeaderValue::from_str(ApiVersion::default().as_str()).expect("a header value"),
    );
    headers.insert(
        USER_AGENT,
        HeaderValue::from_static(cartesia_core::USER_AGENT),
    );
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers
}

/// A hand-written reqwest client for `GET /agents/{id}/phone-numbers`: the careful and the
/// plain baselines differ only in how their `reqwest::Client` is built.
struct RawReqwest {
    client: reqwest::Client,
    base_url: String,
}

impl RawReqwest {
    /// The careful baseline: the SDK's four headers and timeouts.
    fn careful(base_url: &str) -> Result<Self, String> {
        let builder = reqwest::Client::builder()
            .default_headers(sdk_headers())
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT);
        Self::new(builder, base_url)
    }

    /// The plainest baseline: `reqwest::Client` with the library's defaults and the two
    /// headers.
    fn plain(base_url: &str) -> Result<Self, String> {
        Self::new(
            reqwest::Client::builder().default_headers(plain_headers()),
            base_url,
        )
    }

    fn new(builder: reqwest::ClientBuilder, base_url: &str) -> Result<Self, String> {
        let client = builder.build().map_err(|e| e.to_string())?;
        Ok(Self {
            client,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The call: the status checked, the body read and decoded.
    async fn list_phone_numbers(&self, agent_id: &str) -> Result<Vec<PhoneNumber>, String> {
        let url = format!("{}/agents/{agent_id}/phone-numbers", self.base_url);
        let response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

/// A careful hand-written ureq client for `GET /agents/{id}/phone-numbers`.
struct CarefulUreq {
    agent: ureq::Agent,
    base_url: String,
    headers: HeaderMap,
}

impl CarefulUreq {
    fn new(base_url: &str) -> Self {
        // The SDK's timeouts. Not `timeout_global`: with it, ureq resolves the host name on
        // a new thread for every call (to bound the lookup), which would make this baseline
        // several times dearer than it needs to be.
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_send_request(Some(TIMEOUT))
            .timeout_recv_response(Some(TIMEOUT))
            .timeout_per_read(Some(TIMEOUT))
            .build();
        Self {
            agent: ureq::Agent::new_with_config(config),
            base_url: base_url.trim_end_matches('/').to_owned(),
            headers: sdk_headers(),
        }
    }

    fn list_phone_numbers(&self, agent_id: &str) -> Result<Vec<PhoneNumber>, String> {
        let url = format!("{}/agents/{agent_id}/phone-numbers", self.base_url);
        let mut request = self.agent.get(url);
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let response = request.call().map_err(|e| e.to_string())?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let body = response
            .into_body()
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

/// The two headers the API needs: `Authorization: Bearer …` and `Cartesia-Version`.
pub fn plain_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    let auth = HeaderValue::try_from(format!("Bearer {API_KEY}")).expect("ASCII key");
    headers.insert(AUTHORIZATION, auth);
    headers.insert(
        "cartesia-version",
        HeaderValue::from_str(ApiVersion::default().as_str()).expect("a header value"),
    );
    headers
}

/// The plainest hand-written ureq client: an agent with the library's defaults (a status
/// other than 2xx is an error), the two headers, the body read and decoded.
struct PlainUreq {
    agent: ureq::Agent,
    base_url: String,
    auth: String,
    version: String,
}

impl PlainUreq {
    fn new(base_url: &str) -> Self {
        Self {
            agent: ureq::Agent::new_with_defaults(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            auth: format!("Bearer {API_KEY}"),
            version: ApiVersion::default().as_str().to_owned(),
        }
    }

    fn list_phone_numbers(&self, agent_id: &str) -> Result<Vec<PhoneNumber>, String> {
        let url = format!("{}/agents/{agent_id}/phone-numbers", self.base_url);
        let mut response = self
            .agent
            .get(url)
            .header("authorization", &self.auth)
            .header("cartesia-version", &self.version)
            .call()
            .map_err(|e| e.to_string())?;
        let body = response
            .body_mut()
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurement_lines_round_trip() {
        let m = Measurement {
            calls: 10,
            user: Duration::from_micros(1_500),
            sys: Duration::from_nanos(700),
            wall: Duration::from_millis(3),
            max_rss_kib: 4_321,
            bytes: 3 << 20,
            ttfb: Duration::from_micros(42),
        };
        assert_eq!(Measurement::from_line(&m.to_line()), Some(m));
        assert_eq!(m.cpu_per_call(), Duration::from_nanos(150_070));
        let per_mib = m.cpu_per_mib().as_nanos();
        assert!((500_233..=500_234).contains(&per_mib), "{per_mib}");
        assert_eq!(Measurement::from_line("nonsense"), None);
    }
}
