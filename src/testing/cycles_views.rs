//! Test cycle pages: the list with the new-cycle form, and one cycle with its exit rule, runs,
//! the add-a-case form and the burn-down charts.

use super::form::{AddCaseForm, CycleForm};
use super::rules::{ExitFacts, ExitGap, SEVERITIES};
use super::runs_store::RunRow;
use super::{KINDS, kind_label, result_class, result_label, severity_label};
use crate::entities::test_cycle;
use crate::projects::access::Access;
use crate::training::module_label;
use crate::web::components::{
    FieldAttrs, badge, csrf_field, error_summary, field, pagination, scroll_region, select, select_required,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, Lang, chart, layout};
use chrono::NaiveDate;
use maud::{Markup, html};

fn exit_rule_text(l: Lang, c: &test_cycle::Model) -> String {
    let sev = severity_label(l, &c.exit_severity);
    if c.exit_all_must {
        l.f(
            "Every must-have case executed, and no open defect of severity {0} or worse.",
            "Todos los casos imprescindibles ejecutados y ningún defecto abierto de gravedad {0} o superior.",
            &[&sev],
        )
    } else {
        l.f("No open defect of severity {0} or worse.", "Ningún defecto abierto de gravedad {0} o superior.", &[&sev])
    }
}

pub fn list(ctx: &Ctx, acc: &Access, rows: &[(test_cycle::Model, bool)], form: &CycleForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let title = l.t("Test cycles", "Ciclos de prueba");
    let kinds: Vec<(&str, &str)> = KINDS.iter().map(|k| (*k, kind_label(l, k))).collect();
    let sev: Vec<(&str, &str)> = ["critical", "high"].iter().map(|s| (*s, severity_label(l, s))).collect();
    let body = html! {
        (crumbs(ctx, p, &[super::cases_views::testing_crumb(ctx, p.id), (title, None)]))
        h1 { (title) }
        @if rows.is_empty() {
            div.empty { p { (l.t("No cycles yet. Plan a SIT cycle with migrated data first, then UAT waves with the key users.", "Aún no hay ciclos. Planifique primero un ciclo SIT con datos migrados y después oleadas UAT con los usuarios clave.")) } }
        } @else {
            (scroll_region(title, html! { table {
                thead { tr { th scope="col" { (l.t("Cycle", "Ciclo")) } th scope="col" { (l.t("Kind", "Tipo")) } th scope="col" { (l.t("Window", "Periodo")) } th scope="col" { (l.t("Exit rule", "Criterio de salida")) } } }
                tbody { @for (c, met) in rows { tr {
                    td { a href=(crate::urls::test_cycle(p.id, c.id)) { (c.name) } }
                    td { (kind_label(l, &c.kind)) }
                    td { (l.date(c.starts_on)) " – " (l.date(c.ends_on)) }
                    td { @if *met { (badge(l.t("Met", "Cumplido"), "ok")) } @else { (badge(l.t("Not met", "No cumplido"), "bad")) } }
                } } }
            } }))
        }
        h2 { (l.t("New cycle", "Nuevo ciclo")) }
        div.card {
            (error_summary(l, e))
            form method="post" action=(crate::urls::test_cycles(p.id)) novalidate {
                (csrf_field(ctx))
                (field("name", l.t("Name", "Nombre"), "text", &form.name, e, FieldAttrs::required().max(200).hint(l.t("e.g. SIT 1 with migrated data, UAT wave 2", "p. ej. SIT 1 con datos migrados, UAT oleada 2"))))
                (select("kind", l.t("Kind", "Tipo"), &kinds, &form.kind, e))
                (field("starts_on", l.t("First day", "Primer día"), "date", &form.starts_on, e, FieldAttrs::required()))
                (field("ends_on", l.t("Last day", "Último día"), "date", &form.ends_on, e, FieldAttrs::required()))
                fieldset {
                    legend { (l.t("Exit rule", "Criterio de salida")) }
                    div.field { label { input type="checkbox" name="exit_all_must" value="1" checked[form.exit_all_must == "1"]; " " (l.t("Every must-have case executed", "Todos los casos imprescindibles ejecutados")) } }
                    (select_required(l, "exit_severity", l.t("No open defect of this severity or worse", "Ningún defecto abierto de esta gravedad o superior"), &sev, &form.exit_severity, e))
                }
                div.actions { button type="submit" { (l.t("Create cycle", "Crear ciclo")) } }
            }
        }
    };
    layout::page(ctx, title, body)
}

pub struct Burn {
    pub per_day: Vec<(NaiveDate, String, i64)>,
    pub counts: Vec<(String, i64)>,
    pub open: Vec<(String, i64)>,
}

pub struct CycleView<'a> {
    pub c: &'a test_cycle::Model,
    pub runs: &'a [RunRow],
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub gaps: &'a [ExitGap],
    pub facts: ExitFacts,
    pub people: &'a [(i32, String)],
    pub cases: &'a [(i32, String)],
    pub burn: &'a Burn,
}

fn burn_charts(l: Lang, c: &test_cycle::Model, b: &Burn, scope: u64) -> Markup {
    let mut executed = Vec::new();
    let mut passed = Vec::new();
    let (mut e, mut p) = (0.0, 0.0);
    for (day, result, n) in &b.per_day {
        e += *n as f64;
        if super::rules::is_passed(result) {
            p += *n as f64;
        }
        match executed.last_mut() {
            Some((d, v)) if d == day => *v = e,
            _ => executed.push((*day, e)),
        }
        match passed.last_mut() {
            Some((d, v)) if d == day => *v = p,
            _ => passed.push((*day, p)),
        }
    }
    let open: Vec<(String, f64)> = SEVERITIES
        .iter()
        .map(|s| {
            (severity_label(l, s).to_string(), b.open.iter().find(|o| o.0 == *s).map(|o| o.1 as f64).unwrap_or(0.0))
        })
        .collect();
    let scope_label = l.t("cases", "casos");
    let end = l.t("end", "fin");
    html! {
        h2 { (l.t("Burn-down", "Evolución")) }
        @if executed.is_empty() {
            p.muted { (l.t("Nothing executed yet: the charts start with the first finished run.", "Aún no se ha ejecutado nada: los gráficos empiezan con la primera ejecución terminada.")) }
        } @else {
            (chart::series(l.t("Cases executed (cumulative)", "Casos ejecutados (acumulado)"), &executed, &[(scope_label, scope as f64)], Some((end, c.ends_on))))
            (chart::series(l.t("Cases passed (cumulative)", "Casos superados (acumulado)"), &passed, &[(scope_label, scope as f64)], Some((end, c.ends_on))))
        }
        (chart::bars(l.t("Open defects by severity", "Defectos abiertos por gravedad"), &open))
    }
}

pub fn show(ctx: &Ctx, acc: &Access, v: &CycleView<'_>, form: &AddCaseForm, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let c = v.c;
    let base = crate::urls::test_cycle(p.id, c.id);
    let names: std::collections::HashMap<i32, &str> = v.people.iter().map(|(i, n)| (*i, n.as_str())).collect();
    let ids: Vec<String> = v.people.iter().map(|m| m.0.to_string()).collect();
    let testers: Vec<(&str, &str)> = ids.iter().zip(v.people).map(|(i, m)| (i.as_str(), m.1.as_str())).collect();
    let cids: Vec<String> = v.cases.iter().map(|m| m.0.to_string()).collect();
    let cases: Vec<(&str, &str)> = cids.iter().zip(v.cases).map(|(i, m)| (i.as_str(), m.1.as_str())).collect();
    let total: i64 = v.burn.counts.iter().map(|x| x.1).sum();
    let body = html! {
        (crumbs(ctx, p, &[super::cases_views::testing_crumb(ctx, p.id), (l.t("Test cycles", "Ciclos de prueba"), Some(crate::urls::test_cycles(p.id))), (&c.name, None)]))
        h1 { (c.name) }
        p.muted { (kind_label(l, &c.kind)) " · " (l.date(c.starts_on)) " – " (l.date(c.ends_on)) }
        div.actions { a.button.secondary href={ (base) "/runs.csv" } { (l.t("Export runs (CSV)", "Exportar ejecuciones (CSV)")) } }
        div.card #exit {
            h2 { (l.t("Exit rule", "Criterio de salida")) }
            p { (exit_rule_text(l, c)) }
            @if v.gaps.is_empty() {
                p { (badge(l.t("Met", "Cumplido"), "ok")) " " (l.f("{0} of {1} must-have cases executed.", "{0} de {1} casos imprescindibles ejecutados.", &[&v.facts.must_executed, &v.facts.must_cases])) }
            } @else {
                p { (badge(l.t("Not met", "No cumplido"), "bad")) }
                ul { @for g in v.gaps { li { @match g {
                    ExitGap::MustNotExecuted(n) => (l.f("Must-have cases not executed yet: {0}.", "Casos imprescindibles aún sin ejecutar: {0}.", &[n])),
                    ExitGap::OpenDefects(n) => (l.f("Open defects of severity {1} or worse: {0}.", "Defectos abiertos de gravedad {1} o superior: {0}.", &[n, &severity_label(l, &c.exit_severity)])),
                } } } }
            }
        }
        h2 { (l.f("Cases in the cycle ({0})", "Casos del ciclo ({0})", &[&total])) }
        @if v.runs.is_empty() {
            div.empty { p { (l.t("No cases in this cycle yet: add them below with their testers.", "Aún no hay casos en este ciclo: añádalos abajo con sus probadores.")) } }
        } @else {
            (scroll_region(l.t("Cases in the cycle", "Casos del ciclo"), html! { table {
                thead { tr { th scope="col" { (l.t("Case", "Caso")) } th scope="col" { (l.t("Part of the ERP", "Parte del ERP")) } th scope="col" { (l.t("Tester", "Probador")) } th scope="col" { (l.t("Attempt", "Intento")) } th scope="col" { (l.t("Result", "Resultado")) } } }
                tbody { @for r in v.runs { tr {
                    td { a href=(crate::urls::test_run(p.id, r.run.id)) { (r.case_title) } }
                    td { (module_label(l, &r.module)) }
                    td { (r.run.tester_id.and_then(|t| names.get(&t).copied()).unwrap_or("—")) }
                    td { (r.run.attempt) }
                    td { (badge(result_label(l, &r.run.result), result_class(&r.run.result))) }
                } } }
            } }))
            (pagination(l, &base, &[], v.page, v.pages, v.total))
        }
        h2 { (l.t("Add a case", "Añadir un caso")) }
        div.card {
            (error_summary(l, e))
            form method="post" action={ (base) "/runs" } novalidate {
                (csrf_field(ctx))
                (select_required(l, "case_id", l.t("Test case", "Caso de prueba"), &cases, &form.case_id, e))
                (select_required(l, "tester_id", l.t("Tester", "Probador"), &testers, &form.tester_id, e))
                div.actions { button type="submit" { (l.t("Add to the cycle", "Añadir al ciclo")) } }
            }
        }
        (burn_charts(l, c, v.burn, v.facts.must_cases.max(total as u64)))
    };
    layout::page(ctx, &c.name, body)
}
