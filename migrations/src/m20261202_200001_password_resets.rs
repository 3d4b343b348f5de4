//! "Forgot your password?" (issue 17): single-use reset links, kept only as the SHA-256 of their
//! token, each valid for 30 minutes.

use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        m.create_table(
            Table::create()
                .table("password_resets")
                .col(pk_auto("id"))
                .col(string_len("token_hash", 64))
                .col(integer("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut fk(("password_resets", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("password_resets", "ux_password_resets_token", &["token_hash"], true)).await?;
        m.create_index(index("password_resets", "ix_password_resets_user", &["user_id"], false)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("password_resets").to_owned()).await
    }
}
