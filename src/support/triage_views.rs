//! The triage pages: the desk (filters, SLA state and due time per open ticket, breaches counted)
//! and one ticket with the triage form.

use super::flow::STATUSES;
use super::form::{ListParams, TriageForm};
use super::tickets_views::{Conversation, conversation, facts, files, title};
use super::{SEVERITIES, severity_class, severity_label, sla, sla_class, sla_label, status_class, status_label};
use crate::entities::{support_article, support_ticket};
use crate::projects::access::Access;
use crate::projects::store::MemberRow;
use crate::training::{MODULES, module_label};
use crate::web::components::{
    FieldAttrs, badge, csrf_field, error_summary, field, pagination, scroll_region, select, sort_header,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use std::collections::HashMap;

pub(super) struct Desk<'a> {
    pub rows: &'a [support_ticket::Model],
    pub names: &'a HashMap<i32, String>,
    pub q: &'a ListParams,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub now: DateTime<Utc>,
    /// Open tickets in breach: (response, resolution).
    pub breaches: (i64, i64),
}

pub(super) fn desk(ctx: &Ctx, acc: &Access, v: &Desk) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::support(p.id);
    let q = v.q;
    let none = FormErrors::new();
    let mut statuses = vec![("open", l.t("Open", "Abiertas")), ("all", l.t("Any status", "Cualquier estado"))];
    statuses.extend(STATUSES.iter().map(|s| (*s, status_label(l, s))));
    let mut severities = vec![("", l.t("Any severity", "Cualquier gravedad"))];
    severities.extend(SEVERITIES.iter().map(|s| (*s, severity_label(l, s))));
    let mut modules = vec![("", l.t("Any part", "Cualquier parte"))];
    modules.extend(MODULES.iter().map(|m| (*m, module_label(l, m))));
    let slas = [
        ("", l.t("Any SLA state", "Cualquier estado del SLA")),
        ("on_time", sla_label(l, sla::State::OnTime)),
        ("at_risk", sla_label(l, sla::State::AtRisk)),
        ("breached", sla_label(l, sla::State::Breached)),
    ];
    let keep = [
        ("q", q.q.clone()),
        ("status", q.status.clone()),
        ("severity", q.severity.clone()),
        ("module", q.module.clone()),
        ("sla", q.sla.clone()),
        ("sort", q.sort.clone()),
        ("dir", q.dir.clone()),
    ];
    let filters = &keep[..5];
    let desc = q.dir != "asc";
    let sort = if q.sort.is_empty() { "created" } else { q.sort.as_str() };
    let csv_q: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(filters.iter().filter(|(_, v)| !v.is_empty()))
        .finish();
    layout::page(
        ctx,
        title(ctx),
        html! {
            (crumbs(ctx, p, &[(title(ctx), None)]))
            h1 { (l.t("Support desk", "Mesa de soporte")) }
            div.actions {
                a.button.secondary href={ (base) "/overview" } { (l.t("Trend and SLA", "Tendencia y SLA")) }
                a.button.secondary href=(crate::urls::support_articles(p.id)) { (l.t("Knowledge base", "Base de conocimiento")) }
                a.button.secondary href={ (base) "/new" } { (l.t("File a ticket", "Abrir una incidencia")) }
                a.button.secondary href={ (base) ".csv?" (csv_q) } { (l.t("Export CSV", "Exportar CSV")) }
            }
            p { (badge(&l.f("{0} open past the response time", "{0} abiertas fuera del plazo de respuesta", &[&v.breaches.0]), if v.breaches.0 > 0 { "bad" } else { "ok" }))
                " " (badge(&l.f("{0} open past the resolution time", "{0} abiertas fuera del plazo de resolución", &[&v.breaches.1]), if v.breaches.1 > 0 { "bad" } else { "ok" })) }
            form.filters method="get" action=(base) role="search" {
                div.field { label for="q" { (l.t("Search", "Buscar")) } input #q type="search" name="q" value=(q.q); }
                (select("status", l.t("Status", "Estado"), &statuses, &q.status, &none))
                (select("severity", l.t("Severity", "Gravedad"), &severities, &q.severity, &none))
                (select("module", l.t("Part of the ERP", "Parte del ERP"), &modules, &q.module, &none))
                (select("sla", l.t("SLA", "SLA"), &slas, &q.sla, &none))
                button.secondary type="submit" { (l.t("Filter", "Filtrar")) }
            }
            @if v.rows.is_empty() {
                div.empty { p { (l.t("No ticket here. Employees file them from the Support tab; write the answers that come up often in the knowledge base so they find them first.",
                                     "No hay incidencias aquí. Los empleados las abren desde la pestaña Soporte; escriba en la base de conocimiento las respuestas que se repiten para que las encuentren antes.")) } }
            } @else {
                (scroll_region(l.t("Tickets", "Incidencias"), html! { table {
                    thead { tr {
                        th scope="col" { "#" }
                        (sort_header(&base, filters, "title", l.t("Problem", "Problema"), sort, desc))
                        th scope="col" { (l.t("Severity", "Gravedad")) }
                        (sort_header(&base, filters, "status", l.t("Status", "Estado"), sort, desc))
                        (sort_header(&base, filters, "due", l.t("SLA", "SLA"), sort, desc))
                        th scope="col" { (l.t("Handled by", "Atendida por")) }
                        (sort_header(&base, filters, "created", l.t("Filed", "Abierta"), sort, desc))
                    } }
                    tbody { @for t in v.rows {
                        @let s = super::triage::sla_of(t, v.now);
                        tr {
                            td { (t.id) }
                            td { a href=(crate::urls::support_ticket(p.id, t.id)) { (t.title) } br; span.muted { (module_label(l, &t.module)) " · " (t.reporter_id.and_then(|r| v.names.get(&r).cloned()).unwrap_or_default()) } }
                            td { (badge(severity_label(l, &t.severity), severity_class(&t.severity))) }
                            td { (badge(status_label(l, &t.status), status_class(&t.status))) }
                            td { @if super::flow::is_open(&t.status) { (badge(sla_label(l, s.state), sla_class(s.state))) br; span.muted { (l.f("due {0}", "vence {0}", &[&l.datetime(s.due)])) } } @else { span.muted { "—" } } }
                            td { (t.assignee_id.and_then(|a| v.names.get(&a).cloned()).unwrap_or_else(|| "—".into())) }
                            td { (l.datetime(t.created_at)) }
                        }
                    } }
                } }))
                (pagination(l, &base, &keep, v.page, v.pages, v.total))
            }
        },
    )
}

pub(super) struct TicketView<'a> {
    pub t: &'a support_ticket::Model,
    pub convo: &'a Conversation,
    pub members: &'a [MemberRow],
    pub articles: &'a [support_article::Model],
    pub form: &'a TriageForm,
    pub sla: sla::Sla,
}

pub(super) fn ticket(ctx: &Ctx, acc: &Access, v: &TicketView, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let t = v.t;
    let heading = format!("#{} {}", t.id, t.title);
    let statuses: Vec<(&str, &str)> = STATUSES.iter().map(|s| (*s, status_label(l, s))).collect();
    let severities: Vec<(&str, &str)> = SEVERITIES.iter().map(|s| (*s, severity_label(l, s))).collect();
    let ids: Vec<String> = v.members.iter().map(|m| m.user_id.to_string()).collect();
    let mut people: Vec<(&str, &str)> = vec![("", l.t("Nobody yet", "Nadie todavía"))];
    people.extend(v.members.iter().zip(&ids).map(|(m, id)| (id.as_str(), m.name.as_str())));
    let aids: Vec<String> = v.articles.iter().map(|a| a.id.to_string()).collect();
    let mut arts: Vec<(&str, &str)> = vec![("", l.t("None", "Ninguno"))];
    arts.extend(v.articles.iter().zip(&aids).map(|(a, id)| (id.as_str(), a.title.as_str())));
    layout::page(
        ctx,
        &heading,
        html! {
            (crumbs(ctx, p, &[(title(ctx), Some(crate::urls::support(p.id))), (&heading, None)]))
            h1 { (heading) }
            @if super::flow::is_open(&t.status) {
                p { (badge(sla_label(l, v.sla.state), sla_class(v.sla.state))) " " (l.f("due {0}", "vence {0}", &[&l.datetime(v.sla.due)])) }
            }
            div.card { (facts(ctx, t, v.convo)) (files(ctx, t, v.convo)) }
            (conversation(ctx, p.id, v.convo))
            div.card {
                h2 { (l.t("Triage and answer", "Clasificar y responder")) }
                (error_summary(l, e))
                form method="post" action={ (crate::urls::support_ticket(p.id, t.id)) "/triage" } novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(v.form.version);
                    div.grid {
                        (select("status", l.t("Status", "Estado"), &statuses, &v.form.status, e))
                        (select("severity", l.t("Severity", "Gravedad"), &severities, &v.form.severity, e))
                        (select("assignee_id", l.t("Handled by", "Atendida por"), &people, &v.form.assignee_id, e))
                    }
                    (field("answer", l.t("Answer to the reporter (they get it by e-mail)", "Respuesta a quien la comunicó (le llega por correo)"), "textarea", &v.form.answer, e, FieldAttrs::default().max(4000)))
                    (select("article_id", l.t("Answer with a knowledge-base article", "Responder con un artículo de la base de conocimiento"), &arts, &v.form.article_id, e))
                    button type="submit" { (l.t("Save", "Guardar")) }
                }
            }
        },
    )
}
