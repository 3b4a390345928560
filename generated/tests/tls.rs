//! TLS as the crate is built (rustls with aws-lc-rs by default, with `ring` under
//! `--no-default-features --features tls-ring`) speaks HTTPS to a server on loopback whose
//! certificate a test CA signed (`tests/tls/`: `ca.pem`, and `localhost.pem` with its key,
//! valid until 2126).

use std::sync::Arc;
use std::time::Duration;

use hubspot_oauth::runtime::{Idempotency, RequestBuilder, Transport};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const CA: &[u8] = include_bytes!("tls/ca.pem");
const CERT: &[u8] = include_bytes!("tls/localhost.pem");
const KEY: &[u8] = include_bytes!("tls/localhost.key");

/// Serves one HTTPS request on 127.0.0.1 and answers `200 ok`; the port.
async fn serve_once() -> u16 {
    let cert = CertificateDer::from_pem_slice(CERT).expect("the test certificate");
    let key = PrivateKeyDer::from_pem_slice(KEY).expect("the test key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .expect("a server configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("an address").port();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("a connection");
        let mut tls = acceptor.accept(tcp).await.expect("a TLS handshake");
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        // Up to the end of the head, within 64 reads.
        for _ in 0..64 {
            let n = tls.read(&mut buf).await.expect("a read");
            request.extend_from_slice(&buf[..n]);
            if n == 0 || request.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        tls.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .await
            .expect("a write");
        tls.shutdown().await.ok();
    });
    port
}

#[tokio::test]
async fn the_tls_stack_speaks_https() {
    let port = serve_once().await;
    let ca = reqwest::Certificate::from_pem(CA).expect("the test CA");
    let base = format!("https://localhost:{port}");
    let transport = Transport::with_http_client(
        base.clone(),
        reqwest::Client::builder()
            .add_root_certificate(ca)
            .timeout(Duration::from_secs(10)),
    );
    let request = RequestBuilder::new(http::Method::GET, &base)
        .path("/ping")
        .build()
        .expect("a request");
    let response = tokio::time::timeout(
        Duration::from_secs(20),
        transport.send::<serde_json::Value>(request, Idempotency::Safe),
    )
    .await
    .expect("an answer in time")
    .expect("an HTTPS answer");
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), b"ok");
}
