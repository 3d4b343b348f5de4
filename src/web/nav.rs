//! The frame of every project page: the section tabs and the breadcrumbs. Links come from `urls`,
//! so this knows the sections' names and addresses but none of their code.

use super::Ctx;
use super::components::breadcrumbs;
use crate::entities::project;
use maud::{Markup, html};

/// The project's sections, on every project page, so each feature is one click away — those the
/// viewer's role there can use: an employee has their training, feedback, tests, support tickets and surveys; a
/// trainer also the plan and adoption; the PM and admins every section.
pub fn tabs(ctx: &Ctx, p: &project::Model) -> Markup {
    let l = ctx.lang;
    let all = [
        (crate::urls::project(p.id), l.t("Overview", "Resumen")),
        (crate::urls::requirements(p.id), l.t("Requirements", "Requisitos")),
        (crate::urls::kpis(p.id), l.t("KPIs", "KPI")),
        (crate::urls::selection(p.id), l.t("Selection", "Selección")),
        (crate::urls::milestones(p.id), l.t("Plan", "Plan")),
        (crate::urls::migration(p.id), l.t("Data migration", "Migración de datos")),
        (crate::urls::training(p.id), l.t("Training", "Formación")),
        (crate::urls::feedback(p.id), l.t("Feedback", "Opiniones")),
        (crate::urls::testing(p.id), l.t("Testing", "Pruebas")),
        (crate::urls::adoption(p.id), l.t("Adoption", "Adopción")),
        (crate::urls::warnings(p.id), l.t("Warnings", "Avisos")),
        (crate::urls::members(p.id), l.t("Members", "Miembros")),
        (crate::urls::support(p.id), l.t("Support", "Soporte")),
        (crate::urls::cutover(p.id), l.t("Cutover", "Paso a producción")),
    ];
    let shown: &[usize] = match ctx.project_role {
        Some("employee") => &[0, 6, 7, 8, 12],
        Some("trainer") => &[0, 4, 6, 7, 8, 9, 12],
        _ => &[0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 9, 12, 10, 11],
    };
    let mut items: Vec<(String, &str)> = shown.iter().filter_map(|&i| all.get(i).cloned()).collect();
    if matches!(ctx.project_role, Some("employee")) {
        items.push((crate::urls::surveys(p.id), l.t("Surveys", "Encuestas")));
    }
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
