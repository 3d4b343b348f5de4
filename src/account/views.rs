//! The settings page.

use crate::web::components::{FieldAttrs, csrf_field, error_summary, field, select};
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

/// Notification and calendar settings shown on the account page.
#[derive(Clone, Copy, Default)]
pub struct Prefs {
    pub reminders_on: bool,
    pub has_feed: bool,
    pub digest_on: bool,
}

pub fn settings(ctx: &Ctx, name: &str, locale: &str, errors: &FormErrors, prefs: Prefs) -> Markup {
    let l = ctx.lang;
    let title = l.t("Your account", "Su cuenta");
    let langs = [("", l.t("Browser language", "Idioma del navegador")), ("es", "Español"), ("en", "English")];
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            div.card {
                (error_summary(l, errors))
                form method="post" action="/account" novalidate {
                    (csrf_field(ctx))
                    (field("name", l.t("Full name", "Nombre completo"), "text", name, errors, FieldAttrs::required().max(120).auto("name")))
                    (select("locale", l.t("Language", "Idioma"), &langs, locale, errors))
                    button type="submit" { (l.t("Save", "Guardar")) }
                }
            }
            div.card #security {
                h2 { (l.t("Security", "Seguridad")) }
                ul {
                    li { a href="/account/password" { (l.t("Change your password", "Cambiar la contraseña")) } }
                    li { a href="/account/2fa" { (l.t("Two-factor authentication", "Verificación en dos pasos")) } }
                    li { a href="/account/sessions" { (l.t("Where you are signed in", "Dónde tiene la sesión iniciada")) } }
                }
            }
            div.card #notifications {
                h2 { (l.t("Reminders and calendar", "Avisos y calendario")) }
                form method="post" action="/account/reminders" {
                    (csrf_field(ctx))
                    @if prefs.reminders_on {
                        p { (l.t("You get an email when a milestone you own is due soon or overdue.", "Recibe un correo cuando un hito del que es responsable está a punto de vencer o ha vencido.")) }
                        input type="hidden" name="enabled" value="0";
                        button.secondary type="submit" { (l.t("Turn milestone reminders off", "Desactivar los avisos de hitos")) }
                    } @else {
                        p { (l.t("Milestone reminders are off.", "Los avisos de hitos están desactivados.")) }
                        input type="hidden" name="enabled" value="1";
                        button.secondary type="submit" { (l.t("Turn milestone reminders on", "Activar los avisos de hitos")) }
                    }
                }
                form method="post" action="/account/reminders" {
                    (csrf_field(ctx))
                    input type="hidden" name="kind" value="weekly_digest";
                    @if prefs.digest_on {
                        p { (l.t("Project managers get a weekly digest: readiness, new and worsening warnings, overdue milestones.", "Los jefes de proyecto reciben un resumen semanal: preparación, avisos nuevos o que empeoran, hitos vencidos.")) }
                        input type="hidden" name="enabled" value="0";
                        button.secondary type="submit" { (l.t("Turn the weekly digest off", "Desactivar el resumen semanal")) }
                    } @else {
                        p { (l.t("The weekly digest is off.", "El resumen semanal está desactivado.")) }
                        input type="hidden" name="enabled" value="1";
                        button.secondary type="submit" { (l.t("Turn the weekly digest on", "Activar el resumen semanal")) }
                    }
                }
                p { (l.t("A private calendar address shows the milestones of your projects and your training sessions in your calendar app.", "Una dirección privada de calendario muestra los hitos de sus proyectos y sus sesiones de formación en su aplicación de calendario.")) }
                div.actions {
                    form.inline method="post" action="/account/calendar" {
                        (csrf_field(ctx))
                        button.secondary type="submit" { @if prefs.has_feed { (l.t("Replace my calendar address", "Sustituir mi dirección de calendario")) } @else { (l.t("Create my calendar address", "Crear mi dirección de calendario")) } }
                    }
                    @if prefs.has_feed {
                        form.inline method="post" action="/account/calendar/revoke" {
                            (csrf_field(ctx))
                            button.secondary type="submit" { (l.t("Revoke it", "Revocarla")) }
                        }
                    }
                }
            }
        },
    )
}
