//! The coverage page and its CSV: modules × roles, attended against the people each is meant for.

use super::coverage::{Cell, TARGET_PERCENT, summary};
use crate::error::AppResult;
use crate::projects::access::role_label;
use crate::projects::scope::Member;
use crate::state::AppState;
use crate::web::components::{badge, progress, progress_target};
use crate::web::nav::crumbs;
use crate::web::{csv, html, layout};
use actix_web::{HttpResponse, http::StatusCode, web};
use maud::html;
use std::collections::BTreeMap;

pub async fn page(Member { auth, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let sum = summary(&state.db, acc.project.id, now).await?;
    let l = auth.ctx.lang;
    let p = &acc.project;
    let title = l.t("Training coverage", "Cobertura de la formación");
    let days = (p.go_live_date - now.date_naive()).num_days();
    let near = (0..=30).contains(&days);
    let mut by_module: BTreeMap<&str, Vec<&Cell>> = BTreeMap::new();
    for c in &sum.cells {
        by_module.entry(c.module.as_str()).or_default().push(c);
    }
    let target = l.f("target {0} %", "objetivo {0} %", &[&TARGET_PERCENT]);
    let body = html! {
        (crumbs(&auth.ctx, p, &[(l.t("Training", "Formación"), Some(crate::urls::training(p.id))), (title, None)]))
        h1 { (title) }
        p.lead {
            (l.f("Go-live on {0}", "Puesta en marcha el {0}", &[&l.date(p.go_live_date)])) " · "
            @if days >= 0 { (l.f("{0} days to go", "faltan {0} días", &[&days])) } @else { (l.f("{0} days ago", "hace {0} días", &[&-days])) }
            " · " (l.f("target: {0} % of each role trained", "objetivo: {0} % de cada rol formado", &[&TARGET_PERCENT]))
        }
        div.actions {
            a.button.secondary href=(crate::urls::training(p.id)) { (l.t("Sessions", "Sesiones")) }
            a.button.secondary href={ (crate::urls::training(p.id)) "/coverage.csv" } { (l.t("Export CSV", "Exportar CSV")) }
        }
        div.card {
            p { (l.f("{0} sessions scheduled, {1} of them on security awareness.", "{0} sesiones programadas, {1} de ellas de concienciación en seguridad.", &[&sum.sessions_scheduled, &sum.security_sessions])) }
            @if sum.attendance.1 > 0 {
                (progress(sum.attendance.0 as i64, sum.attendance.1 as i64, l.t("Attendance at past sessions", "Asistencia a sesiones pasadas")))
                span.muted { (l.t("Attendance at sessions that have ended (attended or partly)", "Asistencia a las sesiones terminadas (completa o parcial)")) }
            }
        }
        @if sum.cells.is_empty() {
            div.empty { p { (l.t("No sessions yet, so nobody is covered. Neglected training is one of the guide's common errors: schedule sessions for every module and role before go-live.",
                                 "Aún no hay sesiones, así que nadie está cubierto. Descuidar la formación es uno de los errores comunes de la guía: programe sesiones para cada módulo y rol antes de la puesta en marcha.")) }
                        a.button href={ (crate::urls::training(p.id)) "/new" } { (l.t("Schedule a session", "Programar una sesión")) } }
        } @else {
            (crate::web::components::scroll_region(l.t("Coverage by module and role", "Cobertura por módulo y rol"), html! { table.coverage {
                caption { (l.t("People trained of those a session is meant for, by module and role", "Personas formadas de aquellas a las que se dirige una sesión, por módulo y rol"))
                          " " span.muted { (l.f("(the dark line on each bar is the target of {0} %)", "(la línea oscura de cada barra es el objetivo del {0} %)", &[&TARGET_PERCENT])) } }
                thead { tr { th scope="col" { (l.t("Module", "Módulo")) } th scope="col" { (l.t("Role", "Rol")) } th scope="col" { (l.t("Trained", "Formadas")) } } }
                tbody {
                    @for (module, cells) in &by_module {
                        @for (i, c) in cells.iter().enumerate() {
                            tr {
                                @if i == 0 { th scope="rowgroup" rowspan=(cells.len()) { (super::module_label(l, module)) } }
                                td { (role_label(l, &c.role)) }
                                td {
                                    (progress_target(c.trained, c.needed, role_label(l, &c.role), TARGET_PERCENT, &target))
                                    @if near && c.trained * 100 < TARGET_PERCENT * c.needed { " " (badge(l.t("below target near go-live", "bajo el objetivo cerca de la puesta en marcha"), "bad")) }
                                }
                            }
                        }
                    }
                }
            } }))
        }
    };
    Ok(html(StatusCode::OK, layout::page(&auth.ctx, title, body)))
}

pub async fn export_csv(Member { auth: _, acc }: Member, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let sum = summary(&state.db, acc.project.id, state.clock.now()).await?;
    let mut w = csv::writer();
    w.write_record(["module", "role", "needed", "trained", "percent"]).map_err(csv::io)?;
    for c in sum.cells {
        let pct = if c.needed > 0 { c.trained * 100 / c.needed } else { 0 };
        w.write_record([c.module, c.role, c.needed.to_string(), c.trained.to_string(), pct.to_string()])
            .map_err(csv::io)?;
    }
    csv::response("training-coverage.csv", w)
}
