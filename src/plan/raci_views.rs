//! The RACI matrix page: areas × members with one R and one A per area.

use super::raci::{Cells, area_label};
use crate::projects::access::Access;
use crate::projects::store::MemberRow;
use crate::web::components::{badge, csrf_field};
use crate::web::nav::crumbs;
use crate::web::{Ctx, layout};
use maud::{Markup, html};

pub(super) fn view(
    ctx: &Ctx,
    acc: &Access,
    areas: &[String],
    members: &[MemberRow],
    cells: &Cells,
    errors: &[String],
    unowned: u64,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Team and RACI", "Equipo y RACI");
    let opts = [("", "—"), ("R", "R"), ("A", "A"), ("C", "C"), ("I", "I")];
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(l.t("Implementation plan", "Plan de implantación"), Some(crate::urls::milestones(p.id))), (title, None)]))
            h1 { (title) }
            (super::views::plan_nav(ctx, p.id))
            p.muted { (l.t("R = does the work, A = accountable (one per area), C = consulted, I = informed. Areas are the phases and the workstreams of the plan's milestones.",
                           "R = realiza el trabajo, A = responsable final (uno por área), C = consultado, I = informado. Las áreas son las fases y los frentes de trabajo de los hitos del plan.")) }
            @if unowned > 0 { p { (badge(&l.f("{0} milestone(s) without an accountable owner", "{0} hito(s) sin responsable", &[&unowned]), "warn")) " " a href={ (crate::urls::milestones(p.id)) } { (l.t("Assign owners", "Asignar responsables")) } } }
            @if !errors.is_empty() { div.flash.flash-error role="alert" { ul { @for e in errors { li { (e) } } } } }
            form method="post" action={ "/projects/" (p.id) "/raci" } {
                (csrf_field(ctx))
                table.matrix {
                    thead { tr { th scope="col" { (l.t("Area", "Área")) } @for m in members { th scope="col" { (m.name) } } } }
                    tbody {
                        @for (i, area) in areas.iter().enumerate() {
                            @let has_a = members.iter().any(|m| cells.get(&(area.clone(), m.user_id)).is_some_and(|v| v == "A"));
                            tr {
                                th scope="row" { input type="hidden" name={ "a_" (i) } value=(area); (area_label(l, area)) " " span.muted { (if area.starts_with("phase:") { l.t("(phase)", "(fase)") } else { l.t("(workstream)", "(frente)") }) } @if !has_a { " " (badge(l.t("no A", "sin A"), "warn")) } }
                                @for m in members {
                                    @let cur = cells.get(&(area.clone(), m.user_id)).map(String::as_str).unwrap_or("");
                                    td { @if acc.can_manage() {
                                        select name={ "c_" (i) "_" (m.user_id) } aria-label=(format!("{} — {}", area_label(l, area), m.name)) { @for (v, t) in opts { option value=(v) selected[v == cur] { (t) } } }
                                    } @else { (cur) } }
                                }
                            }
                        }
                    }
                }
                @if acc.can_manage() { div.actions { button type="submit" { (l.t("Save the matrix", "Guardar la matriz")) } } }
            }
        },
    )
}
