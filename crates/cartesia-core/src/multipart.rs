//! `multipart/form-data` bodies (RFC 7578) built once, as replayable [`Bytes`].
//!
//! The uploads of the speech endpoints (`/stt`, `/voices/clone`, `/voice-changer/*`,
//! `/infill/bytes`) send a form of text fields and audio files. [`Multipart`] builds the whole
//! body in memory before the first attempt, so a retry resends identical bytes and every
//! transport sends the same ones; a file or reader is read once, when the body is built, up to
//! a size cap.
//!
//! ```
//! use cartesia_core::multipart::Multipart;
//!
//! let body = Multipart::new()
//!     .text("model", "ink-whisper")
//!     .texts("timestamp_granularities[]", ["word"])
//!     .bytes("file", "hello.wav", "audio/wav", &b"RIFF...."[..])
//!     .boundary("b0undary")
//!     .build()?;
//! assert_eq!(body.content_type(), "multipart/form-data; boundary=b0undary");
//! assert_eq!(
//!     body.bytes().as_ref(),
//!     &b"--b0undary\r\n\
//!        Content-Disposition: form-data; name=\"model\"\r\n\r\n\
//!        ink-whisper\r\n\
//!        --b0undary\r\n\
//!        Content-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n\r\n\
//!        word\r\n\
//!        --b0undary\r\n\
//!        Content-Disposition: form-data; name=\"file\"; filename=\"hello.wav\"\r\n\
//!        Content-Type: audio/wav\r\n\r\n\
//!        RIFF....\r\n\
//!        --b0undary--\r\n"[..]
//! );
//! # Ok::<(), cartesia_core::multipart::MultipartError>(())
//! ```
//!
//! # Names and filenames
//!
//! Field names and filenames go in a quoted `Content-Disposition` parameter, as raw UTF-8
//! (RFC 7578 §5.1; never the `filename*=` form, which §4.2 forbids). Characters that would
//! end or bend the quoted string are percent-encoded, as browsers do for `"` (`%22`), CR
//! (`%0D`) and LF (`%0A`); this builder also encodes `\` (`%5C`, an escape character to
//! parsers that read quoted-pairs, and a path separator to some that strip paths) and the
//! other control characters. Servers do not decode these, so such a name arrives with the
//! `%XX` in it — which is what a browser upload of the same file would give.
//!
//! # The boundary
//!
//! Chosen at random (`cartesia-rs-` and 32 hex digits) unless set, and checked against
//! every part: if it occurs in any content, another is drawn; a boundary set by the caller
//! that occurs in the content is an error.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use bytes::{BufMut, Bytes, BytesMut};

/// The default cap on one file or reader part (256 MiB, the default response cap too).
pub const DEFAULT_MAX_PART_BYTES: usize = 256 * 1024 * 1024;

/// Why a multipart body could not be built. Nothing was sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MultipartError {
    /// A field name is empty.
    #[error("multipart: a field name is empty")]
    EmptyName,
    /// The form has no part (a multipart body needs at least one).
    #[error("multipart: the form has no part")]
    Empty,
    /// A content type is not a `type/subtype` header value.
    #[error("multipart: field {name:?}: invalid content type {content_type:?}")]
    InvalidContentType {
        /// The field.
        name: String,
        /// The refused value (control characters shown escaped).
        content_type: String,
    },
    /// A file or reader part is larger than the cap.
    #[error("multipart: field {name:?} is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The field.
        name: String,
        /// The cap, in bytes.
        limit: usize,
    },
    /// A file could not be opened or read, or a reader failed.
    #[error("multipart: field {name:?}: could not read {}: {source}", path.as_ref().map_or_else(|| "the reader".to_owned(), |p| p.display().to_string()))]
    Io {
        /// The field.
        name: String,
        /// The file, for a path part.
        path: Option<PathBuf>,
        /// What failed.
        #[source]
        source: std::io::Error,
    },
    /// A boundary set with [`Multipart::boundary`] is not 1–70 of the characters RFC 2046
    /// allows, or occurs in the content.
    #[error("multipart: boundary {boundary:?}: {reason}")]
    InvalidBoundary {
        /// The refused boundary.
        boundary: String,
        /// Why.
        reason: &'static str,
    },
}

enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    Reader(Box<dyn Read + Send>),
}

struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    source: Source,
}

/// A `multipart/form-data` form, built into a [`MultipartBody`] by [`build`](Self::build).
///
/// Adding parts never fails; every check (names, content types, sizes, reading files) is
/// done by `build`, which returns the first problem.
pub struct Multipart {
    parts: Vec<Part>,
    max_part_bytes: usize,
    boundary: Option<String>,
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart")
            .field(
                "parts",
                &self
                    .parts
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>(),
            )
            .field("max_part_bytes", &self.max_part_bytes)
            .field("boundary", &self.boundary)
            .finish()
    }
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self {
            parts: Vec::new(),
            max_part_bytes: DEFAULT_MAX_PART_BYTES,
            boundary: None,
        }
    }

    /// Caps each file and reader part at `max` bytes (default [`DEFAULT_MAX_PART_BYTES`]).
    pub fn max_part_bytes(mut self, max: usize) -> Self {
        self.max_part_bytes = max;
        self
    }

    /// Uses this boundary instead of a random one (for byte-exact tests).
    pub fn boundary(mut self, boundary: impl Into<String>) -> Self {
        self.boundary = Some(boundary.into());
        self
    }

    /// A text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            source: Source::Bytes(Bytes::from(value.into())),
        });
        self
    }

    /// One text field per value, all with the same name, in order (the wire form of arrays
    /// such as `timestamp_granularities[]`).
    pub fn texts<V: Into<String>>(
        mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let name = name.into();
        for v in values {
            self = self.text(name.clone(), v);
        }
        self
    }

    /// Text fields from `(name, value)` pairs, in order (e.g. a request model's
    /// `form_fields()`).
    pub fn fields<N: Into<String>, V: Into<String>>(
        mut self,
        fields: impl IntoIterator<Item = (N, V)>,
    ) -> Self {
        for (n, v) in fields {
            self = self.text(n, v);
        }
        self
    }

    /// A file part from bytes in memory.
    pub fn bytes(
        self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        self.file_part(
            name.into(),
            filename.into(),
            content_type.into(),
            Source::Bytes(data.into()),
        )
    }

    /// A file part read from `path` when the body is built; the filename is the path's last
    /// component.
    pub fn file(
        self,
        name: impl Into<String>,
        path: impl AsRef<Path>,
        content_type: impl Into<String>,
    ) -> Self {
        let path = path.as_ref().to_path_buf();
        let filename = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.file_part(
            name.into(),
            filename,
            content_type.into(),
            Source::Path(path),
        )
    }

    /// A file part read to its end from `reader` when the body is built (once).
    pub fn reader(
        self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        reader: impl Read + Send + 'static,
    ) -> Self {
        let source = Source::Reader(Box::new(reader));
        self.file_part(name.into(), filename.into(), content_type.into(), source)
    }

    /// The file part of [`bytes`](Self::bytes), [`file`](Self::file) and
    /// [`reader`](Self::reader).
    fn file_part(
        mut self,
        name: String,
        filename: String,
        content_type: String,
        source: Source,
    ) -> Self {
        self.parts.push(Part {
            name,
            filename: Some(filename),
            content_type: Some(content_type),
            source,
        });
        self
    }

    /// Reads every file and reader, checks every part, and writes the body.
    pub fn build(self) -> Result<MultipartBody, MultipartError> {
        self.build_with(random_boundary)
    }

    fn build_with(
        self,
        mut next_boundary: impl FnMut() -> String,
    ) -> Result<MultipartBody, MultipartError> {
        if self.parts.is_empty() {
            return Err(MultipartError::Empty);
        }
        let max = self.max_part_bytes;
        let mut parts = Vec::with_capacity(self.parts.len());
        for part in self.parts {
            parts.push(read_part(part, max)?);
        }
        let boundary = match self.boundary {
            Some(b) => {
                check_boundary(&b)?;
                if parts.iter().any(|p| p.contains(&b)) {
                    return Err(MultipartError::InvalidBoundary {
                        boundary: b,
                        reason: "it occurs in the content",
                    });
                }
                b
            }
            None => loop {
                let b = next_boundary();
                if !parts.iter().any(|p| p.contains(&b)) {
                    break b;
                }
            },
        };
        let size: usize = parts
            .iter()
            .map(|p| p.head.len() + p.body.len() + boundary.len() + 6)
            .sum::<usize>()
            + boundary.len()
            + 6;
        let mut out = BytesMut::with_capacity(size);
        for p in &parts {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\n");
            out.put_slice(p.head.as_bytes());
            out.put_slice(&p.body);
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        Ok(MultipartBody {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            boundary,
            bytes: out.freeze(),
        })
    }
}

/// A part ready to write: its header lines (ending with the blank line) and its content.
struct ReadyPart {
    head: String,
    body: Bytes,
}

impl ReadyPart {
    fn contains(&self, boundary: &str) -> bool {
        let finder = memchr::memmem::Finder::new(boundary.as_bytes());
        finder.find(self.head.as_bytes()).is_some() || finder.find(&self.body).is_some()
    }
}

fn read_part(part: Part, max: usize) -> Result<ReadyPart, MultipartError> {
    if part.name.is_empty() {
        return Err(MultipartError::EmptyName);
    }
    let mut head = format!(
        "Content-Disposition: form-data; name=\"{}\"",
        escape_quoted(&part.name)
    );
    if let Some(f) = &part.filename {
        head.push_str("; filename=\"");
        head.push_str(&escape_quoted(f));
        head.push('"');
    }
    head.push_str("\r\n");
    if let Some(ct) = &part.content_type {
        if !valid_content_type(ct) {
            return Err(MultipartError::InvalidContentType {
                name: part.name,
                content_type: ct.escape_debug().to_string(),
            });
        }
        head.push_str("Content-Type: ");
        head.push_str(ct);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let body = match part.source {
        Source::Bytes(b) => b,
        Source::Path(path) => {
            let io = |source| MultipartError::Io {
                name: part.name.clone(),
                path: Some(path.clone()),
                source,
            };
            let file = File::open(&path).map_err(io)?;
            if let Ok(meta) = file.metadata() {
                if meta.len() > max as u64 {
                    return Err(MultipartError::TooLarge {
                        name: part.name,
                        limit: max,
                    });
                }
            }
            read_capped(file, max).map_err(|e| match e {
                Capped::Io(source) => io(source),
                Capped::TooLarge => MultipartError::TooLarge {
                    name: part.name.clone(),
                    limit: max,
                },
            })?
        }
        Source::Reader(reader) => read_capped(reader, max).map_err(|e| match e {
            Capped::Io(source) => MultipartError::Io {
                name: part.name.clone(),
                path: None,
                source,
            },
            Capped::TooLarge => MultipartError::TooLarge {
                name: part.name.clone(),
                limit: max,
            },
        })?,
    };
    Ok(ReadyPart { head, body })
}

enum Capped {
    Io(std::io::Error),
    TooLarge,
}

fn read_capped(reader: impl Read, max: usize) -> Result<Bytes, Capped> {
    let mut buf = Vec::new();
    reader
        .take(max as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(Capped::Io)?;
    if buf.len() > max {
        return Err(Capped::TooLarge);
    }
    Ok(Bytes::from(buf))
}

/// Escapes a name or filename for a quoted `Content-Disposition` parameter: `"`, `\`, CR, LF
/// and the other control characters become `%XX`; everything else (UTF-8 included) is kept.
///
/// ```
/// use cartesia_core::multipart::escape_quoted;
///
/// assert_eq!(escape_quoted("a\"b\\c\r\nd.wav"), "a%22b%5Cc%0D%0Ad.wav");
/// assert_eq!(escape_quoted("naïve 100%.wav"), "naïve 100%.wav");
/// ```
pub fn escape_quoted(s: &str) -> Cow<'_, str> {
    let needs = |c: char| c == '"' || c == '\\' || c.is_ascii_control();
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `type/subtype` with optional parameters: visible ASCII and spaces only.
fn valid_content_type(ct: &str) -> bool {
    let mut halves = ct.split(';').next().unwrap_or("").trim().splitn(2, '/');
    let (Some(t), Some(s)) = (halves.next(), halves.next()) else {
        return false;
    };
    !t.is_empty() && !s.is_empty() && ct.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

/// RFC 2046 §5.1.1: 1 to 70 characters from `bchars`, not ending with a space.
fn check_boundary(b: &str) -> Result<(), MultipartError> {
    let ok_char = |c: u8| c.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&c);
    let reason = if b.is_empty() || b.len() > 70 {
        "must be 1 to 70 characters"
    } else if !b.bytes().all(ok_char) {
        "contains a character RFC 2046 does not allow"
    } else if b.ends_with(' ') {
        "must not end with a space"
    } else {
        return Ok(());
    };
    Err(MultipartError::InvalidBoundary {
        boundary: b.to_owned(),
        reason,
    })
}

/// `cartesia-rs-` and 32 random hex digits.
fn random_boundary() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    // Each RandomState has fresh random keys (seeded by the OS once per thread, then
    // incremented); a counter and the clock make every draw distinct as well.
    let draw = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        h.write_u64(salt);
        if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(d.as_nanos());
        }
        h.finish()
    };
    format!("cartesia-rs-{:016x}{:016x}", draw(1), draw(2))
}

/// A built multipart body: replayable bytes and the `Content-Type` that names their boundary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultipartBody {
    bytes: Bytes,
    content_type: String,
    boundary: String,
}

impl AsRef<MultipartBody> for MultipartBody {
    fn as_ref(&self) -> &MultipartBody {
        self
    }
}

impl MultipartBody {
    /// The body. Cloning it (or the `Bytes`) is cheap and gives the identical bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The body, by value.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The `Content-Type` header value: `multipart/form-data; boundary=...`.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The boundary.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_boundaries_differ_and_are_valid() {
        let a = random_boundary();
        let b = random_boundary();
        assert_ne!(a, b);
        check_boundary(&a).unwrap();
        assert_eq!(a.len(), "cartesia-rs-".len() + 32);
    }

    #[test]
    fn a_boundary_found_in_the_content_is_drawn_again() {
        // (filename, content, the boundaries drawn in turn, the one kept)
        let cases = [
            ("a.wav", &b"xxHITxx"[..], ["HIT", "second"], "second"),
            // In a header (a filename) too.
            ("zz.wav", &b"."[..], ["zz", "ok"], "ok"),
        ];
        for (filename, content, drawn, kept) in cases {
            let mut drawn = drawn.into_iter().map(str::to_owned);
            let body = Multipart::new()
                .bytes("clip", filename, "audio/wav", content)
                .build_with(|| drawn.next().unwrap())
                .unwrap();
            assert_eq!(body.boundary(), kept, "{filename}");
        }
    }

    #[test]
    fn a_fixed_boundary_is_checked() {
        let err = Multipart::new()
            .text("a", "has SEP inside")
            .boundary("SEP")
            .build()
            .unwrap_err();
        assert!(
            matches!(err, MultipartError::InvalidBoundary { reason, .. } if reason.contains("occurs"))
        );
        for bad in ["", "x\r\n", "ends with space ", &"x".repeat(71), "é"] {
            assert!(
                matches!(
                    Multipart::new().text("a", "b").boundary(bad).build(),
                    Err(MultipartError::InvalidBoundary { .. })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn bad_parts_are_typed_errors() {
        assert!(matches!(
            Multipart::new().build(),
            Err(MultipartError::Empty)
        ));
        assert!(matches!(
            Multipart::new().text("", "v").build(),
            Err(MultipartError::EmptyName)
        ));
        for ct in [
            "audio/wav\r\nX-Injected: 1",
            "wav",
            "/x",
            "audio/",
            "audio/wav\0",
        ] {
            let err = Multipart::new()
                .bytes("f", "a", ct, &b""[..])
                .build()
                .unwrap_err();
            assert!(
                matches!(err, MultipartError::InvalidContentType { .. }),
                "{ct:?}"
            );
            assert!(!err.to_string().contains('\n'));
        }
        let err = Multipart::new()
            .max_part_bytes(4)
            .reader("f", "a", "audio/wav", &b"12345"[..])
            .build()
            .unwrap_err();
        assert!(matches!(err, MultipartError::TooLarge { limit: 4, .. }));
        let exact = Multipart::new()
            .max_part_bytes(5)
            .reader("f", "a", "audio/wav", &b"12345"[..])
            .build()
            .unwrap();
        assert!(exact.bytes().windows(5).any(|w| w == b"12345"));
        let err = Multipart::new()
            .file("f", "/nonexistent/dir/clip.wav", "audio/wav")
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/dir/clip.wav"),
            "{err}"
        );
        assert!(matches!(err, MultipartError::Io { path: Some(_), .. }));
    }

    #[test]
    fn files_are_read_at_build_and_capped() {
        let dir = std::env::temp_dir().join(format!("cartesia-mp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("voice sample.wav");
        std::fs::write(&path, b"RIFF-data").unwrap();
        let form = Multipart::new().file("clip", &path, "audio/wav");
        // Changing the file before `build` changes the body: it is read once, at build.
        std::fs::write(&path, b"RIFF-newer").unwrap();
        let body = form.build().unwrap();
        let text = String::from_utf8_lossy(body.bytes());
        assert!(text.contains("filename=\"voice sample.wav\""));
        assert!(text.contains("\r\n\r\nRIFF-newer\r\n"));
        let err = Multipart::new()
            .max_part_bytes(3)
            .file("clip", &path, "audio/wav")
            .build()
            .unwrap_err();
        assert!(matches!(err, MultipartError::TooLarge { limit: 3, .. }));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_body_is_replayable() {
        let body = Multipart::new()
            .text("model", "ink-whisper")
            .reader("file", "a.wav", "audio/wav", &b"abc"[..])
            .build()
            .unwrap();
        let again = body.clone();
        assert_eq!(again.bytes(), body.bytes());
        assert_eq!(again.bytes().as_ptr(), body.bytes().as_ptr());
    }
}
