//! The contract suite, instantiated once per transport: a failure names the transport
//! (`reqwest_async::…`, `ureq_blocking::…`, `mock_async::…`, `mock_blocking::…`).

cartesia_contract::contract_suite!(reqwest_async, cartesia_contract::harness::Reqwest);
cartesia_contract::contract_suite!(ureq_blocking, cartesia_contract::harness::Ureq);
cartesia_contract::contract_suite!(mock_async, cartesia_contract::harness::MockAsync);
cartesia_contract::contract_suite!(mock_blocking, cartesia_contract::harness::MockBlocking);
