//! The second-factor settings page: enrolment (QR code and key), the recovery codes shown once,
//! and the settings of an enrolled person.

use crate::entities::user;
use crate::web::components::{csrf_field, error_summary};
use crate::web::{Ctx, FormErrors, layout};
use maud::{Markup, html};

fn codes_list(ctx: &Ctx, codes: &[String]) -> Markup {
    let l = ctx.lang;
    html! {
        div.card {
            h2 { (l.t("Your recovery codes", "Sus códigos de recuperación")) }
            p { (l.t("Each one signs you in once if you lose your phone. Keep them somewhere safe (printed, or in a password manager): they are shown only now.",
                     "Cada uno le permite entrar una vez si pierde el teléfono. Guárdelos en un lugar seguro (impresos o en un gestor de contraseñas): solo se muestran ahora.")) }
            ol.recovery { @for c in codes { li { code { (c) } } } }
            a.button href="/home" { (l.t("I have saved them", "Ya los he guardado")) }
        }
    }
}

pub(super) fn page(
    ctx: &Ctx,
    u: &user::Model,
    enrol: Option<(&str, &str)>,
    required: bool,
    e: &FormErrors,
    codes: Option<&[String]>,
) -> Markup {
    let l = ctx.lang;
    let title = l.t("Two-factor authentication", "Verificación en dos pasos");
    layout::page(
        ctx,
        title,
        html! {
            h1 { (title) }
            @if let Some(codes) = codes {
                (codes_list(ctx, codes))
            } @else if u.totp_enabled_at.is_some() {
                p { span.badge.ok { (l.t("On", "Activada")) } " " (l.t("You confirm each sign-in with a code from your authenticator app.", "Confirma cada inicio de sesión con un código de su aplicación de autenticación.")) }
                (error_summary(l, e))
                div.card {
                    h2 { (l.t("New recovery codes", "Nuevos códigos de recuperación")) }
                    p { (l.t("Replaces the ten codes you have. Type a code from your app to confirm.", "Sustituye los diez códigos que tiene. Escriba un código de su aplicación para confirmar.")) }
                    form method="post" action="/account/2fa/recovery" {
                        (csrf_field(ctx))
                        label for="f-code" { (l.t("Code from the app", "Código de la aplicación")) }
                        input #f-code name="code" inputmode="numeric" autocomplete="one-time-code" required;
                        button type="submit" { (l.t("Make new codes", "Generar códigos nuevos")) }
                    }
                }
                @if !required {
                    div.card {
                        h2 { (l.t("Turn off", "Desactivar")) }
                        form method="post" action="/account/2fa/disable" {
                            (csrf_field(ctx))
                            label for="f-code-off" { (l.t("Code from the app", "Código de la aplicación")) }
                            input #f-code-off name="code" inputmode="numeric" autocomplete="one-time-code" required;
                            button.danger type="submit" { (l.t("Turn off two-factor authentication", "Desactivar la verificación en dos pasos")) }
                        }
                    }
                }
            } @else if let Some((qr, secret)) = enrol {
                @if required { div.flash.flash-error role="alert" { (l.t("Your role requires a second factor: set it up to continue.", "Su rol exige un segundo factor: configúrelo para continuar.")) } }
                ol {
                    li { (l.t("Install an authenticator app (Aegis, FreeOTP, Google or Microsoft Authenticator…).", "Instale una aplicación de autenticación (Aegis, FreeOTP, Google o Microsoft Authenticator…).")) }
                    li { (l.t("Scan this code with it, or type the key below.", "Escanee este código con ella o escriba la clave de abajo.")) }
                    li { (l.t("Type the six-digit code the app shows.", "Escriba el código de seis cifras que muestra la aplicación.")) }
                }
                div.card {
                    img.qr src=(qr) alt=(l.t("QR code to add ERP Rollout to your authenticator app", "Código QR para añadir ERP Rollout a su aplicación de autenticación")) width="240" height="240";
                    p { (l.t("Key:", "Clave:")) " " code #totp-key { (secret) } }
                    (error_summary(l, e))
                    form method="post" action="/account/2fa/enable" {
                        (csrf_field(ctx))
                        label for="f-code" { (l.t("Code from the app", "Código de la aplicación")) }
                        input #f-code name="code" inputmode="numeric" autocomplete="one-time-code" required;
                        button type="submit" { (l.t("Turn on", "Activar")) }
                    }
                }
            }
        },
    )
}
