//! One-shot messages after a POST → 303 → GET, carried in a short-lived cookie. Handlers set it
//! as [`COOKIE`]; over TLS the request middleware (`auth::middleware`) renames it
//! `__Host-erp_flash` and marks it `Secure` like every other cookie, and reads it back by that name.

use actix_web::{HttpRequest, HttpResponse, cookie::Cookie};

pub const COOKIE: &str = "erp_flash";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Success,
    Error,
}

#[derive(Clone, Debug)]
pub struct Flash {
    pub kind: Kind,
    pub message: String,
}

impl Flash {
    /// The message in the flash cookie `name` of the request.
    pub fn from_request(req: &HttpRequest, name: &str) -> Option<Flash> {
        let c = req.cookie(name)?;
        let raw: String =
            url::form_urlencoded::parse(format!("f={}", c.value()).as_bytes()).next().map(|(_, v)| v.into_owned())?;
        let (kind, message) = raw.split_once(':')?;
        let kind = if kind == "e" { Kind::Error } else { Kind::Success };
        // Cap what a forged cookie could make us print (it is escaped anyway).
        Some(Flash { kind, message: message.chars().take(300).collect() })
    }
}

/// 303 to `location` with a message for the next page.
pub fn redirect(location: &str, kind: Kind, message: &str) -> HttpResponse {
    let k = if kind == Kind::Error { "e" } else { "s" };
    let value: String = url::form_urlencoded::byte_serialize(format!("{k}:{message}").as_bytes()).collect();
    let cookie = Cookie::build(COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(actix_web::cookie::SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::seconds(60))
        .finish();
    HttpResponse::SeeOther().insert_header(("Location", location)).cookie(cookie).finish()
}

pub fn success(location: &str, message: &str) -> HttpResponse {
    redirect(location, Kind::Success, message)
}

pub fn error(location: &str, message: &str) -> HttpResponse {
    redirect(location, Kind::Error, message)
}
