//! Admin pages.

use super::form::{MembershipForm, UserForm};
use super::store::{MembershipRow, PICKER_LIMIT, ProjectPicker};
use crate::entities::user;
use crate::projects::access::{MEMBER_ROLES, role_label};
use crate::web::components::{FieldAttrs, badge, breadcrumbs, csrf_field, error_summary, field, pagination, select};
use crate::web::forms::ListParams;
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

/// The administration's own sections, at the top of each admin page.
pub fn admin_tabs(ctx: &Ctx) -> Markup {
    let l = ctx.lang;
    let items =
        [("/admin/users", l.t("Users", "Usuarios")), ("/admin/audit", l.t("Audit log", "Registro de auditoría"))];
    html! {
        nav.tabs aria-label=(l.t("Administration", "Administración")) {
            @for (href, label) in items {
                a href=(href) aria-current=[ctx.path.starts_with(href).then_some("page")] { (label) }
            }
        }
    }
}

pub fn list(ctx: &Ctx, p: &ListParams, page: u64, per_page: u64, rows: &[super::store::UserRow], total: u64) -> Markup {
    let l = ctx.lang;
    let title = l.t("Users", "Usuarios");
    let sort_link = |key: &str, label: &str| {
        let desc = p.sort == key && p.dir != "desc";
        let qs = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &p.q)
            .append_pair("sort", key)
            .append_pair("dir", if desc { "desc" } else { "asc" })
            .finish();
        html! { a href={ "/admin/users?" (qs) } { (label) } }
    };
    layout::page(
        ctx,
        title,
        html! {
            (admin_tabs(ctx))
            h1 { (title) }
            div.actions {
                a.button href="/admin/users/new" { (l.t("New user", "Nuevo usuario")) }
                a.button.secondary href="/admin/users.csv" { (l.t("Export CSV", "Exportar CSV")) }
            }
            form.search method="get" action="/admin/users" role="search" {
                div.field {
                    label for="q" { (l.t("Search by name or email", "Buscar por nombre o correo")) }
                    input #q type="search" name="q" value=(p.q);
                }
                button.secondary type="submit" { (l.t("Search", "Buscar")) }
            }
            @if rows.is_empty() {
                div.empty {
                    p { (l.t("No user matches.", "Ningún usuario coincide.")) }
                    a href="/admin/users" { (l.t("Clear the search", "Borrar la búsqueda")) }
                }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (sort_link("name", l.t("Name", "Nombre"))) }
                        th scope="col" { (sort_link("email", l.t("Email", "Correo"))) }
                        th scope="col" { (sort_link("role", l.t("Role", "Rol"))) }
                        th scope="col" { (l.t("Status", "Estado")) }
                        th scope="col" { (sort_link("created", l.t("Created", "Creado"))) }
                    } }
                    tbody {
                        @for u in rows {
                            tr {
                                td { a href=(crate::urls::admin_user(u.id)) { (u.name) } }
                                td { (u.email) }
                                td { (role_label(l, &u.role)) }
                                td { @if u.disabled_at.is_some() { (badge(l.t("Disabled", "Desactivado"), "bad")) } @else { (badge(l.t("Active", "Activo"), "ok")) } }
                                td { (l.datetime(u.created_at)) }
                            }
                        }
                    }
                }
                (pagination(l, "/admin/users", &[("q", p.q.clone()), ("sort", p.sort.clone()), ("dir", p.dir.clone())], page, total.div_ceil(per_page), total))
            }
        },
    )
}

pub fn new_user(ctx: &Ctx, form: &UserForm, errors: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = l.t("New user", "Nuevo usuario");
    let roles: Vec<(&str, &str)> = crate::auth::store::ROLES.iter().map(|r| (*r, role_label(l, r))).collect();
    let langs = [("es", "Español"), ("en", "English")];
    layout::page(
        ctx,
        title,
        html! {
            (breadcrumbs(&[(l.t("Users", "Usuarios"), Some("/admin/users".into())), (title, None)]))
            (admin_tabs(ctx))
            h1 { (title) }
            div.card {
                (error_summary(l, errors))
                form method="post" action="/admin/users" novalidate {
                    (csrf_field(ctx))
                    (field("name", l.t("Full name", "Nombre completo"), "text", &form.name, errors, FieldAttrs::required().max(120)))
                    (field("email", l.t("Email", "Correo electrónico"), "email", &form.email, errors, FieldAttrs::required()))
                    (select("role", l.t("Role", "Rol"), &roles, &form.role, errors))
                    (select("locale", l.t("Language", "Idioma"), &langs, &form.locale, errors))
                    (field("password", l.t("Initial password", "Contraseña inicial"), "password", "", errors,
                        FieldAttrs::required().auto("new-password").hint(l.t("At least 12 characters. Give it to the person by a separate channel.",
                                                                              "Al menos 12 caracteres. Comuníquela a la persona por otro canal."))))
                    div.actions {
                        button type="submit" { (l.t("Create user", "Crear usuario")) }
                        a href="/admin/users" { (l.t("Cancel", "Cancelar")) }
                    }
                }
            }
        },
    )
}

pub fn show(
    ctx: &Ctx,
    u: &user::Model,
    memberships: &[MembershipRow],
    picker: &ProjectPicker,
    form: &MembershipForm,
    errors: &FormErrors,
) -> Markup {
    let l = ctx.lang;
    let roles: Vec<(&str, &str)> = MEMBER_ROLES.iter().map(|r| (*r, role_label(l, r))).collect();
    layout::page(
        ctx,
        &u.name,
        html! {
            (breadcrumbs(&[(l.t("Users", "Usuarios"), Some("/admin/users".into())), (&u.name, None)]))
            (admin_tabs(ctx))
            h1 { (u.name) }
            div.card {
                dl.facts {
                    dt { (l.t("Email", "Correo")) } dd { (u.email) }
                    dt { (l.t("Role", "Rol")) } dd { (role_label(l, &u.role)) }
                    dt { (l.t("Status", "Estado")) } dd {
                        @if let Some(at) = u.disabled_at { (badge(l.t("Disabled", "Desactivado"), "bad")) " " (l.datetime(at)) }
                        @else { (badge(l.t("Active", "Activo"), "ok")) }
                    }
                }
                div.actions {
                    @if u.disabled_at.is_some() {
                        form.inline method="post" action={ (crate::urls::admin_user(u.id)) "/enable" } {
                            (csrf_field(ctx)) button type="submit" { (l.t("Enable", "Activar")) }
                        }
                    } @else {
                        form.inline method="post" action={ (crate::urls::admin_user(u.id)) "/disable" } {
                            (csrf_field(ctx)) button.danger type="submit" { (l.t("Disable and sign out", "Desactivar y desconectar")) }
                        }
                    }
                }
            }
            h2 { (l.t("Security and personal data", "Seguridad y datos personales")) }
            div.card {
                p { (l.t("Second factor:", "Segundo factor:")) " "
                    @if u.totp_enabled_at.is_some() { (badge(l.t("On", "Activado"), "ok")) } @else { (badge(l.t("Off", "Desactivado"), "")) } }
                div.actions {
                    @if u.anonymized_at.is_none() {
                        a.button.secondary href={ (crate::urls::admin_user(u.id)) "/password" } { (l.t("Set a new password…", "Asignar una contraseña nueva…")) }
                    }
                    form.inline method="post" action={ (crate::urls::admin_user(u.id)) "/sessions/end" } {
                        (csrf_field(ctx)) button.secondary type="submit" { (l.t("End all sessions", "Cerrar todas las sesiones")) }
                    }
                    @if u.totp_enabled_at.is_some() {
                        form.inline method="post" action={ (crate::urls::admin_user(u.id)) "/2fa/reset" } {
                            (csrf_field(ctx)) button.secondary type="submit" { (l.t("Reset the second factor (lost phone)", "Restablecer el segundo factor (teléfono perdido)")) }
                        }
                    }
                    a.button.secondary href={ (crate::urls::admin_user(u.id)) "/personal-data.json" } { (l.t("Export personal data (JSON)", "Exportar datos personales (JSON)")) }
                    @if u.anonymized_at.is_none() {
                        a.button.danger href={ (crate::urls::admin_user(u.id)) "/anonymize" } { (l.t("Erase personal data…", "Borrar datos personales…")) }
                    }
                }
            }
            h2 { (l.t("Projects", "Proyectos")) }
            @if memberships.is_empty() {
                div.empty { p { (l.t("Not a member of any project yet. Add one below.", "Aún no es miembro de ningún proyecto. Añada uno abajo.")) } }
            } @else {
                table {
                    thead { tr { th scope="col" { "#" } th scope="col" { (l.t("Project", "Proyecto")) } th scope="col" { (l.t("Role", "Rol")) } } }
                    tbody { @for m in memberships { tr {
                        td { (m.project_id) }
                        td { a href=(crate::urls::project(m.project_id)) { (m.project_name) } }
                        td { (role_label(l, &m.role)) }
                    } } }
                }
            }
            h2 #add-project { (l.t("Add to a project", "Añadir a un proyecto")) }
            div.card {
                (error_summary(l, errors))
                form.search method="get" action={ (crate::urls::admin_user(u.id)) "#add-project" } role="search" {
                    div.field {
                        label for="f-project_q" { (l.t("Find a project by name or company", "Buscar un proyecto por nombre o empresa")) }
                        input #f-project_q type="search" name="project_q" value=(picker.search);
                    }
                    button.secondary type="submit" { (l.t("Search", "Buscar")) }
                }
                @if picker.rows.is_empty() {
                    p.empty { (l.t("No project matches.", "Ningún proyecto coincide.")) }
                } @else {
                    @if picker.total > PICKER_LIMIT {
                        p.muted { (l.f("The first {0} of {1} projects, by name. Search to narrow the list.", "Los {0} primeros de {1} proyectos, por nombre. Busque para acotar la lista.", &[&PICKER_LIMIT, &picker.total])) }
                    }
                    @let ids: Vec<String> = picker.rows.iter().map(|r| r.0.to_string()).collect();
                    @let labels: Vec<String> = picker.rows.iter().map(|r| format!("{} — {} (#{})", r.1, r.2, r.0)).collect();
                    @let opts: Vec<(&str, &str)> = ids.iter().zip(&labels).map(|(i, n)| (i.as_str(), n.as_str())).collect();
                    form method="post" action={ (crate::urls::admin_user(u.id)) "/memberships" } novalidate {
                        (csrf_field(ctx))
                        input type="hidden" name="project_q" value=(picker.search);
                        (select("project_id", l.t("Project", "Proyecto"), &opts, &form.project_id, errors))
                        (select("role", l.t("Project role", "Rol en el proyecto"), &roles, if form.role.is_empty() { "employee" } else { &form.role }, errors))
                        button type="submit" { (l.t("Save membership", "Guardar pertenencia")) }
                    }
                }
            }
        },
    )
}
