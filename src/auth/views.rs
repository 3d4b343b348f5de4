//! Sign-in, setup and account pages.

use super::form::SetupForm;
use crate::web::components::{FieldAttrs, csrf_field, error_summary, field};
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

pub fn login(ctx: &Ctx, email: &str, errors: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = l.t("Sign in", "Iniciar sesión");
    layout::page(
        ctx,
        title,
        html! {
            (lang_switch(ctx, "/login"))
            div.card {
                h1 { (title) }
                form method="post" action="/login" novalidate {
                    (csrf_field(ctx))
                    @if let Some(e) = errors.get("email") { div.flash.flash-error role="alert" { (e) } }
                    (field("email", l.t("Email", "Correo electrónico"), "email", email, &FormErrors::new(), FieldAttrs::required().auto("username")))
                    (field("password", l.t("Password", "Contraseña"), "password", "", &FormErrors::new(), FieldAttrs::required().auto("current-password")))
                    button type="submit" { (title) }
                }
                p { a href="/login/forgot" { (l.t("Forgot your password?", "¿Ha olvidado su contraseña?")) } }
                @if ctx.demo {
                    div.demo {
                        strong { (l.t("Demo mode", "Modo demostración")) } ": "
                        (l.t("every demo account uses the password", "todas las cuentas de demostración usan la contraseña"))
                        " " code { (crate::seeds::demo_password()) } "."
                        ul {
                            li { code { "admin@demo.example" } " — " (l.t("administrator", "administrador")) }
                            li { code { "pm@demo.example" } " — " (l.t("project manager", "jefe de proyecto")) }
                            li { code { "trainer@demo.example" } " — " (l.t("trainer", "formador")) }
                            li { code { "employee@demo.example" } " — " (l.t("employee", "empleado")) }
                        }
                    }
                }
            }
        },
    )
}

pub fn setup(ctx: &Ctx, token: &str, form: &SetupForm, errors: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = l.t("Create the first administrator", "Crear el primer administrador");
    layout::page(
        ctx,
        title,
        html! {
            div.card {
                h1 { (title) }
                p { (l.t("This one-time link lets you create the administrator account. It stops working once used.",
                         "Este enlace de un solo uso le permite crear la cuenta de administrador. Deja de funcionar tras usarse.")) }
                (error_summary(l, errors))
                form method="post" action="/setup" novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="token" value=(token);
                    (field("name", l.t("Full name", "Nombre completo"), "text", &form.name, errors, FieldAttrs::required().max(120).auto("name")))
                    (field("email", l.t("Email", "Correo electrónico"), "email", &form.email, errors, FieldAttrs::required().auto("email")))
                    (field("password", l.t("Password", "Contraseña"), "password", "", errors,
                        FieldAttrs::required().auto("new-password").hint(l.t("At least 12 characters.", "Al menos 12 caracteres."))))
                    button type="submit" { (l.t("Create administrator", "Crear administrador")) }
                }
            }
        },
    )
}

pub fn code_page(ctx: &Ctx, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = l.t("Confirm it is you", "Confirme que es usted");
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            (error_summary(l, e))
            form.card method="post" action="/login/code" {
                (csrf_field(ctx))
                label for="f-code" { (l.t("Code from your authenticator app, or a recovery code", "Código de su aplicación de autenticación o un código de recuperación")) }
                input #f-code name="code" autocomplete="one-time-code" autofocus required;
                button type="submit" { (l.t("Sign in", "Entrar")) }
            }
            p { a href="/login" { (l.t("Start again", "Volver a empezar")) } }
        },
    )
}

pub fn forgot(ctx: &Ctx, email: &str, errors: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = l.t("Forgot your password?", "¿Ha olvidado su contraseña?");
    layout::page(
        ctx,
        title,
        html! {
            div.card {
                h1 { (title) }
                p { (l.t("Type the email address of your account. If it exists, we send it a link to choose a new password; the link works once, for 30 minutes.",
                         "Escriba el correo de su cuenta. Si existe, le enviamos un enlace para elegir una contraseña nueva; el enlace funciona una vez, durante 30 minutos.")) }
                (error_summary(l, errors))
                form method="post" action="/login/forgot" novalidate {
                    (csrf_field(ctx))
                    (field("email", l.t("Email", "Correo electrónico"), "email", email, errors, FieldAttrs::required().auto("username")))
                    button type="submit" { (l.t("Send me a link", "Enviarme un enlace")) }
                }
                p { a href="/login" { (l.t("Back to sign in", "Volver a iniciar sesión")) } }
            }
        },
    )
}

pub fn reset(ctx: &Ctx, token: &str, e: &FormErrors) -> Markup {
    let l = ctx.lang;
    let title = l.t("Choose a new password", "Elija una contraseña nueva");
    layout::page(
        ctx,
        title,
        html! {
            div.card {
                h1 { (title) }
                (error_summary(l, e))
                form method="post" action="/login/reset" novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="token" value=(token);
                    (field("new_password", l.t("New password", "Nueva contraseña"), "password", "", e, FieldAttrs::required().auto("new-password").hint(l.t("At least 12 characters. A few unrelated words make a strong, memorable passphrase.", "Al menos 12 caracteres. Unas cuantas palabras sin relación forman una frase segura y fácil de recordar."))))
                    (field("confirm", l.t("Repeat the new password", "Repita la nueva contraseña"), "password", "", e, FieldAttrs::required().auto("new-password")))
                    p.muted { (l.t("Every session of your account ends when the password changes.", "Todas las sesiones de su cuenta se cierran al cambiar la contraseña.")) }
                    button type="submit" { (l.t("Change password", "Cambiar contraseña")) }
                }
            }
        },
    )
}

/// English / Español before signing in: two small forms (a state change carries its CSRF token).
pub fn lang_switch(ctx: &Ctx, next: &str) -> Markup {
    let l = ctx.lang;
    html! {
        div.actions.lang-switch aria-label=(l.t("Language", "Idioma")) role="group" {
            @for (code, name) in [("en", "English"), ("es", "Español")] {
                form.inline method="post" action="/language" {
                    (csrf_field(ctx))
                    input type="hidden" name="lang" value=(code);
                    input type="hidden" name="next" value=(next);
                    button.link type="submit" lang=(code) aria-current=[(l.code() == code).then_some("true")] { (name) }
                }
            }
        }
    }
}
