//! The WAV files of `cartesia_core::wav` read by other programs: Python's standard `wave`
//! module (integer PCM; it reads no other format) and the `hound` crate (integer and float
//! PCM). μ-law and A-law headers are checked field by field in the unit tests, since neither
//! reader supports them.

use std::io::Cursor;
use std::path::PathBuf;
use std::process::Command;

use cartesia_core::types::tts::RawEncoding;
use cartesia_core::wav::{pcm_to_wav, WavSpec, WavStreamWriter};

fn sine_s16(frames: usize, channels: usize) -> Vec<u8> {
    (0..frames * channels)
        .flat_map(|i| {
            let t = (i / channels) as f64 / 16_000.0;
            (((t * 440.0 * std::f64::consts::TAU).sin() * 20_000.0) as i16).to_le_bytes()
        })
        .collect()
}

fn streamed(spec: WavSpec, pcm: &[u8], chunk: usize) -> Vec<u8> {
    let mut w = WavStreamWriter::new(Cursor::new(Vec::new()), spec).unwrap();
    for c in pcm.chunks(chunk) {
        w.write_pcm(c).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cartesia-wav-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `nchannels sampwidth framerate nframes comptype` and the frames as hex, per Python.
fn python_wave(path: &PathBuf) -> Option<String> {
    let script = "import sys, wave\n\
                  w = wave.open(sys.argv[1], 'rb')\n\
                  print(w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes(), w.getcomptype())\n\
                  print(w.readframes(w.getnframes()).hex())\n";
    match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "python3's wave module refused {}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8(out.stdout).unwrap())
        }
        Err(e) => {
            eprintln!("SKIPPED: python3 is not available ({e}); the WAV files were not checked with Python's wave module");
            None
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn python_wave_reads_known_length_and_streamed_s16le_files() {
    for channels in [1u16, 2] {
        let spec = WavSpec::new(&RawEncoding::PcmS16le, 16_000, channels).unwrap();
        let pcm = sine_s16(1601, channels as usize);
        let known = pcm_to_wav(&spec, &pcm).unwrap();
        let stream = streamed(spec, &pcm, 333);
        assert_eq!(known, stream);
        for (kind, bytes) in [("known", &known), ("streamed", &stream)] {
            let path = temp_file(&format!("s16-{channels}-{kind}.wav"), bytes);
            let out = python_wave(&path);
            std::fs::remove_file(&path).ok();
            let Some(out) = out else {
                return;
            };
            let mut lines = out.lines();
            assert_eq!(
                lines.next().unwrap(),
                format!("{channels} 2 16000 1601 NONE"),
                "{kind}"
            );
            assert_eq!(lines.next().unwrap(), hex(&pcm), "{kind}: frames");
        }
    }
}

/// hound's reader of `file`, whose header must say (channels, rate, bits, format).
fn hound_reader(
    file: Vec<u8>,
    expected: (u16, u32, u16, hound::SampleFormat),
) -> hound::WavReader<Cursor<Vec<u8>>> {
    let reader = hound::WavReader::new(Cursor::new(file)).unwrap();
    let s = reader.spec();
    assert_eq!(
        (
            s.channels,
            s.sample_rate,
            s.bits_per_sample,
            s.sample_format
        ),
        expected
    );
    reader
}

#[test]
fn hound_reads_integer_and_float_files() {
    let spec = WavSpec::new(&RawEncoding::PcmS16le, 22_050, 2).unwrap();
    let pcm = sine_s16(500, 2);
    let file = streamed(spec, &pcm, 77);
    let mut reader = hound_reader(file, (2, 22_050, 16, hound::SampleFormat::Int));
    let samples: Vec<i16> = reader.samples::<i16>().map(Result::unwrap).collect();
    let expected: Vec<i16> = pcm
        .chunks(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect();
    assert_eq!(samples, expected);

    let floats: Vec<f32> = (0..1000).map(|i| (i as f32 / 100.0).sin() * 0.5).collect();
    let pcm: Vec<u8> = floats.iter().flat_map(|f| f.to_le_bytes()).collect();
    let spec = WavSpec::new(&RawEncoding::PcmF32le, 44_100, 1).unwrap();
    for file in [pcm_to_wav(&spec, &pcm).unwrap(), streamed(spec, &pcm, 5)] {
        let mut reader = hound_reader(file, (1, 44_100, 32, hound::SampleFormat::Float));
        assert_eq!(reader.duration(), 1000);
        let got: Vec<f32> = reader.samples::<f32>().map(Result::unwrap).collect();
        assert_eq!(got, floats);
    }
}
