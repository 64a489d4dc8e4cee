//! Runtime properties that are not about one transport's wire behaviour.

use cartesia_contract::{phone_numbers_json, TEST_KEY};
use cartesia_core::ClientBuilder;
use cartesia_ureq::BuildUreq;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_with_numbers() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/agents/agent_1/phone-numbers"))
        .and(header(
            "authorization",
            format!("Bearer {TEST_KEY}").as_str(),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(phone_numbers_json("agent_1", 3), "application/json"),
        )
        .mount(&server)
        .await;
    server
}

/// The blocking (ureq) client works when called from inside a tokio runtime: it starts no
/// runtime of its own, so there is nothing to panic about (reqwest::blocking would).
#[tokio::test(flavor = "current_thread")]
async fn blocking_client_inside_current_thread_runtime() {
    let server = server_with_numbers().await;
    let client = ClientBuilder::new()
        .api_key(TEST_KEY)
        .base_url(server.uri())
        .build_ureq()
        .unwrap();
    let numbers = client.agents().list_phone_numbers("agent_1").unwrap();
    assert_eq!(numbers.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_client_inside_multi_thread_runtime_and_spawned_task() {
    let server = server_with_numbers().await;
    let client = ClientBuilder::new()
        .api_key(TEST_KEY)
        .base_url(server.uri())
        .build_ureq()
        .unwrap();
    let direct = client.agents().list_phone_numbers("agent_1").unwrap();
    let c2 = client.clone();
    let spawned = tokio::spawn(async move { c2.agents().list_phone_numbers("agent_1") })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(direct, spawned);
}

/// The async client's futures are `Send`: they can be spawned on a multi-thread runtime
/// (e.g. from an axum handler).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_futures_are_send_and_clients_are_shareable() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>(_: &T) {}
    let server = server_with_numbers().await;
    let client = cartesia_reqwest::BuildReqwest::build_reqwest(
        ClientBuilder::new()
            .api_key(TEST_KEY)
            .base_url(server.uri()),
    )
    .unwrap();
    assert_send_sync(&client);
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.agents().list_phone_numbers("agent_1").await })
        })
        .collect();
    for h in handles {
        assert_eq!(h.await.unwrap().unwrap().len(), 3);
    }
    let endpoint = cartesia_core::endpoints::agents::ListPhoneNumbers::new("agent_1");
    let c = client.clone();
    let out = tokio::spawn(async move { c.execute(&endpoint).await })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(out.len(), 3);
}
