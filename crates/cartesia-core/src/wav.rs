//! Raw PCM → WAV: a RIFF/WAVE header for the four encodings the API streams (`pcm_s16le`,
//! `pcm_f32le`, `pcm_mulaw`, `pcm_alaw`), for audio whose length is known up front
//! ([`pcm_to_wav`], [`write_wav`]) and for audio streamed into a `Write + Seek`
//! ([`WavStreamWriter`], header patched at the end).
//!
//! ```
//! use cartesia_core::types::tts::RawEncoding;
//! use cartesia_core::wav::{pcm_to_wav, WavSpec};
//!
//! let spec = WavSpec::new(&RawEncoding::PcmS16le, 24_000, 1)?;
//! let wav = pcm_to_wav(&spec, &[0, 0, 0xff, 0x7f])?; // two samples
//! assert_eq!(&wav[..4], b"RIFF");
//! assert_eq!(wav.len(), 44 + 4);
//! # Ok::<(), cartesia_core::wav::WavError>(())
//! ```
//!
//! Why not the `hound` crate: it writes integer and float PCM only (no μ-law or A-law, which
//! the API emits for telephony), it needs `Seek` even when the length is known, and it takes
//! samples one by one where the API hands over bytes already in the right encoding. The
//! header is a few fixed fields, so it is written here (and `hound` reads the files back in
//! the tests).
//!
//! Layout: integer PCM (`pcm_s16le`) has the canonical 44-byte header (`fmt ` of 16 bytes,
//! format tag 1). The other encodings (IEEE float, tag 3; A-law, tag 6; μ-law, tag 7) have an
//! 18-byte `fmt ` (with `cbSize` = 0) and a `fact` chunk holding the frame count, as the
//! WAVE format asks of non-PCM data: 58 bytes. An odd-length data chunk (8-bit mono) is
//! followed by a pad byte.

use std::io::{self, Read, Seek, SeekFrom, Write};

use cartesia_types::tts::RawEncoding;

/// The sample encodings a WAV can be written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WavEncoding {
    /// Signed 16-bit little-endian integer PCM (format tag 1).
    PcmS16le,
    /// 32-bit little-endian IEEE float (format tag 3).
    PcmF32le,
    /// 8-bit G.711 μ-law (format tag 7).
    Mulaw,
    /// 8-bit G.711 A-law (format tag 6).
    Alaw,
}

impl WavEncoding {
    /// The WAVE format tag.
    pub fn format_tag(self) -> u16 {
        match self {
            WavEncoding::PcmS16le => 1,
            WavEncoding::PcmF32le => 3,
            WavEncoding::Alaw => 6,
            WavEncoding::Mulaw => 7,
        }
    }

    /// Bytes per sample of one channel.
    pub fn bytes_per_sample(self) -> u16 {
        match self {
            WavEncoding::PcmS16le => 2,
            WavEncoding::PcmF32le => 4,
            WavEncoding::Alaw | WavEncoding::Mulaw => 1,
        }
    }

    fn is_integer_pcm(self) -> bool {
        self == WavEncoding::PcmS16le
    }
}

impl TryFrom<&RawEncoding> for WavEncoding {
    type Error = WavError;

    fn try_from(e: &RawEncoding) -> Result<Self, WavError> {
        Ok(match e {
            RawEncoding::PcmS16le => WavEncoding::PcmS16le,
            RawEncoding::PcmF32le => WavEncoding::PcmF32le,
            RawEncoding::PcmMulaw => WavEncoding::Mulaw,
            RawEncoding::PcmAlaw => WavEncoding::Alaw,
            other => return Err(WavError::UnsupportedEncoding(other.as_str().to_owned())),
        })
    }
}

/// Why a WAV could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WavError {
    /// An encoding this module cannot put in a WAV.
    #[error("wav: unsupported encoding {0:?}")]
    UnsupportedEncoding(String),
    /// A sample rate or channel count of zero (or a byte rate over `u32`).
    #[error("wav: invalid format: {0}")]
    InvalidSpec(&'static str),
    /// The audio does not end on a whole frame (all channels of one sample); the file written
    /// holds the whole frames only.
    #[error("wav: the audio ends with {bytes} bytes of an incomplete frame (dropped)")]
    PartialFrame {
        /// The dropped bytes.
        bytes: usize,
    },
    /// The audio is larger than a WAV can say (4 GiB less the header).
    #[error("wav: the audio is larger than a WAV file can hold ({limit} bytes of data)")]
    TooLong {
        /// The largest data chunk for this format.
        limit: u64,
    },
    /// The known length did not match the audio read.
    #[error("wav: expected {expected} bytes of audio, read {actual}")]
    LengthMismatch {
        /// The length given.
        expected: u64,
        /// The length read (for more audio than expected: `expected + 1`).
        actual: u64,
    },
    /// Writing (or reading the audio) failed.
    #[error("wav: {0}")]
    Io(#[from] io::Error),
}

/// The format of a WAV file: encoding, sample rate and channel count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WavSpec {
    encoding: WavEncoding,
    sample_rate: u32,
    channels: u16,
}

impl WavSpec {
    /// A spec for audio in the API's `encoding` (as in an output format).
    pub fn new(encoding: &RawEncoding, sample_rate: u32, channels: u16) -> Result<Self, WavError> {
        Self::with_encoding(WavEncoding::try_from(encoding)?, sample_rate, channels)
    }

    /// A spec from a [`WavEncoding`].
    pub fn with_encoding(
        encoding: WavEncoding,
        sample_rate: u32,
        channels: u16,
    ) -> Result<Self, WavError> {
        if sample_rate == 0 {
            return Err(WavError::InvalidSpec("the sample rate is zero"));
        }
        if channels == 0 {
            return Err(WavError::InvalidSpec("the channel count is zero"));
        }
        if channels.checked_mul(encoding.bytes_per_sample()).is_none() {
            return Err(WavError::InvalidSpec("a frame does not fit in 16 bits"));
        }
        let spec = Self {
            encoding,
            sample_rate,
            channels,
        };
        if u32::try_from(u64::from(sample_rate) * u64::from(spec.block_align())).is_err() {
            return Err(WavError::InvalidSpec(
                "the byte rate does not fit in 32 bits",
            ));
        }
        Ok(spec)
    }

    /// The encoding.
    pub fn encoding(&self) -> WavEncoding {
        self.encoding
    }

    /// Samples per second.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Channels.
    pub fn channels(&self) -> u16 {
        self.channels
    }

    /// Bytes per frame (one sample of every channel).
    pub fn block_align(&self) -> u16 {
        // Checked by `with_encoding`.
        self.channels
            .saturating_mul(self.encoding.bytes_per_sample())
    }

    /// Bytes per second.
    pub fn byte_rate(&self) -> u32 {
        self.sample_rate * u32::from(self.block_align())
    }

    /// The header's length: 44 for integer PCM, 58 for the others.
    pub fn header_len(&self) -> u64 {
        if self.encoding.is_integer_pcm() {
            44
        } else {
            58
        }
    }

    /// The largest data chunk a WAV of this format can hold (whole frames).
    pub fn max_data_len(&self) -> u64 {
        let room = u64::from(u32::MAX) - (self.header_len() - 8) - 1;
        room - room % u64::from(self.block_align())
    }

    /// The header of a file with `data_len` bytes of audio.
    ///
    /// A `data_len` over [`max_data_len`](Self::max_data_len) is clamped (use the checked
    /// writers); a streamed file starts with `header(0)` and is patched with
    /// [`patches`](Self::patches).
    pub fn header(&self, data_len: u64) -> Vec<u8> {
        let data_len = data_len.min(self.max_data_len());
        let mut h = Vec::with_capacity(self.header_len() as usize);
        h.extend_from_slice(b"RIFF");
        h.extend_from_slice(&self.riff_size(data_len).to_le_bytes());
        h.extend_from_slice(b"WAVE");
        h.extend_from_slice(b"fmt ");
        let pcm = self.encoding.is_integer_pcm();
        h.extend_from_slice(&(if pcm { 16u32 } else { 18 }).to_le_bytes());
        h.extend_from_slice(&self.encoding.format_tag().to_le_bytes());
        h.extend_from_slice(&self.channels.to_le_bytes());
        h.extend_from_slice(&self.sample_rate.to_le_bytes());
        h.extend_from_slice(&self.byte_rate().to_le_bytes());
        h.extend_from_slice(&self.block_align().to_le_bytes());
        h.extend_from_slice(&(self.encoding.bytes_per_sample() * 8).to_le_bytes());
        if !pcm {
            h.extend_from_slice(&0u16.to_le_bytes()); // cbSize
            h.extend_from_slice(b"fact");
            h.extend_from_slice(&4u32.to_le_bytes());
            h.extend_from_slice(&self.frames(data_len).to_le_bytes());
        }
        h.extend_from_slice(b"data");
        h.extend_from_slice(&(data_len as u32).to_le_bytes());
        debug_assert_eq!(h.len() as u64, self.header_len());
        h
    }

    /// The `(offset, bytes)` writes that turn `header(0)` into `header(data_len)`: the RIFF
    /// size, the `fact` frame count (non-PCM only) and the data size. For writers over
    /// `Seek` of any kind (an async file too).
    pub fn patches(&self, data_len: u64) -> Vec<(u64, [u8; 4])> {
        let data_len = data_len.min(self.max_data_len());
        let mut p = vec![(4, self.riff_size(data_len).to_le_bytes())];
        if !self.encoding.is_integer_pcm() {
            p.push((46, self.frames(data_len).to_le_bytes()));
        }
        p.push((self.header_len() - 4, (data_len as u32).to_le_bytes()));
        p
    }

    fn riff_size(&self, data_len: u64) -> u32 {
        (self.header_len() - 8 + data_len + data_len % 2) as u32
    }

    fn frames(&self, data_len: u64) -> u32 {
        (data_len / u64::from(self.block_align())) as u32
    }

    fn check_len(&self, len: u64) -> Result<(), WavError> {
        if len > self.max_data_len() {
            return Err(WavError::TooLong {
                limit: self.max_data_len(),
            });
        }
        let rest = len % u64::from(self.block_align());
        if rest != 0 {
            return Err(WavError::PartialFrame {
                bytes: rest as usize,
            });
        }
        Ok(())
    }
}

/// A whole WAV file from audio in memory (which must be whole frames).
pub fn pcm_to_wav(spec: &WavSpec, pcm: &[u8]) -> Result<Vec<u8>, WavError> {
    spec.check_len(pcm.len() as u64)?;
    let mut out = spec.header(pcm.len() as u64);
    out.reserve(pcm.len() + 1);
    out.extend_from_slice(pcm);
    if pcm.len() % 2 == 1 {
        out.push(0);
    }
    Ok(out)
}

/// Writes a WAV of exactly `data_len` bytes of audio read from `audio` into `out`, which
/// need not seek. Returns the bytes written. Audio shorter or longer than `data_len` is
/// [`WavError::LengthMismatch`] (the file is then incomplete).
pub fn write_wav<W: Write, R: Read>(
    mut out: W,
    spec: &WavSpec,
    data_len: u64,
    audio: R,
) -> Result<u64, WavError> {
    spec.check_len(data_len)?;
    out.write_all(&spec.header(data_len))?;
    let mut audio = audio.take(data_len + 1);
    let copied = io::copy(&mut (&mut audio).take(data_len), &mut out)?;
    let mut extra = [0u8; 1];
    let more = loop {
        match audio.read(&mut extra) {
            Ok(n) => break n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
    };
    if copied != data_len || more != 0 {
        return Err(WavError::LengthMismatch {
            expected: data_len,
            actual: copied + more as u64,
        });
    }
    if data_len % 2 == 1 {
        out.write_all(&[0])?;
    }
    out.flush()?;
    Ok(spec.header_len() + data_len + data_len % 2)
}

/// A WAV written as its audio arrives: the header goes first with a zero length, the audio
/// is appended ([`write_pcm`](Self::write_pcm), or `io::Write`), and
/// [`finish`](Self::finish) seeks back to patch the lengths.
///
/// Only whole frames reach the file; the bytes of a frame split across two writes are held
/// until the rest arrives. The writer starts at the current position of `inner`.
///
/// ```
/// use std::io::Cursor;
/// use cartesia_core::types::tts::RawEncoding;
/// use cartesia_core::wav::{WavSpec, WavStreamWriter};
///
/// let spec = WavSpec::new(&RawEncoding::PcmMulaw, 8_000, 1)?;
/// let mut w = WavStreamWriter::new(Cursor::new(Vec::new()), spec)?;
/// w.write_pcm(&[0xff; 3])?;
/// w.write_pcm(&[0x7f; 2])?;
/// let file = w.finish()?.into_inner();
/// assert_eq!(file.len(), 58 + 5 + 1); // 5 bytes of data and a pad byte
/// assert_eq!(&file[54..58], &5u32.to_le_bytes()); // the data size, patched
/// # Ok::<(), cartesia_core::wav::WavError>(())
/// ```
#[derive(Debug)]
pub struct WavStreamWriter<W: Write + Seek> {
    inner: W,
    spec: WavSpec,
    start: u64,
    written: u64,
    pending: Vec<u8>,
    limit: u64,
}

impl<W: Write + Seek> WavStreamWriter<W> {
    /// Writes the header (lengths zero) to `inner`.
    pub fn new(mut inner: W, spec: WavSpec) -> Result<Self, WavError> {
        let start = inner.stream_position()?;
        inner.write_all(&spec.header(0))?;
        Ok(Self {
            inner,
            spec,
            start,
            written: 0,
            pending: Vec::new(),
            limit: spec.max_data_len(),
        })
    }

    /// The audio bytes written so far (whole frames).
    pub fn data_len(&self) -> u64 {
        self.written
    }

    /// Appends audio.
    pub fn write_pcm(&mut self, mut pcm: &[u8]) -> Result<(), WavError> {
        let align = usize::from(self.spec.block_align());
        let incoming = (self.pending.len() + pcm.len()) as u64;
        let whole = incoming - incoming % align as u64;
        if self.written + whole > self.limit {
            return Err(WavError::TooLong { limit: self.limit });
        }
        if !self.pending.is_empty() {
            let need = align - self.pending.len();
            if pcm.len() < need {
                self.pending.extend_from_slice(pcm);
                return Ok(());
            }
            self.pending.extend_from_slice(&pcm[..need]);
            self.inner.write_all(&self.pending)?;
            self.written += align as u64;
            self.pending.clear();
            pcm = &pcm[need..];
        }
        let cut = pcm.len() - pcm.len() % align;
        self.inner.write_all(&pcm[..cut])?;
        self.written += cut as u64;
        self.pending.extend_from_slice(&pcm[cut..]);
        Ok(())
    }

    /// Pads the data chunk, patches the header and returns the writer (positioned at the end
    /// of the file). Audio that ended mid-frame is [`WavError::PartialFrame`], after the
    /// header is patched for the whole frames (the file is valid).
    pub fn finish(mut self) -> Result<W, WavError> {
        if self.written % 2 == 1 {
            self.inner.write_all(&[0])?;
        }
        let end = self.inner.stream_position()?;
        for (offset, bytes) in self.spec.patches(self.written) {
            self.inner.seek(SeekFrom::Start(self.start + offset))?;
            self.inner.write_all(&bytes)?;
        }
        self.inner.seek(SeekFrom::Start(end))?;
        self.inner.flush()?;
        if !self.pending.is_empty() {
            return Err(WavError::PartialFrame {
                bytes: self.pending.len(),
            });
        }
        Ok(self.inner)
    }
}

impl<W: Write + Seek> Write for WavStreamWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_pcm(buf).map_err(|e| match e {
            WavError::Io(e) => e,
            other => io::Error::other(other),
        })?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }

    #[test]
    fn pcm_header_fields() {
        let spec = WavSpec::new(&RawEncoding::PcmS16le, 44_100, 2).unwrap();
        let h = spec.header(400);
        assert_eq!(h.len(), 44);
        assert_eq!(&h[0..4], b"RIFF");
        assert_eq!(u32_at(&h, 4), 36 + 400);
        assert_eq!(&h[8..16], b"WAVEfmt ");
        assert_eq!(u32_at(&h, 16), 16);
        assert_eq!(u16_at(&h, 20), 1);
        assert_eq!(u16_at(&h, 22), 2);
        assert_eq!(u32_at(&h, 24), 44_100);
        assert_eq!(u32_at(&h, 28), 44_100 * 4);
        assert_eq!(u16_at(&h, 32), 4);
        assert_eq!(u16_at(&h, 34), 16);
        assert_eq!(&h[36..40], b"data");
        assert_eq!(u32_at(&h, 40), 400);
    }

    #[test]
    fn non_pcm_headers_have_cb_size_and_fact() {
        for (enc, tag, bits) in [
            (RawEncoding::PcmF32le, 3, 32),
            (RawEncoding::PcmMulaw, 7, 8),
            (RawEncoding::PcmAlaw, 6, 8),
        ] {
            let spec = WavSpec::new(&enc, 8_000, 1).unwrap();
            let data = 8 * u64::from(spec.block_align());
            let h = spec.header(data);
            assert_eq!(h.len(), 58, "{enc}");
            assert_eq!(u32_at(&h, 4) as u64, 50 + data);
            assert_eq!(u32_at(&h, 16), 18);
            assert_eq!(u16_at(&h, 20), tag);
            assert_eq!(u16_at(&h, 34), bits);
            assert_eq!(u16_at(&h, 36), 0);
            assert_eq!(&h[38..42], b"fact");
            assert_eq!(u32_at(&h, 42), 4);
            assert_eq!(u32_at(&h, 46), 8, "{enc}: frames");
            assert_eq!(&h[50..54], b"data");
            assert_eq!(u32_at(&h, 54) as u64, data);
        }
    }

    #[test]
    fn patches_turn_header_zero_into_the_final_header() {
        for enc in [
            RawEncoding::PcmS16le,
            RawEncoding::PcmF32le,
            RawEncoding::PcmAlaw,
        ] {
            let spec = WavSpec::new(&enc, 16_000, 3).unwrap();
            let len = 30 * u64::from(spec.block_align());
            let mut h = spec.header(0);
            for (at, bytes) in spec.patches(len) {
                h[at as usize..at as usize + 4].copy_from_slice(&bytes);
            }
            assert_eq!(h, spec.header(len), "{enc}");
        }
    }

    #[test]
    fn bad_specs_and_lengths_are_errors() {
        assert!(matches!(
            WavSpec::new(&RawEncoding::Unknown("pcm_s24le".into()), 8000, 1),
            Err(WavError::UnsupportedEncoding(e)) if e == "pcm_s24le"
        ));
        assert!(matches!(
            WavSpec::new(&RawEncoding::PcmS16le, 0, 1),
            Err(WavError::InvalidSpec(_))
        ));
        assert!(matches!(
            WavSpec::new(&RawEncoding::PcmS16le, 8000, 0),
            Err(WavError::InvalidSpec(_))
        ));
        assert!(matches!(
            WavSpec::new(&RawEncoding::PcmF32le, 8000, u16::MAX),
            Err(WavError::InvalidSpec(_))
        ));
        assert!(matches!(
            WavSpec::new(&RawEncoding::PcmF32le, u32::MAX, 2),
            Err(WavError::InvalidSpec(_))
        ));
        let spec = WavSpec::new(&RawEncoding::PcmS16le, 8000, 2).unwrap();
        assert!(matches!(
            pcm_to_wav(&spec, &[0; 6]),
            Err(WavError::PartialFrame { bytes: 2 })
        ));
        assert_eq!(spec.max_data_len() % 4, 0);
        assert!(spec.header_len() + spec.max_data_len() - 8 <= u64::from(u32::MAX));
        assert!(matches!(
            write_wav(Vec::new(), &spec, spec.max_data_len() + 4, &b""[..]),
            Err(WavError::TooLong { .. })
        ));
    }

    #[test]
    fn known_length_writes_check_the_length() {
        let spec = WavSpec::new(&RawEncoding::PcmMulaw, 8000, 1).unwrap();
        let mut out = Vec::new();
        let n = write_wav(&mut out, &spec, 3, &[1u8, 2, 3][..]).unwrap();
        assert_eq!(n, 58 + 4);
        assert_eq!(out, pcm_to_wav(&spec, &[1, 2, 3]).unwrap());
        assert_eq!(*out.last().unwrap(), 0, "pad byte");
        assert!(matches!(
            write_wav(Vec::new(), &spec, 4, &[1u8, 2, 3][..]),
            Err(WavError::LengthMismatch {
                expected: 4,
                actual: 3
            })
        ));
        assert!(matches!(
            write_wav(Vec::new(), &spec, 2, &[1u8, 2, 3][..]),
            Err(WavError::LengthMismatch {
                expected: 2,
                actual: 3
            })
        ));
    }

    #[test]
    fn streamed_equals_known_length_for_any_chunking() {
        let spec = WavSpec::new(&RawEncoding::PcmF32le, 24_000, 2).unwrap();
        let pcm: Vec<u8> = (0..8 * 50).map(|i| (i * 7 % 251) as u8).collect();
        let expected = pcm_to_wav(&spec, &pcm).unwrap();
        for chunk in [1, 3, 7, 8, 64, 1000] {
            let mut w = WavStreamWriter::new(Cursor::new(Vec::new()), spec).unwrap();
            for c in pcm.chunks(chunk) {
                w.write_pcm(c).unwrap();
            }
            assert_eq!(
                w.finish().unwrap().into_inner(),
                expected,
                "chunks of {chunk}"
            );
        }
        // Through io::Write, after some bytes already in the file.
        let mut file = Cursor::new(b"prefix".to_vec());
        file.seek(SeekFrom::End(0)).unwrap();
        let mut w = WavStreamWriter::new(file, spec).unwrap();
        io::copy(&mut &pcm[..], &mut w).unwrap();
        let out = w.finish().unwrap().into_inner();
        assert_eq!(&out[..6], b"prefix");
        assert_eq!(&out[6..], expected);
    }

    #[test]
    fn a_stream_ending_mid_frame_is_an_error_with_a_valid_file() {
        let spec = WavSpec::new(&RawEncoding::PcmS16le, 8000, 1).unwrap();
        let mut buf = Cursor::new(Vec::new());
        let mut w = WavStreamWriter::new(&mut buf, spec).unwrap();
        w.write_pcm(&[1, 2, 3]).unwrap();
        assert_eq!(w.data_len(), 2);
        assert!(matches!(
            w.finish(),
            Err(WavError::PartialFrame { bytes: 1 })
        ));
        assert_eq!(buf.into_inner(), pcm_to_wav(&spec, &[1, 2]).unwrap());
    }

    #[test]
    fn the_stream_limit_is_enforced() {
        let spec = WavSpec::new(&RawEncoding::PcmS16le, 8000, 1).unwrap();
        let mut w = WavStreamWriter::new(Cursor::new(Vec::new()), spec).unwrap();
        w.limit = 4;
        w.write_pcm(&[0; 4]).unwrap();
        assert!(matches!(
            w.write_pcm(&[0; 2]),
            Err(WavError::TooLong { limit: 4 })
        ));
        assert_eq!(w.data_len(), 4);
    }
}
