//! The speech commands: `tts` (audio into a file, streamed; `--sse` prints word
//! timestamps; `--ws` speaks over the TTS WebSocket, see `ws.rs`), `stt` (a transcript,
//! `--timestamps` for word times; `--stream` over the realtime STT WebSocket) and `voices
//! list|get|clone`.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use cartesia_core::endpoints::speech::{
    AudioUpload, CloneVoice, GetVoice, ListVoices, Transcribe, TtsBytes, TtsSse,
};
use cartesia_core::types::stt::{TimestampGranularity, TranscribeRequest, TranscriptionWord};
use cartesia_core::types::tts::{
    GenerationConfig, OutputFormat, RawEncoding, SseOutputFormat, TtsRequest, TtsSseRequest,
    VoiceSpecifier,
};
use cartesia_core::types::tts_events::TtsSseEvent;
use cartesia_core::types::voices::{CloneVoiceRequest, Voice, VoiceMetadata};
use cartesia_core::wav::WavSpec;
use cartesia_core::Error;
use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use crate::api::Api;
use crate::commands::{list_pages, or_dash, time, Run};
use crate::output::{note, Column, Field, Printer};
use crate::report::Failure;

/// An audio container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Container {
    /// A WAV file.
    Wav,
    /// Headerless samples.
    Raw,
    /// An MP3 stream.
    Mp3,
}

/// `tts` options.
#[derive(Debug, Args)]
pub struct TtsArgs {
    /// The text to speak (with --ws, several texts: each its own context on one socket,
    /// spoken in order into the one file).
    #[arg(required = true, num_args = 1..)]
    pub transcript: Vec<String>,
    /// The voice's ID (on the mock: f786b574-daa5-4673-aa0c-cbe3e8534c02, "Katie").
    #[arg(long, value_name = "ID")]
    pub voice: String,
    /// Where the audio goes (required unless --sse).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The model.
    #[arg(long, default_value = "sonic-3")]
    pub model: String,
    /// The container [default: from the file's extension: .mp3, .raw/.pcm, else wav].
    #[arg(long, value_enum)]
    pub container: Option<Container>,
    /// The sample encoding (raw and wav): pcm_s16le, pcm_f32le, pcm_mulaw, pcm_alaw.
    #[arg(long, default_value = "pcm_s16le")]
    pub encoding: String,
    /// The sample rate in Hz.
    #[arg(long, default_value_t = 44100)]
    pub sample_rate: u32,
    /// The MP3 bit rate in bits per second.
    #[arg(long, default_value_t = 128_000)]
    pub bit_rate: u32,
    /// The language (e.g. en, fr).
    #[arg(long)]
    pub language: Option<String>,
    /// Speed, 0.6 to 1.5.
    #[arg(long)]
    pub speed: Option<f64>,
    /// Volume, 0.5 to 2.0.
    #[arg(long)]
    pub volume: Option<f64>,
    /// Use the SSE endpoint and print the word timestamps (audio, if -o is given, is written
    /// as WAV, or raw with --container raw).
    #[arg(long)]
    pub sse: bool,
    /// Use the TTS WebSocket: the audio goes into -o as it arrives (a WAV file when the name
    /// ends in .wav, else the raw samples); several texts are several contexts.
    #[arg(long, conflicts_with = "sse")]
    pub ws: bool,
}

/// `stt` options.
#[derive(Debug, Args)]
pub struct SttArgs {
    /// The audio file (wav, mp3, flac, ogg, ...).
    pub file: PathBuf,
    /// The model.
    #[arg(long, default_value = "ink-whisper")]
    pub model: String,
    /// The audio's language (ISO 639-1).
    #[arg(long)]
    pub language: Option<String>,
    /// Print each word with its start and end time.
    #[arg(long)]
    pub timestamps: bool,
    /// Stream the file over the realtime STT WebSocket at real-time pace and print the
    /// transcripts as they come (a mono WAV file, or headerless audio with --encoding and
    /// --sample-rate).
    #[arg(long)]
    pub stream: bool,
    /// With --stream: send the audio as fast as the socket takes it, not at real-time pace.
    #[arg(long, requires = "stream")]
    pub fast: bool,
    /// With --stream, for headerless audio: pcm_s16le, pcm_s32le, pcm_f16le, pcm_f32le,
    /// pcm_mulaw or pcm_alaw.
    #[arg(long, requires = "stream")]
    pub encoding: Option<String>,
    /// With --stream, for headerless audio: the sample rate in Hz.
    #[arg(long, requires = "stream")]
    pub sample_rate: Option<u32>,
}

/// `voices ...`
#[derive(Debug, Subcommand)]
pub enum VoicesCommand {
    /// List voices (the public library and the account's own).
    List {
        /// Only voices whose name or description contains this.
        #[arg(long, short)]
        q: Option<String>,
        /// Only the account's own voices.
        #[arg(long)]
        owned: bool,
        /// Paging.
        #[command(flatten)]
        page: crate::args::PageArgs,
    },
    /// Show one voice.
    Get {
        /// The voice's ID.
        id: String,
    },
    /// Clone a voice from a clip.
    Clone {
        /// The clip (wav, mp3, ...).
        clip: PathBuf,
        /// The new voice's name.
        #[arg(long)]
        name: String,
        /// The language of the clip.
        #[arg(long, default_value = "en")]
        language: String,
        /// A description.
        #[arg(long)]
        description: Option<String>,
    },
}

/// The content type of an audio file, by its extension.
fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        "flac" => "audio/flac",
        "ogg" | "oga" => "audio/ogg",
        "m4a" | "mp4" => "audio/mp4",
        "webm" => "audio/webm",
        _ => "application/octet-stream",
    }
}

/// The container `args` asks for.
fn container(args: &TtsArgs) -> Container {
    args.container.unwrap_or_else(|| {
        let ext = args
            .output
            .as_deref()
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "mp3" => Container::Mp3,
            "raw" | "pcm" => Container::Raw,
            _ => Container::Wav,
        }
    })
}

/// Shows how much was written, on a terminal only.
struct Progress {
    on: bool,
    bytes: u64,
}

impl Progress {
    fn new() -> Self {
        Progress {
            on: io::stderr().is_terminal(),
            bytes: 0,
        }
    }

    fn add(&mut self, n: usize) {
        self.bytes += n as u64;
        if self.on {
            eprint!("\r{} KiB written", self.bytes / 1024);
        }
    }

    fn done(&self) {
        if self.on {
            eprintln!();
        }
    }
}

/// What `tts` wrote.
#[derive(Debug, Serialize)]
struct Written {
    path: String,
    bytes: u64,
    content_type: Option<String>,
    file_id: Option<String>,
}

const WRITTEN_FIELDS: &[Field<Written>] = &[
    Field::new("file", |w| w.path.clone()),
    Field::new("bytes", |w| w.bytes.to_string()),
    Field::new("type", |w| or_dash(w.content_type.as_deref())),
];

/// A file for the output, or a usage error naming it.
fn create(path: &Path) -> Result<BufWriter<File>, Failure> {
    File::create(path)
        .map(BufWriter::new)
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", path.display())))
}

/// Streams the audio of `endpoint` into `sink`, chunk by chunk, on either transport;
/// returns the content type and file id.
fn stream_audio(
    api: &Api,
    endpoint: &TtsBytes,
    sink: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> Result<(Option<String>, Option<String>), Failure> {
    match api {
        Api::Reqwest { runtime, client } => runtime.block_on(async {
            let mut stream = client.speech_stream(endpoint).await?;
            while let Some(chunk) = stream.body.next_chunk().await.map_err(Error::from)? {
                sink(&chunk)?;
            }
            Ok((stream.content_type, stream.file_id))
        }),
        Api::Ureq { client } => {
            let mut reader = client.speech_reader(endpoint)?;
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => sink(&buf[..n])?,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(Failure::Other(format!("the audio stream failed: {e}"))),
                }
            }
            Ok((reader.content_type, reader.file_id))
        }
    }
}

/// `tts`.
pub fn tts<W: Write>(api: &Api, args: TtsArgs, out: &mut Printer<W>) -> Result<(), Failure> {
    let encoding = RawEncoding::from(args.encoding.as_str());
    let mut config = None;
    if args.speed.is_some() || args.volume.is_some() {
        let mut c = GenerationConfig::new();
        if let Some(s) = args.speed {
            c = c.speed(s);
        }
        if let Some(v) = args.volume {
            c = c.volume(v);
        }
        config = Some(c);
    }
    if args.ws {
        if container(&args) == Container::Mp3 {
            return Err(Failure::Usage(
                "--ws gives raw audio: use a .wav or .raw file".to_owned(),
            ));
        }
        let mut template = crate::ws::template(&args, encoding);
        if let Some(l) = &args.language {
            template = template.language(l.as_str());
        }
        if let Some(c) = config {
            template = template.generation_config(c);
        }
        return crate::ws::tts(api, &args, template, out);
    }
    let transcript = one_text(&args)?;
    if args.sse {
        return tts_sse(api, &args, transcript, encoding, config, out);
    }
    let Some(path) = args.output.clone() else {
        return Err(Failure::Usage(
            "pass -o FILE for the audio (or --sse)".to_owned(),
        ));
    };
    let format = match container(&args) {
        Container::Wav => OutputFormat::wav(encoding, args.sample_rate),
        Container::Raw => OutputFormat::raw(encoding, args.sample_rate),
        Container::Mp3 => OutputFormat::mp3(args.sample_rate, args.bit_rate),
    };
    let mut request = TtsRequest::new(
        args.model.as_str(),
        transcript,
        VoiceSpecifier::id(args.voice),
        format,
    );
    if let Some(l) = &args.language {
        request = request.language(l.as_str());
    }
    if let Some(c) = config {
        request = request.generation_config(c);
    }
    let endpoint = TtsBytes::new(request);
    let mut file = create(&path)?;
    let mut progress = Progress::new();
    let result = stream_audio(api, &endpoint, &mut |chunk| {
        file.write_all(chunk)?;
        progress.add(chunk.len());
        Ok(())
    });
    progress.done();
    let (content_type, file_id) = match result {
        Ok(r) => r,
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
    };
    file.flush()?;
    let written = Written {
        path: path.display().to_string(),
        bytes: progress.bytes,
        content_type,
        file_id,
    };
    out.record(&written, WRITTEN_FIELDS)?;
    Ok(())
}

/// One word and its times.
#[derive(Debug, Serialize)]
struct Timed {
    word: String,
    start: f64,
    end: f64,
}

const TIMED_COLUMNS: &[Column<Timed>] = &[
    Column::new("WORD", |t| t.word.clone()),
    Column::new("START", |t| format!("{:.3}", t.start)),
    Column::new("END", |t| format!("{:.3}", t.end)),
];

/// `tts --sse`: the words with their times; the audio into `-o` if given.
fn tts_sse<W: Write>(
    api: &Api,
    args: &TtsArgs,
    transcript: String,
    encoding: RawEncoding,
    config: Option<GenerationConfig>,
    out: &mut Printer<W>,
) -> Result<(), Failure> {
    if container(args) == Container::Mp3 {
        return Err(Failure::Usage(
            "--sse gives raw audio: use wav or raw".to_owned(),
        ));
    }
    let mut request = TtsSseRequest::new(
        args.model.as_str(),
        transcript,
        VoiceSpecifier::id(args.voice.clone()),
        SseOutputFormat::raw(encoding.clone(), args.sample_rate),
    )
    .add_timestamps(true);
    if let Some(l) = &args.language {
        request = request.language(l.as_str());
    }
    if let Some(c) = config {
        request = request.generation_config(c);
    }
    let events = api.execute(&TtsSse::new(request))?;
    let mut pcm = Vec::new();
    let mut words = Vec::new();
    for event in events {
        match event {
            TtsSseEvent::Chunk(c) => pcm.extend_from_slice(&c.audio),
            TtsSseEvent::Timestamps(t) => {
                let w = t.word_timestamps;
                for (i, word) in w.words.into_iter().enumerate() {
                    words.push(Timed {
                        word,
                        start: w.start.get(i).copied().unwrap_or_default(),
                        end: w.end.get(i).copied().unwrap_or_default(),
                    });
                }
            }
            _ => {}
        }
    }
    if let Some(path) = &args.output {
        let mut file = create(path)?;
        if container(args) == Container::Wav {
            let spec = WavSpec::new(&encoding, args.sample_rate, 1)
                .map_err(|e| Failure::Usage(format!("no WAV for this format: {e}")))?;
            let wav = cartesia_core::wav::pcm_to_wav(&spec, &pcm)
                .map_err(|e| Failure::Other(format!("cannot make the WAV file: {e}")))?;
            file.write_all(&wav)?;
        } else {
            file.write_all(&pcm)?;
        }
        file.flush()?;
        note(&format!("wrote {}", path.display()));
    }
    out.list(&words, TIMED_COLUMNS, "word timestamps")?;
    Ok(())
}

/// The one text of a `tts` without `--ws`.
fn one_text(args: &TtsArgs) -> Result<String, Failure> {
    match args.transcript.as_slice() {
        [text] => Ok(text.clone()),
        _ => Err(Failure::Usage(
            "several texts need --ws (each becomes a context of one socket)".to_owned(),
        )),
    }
}

/// `stt`.
pub fn stt<W: Write>(api: &Api, args: SttArgs, out: &mut Printer<W>) -> Result<(), Failure> {
    if !args.file.is_file() {
        return Err(Failure::Usage(format!(
            "no such file: {}",
            args.file.display()
        )));
    }
    if args.stream {
        return crate::ws::stt(api, &args, out);
    }
    let mut request = TranscribeRequest::new(args.model.as_str());
    if let Some(l) = &args.language {
        request = request.language(l.as_str());
    }
    if args.timestamps {
        request = request.timestamp_granularity(TimestampGranularity::Word);
    }
    let kind = content_type(&args.file);
    let endpoint = Transcribe::upload(&request, AudioUpload::path(args.file, kind))?;
    let answer = api.execute(&endpoint)?;
    if args.timestamps {
        let words: Vec<Timed> = answer
            .words
            .unwrap_or_default()
            .into_iter()
            .map(|w: TranscriptionWord| Timed {
                word: w.word,
                start: w.start,
                end: w.end,
            })
            .collect();
        out.list(&words, TIMED_COLUMNS, "words")?;
    } else {
        out.record(&answer, TRANSCRIPT_FIELDS)?;
    }
    Ok(())
}

/// A value, or `-`.
fn shown<T: std::fmt::Display>(value: Option<&T>) -> String {
    value.map_or_else(|| "-".to_owned(), ToString::to_string)
}

const TRANSCRIPT_FIELDS: &[Field<cartesia_core::types::stt::TranscriptionResponse>] = &[
    Field::new("text", |t| t.text.clone()),
    Field::new("language", |t| shown(t.language.as_ref())),
    Field::new("duration", |t| {
        t.duration.map_or("-".to_owned(), |d| format!("{d:.2}s"))
    }),
];

const VOICE_COLUMNS: &[Column<Voice>] = &[
    Column::new("ID", |v| v.id.clone()),
    Column::new("NAME", |v| v.name.clone()),
    Column::new("LANGUAGE", |v| shown(v.language.as_ref())),
    Column::new("GENDER", |v| shown(v.gender.as_ref())),
    Column::new("OWNED", |v| {
        if v.is_owner { "yes" } else { "no" }.to_owned()
    }),
];

const VOICE_FIELDS: &[Field<Voice>] = &[
    Field::new("id", |v| v.id.clone()),
    Field::new("name", |v| v.name.clone()),
    Field::new("description", |v| or_dash(Some(&v.description))),
    Field::new("language", |v| shown(v.language.as_ref())),
    Field::new("accent", |v| or_dash(v.accent.as_deref())),
    Field::new("created", |v| time(v.created_at.as_ref())),
];

const METADATA_FIELDS: &[Field<VoiceMetadata>] = &[
    Field::new("new voice", |v| format!("{} ({})", v.id, v.name)),
    Field::new("language", |v| shown(v.language.as_ref())),
    Field::new("owner", |v| or_dash(v.user_id.as_deref())),
];

/// `voices ...`.
impl Run for VoicesCommand {
    fn run<W: Write>(self, api: &Api, out: &mut Printer<W>) -> Result<(), Failure> {
        match self {
            VoicesCommand::List { q, owned, page } => {
                let mut request = ListVoices::new();
                if let Some(q) = q {
                    request = request.q(q);
                }
                if owned {
                    request = request.is_owner(true);
                }
                if let Some(limit) = page.limit {
                    request = request.limit(limit);
                }
                list_pages(api, request, page, out, VOICE_COLUMNS, "voices")?;
            }
            VoicesCommand::Get { id } => {
                let voice = api.execute(&GetVoice::new(id))?;
                out.record(&voice, VOICE_FIELDS)?;
            }
            VoicesCommand::Clone {
                clip,
                name,
                language,
                description,
            } => {
                if !clip.is_file() {
                    return Err(Failure::Usage(format!("no such file: {}", clip.display())));
                }
                let mut request = CloneVoiceRequest::new(name, language.as_str());
                if let Some(d) = description {
                    request = request.description(d);
                }
                let kind = content_type(&clip);
                let voice = api.execute(&CloneVoice::upload(
                    &request,
                    AudioUpload::path(clip, kind),
                )?)?;
                out.record(&voice, METADATA_FIELDS)?;
            }
        }
        Ok(())
    }
}
