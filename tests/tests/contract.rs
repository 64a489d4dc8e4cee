//! The contract suite, instantiated once per transport: a failure names the transport
//! (`reqwest_async::…`, `ureq_blocking::…`, `mock_async::…`, `mock_blocking::…`).

cartesia_contract::contract_suite!(reqwest_async, cartesia_contract::harness::Reqwest);
cartesia_contract::contract_suite!(ureq_blocking, cartesia_contract::harness::Ureq);
cartesia_contract::contract_suite!(mock_async, cartesia_contract::harness::MockAsync);
cartesia_contract::contract_suite!(mock_blocking, cartesia_contract::harness::MockBlocking);

// The two adapters' own entry points (prelude, `build_*`, `client`), on the same seed call.
cartesia_contract::adapter_prelude_tests! {
    reqwest_adapter: cartesia_reqwest, AsyncClient, build_reqwest, Reqwest;
    ureq_adapter: cartesia_ureq, BlockingClient, build_ureq, Ureq;
}

/// Every operation of the catalog (`cartesia_core::endpoints::catalog()`) is checked by a
/// per-operation scenario: run them all once (in-memory, blocking) and look for gaps.
#[test]
fn every_operation_has_a_contract_scenario() {
    use cartesia_contract::harness::MockBlocking;
    use cartesia_contract::scenarios as s;
    s::agents_operations::<MockBlocking>();
    s::calls_operations::<MockBlocking>();
    s::call_batches_operations::<MockBlocking>();
    s::phone_numbers_operations::<MockBlocking>();
    s::providers_operations::<MockBlocking>();
    s::metrics_operations::<MockBlocking>();
    s::webhooks_operations::<MockBlocking>();
    s::speech_operations::<MockBlocking>();
    s::folders_operations::<MockBlocking>();
    s::documents_operations::<MockBlocking>();
    s::audio_download_buffered_and_streamed::<MockBlocking>();
    s::datasets_operations::<MockBlocking>();
    s::fine_tunes_operations::<MockBlocking>();
    s::files_operations::<MockBlocking>();
    s::pronunciation_dicts_operations::<MockBlocking>();
    s::usage_and_api_keys_operations::<MockBlocking>();
    s::organizations_operations::<MockBlocking>();
    let missing = cartesia_contract::ops::unchecked_operations();
    assert!(
        missing.is_empty(),
        "operations with no contract scenario: {missing:?}"
    );
}
