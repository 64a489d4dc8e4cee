//! Synthetic speech: a deterministic waveform whose length grows with the transcript, in
//! the API's encodings (`pcm_s16le`, `pcm_f32le`, `pcm_mulaw`, `pcm_alaw`) and containers
//! (raw, WAV, MP3).
//!
//! Every character of the transcript is one slot of 50 ms (at speed 1.0): a short tone
//! whose pitch depends on the character and the voice, faded in and out; whitespace is
//! silence. The MP3 container is encoded by `rusty_mp3`, a pure-Rust Layer III encoder.

use std::sync::Arc;

/// Seconds of audio per transcript character at speed 1.0.
pub(crate) const SECONDS_PER_CHAR: f64 = 0.05;
/// Bytes per piece of a streamed body, about.
pub(crate) const CHUNK_BYTES: usize = 4096;
/// The sample rates the API takes.
pub(crate) const SAMPLE_RATES: [i64; 6] = [8000, 16000, 22050, 24000, 44100, 48000];
/// The MP3 bit rates the API takes.
pub(crate) const BIT_RATES: [i64; 5] = [32000, 64000, 96000, 128000, 192000];
/// The raw encodings the API takes.
pub(crate) const ENCODINGS: [&str; 4] = ["pcm_f32le", "pcm_s16le", "pcm_mulaw", "pcm_alaw"];

/// A raw sample encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// 32-bit float, little-endian.
    F32,
    /// 16-bit signed, little-endian.
    S16,
    /// G.711 mu-law, 8 bits.
    MuLaw,
    /// G.711 A-law, 8 bits.
    ALaw,
}

impl Encoding {
    /// The encoding named `name` (one of [`ENCODINGS`]).
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "pcm_f32le" => Encoding::F32,
            "pcm_s16le" => Encoding::S16,
            "pcm_mulaw" => Encoding::MuLaw,
            "pcm_alaw" => Encoding::ALaw,
            _ => return None,
        })
    }

    /// Bytes per (mono) sample.
    pub(crate) fn width(self) -> usize {
        match self {
            Encoding::F32 => 4,
            Encoding::S16 => 2,
            Encoding::MuLaw | Encoding::ALaw => 1,
        }
    }

    /// Appends `sample` (in `[-1, 1]`).
    fn push(self, sample: f32, out: &mut Vec<u8>) {
        let s16 = (sample.clamp(-1.0, 1.0) * 32767.0) as i16;
        match self {
            Encoding::F32 => out.extend_from_slice(&sample.to_le_bytes()),
            Encoding::S16 => out.extend_from_slice(&s16.to_le_bytes()),
            Encoding::MuLaw => out.push(mulaw(s16)),
            Encoding::ALaw => out.push(alaw(s16)),
        }
    }
}

/// G.711 mu-law of a 16-bit sample.
pub(crate) fn mulaw(sample: i16) -> u8 {
    const BIAS: i32 = 0x84;
    const CLIP: i32 = 32635;
    let mut x = i32::from(sample);
    let sign = if x < 0 {
        x = -x;
        0x80
    } else {
        0
    };
    x = x.min(CLIP) + BIAS;
    let exponent = (31 - (x as u32).leading_zeros()) as i32 - 7;
    let mantissa = (x >> (exponent + 3)) & 0x0F;
    !((sign | (exponent << 4) | mantissa) as u8)
}

/// G.711 A-law of a 16-bit sample.
pub(crate) fn alaw(sample: i16) -> u8 {
    let mut x = i32::from(sample) >> 3;
    let sign = if x >= 0 {
        0x80
    } else {
        x = -x - 1;
        0
    };
    x = x.min(0xFFF);
    let (exponent, mantissa) = if x < 32 {
        (0, x >> 1)
    } else {
        let e = (31 - (x as u32).leading_zeros()) as i32 - 4;
        (e, (x >> e) & 0x0F)
    };
    ((sign | (exponent << 4) | mantissa) as u8) ^ 0x55
}

/// A requested output format, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Headerless samples.
    Raw(Encoding, u32),
    /// A WAV file.
    Wav(Encoding, u32),
    /// An MP3 stream: sample rate and bit rate.
    Mp3(u32, u32),
}

impl Format {
    /// The sample rate.
    pub(crate) fn rate(self) -> u32 {
        match self {
            Format::Raw(_, r) | Format::Wav(_, r) | Format::Mp3(r, _) => r,
        }
    }

    /// The response's `Content-Type`.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Format::Raw(..) => "application/octet-stream",
            Format::Wav(..) => "audio/wav",
            Format::Mp3(..) => "audio/mpeg",
        }
    }
}

/// A synthesized utterance: one slot per character.
#[derive(Debug, Clone)]
pub(crate) struct Speech {
    /// The tone of each slot (`None`: silence).
    slots: Arc<[Option<f32>]>,
    /// Samples per slot.
    slot: u64,
    /// Samples per second.
    rate: u32,
    /// Peak amplitude.
    gain: f32,
}

impl Speech {
    /// `text` spoken by `voice` at `rate` Hz, `speed` times as fast as normal, `volume`
    /// times as loud.
    pub(crate) fn new(text: &str, voice: &str, rate: u32, speed: f64, volume: f64) -> Self {
        let pitch = voice.bytes().map(u32::from).sum::<u32>() % 60;
        let slots: Vec<Option<f32>> = text
            .chars()
            .map(|c| (!c.is_whitespace()).then(|| (180 + pitch + (u32::from(c) % 24) * 25) as f32))
            .collect();
        let slot = ((f64::from(rate) * SECONDS_PER_CHAR / speed).round() as u64).max(1);
        Speech {
            slots: slots.into(),
            slot,
            rate,
            gain: (0.25 * volume) as f32,
        }
    }

    /// Seconds per character slot.
    pub(crate) fn slot_seconds(&self) -> f64 {
        self.slot as f64 / f64::from(self.rate)
    }

    /// The number of samples.
    pub(crate) fn len(&self) -> u64 {
        self.slots.len() as u64 * self.slot
    }

    /// Sample `n`, in `[-1, 1]`.
    pub(crate) fn sample(&self, n: u64) -> f32 {
        let (index, at) = (n / self.slot, n % self.slot);
        let Some(Some(freq)) = self.slots.get(index as usize) else {
            return 0.0;
        };
        let envelope = (std::f64::consts::PI * at as f64 / self.slot as f64).sin();
        let phase = std::f64::consts::TAU * f64::from(*freq) * n as f64 / f64::from(self.rate);
        (f64::from(self.gain) * envelope * phase.sin()) as f32
    }

    /// Samples `from..to`, encoded.
    fn encode(&self, encoding: Encoding, from: u64, to: u64) -> Vec<u8> {
        let mut out = Vec::with_capacity((to - from) as usize * encoding.width());
        for n in from..to {
            encoding.push(self.sample(n), &mut out);
        }
        out
    }

    /// The raw samples in pieces of about [`CHUNK_BYTES`], made as they are taken.
    pub(crate) fn pcm_chunks(self, encoding: Encoding) -> impl Iterator<Item = Vec<u8>> + Send {
        let per = (CHUNK_BYTES / encoding.width()) as u64;
        let total = self.len();
        (0..total.div_ceil(per))
            .map(move |i| self.encode(encoding, i * per, ((i + 1) * per).min(total)))
    }

    /// The whole utterance as an MP3 stream at `bit_rate` bits per second (snapped by
    /// the encoder to the nearest Layer III rate of the MPEG version, e.g. 192 kbps to 160
    /// for 24 kHz and below).
    pub(crate) fn mp3(&self, bit_rate: u32) -> Vec<u8> {
        let mut encoder = rusty_mp3::Mp3Encoder::new(rusty_mp3::Mp3EncoderConfig {
            bitrate_kbps: bit_rate / 1000,
            vbr_quality: None,
        });
        let mut out = Vec::new();
        let block = 8192u64;
        let mut at = 0;
        loop {
            let end = (at + block).min(self.len());
            let samples: Vec<f32> = (at..end).map(|n| self.sample(n)).collect();
            // The rate is one of the API's six, all MPEG rates: the push cannot fail.
            if encoder.push_pcm_f32(&samples, 1, self.rate).is_err() {
                return out;
            }
            while let Ok(packet) = encoder.next_packet() {
                out.extend_from_slice(&packet);
            }
            at = end;
            if at >= self.len() {
                break;
            }
        }
        encoder.finish();
        while let Ok(packet) = encoder.next_packet() {
            out.extend_from_slice(&packet);
        }
        if let Some(tag) = encoder.lame_tag_frame() {
            let tag = tag.to_vec();
            if out.len() >= tag.len() {
                out[..tag.len()].copy_from_slice(&tag);
            }
        }
        out
    }

    /// The body in `format`, in pieces: a WAV header first, then the samples (and a pad
    /// byte for an odd-length data chunk); an MP3 stream is encoded whole, then split.
    pub(crate) fn body(self, format: Format) -> Box<dyn Iterator<Item = Vec<u8>> + Send> {
        match format {
            Format::Raw(encoding, _) => Box::new(self.pcm_chunks(encoding)),
            Format::Wav(encoding, rate) => {
                let data_len = self.len() * encoding.width() as u64;
                let header = wav_header(encoding, rate, data_len);
                let pad = (data_len % 2 == 1).then(|| vec![0u8]);
                Box::new(
                    std::iter::once(header)
                        .chain(self.pcm_chunks(encoding))
                        .chain(pad),
                )
            }
            Format::Mp3(_, bit_rate) => {
                let mp3 = self.mp3(bit_rate);
                let pieces: Vec<Vec<u8>> = mp3.chunks(CHUNK_BYTES).map(<[u8]>::to_vec).collect();
                Box::new(pieces.into_iter())
            }
        }
    }
}

/// A mono WAV header for `data_len` bytes of `encoding` at `rate`: the 44-byte PCM form
/// for `pcm_s16le`; for the others a `fmt ` chunk with `cbSize` and a `fact` chunk (58
/// bytes), as the WAVE format asks of non-PCM data.
pub(crate) fn wav_header(encoding: Encoding, rate: u32, data_len: u64) -> Vec<u8> {
    let data_len = u32::try_from(data_len).unwrap_or(u32::MAX - 64);
    let width = encoding.width() as u16;
    let (tag, extended) = match encoding {
        Encoding::S16 => (1u16, false),
        Encoding::F32 => (3, true),
        Encoding::ALaw => (6, true),
        Encoding::MuLaw => (7, true),
    };
    let header_len: u32 = if extended { 58 } else { 44 };
    let padded = data_len + data_len % 2;
    let mut out = Vec::with_capacity(header_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(header_len - 8 + padded).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&(if extended { 18u32 } else { 16 }).to_le_bytes());
    out.extend_from_slice(&tag.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(width)).to_le_bytes());
    out.extend_from_slice(&width.to_le_bytes());
    out.extend_from_slice(&(width * 8).to_le_bytes());
    if extended {
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(b"fact");
        out.extend_from_slice(&4u32.to_le_bytes());
        out.extend_from_slice(&(data_len / u32::from(width)).to_le_bytes());
    }
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out
}

/// The duration in seconds of an uploaded file, if it is a WAV file or an MP3 stream the
/// mock can read.
pub(crate) fn duration(file: &[u8]) -> Option<f64> {
    if file.len() >= 12 && file.starts_with(b"RIFF") && &file[8..12] == b"WAVE" {
        return wav_duration(file);
    }
    let mut decoder = rusty_mp3::Mp3Decoder::new();
    decoder.push(file);
    decoder.flush();
    let (mut samples, mut rate) = (0u64, 0u32);
    while let Ok(frame) = decoder.next_frame() {
        rate = frame.sample_rate;
        samples += frame.samples.len() as u64 / u64::from(frame.channels.max(1));
    }
    (rate > 0 && samples > 0).then(|| samples as f64 / f64::from(rate))
}

/// The duration of a WAV file, from its `fmt ` and `data` chunks.
fn wav_duration(file: &[u8]) -> Option<f64> {
    let mut at = 12;
    let mut byte_rate = None;
    while at + 8 <= file.len() {
        let id = &file[at..at + 4];
        let len = u32::from_le_bytes(file[at + 4..at + 8].try_into().ok()?) as usize;
        let body = at + 8;
        if id == b"fmt " && body + 12 <= file.len() {
            byte_rate = Some(u32::from_le_bytes(
                file[body + 8..body + 12].try_into().ok()?,
            ));
        }
        if id == b"data" {
            let len = len.min(file.len() - body);
            return byte_rate
                .filter(|r| *r > 0)
                .map(|r| len as f64 / f64::from(r));
        }
        at = body + len + len % 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_matches_the_reference_points() {
        assert_eq!(mulaw(0), 0xFF);
        assert_eq!(mulaw(-1), 0x7F);
        assert_eq!(mulaw(32767), 0x80);
        assert_eq!(alaw(0), 0xD5);
        assert_eq!(alaw(-8), 0x55);
        assert_eq!(alaw(32767), 0xAA);
    }

    #[test]
    fn speech_grows_with_the_transcript_and_is_deterministic() {
        let short = Speech::new("Hi", "v", 16000, 1.0, 1.0);
        let long = Speech::new("Hello there", "v", 16000, 1.0, 1.0);
        assert_eq!(short.len(), 1600);
        assert_eq!(long.len(), 8800);
        let a: Vec<u8> = long.clone().pcm_chunks(Encoding::S16).flatten().collect();
        let b: Vec<u8> = long.pcm_chunks(Encoding::S16).flatten().collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 17600);
        assert!(a.iter().any(|&x| x != 0));
        let fast = Speech::new("Hello there", "v", 16000, 1.5, 1.0);
        assert!(fast.len() < 8800);
    }

    #[test]
    fn wav_headers_give_the_duration_back() {
        for encoding in [
            Encoding::S16,
            Encoding::F32,
            Encoding::MuLaw,
            Encoding::ALaw,
        ] {
            let speech = Speech::new("abc", "v", 8000, 1.0, 1.0);
            let file: Vec<u8> = speech.body(Format::Wav(encoding, 8000)).flatten().collect();
            let riff = u32::from_le_bytes(file[4..8].try_into().unwrap()) as usize;
            assert_eq!(riff + 8, file.len(), "{encoding:?}");
            let secs = duration(&file).unwrap();
            assert!((secs - 0.15).abs() < 1e-9, "{encoding:?}: {secs}");
        }
    }

    #[test]
    fn mp3_streams_decode_to_the_right_length() {
        for (rate, bit_rate) in [(44100, 128_000), (24000, 192_000), (8000, 32_000)] {
            let speech = Speech::new("Hello world", "v", rate, 1.0, 1.0);
            let mp3 = speech.mp3(bit_rate);
            assert_eq!(mp3[0], 0xFF, "frame sync");
            assert_eq!(mp3[1] & 0xE0, 0xE0, "frame sync");
            let secs = duration(&mp3).unwrap();
            // The decoder may add the codec's priming and padding, a few frames at most (576 samples each at 8 kHz).
            assert!((0.55..0.9).contains(&secs), "{rate}: {secs}");
        }
    }
}
