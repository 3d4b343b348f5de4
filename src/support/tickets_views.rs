//! The employee's support pages: "My tickets", the search-then-file page, one ticket with its
//! conversation and the reply form. The conversation and the ticket's facts are shared with triage.

use super::form::{ListParams, ReplyForm, SearchParams, TicketForm};
use super::{SEVERITIES, kind_label, severity_class, severity_label, severity_meaning, status_class, status_label};
use crate::entities::{support_article, support_message, support_ticket};
use crate::projects::access::Access;
use crate::training::{MODULES, module_label};
use crate::web::components::{
    FieldAttrs, badge, csrf_field, error_summary, field, pagination, select, select_required,
};
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;

pub(super) fn title(ctx: &Ctx) -> &'static str {
    ctx.lang.t("Support", "Soporte")
}

pub(super) fn mine_page(
    ctx: &Ctx,
    acc: &Access,
    rows: &[support_ticket::Model],
    q: &ListParams,
    page: u64,
    pages: u64,
    total: u64,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::support(p.id);
    let keep = [("q", q.q.clone())];
    layout::page(
        ctx,
        title(ctx),
        html! {
            (crumbs(ctx, p, &[(title(ctx), None)]))
            h1 { (l.t("My tickets", "Mis incidencias")) }
            p.lead { (l.t("Something in the new system does not work, or you don't know how to do it? Look in the answers first; if nothing helps, tell the support team.",
                          "¿Algo del sistema nuevo no funciona o no sabe cómo hacerlo? Mire primero las respuestas; si nada le sirve, avise al equipo de soporte.")) }
            div.actions {
                a.button href={ (base) "/new" } { (l.t("Report a problem", "Comunicar un problema")) }
                a.button.secondary href=(crate::urls::support_articles(p.id)) { (l.t("Known issues and how-to", "Problemas conocidos y guías")) }
            }
            @if rows.is_empty() {
                div.empty { p { (l.t("You have not reported anything yet. When you do, its answers appear here.", "Aún no ha comunicado nada. Cuando lo haga, las respuestas aparecerán aquí.")) } }
            } @else {
                table {
                    thead { tr { th scope="col" { "#" } th scope="col" { (l.t("Problem", "Problema")) } th scope="col" { (l.t("Severity", "Gravedad")) } th scope="col" { (l.t("Status", "Estado")) } th scope="col" { (l.t("Sent", "Enviada")) } } }
                    tbody { @for t in rows { tr {
                        td { (t.id) }
                        td { a href=(crate::urls::support_ticket(p.id, t.id)) { (t.title) } br; span.muted { (module_label(l, &t.module)) } }
                        td { (badge(severity_label(l, &t.severity), severity_class(&t.severity))) }
                        td { (badge(status_label(l, &t.status), status_class(&t.status))) }
                        td { (l.datetime(t.created_at)) }
                    } } }
                }
                (pagination(l, &base, &keep, page, pages, total))
            }
        },
    )
}

pub(super) fn article_list(ctx: &Ctx, project_id: i32, found: &[support_article::Model]) -> Markup {
    let l = ctx.lang;
    html! {
        ul.articles { @for a in found { li {
            a href={ (crate::urls::support_articles(project_id)) "/" (a.id) } { (a.title) }
            " " (badge(kind_label(l, &a.kind), if a.kind == "known_issue" { "warn" } else { "info" }))
            " " span.muted { (module_label(l, &a.module)) }
            @if !a.published { " " (badge(l.t("Draft", "Borrador"), "")) }
        } } }
    }
}

pub(super) fn new_ticket_page(
    ctx: &Ctx,
    acc: &Access,
    q: &SearchParams,
    found: &[support_article::Model],
    form: &TicketForm,
    e: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let base = crate::urls::support(p.id);
    let heading = l.t("Report a problem", "Comunicar un problema");
    let mut modules: Vec<(&str, &str)> = vec![("", l.t("Any part", "Cualquier parte"))];
    modules.extend(MODULES.iter().map(|m| (*m, module_label(l, m))));
    let none = FormErrors::new();
    let required_modules: Vec<(&str, &str)> = MODULES.iter().map(|m| (*m, module_label(l, m))).collect();
    let severities: Vec<(&str, &str)> = SEVERITIES.iter().map(|s| (*s, severity_label(l, s))).collect();
    layout::page(
        ctx,
        heading,
        html! {
            (crumbs(ctx, p, &[(title(ctx), Some(base.clone())), (heading, None)]))
            h1 { (heading) }
            div.card {
                h2 { (l.t("1. Is it already answered?", "1. ¿Ya tiene respuesta?")) }
                form.filters method="get" action={ (base) "/new" } role="search" {
                    div.field { label for="q" { (l.t("Describe it in a few words", "Descríbalo en pocas palabras")) } input #q type="search" name="q" value=(q.q); }
                    (select("area", l.t("Part of the ERP", "Parte del ERP"), &modules, &q.module, &none))
                    button.secondary type="submit" { (l.t("Search", "Buscar")) }
                }
                @if !q.q.trim().is_empty() || !q.module.is_empty() {
                    @if found.is_empty() {
                        p.muted { (l.t("No known issue or how-to answer matches. Tell us below.", "Ningún problema conocido ni guía coincide. Cuéntenoslo abajo.")) }
                    } @else {
                        p { (l.t("These answers may already solve it:", "Estas respuestas quizá ya lo resuelvan:")) }
                        (article_list(ctx, p.id, found))
                    }
                }
            }
            div.card {
                h2 { (l.t("2. Tell the support team", "2. Avise al equipo de soporte")) }
                (error_summary(l, e))
                form method="post" action=(base) novalidate {
                    (csrf_field(ctx))
                    div.grid {
                        (select_required(l, "module", l.t("Part of the ERP", "Parte del ERP"), &required_modules, &form.module, e))
                        (select_required(l, "severity", l.t("How serious is it?", "¿Qué gravedad tiene?"), &severities, &form.severity, e))
                    }
                    dl.facts { @for s in SEVERITIES { dt { (severity_label(l, s)) } dd { (severity_meaning(l, s)) } } }
                    (field("title", l.t("The problem in one line", "El problema en una línea"), "text", &form.title, e, FieldAttrs::required().max(200)))
                    (field("description", l.t("What did you do, what did you expect, what happened?", "¿Qué hizo, qué esperaba y qué pasó?"), "textarea", &form.description, e, FieldAttrs::required().max(8000)))
                    button type="submit" { (l.t("Send ticket", "Enviar incidencia")) }
                }
            }
        },
    )
}

/// The messages of a ticket with their authors' names and the titles of linked articles.
pub struct Conversation {
    pub messages: Vec<support_message::Model>,
    pub names: HashMap<i32, String>,
    pub articles: HashMap<i32, String>,
    /// (id, file name, size)
    pub files: Vec<(i32, String, i32)>,
}

impl Conversation {
    pub async fn load(db: &impl ConnectionTrait, t: &support_ticket::Model) -> Result<Conversation, DbErr> {
        let messages = super::store::messages(db, t.id).await?;
        let ids = messages.iter().filter_map(|m| m.author_id).chain(t.reporter_id).chain(t.assignee_id);
        let names = crate::needs::store::owner_names(db, ids).await?;
        let aids: Vec<i32> = messages.iter().filter_map(|m| m.article_id).chain(t.article_id).collect();
        let articles = support_article::Entity::find()
            .filter(support_article::Column::ProjectId.eq(t.project_id))
            .filter(support_article::Column::Id.is_in(aids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.title))
            .collect();
        let files = super::attachments::list(db, t.id).await?;
        Ok(Conversation { messages, names, articles, files })
    }
}

pub(super) fn facts(ctx: &Ctx, t: &support_ticket::Model, c: &Conversation) -> Markup {
    let l = ctx.lang;
    let who = |id: Option<i32>| id.and_then(|i| c.names.get(&i).cloned()).unwrap_or_else(|| "—".into());
    html! {
        dl.facts {
            dt { (l.t("Reported by", "Comunicada por")) } dd { (who(t.reporter_id)) " · " (l.datetime(t.created_at)) }
            dt { (l.t("Part of the ERP", "Parte del ERP")) } dd { (module_label(l, &t.module)) }
            dt { (l.t("Severity", "Gravedad")) } dd { (badge(severity_label(l, &t.severity), severity_class(&t.severity))) " " span.muted { (severity_meaning(l, &t.severity)) } }
            dt { (l.t("Status", "Estado")) } dd { (badge(status_label(l, &t.status), status_class(&t.status))) }
            dt { (l.t("Handled by", "Atendida por")) } dd { (who(t.assignee_id)) }
            dt { (l.t("First answer", "Primera respuesta")) } dd { @match t.first_response_at { Some(at) => (l.datetime(at)), None => { (l.f("due by {0}", "prevista antes de {0}", &[&l.datetime(t.response_due_at)])) } } }
            dt { (l.t("Resolved", "Resuelta")) } dd { @match t.resolved_at { Some(at) => (l.datetime(at)), None => { (l.f("due by {0}", "prevista antes de {0}", &[&l.datetime(t.resolution_due_at)])) } } }
        }
        p.pre { (t.description) }
    }
}

/// The ticket's files and, while it is not closed, the form to add one.
pub(super) fn files(ctx: &Ctx, t: &support_ticket::Model, c: &Conversation) -> Markup {
    let l = ctx.lang;
    let base = format!("{}/attachments", crate::urls::support_ticket(t.project_id, t.id));
    html! {
        h2 { (l.t("Files", "Archivos")) }
        @if c.files.is_empty() { p.muted { (l.t("No file attached.", "Ningún archivo adjunto.")) } }
        ul { @for (id, name, size) in &c.files { li { a href={ (base) "/" (id) } { (name) } " " span.muted { "(" ((*size as u32).div_ceil(1024)) " KB)" } } } }
        @if t.status != "closed" {
            form.inline method="post" action=(base) enctype="multipart/form-data" {
                (csrf_field(ctx))
                label for="attachment" { (l.t("Add a screenshot or document (5 MB at most)", "Añadir una captura o un documento (5 MB como máximo)")) }
                " " input #attachment type="file" name="file" accept=".png,.jpg,.jpeg,.gif,.pdf,.txt,.csv,.xlsx,.docx";
                " " button.secondary type="submit" { (l.t("Attach", "Adjuntar")) }
            }
        }
    }
}

pub(super) fn conversation(ctx: &Ctx, project_id: i32, c: &Conversation) -> Markup {
    let l = ctx.lang;
    html! {
        h2 { (l.t("Conversation", "Conversación")) }
        @if c.messages.is_empty() { p.muted { (l.t("No answers yet.", "Aún no hay respuestas.")) } }
        @for m in &c.messages {
            div.card.(if m.from_team { "team" } else { "" }) {
                p.muted { strong { (m.author_id.and_then(|a| c.names.get(&a).cloned()).unwrap_or_else(|| "—".into())) }
                    @if m.from_team { " · " (l.t("support team", "equipo de soporte")) } " · " (l.datetime(m.created_at)) }
                p.pre { (m.body) }
                @if let Some(a) = m.article_id { p { (l.t("See:", "Vea:")) " " a href={ (crate::urls::support_articles(project_id)) "/" (a) } { (c.articles.get(&a).cloned().unwrap_or_default()) } } }
            }
        }
    }
}

pub(super) fn reporter_page(
    ctx: &Ctx,
    acc: &Access,
    t: &support_ticket::Model,
    c: &Conversation,
    form: &ReplyForm,
    e: &FormErrors,
    can_reopen: bool,
) -> Markup {
    let l = ctx.lang;
    let p = &acc.project;
    let heading = format!("#{} {}", t.id, t.title);
    layout::page(
        ctx,
        &heading,
        html! {
            (crumbs(ctx, p, &[(title(ctx), Some(crate::urls::support(p.id))), (&heading, None)]))
            h1 { (heading) }
            div.card { (facts(ctx, t, c)) (files(ctx, t, c)) }
            (conversation(ctx, p.id, c))
            @if t.status != "closed" {
                div.card {
                    h2 { (l.t("Answer the support team", "Responder al equipo de soporte")) }
                    (error_summary(l, e))
                    form method="post" action={ (crate::urls::support_ticket(p.id, t.id)) "/reply" } novalidate {
                        (csrf_field(ctx))
                        (field("body", l.t("Your answer", "Su respuesta"), "textarea", &form.body, e, FieldAttrs::required().max(4000)))
                        @if can_reopen {
                            div.field { label { input type="checkbox" name="reopen" value="1" checked[form.reopen == "1"]; " " (l.t("It is not solved: reopen the ticket", "No está resuelto: reabrir la incidencia")) } }
                        }
                        button type="submit" { (l.t("Send", "Enviar")) }
                    }
                }
            } @else {
                div.card {
                    p { (l.t("This ticket is closed; file a new one if the problem is back.", "Esta incidencia está cerrada; abra una nueva si el problema ha vuelto.")) " "
                        a href={ (crate::urls::support(p.id)) "/new" } { (l.t("New ticket", "Nueva incidencia")) } }
                    // An answer sent as it was being closed: the message and the text, so nothing is lost.
                    @if !e.is_empty() {
                        (error_summary(l, e))
                        @if !form.body.trim().is_empty() { p.muted { (l.t("What you wrote:", "Lo que escribió:")) } p.pre { (form.body) } }
                    }
                }
            }
        },
    )
}
