//! `client.agents().calls()` and `client.agents().calls().batches()`.

use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Calls: list, outbound calls, get, delete (redact), cancel, audio, logs.
    AsyncCalls, BlockingCalls, calls on AsyncAgents, BlockingAgents {
    }
}

resource! {
    /// Call batches: create, list, get, cancel, retry.
    AsyncCallBatches, BlockingCallBatches, batches on AsyncCalls, BlockingCalls {
    }
}
