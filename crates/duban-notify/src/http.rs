//! A small HTTP/1.1 client for webhook POSTs: hyper's connection API over a TCP stream,
//! wrapped in rustls (ring) for `https`. One connection per request, no redirects, no
//! proxy: a webhook is one POST to one configured address.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue, USER_AGENT};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore, crypto};
use url::{Host, Url};

use crate::{ConfigError, SendError};

/// How much of a response we read: robots answer with a small JSON object.
const MAX_RESPONSE: usize = 64 * 1024;

/// What came back.
pub(crate) struct Response {
    pub status: u16,
    pub body: Bytes,
}

/// Posts JSON; cheap to clone.
#[derive(Clone)]
pub(crate) struct HttpClient {
    tls: TlsConnector,
    /// No trusted roots were found, so every `https` request would fail verification:
    /// said plainly instead of as a certificate error.
    no_roots: bool,
    timeout: Duration,
}

impl HttpClient {
    /// Reads the system's trusted roots once; a host without any can still post to
    /// `http` addresses on its intranet.
    pub fn new(timeout: Duration) -> Result<Self, ConfigError> {
        let mut roots = RootCertStore::empty();
        let found = rustls_native_certs::load_native_certs();
        roots.add_parsable_certificates(found.certs);
        let mut config =
            ClientConfig::builder_with_provider(Arc::new(crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .map_err(|e| ConfigError(format!("TLS 配置无效 / invalid TLS configuration: {e}")))?
                .with_root_certificates(roots.clone())
                .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self {
            tls: TlsConnector::from(Arc::new(config)),
            no_roots: roots.is_empty(),
            timeout,
        })
    }

    /// POSTs `body` as `application/json` with the extra `headers`. Any answer with a
    /// status is `Ok`; the caller judges it.
    pub async fn post_json(
        &self,
        url: &Url,
        headers: &[(&'static str, String)],
        body: Vec<u8>,
    ) -> Result<Response, SendError> {
        let shown = shown(url);
        match tokio::time::timeout(self.timeout, self.exchange(url, &shown, headers, body)).await {
            Ok(r) => r,
            Err(_) => Err(SendError::temporary(format!(
                "webhook 无应答 / no answer from {shown} within {:?}",
                self.timeout
            ))),
        }
    }

    async fn exchange(
        &self,
        url: &Url,
        shown: &str,
        headers: &[(&'static str, String)],
        body: Vec<u8>,
    ) -> Result<Response, SendError> {
        let https = match url.scheme() {
            "http" => false,
            "https" => true,
            other => {
                return Err(SendError::permanent(format!(
                    "webhook 地址无效 / unsupported webhook scheme {other}: in {shown}"
                )));
            }
        };
        let (host, port) = match (url.host(), url.port_or_known_default()) {
            (Some(h), Some(p)) => (h, p),
            _ => {
                return Err(SendError::permanent(format!(
                    "webhook 地址无效 / webhook address without a host: {shown}"
                )));
            }
        };
        let cannot_connect = |e: std::io::Error| {
            SendError::temporary(format!("无法连接 / cannot connect to {shown}: {e}"))
        };
        let tcp = match &host {
            Host::Domain(d) => TcpStream::connect((*d, port)).await,
            Host::Ipv4(ip) => TcpStream::connect((*ip, port)).await,
            Host::Ipv6(ip) => TcpStream::connect((*ip, port)).await,
        }
        .map_err(cannot_connect)?;
        // Small requests: send them at once rather than wait for more to fill a segment.
        let _ = tcp.set_nodelay(true);

        let request = build_request(url, headers, body)?;
        if !https {
            return round_trip(tcp, request, shown).await;
        }
        if self.no_roots {
            return Err(SendError::temporary(format!(
                "系统没有受信任的根证书 / no trusted CA certificates on this host \
                 (install ca-certificates or set SSL_CERT_FILE), so {shown} cannot be verified"
            )));
        }
        let name = match host {
            Host::Domain(d) => ServerName::try_from(d.to_owned()),
            Host::Ipv4(ip) => Ok(ServerName::from(std::net::IpAddr::from(ip))),
            Host::Ipv6(ip) => Ok(ServerName::from(std::net::IpAddr::from(ip))),
        }
        .map_err(|e| {
            SendError::permanent(format!("webhook 地址无效 / bad host in {shown}: {e}"))
        })?;
        let tls = self.tls.connect(name, tcp).await.map_err(|e| {
            SendError::temporary(format!(
                "TLS 握手失败 / TLS handshake with {shown} failed: {e}"
            ))
        })?;
        round_trip(tls, request, shown).await
    }
}

fn build_request(
    url: &Url,
    headers: &[(&'static str, String)],
    body: Vec<u8>,
) -> Result<Request<Full<Bytes>>, SendError> {
    // Origin form on the request line, authority (with a non-default port) in Host.
    let target = &url[url::Position::BeforePath..url::Position::AfterQuery];
    let authority = &url[url::Position::BeforeHost..url::Position::AfterPort];
    let mut request = Request::post(target)
        .header(HOST, authority)
        .header(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )
        .header(
            USER_AGENT,
            concat!("duban-notify/", env!("CARGO_PKG_VERSION")),
        );
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request.body(Full::new(Bytes::from(body))).map_err(|e| {
        SendError::permanent(format!(
            "请求无法生成 / cannot build the request to {}: {e}",
            shown(url)
        ))
    })
}

async fn round_trip<S>(
    io: S,
    request: Request<Full<Bytes>>,
    shown: &str,
) -> Result<Response, SendError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let broken = |e: hyper::Error| {
        SendError::temporary(format!(
            "webhook 连接中断 / exchange with {shown} failed: {e}"
        ))
    };
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(broken)?;
    // The connection is driven by its own task; the guard ends it when we are done or
    // are dropped by the timeout, so no socket outlives the call.
    let _driver = AbortOnDrop(tokio::spawn(async move {
        let _ = connection.await;
    }));
    let response = sender.send_request(request).await.map_err(broken)?;
    let status = response.status().as_u16();
    let body = Limited::new(response.into_body(), MAX_RESPONSE)
        .collect()
        .await
        .map_err(|e| {
            SendError::temporary(format!(
                "webhook 应答无法读取 / reading the answer of {shown} failed: {e}"
            ))
        })?
        .to_bytes();
    Ok(Response { status, body })
}

struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The address for messages and logs: scheme, host, port and path. Never the query or
/// user info, where robots keep their keys (`?key=…`, `?access_token=…`).
pub(crate) fn shown(url: &Url) -> String {
    format!(
        "{}://{}{}",
        url.scheme(),
        &url[url::Position::BeforeHost..url::Position::AfterPort],
        url.path()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_addresses_keep_no_keys() {
        let u = Url::parse("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET").unwrap();
        assert_eq!(
            shown(&u),
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
        );
        let u = Url::parse("http://user:pw@10.0.0.1:8080/hook?t=SECRET").unwrap();
        assert_eq!(shown(&u), "http://10.0.0.1:8080/hook");
    }
}
