//! What the PM decided about a warning: acknowledged (with a reason) or snoozed until a date. A
//! decision keeps the evidence count of its moment, so the warning comes back when it grows.

use super::evaluate::Finding;
use crate::entities::warning_state;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Open,
    /// Acknowledged or snoozed earlier, back because the evidence grew from this count.
    Back {
        was: i64,
    },
    Acknowledged,
    Snoozed {
        until: DateTime<Utc>,
    },
}

/// Pure: how a finding shows given the PM's last decision about its rule.
pub fn shown(f: &Finding, state: Option<&warning_state::Model>, now: DateTime<Utc>) -> Shown {
    let Some(s) = state else { return Shown::Open };
    if f.count > s.count_at {
        return Shown::Back { was: s.count_at };
    }
    match (s.status.as_str(), s.until) {
        ("snoozed", Some(until)) if until > now => Shown::Snoozed { until },
        ("snoozed", _) => Shown::Open,
        _ => Shown::Acknowledged,
    }
}

pub fn is_open(s: &Shown) -> bool {
    matches!(s, Shown::Open | Shown::Back { .. })
}

pub async fn states(
    db: &impl ConnectionTrait,
    project_id: i32,
) -> Result<HashMap<String, warning_state::Model>, DbErr> {
    Ok(warning_state::Entity::find()
        .filter(warning_state::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.rule_key.clone(), s))
        .collect())
}

pub struct Decision<'a> {
    pub rule: &'a str,
    pub status: &'a str,
    pub reason: &'a str,
    pub count: i64,
    pub until: Option<DateTime<Utc>>,
    pub by: i32,
}

/// Records (or replaces) the decision about a rule.
pub async fn decide(
    db: &impl ConnectionTrait,
    project_id: i32,
    d: &Decision<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    warning_state::Entity::insert(warning_state::ActiveModel {
        project_id: Set(project_id),
        rule_key: Set(d.rule.to_string()),
        status: Set(d.status.to_string()),
        reason: Set(d.reason.to_string()),
        count_at: Set(d.count),
        until: Set(d.until),
        decided_by: Set(Some(d.by)),
        decided_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([warning_state::Column::ProjectId, warning_state::Column::RuleKey])
            .update_columns([
                warning_state::Column::Status,
                warning_state::Column::Reason,
                warning_state::Column::CountAt,
                warning_state::Column::Until,
                warning_state::Column::DecidedBy,
                warning_state::Column::DecidedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn reopen(db: &impl ConnectionTrait, project_id: i32, rule: &str) -> Result<(), DbErr> {
    warning_state::Entity::delete_many()
        .filter(warning_state::Column::ProjectId.eq(project_id))
        .filter(warning_state::Column::RuleKey.eq(rule))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: &str, count_at: i64, until: Option<DateTime<Utc>>) -> warning_state::Model {
        warning_state::Model {
            id: 1,
            project_id: 1,
            rule_key: "overdue_milestones".into(),
            status: status.into(),
            reason: "agreed with the steering committee".into(),
            count_at,
            until,
            decided_by: None,
            decided_at: Utc::now(),
        }
    }

    #[test]
    fn a_decision_holds_until_the_evidence_grows_or_the_snooze_ends() {
        let now = Utc::now();
        let f = |count| Finding { rule: "overdue_milestones", count, a: 0.0, b: 0.0 };
        assert_eq!(shown(&f(3), None, now), Shown::Open);
        assert_eq!(shown(&f(3), Some(&state("acknowledged", 3, None)), now), Shown::Acknowledged);
        assert_eq!(shown(&f(2), Some(&state("acknowledged", 3, None)), now), Shown::Acknowledged);
        assert_eq!(shown(&f(4), Some(&state("acknowledged", 3, None)), now), Shown::Back { was: 3 });
        let later = now + chrono::Duration::days(7);
        assert_eq!(shown(&f(3), Some(&state("snoozed", 3, Some(later))), now), Shown::Snoozed { until: later });
        assert_eq!(shown(&f(3), Some(&state("snoozed", 3, Some(later))), later), Shown::Open);
        assert_eq!(shown(&f(5), Some(&state("snoozed", 3, Some(later))), now), Shown::Back { was: 3 });
    }
}
