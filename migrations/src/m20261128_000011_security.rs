//! Security: the second factor on users (encrypted TOTP secret, the last step accepted, when it was
//! turned on) and their hashed single-use recovery codes; pending second-factor challenges after a
//! correct password; login throttling counters per account and per client address (in the
//! database, so they hold across instances and restarts); the audit log; and when a person was
//! anonymized.

use crate::util::{fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        // SQLite adds one column per ALTER.
        for col in [
            text_null("totp_secret"),
            timestamp_with_time_zone_null("totp_enabled_at"),
            big_integer_null("totp_last_step"),
            timestamp_with_time_zone_null("anonymized_at"),
        ] {
            m.alter_table(Table::alter().table("users").add_column(col).to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table("recovery_codes")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string_len("code_hash", 64))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .foreign_key(&mut fk(("recovery_codes", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("recovery_codes", "ux_recovery_codes", &["user_id", "code_hash"], true)).await?;
        m.create_table(
            Table::create()
                .table("mfa_challenges")
                .col(pk_auto("id"))
                .col(string_len("token_hash", 64))
                .col(integer("user_id"))
                .col(integer("failures"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk(("mfa_challenges", "user_id"), "users", Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(index("mfa_challenges", "ux_mfa_challenges_token", &["token_hash"], true)).await?;
        m.create_table(
            Table::create()
                .table("login_throttle")
                .col(pk_auto("id"))
                .col(string_len("scope", 16))
                .col(string_len("key", 255))
                .col(integer("failures"))
                .col(timestamp_with_time_zone("window_started_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_throttle", "ux_login_throttle", &["scope", "key"], true)).await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(pk_auto("id"))
                .col(timestamp_with_time_zone("at"))
                .col(integer_null("actor_id"))
                .col(string_len_null("ip", 64))
                .col(string_len("action", 64))
                .col(string_len_null("target", 255))
                .col(integer_null("project_id"))
                .col(text_null("detail"))
                .foreign_key(&mut fk(("audit_log", "actor_id"), "users", SetNull))
                .foreign_key(&mut fk(("audit_log", "project_id"), "projects", SetNull))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_log", "ix_audit_log_at", &["at"], false)).await?;
        m.create_index(index("audit_log", "ix_audit_log_action", &["action", "at"], false)).await?;
        m.create_index(index("audit_log", "ix_audit_log_actor", &["actor_id", "at"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["audit_log", "login_throttle", "mfa_challenges", "recovery_codes"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned()).await?;
        }
        for c in ["anonymized_at", "totp_last_step", "totp_enabled_at", "totp_secret"] {
            m.alter_table(Table::alter().table("users").drop_column(Alias::new(c)).to_owned()).await?;
        }
        Ok(())
    }
}
