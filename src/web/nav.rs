//! The frame of every project page: the section tabs and the breadcrumbs. Links come from `urls`,
//! so this knows the sections' names and addresses but none of their code.

use super::Ctx;
use super::components::breadcrumbs;
use crate::entities::project;
use maud::{Markup, html};

/// The project's sections, on every project page, so each feature is one click away.
pub fn tabs(ctx: &Ctx, p: &project::Model) -> Markup {
    let l = ctx.lang;
    let items = [
        (crate::urls::project(p.id), l.t("Overview", "Resumen")),
        (crate::urls::requirements(p.id), l.t("Requirements", "Requisitos")),
        (crate::urls::kpis(p.id), l.t("KPIs", "KPI")),
        (crate::urls::selection(p.id), l.t("Selection", "Selección")),
        (crate::urls::milestones(p.id), l.t("Plan", "Plan")),
        (crate::urls::migration(p.id), l.t("Data migration", "Migración de datos")),
        (crate::urls::training(p.id), l.t("Training", "Formación")),
        (crate::urls::feedback(p.id), l.t("Feedback", "Opiniones")),
        (crate::urls::adoption(p.id), l.t("Adoption", "Adopción")),
        (crate::urls::warnings(p.id), l.t("Warnings", "Avisos")),
        (crate::urls::members(p.id), l.t("Members", "Miembros")),
    ];
    html! {
        nav.tabs aria-label=(l.t("Project sections", "Secciones del proyecto")) {
            @for (href, label) in &items {
                @let here = if href == &crate::urls::project(p.id) { ctx.path == *href } else { ctx.path.starts_with(href.as_str()) };
                a href=(href) aria-current=[here.then_some("page")] { (label) }
            }
        }
    }
}

/// Projects / <project> / <trail…>
pub fn crumbs(ctx: &Ctx, p: &project::Model, trail: &[(&str, Option<String>)]) -> Markup {
    let mut items: Vec<(&str, Option<String>)> =
        vec![(ctx.t("Projects", "Proyectos"), Some("/projects".into())), (&p.name, Some(crate::urls::project(p.id)))];
    items.extend(trail.iter().cloned());
    html! { (breadcrumbs(&items)) (tabs(ctx, p)) }
}
