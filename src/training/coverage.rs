//! Coverage: per module and role, the share of the people a session is meant for who attended
//! one, against the go-live date: the pure `compute` and the queries it needs. Issue 8's
//! neglected-training warning reads `summary`; the page is `coverage_page`.

use super::store;
use crate::entities::{membership, training_booking, training_session};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashSet};

/// The share the brief asks for before go-live.
pub const TARGET_PERCENT: i64 = 80;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub module: String,
    pub role: String,
    /// People of this role a session of this module is meant for.
    pub needed: i64,
    /// Of those, people who attended a session of this module.
    pub trained: i64,
}

pub struct Member {
    pub user_id: i32,
    pub role: String,
    pub department: Option<i32>,
}

/// Pure: who needs which module (a non-cancelled session of it is meant for them, its own trainer
/// aside) and who attended one. Sessions with the same module, audience and trainer are looked at
/// once, so thousands of repeats cost what one does.
pub fn compute(
    members: &[Member],
    sessions: &[(training_session::Model, Vec<i32>)],
    attended: &HashSet<(String, i32)>,
) -> Vec<Cell> {
    let mut seen: HashSet<(&str, &str, &[i32], Option<i32>)> = HashSet::new();
    let mut needs: BTreeMap<(String, String), HashSet<i32>> = BTreeMap::new();
    for (s, departments) in sessions.iter().filter(|(s, _)| s.status != "cancelled") {
        if !seen.insert((s.module.as_str(), s.audience_roles.as_str(), departments.as_slice(), s.trainer_id)) {
            continue;
        }
        // The session's own trainer teaches it rather than needs it.
        for m in members.iter().filter(|m| Some(m.user_id) != s.trainer_id) {
            let a = store::Audience { role: m.role.clone(), department: m.department };
            if store::is_for(s, departments, &a) {
                needs.entry((s.module.clone(), m.role.clone())).or_default().insert(m.user_id);
            }
        }
    }
    needs
        .into_iter()
        .map(|((module, role), people)| {
            let trained = people.iter().filter(|u| attended.contains(&(module.clone(), **u))).count();
            Cell { needed: people.len() as i64, trained: trained as i64, module, role }
        })
        .collect()
}

pub struct Summary {
    pub cells: Vec<Cell>,
    pub sessions_scheduled: u64,
    pub security_sessions: u64,
    /// (attended or partly, booked) over sessions that have ended.
    pub attendance: (u64, u64),
}

pub async fn summary(db: &impl ConnectionTrait, project_id: i32, now: DateTime<Utc>) -> Result<Summary, DbErr> {
    let members: Vec<Member> = membership::Entity::find()
        .filter(membership::Column::ProjectId.eq(project_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| Member { user_id: m.user_id, role: m.role, department: m.department_id })
        .collect();
    let sessions = store::all(db, project_id).await?;
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let mut audiences = store::audiences(db, &ids).await?;
    let attended = attended_pairs(db, project_id).await?;
    let attendance = attendance_rate(db, project_id, now).await?;
    let scheduled: Vec<&training_session::Model> = sessions.iter().filter(|s| s.status == "scheduled").collect();
    let summary = Summary {
        sessions_scheduled: scheduled.len() as u64,
        security_sessions: scheduled.iter().filter(|s| s.kind == "security").count() as u64,
        cells: compute(
            &members,
            &sessions
                .into_iter()
                .map(|s| {
                    let d = audiences.remove(&s.id).unwrap_or_default();
                    (s, d)
                })
                .collect::<Vec<_>>(),
            &attended,
        ),
        attendance,
    };
    Ok(summary)
}

/// (module, person) for every attendance taken in the project, grouped in SQL.
async fn attended_pairs(db: &impl ConnectionTrait, project_id: i32) -> Result<HashSet<(String, i32)>, DbErr> {
    let q = Query::select()
        .column((training_session::Entity, training_session::Column::Module))
        .column((training_booking::Entity, training_booking::Column::UserId))
        .from(training_booking::Entity)
        .inner_join(
            training_session::Entity,
            Expr::col((training_session::Entity, training_session::Column::Id))
                .equals((training_booking::Entity, training_booking::Column::SessionId)),
        )
        .and_where(Expr::col((training_session::Entity, training_session::Column::ProjectId)).eq(project_id))
        .and_where(Expr::col((training_booking::Entity, training_booking::Column::Attendance)).eq("attended"))
        .group_by_col((training_session::Entity, training_session::Column::Module))
        .group_by_col((training_booking::Entity, training_booking::Column::UserId))
        .to_owned();
    let mut out = HashSet::new();
    for row in db.query_all(&q).await? {
        out.insert((row.try_get::<String>("", "module")?, row.try_get::<i32>("", "user_id")?));
    }
    Ok(out)
}

/// (attended or partly, booked) over the project's sessions that have ended, counted in SQL.
pub async fn attendance_rate(
    db: &impl ConnectionTrait,
    project_id: i32,
    now: DateTime<Utc>,
) -> Result<(u64, u64), DbErr> {
    let present: SimpleExpr = Expr::case(
        Expr::col((training_booking::Entity, training_booking::Column::Attendance)).is_in(["attended", "partial"]),
        1,
    )
    .finally(0)
    .into();
    let q = Query::select()
        .expr_as(Expr::col((training_booking::Entity, training_booking::Column::Id)).count(), "booked")
        .expr_as(Expr::expr(present).sum(), "present")
        .from(training_booking::Entity)
        .inner_join(
            training_session::Entity,
            Expr::col((training_session::Entity, training_session::Column::Id))
                .equals((training_booking::Entity, training_booking::Column::SessionId)),
        )
        .and_where(Expr::col((training_session::Entity, training_session::Column::ProjectId)).eq(project_id))
        .and_where(Expr::col((training_session::Entity, training_session::Column::Status)).ne("cancelled"))
        .and_where(Expr::col((training_session::Entity, training_session::Column::EndsAt)).lt(now))
        .and_where(Expr::col((training_booking::Entity, training_booking::Column::Status)).eq("booked"))
        .to_owned();
    let Some(row) = db.query_one(&q).await? else { return Ok((0, 0)) };
    let booked: i64 = row.try_get("", "booked")?;
    // SUM is NULL over no rows, and an exact number on PostgreSQL (numeric): read it either way.
    let present: i64 = match row.try_get::<Option<i64>>("", "present") {
        Ok(v) => v.unwrap_or(0),
        Err(_) => row.try_get::<Option<f64>>("", "present").ok().flatten().map(|v| v as i64).unwrap_or(0),
    };
    Ok((u64::try_from(present).unwrap_or(0), u64::try_from(booked).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: i32, module: &str, roles: &str, status: &str) -> training_session::Model {
        let mut s = super::super::ical::tests_support::session();
        s.id = id;
        s.module = module.into();
        s.audience_roles = roles.into();
        s.status = status.into();
        s
    }

    #[test]
    fn coverage_counts_people_meant_for_a_module_and_those_who_attended() {
        let members = vec![
            Member { user_id: 1, role: "employee".into(), department: Some(10) },
            Member { user_id: 2, role: "employee".into(), department: Some(11) },
            Member { user_id: 3, role: "employee".into(), department: None },
            Member { user_id: 4, role: "trainer".into(), department: None },
        ];
        let sessions = vec![
            // Finance for employees of department 10 and 11, twice.
            (session(1, "finance", "employee", "scheduled"), vec![10, 11]),
            (session(2, "finance", "employee", "scheduled"), vec![10]),
            // Basics for everybody.
            (session(3, "general", "", "scheduled"), vec![]),
            // A cancelled session needs nobody.
            (session(4, "hr", "", "cancelled"), vec![]),
        ];
        let attended: HashSet<(String, i32)> =
            [("finance".to_string(), 1), ("general".to_string(), 4), ("hr".to_string(), 3)].into();
        let cells = compute(&members, &sessions, &attended);
        let get = |m: &str, r: &str| cells.iter().find(|c| c.module == m && c.role == r).map(|c| (c.trained, c.needed));
        assert_eq!(get("finance", "employee"), Some((1, 2)));
        assert_eq!(get("general", "employee"), Some((0, 3)));
        assert_eq!(get("general", "trainer"), Some((1, 1)));
        assert_eq!(get("hr", "employee"), None);
        assert_eq!(get("finance", "trainer"), None);
    }
}
