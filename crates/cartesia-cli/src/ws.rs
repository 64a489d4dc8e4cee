//! The WebSocket commands: `tts --ws` (the audio streamed into a file as it arrives, each
//! text its own context on one socket) and `stt --stream FILE` (the file sent at real-time
//! pace, or as fast as the socket takes it with `--fast`, and the transcripts printed as they
//! come).

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use cartesia_core::types::stt::SttEncoding;
use cartesia_core::types::tts::RawEncoding;
use cartesia_core::types::ws::{SttWsMessage, SttWsQuery, TtsWsRequest, WsOutputFormat};
use cartesia_core::ws::{AsyncSttSocket, BlockingSttSocket, Manual, SttEvent, WsError};
use cartesia_core::Error;
use serde::Serialize;

use crate::api::Api;
use crate::output::{note, Field, Printer};
use crate::report::Failure;
use crate::speech::{SttArgs, TtsArgs};

/// Seconds of audio per message of `stt --stream`.
const PIECE_SECONDS: f64 = 0.1;
/// How long `stt --stream` waits for the server's answers at the end.
const ANSWER_WAIT: Duration = Duration::from_secs(30);

/// What `tts --ws` wrote.
#[derive(Debug, Serialize)]
struct Spoken {
    path: String,
    bytes: u64,
    contexts: usize,
    format: String,
}

const SPOKEN_FIELDS: &[Field<Spoken>] = &[
    Field::new("file", |s| s.path.clone()),
    Field::new("audio bytes", |s| s.bytes.to_string()),
    Field::new("contexts", |s| s.contexts.to_string()),
    Field::new("format", |s| s.format.clone()),
];

/// `tts --ws`: every text a context of one TTS socket, spoken in order into `-o` as the audio
/// arrives (a WAV file when the name ends in `.wav`, else the raw samples).
pub fn tts<W: Write>(
    api: &Api,
    args: &TtsArgs,
    template: TtsWsRequest,
    out: &mut Printer<W>,
) -> Result<(), Failure> {
    let Some(path) = args.output.as_deref() else {
        return Err(Failure::Usage("pass -o FILE for the audio".to_owned()));
    };
    let texts = &args.transcript;
    let result = match api {
        Api::Reqwest { runtime, client } => {
            runtime.block_on(client.tts().speak_to_file(template, texts, path))
        }
        Api::Ureq { client } => client.tts().speak_to_file(template, texts, path),
    };
    let bytes = match result {
        Ok(bytes) => bytes,
        Err(e) => {
            let _ = std::fs::remove_file(path);
            return Err(e.into());
        }
    };
    let wav = is_wav(path);
    let spoken = Spoken {
        path: path.display().to_string(),
        bytes,
        contexts: texts.len(),
        format: format!(
            "{} {} Hz{}",
            args.encoding,
            args.sample_rate,
            if wav { ", WAV" } else { ", raw" }
        ),
    };
    out.record(&spoken, SPOKEN_FIELDS)?;
    Ok(())
}

/// Whether `path` names a WAV file.
fn is_wav(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("wav"))
}

/// The TTS socket's request template for `args`.
pub fn template(args: &TtsArgs, encoding: RawEncoding) -> TtsWsRequest {
    TtsWsRequest::new(
        args.model.as_str(),
        args.voice.clone(),
        WsOutputFormat::raw(encoding, args.sample_rate),
        "cli",
    )
}

/// Audio to stream: the samples and their format.
#[derive(Debug, PartialEq)]
struct Audio<'a> {
    encoding: SttEncoding,
    sample_rate: u32,
    bytes_per_second: u32,
    samples: &'a [u8],
}

/// A little-endian integer of `bytes` at `at`.
fn le(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let field = bytes.get(at..at + len)?;
    Some(
        field
            .iter()
            .rev()
            .fold(0u32, |n, b| (n << 8) | u32::from(*b)),
    )
}

/// The samples and format of a mono WAV file the STT socket takes: 16/32-bit integer PCM,
/// 32-bit float, A-law or mu-law.
fn wav_audio(file: &[u8]) -> Result<Audio<'_>, String> {
    if file.len() < 12 || &file[..4] != b"RIFF" || &file[8..12] != b"WAVE" {
        return Err("not a WAV file".to_owned());
    }
    let mut at = 12;
    let mut format = None;
    while at + 8 <= file.len() {
        let id = &file[at..at + 4];
        let len = le(file, at + 4, 4).unwrap_or(0) as usize;
        let body = at + 8;
        if id == b"fmt " {
            let tag = le(file, body, 2).ok_or("a short fmt chunk")?;
            let channels = le(file, body + 2, 2).ok_or("a short fmt chunk")?;
            let rate = le(file, body + 4, 4).ok_or("a short fmt chunk")?;
            let bits = le(file, body + 14, 2).ok_or("a short fmt chunk")?;
            if channels != 1 {
                return Err(format!(
                    "{channels} channels: the STT socket takes mono audio"
                ));
            }
            let encoding = match (tag, bits) {
                (1, 16) => SttEncoding::PcmS16le,
                (1, 32) => SttEncoding::PcmS32le,
                (3, 32) => SttEncoding::PcmF32le,
                (6, 8) => SttEncoding::PcmAlaw,
                (7, 8) => SttEncoding::PcmMulaw,
                _ => {
                    return Err(format!(
                        "format {tag} with {bits}-bit samples is not one the STT socket takes"
                    ))
                }
            };
            format = Some((encoding, rate, rate * bits / 8));
        }
        if id == b"data" {
            let (encoding, sample_rate, bytes_per_second) =
                format.ok_or("the data chunk comes before the fmt chunk")?;
            let end = (body + len).min(file.len());
            return Ok(Audio {
                encoding,
                sample_rate,
                bytes_per_second,
                samples: &file[body..end],
            });
        }
        at = body + len + len % 2;
    }
    Err("no data chunk".to_owned())
}

/// Bytes per sample of a raw encoding.
fn width(encoding: &SttEncoding) -> Option<u32> {
    Some(match encoding {
        SttEncoding::PcmS16le | SttEncoding::PcmF16le => 2,
        SttEncoding::PcmS32le | SttEncoding::PcmF32le => 4,
        SttEncoding::PcmMulaw | SttEncoding::PcmAlaw => 1,
        _ => return None,
    })
}

/// One event of the stream, or nothing yet, or the end.
enum Polled {
    Event(SttEvent<SttWsMessage>),
    Nothing,
    Ended,
}

/// The manual-finalize socket of either client, as `stt --stream` drives it.
trait Streaming {
    fn send(&mut self, audio: Vec<u8>) -> Result<(), Error>;
    fn finalize(&mut self) -> Result<(), Error>;
    fn close(&mut self) -> Result<(), Error>;
    fn poll(&mut self, wait: Duration) -> Result<Polled, Error>;
}

/// An event as the receive calls give it.
fn polled(event: Option<Result<SttEvent<SttWsMessage>, Error>>) -> Result<Polled, Error> {
    match event {
        None => Ok(Polled::Ended),
        Some(Ok(event)) => Ok(Polled::Event(event)),
        Some(Err(e)) if matches!(e.as_websocket(), Some(WsError::Timeout(_))) => {
            Ok(Polled::Nothing)
        }
        Some(Err(e)) => Err(e),
    }
}

impl Streaming for BlockingSttSocket<Manual> {
    fn send(&mut self, audio: Vec<u8>) -> Result<(), Error> {
        self.send_audio(audio)
    }
    fn finalize(&mut self) -> Result<(), Error> {
        (**self).finalize()
    }
    fn close(&mut self) -> Result<(), Error> {
        (**self).close()
    }
    fn poll(&mut self, wait: Duration) -> Result<Polled, Error> {
        polled(self.recv_timeout(wait))
    }
}

/// The async socket and the runtime that runs it.
struct OnRuntime<'a> {
    runtime: &'a tokio::runtime::Runtime,
    socket: AsyncSttSocket<Manual>,
}

impl Streaming for OnRuntime<'_> {
    fn send(&mut self, audio: Vec<u8>) -> Result<(), Error> {
        self.runtime.block_on(self.socket.send_audio(audio))
    }
    fn finalize(&mut self) -> Result<(), Error> {
        self.socket.finalize()
    }
    fn close(&mut self) -> Result<(), Error> {
        self.socket.close()
    }
    fn poll(&mut self, wait: Duration) -> Result<Polled, Error> {
        // The timer is made inside the runtime.
        let next = self.socket.next();
        match self
            .runtime
            .block_on(async { tokio::time::timeout(wait, next).await })
        {
            Ok(event) => polled(event),
            Err(_) => Ok(Polled::Nothing),
        }
    }
}

/// A final transcript, as printed.
#[derive(Debug, Serialize)]
struct Heard {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    words: Option<Vec<(String, f64, f64)>>,
}

/// Prints transcripts as they come.
struct Transcripts<'p, W: Write> {
    out: &'p mut Printer<W>,
    timestamps: bool,
    flushes: u32,
    done: bool,
}

impl<W: Write> Transcripts<'_, W> {
    /// Takes one event; an error or an early end is a failure.
    fn on(&mut self, event: SttEvent<SttWsMessage>) -> Result<(), Failure> {
        match event {
            SttEvent::Message(SttWsMessage::Transcript(t)) if t.is_final => {
                if t.text.trim().is_empty() && t.words.as_deref().is_none_or(<[_]>::is_empty) {
                    return Ok(());
                }
                let words = self.timestamps.then(|| {
                    t.words
                        .unwrap_or_default()
                        .into_iter()
                        .map(|w| (w.word, w.start, w.end))
                        .collect::<Vec<_>>()
                });
                let text = match &words {
                    Some(words) => words
                        .iter()
                        .map(|(w, s, e)| format!("{s:>8.3} {e:>8.3}  {w}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    None => t.text.clone(),
                };
                self.out.event(
                    &Heard {
                        text: t.text,
                        words,
                    },
                    &text,
                )?;
            }
            SttEvent::Message(SttWsMessage::FlushDone(_)) => self.flushes += 1,
            SttEvent::Message(SttWsMessage::Done(_)) => self.done = true,
            SttEvent::Message(SttWsMessage::Error(e)) => {
                return Err(Failure::Other(format!(
                    "the server refused the stream: {}: {}",
                    e.title.as_deref().unwrap_or("error"),
                    e.message.as_deref().unwrap_or("")
                )));
            }
            SttEvent::Malformed(what) => note(&format!("(ignored a message: {what})")),
            SttEvent::Lost { .. } | SttEvent::Closed(_) if !self.done => return Err(ended()),
            _ => {}
        }
        Ok(())
    }
}

/// Streams `audio` into `socket` in 100 ms pieces, `pace` times real time (`None`: as fast
/// as it takes them), printing transcripts as they come; then finalizes and closes.
fn stream<W: Write>(
    socket: &mut dyn Streaming,
    audio: &Audio<'_>,
    pace: Option<f64>,
    printer: &mut Transcripts<'_, W>,
) -> Result<(), Failure> {
    let piece = ((f64::from(audio.bytes_per_second) * PIECE_SECONDS) as usize).max(1);
    let align = width(&audio.encoding).unwrap_or(1) as usize;
    let piece = piece.div_ceil(align) * align;
    let start = Instant::now();
    let mut sent = 0usize;
    for chunk in audio.samples.chunks(piece) {
        socket.send(chunk.to_vec())?;
        sent += chunk.len();
        let due = pace.map(|p| {
            start + Duration::from_secs_f64(sent as f64 / f64::from(audio.bytes_per_second) / p)
        });
        // Read what came while waiting for the next piece's time.
        loop {
            let wait = due.map_or(Duration::ZERO, |d| {
                d.saturating_duration_since(Instant::now())
            });
            match socket.poll(wait)? {
                Polled::Event(e) => printer.on(e)?,
                Polled::Nothing => break,
                Polled::Ended => return Err(ended()),
            }
            if due.is_none_or(|d| Instant::now() >= d) {
                break;
            }
        }
    }
    socket.finalize()?;
    wait_until(socket, printer, |p| p.flushes >= 1)?;
    socket.close()?;
    wait_until(socket, printer, |p| p.done)?;
    Ok(())
}

fn ended() -> Failure {
    Failure::Other("the socket closed before the transcript was complete".to_owned())
}

/// Reads events until `done` holds.
fn wait_until<W: Write>(
    socket: &mut dyn Streaming,
    printer: &mut Transcripts<'_, W>,
    done: impl Fn(&Transcripts<'_, W>) -> bool,
) -> Result<(), Failure> {
    let until = Instant::now() + ANSWER_WAIT;
    while !done(printer) {
        let wait = until.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Err(Failure::Other(format!(
                "no answer from the server within {}s",
                ANSWER_WAIT.as_secs()
            )));
        }
        match socket.poll(wait)? {
            Polled::Event(e) => printer.on(e)?,
            Polled::Nothing => {}
            Polled::Ended if printer.done => return Ok(()),
            Polled::Ended => return Err(ended()),
        }
    }
    Ok(())
}

/// `stt --stream FILE`: the file over the realtime STT socket, transcripts as they come.
pub fn stt<W: Write>(api: &Api, args: &SttArgs, out: &mut Printer<W>) -> Result<(), Failure> {
    let file = std::fs::read(&args.file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", args.file.display())))?;
    let audio = match (&args.encoding, args.sample_rate) {
        (Some(encoding), Some(sample_rate)) => {
            let encoding = SttEncoding::from(encoding.as_str());
            let width = width(&encoding)
                .ok_or_else(|| Failure::Usage(format!("unknown encoding {}", encoding.as_str())))?;
            Audio {
                bytes_per_second: sample_rate.saturating_mul(width),
                encoding,
                sample_rate,
                samples: &file,
            }
        }
        (None, None) => wav_audio(&file).map_err(|e| {
            Failure::Usage(format!(
                "{}: {e} (for headerless audio pass --encoding and --sample-rate)",
                args.file.display()
            ))
        })?,
        _ => {
            return Err(Failure::Usage(
                "pass both --encoding and --sample-rate for headerless audio".to_owned(),
            ))
        }
    };
    if audio.bytes_per_second == 0 {
        return Err(Failure::Usage("the sample rate is zero".to_owned()));
    }
    let mut query = SttWsQuery::new(
        args.model.as_str(),
        audio.encoding.clone(),
        audio.sample_rate,
    );
    if let Some(l) = &args.language {
        query = query.language(l.as_str());
    }
    let pace = if args.fast { None } else { Some(1.0) };
    let mut printer = Transcripts {
        out,
        timestamps: args.timestamps,
        flushes: 0,
        done: false,
    };
    match api {
        Api::Reqwest { runtime, client } => {
            let socket = runtime.block_on(client.stt().websocket(query))?;
            let mut socket = OnRuntime { runtime, socket };
            stream(&mut socket, &audio, pace, &mut printer)
        }
        Api::Ureq { client } => {
            let mut socket = client.stt().websocket(query)?;
            stream(&mut socket, &audio, pace, &mut printer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wav(tag: u16, channels: u16, bits: u16, data: &[u8]) -> Vec<u8> {
        let mut f = b"RIFF\0\0\0\0WAVEfmt ".to_vec();
        f.extend_from_slice(&16u32.to_le_bytes());
        f.extend_from_slice(&tag.to_le_bytes());
        f.extend_from_slice(&channels.to_le_bytes());
        f.extend_from_slice(&8000u32.to_le_bytes());
        f.extend_from_slice(&(8000 * u32::from(bits) / 8).to_le_bytes());
        f.extend_from_slice(&(bits / 8).to_le_bytes());
        f.extend_from_slice(&bits.to_le_bytes());
        f.extend_from_slice(b"LIST\x02\0\0\0ab");
        f.extend_from_slice(b"data");
        f.extend_from_slice(&(data.len() as u32).to_le_bytes());
        f.extend_from_slice(data);
        f
    }

    #[test]
    fn wav_files_give_their_format_and_samples() {
        let file = wav(1, 1, 16, &[1, 2, 3, 4]);
        let audio = wav_audio(&file).unwrap();
        assert_eq!(audio.encoding, SttEncoding::PcmS16le);
        assert_eq!((audio.sample_rate, audio.bytes_per_second), (8000, 16000));
        assert_eq!(audio.samples, [1, 2, 3, 4]);
        assert_eq!(
            wav_audio(&wav(7, 1, 8, &[9])).unwrap().encoding,
            SttEncoding::PcmMulaw
        );
        assert_eq!(
            wav_audio(&wav(3, 1, 32, &[0; 4])).unwrap().encoding,
            SttEncoding::PcmF32le
        );
        assert!(wav_audio(&wav(1, 2, 16, &[0; 4]))
            .unwrap_err()
            .contains("mono"));
        assert!(wav_audio(&wav(1, 1, 24, &[0; 3]))
            .unwrap_err()
            .contains("24-bit"));
        assert!(wav_audio(b"ID3 not a wav").is_err());
        let mut cut = wav(1, 1, 16, &[]);
        cut.truncate(20);
        assert!(wav_audio(&cut).is_err());
    }
}
