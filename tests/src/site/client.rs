//! A raw HTTP/1.1 client over TCP: one request a connection (`Connection: close`), the response
//! read to its end and parsed by hand, so the tests see exactly what went over the wire.

use std::net::SocketAddr;

use cookie_registry::cookie::Cookie;
use cookie_registry::cookie::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// One HTTP response as read off the wire.
#[derive(Debug)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The header fields, in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: String,
}

impl Reply {
    /// The first value of header `name` (any case).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Set-Cookie` values, in order.
    pub fn set_cookies(&self) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
    }

    /// The `Set-Cookie` values, parsed.
    ///
    /// # Panics
    /// When one does not parse: the sites under test never send such a value.
    pub fn cookies(&self) -> impl Iterator<Item = Cookie<'_>> {
        self.set_cookies()
            .map(|v| Cookie::parse(v).expect("a well-formed Set-Cookie"))
    }

    /// The names of the cookies set (not removed) by this response.
    #[must_use]
    pub fn names_set(&self) -> Vec<String> {
        self.cookies()
            .filter(|c| !is_removal(c))
            .map(|c| c.name().to_owned())
            .collect()
    }

    /// The names of the cookies this response deletes.
    #[must_use]
    pub fn names_removed(&self) -> Vec<String> {
        self.cookies()
            .filter(is_removal)
            .map(|c| c.name().to_owned())
            .collect()
    }
}

/// Whether a `Set-Cookie` deletes its cookie (`Max-Age` zero or less).
#[must_use]
pub fn is_removal(cookie: &Cookie<'_>) -> bool {
    cookie.max_age().is_some_and(|age| age <= Duration::ZERO)
}

/// A request to send: method, target, `Cookie` fields, other headers, body.
pub type Outgoing<'a> = (
    &'a str,
    &'a str,
    &'a [&'a str],
    &'a [(&'a str, &'a str)],
    &'a str,
);

/// One request over a fresh connection (`Connection: close`), the response read to its end.
///
/// # Errors
/// When the connection fails or the reply is not an HTTP/1.1 response.
pub async fn exchange(
    addr: SocketAddr,
    (method, target, cookie_fields, headers, body): Outgoing<'_>,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for field in cookie_fields {
        request.push_str(&format!("Cookie: {field}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse_reply(&raw).ok_or_else(|| {
        let shown = String::from_utf8_lossy(&raw);
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("bad reply {shown:?}"),
        )
    })
}

/// Writes `request` as it is over a fresh connection, then closes the writing half
/// (`shutdown(Write)`): a request cut off after these bytes. The response is read to its end.
///
/// # Errors
/// When the connection fails or the reply is not an HTTP/1.1 response.
pub async fn exchange_raw(addr: SocketAddr, request: &[u8]) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(request).await?;
    stream.shutdown().await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse_reply(&raw).ok_or_else(|| {
        let shown = String::from_utf8_lossy(&raw);
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("bad reply {shown:?}"),
        )
    })
}

fn parse_reply(raw: &[u8]) -> Option<Reply> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(raw.get(..split)?).ok()?;
    let mut payload = raw.get(split + 4..)?.to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()?
        .strip_prefix("HTTP/1.1 ")?
        .get(..3)?
        .parse()
        .ok()?;
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.to_owned(), value.trim().to_owned()))
        })
        .collect::<Option<_>>()?;
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        payload = dechunk(&payload)?;
    }
    Some(Reply {
        status,
        headers,
        body: String::from_utf8(payload).ok()?,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(data.get(..line_end)?).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        data = data.get(line_end + 2..)?;
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}
