//! The project's home page panels: readiness, open warnings, next milestones, training and
//! feedback at a glance. A handful of aggregate queries plus the rule evaluation.

use super::readiness::{self, Light};
use super::readiness_page::{light_badge, stream_label, verdict_badge};
use crate::entities::{feedback, milestone, project, training_session};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use maud::{Markup, html};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn panels(state: &AppState, ctx: &Ctx, p: &project::Model) -> AppResult<Markup> {
    let l = ctx.lang;
    let now = state.clock.now();
    let today = now.date_naive();
    let shown = super::current(&state.db, p, now).await?;
    let facts = readiness::facts(&state.db, p, now).await?;
    let (streams, verdict) = readiness::score(&shown, &facts);
    // Today's point of the history; written only when something changed.
    readiness::snapshot(&state.db, p.id, today, &streams, verdict, &shown).await?;
    let errors = super::handlers::errors_by_key(state).await?;
    let next = milestone::Entity::find()
        .filter(milestone::Column::ProjectId.eq(p.id))
        .filter(milestone::Column::Status.ne("done"))
        .filter(milestone::Column::DueDate.gte(today))
        .order_by_asc(milestone::Column::DueDate)
        .limit(5)
        .all(&state.db)
        .await?;
    let upcoming = training_session::Entity::find()
        .filter(training_session::Column::ProjectId.eq(p.id))
        .filter(training_session::Column::Status.eq("scheduled"))
        .filter(training_session::Column::StartsAt.gt(now))
        .count(&state.db)
        .await?;
    let open_feedback = feedback::Entity::find()
        .filter(feedback::Column::ProjectId.eq(p.id))
        .filter(feedback::Column::Status.is_in(["new", "acknowledged", "planned"]))
        .count(&state.db)
        .await?;
    let unanswered = crate::feedback::store::unanswered(&state.db, p.id, now).await?;
    Ok(html! {
        div.charts {
            section.card {
                h2 { (l.t("Go-live readiness", "Preparación")) " " (verdict_badge(l, verdict.key())) }
                p.muted { (super::readiness_page::verdict_text(l, verdict)) }
                ul.lights { @for s in &streams { @if s.light != Light::Green { li {
                    (light_badge(l, s.light)) " "
                    (stream_label(l, s.key))
                    // Nothing tracked there yet: the next step, even when a warning is also open.
                    @if s.reasons.iter().any(|r| matches!(r, readiness::Reason::NotTracked(_))) {
                        @let (_, label, href) = super::readiness_page::untracked(l, p.id, s.key);
                        ": " a href=(href) { (label) }
                    }
                } } } }
                a href={ "/projects/" (p.id) "/readiness" } { (l.t("Scorecard and history", "Detalle e historia")) }
            }
            (super::views::summary_card(ctx, p.id, &shown, &errors))
            section.card {
                h2 { (l.t("Next milestones", "Próximos hitos")) }
                @if next.is_empty() { p.muted { (l.t("Nothing due.", "Nada pendiente.")) } }
                @else { ul { @for m in &next { li { a href=(format!("{}/edit", crate::urls::milestone(p.id, m.id))) { (m.title) } " · " (l.date(m.due_date)) } } } }
                a href=(crate::urls::milestones(p.id)) { (l.t("The plan", "El plan")) }
            }
            section.card {
                h2 { (l.t("Training and feedback", "Formación y opiniones")) }
                p { (l.f("Upcoming sessions: {0}.", "Sesiones próximas: {0}.", &[&upcoming])) }
                p { (l.f("Open feedback: {0}; unanswered for over two weeks: {1}.", "Opiniones abiertas: {0}; sin respuesta desde hace más de dos semanas: {1}.", &[&open_feedback, &unanswered])) }
                a href=(crate::urls::training(p.id)) { (l.t("Training", "Formación")) } " · "
                a href={ (crate::urls::training(p.id)) "/coverage" } { (l.t("Coverage by role", "Cobertura por rol")) } " · "
                a href=(crate::urls::adoption(p.id)) { (l.t("Adoption", "Adopción")) }
            }
        }
    })
}
