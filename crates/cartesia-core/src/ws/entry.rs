//! The entry points on both clients (`client.tts().websocket()`, `client.stt().websocket(q)`,
//! `client.stt().turns_websocket(q)`) and the "speak this text into a file" convenience.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use cartesia_types::ws::{SttWsQuery, TtsWsRequest};

use super::config::{WsConfig, WsSettings};
use super::error::WsError;
use super::link::{AnySession, DriverLink, Hub, OwnedEndpoint, WsRequest};
use super::stt::{Manual, SttSession, Turns};
use super::stt_socket::{AsyncSttSocket, BlockingSttSocket, SttKind};
use super::tts::TtsSession;
use super::tts_socket::{audio_of, AsyncTtsSocket, BlockingTtsSocket};
use super::TtsEvent;
use crate::wav::{WavError, WavSpec, WavStreamWriter};
use crate::{AsyncClient, AsyncStt, AsyncTts, BlockingClient, BlockingStt, BlockingTts, Error};
use crate::{ClientConfig, InvalidRequest, RequestOptions};

/// What a new socket opens: which socket, its session, its settings (`None`: the client's).
struct Opening {
    endpoint: OwnedEndpoint,
    session: AnySession,
    ws: Option<WsConfig>,
}

/// An open socket's hub and the client's configuration.
type Opened = (Arc<Hub>, Arc<ClientConfig>);

impl Opening {
    /// The connector `pick` takes from the client's settings (`which` names the client for
    /// the error without one), the request and the hub, checked before any I/O (the query
    /// parameters and the URL).
    ///
    /// From the client view's `options`: its `Cartesia-Version`, and its connect timeout,
    /// which bounds connecting when the socket runs with the client's [`WsConfig`] (a
    /// `websocket_with(config)` keeps its own).
    fn prepare<C: ?Sized>(
        self,
        config: &Arc<ClientConfig>,
        options: &RequestOptions,
        pick: impl FnOnce(&WsSettings) -> Option<Arc<C>>,
        which: &'static str,
    ) -> Result<(Arc<C>, WsRequest, Arc<Hub>), Error> {
        let connector = pick(config.ws_settings()).ok_or(WsError::NoConnector(which))?;
        let ws = match self.ws {
            Some(ws) => ws,
            None => {
                let mut ws = *config.websocket_config();
                if let Some(t) = options.connect_timeout {
                    ws.connect_timeout = t;
                }
                ws
            }
        };
        let request = WsRequest::new(config.clone(), self.endpoint, options.version);
        request.url()?;
        Ok((connector, request, Hub::new(self.session, ws)))
    }
}

async fn open_async(client: &AsyncClient, opening: Opening) -> Result<Opened, Error> {
    let config = client.config_arc();
    let (connector, request, hub) = opening.prepare(
        &config,
        client.view_options(),
        |s| s.async_connector.clone(),
        "async",
    )?;
    connector
        .connect(request, DriverLink::new(hub.clone()))
        .await?;
    Ok((hub, config))
}

fn open_blocking(client: &BlockingClient, opening: Opening) -> Result<Opened, Error> {
    let config = client.config_arc();
    let (connector, request, hub) = opening.prepare(
        &config,
        client.view_options(),
        |s| s.blocking_connector.clone(),
        "blocking",
    )?;
    connector.connect(request, DriverLink::new(hub.clone()))?;
    Ok((hub, config))
}

fn tts_session(config: &Option<WsConfig>, client: &ClientConfig) -> AnySession {
    let ws = config.unwrap_or(*client.websocket_config());
    AnySession::Tts(TtsSession::new(ws.session))
}

fn stt_session<P: SttKind>(config: &Option<WsConfig>, client: &ClientConfig) -> AnySession {
    let ws = config.unwrap_or(*client.websocket_config());
    P::wrap(SttSession::<P>::new(ws.session))
}

macro_rules! tts_entry {
    ($resource:ident, $socket:ident, $open:ident, [$($async:tt)*], [$($await:tt)*], [$($sync:tt)*], [$($send:tt)*]) => {
        impl $resource<'_> {
            /// Opens a TTS WebSocket (`/tts/websocket`) with the client's [`WsConfig`].
            pub $($async)* fn websocket(&self) -> Result<$socket, Error> {
                self.open(None) $($await)*
            }

            /// Opens a TTS WebSocket with `config` instead of the client's.
            pub $($async)* fn websocket_with(&self, config: WsConfig) -> Result<$socket, Error> {
                self.open(Some(config)) $($await)*
            }

            $($async)* fn open(&self, ws: Option<WsConfig>) -> Result<$socket, Error> {
                let session = tts_session(&ws, self.client.config());
                let opening = Opening { endpoint: OwnedEndpoint::Tts, session, ws };
                let (hub, config) = $open(self.client, opening) $($await)*?;
                Ok($socket::new(hub, config))
            }

            /// Speaks each of `texts` as its own context, one after the other, on one socket,
            /// and writes the audio into `writer` as it arrives (raw samples in the template's
            /// output format); returns the audio bytes written. Context ids are the
            /// template's, with `-1`, `-2`, ... appended when there are several texts.
            pub $($async)* fn speak_to<T: AsRef<str> $($sync)*>(
                &self,
                template: TtsWsRequest,
                texts: &[T],
                writer: &mut (impl Write $($send)* + ?Sized),
            ) -> Result<u64, Error> {
                let socket = self.websocket() $($await)*?;
                let mut written = 0;
                for (template, text) in plan(template, texts) {
                    let mut ctx = socket.context(template)?;
                    ctx.push(text)?;
                    ctx.finish()?;
                    while let Some(event) = ctx.next() $($await)* {
                        written += write_audio(writer, event?)?;
                    }
                }
                socket.close() $($await)*;
                Ok(written)
            }

            /// [`speak_to`](Self::speak_to) into the file at `path` (created or truncated): a
            /// WAV file when the name ends in `.wav`, made from the raw samples, else the raw
            /// samples.
            pub $($async)* fn speak_to_file<T: AsRef<str> $($sync)*>(
                &self,
                template: TtsWsRequest,
                texts: &[T],
                path: impl AsRef<Path>,
            ) -> Result<u64, Error> {
                let mut out = OutFile::create(path.as_ref(), &template)?;
                let written = self.speak_to(template, texts, &mut out) $($await)*?;
                out.finish()?;
                Ok(written)
            }
        }
    };
}

tts_entry!(AsyncTts, AsyncTtsSocket, open_async, [async], [.await], [+ Sync], [+ Send]);
tts_entry!(
    BlockingTts,
    BlockingTtsSocket,
    open_blocking,
    [],
    [],
    [],
    []
);

macro_rules! stt_entry {
    ($resource:ident, $socket:ident, $open:ident, [$($async:tt)*], [$($await:tt)*]) => {
        impl $resource<'_> {
            /// Opens the realtime STT WebSocket (`/stt/websocket`): send audio, `finalize`
            /// when a transcript is wanted, `close` to end. `query` (model, encoding, sample
            /// rate, language, key terms, ...) is checked before any I/O.
            pub $($async)* fn websocket(&self, query: SttWsQuery) -> Result<$socket<Manual>, Error> {
                self.websocket_with(query, None) $($await)*
            }

            /// Opens the turn-detecting STT WebSocket (`/stt/turns/websocket`): send audio,
            /// read turn events, `close` to end.
            pub $($async)* fn turns_websocket(&self, query: SttWsQuery) -> Result<$socket<Turns>, Error> {
                self.turns_websocket_with(query, None) $($await)*
            }

            /// [`websocket`](Self::websocket) with `config` (`None`: the client's).
            pub $($async)* fn websocket_with(&self, query: SttWsQuery, config: Option<WsConfig>) -> Result<$socket<Manual>, Error> {
                self.open(query, config) $($await)*
            }

            /// [`turns_websocket`](Self::turns_websocket) with `config` (`None`: the client's).
            pub $($async)* fn turns_websocket_with(&self, query: SttWsQuery, config: Option<WsConfig>) -> Result<$socket<Turns>, Error> {
                self.open(query, config) $($await)*
            }

            $($async)* fn open<P: SttKind>(
                &self,
                query: SttWsQuery,
                config: Option<WsConfig>,
            ) -> Result<$socket<P>, Error> {
                let session = stt_session::<P>(&config, self.client.config());
                let opening = Opening { endpoint: P::endpoint(query), session, ws: config };
                let (hub, client) = $open(self.client, opening) $($await)*?;
                Ok($socket::new(hub, client))
            }
        }
    };
}

stt_entry!(AsyncStt, AsyncSttSocket, open_async, [async], [.await]);
stt_entry!(BlockingStt, BlockingSttSocket, open_blocking, [], []);

/// The contexts of a `speak_to`: one per text, ids suffixed when there are several.
fn plan<T: AsRef<str>>(template: TtsWsRequest, texts: &[T]) -> Vec<(TtsWsRequest, &str)> {
    let several = texts.len() > 1;
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut t = template.clone();
            if several {
                t.context_id = format!("{}-{}", template.context_id, i + 1);
            }
            (t, text.as_ref())
        })
        .collect()
}

/// Writes the audio of `event`; the events that end a context without its audio are errors.
fn write_audio(writer: &mut (impl Write + ?Sized), event: TtsEvent) -> Result<u64, Error> {
    match audio_of(event)? {
        Some(audio) => {
            writer.write_all(&audio).map_err(Error::Write)?;
            Ok(audio.len() as u64)
        }
        None => Ok(0),
    }
}

/// The file of `speak_to_file`: raw samples, or a WAV whose header is patched at the end.
enum OutFile {
    Raw(std::io::BufWriter<std::fs::File>),
    Wav(WavStreamWriter<std::io::BufWriter<std::fs::File>>),
}

impl OutFile {
    fn create(path: &Path, template: &TtsWsRequest) -> Result<Self, Error> {
        let is_wav = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("wav"));
        // The format is checked before the file is created.
        let spec = if is_wav {
            let raw = template.output_format.as_raw();
            Some(WavSpec::new(&raw.encoding, raw.sample_rate, 1).map_err(wav_error)?)
        } else {
            None
        };
        let file = std::io::BufWriter::new(std::fs::File::create(path).map_err(Error::Write)?);
        Ok(match spec {
            Some(spec) => OutFile::Wav(WavStreamWriter::new(file, spec).map_err(wav_error)?),
            None => OutFile::Raw(file),
        })
    }

    fn finish(self) -> Result<(), Error> {
        match self {
            OutFile::Raw(mut f) => f.flush().map_err(Error::Write),
            OutFile::Wav(w) => w.finish().map_err(wav_error)?.flush().map_err(Error::Write),
        }
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            OutFile::Raw(f) => f.write(buf),
            OutFile::Wav(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            OutFile::Raw(f) => f.flush(),
            OutFile::Wav(w) => w.flush(),
        }
    }
}

fn wav_error(e: WavError) -> Error {
    match e {
        WavError::Io(io) => Error::Write(io),
        WavError::UnsupportedEncoding(_) | WavError::InvalidSpec(_) => {
            InvalidRequest::new("output_format", e.to_string()).into()
        }
        other => Error::Write(std::io::Error::other(other)),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use bytes::Bytes;
    use cartesia_types::ApiVersion;

    use super::*;
    use crate::mock::MockTransport;
    use crate::test_support::block_on;
    use crate::ws::{handshake_error, AsyncWsConnector, BlockingWsConnector};
    use crate::ClientBuilder;

    /// A connector that records what a driver would send and use (the `Cartesia-Version` of
    /// the upgrade, the connect timeout), then reports a refused upgrade.
    #[derive(Debug, Clone, Default)]
    struct Recorder(Arc<Mutex<Vec<(String, Duration)>>>);

    impl Recorder {
        fn record(&self, request: &WsRequest, link: &DriverLink) -> Error {
            let http = request.http_request("dGhlIHNhbXBsZSBub25jZQ==").unwrap();
            let version = http.headers()["cartesia-version"]
                .to_str()
                .unwrap()
                .to_owned();
            let versions = http.headers().get_all("cartesia-version").iter().count();
            assert_eq!(versions, 1, "one Cartesia-Version");
            self.0
                .lock()
                .unwrap()
                .push((version, link.config().connect_timeout));
            let refused = http::Response::builder()
                .status(401)
                .body(Bytes::new())
                .unwrap();
            handshake_error(refused)
        }

        fn take(&self) -> Vec<(String, Duration)> {
            std::mem::take(&mut *self.0.lock().unwrap())
        }
    }

    impl BlockingWsConnector for Recorder {
        fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error> {
            Err(self.record(&request, &link))
        }
    }

    #[async_trait::async_trait]
    impl AsyncWsConnector for Recorder {
        async fn connect(&self, request: WsRequest, link: DriverLink) -> Result<(), Error> {
            Err(self.record(&request, &link))
        }
    }

    /// `with_version` and `with_options` reach the sockets: the view's `Cartesia-Version` is
    /// the upgrade's, and its connect timeout bounds connecting unless the socket was opened
    /// with a `WsConfig` of its own; on both clients and on every socket.
    #[test]
    fn client_views_set_the_sockets_version_and_connect_timeout() {
        let rec = Recorder::default();
        let builder = || {
            ClientBuilder::new()
                .api_key("sk_car_secret")
                .base_url("http://127.0.0.1:9")
                .blocking_ws_connector(rec.clone())
                .async_ws_connector(rec.clone())
        };
        let blocking = builder().build_blocking(MockTransport::new()).unwrap();
        let asynchronous = builder().build_async(MockTransport::new()).unwrap();
        let old = ApiVersion::new("2025-04-16").unwrap();
        let short = RequestOptions::new()
            .version(old)
            .connect_timeout(Duration::from_secs(2));
        let default = ("2026-03-01".to_owned(), Duration::from_secs(10));
        let viewed = ("2025-04-16".to_owned(), Duration::from_secs(2));
        let own = WsConfig::new().connect_timeout(Duration::from_secs(7));

        assert!(blocking.tts().websocket().is_err());
        assert!(blocking.with_options(short).tts().websocket().is_err());
        assert!(blocking.with_version(old).tts().websocket().is_err());
        assert!(blocking
            .with_options(short)
            .tts()
            .websocket_with(own)
            .is_err());
        let query = || SttWsQuery::new("ink-2", cartesia_types::stt::SttEncoding::PcmS16le, 16_000);
        assert!(blocking
            .with_options(short)
            .stt()
            .websocket(query())
            .is_err());
        assert_eq!(
            rec.take(),
            [
                default.clone(),
                viewed.clone(),
                ("2025-04-16".to_owned(), Duration::from_secs(10)),
                ("2025-04-16".to_owned(), Duration::from_secs(7)),
                viewed.clone(),
            ]
        );

        block_on(async {
            assert!(asynchronous.tts().websocket().await.is_err());
            assert!(asynchronous
                .with_options(short)
                .tts()
                .websocket()
                .await
                .is_err());
            let view = asynchronous.with_options(short);
            assert!(view.stt().turns_websocket(query()).await.is_err());
        });
        assert_eq!(rec.take(), [default, viewed.clone(), viewed]);
    }
}
