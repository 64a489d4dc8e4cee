//! The WebSocket contract suite, on both clients: `ureq_blocking::…` drives the blocking
//! handles, `reqwest_async::…` the async handles on a tokio runtime (see
//! `cartesia_contract::ws_scenarios` and `ws_harness`).

use cartesia_contract::ws_harness::UreqWs;
use cartesia_contract::ws_scenarios as s;

cartesia_contract::ws_suite!(ureq_blocking, cartesia_contract::ws_harness::UreqWs);
cartesia_contract::ws_suite!(reqwest_async, cartesia_contract::ws_harness::ReqwestWs);

/// The blocking socket used from inside a tokio runtime (an async `main` calling blocking
/// code): its I/O thread needs no runtime, and none is disturbed.
#[test]
fn the_blocking_socket_works_inside_a_tokio_runtime() {
    for flavor in ["current_thread", "multi_thread"] {
        let runtime = match flavor {
            "current_thread" => tokio::runtime::Builder::new_current_thread(),
            _ => tokio::runtime::Builder::new_multi_thread(),
        }
        .enable_all()
        .build()
        .unwrap();
        runtime.block_on(async {
            s::two_interleaved_contexts_are_routed::<UreqWs>();
            s::stt_manual_finalize_round_trip_with_words::<UreqWs>();
        });
    }
}
