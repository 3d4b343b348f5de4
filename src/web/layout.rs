//! The page frame: header with role-aware navigation, flash message, main content, footer.

use super::{Ctx, flash};
use maud::{DOCTYPE, Markup, html};

pub fn page(ctx: &Ctx, title: &str, content: Markup) -> Markup {
    let l = ctx.lang;
    html! {
        (DOCTYPE)
        html lang=(l.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · ERP Rollout" }
                link rel="stylesheet" href=(super::assets::CSS_PATH);
            }
            body {
                a.skip href="#main" { (l.t("Skip to content", "Saltar al contenido")) }
                header.top {
                    a.brand href="/" { "ERP Rollout" }
                    nav aria-label=(l.t("Main", "Principal")) {
                        @if let Some(v) = &ctx.viewer {
                            a href="/home" aria-current=[current(ctx, "/home")] { (l.t("Home", "Inicio")) }
                            a href="/projects" aria-current=[current(ctx, "/projects")] { (l.t("Projects", "Proyectos")) }
                            @if v.is_admin() {
                                a href="/admin/users" aria-current=[current(ctx, "/admin")] { (l.t("Users", "Usuarios")) }
                            }
                            a href="/account" aria-current=[current(ctx, "/account")] { (v.user.name) }
                            form.inline method="post" action="/logout" {
                                (super::components::csrf_field(ctx))
                                button.link type="submit" { (l.t("Sign out", "Cerrar sesión")) }
                            }
                        } @else {
                            a href="/login" { (l.t("Sign in", "Iniciar sesión")) }
                        }
                    }
                }
                main #main {
                    @if let Some(f) = &ctx.flash {
                        div.flash.(if f.kind == flash::Kind::Error { "flash-error" } else { "flash-ok" })
                            role=(if f.kind == flash::Kind::Error { "alert" } else { "status" }) {
                            (f.message)
                        }
                    }
                    (content)
                }
                footer.foot {
                    (l.t("ERP Rollout — needs, selection, implementation, training, evaluation.",
                         "ERP Rollout — necesidades, selección, implantación, formación, evaluación."))
                }
            }
        }
    }
}

fn current(ctx: &Ctx, prefix: &str) -> Option<&'static str> {
    ctx.path.starts_with(prefix).then_some("page")
}
