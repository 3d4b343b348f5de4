//! sea-orm model for `users`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: String,
    pub locale: Option<String>,
    pub disabled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// `text::fold` of name and email, for search.
    pub search_text: Option<String>,
    /// The TOTP secret (base32), encrypted with the key ring; set at enrolment, confirmed when
    /// `totp_enabled_at` is set.
    pub totp_secret: Option<String>,
    pub totp_enabled_at: Option<DateTimeUtc>,
    /// The last TOTP step accepted: a code of that step or an older one is refused (no replay).
    pub totp_last_step: Option<i64>,
    pub anonymized_at: Option<DateTimeUtc>,
    /// Set with a password an administrator chose; until the person changes it, every page sends
    /// them to the change-password page (`web::Auth`).
    pub must_change_password: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
