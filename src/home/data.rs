//! What one person's start page shows, gathered across the projects they belong to: as a learner
//! (their next sessions, open surveys, their feedback and its answers, sessions meant for them),
//! as a trainer (their sessions, rosters to mark) and as a project manager (each project's verdict,
//! overdue milestones, feedback waiting, milestones of theirs due). Every list is bounded.

use crate::entities::{
    feedback, membership, milestone, project, survey_participation, survey_wave, training_booking, training_session,
};
use crate::state::AppState;
use crate::training::store::{self as training, Audience};
use crate::warnings::readiness;
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// How many rows each list shows (each links to the full page).
pub const SHOWN: u64 = 5;
/// The most projects whose verdict is computed for the page.
pub const MANAGED_SHOWN: usize = 12;

pub struct ManagedProject {
    pub project: project::Model,
    pub verdict: readiness::Verdict,
    pub untracked: usize,
    pub open_warnings: usize,
    pub overdue: u64,
    pub unanswered: u64,
}

#[derive(Default)]
pub struct Home {
    pub projects: HashMap<i32, project::Model>,
    /// (project id, role) of each membership.
    pub roles: Vec<(i32, String)>,
    pub bookings: Vec<(training_session::Model, training_booking::Model)>,
    pub surveys: Vec<survey_wave::Model>,
    pub feedback: Vec<feedback::Model>,
    pub to_learn: Vec<training_session::Model>,
    pub teaching: Vec<(training_session::Model, (i64, i64))>,
    pub to_mark: Vec<(training_session::Model, u64)>,
    pub managed: Vec<ManagedProject>,
    pub my_milestones: Vec<milestone::Model>,
}

impl Home {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|(_, r)| r == role)
    }
    pub fn project_name(&self, id: i32) -> &str {
        self.projects.get(&id).map(|p| p.name.as_str()).unwrap_or("")
    }

    /// What of it concerns one project (for that project's home page).
    pub fn only(self, pid: i32) -> Home {
        Home {
            projects: self.projects.into_iter().filter(|(id, _)| *id == pid).collect(),
            roles: self.roles.into_iter().filter(|(id, _)| *id == pid).collect(),
            bookings: self.bookings.into_iter().filter(|(s, _)| s.project_id == pid).collect(),
            surveys: self.surveys.into_iter().filter(|w| w.project_id == pid).collect(),
            feedback: self.feedback.into_iter().filter(|f| f.project_id == pid).collect(),
            to_learn: self.to_learn.into_iter().filter(|s| s.project_id == pid).collect(),
            teaching: self.teaching.into_iter().filter(|(s, _)| s.project_id == pid).collect(),
            to_mark: self.to_mark.into_iter().filter(|(s, _)| s.project_id == pid).collect(),
            managed: Vec::new(),
            my_milestones: self.my_milestones.into_iter().filter(|m| m.project_id == pid).collect(),
        }
    }
}

/// Everything for `user_id`; the managed projects' verdicts only when `managing` (they cost a rule
/// evaluation each).
pub async fn gather(state: &AppState, user_id: i32, is_admin: bool, managing: bool) -> Result<Home, DbErr> {
    let db = &state.db;
    let now = state.clock.now();
    let today = now.date_naive();
    let mut h = Home::default();
    let members = membership::Entity::find().filter(membership::Column::UserId.eq(user_id)).all(db).await?;
    let ids: Vec<i32> = members.iter().map(|m| m.project_id).collect();
    h.roles = members.iter().map(|m| (m.project_id, m.role.clone())).collect();
    h.projects = project::Entity::find()
        .filter(project::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();

    // As a learner.
    let mine: Vec<training_booking::Model> = training_booking::Entity::find()
        .filter(training_booking::Column::UserId.eq(user_id))
        .filter(training_booking::Column::Status.is_in(["booked", "waitlisted"]))
        .all(db)
        .await?;
    let booked: Vec<i32> = mine.iter().map(|b| b.session_id).collect();
    let upcoming = training_session::Entity::find()
        .filter(training_session::Column::Id.is_in(booked.clone()))
        .filter(training_session::Column::Status.eq("scheduled"))
        .filter(training_session::Column::EndsAt.gte(now))
        .order_by_asc(training_session::Column::StartsAt)
        .limit(SHOWN)
        .all(db)
        .await?;
    h.bookings = upcoming
        .into_iter()
        .filter_map(|s| mine.iter().find(|b| b.session_id == s.id).cloned().map(|b| (s, b)))
        .collect();
    let answered = Query::select()
        .column(survey_participation::Column::WaveId)
        .from(survey_participation::Entity)
        .and_where(Expr::col(survey_participation::Column::UserId).eq(user_id))
        .to_owned();
    h.surveys = survey_wave::Entity::find()
        .filter(survey_wave::Column::ProjectId.is_in(ids.clone()))
        .filter(survey_wave::Column::Status.eq("open"))
        .filter(survey_wave::Column::Id.not_in_subquery(answered))
        .order_by_desc(survey_wave::Column::OpenedOn)
        .limit(SHOWN)
        .all(db)
        .await?;
    h.feedback = feedback::Entity::find()
        .filter(feedback::Column::AuthorId.eq(user_id))
        .filter(feedback::Column::ProjectId.is_in(ids.clone()))
        .order_by_desc(feedback::Column::CreatedAt)
        .limit(SHOWN)
        .all(db)
        .await?;
    for m in &members {
        if h.to_learn.len() as u64 >= SHOWN {
            break;
        }
        let audience = Audience { role: m.role.clone(), department: m.department_id };
        let offered = training_session::Entity::find()
            .filter(training_session::Column::ProjectId.eq(m.project_id))
            .filter(training_session::Column::Status.eq("scheduled"))
            .filter(training_session::Column::StartsAt.gt(now))
            .filter(training_session::Column::Id.is_not_in(booked.clone()))
            .filter(training::meant_for(&audience))
            .order_by_asc(training_session::Column::StartsAt)
            .limit(SHOWN - h.to_learn.len() as u64)
            .all(db)
            .await?;
        h.to_learn.extend(offered);
    }

    // As a trainer.
    let teaching = training_session::Entity::find()
        .filter(training_session::Column::TrainerId.eq(user_id))
        .filter(training_session::Column::Status.eq("scheduled"))
        .filter(training_session::Column::EndsAt.gte(now))
        .order_by_asc(training_session::Column::StartsAt)
        .limit(SHOWN)
        .all(db)
        .await?;
    let seats = training::seat_counts(db, &teaching.iter().map(|s| s.id).collect::<Vec<_>>()).await?;
    h.teaching = teaching.into_iter().map(|s| (s.clone(), seats.get(&s.id).copied().unwrap_or((0, 0)))).collect();
    let taught = training_session::Entity::find()
        .filter(training_session::Column::TrainerId.eq(user_id))
        .filter(training_session::Column::Status.eq("scheduled"))
        .filter(training_session::Column::EndsAt.lt(now))
        .filter(training_session::Column::EndsAt.gte(now - Duration::days(60)))
        .order_by_desc(training_session::Column::StartsAt)
        .limit(50)
        .all(db)
        .await?;
    let unmarked = training::unmarked_counts(db, &taught.iter().map(|s| s.id).collect::<Vec<_>>()).await?;
    h.to_mark = taught
        .into_iter()
        .filter_map(|s| unmarked.get(&s.id).copied().filter(|&n| n > 0).map(|n| (s, n)))
        .take(SHOWN as usize)
        .collect();

    // As a project manager (an admin: of the projects they are a member of; all are on the portfolio).
    let managed: Vec<i32> =
        members.iter().filter(|m| managing && (m.role == "pm" || is_admin)).map(|m| m.project_id).collect();
    for id in managed.iter().take(MANAGED_SHOWN) {
        let Some(p) = h.projects.get(id).cloned() else { continue };
        let shown = crate::warnings::current(db, &p, now).await?;
        let facts = readiness::facts(db, &p, now).await?;
        let (streams, verdict) = readiness::score(&shown, &facts);
        let overdue = milestone::Entity::find()
            .filter(milestone::Column::ProjectId.eq(p.id))
            .filter(milestone::Column::Status.ne("done"))
            .filter(milestone::Column::DueDate.lt(today))
            .count(db)
            .await?;
        let unanswered = crate::feedback::store::unanswered(db, p.id, now).await?;
        h.managed.push(ManagedProject {
            untracked: streams.iter().filter(|s| s.light == readiness::Light::NotAssessed).count(),
            open_warnings: shown.iter().filter(|w| crate::warnings::state::is_open(&w.state)).count(),
            project: p,
            verdict,
            overdue,
            unanswered,
        });
    }
    h.my_milestones = milestone::Entity::find()
        .filter(milestone::Column::OwnerId.eq(user_id))
        .filter(milestone::Column::ProjectId.is_in(ids))
        .filter(milestone::Column::Status.ne("done"))
        .filter(milestone::Column::DueDate.lte(today + Duration::days(14)))
        .order_by_asc(milestone::Column::DueDate)
        .limit(SHOWN)
        .all(db)
        .await?;
    Ok(h)
}
