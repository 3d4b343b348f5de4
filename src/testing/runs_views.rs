//! The run page: the case's steps, each with what was recorded (who, when) and a form to record
//! it; raise a defect from a failed step; the attempts of this case in the cycle; retest.

use super::rules::STEP_STATUSES;
use super::runs::Editing;
use super::{defect_class, defect_status_label, kind_label, result_class, result_label, severity_label, step_label};
use crate::entities::{defect, test_case, test_cycle, test_run, test_step, test_step_result};
use crate::projects::access::Access;
use crate::web::components::{FieldAttrs, badge, csrf_field, error_summary, field, select_required};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};
use std::collections::HashMap;

pub struct RunView<'a> {
    pub run: &'a test_run::Model,
    pub case: &'a test_case::Model,
    pub cycle: &'a test_cycle::Model,
    pub steps: &'a [test_step::Model],
    pub results: &'a [test_step_result::Model],
    pub attempts: &'a [test_run::Model],
    pub defects: &'a [defect::Model],
    pub people: &'a HashMap<i32, String>,
    pub editing: Option<Editing<'a>>,
}

fn step_row(ctx: &Ctx, acc: &Access, v: &RunView<'_>, s: &test_step::Model) -> Markup {
    let l = ctx.lang;
    let p = acc.project.id;
    let r = v.results.iter().find(|r| r.step_id == s.id);
    let none = FormErrors::new();
    let (status, actual, version, e) = match &v.editing {
        Some(ed) if ed.step_id == s.id => {
            (ed.form.status.clone(), ed.form.actual.clone(), ed.form.version.clone(), ed.errors)
        }
        _ => (
            r.map(|r| r.status.clone()).unwrap_or_default(),
            r.and_then(|r| r.actual.clone()).unwrap_or_default(),
            r.map(|r| r.version.to_string()).unwrap_or_else(|| "0".into()),
            &none,
        ),
    };
    let options: Vec<(&str, &str)> = STEP_STATUSES.iter().map(|s| (*s, step_label(l, s))).collect();
    html! {
        section.card id={ "step-" (s.position) } {
            h3 { (l.f("Step {0}", "Paso {0}", &[&s.position])) }
            dl {
                dt { (l.t("Action", "Acción")) } dd { (s.action) }
                dt { (l.t("Expected result", "Resultado esperado")) } dd { (s.expected) }
                @if let Some(r) = r {
                    dt { (l.t("Recorded", "Registrado")) }
                    dd { (badge(step_label(l, &r.status), match r.status.as_str() { "fail" => "bad", "blocked" => "warn", _ => "ok" }))
                         " " (r.recorded_by.and_then(|u| v.people.get(&u)).map(String::as_str).unwrap_or("—")) " · " (l.datetime(r.recorded_at)) }
                    @if let Some(a) = &r.actual { dt { (l.t("Actual result", "Resultado obtenido")) } dd { (a) } }
                    @if let Some(n) = &r.evidence_name {
                        dt { (l.t("Evidence", "Evidencia")) }
                        dd { a href={ (crate::urls::test_run(p, v.run.id)) "/steps/" (s.id) "/evidence" } download { (n) } }
                    }
                }
            }
            @if r.is_some_and(|r| r.status == "fail") {
                p { a.button.secondary href={ (crate::urls::defects(p)) "/new?run=" (v.run.id) "&step=" (s.id) } { (l.t("Raise a defect", "Registrar un defecto")) } }
            }
            @if v.run.is_latest {
                (error_summary(l, e))
                form method="post" action={ (crate::urls::test_run(p, v.run.id)) "/steps/" (s.id) } novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(version);
                    (select_required(l, "status", l.t("Outcome", "Resultado"), &options, &status, e))
                    (field("actual", l.t("Actual result", "Resultado obtenido"), "textarea", &actual, e, FieldAttrs::default().max(4000)))
                    button.secondary type="submit" { (l.t("Record step", "Registrar paso")) }
                }
                @if r.is_some() {
                    form method="post" action={ (crate::urls::test_run(p, v.run.id)) "/steps/" (s.id) "/evidence" } enctype="multipart/form-data" {
                        (csrf_field(ctx))
                        div.field {
                            label for={ "evidence-" (s.id) } { (l.t("Evidence file (up to 10 MB)", "Archivo de evidencia (hasta 10 MB)")) }
                            input id={ "evidence-" (s.id) } type="file" name="file";
                        }
                        button.secondary type="submit" { (l.t("Attach", "Adjuntar")) }
                    }
                }
            }
        }
    }
}

pub fn page(ctx: &Ctx, acc: &Access, v: &RunView<'_>) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = &v.case.title;
    let cycle_crumb = if acc.can_coordinate() { Some(crate::urls::test_cycle(p.id, v.cycle.id)) } else { None };
    let body = html! {
        (crumbs(ctx, p, &[super::cases_views::testing_crumb(ctx, p.id), (&v.cycle.name, cycle_crumb), (title, None)]))
        h1 { (title) }
        p {
            (kind_label(l, &v.cycle.kind)) " · " (v.cycle.name) " · " (l.f("attempt {0}", "intento {0}", &[&v.run.attempt])) " · "
            (l.t("tester:", "probador:")) " " (v.run.tester_id.and_then(|u| v.people.get(&u)).map(String::as_str).unwrap_or("—")) " "
            (badge(result_label(l, &v.run.result), result_class(&v.run.result)))
        }
        @if !v.run.is_latest { p.flash.flash-error { (l.t("An earlier attempt, kept as history.", "Un intento anterior, conservado como historial.")) } }
        @if let Some(pre) = &v.case.preconditions { div.card { strong { (l.t("Preconditions", "Condiciones previas")) } p { (pre) } } }
        @for s in v.steps { (step_row(ctx, acc, v, s)) }
        @if !v.defects.is_empty() {
            h2 { (l.t("Defects raised", "Defectos registrados")) }
            ul { @for d in v.defects { li {
                a href=(crate::urls::defect(p.id, d.id)) { (d.title) } " "
                (badge(severity_label(l, &d.severity), defect_class(&d.status, &d.severity))) " " (defect_status_label(l, &d.status))
            } } }
        }
        h2 { (l.t("Attempts in this cycle", "Intentos en este ciclo")) }
        ul { @for a in v.attempts { li {
            @if a.id == v.run.id { strong { (l.f("Attempt {0}", "Intento {0}", &[&a.attempt])) } } @else { a href=(crate::urls::test_run(p.id, a.id)) { (l.f("Attempt {0}", "Intento {0}", &[&a.attempt])) } }
            " " (badge(result_label(l, &a.result), result_class(&a.result)))
        } } }
        @if acc.can_coordinate() && v.run.is_latest && super::rules::is_executed(&v.run.result) {
            form method="post" action={ (crate::urls::test_run(p.id, v.run.id)) "/retest" } {
                (csrf_field(ctx))
                button.secondary type="submit" { (l.t("Retest: open a new attempt", "Volver a probar: abrir un nuevo intento")) }
            }
        }
    };
    layout::page(ctx, title, body)
}
