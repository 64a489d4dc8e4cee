//! One call, from first attempt to final result, as a state machine with no I/O.
//!
//! Both clients drive the same [`Call`]: ask it for the next request, perform the exchange,
//! hand it the outcome, and either return its result or sleep for the delay it names. Every
//! decision — what to send, whether to retry, how long to wait, what error to report — is made
//! here or in the pure functions it calls.

use std::time::{Duration, Instant, SystemTime};

use crate::config::{ClientConfig, RequestOptions};
use crate::endpoint::Endpoint;
use crate::error::{ApiError, Error};
use crate::pipeline;
use crate::redirect::{self, Follow, RedirectDecision};
use crate::retry::{self, Attempted, RetryDecision, RetryInput, RetryPolicy, StopReason};
use crate::transport::{HttpRequest, HttpResponse, SendOptions, TransportError};
use cartesia_types::ApiVersion;

/// What the driver does next.
pub(crate) enum Step<T> {
    /// The call is over.
    Done(Result<T, Error>),
    /// Sleep this long (not at all when zero: a redirect), then ask for the next request.
    Wait(Duration),
}

/// The state of one call.
pub(crate) struct Call<'a, E: ?Sized> {
    config: &'a ClientConfig,
    endpoint: &'a E,
    /// The one request option the request itself needs (the others are in `send` and
    /// `policy`): kept alone, so the call's state (held by its future, and moved with it)
    /// stays small.
    version: Option<ApiVersion>,
    send: SendOptions,
    policy: RetryPolicy,
    idempotent: bool,
    attempt: u32,
    started: Instant,
    span: tracing::Span,
    /// Where the last redirect pointed: every later request goes there (boxed: rare, and
    /// large next to the rest of the call's state).
    redirect: Option<Box<Follow>>,
    /// Redirects followed so far.
    hops: u32,
    /// The next request follows a redirect (it is not a new attempt).
    following: bool,
}

impl<'a, E: Endpoint + ?Sized> Call<'a, E> {
    /// A call of `endpoint`; `streamed` when its body is handed over as it arrives (its
    /// total timeout is then the client's `stream_total_timeout`, none by default).
    pub(crate) fn new(
        config: &'a ClientConfig,
        endpoint: &'a E,
        options: RequestOptions,
        streamed: bool,
    ) -> Self {
        let span = tracing::debug_span!(
            "cartesia.request",
            method = %endpoint.method(),
            path = endpoint.path_template(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        let started = Instant::now();
        let total = pipeline::total_timeout(config, &options, streamed);
        let mut send = pipeline::send_options(config, &options);
        send.deadline = total.and_then(|t| started.checked_add(t));
        let mut policy = pipeline::retry_policy(config, &options);
        if let Some(t) = total {
            policy.total_deadline = Some(policy.total_deadline.map_or(t, |d| d.min(t)));
        }
        Self {
            config,
            endpoint,
            send,
            policy,
            version: options.version,
            idempotent: endpoint.idempotent(),
            attempt: 0,
            started,
            span,
            redirect: None,
            hops: 0,
            following: false,
        }
    }

    /// The span the whole call runs in (method, path template, status, attempts, request id;
    /// never the key or a body).
    pub(crate) fn span(&self) -> &tracing::Span {
        &self.span
    }

    /// The next request to send (with [`send_options`](Self::send_options)).
    pub(crate) fn next_request(&mut self) -> Result<HttpRequest, Error> {
        if !std::mem::take(&mut self.following) {
            self.attempt += 1;
        }
        let mut request =
            pipeline::build_request_version(self.config, self.endpoint, self.version)?;
        if let Some(follow) = &self.redirect {
            pipeline::redirect_request(&mut request, follow);
        }
        Ok(request)
    }

    /// The transport options of this call's attempts (with its deadline).
    pub(crate) fn send_options(&self) -> &SendOptions {
        &self.send
    }

    /// The method and URI of the request last sent (rebuilt: only needed on a redirect).
    fn last_target(&self) -> Option<(http::Method, http::Uri)> {
        match &self.redirect {
            Some(f) => Some((f.method.clone(), f.uri.clone())),
            None => pipeline::build_request_version(self.config, self.endpoint, self.version)
                .ok()
                .map(|r| (r.method().clone(), r.uri().clone())),
        }
    }

    /// For a 3xx answer: `Some(Ok(()))` when the next request follows it, `Some(Err(..))` when
    /// it must not be followed, `None` when it is not a redirect.
    fn on_redirect(&mut self, response: &HttpResponse) -> Option<Result<(), Error>> {
        if !response.status().is_redirection() {
            return None;
        }
        let (method, uri) = self.last_target()?;
        match redirect::decide(
            response.status(),
            response.headers(),
            &method,
            &uri,
            self.hops,
            self.config.max_redirects(),
        ) {
            RedirectDecision::NotRedirect => None,
            RedirectDecision::Follow(follow) => {
                tracing::debug!(
                    parent: &self.span,
                    status = response.status().as_u16(),
                    method = %follow.method,
                    "following a same-origin redirect"
                );
                self.hops += 1;
                self.redirect = Some(Box::new(follow));
                self.following = true;
                Some(Ok(()))
            }
            RedirectDecision::Refuse(e) => {
                self.finish(response.status().as_u16(), None);
                Some(Err(e.into()))
            }
        }
    }

    /// Takes the outcome of the last attempt.
    pub(crate) fn on_outcome(
        &mut self,
        outcome: Result<HttpResponse, TransportError>,
    ) -> Step<E::Output> {
        match outcome {
            Ok(response) if response.status().is_success() => {
                self.on_success(&response);
                Step::Done(self.endpoint.parse(response))
            }
            other => match self.on_failure(other) {
                Ok(delay) => Step::Wait(delay),
                Err(e) => Step::Done(Err(e)),
            },
        }
    }

    /// Records a 2xx answer (for a streamed body, before the body is read).
    pub(crate) fn on_success<B>(&self, response: &http::Response<B>) {
        if self.span.is_disabled() {
            // Nothing would be recorded: skip the header lookup and the copy of the id.
            return;
        }
        let id = response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.finish(response.status().as_u16(), id);
    }

    /// After a non-2xx answer (with its body read) or a transport error: `Ok(delay)` to try
    /// again after `delay`, or the final error.
    pub(crate) fn on_failure(
        &mut self,
        outcome: Result<HttpResponse, TransportError>,
    ) -> Result<Duration, Error> {
        if let Ok(response) = &outcome {
            if let Some(followed) = self.on_redirect(response) {
                return followed.map(|()| Duration::ZERO);
            }
        }
        let decision = match &outcome {
            Ok(response) => self.decide(Attempted::Response {
                status: response.status(),
                headers: response.headers(),
            }),
            // The call's deadline passed: there is no time for another attempt.
            Err(e) if e.is_deadline() => RetryDecision::Stop(StopReason::DeadlineExceeded),
            Err(e) => self.decide(Attempted::Failed {
                kind: e.kind(),
                sent: e.request_sent(),
            }),
        };
        match decision {
            RetryDecision::Retry(delay) => {
                tracing::debug!(
                    parent: &self.span,
                    attempt = self.attempt,
                    delay_ms = delay.as_millis() as u64,
                    outcome = %OutcomeSummary(&outcome),
                    "retrying"
                );
                Ok(delay)
            }
            RetryDecision::Stop(reason) => Err(self.fail(outcome, reason)),
        }
    }

    fn decide(&self, attempted: Attempted<'_>) -> RetryDecision {
        self.policy.decide(&RetryInput {
            attempt: self.attempt,
            idempotent: self.idempotent,
            elapsed: self.started.elapsed(),
            now: SystemTime::now(),
            jitter: retry::jitter(),
            outcome: attempted,
        })
    }

    fn fail(&self, outcome: Result<HttpResponse, TransportError>, reason: StopReason) -> Error {
        match outcome {
            Ok(response) => {
                let e = ApiError::from_response(response)
                    .with_attempts(self.attempt)
                    .for_key_kind(self.endpoint.key_kind());
                self.finish(e.status().as_u16(), e.request_id().map(str::to_owned));
                e.into()
            }
            Err(mut e) => {
                e.set_attempts(self.attempt);
                if reason == StopReason::NotIdempotent {
                    e.set_not_replayed();
                }
                self.finish(0, None);
                e.into()
            }
        }
    }

    fn finish(&self, status: u16, request_id: Option<String>) {
        if status != 0 {
            self.span.record("status", status);
        }
        self.span.record("attempts", self.attempt);
        if let Some(id) = request_id {
            self.span.record("request_id", id.as_str());
        }
    }
}

struct OutcomeSummary<'a>(&'a Result<HttpResponse, TransportError>);

impl std::fmt::Display for OutcomeSummary<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Ok(r) => write!(f, "HTTP {}", r.status().as_u16()),
            Err(e) => write!(f, "{}", e.kind()),
        }
    }
}
