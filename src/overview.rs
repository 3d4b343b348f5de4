//! The project's home page: facts, the phase ladder, and the panels of warnings, readiness and
//! next steps that the warnings module assembles from every feature. An aggregate page, so it
//! sits above the features.

use crate::error::AppResult;
use crate::phases::store::PhaseSummary;
use crate::projects::access::{Access, Role, role_label};
use crate::projects::form::{sector_label, size_label};
use crate::projects::scope::Member;
use crate::projects::store::MemberRow;
use crate::state::AppState;
use crate::web::components::{breadcrumbs, progress};
use crate::web::nav::tabs;
use crate::web::{Ctx, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::{Markup, html};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/projects/{id}", web::get().to(show));
}

pub async fn show(
    Member { auth, acc }: Member,
    state: web::Data<AppState>,
    _id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let phases = crate::phases::store::summaries(&state.db, acc.project.id).await?;
    let members = crate::projects::store::members(&state.db, acc.project.id).await?;
    // The PM's readiness and warnings for those who manage the project; the others their own next steps.
    let card = if acc.can_manage() {
        crate::warnings::dashboard::panels(&state, &auth.ctx, &acc.project).await?
    } else {
        let trainer = matches!(acc.role, Role::Trainer);
        crate::home::project_panel(&state, &auth.ctx, auth.user.id, acc.project.id, trainer).await?
    };
    Ok(html(StatusCode::OK, page(&auth.ctx, &acc, &phases, &members, card)))
}

fn page(ctx: &Ctx, acc: &Access, phases_: &[PhaseSummary], members: &[MemberRow], warnings: Markup) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let done: i64 = phases_.iter().map(|s| s.items_done).sum();
    let total: i64 = phases_.iter().map(|s| s.items_total).sum();
    layout::page(
        ctx,
        &p.name,
        html! {
            (breadcrumbs(&[(l.t("Projects", "Proyectos"), Some("/projects".into())), (&p.name, None)]))
            (tabs(ctx, p))
            h1 { (p.name) }
            div.card {
                dl.facts {
                    dt { (l.t("Company", "Empresa")) } dd { (p.company) " · " (size_label(l, &p.size)) " · " (sector_label(l, &p.sector)) }
                    dt { (l.t("Start", "Inicio")) } dd { (l.date(p.start_date)) }
                    dt { (l.t("Target go-live", "Puesta en marcha prevista")) } dd { (l.date(p.go_live_date)) }
                    dt { (l.t("Your role", "Su rol")) } dd { (match acc.role {
                        Role::Admin => role_label(l, "admin"),
                        Role::Pm => role_label(l, "pm"),
                        Role::Trainer => role_label(l, "trainer"),
                        Role::Employee => role_label(l, "employee"),
                    }) }
                    dt { (l.t("Overall checklist", "Lista global")) } dd { (progress(done, total, l.t("Done", "Hecho"))) }
                }
                div.actions {
                    @if acc.can_manage() { a.button.secondary href={ (crate::urls::project(p.id)) "/edit" } { (l.t("Edit project", "Editar proyecto")) } }
                    a.button.secondary href=(crate::urls::members(p.id)) { (l.t("Members", "Miembros")) " (" (members.len()) ")" }
                }
            }
            (warnings)
            h2 { (l.t("Phases", "Fases")) }
            ol.ladder {
                @for s in phases_ {
                    li.(s.status) {
                        span.num { (s.position) }
                        div {
                            a href=(crate::urls::phase(p.id, &s.key)) { strong { (l.pick(&s.name_en, &s.name_es)) } }
                            " " (crate::phases::views::status_badge(l, &s.status))
                            @if s.status == "closed" && s.override_reason.is_some() { " " (crate::web::components::badge(l.t("closed by override", "cerrada con excepción"), "warn")) }
                            br;
                            span.muted { (l.f("{0} of {1} mandatory items done", "{0} de {1} puntos obligatorios hechos", &[&s.mandatory_done, &s.mandatory_total])) }
                        }
                        (progress(s.items_done, s.items_total, l.t("Done", "Hecho")))
                    }
                }
            }
        },
    )
}
