//! CSRF protection for every state-changing request: a random token lives in a SameSite=Strict,
//! HttpOnly cookie (double-submit) and every form carries it in a hidden `csrf_token` field.
//! `CsrfForm<T>` is the only way handlers read a form, so a POST cannot skip the check — nor the
//! refusal of control characters (NUL and the like) in any field, with a translated 422 page.

use super::RequestCtx;
use crate::error::AppError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload, web::Bytes};
use futures_util::future::LocalBoxFuture;
use serde::Deserialize;
use serde::de::DeserializeOwned;

pub struct CsrfForm<T>(pub T);

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

/// Constant-time comparison, so the check does not leak how much of the token matched.
pub fn tokens_match(a: &str, b: &str) -> bool {
    a.len() == b.len() && !a.is_empty() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let expected = req.extensions().get::<RequestCtx>().map(|c| c.csrf.clone()).unwrap_or_default();
        // Without a CSRF cookie the middleware made up a fresh token no form can carry, so a
        // request that lacks the cookie fails here as well.
        let body = Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|e| AppError::BadRequest(e.to_string()))?;
            let field: TokenField = serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::Csrf)?;
            if !tokens_match(&field.csrf_token, &expected) {
                return Err(AppError::Csrf);
            }
            // Once for every form: no handler ever sees a NUL or another control character.
            let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
            let bad = crate::text::control_fields(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            if !bad.is_empty() {
                return Err(AppError::ControlCharacters(bad));
            }
            let value = serde_urlencoded::from_bytes(&bytes).map_err(|e| AppError::BadRequest(e.to_string()))?;
            Ok(CsrfForm(value))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::tokens_match;

    #[test]
    fn tokens_must_be_equal_and_non_empty() {
        assert!(tokens_match("abc", "abc"));
        assert!(!tokens_match("abc", "abd"));
        assert!(!tokens_match("", ""));
        assert!(!tokens_match("abc", "abcd"));
    }
}
