//! The frame conversion of the drivers built on tungstenite (`cartesia-reqwest` through
//! tokio-tungstenite, `cartesia-ureq` directly): written once here, behind the `tungstenite`
//! feature, so that both drivers hand the core the same [`Frame`]s.

use bytes::Bytes;
use tungstenite::protocol::{frame::coding::CloseCode, CloseFrame as WsCloseFrame};
use tungstenite::{Message, Utf8Bytes};

use super::{CloseFrame, Frame, Text};

/// The core's frame as a tungstenite message (a close keeps its code and reason).
pub fn frame_to_tungstenite(frame: Frame) -> Message {
    match frame {
        // tungstenite checks the bytes again (its `unchecked` constructor is `unsafe`):
        // written frames are the SDK's small requests, and a `Text` is UTF-8, so this never
        // falls back to the empty text.
        Frame::Text(text) => {
            Message::Text(Utf8Bytes::try_from(text.into_bytes()).unwrap_or_default())
        }
        Frame::Binary(b) => Message::Binary(b),
        Frame::Ping(b) => Message::Ping(b),
        Frame::Pong(b) => Message::Pong(b),
        Frame::Close(close) => Message::Close(close.map(|c| WsCloseFrame {
            code: CloseCode::from(c.code),
            reason: c.reason.into(),
        })),
    }
}

/// A tungstenite message as the core's frame (`None` for a raw frame, which tungstenite
/// never returns from a read).
pub fn frame_from_tungstenite(message: Message) -> Option<Frame> {
    Some(match message {
        // tungstenite checked the UTF-8 and the buffer is shared: no copy of the message.
        Message::Text(text) => Frame::Text(Text::from_checked(Bytes::from(text))),
        Message::Binary(b) => Frame::Binary(b),
        Message::Ping(b) => Frame::Ping(b),
        Message::Pong(b) => Frame::Pong(b),
        Message::Close(close) => Frame::Close(close.map(|c| CloseFrame {
            code: u16::from(c.code),
            reason: c.reason.as_str().to_owned(),
        })),
        Message::Frame(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    #[test]
    fn frames_convert_both_ways_keeping_close_codes_and_reasons() {
        let frames = [
            Frame::Text("{\"type\":\"done\"}".into()),
            Frame::Text(Text::from_static("é")),
            Frame::Binary(Bytes::from_static(&[1, 2, 3])),
            Frame::Ping(Bytes::from_static(b"p")),
            Frame::Pong(Bytes::new()),
            Frame::Close(None),
            Frame::Close(Some(CloseFrame::new(1011, "internal error"))),
            Frame::Close(Some(CloseFrame::new(4001, "custom"))),
            Frame::close_normal(""),
        ];
        for frame in frames {
            let message = frame_to_tungstenite(frame.clone());
            assert_eq!(frame_from_tungstenite(message), Some(frame));
        }
        let close = frame_to_tungstenite(Frame::Close(Some(CloseFrame::new(1013, "try later"))));
        let Message::Close(Some(c)) = close else {
            panic!("{close:?}")
        };
        assert_eq!((u16::from(c.code), c.reason.as_str()), (1013, "try later"));
    }

    #[test]
    fn a_text_message_becomes_a_frame_without_a_copy() {
        let payload = Utf8Bytes::from(format!("{{\"data\":\"{}\"}}", "A".repeat(20_000)));
        let at = payload.as_ptr();
        let Some(Frame::Text(text)) = frame_from_tungstenite(Message::Text(payload.clone())) else {
            panic!("not a text frame")
        };
        assert_eq!(
            text.as_bytes().as_ptr(),
            at,
            "the frame shares tungstenite's buffer"
        );
        assert_eq!(text.as_str(), payload.as_str());
    }
}
