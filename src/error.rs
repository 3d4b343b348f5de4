//! The one error type at the HTTP edge. Status mapping lives here; 5xx causes are logged once and
//! hidden; the page itself is rendered (translated) by `web::errors::render`.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("login required")]
    LoginRequired,
    #[error("second factor required")]
    SecondFactorRequired,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("the CSRF token is missing or wrong")]
    Csrf,
    /// Fields (by name) whose value holds a control character such as NUL: refused before any
    /// handler sees them (`web::csrf`, `web::upload`, `web::middleware::refuse_control_characters`).
    #[error("control characters in {0:?}")]
    ControlCharacters(Vec<String>),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The fields an error page names (with `ErrorKind::ControlCharacters`).
#[derive(Clone, Debug)]
pub struct BadFields(pub Vec<String>);

/// Marker put in the response so the error-page middleware knows what to render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Forbidden,
    Csrf,
    ControlCharacters,
    NotFound,
    Internal,
    Unavailable,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::LoginRequired | AppError::SecondFactorRequired | AppError::PasswordChangeRequired => {
                StatusCode::SEE_OTHER
            }
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::ControlCharacters(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let kind = match self {
            AppError::LoginRequired => {
                return HttpResponse::SeeOther().insert_header(("Location", "/login")).finish();
            }
            AppError::SecondFactorRequired => {
                return HttpResponse::SeeOther().insert_header(("Location", "/account/2fa")).finish();
            }
            AppError::PasswordChangeRequired => {
                return HttpResponse::SeeOther().insert_header(("Location", "/account/password")).finish();
            }
            AppError::NotFound => ErrorKind::NotFound,
            AppError::Forbidden => ErrorKind::Forbidden,
            AppError::Csrf => ErrorKind::Csrf,
            AppError::ControlCharacters(fields) => {
                tracing::info!(?fields, "control characters refused");
                let mut res = HttpResponse::build(self.status_code()).body("control characters");
                res.extensions_mut().insert(ErrorKind::ControlCharacters);
                res.extensions_mut().insert(BadFields(fields.clone()));
                return res;
            }
            AppError::BadRequest(why) => {
                tracing::info!(%why, "bad request");
                ErrorKind::BadRequest
            }
            AppError::Db(e) => {
                tracing::error!(error = %e, "database error");
                ErrorKind::Internal
            }
            AppError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "internal error");
                ErrorKind::Internal
            }
        };
        let mut res = HttpResponse::build(self.status_code()).body(self.status_code().to_string());
        res.extensions_mut().insert(kind);
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Spawned blocking work (password hashing) that failed to run at all.
impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}
