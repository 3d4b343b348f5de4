//! The Testing tab: for PMs, admins and key users the way into cases, cycles, defects and the
//! traceability matrix with the project's counts; for everybody "My tests", the runs assigned to
//! them, and a link to their defects.

use super::{result_class, result_label, runs_store, store};
use crate::error::AppResult;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::training::module_label;
use crate::web::components::{badge, scroll_region};
use crate::web::nav::crumbs;
use crate::web::{html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let l = auth.ctx.lang;
    let p = &acc.project;
    let mine = runs_store::assigned_to(&state.db, p.id, auth.user.id).await?;
    let facts = if acc.can_coordinate() { Some(store::readiness_facts(&state.db, p.id).await?) } else { None };
    let title = l.t("Testing", "Pruebas");
    let body = html! {
        (crumbs(&auth.ctx, p, &[(title, None)]))
        h1 { (title) }
        @if let Some(f) = &facts {
            div.actions {
                a.button href=(crate::urls::test_cases(p.id)) { (l.t("Test cases", "Casos de prueba")) }
                a.button href=(crate::urls::test_cycles(p.id)) { (l.t("Cycles", "Ciclos")) }
                a.button.secondary href=(crate::urls::defects(p.id)) { (l.t("Defects", "Defectos")) }
                a.button.secondary href=(crate::urls::traceability(p.id)) { (l.t("Traceability", "Trazabilidad")) }
            }
            dl.facts {
                dt { (l.t("Test cases", "Casos de prueba")) } dd { (f.cases) }
                dt { (l.t("Runs executed", "Ejecuciones realizadas")) } dd { (f.runs_executed) }
                dt { (l.t("Must-haves without a passing case", "Imprescindibles sin caso superado")) } dd { (f.musts_without_passing_case) " / " (f.must_requirements) }
                dt { (l.t("Open defects (critical, high, medium, low)", "Defectos abiertos (crítica, alta, media, baja)")) }
                dd { (f.open_defects[0]) " · " (f.open_defects[1]) " · " (f.open_defects[2]) " · " (f.open_defects[3]) }
                dt { (l.t("Latest UAT cycle's exit rule", "Criterio de salida del último ciclo UAT")) }
                dd { @match f.latest_uat_exit_met { Some(true) => (badge(l.t("Met", "Cumplido"), "ok")), Some(false) => (badge(l.t("Not met", "No cumplido"), "bad")), None => span.muted { (l.t("No UAT cycle yet", "Aún no hay ciclo UAT")) } } }
            }
        }
        h2 { (l.t("My tests", "Mis pruebas")) }
        @if mine.is_empty() {
            div.empty { p { (l.t("No tests are assigned to you in this project. The project manager or a key user assigns them when a cycle is planned.",
                                 "No tiene pruebas asignadas en este proyecto. El jefe de proyecto o un usuario clave las asigna al planificar un ciclo.")) } }
        } @else {
            (scroll_region(l.t("My tests", "Mis pruebas"), html! { table {
                thead { tr { th scope="col" { (l.t("Case", "Caso")) } th scope="col" { (l.t("Part of the ERP", "Parte del ERP")) } th scope="col" { (l.t("Result", "Resultado")) } } }
                tbody { @for r in &mine { tr {
                    td { a href=(crate::urls::test_run(p.id, r.run.id)) { (r.case_title) } }
                    td { (module_label(l, &r.module)) }
                    td { (badge(result_label(l, &r.run.result), result_class(&r.run.result))) }
                } } }
            } }))
        }
        p { a href=(crate::urls::defects(p.id)) { (if acc.can_coordinate() { l.t("All defects", "Todos los defectos") } else { l.t("My defects", "Mis defectos") }) } }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}
