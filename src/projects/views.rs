//! Project pages.

use super::access::{Access, MEMBER_ROLES, role_label};
use super::form::{MemberForm, ProjectForm, SECTORS, SIZES, sector_label, size_label};
use super::store::{ListQuery, MemberRow, ProjectRow};
use crate::entities::project;
use crate::web::components::{FieldAttrs, breadcrumbs, csrf_field, error_summary, field, pagination, progress, select};
use crate::web::forms::ListParams;
use crate::web::nav::crumbs;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

pub fn list(ctx: &Ctx, p: &ListParams, q: &ListQuery<'_>, rows: &[ProjectRow], total: u64, can_create: bool) -> Markup {
    let l = ctx.lang;
    let title = l.t("Rollout projects", "Proyectos de implantación");
    let pages = total.div_ceil(q.per_page);
    let sort_link = |key: &str, label: &str| {
        let desc = q.sort.key() == key && !q.desc;
        let href = format!(
            "/projects?{}",
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("q", &p.q)
                .append_pair("sort", key)
                .append_pair("dir", if desc { "desc" } else { "asc" })
                .finish()
        );
        let mark = if q.sort.key() == key { if q.desc { " ↓" } else { " ↑" } } else { "" };
        html! { a href=(href) { (label) (mark) } }
    };
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            div.actions {
                @if can_create { a.button href="/projects/new" { (l.t("New project", "Nuevo proyecto")) } " " a.button.secondary href="/portfolio" { (l.t("Portfolio: readiness of every rollout", "Cartera: preparación de cada implantación")) } }
                a.button.secondary href="/projects.csv" { (l.t("Export CSV", "Exportar CSV")) }
            }
            form.search method="get" action="/projects" role="search" {
                div.field {
                    label for="q" { (l.t("Search by name or company", "Buscar por nombre o empresa")) }
                    input #q type="search" name="q" value=(p.q);
                }
                input type="hidden" name="sort" value=(q.sort.key());
                button.secondary type="submit" { (l.t("Search", "Buscar")) }
            }
            @if rows.is_empty() {
                div.empty {
                    @if !p.q.is_empty() {
                        p { (l.t("No project matches your search.", "Ningún proyecto coincide con su búsqueda.")) }
                        a href="/projects" { (l.t("Clear the search", "Borrar la búsqueda")) }
                    } @else if can_create {
                        p { (l.t("No rollout yet. Create the first one: it comes with the five phases and their checklists.",
                                 "Aún no hay implantaciones. Cree la primera: incluye las cinco fases y sus listas de control.")) }
                        a.button href="/projects/new" { (l.t("New project", "Nuevo proyecto")) }
                    } @else {
                        p { (l.t("You are not a member of any project yet. Ask your project manager to add you.",
                                 "Todavía no es miembro de ningún proyecto. Pida a su jefe de proyecto que le añada.")) }
                    }
                }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (sort_link("name", l.t("Project", "Proyecto"))) }
                        th scope="col" { (sort_link("company", l.t("Company", "Empresa"))) }
                        th scope="col" { (l.t("Size", "Tamaño")) }
                        th scope="col" { (sort_link("start", l.t("Start", "Inicio"))) }
                        th scope="col" { (sort_link("go_live", l.t("Go-live", "Puesta en marcha"))) }
                        th scope="col" { (l.t("Checklist progress", "Avance de las listas")) }
                    } }
                    tbody {
                        @for r in rows {
                            tr {
                                td { a href=(crate::urls::project(r.id)) { (r.name) } }
                                td { (r.company) }
                                td { (size_label(l, &r.size)) }
                                td { (l.date(r.start_date)) }
                                td { (l.date(r.go_live_date)) }
                                td { (progress(r.items_done, r.items_total, l.t("Done", "Hecho"))) }
                            }
                        }
                    }
                }
                (pagination(l, "/projects", &[("q", p.q.clone()), ("sort", q.sort.key().into()), ("dir", p.dir.clone())], q.page, pages, total))
            }
        },
    )
}

pub fn form_page(ctx: &Ctx, existing: Option<&project::Model>, form: &ProjectForm, errors: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = match existing {
        Some(_) => l.t("Edit project", "Editar proyecto"),
        None => l.t("New rollout project", "Nuevo proyecto de implantación"),
    };
    let action = existing.map(|p| crate::urls::project(p.id)).unwrap_or_else(|| "/projects".into());
    let sizes: Vec<(&str, &str)> = SIZES.iter().map(|s| (*s, size_label(l, s))).collect();
    let sectors: Vec<(&str, &str)> = SECTORS.iter().map(|s| (*s, sector_label(l, s))).collect();
    layout::page(
        ctx,
        title,
        html! {
            (breadcrumbs(&[(l.t("Projects", "Proyectos"), Some("/projects".into())), (title, None)]))
            h1 { (title) }
            div.card {
                (error_summary(l, errors))
                form method="post" action=(action) novalidate {
                    (csrf_field(ctx))
                    (field("name", l.t("Project name", "Nombre del proyecto"), "text", &form.name, errors, FieldAttrs::required().max(160)))
                    (field("company", l.t("Company", "Empresa"), "text", &form.company, errors, FieldAttrs::required().max(160).auto("organization")))
                    (select("size", l.t("Company size", "Tamaño de la empresa"), &sizes, &form.size, errors))
                    (select("sector", l.t("Sector", "Sector"), &sectors, &form.sector, errors))
                    (field("start_date", l.t("Start date", "Fecha de inicio"), "date", &form.start_date, errors, FieldAttrs::required()))
                    (field("go_live_date", l.t("Target go-live", "Puesta en marcha prevista"), "date", &form.go_live_date, errors,
                        FieldAttrs::required().hint(l.t("The guide expects 6 months to more than a year, depending on size.",
                                                        "La guía prevé de 6 meses a más de un año, según el tamaño."))))
                    div.actions {
                        button type="submit" { (l.t("Save", "Guardar")) }
                        a href=(existing.map(|p| crate::urls::project(p.id)).unwrap_or_else(|| "/projects".into())) { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}

pub struct MembersView<'a> {
    pub members: &'a [MemberRow],
    /// (id, "Entity / Site / Department")
    pub departments: &'a [(i32, String)],
}

pub fn members(ctx: &Ctx, acc: &Access, v: &MembersView<'_>, form: &MemberForm, errors: &FormErrors) -> Markup {
    let l = ctx.lang;
    let members = v.members;
    let dept_ids: Vec<String> = v.departments.iter().map(|d| d.0.to_string()).collect();
    let mut depts: Vec<(&str, &str)> = vec![
        ("", l.t("Unchanged (none for a new member)", "Sin cambios (ninguno para un miembro nuevo)")),
        ("none", l.t("No department", "Sin departamento")),
    ];
    depts.extend(v.departments.iter().zip(&dept_ids).map(|((_, n), id)| (id.as_str(), n.as_str())));
    let dept_name =
        |id: Option<i32>| id.and_then(|d| v.departments.iter().find(|x| x.0 == d)).map(|x| x.1.as_str()).unwrap_or("");
    let p = &acc.project;
    let title = l.t("Members", "Miembros");
    let roles: Vec<(&str, &str)> = MEMBER_ROLES.iter().map(|r| (*r, role_label(l, r))).collect();
    layout::page(
        ctx,
        title,
        html! {
            (crumbs(ctx, p, &[(title, None)]))
            h1 { (title) }
            div.actions { a.button.secondary href={ (crate::urls::members(p.id)) ".csv" } { (l.t("Export CSV", "Exportar CSV")) } }
            table {
                thead { tr {
                    th scope="col" { (l.t("Name", "Nombre")) }
                    th scope="col" { (l.t("Email", "Correo")) }
                    th scope="col" { (l.t("Role in this project", "Rol en este proyecto")) }
                    th scope="col" { (l.t("Department", "Departamento")) }
                    th scope="col" { abbr title=(l.t("Runs test cycles and triages support with the PM", "Dirige ciclos de prueba y clasifica el soporte con el jefe de proyecto")) { (l.t("Key user", "Usuario clave")) } }
                    @if acc.can_manage() { th scope="col" { span.muted { (l.t("Actions", "Acciones")) } } }
                } }
                tbody {
                    @for m in members {
                        tr {
                            td { (m.name) }
                            td { (m.email) }
                            td { (role_label(l, &m.role)) }
                            td { (dept_name(m.department_id)) }
                            td { @if m.key_user { (crate::web::components::badge(l.t("key user", "usuario clave"), "info")) } }
                            @if acc.can_manage() {
                                td {
                                    @if m.role != "pm" {
                                        form.inline method="post" action={ (crate::urls::members(p.id)) "/" (m.id) "/key-user" } {
                                            (csrf_field(ctx))
                                            input type="hidden" name="key_user" value=(if m.key_user { "0" } else { "1" });
                                            button.link type="submit" { @if m.key_user { (l.t("Not a key user", "Quitar usuario clave")) } @else { (l.t("Make key user", "Hacer usuario clave")) } }
                                        }
                                        " · "
                                    }
                                    a href={ (crate::urls::members(p.id)) "/" (m.id) "/remove" } { (l.t("Remove", "Quitar")) }
                                }
                            }
                        }
                    }
                }
            }
            @if acc.can_manage() {
                h2 { (l.t("Add a member or change a role or department", "Añadir un miembro o cambiar su rol o departamento")) }
                div.card {
                    (error_summary(l, errors))
                    form method="post" action=(crate::urls::members(p.id)) novalidate {
                        (csrf_field(ctx))
                        (field("email", l.t("Email of an existing user", "Correo de un usuario existente"), "email", &form.email, errors, FieldAttrs::required()))
                        (select("role", l.t("Project role", "Rol en el proyecto"), &roles, if form.role.is_empty() { "employee" } else { &form.role }, errors))
                        @if v.departments.is_empty() {
                            p.hint { (l.t("Departments come from Plan → Organization; training sessions can be aimed at them.", "Los departamentos vienen de Plan → Organización; las sesiones de formación pueden dirigirse a ellos.")) }
                        } @else {
                            (select("department_id", l.t("Department", "Departamento"), &depts, &form.department_id, errors))
                        }
                        button type="submit" { (l.t("Add to project", "Añadir al proyecto")) }
                    }
                }
            }
        },
    )
}

pub fn remove_member(ctx: &Ctx, acc: &Access, m: &MemberRow) -> Markup {
    let l = ctx.lang;
    let title = l.t("Remove member", "Quitar miembro");
    let back = crate::urls::members(acc.project.id);
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            div.card {
                p { (l.f("Remove {0} from {1}? They will lose access to this project at once.",
                         "¿Quitar a {0} de {1}? Perderá el acceso a este proyecto de inmediato.", &[&m.name, &acc.project.name])) }
                form method="post" action={ (back) "/" (m.id) "/remove" } {
                    (csrf_field(ctx))
                    div.actions {
                        button.danger type="submit" { (l.t("Remove", "Quitar")) }
                        a href=(back) { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}
