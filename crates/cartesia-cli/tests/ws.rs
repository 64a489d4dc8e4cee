//! `tts --ws` and `stt --stream` on the embedded mock (no API key in the environment), on
//! the transports whose WebSocket driver exists.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;

use common::{assert_exit, ok, run, temp_path, TRANSPORTS};

#[track_caller]
fn usage_error(out: &Output, says: &str) {
    assert_exit(out, 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(says), "{err}");
    assert!(out.stdout.is_empty());
}

/// `tts --ws TEXTS... --voice <demo> -o PATH`, then `extra`.
fn tts_ws(texts: &[&str], path: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["tts", "--ws"];
    args.extend_from_slice(texts);
    args.extend_from_slice(&["--voice", cartesia_mock::DEMO_VOICE_ID, "-o"]);
    args.push(path.to_str().unwrap());
    args.extend_from_slice(extra);
    run(&args)
}

/// The little-endian `u32` at `at`.
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

#[test]
fn tts_ws_streams_several_contexts_into_a_wav_or_raw_file() {
    for transport in TRANSPORTS {
        let t = ["--transport", transport];
        let wav = temp_path("two.wav");
        let out = tts_ws(&["Hello there.", "Second text"], &wav, &t);
        let printed = ok(&out);
        assert!(printed.contains("contexts:"), "{printed}");
        assert!(printed.contains(wav.to_str().unwrap()), "{printed}");
        let file = std::fs::read(&wav).unwrap();
        // 12 + 11 characters of 50 ms at 44100 Hz, 16-bit mono, after a 44-byte header
        // whose sizes were patched once the audio ended.
        let audio = 23 * 2205 * 2;
        assert_eq!(&file[..4], b"RIFF");
        assert_eq!(&file[36..40], b"data");
        assert_eq!(u32_at(&file, 40) as usize, audio, "{transport}");
        assert_eq!(u32_at(&file, 4) as usize + 8, file.len());
        assert_eq!(file.len(), 44 + audio);
        assert_eq!(u32_at(&file, 24), 44100);
        assert!(file[44..].iter().any(|b| *b != 0), "real audio");

        let raw = temp_path("one.raw");
        let out = tts_ws(
            &["Hi"],
            &raw,
            &[t[0], t[1], "--sample-rate", "8000", "--json"],
        );
        let record: Value = serde_json::from_str(&ok(&out)).unwrap();
        assert_eq!(record["bytes"], 2 * 400 * 2);
        assert_eq!(record["contexts"], 1);
        assert_eq!(std::fs::metadata(&raw).unwrap().len(), 2 * 400 * 2);
        std::fs::remove_file(&wav).ok();
        std::fs::remove_file(&raw).ok();
    }
}

#[test]
fn tts_ws_refuses_what_it_cannot_do() {
    let mp3 = temp_path("x.mp3");
    usage_error(&tts_ws(&["Hi"], &mp3, &[]), "--ws gives raw audio");
    assert!(!mp3.exists());
    let out = run(&["tts", "One", "Two", "--voice", "v", "-o", "x.wav"]);
    usage_error(&out, "several texts need --ws");
    // A voice the server does not know: the error, and no file left behind.
    let wav = temp_path("bad.wav");
    let out = run(&[
        "tts",
        "--ws",
        "Hi",
        "--voice",
        "no-such-voice",
        "-o",
        wav.to_str().unwrap(),
        "--transport",
        "ureq",
    ]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.to_lowercase().contains("voice"), "{err}");
    assert!(!wav.exists(), "a failed run leaves no file");
}

/// A WAV file of speech made by `tts --ws` at 16 kHz.
fn speech(text: &str) -> PathBuf {
    let wav = temp_path("speech.wav");
    ok(&tts_ws(
        &[text],
        &wav,
        &["--sample-rate", "16000", "--transport", "ureq"],
    ));
    wav
}

#[test]
fn stt_stream_prints_transcripts_as_they_come() {
    // 18 characters: 0.9 s of audio, three "heard" words (one per 400 ms of sound).
    let wav = speech("Hello there friend");
    for transport in TRANSPORTS {
        let path = wav.to_str().unwrap();
        let fast = ok(&run(&[
            "stt",
            "--stream",
            path,
            "--fast",
            "--transport",
            transport,
        ]));
        let lines: Vec<&str> = fast.lines().collect();
        assert_eq!(lines.len(), 1, "{fast}");
        assert_eq!(lines[0].split(' ').count(), 3, "{fast}");

        // At real-time pace, with word times, as JSON lines.
        let out = ok(&run(&[
            "stt",
            "--stream",
            path,
            "--timestamps",
            "--json",
            "--transport",
            transport,
        ]));
        let heard: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(heard.len(), 1, "{out}");
        assert_eq!(heard[0]["text"].as_str(), Some(lines[0]));
        let words = heard[0]["words"].as_array().unwrap();
        assert_eq!(words.len(), 3);
        assert_eq!(words[1][1], 0.4, "the second word starts at 400 ms: {out}");

        // Word rows without --json.
        let rows = ok(&run(&[
            "stt",
            "--stream",
            path,
            "--fast",
            "--timestamps",
            "--transport",
            transport,
        ]));
        assert_eq!(rows.lines().count(), 3, "{rows}");
        assert!(
            rows.lines()
                .next()
                .unwrap()
                .trim_start()
                .starts_with("0.000"),
            "{rows}"
        );
    }
    std::fs::remove_file(&wav).ok();
}

#[test]
fn stt_stream_takes_headerless_audio_with_its_format_and_refuses_guesses() {
    let wav = speech("Hello there friend");
    let bytes = std::fs::read(&wav).unwrap();
    let raw = temp_path("speech.raw");
    std::fs::write(&raw, &bytes[44..]).unwrap();
    let path = raw.to_str().unwrap();
    for transport in TRANSPORTS {
        let out = ok(&run(&[
            "stt",
            "--stream",
            path,
            "--fast",
            "--encoding",
            "pcm_s16le",
            "--sample-rate",
            "16000",
            "--transport",
            transport,
        ]));
        assert_eq!(out.lines().next().unwrap().split(' ').count(), 3, "{out}");
    }
    usage_error(
        &run(&["stt", "--stream", path]),
        "--encoding and --sample-rate",
    );
    usage_error(
        &run(&["stt", "--stream", path, "--encoding", "pcm_s16le"]),
        "pass both --encoding and --sample-rate",
    );
    usage_error(&run(&["stt", path, "--fast"]), "--stream");
    std::fs::remove_file(&wav).ok();
    std::fs::remove_file(&raw).ok();
}
