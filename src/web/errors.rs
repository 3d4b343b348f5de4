//! Translated 400/403/404/500/503 pages, rendered by middleware so the page knows the request's
//! language and viewer (a `ResponseError` alone cannot see the request).

use super::{Ctx, layout};
use crate::error::{BadFields, ErrorKind};
use actix_web::{
    HttpMessage, HttpResponse, body::MessageBody, dev::ServiceResponse, http::header, middleware::ErrorHandlerResponse,
};
use maud::html;

pub fn render<B: MessageBody>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let kind = res.response().extensions().get::<ErrorKind>().copied();
    let Some(kind) = kind else {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    };
    let status = res.status();
    let ctx = Ctx::from_req(res.request());
    let l = ctx.lang;
    let (title, text) = match kind {
        ErrorKind::NotFound => (
            l.t("Page not found", "Página no encontrada"),
            l.t(
                "This page does not exist, or you do not have access to it.",
                "Esta página no existe o no tiene acceso a ella.",
            ),
        ),
        ErrorKind::Forbidden => (
            l.t("Not allowed", "No permitido"),
            l.t("Your role does not allow this action.", "Su rol no permite esta acción."),
        ),
        ErrorKind::Csrf => (
            l.t("The form expired", "El formulario ha caducado"),
            l.t(
                "Go back, reload the page and send the form again.",
                "Vuelva atrás, recargue la página y envíe el formulario de nuevo.",
            ),
        ),
        ErrorKind::ControlCharacters => (
            l.t("A value holds a hidden control character", "Un valor contiene un carácter de control oculto"),
            l.t(
                "A character such as NUL cannot be stored; it usually comes from pasting out of another program. \
                 Nothing was saved: go back, retype the value in the field named below and send the form again.",
                "Un carácter como NUL no se puede guardar; suele venir de pegar desde otro programa. \
                 No se ha guardado nada: vuelva atrás, escriba de nuevo el valor del campo indicado abajo y envíe \
                 el formulario otra vez.",
            ),
        ),
        ErrorKind::BadRequest => (
            l.t("The request could not be understood", "No se pudo entender la solicitud"),
            l.t("Check the values you entered and try again.", "Revise los valores introducidos e inténtelo de nuevo."),
        ),
        ErrorKind::Unavailable => (
            l.t("Temporarily unavailable", "No disponible temporalmente"),
            l.t("Please try again in a moment.", "Inténtelo de nuevo en un momento."),
        ),
        ErrorKind::Internal => (
            l.t("Something went wrong", "Algo ha fallado"),
            l.t(
                "The error was logged. Please try again; if it persists, tell your administrator.",
                "El error ha quedado registrado. Inténtelo de nuevo; si persiste, avise a su administrador.",
            ),
        ),
    };
    let fields = res.response().extensions().get::<BadFields>().map(|f| f.0.clone()).unwrap_or_default();
    let request_id =
        res.request().extensions().get::<super::middleware::RequestId>().map(|r| r.0.clone()).unwrap_or_default();
    let body = layout::page(
        &ctx,
        title,
        html! {
            h1 { (title) }
            p { (text) }
            @if !fields.is_empty() {
                p { (l.t("Field", "Campo")) ": " @for (i, f) in fields.iter().enumerate() { @if i > 0 { ", " } code { (f) } } }
            }
            @if !request_id.is_empty() { p.muted { (l.t("Reference", "Referencia")) ": " code { (request_id) } } }
            p { a.button href="/" { (l.t("Go to the start page", "Ir a la página de inicio")) } }
        },
    );
    let (req, _) = res.into_parts();
    let new = HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .body(body.into_string());
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, new).map_into_right_body()))
}
