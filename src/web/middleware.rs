//! Per-request plumbing that knows no session: a request id and tracing span, and the marker for
//! requests that must leave no log line. The session lookup is `auth::middleware::context`.

use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderValue},
    middleware::Next,
};
use tracing::Instrument;

#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Put on a response whose request must leave no line in the log (an anonymous submission: its
/// time in a log could be matched with a person's activity).
#[derive(Clone, Copy, Debug)]
pub struct Unlogged;

/// Marks a response as `Unlogged`.
pub fn unlogged(mut res: actix_web::HttpResponse) -> actix_web::HttpResponse {
    res.extensions_mut().insert(Unlogged);
    res
}

/// Gives every request an id, logs it once when done, and returns it in `x-request-id`.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let id = uuid::Uuid::new_v4().simple().to_string()[..16].to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.path());
    let started = std::time::Instant::now();
    let mut res = next.call(req).instrument(span.clone()).await?;
    if res.response().extensions().get::<Unlogged>().is_none() {
        span.in_scope(|| {
            tracing::debug!(status = res.status().as_u16(), ms = started.elapsed().as_millis() as u64, "done")
        });
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(header::HeaderName::from_static("x-request-id"), v);
    }
    Ok(res)
}

/// The client's address as the proxy reports it (bounded: it goes into rows and logs).
pub fn client_ip(req: &actix_web::HttpRequest) -> Option<String> {
    req.connection_info().realip_remote_addr().map(|s| s.chars().take(64).collect())
}

/// Refuses a request whose path or query string decodes to a control character (a NUL in a search
/// box, say) before any handler or database sees it; forms are checked by `CsrfForm` and uploads
/// by `upload::read`.
pub async fn refuse_control_characters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody + 'static>>, Error> {
    let path = percent_decoded(req.path());
    let mut bad = if crate::text::has_control(&path) { vec!["path".to_string()] } else { Vec::new() };
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
    bad.extend(crate::text::control_fields(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
    if !bad.is_empty() {
        let res = actix_web::ResponseError::error_response(&crate::AppError::ControlCharacters(bad));
        return Ok(req.into_response(res).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

fn percent_decoded(path: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}
