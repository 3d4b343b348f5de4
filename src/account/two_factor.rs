//! The second factor in the account's settings: enrolment with a QR code and a first code, ten
//! single-use recovery codes (shown once), new codes, and turning it off — the last two confirmed
//! with a current code. The policy that sends admins and PMs here first is `web::Auth`.

use super::two_factor_views::page;
use crate::crypto::keys::AAD_TOTP;
use crate::crypto::totp;
use crate::entities::user;
use crate::error::{AppError, AppResult};
use crate::security::audit;
use crate::security::second_factor::{
    CodeForm, accept_code, clear, confirmed, new_recovery_codes, secret_of, wrong_code,
};
use crate::state::AppState;
use crate::web::{Auth, CsrfForm, FormErrors, flash, html};
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The enrolment page: a pending secret is made (encrypted) on the first visit and kept until confirmed.
async fn render(state: &AppState, auth: &Auth, e: &FormErrors, status: StatusCode) -> AppResult<HttpResponse> {
    let mut u = me(state, auth).await?;
    let required = state.settings.mfa_required_for(&u.role);
    if u.totp_enabled_at.is_some() {
        return Ok(html(status, page(&auth.ctx, &u, None, required, e, None)));
    }
    let secret = match secret_of(state, &u) {
        Some(s) => s,
        None => {
            let s = totp::new_secret();
            let stored =
                state.keys.encrypt_str(&totp::secret_base32(&s), AAD_TOTP).map_err(|e| AppError::Internal(e.into()))?;
            user::Entity::update_many()
                .col_expr(user::Column::TotpSecret, Expr::value(stored.clone()))
                .filter(user::Column::Id.eq(u.id))
                .exec(&state.db)
                .await?;
            u.totp_secret = Some(stored);
            s
        }
    };
    let uri = totp::otpauth_uri(&secret, "ERP Rollout", &u.email);
    let qr = totp::qr_data_uri(&uri).unwrap_or_default();
    let key = totp::grouped(&totp::secret_base32(&secret));
    Ok(html(status, page(&auth.ctx, &u, Some((&qr, &key)), required, e, None)))
}

pub async fn account_page(auth: Auth, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    render(&state, &auth, &FormErrors::new(), StatusCode::OK).await
}

/// The signed-in person as stored now (the session's copy may predate an enrolment).
async fn me(state: &AppState, auth: &Auth) -> AppResult<user::Model> {
    user::Entity::find_by_id(auth.user.id).one(&state.db).await?.ok_or(AppError::NotFound)
}

pub async fn enable(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let u = me(&state, &auth).await?;
    if u.totp_enabled_at.is_some() {
        return Ok(flash::success(
            "/account/2fa",
            auth.ctx.t("Two-factor authentication is already on.", "La verificación en dos pasos ya está activada."),
        ));
    }
    let now = state.clock.now();
    let tx = crate::db::begin_write(&state.db).await?;
    if !accept_code(&tx, &state, &u, &f.code).await? {
        tx.rollback().await?;
        audit::about_user(&state.db, &req, Some(u.id), "mfa.enrolment_failed", u.id, now).await?;
        return render(&state, &auth, &wrong_code(auth.ctx.lang), StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    user::Entity::update_many()
        .col_expr(user::Column::TotpEnabledAt, Expr::value(now))
        .filter(user::Column::Id.eq(u.id))
        .exec(&tx)
        .await?;
    let codes = new_recovery_codes(&tx, u.id, now).await?;
    audit::about_user(&tx, &req, Some(u.id), "mfa.enabled", u.id, now).await?;
    tx.commit().await?;
    let u = user::Entity::find_by_id(u.id).one(&state.db).await?.ok_or(AppError::NotFound)?;
    let required = state.settings.mfa_required_for(&u.role);
    Ok(html(StatusCode::OK, page(&auth.ctx, &u, None, required, &FormErrors::new(), Some(&codes))))
}

pub async fn regenerate(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let u = me(&state, &auth).await?;
    let now = state.clock.now();
    let Some(tx) = confirmed(&state, &req, &u, &f.code).await? else {
        return render(&state, &auth, &wrong_code(auth.ctx.lang), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let codes = new_recovery_codes(&tx, u.id, now).await?;
    audit::about_user(&tx, &req, Some(u.id), "mfa.recovery_codes_replaced", u.id, now).await?;
    tx.commit().await?;
    let required = state.settings.mfa_required_for(&u.role);
    Ok(html(StatusCode::OK, page(&auth.ctx, &u, None, required, &FormErrors::new(), Some(&codes))))
}

pub async fn disable(
    auth: Auth,
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<HttpResponse> {
    let u = me(&state, &auth).await?;
    if state.settings.mfa_required_for(&u.role) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let Some(tx) = confirmed(&state, &req, &u, &f.code).await? else {
        return render(&state, &auth, &wrong_code(auth.ctx.lang), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    clear(&tx, u.id).await?;
    audit::about_user(&tx, &req, Some(u.id), "mfa.disabled", u.id, now).await?;
    tx.commit().await?;
    Ok(flash::success(
        "/account/2fa",
        auth.ctx.t("Two-factor authentication is off.", "La verificación en dos pasos está desactivada."),
    ))
}
