//! The entry points on both clients (`client.tts().websocket()`, `client.stt().websocket(q)`,
//! `client.stt().turns_websocket(q)`) and the "speak this text into a file" convenience.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use cartesia_types::ws::{SttWsQuery, TtsWsRequest};

use super::config::WsConfig;
use super::error::WsError;
use super::link::{AnySession, DriverLink, Hub, OwnedEndpoint, WsRequest};
use super::stt::{Manual, SttSession, Turns};
use super::stt_socket::{AsyncSttSocket, BlockingSttSocket, SttKind};
use super::tts::TtsSession;
use super::tts_socket::{audio_of, AsyncTtsSocket, BlockingTtsSocket};
use super::TtsEvent;
use crate::wav::{WavError, WavSpec, WavStreamWriter};
use crate::{AsyncClient, AsyncStt, AsyncTts, BlockingClient, BlockingStt, BlockingTts, Error};
use crate::{ClientConfig, InvalidRequest};

/// The request and the hub of a new socket, checked before any I/O.
fn prepare(
    config: Arc<ClientConfig>,
    endpoint: OwnedEndpoint,
    session: AnySession,
    ws: WsConfig,
) -> Result<(WsRequest, Arc<Hub>), Error> {
    let request = WsRequest::new(config, endpoint);
    // The query parameters and the URL, refused before connecting.
    request.url()?;
    Ok((request, Hub::new(session, ws)))
}

async fn open_async(
    client: &AsyncClient,
    endpoint: OwnedEndpoint,
    session: AnySession,
    ws: Option<WsConfig>,
) -> Result<(Arc<Hub>, Arc<ClientConfig>), Error> {
    let config = client.config_arc();
    let connector = config
        .ws_settings()
        .async_connector
        .clone()
        .ok_or(WsError::NoConnector("async"))?;
    let ws = ws.unwrap_or(*config.websocket_config());
    let (request, hub) = prepare(config.clone(), endpoint, session, ws)?;
    connector
        .connect(request, DriverLink::new(hub.clone()))
        .await?;
    Ok((hub, config))
}

fn open_blocking(
    client: &BlockingClient,
    endpoint: OwnedEndpoint,
    session: AnySession,
    ws: Option<WsConfig>,
) -> Result<(Arc<Hub>, Arc<ClientConfig>), Error> {
    let config = client.config_arc();
    let connector = config
        .ws_settings()
        .blocking_connector
        .clone()
        .ok_or(WsError::NoConnector("blocking"))?;
    let ws = ws.unwrap_or(*config.websocket_config());
    let (request, hub) = prepare(config.clone(), endpoint, session, ws)?;
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

impl AsyncTts<'_> {
    /// Opens a TTS WebSocket (`/tts/websocket`) with the client's [`WsConfig`].
    pub async fn websocket(&self) -> Result<AsyncTtsSocket, Error> {
        self.open(None).await
    }

    /// Opens a TTS WebSocket with `config` instead of the client's.
    pub async fn websocket_with(&self, config: WsConfig) -> Result<AsyncTtsSocket, Error> {
        self.open(Some(config)).await
    }

    async fn open(&self, ws: Option<WsConfig>) -> Result<AsyncTtsSocket, Error> {
        let session = tts_session(&ws, self.client.config());
        let (hub, config) = open_async(self.client, OwnedEndpoint::Tts, session, ws).await?;
        Ok(AsyncTtsSocket::new(hub, config))
    }

    /// Speaks each of `texts` as its own context, one after the other, on one socket, and
    /// writes the audio into `writer` as it arrives (raw samples in the template's output
    /// format); returns the audio bytes written. Context ids are the template's, with
    /// `-1`, `-2`, ... appended when there are several texts.
    pub async fn speak_to<T: AsRef<str> + Sync>(
        &self,
        template: TtsWsRequest,
        texts: &[T],
        writer: &mut (impl Write + Send + ?Sized),
    ) -> Result<u64, Error> {
        let socket = self.websocket().await?;
        let mut written = 0;
        for (template, text) in plan(template, texts) {
            let mut ctx = socket.context(template)?;
            ctx.push(text)?;
            ctx.finish()?;
            while let Some(event) = ctx.next().await {
                written += write_audio(writer, event?)?;
            }
        }
        socket.close().await;
        Ok(written)
    }

    /// [`speak_to`](Self::speak_to) into the file at `path` (created or truncated): a WAV
    /// file when the name ends in `.wav`, made from the raw samples, else the raw samples.
    pub async fn speak_to_file<T: AsRef<str> + Sync>(
        &self,
        template: TtsWsRequest,
        texts: &[T],
        path: impl AsRef<Path>,
    ) -> Result<u64, Error> {
        let mut out = OutFile::create(path.as_ref(), &template)?;
        let written = self.speak_to(template, texts, &mut out).await?;
        out.finish()?;
        Ok(written)
    }
}

impl BlockingTts<'_> {
    /// Opens a TTS WebSocket (`/tts/websocket`) with the client's [`WsConfig`].
    pub fn websocket(&self) -> Result<BlockingTtsSocket, Error> {
        self.open(None)
    }

    /// Opens a TTS WebSocket with `config` instead of the client's.
    pub fn websocket_with(&self, config: WsConfig) -> Result<BlockingTtsSocket, Error> {
        self.open(Some(config))
    }

    fn open(&self, ws: Option<WsConfig>) -> Result<BlockingTtsSocket, Error> {
        let session = tts_session(&ws, self.client.config());
        let (hub, config) = open_blocking(self.client, OwnedEndpoint::Tts, session, ws)?;
        Ok(BlockingTtsSocket::new(hub, config))
    }

    /// As [`AsyncTts::speak_to`]: each text as its own context, in order, the audio into
    /// `writer` as it arrives.
    pub fn speak_to<T: AsRef<str>>(
        &self,
        template: TtsWsRequest,
        texts: &[T],
        writer: &mut (impl Write + ?Sized),
    ) -> Result<u64, Error> {
        let socket = self.websocket()?;
        let mut written = 0;
        for (template, text) in plan(template, texts) {
            let mut ctx = socket.context(template)?;
            ctx.push(text)?;
            ctx.finish()?;
            for event in ctx.by_ref() {
                written += write_audio(writer, event?)?;
            }
        }
        socket.close();
        Ok(written)
    }

    /// As [`AsyncTts::speak_to_file`]: a WAV file when the name ends in `.wav`.
    pub fn speak_to_file<T: AsRef<str>>(
        &self,
        template: TtsWsRequest,
        texts: &[T],
        path: impl AsRef<Path>,
    ) -> Result<u64, Error> {
        let mut out = OutFile::create(path.as_ref(), &template)?;
        let written = self.speak_to(template, texts, &mut out)?;
        out.finish()?;
        Ok(written)
    }
}

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
            pub $($async)* fn websocket_with(
                &self,
                query: SttWsQuery,
                config: Option<WsConfig>,
            ) -> Result<$socket<Manual>, Error> {
                let session = stt_session::<Manual>(&config, self.client.config());
                let endpoint = OwnedEndpoint::Stt(query);
                let (hub, client) = $open(self.client, endpoint, session, config) $($await)*?;
                Ok($socket::new(hub, client))
            }

            /// [`turns_websocket`](Self::turns_websocket) with `config` (`None`: the
            /// client's).
            pub $($async)* fn turns_websocket_with(
                &self,
                query: SttWsQuery,
                config: Option<WsConfig>,
            ) -> Result<$socket<Turns>, Error> {
                let session = stt_session::<Turns>(&config, self.client.config());
                let endpoint = OwnedEndpoint::SttTurns(query);
                let (hub, client) = $open(self.client, endpoint, session, config) $($await)*?;
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
