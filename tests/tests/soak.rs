//! The fault soak: thousands of calls through both real transports (reqwest async, ureq
//! blocking) against a [`FaultServer`] on 127.0.0.1 that answers with 5xx bursts, resets
//! before and after reading the request, silence past the client's timeout, and bodies
//! shorter than their `Content-Length`.
//!
//! Half the calls are the idempotent `GET /agents/{id}/phone-numbers`; half are a
//! non-idempotent `POST /test/orders?call_id=N` defined here. The server "applies" an order
//! when it has read it and does not refuse it with a 5xx: a 2xx answer, a close after reading,
//! a late answer and a cut answer all count as applied (only the answer was lost); a 5xx or a
//! reset before reading does not.
//!
//! The faults are planned per call id with a seeded PRNG, so a run is reproducible, and an
//! idempotent call never gets more faults than the retry budget (2 retries). What is checked:
//! every idempotent call succeeds with its own answer; no order is applied twice; every order
//! that failed after a fault that may have applied it says
//! [`may_have_been_applied`](cartesia_core::TransportError::may_have_been_applied); orders
//! that met only 5xx faults succeed; every retry the client made reached the server (no hidden
//! transport retry, no lost attempt); every retry delay is the server's `retry-after-ms` or
//! the documented backoff. The client never really sleeps between retries (`RecordingSleep`);
//! the only real waiting is the per-attempt timeout on the rare slow faults.
//!
//! The figures are printed at the end: `cargo test -p cartesia-contract --test soak --
//! --nocapture`. They are also in the panic message when a check fails.
//!
//! Two findings shape the checks:
//!
//! - A reset *before* the server read the request cannot be told, by the client, from one
//!   after: the request was written either way. So an order that met one fails with
//!   `may_have_been_applied()` (correctly conservative) rather than being retried; only
//!   orders that met nothing but 5xx answers must succeed.
//! - A server that closes the connection after reading the request, before answering, must
//!   give a retryable I/O error (retried for GETs, "may have been applied" for POSTs) on every
//!   transport: `*_closed_before_response` at the end pin it. (`cartesia-reqwest` once mapped
//!   hyper's error for this to `Other`, which was neither retried nor flagged.)

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cartesia_contract::faults::{Fault, FaultServer, RequestHead, Stats};
use cartesia_contract::{phone_numbers_json, TEST_KEY};
use cartesia_core::endpoint::{decode_json, Endpoint, RequestBody, UrlWriter};
use cartesia_core::endpoints::agents::ListPhoneNumbers;
use cartesia_core::mock::RecordingSleep;
use cartesia_core::{ClientBuilder, Error, HttpResponse, RetryPolicy};
use cartesia_reqwest::ReqwestTransport;
use cartesia_ureq::UreqTransport;
use http::Method;

/// Calls per transport (both transports: twice this many).
const CALLS_PER_TRANSPORT: u64 = 6_000;
/// The seed of the fault plan.
const SEED: u64 = 0x5EED_CA27_E51A_2026;
/// The client's per-attempt timeout (up to the response headers). Every answer but
/// [`Step::Slow`] must come well within it, however loaded the machine: it once was 200 ms,
/// and on a loaded 2-core machine (load ~10) the answer after an injected 503 sometimes took
/// longer, so an attempt the plan meant to succeed timed out (a GET ran out of retries, an
/// order that met only 5xx faults failed "may have been applied"). It costs real time only on
/// the slow faults (about 70 per transport, spread over the tasks and threads).
const TIMEOUT: Duration = Duration::from_secs(2);
/// How long a slow answer would stay silent: far beyond the timeout. The server stops waiting
/// as soon as the client hangs up ([`Fault::SlowHeaders`]), so the client always gives up
/// first, on any machine, and a slow fault costs [`TIMEOUT`], not this.
const SLOW: Duration = Duration::from_secs(600);
/// Concurrent tasks driving the async client.
const ASYNC_TASKS: u64 = 16;
/// Threads driving the blocking client.
const BLOCKING_THREADS: u64 = 8;

// ---------------------------------------------------------------------------------------
// The non-idempotent endpoint.

/// `POST /test/orders?call_id=N` with a JSON body carrying the call id; answers 201 with the
/// order. Not idempotent (the default for POST).
struct PlaceOrder {
    call_id: u64,
}

impl Endpoint for PlaceOrder {
    type Output = serde_json::Value;

    fn method(&self) -> Method {
        Method::POST
    }

    fn path_template(&self) -> &'static str {
        "/test/orders"
    }

    fn write_path(&self, url: &mut UrlWriter) -> Result<(), Error> {
        url.push_literal("/test/orders");
        Ok(())
    }

    fn write_query(&self, url: &mut UrlWriter) -> Result<(), Error> {
        // In the query too, so the server's plan knows the call before reading the body.
        url.push_query("call_id", &self.call_id.to_string());
        Ok(())
    }

    fn body(&self) -> Result<Option<RequestBody>, Error> {
        RequestBody::json(&serde_json::json!({ "call_id": self.call_id, "item": "soak" })).map(Some)
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        decode_json(&response)
    }
}

fn is_get(call: u64) -> bool {
    call % 2 == 0
}

fn agent_id(call: u64) -> String {
    format!("agent-{call}")
}

fn numbers_per_call(call: u64) -> usize {
    1 + (call % 3) as usize
}

// ---------------------------------------------------------------------------------------
// The fault plan.

/// What the server does with one attempt, as the soak plans and records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// The normal answer (200 numbers, 201 order).
    Ok,
    Http503,
    /// 503 with `retry-after-ms: 1`.
    Http503RetryAfter,
    Http500,
    Http502,
    ResetBeforeRead,
    ResetAfterRead,
    /// The normal status and headers, half the body.
    Truncated,
    /// Silent until the client gives up (at most [`SLOW`]), then the normal answer.
    Slow,
}

impl Step {
    /// Whether the server read the order and did not refuse it (so it is applied).
    fn applies(self) -> bool {
        matches!(
            self,
            Step::Ok | Step::ResetAfterRead | Step::Truncated | Step::Slow
        )
    }

    fn is_5xx(self) -> bool {
        matches!(
            self,
            Step::Http503 | Step::Http503RetryAfter | Step::Http500 | Step::Http502
        )
    }

    fn label(self) -> &'static str {
        match self {
            Step::Ok => "ok",
            Step::Http503 => "503",
            Step::Http503RetryAfter => "503 + retry-after-ms: 1",
            Step::Http500 => "500",
            Step::Http502 => "502",
            Step::ResetBeforeRead => "reset before read",
            Step::ResetAfterRead => "reset after read",
            Step::Truncated => "truncated body",
            Step::Slow => "slow headers",
        }
    }

    fn fault(self, call: u64) -> Fault {
        let (status, ok_body) = if is_get(call) {
            (
                200,
                phone_numbers_json(&agent_id(call), numbers_per_call(call)),
            )
        } else {
            (
                201,
                serde_json::json!({ "order_id": format!("order-{call}"), "call_id": call })
                    .to_string(),
            )
        };
        let error = |status: u16| {
            Fault::json(
                status,
                r#"{"error_code":"overloaded","message":"try again","request_id":"soak"}"#,
            )
        };
        match self {
            Step::Ok => Fault::json(status, ok_body),
            Step::Http503 => error(503),
            Step::Http503RetryAfter => error(503).with_header("retry-after-ms", "1"),
            Step::Http500 => error(500),
            Step::Http502 => Fault::Respond {
                status: 502,
                headers: vec![("content-type".into(), "text/html".into())],
                body: b"<html><body>bad gateway</body></html>".to_vec(),
            },
            Step::ResetBeforeRead => Fault::ResetBeforeRead,
            Step::ResetAfterRead => Fault::ResetAfterRead,
            Step::Truncated => {
                let body = ok_body.into_bytes();
                Fault::Truncated {
                    status,
                    declared_len: body.len(),
                    body: body[..body.len() / 2].to_vec(),
                }
            }
            Step::Slow => Fault::slow(SLOW, Fault::json(status, ok_body)),
        }
    }
}

/// SplitMix64: small, seeded, good enough to spread faults.
struct Rng(u64);

impl Rng {
    fn for_call(call: u64) -> Self {
        Rng(SEED ^ call.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick(&mut self, menu: &[(Step, u64)]) -> Step {
        let total: u64 = menu.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total);
        for &(step, weight) in menu {
            if r < weight {
                return step;
            }
            r -= weight;
        }
        unreachable!("r < total")
    }
}

/// Any fault an idempotent call can be retried through.
const GET_FAULTS: &[(Step, u64)] = &[
    (Step::Http503, 25),
    (Step::Http503RetryAfter, 20),
    (Step::Http500, 5),
    (Step::Http502, 5),
    (Step::ResetBeforeRead, 15),
    (Step::ResetAfterRead, 15),
    (Step::Truncated, 13),
    (Step::Slow, 2),
];

/// Faults that do not apply an order.
const NOT_APPLIED_FAULTS: &[(Step, u64)] = &[
    (Step::Http503, 35),
    (Step::Http503RetryAfter, 30),
    (Step::Http500, 10),
    (Step::Http502, 10),
    (Step::ResetBeforeRead, 15),
];

/// Faults that apply an order but lose its answer.
const MAYBE_APPLIED_FAULTS: &[(Step, u64)] = &[
    (Step::ResetAfterRead, 47),
    (Step::Truncated, 47),
    (Step::Slow, 6),
];

/// The faults planned for the attempts of `call`, in order; attempts past the list get
/// [`Step::Ok`]. At most 2 faults before an answer that could succeed, so an idempotent call
/// always fits the retry budget.
fn planned(call: u64) -> Vec<Step> {
    // 5xx bursts: runs of neighbouring calls (in flight at about the same time) that all
    // meet two 503s.
    if call % 500 < 16 {
        return vec![Step::Http503, Step::Http503RetryAfter];
    }
    let mut rng = Rng::for_call(call);
    let faults = match rng.below(100) {
        0..=54 => 0,
        55..=84 => 1,
        _ => 2,
    };
    if is_get(call) {
        (0..faults).map(|_| rng.pick(GET_FAULTS)).collect()
    } else {
        let mut steps: Vec<Step> = (0..faults).map(|_| rng.pick(NOT_APPLIED_FAULTS)).collect();
        if rng.below(100) < 25 {
            steps.push(rng.pick(MAYBE_APPLIED_FAULTS));
        }
        steps
    }
}

/// What the server did, attempt by attempt, per call.
type Ledger = Arc<Mutex<BTreeMap<u64, Vec<Step>>>>;

/// The call a request belongs to, from its head.
fn call_of(head: &RequestHead) -> Option<u64> {
    match head.method.as_str() {
        "GET" => head
            .path
            .strip_prefix("/agents/agent-")?
            .strip_suffix("/phone-numbers")?
            .parse()
            .ok()
            .filter(|c| is_get(*c)),
        "POST" => head
            .path
            .strip_prefix("/test/orders?call_id=")?
            .parse()
            .ok()
            .filter(|c| !is_get(*c)),
        _ => None,
    }
}

fn start_server(ledger: &Ledger) -> FaultServer {
    let ledger = ledger.clone();
    FaultServer::start(move |head, _index| {
        let Some(call) = call_of(head) else {
            return Fault::json(400, r#"{"message":"not a soak request"}"#);
        };
        let mut ledger = ledger.lock().unwrap_or_else(|p| p.into_inner());
        let attempts = ledger.entry(call).or_default();
        let step = planned(call)
            .get(attempts.len())
            .copied()
            .unwrap_or(Step::Ok);
        attempts.push(step);
        step.fault(call)
    })
    .expect("start the fault server")
}

// ---------------------------------------------------------------------------------------
// Running the calls.

/// The end of one call.
struct Outcome {
    call: u64,
    result: Result<(), Error>,
    /// Set when the call succeeded with an answer that is not its own.
    wrong_answer: Option<String>,
}

fn check_numbers(call: u64, result: Result<Vec<cartesia_core::PhoneNumber>, Error>) -> Outcome {
    let wrong_answer = match &result {
        Ok(numbers)
            if numbers.len() != numbers_per_call(call)
                || numbers.iter().any(|n| n.agent_id != agent_id(call)) =>
        {
            Some(format!("{numbers:?}"))
        }
        _ => None,
    };
    Outcome {
        call,
        result: result.map(drop),
        wrong_answer,
    }
}

fn check_order(call: u64, result: Result<serde_json::Value, Error>) -> Outcome {
    let wrong_answer = match &result {
        Ok(order) if order["call_id"] != call => Some(order.to_string()),
        _ => None,
    };
    Outcome {
        call,
        result: result.map(drop),
        wrong_answer,
    }
}

fn builder(server: &FaultServer) -> ClientBuilder {
    ClientBuilder::new()
        .api_key(TEST_KEY)
        .base_url(server.url())
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(2))
        // The default policy, spelled out: 2 retries, no replay of a POST that may have
        // been applied.
        .retry_policy(RetryPolicy::new().max_retries(2))
}

fn run_reqwest(server: &FaultServer, sleeps: &RecordingSleep) -> Vec<Outcome> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async {
        let client = builder(server)
            .async_sleep(sleeps.clone())
            .build_async(ReqwestTransport::new().expect("reqwest transport"))
            .expect("async client");
        let tasks: Vec<_> = (0..ASYNC_TASKS)
            .map(|task| {
                let client = client.clone();
                tokio::spawn(async move {
                    let mut out = Vec::new();
                    for call in (task..CALLS_PER_TRANSPORT).step_by(ASYNC_TASKS as usize) {
                        out.push(if is_get(call) {
                            let r = client.execute(&ListPhoneNumbers::new(agent_id(call))).await;
                            check_numbers(call, r)
                        } else {
                            check_order(call, client.execute(&PlaceOrder { call_id: call }).await)
                        });
                    }
                    out
                })
            })
            .collect();
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.expect("soak task"));
        }
        all
    })
}

fn run_ureq(server: &FaultServer, sleeps: &RecordingSleep) -> Vec<Outcome> {
    let client = builder(server)
        .blocking_sleep(sleeps.clone())
        .build_blocking(UreqTransport::new())
        .expect("blocking client");
    std::thread::scope(|s| {
        let threads: Vec<_> = (0..BLOCKING_THREADS)
            .map(|t| {
                let client = client.clone();
                s.spawn(move || {
                    (t..CALLS_PER_TRANSPORT)
                        .step_by(BLOCKING_THREADS as usize)
                        .map(|call| {
                            if is_get(call) {
                                let r = client.agents().list_phone_numbers(&agent_id(call));
                                check_numbers(call, r)
                            } else {
                                check_order(call, client.execute(&PlaceOrder { call_id: call }))
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|t| t.join().expect("soak thread"))
            .collect()
    })
}

// ---------------------------------------------------------------------------------------
// Checking and reporting.

#[derive(Default)]
struct Figures {
    name: &'static str,
    calls: u64,
    elapsed: Duration,
    server: Stats,
    faults: BTreeMap<Step, u64>,
    get_total: u64,
    get_ok: u64,
    post_total: u64,
    post_ok: u64,
    /// Failed, flagged may-have-been-applied, and the order was applied (only its answer was
    /// lost).
    post_failed_flagged_applied: u64,
    /// Failed, flagged may-have-been-applied, and the order was not applied (a reset before
    /// the server read it: the client cannot tell it from a reset after reading).
    post_failed_flagged_not_applied: u64,
    /// Orders that met only 5xx faults before an answer (so they must succeed).
    post_only_5xx: u64,
    duplicated: u64,
    retries: u64,
    retry_after_delays: u64,
    /// How failed calls failed: (last step, error kind) → count.
    failures: BTreeMap<(Step, String), u64>,
    /// Broken checks: what → (how many, a few examples).
    violations: BTreeMap<&'static str, (u64, Vec<String>)>,
}

impl Figures {
    fn violate(&mut self, what: &'static str, example: String) {
        let (n, examples) = self.violations.entry(what).or_default();
        *n += 1;
        if examples.len() < 3 {
            examples.push(example);
        }
    }
}

fn error_kind(e: &Error) -> String {
    match e {
        Error::Transport(t) => format!("{:?}", t.kind()),
        Error::Api(a) => format!("HTTP {}", a.status().as_u16()),
        Error::Decode(_) => "Decode".to_owned(),
        other => format!("{other:?}").chars().take(40).collect(),
    }
}

fn check(
    name: &'static str,
    outcomes: &[Outcome],
    ledger: &Ledger,
    server: &FaultServer,
    sleeps: &RecordingSleep,
    elapsed: Duration,
) -> Figures {
    let ledger = ledger.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let mut f = Figures {
        name,
        calls: outcomes.len() as u64,
        elapsed,
        server: server.stats(),
        ..Figures::default()
    };
    if f.calls != CALLS_PER_TRANSPORT {
        f.violate("not every call ran", format!("{} calls", f.calls));
    }

    // What the server read completely, per call.
    let mut read_per_call: BTreeMap<u64, u64> = BTreeMap::new();
    for r in server.requests() {
        let head = RequestHead {
            method: r.method.clone(),
            path: r.path.clone(),
            headers: r.headers.clone(),
        };
        let Some(call) = call_of(&head) else {
            f.violate("stray request", format!("{} {}", r.method, r.path));
            continue;
        };
        *read_per_call.entry(call).or_default() += 1;
        if r.method == "POST" {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
            if body["call_id"] != call {
                f.violate("order body names another call", format!("{call}: {body}"));
            }
        }
    }

    let mut attempts_total = 0u64;
    for o in outcomes {
        let call = o.call;
        let steps = ledger.get(&call).cloned().unwrap_or_default();
        attempts_total += steps.len() as u64;
        for s in steps.iter().filter(|s| **s != Step::Ok) {
            *f.faults.entry(*s).or_default() += 1;
        }
        if let Some(answer) = &o.wrong_answer {
            f.violate("answer of another call", format!("{call}: {answer}"));
        }
        if steps.is_empty() || steps.len() > 3 {
            f.violate("attempts out of 1..=3", format!("{call}: {steps:?}"));
        }
        let read = read_per_call.get(&call).copied().unwrap_or(0);
        let expect_read = steps
            .iter()
            .filter(|s| **s != Step::ResetBeforeRead)
            .count() as u64;
        if read != expect_read {
            f.violate(
                "server read count differs from the plan",
                format!("{call}: read {read}, planned {expect_read}: {steps:?}"),
            );
        }
        if let Err(e) = &o.result {
            let last = steps.last().copied().unwrap_or(Step::Ok);
            *f.failures.entry((last, error_kind(e))).or_default() += 1;
        }

        if is_get(call) {
            f.get_total += 1;
            match &o.result {
                Ok(()) => f.get_ok += 1,
                Err(e) => f.violate(
                    "idempotent call failed",
                    format!("{call} after {steps:?}: {e} ({e:?})"),
                ),
            }
            continue;
        }

        f.post_total += 1;
        let applied = steps.iter().filter(|s| s.applies()).count();
        if applied > 1 {
            f.duplicated += 1;
            f.violate("order applied more than once", format!("{call}: {steps:?}"));
        }
        let only_5xx =
            steps.last() == Some(&Step::Ok) && steps[..steps.len() - 1].iter().all(|s| s.is_5xx());
        if only_5xx {
            f.post_only_5xx += 1;
        }
        let e = match &o.result {
            Ok(()) => {
                f.post_ok += 1;
                if steps.last() != Some(&Step::Ok) || applied != 1 {
                    f.violate(
                        "order succeeded without exactly one application",
                        format!("{call}: {steps:?}"),
                    );
                }
                continue;
            }
            Err(e) => e,
        };
        if e.attempts() != Some(steps.len() as u32) {
            f.violate(
                "error's attempts differ from the server's count",
                format!("{call}: {:?} vs {steps:?}", e.attempts()),
            );
        }
        let flagged = matches!(e, Error::Transport(t) if t.may_have_been_applied());
        let maybe_applied_fault = steps.iter().any(|s| !s.is_5xx());
        if only_5xx || !maybe_applied_fault {
            f.violate(
                "order failed though it met only 5xx faults",
                format!("{call} after {steps:?}: {e}"),
            );
        } else if !flagged {
            f.violate(
                "order failed after a maybe-applied fault without may_have_been_applied()",
                format!("{call} after {steps:?}: {e} ({e:?})"),
            );
        } else if applied == 1 {
            f.post_failed_flagged_applied += 1;
        } else {
            f.post_failed_flagged_not_applied += 1;
        }
    }

    // Every retry the client made reached the server, and nothing else did: no lost attempt,
    // no retry hidden inside a transport.
    let delays = sleeps.delays();
    f.retries = delays.len() as u64;
    if attempts_total != f.calls + f.retries {
        f.violate(
            "server attempts != calls + client retries",
            format!(
                "{attempts_total} attempts, {} calls, {} retries",
                f.calls, f.retries
            ),
        );
    }
    if f.server.heads != attempts_total {
        f.violate(
            "server head count differs from the ledger",
            format!("{} vs {attempts_total}", f.server.heads),
        );
    }
    // Each delay is the server's retry-after-ms (1 ms) or the jittered backoff.
    let ms = Duration::from_millis;
    for d in &delays {
        if !(*d == ms(1) || (ms(375)..=ms(500)).contains(d) || (ms(750)..=ms(1000)).contains(d)) {
            f.violate("unexpected retry delay", format!("{d:?}"));
        }
    }
    f.retry_after_delays = delays.iter().filter(|d| **d == ms(1)).count() as u64;
    let retried_after_header: u64 = ledger
        .values()
        .map(|steps| {
            let n = steps.len().saturating_sub(1);
            steps[..n]
                .iter()
                .filter(|s| **s == Step::Http503RetryAfter)
                .count() as u64
        })
        .sum();
    if f.retry_after_delays != retried_after_header {
        f.violate(
            "retry-after-ms not honoured",
            format!(
                "{} delays of 1 ms, {retried_after_header} retries after retry-after-ms: 1",
                f.retry_after_delays
            ),
        );
    }
    if f.server.panics != 0 || f.server.refused != 0 {
        f.violate("server trouble", format!("{:?}", f.server));
    }
    f
}

fn report(all: &[Figures], total: Duration) -> String {
    let mut out = String::new();
    let calls: u64 = all.iter().map(|f| f.calls).sum();
    let _ = writeln!(out, "fault soak: {calls} calls in {total:.2?}");
    for f in all {
        let faults: Vec<String> = f
            .faults
            .iter()
            .map(|(s, n)| format!("{}: {n}", s.label()))
            .collect();
        let failures: Vec<String> = f
            .failures
            .iter()
            .map(|((s, k), n)| format!("{} → {k}: {n}", s.label()))
            .collect();
        let _ = writeln!(
            out,
            "  {}: {} calls in {:.2?}; the server saw {} connections ({} closed when idle), {} requests\n    \
             faults injected: {} ({})\n    \
             idempotent calls succeeded: {}/{}\n    \
             non-idempotent calls: {}; applied once and answered: {}; failed with \
             may_have_been_applied: {} applied + {} not applied (reset before read); \
             met only 5xx faults and succeeded: {}/{}\n    \
             retries performed: {} ({} after retry-after-ms: 1, {} after the backoff)\n    \
             failed calls, by last fault → error kind: {}",
            f.name,
            f.calls,
            f.elapsed,
            f.server.connections,
            f.server.idle_closed,
            f.server.heads,
            f.faults.values().sum::<u64>(),
            faults.join(", "),
            f.get_ok,
            f.get_total,
            f.post_total,
            f.post_ok,
            f.post_failed_flagged_applied,
            f.post_failed_flagged_not_applied,
            f.post_only_5xx,
            f.post_only_5xx,
            f.retries,
            f.retry_after_delays,
            f.retries - f.retry_after_delays,
            failures.join(", "),
        );
    }
    let duplicated: u64 = all.iter().map(|f| f.duplicated).sum();
    let _ = writeln!(out, "duplicated non-idempotent requests: {duplicated}");
    let _ = write!(out, "elapsed: {total:.2?}");
    out
}

#[test]
fn fault_soak() {
    let started = Instant::now();
    let reqwest_ledger = Ledger::default();
    let ureq_ledger = Ledger::default();
    let reqwest_server = start_server(&reqwest_ledger);
    let ureq_server = start_server(&ureq_ledger);
    let reqwest_sleeps = RecordingSleep::new();
    let ureq_sleeps = RecordingSleep::new();

    // Both transports at once, each against its own server.
    let ((reqwest_out, reqwest_time), (ureq_out, ureq_time)) = std::thread::scope(|s| {
        let ureq = s.spawn(|| {
            let t = Instant::now();
            let out = run_ureq(&ureq_server, &ureq_sleeps);
            (out, t.elapsed())
        });
        let t = Instant::now();
        let reqwest = (run_reqwest(&reqwest_server, &reqwest_sleeps), t.elapsed());
        (reqwest, ureq.join().expect("ureq runner"))
    });

    let figures = [
        check(
            "reqwest (async)",
            &reqwest_out,
            &reqwest_ledger,
            &reqwest_server,
            &reqwest_sleeps,
            reqwest_time,
        ),
        check(
            "ureq (blocking)",
            &ureq_out,
            &ureq_ledger,
            &ureq_server,
            &ureq_sleeps,
            ureq_time,
        ),
    ];
    drop(reqwest_server);
    drop(ureq_server);
    let summary = report(&figures, started.elapsed());
    // Written to the process's stderr directly, not through `eprintln!`, so the test
    // harness does not capture it: the figures show in every CI log.
    {
        use std::io::Write as _;
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{summary}");
    }

    let mut problems = String::new();
    for f in &figures {
        for (what, (n, examples)) in &f.violations {
            let _ = writeln!(problems, "{}: {what}: {n}, e.g.", f.name);
            for e in examples {
                let _ = writeln!(problems, "      {e}");
            }
        }
    }
    assert!(problems.is_empty(), "{problems}\n{summary}");
    let calls: u64 = figures.iter().map(|f| f.calls).sum();
    assert!(calls >= 10_000, "{summary}");
}

// ---------------------------------------------------------------------------------------
// The connection closing after the request was read, before any response: focused checks.

/// A server whose first request is read and then the connection closed without an answer;
/// later requests get `[]` (GET) or an order (POST).
fn closes_first_request() -> FaultServer {
    FaultServer::start(|head, index| match (index, head.method.as_str()) {
        (0, _) => Fault::ResetAfterRead,
        (_, "GET") => Fault::json(200, "[]"),
        _ => Fault::json(201, r#"{"call_id":1}"#),
    })
    .expect("start the fault server")
}

/// What a GET and a POST end with when the server closes the connection after reading the
/// request: the GET must be retried (2 attempts, success), the POST must not be (1 attempt,
/// `may_have_been_applied`).
fn assert_closed_before_response(
    get: impl FnOnce(&FaultServer) -> Result<Vec<cartesia_core::PhoneNumber>, Error>,
    post: impl FnOnce(&FaultServer) -> Result<serde_json::Value, Error>,
) {
    let server = closes_first_request();
    let numbers = get(&server).expect("the GET is retried and succeeds");
    assert!(numbers.is_empty());
    assert_eq!(server.stats().heads, 2);

    let server = closes_first_request();
    let err = post(&server).expect_err("the POST is not replayed");
    assert_eq!(err.attempts(), Some(1), "{err:?}");
    assert!(
        matches!(&err, Error::Transport(t) if t.may_have_been_applied()),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn ureq_closed_before_response() {
    let client = |server: &FaultServer| {
        builder(server)
            .blocking_sleep(RecordingSleep::new())
            .build_blocking(UreqTransport::new())
            .expect("blocking client")
    };
    assert_closed_before_response(
        |server| client(server).agents().list_phone_numbers("a1"),
        |server| client(server).execute(&PlaceOrder { call_id: 1 }),
    );
}

/// The server reads the request and closes the connection without answering (hyper's
/// "connection closed before message completed"): the GET is retried, the POST is not and
/// says it may have been applied. (This once failed: reqwest's error was mapped to `Other`.)
#[test]
fn reqwest_closed_before_response() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = |server: &FaultServer| {
        let _guard = rt.enter();
        builder(server)
            .async_sleep(RecordingSleep::new())
            .build_async(ReqwestTransport::new().expect("reqwest transport"))
            .expect("async client")
    };
    assert_closed_before_response(
        |server| rt.block_on(client(server).agents().list_phone_numbers("a1")),
        |server| rt.block_on(client(server).execute(&PlaceOrder { call_id: 1 })),
    );
}
