//! Users, sessions and setup links in the database. Tokens are stored only as SHA-256 hashes.

use crate::entities::{password_reset, session, setup_token, user};
use crate::web::{Viewer, random_token, token_hash};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
};

pub const ROLES: [&str; 4] = ["admin", "pm", "trainer", "employee"];

/// The session and user behind a cookie value, if the session is live (not past its absolute
/// expiry, used within the last `idle_minutes`) and the user enabled.
pub async fn viewer_for_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
    idle_minutes: i64,
) -> Result<Option<Viewer>, DbErr> {
    if token.len() != 64 {
        return Ok(None);
    }
    let Some(s) = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(session::Column::LastSeenAt.gt(now - Duration::minutes(idle_minutes)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(s.user_id).one(db).await? else { return Ok(None) };
    if u.disabled_at.is_some() {
        return Ok(None);
    }
    // Touch at most once a minute, so reads do not turn every page view into a write.
    if now - s.last_seen_at > Duration::seconds(60) {
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, sea_orm::sea_query::Expr::value(now))
            .filter(session::Column::Id.eq(s.id))
            .exec(db)
            .await?;
    }
    Ok(Some(Viewer { user: u, session_id: s.id }))
}

/// Creates a session and returns the cookie value (the only place the raw token exists).
pub async fn create_session(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: DateTime<Utc>,
    hours: i64,
    ip: Option<String>,
    user_agent: Option<String>,
) -> Result<String, DbErr> {
    let token = random_token();
    session::ActiveModel {
        token_hash: Set(token_hash(&token)),
        user_id: Set(user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + Duration::hours(hours)),
        ip: Set(ip.map(|s| s.chars().take(64).collect())),
        user_agent: Set(user_agent.map(|s| s.chars().take(256).collect())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn end_session(db: &impl ConnectionTrait, session_id: i32) -> Result<(), DbErr> {
    session::Entity::delete_by_id(session_id).exec(db).await?;
    Ok(())
}

pub async fn end_all_sessions(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many().filter(session::Column::UserId.eq(user_id)).exec(db).await?.rows_affected)
}

/// Ends every session of the user except `keep` (the one making the request).
pub async fn end_other_sessions(db: &impl ConnectionTrait, user_id: i32, keep: i32) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::Id.ne(keep))
        .exec(db)
        .await?
        .rows_affected)
}

/// The person's own new password (changed or reset): it also lifts a required change.
pub async fn set_password(db: &impl ConnectionTrait, user_id: i32, hash: &str) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, sea_orm::sea_query::Expr::value(hash))
        .col_expr(user::Column::MustChangePassword, sea_orm::sea_query::Expr::value(false))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A password an administrator chose: the person must replace it at the next sign-in.
pub async fn require_password_change(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::MustChangePassword, sea_orm::sea_query::Expr::value(true))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes expired sessions, setup links and password-reset links.
pub async fn delete_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<(), DbErr> {
    session::Entity::delete_many().filter(session::Column::ExpiresAt.lte(now)).exec(db).await?;
    password_reset::Entity::delete_many().filter(password_reset::Column::ExpiresAt.lte(now)).exec(db).await?;
    setup_token::Entity::delete_many().filter(setup_token::Column::ExpiresAt.lte(now)).exec(db).await?;
    Ok(())
}

pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find().filter(user::Column::Email.eq(crate::text::normalize_email(email))).one(db).await
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: String,
    pub role: &'a str,
    pub locale: Option<&'a str>,
}

pub async fn insert_user(db: &impl ConnectionTrait, u: NewUser<'_>, now: DateTime<Utc>) -> Result<user::Model, DbErr> {
    user::ActiveModel {
        email: Set(crate::text::normalize_email(u.email)),
        name: Set(u.name.trim().to_string()),
        search_text: Set(Some(crate::text::person_search(u.name, u.email))),
        password_hash: Set(u.password_hash),
        role: Set(u.role.to_string()),
        locale: Set(u.locale.map(str::to_string)),
        disabled_at: Set(None),
        created_at: Set(now),
        must_change_password: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn count_users(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    user::Entity::find().count(db).await
}

/// A one-time link for creating the first administrator. Returns the raw token.
pub async fn create_setup_token(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<String, DbErr> {
    let token = random_token();
    setup_token::ActiveModel {
        token_hash: Set(token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(24)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn setup_token_valid(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> Result<bool, DbErr> {
    Ok(setup_token::Entity::find()
        .filter(setup_token::Column::TokenHash.eq(token_hash(token)))
        .filter(setup_token::Column::UsedAt.is_null())
        .filter(setup_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .is_some())
}

/// Marks the token used; false when another request used it first.
pub async fn consume_setup_token(db: &impl ConnectionTrait, token: &str, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let r = setup_token::Entity::update_many()
        .col_expr(setup_token::Column::UsedAt, sea_orm::sea_query::Expr::value(Some(now)))
        .filter(setup_token::Column::TokenHash.eq(token_hash(token)))
        .filter(setup_token::Column::UsedAt.is_null())
        .filter(setup_token::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}
