//! `client.agents().calls()` and `client.agents().calls().batches()`.

use cartesia_types::calls::{AgentCallBatchRequest, AgentOutboundCallRequest};

use crate::endpoints::calls::{
    CancelCall, CancelCallBatch, CreateCallBatch, CreateOutboundCall, DeleteCall, GetCall,
    GetCallBatch, GetCallLogs, ListCallBatches, ListCalls, RetryCallBatch,
};
use crate::resources::agents::{AsyncAgents, BlockingAgents};
use crate::resources::resource;

resource! {
    /// Calls: list, outbound calls, get, delete (redact), cancel, audio, logs.
    AsyncCalls, BlockingCalls, calls on AsyncAgents, BlockingAgents {
        /// One page of calls (`GET /agents/calls`); set `agent_id` or `batch_id` on the request.
        fn list(request: ListCalls) -> ListCalls = request;
        /// Every call, page after page, from `request` (`GET /agents/calls`).
        pages fn list_all(request: ListCalls) -> ListCalls = request;
        /// Places outbound calls, one per destination (`POST /agents/calls`). Per-destination
        /// failures come back in the answer, not as an error.
        fn create_outbound(request: AgentOutboundCallRequest) -> CreateOutboundCall =
            CreateOutboundCall::new(request);
        /// One call (`GET /agents/calls/{call_id}`).
        fn get(call_id: &str) -> GetCall = GetCall::new(call_id);
        /// Deletes the sensitive data of a completed or failed call and returns the redacted
        /// call (`DELETE /agents/calls/{call_id}`).
        fn delete(call_id: &str) -> DeleteCall = DeleteCall::new(call_id);
        /// Ends a call in progress (`POST /agents/calls/{call_id}/cancel`).
        fn cancel(call_id: &str) -> CancelCall = CancelCall::new(call_id);
        /// The runtime logs of a call (`GET /agents/calls/{call_id}/logs`).
        fn logs(call_id: &str) -> GetCallLogs = GetCallLogs::new(call_id);
    }
}

resource! {
    /// Call batches: create, list, get, cancel, retry.
    AsyncCallBatches, BlockingCallBatches, batches on AsyncCalls, BlockingCalls {
        /// Queues a batch of outbound calls (`POST /agents/calls/batches`).
        fn create(request: AgentCallBatchRequest) -> CreateCallBatch = CreateCallBatch::new(request);
        /// One page of batches (`GET /agents/calls/batches`).
        fn list(request: ListCallBatches) -> ListCallBatches = request;
        /// Every batch, page after page, from `request` (`GET /agents/calls/batches`).
        pages fn list_all(request: ListCallBatches) -> ListCallBatches = request;
        /// One batch with its recipients (`GET /agents/calls/batches/{batch_id}`).
        fn get(batch_id: &str) -> GetCallBatch = GetCallBatch::new(batch_id);
        /// Stops dialing a batch's queued calls (`POST /agents/calls/batches/{batch_id}/cancel`).
        fn cancel(batch_id: &str) -> CancelCallBatch = CancelCallBatch::new(batch_id);
        /// Re-queues a batch's failed or unanswered recipients
        /// (`POST /agents/calls/batches/{batch_id}/retry`).
        fn retry(batch_id: &str) -> RetryCallBatch = RetryCallBatch::new(batch_id);
    }
}
