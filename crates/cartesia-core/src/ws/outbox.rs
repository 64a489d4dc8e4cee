//! The bounded queue of frames waiting to be written.

use std::collections::VecDeque;

use super::error::WsError;
use super::frame::Frame;

/// The bounds of a socket session (TTS or STT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionConfig {
    /// Events held per queue (per context on the TTS socket, one queue on an STT socket)
    /// before the driver must stop reading (default 64): a slow consumer slows the socket
    /// instead of growing memory.
    pub queue_capacity: usize,
    /// Bytes of unsent frames held (default 1 MiB); past it, sends of text or audio are
    /// refused with [`WsError::SendQueueFull`] until the socket drains.
    pub max_unsent_bytes: usize,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            queue_capacity: 64,
            max_unsent_bytes: 1 << 20,
        }
    }
}

impl SessionConfig {
    /// Sets the queue capacity (at least 1).
    pub fn queue_capacity(mut self, events: usize) -> Self {
        self.queue_capacity = events.max(1);
        self
    }

    /// Sets the bound on unsent bytes.
    pub fn max_unsent_bytes(mut self, bytes: usize) -> Self {
        self.max_unsent_bytes = bytes;
        self
    }
}

/// Frames the core produced and the driver has not written yet, each with a tag (which
/// context, which text), bounded in payload bytes so a stalled socket cannot grow memory.
#[derive(Debug)]
pub(crate) struct Outbox<T> {
    items: VecDeque<(Frame, T)>,
    bytes: usize,
    max_bytes: usize,
}

impl<T> Outbox<T> {
    pub(crate) fn new(max_bytes: usize) -> Self {
        Self {
            items: VecDeque::new(),
            bytes: 0,
            max_bytes,
        }
    }

    /// Queues `frame`, or refuses it when it would pass the bound (a frame larger than the
    /// bound is accepted into an empty queue, so any single message can be sent).
    pub(crate) fn push(&mut self, frame: Frame, tag: T) -> Result<(), WsError> {
        let len = frame.len();
        if !self.items.is_empty() && self.bytes + len > self.max_bytes {
            return Err(WsError::SendQueueFull {
                queued: self.bytes,
                limit: self.max_bytes,
            });
        }
        self.bytes += len;
        self.items.push_back((frame, tag));
        Ok(())
    }

    /// Queues `frame` past the bound (small control messages that must go out).
    pub(crate) fn push_unbounded(&mut self, frame: Frame, tag: T) {
        self.bytes += frame.len();
        self.items.push_back((frame, tag));
    }

    pub(crate) fn pop(&mut self) -> Option<(Frame, T)> {
        let (frame, tag) = self.items.pop_front()?;
        self.bytes -= frame.len();
        Some((frame, tag))
    }

    /// Removes the entries `take` selects, in order.
    pub(crate) fn take_where(&mut self, mut take: impl FnMut(&T) -> bool) -> Vec<(Frame, T)> {
        let mut taken = Vec::new();
        let mut kept = VecDeque::with_capacity(self.items.len());
        for (frame, tag) in self.items.drain(..) {
            if take(&tag) {
                self.bytes -= frame.len();
                taken.push((frame, tag));
            } else {
                kept.push_back((frame, tag));
            }
        }
        self.items = kept;
        taken
    }

    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
