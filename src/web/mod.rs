//! Shared presentation: request context, layout, components, forms, flash, CSRF, i18n.
//! Nothing here knows about a feature.

pub mod assets;
pub mod chart;
pub mod components;
pub mod csrf;
pub mod csv;
pub mod errors;
pub mod flash;
pub mod forms;
pub mod i18n;
pub mod layout;
pub mod middleware;
pub mod nav;
pub mod sheet;
pub mod upload;

pub use csrf::CsrfForm;
pub use forms::FormErrors;
pub use i18n::Lang;

use crate::entities::user;
use crate::error::AppError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};
use std::future::{Ready, ready};

/// The signed-in person behind a request.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user: user::Model,
    pub session_id: i32,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.user.role == "admin"
    }
}

/// What the middleware learns about a request before the handler runs.
#[derive(Clone, Debug, Default)]
pub struct RequestCtx {
    pub lang: Lang,
    pub viewer: Option<Viewer>,
    pub csrf: String,
    pub demo: bool,
    /// The message the previous response left for this page, if any.
    pub flash: Option<flash::Flash>,
}

/// Everything a page needs to render its frame.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub lang: Lang,
    pub viewer: Option<Viewer>,
    pub csrf: String,
    pub flash: Option<flash::Flash>,
    pub path: String,
    pub demo: bool,
    /// On a project page, the viewer's role in that project ("admin", "pm", "trainer",
    /// "employee"), set by the project extractors; it picks the tabs the person can use.
    pub project_role: Option<&'static str>,
}

impl Ctx {
    pub fn from_req(req: &HttpRequest) -> Self {
        let rc = req.extensions().get::<RequestCtx>().cloned().unwrap_or_default();
        Ctx {
            lang: rc.lang,
            viewer: rc.viewer,
            csrf: rc.csrf,
            flash: rc.flash,
            path: req.path().to_string(),
            demo: rc.demo,
            project_role: None,
        }
    }

    pub fn t(&self, en: &'static str, es: &'static str) -> &'static str {
        self.lang.t(en, es)
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Ctx::from_req(req)))
    }
}

/// A signed-in request: the handler does not run for anonymous visitors (they go to the login page).
#[derive(Clone, Debug)]
pub struct Auth {
    pub ctx: Ctx,
    pub user: user::Model,
}

impl FromRequest for Auth {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let ctx = Ctx::from_req(req);
        // People whose role requires a second factor set it up before anything else.
        let must_enrol = |u: &user::Model| {
            u.totp_enabled_at.is_none()
                && req
                    .app_data::<actix_web::web::Data<crate::state::AppState>>()
                    .is_some_and(|s| s.settings.mfa_required_for(&u.role))
                && !crate::urls::allowed_before_enrolment(req.path())
        };
        // A password an administrator set is replaced first (its page is then the only one open,
        // the enrolment included); the second factor comes next.
        let must_change = |u: &user::Model| u.must_change_password;
        ready(match ctx.viewer.clone() {
            Some(v) if must_change(&v.user) && !crate::urls::allowed_before_password_change(req.path()) => {
                Err(AppError::PasswordChangeRequired)
            }
            Some(v) if !must_change(&v.user) && must_enrol(&v.user) => Err(AppError::SecondFactorRequired),
            Some(v) => Ok(Auth { ctx, user: v.user }),
            None => Err(AppError::LoginRequired),
        })
    }
}

/// A signed-in administrator; anyone else gets 403.
#[derive(Clone, Debug)]
pub struct Admin(pub Auth);

impl FromRequest for Admin {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;
    fn from_request(req: &HttpRequest, p: &mut Payload) -> Self::Future {
        ready(match Auth::from_request(req, p).into_inner() {
            Ok(a) if a.user.role == "admin" => Ok(Admin(a)),
            Ok(_) => Err(AppError::Forbidden),
            Err(e) => Err(e),
        })
    }
}

/// A fresh random token, hex-encoded (256 bits).
pub fn random_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// SHA-256 of a token, hex-encoded: what the database keeps instead of the token.
pub fn token_hash(token: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(token.as_bytes()))
}

/// 303 See Other to `location`.
pub fn redirect(location: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther().insert_header(("Location", location)).finish()
}

/// An HTML response with the given status.
pub fn html(status: actix_web::http::StatusCode, body: maud::Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(status).content_type("text/html; charset=utf-8").body(body.into_string())
}
