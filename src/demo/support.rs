//! The demo project's support desk. Go-live is still months ahead, so this is the pilot group's
//! early hypercare: six tickets from pilot users in every state (one past its SLA), the answers
//! they got, and five knowledge-base articles (one a draft). Elena Vidal is the key user for sales.
//! Tickets go through `support::store`, so their SLA due times come from the default settings.

use crate::entities::{membership, support_article, support_ticket, user};
use crate::support::{articles, store};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// (kind, module, title, body, published)
const ARTICLES: [(&str, &str, &str, &str, bool); 5] = [
    (
        "how_to",
        "finance",
        "Cómo contabilizar una factura de proveedor intracomunitaria",
        "Contabilidad › Facturas recibidas › Nueva. Elija el tipo de IVA «Intracomunitario (inversión del sujeto pasivo)»: el sistema genera a la vez el IVA soportado y el repercutido. Si el proveedor no tiene NIF-IVA validado, la factura queda retenida hasta que Compras lo revise.",
        true,
    ),
    (
        "how_to",
        "hr",
        "Dónde consultar sus días de vacaciones",
        "Portal del empleado › Mis ausencias. El saldo se actualiza cada noche; las solicitudes pendientes aparecen en gris hasta que las apruebe su responsable.",
        true,
    ),
    (
        "known_issue",
        "logistics",
        "Known issue: delivery notes on the old warehouse printers",
        "The Zebra printers in warehouse 2 need the new driver (v5.1). Until IT installs it, print delivery notes to the office printer \"ALM-OFICINA\" and staple them by hand.",
        true,
    ),
    (
        "known_issue",
        "sales_crm",
        "Problema conocido: la tarifa del cliente en presupuestos copiados",
        "Al copiar un presupuesto antiguo se mantiene la tarifa de origen. Solución provisional: tras copiar, pulse «Recalcular precios». Corrección prevista en la próxima actualización.",
        true,
    ),
    (
        "how_to",
        "general",
        "How to switch the ERP to English",
        "Your avatar › Preferences › Language. The change applies the next time you sign in.",
        false,
    ),
];

/// (reporter, module, severity, title, description, filed hours ago, status, answer, article index, answered after h, resolved after h)
type Ticket = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    Option<&'static str>,
    Option<usize>,
    Option<i64>,
    Option<i64>,
);

const TICKETS: [Ticket; 6] = [
    (
        "employee",
        "finance",
        "high",
        "No puedo contabilizar facturas de proveedores de Francia",
        "Al contabilizar la factura de un proveedor francés sale «Tipo de IVA no válido para el país» y no deja guardar.",
        240,
        "resolved",
        Some("Hay que elegir el tipo de IVA intracomunitario; le dejo la guía paso a paso."),
        Some(0),
        Some(2),
        Some(6),
    ),
    (
        "rosa.llopis",
        "hr",
        "low",
        "¿Dónde veo mis días de vacaciones?",
        "En el sistema antiguo estaban en la nómina; en el nuevo no los encuentro.",
        290,
        "closed",
        Some("Están en el portal del empleado; mire el artículo enlazado."),
        Some(1),
        Some(3),
        Some(3),
    ),
    (
        "pablo.escriva",
        "logistics",
        "critical",
        "Delivery notes do not print in warehouse 2",
        "Since this morning no delivery note prints on the warehouse 2 printers; trucks are waiting.",
        150,
        "resolved",
        Some(
            "Known issue with the old printer driver: print to ALM-OFICINA for now; IT installed the new driver on printer 1.",
        ),
        Some(2),
        Some(1),
        Some(5),
    ),
    (
        "elena.vidal",
        "sales_crm",
        "medium",
        "El presupuesto copiado no toma la tarifa del cliente",
        "Copio un presupuesto de 2025 para un cliente con tarifa B y salen los precios de la tarifa A.",
        72,
        "in_progress",
        Some(
            "Reproducido: es el problema conocido de los presupuestos copiados. Mientras tanto, «Recalcular precios».",
        ),
        Some(3),
        Some(4),
        None,
    ),
    (
        "pablo.escriva",
        "supply_chain",
        "high",
        "Purchase order approval e-mail never arrives",
        "Orders above 5,000 € wait for approval, but the approver gets no e-mail and has to look for them.",
        30,
        "acknowledged",
        None,
        None,
        Some(2),
        None,
    ),
    (
        "employee",
        "finance",
        "medium",
        "El informe de antigüedad de saldos tarda más de un minuto",
        "Con todos los clientes seleccionados el informe tarda entre 60 y 90 segundos en aparecer.",
        5,
        "new",
        None,
        None,
        None,
        None,
    ),
];

pub async fn seed(db: &impl ConnectionTrait, project_id: i32, pm: i32, now: DateTime<Utc>) -> anyhow::Result<()> {
    let users: HashMap<String, i32> = user::Entity::find()
        .filter(user::Column::Email.like("%@demo.example"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.email.split('@').next().unwrap_or("").to_string(), u.id))
        .collect();
    let key_user = users.get("elena.vidal").copied();
    if let Some(k) = key_user {
        membership::Entity::update_many()
            .col_expr(membership::Column::KeyUser, Expr::value(true))
            .filter(membership::Column::ProjectId.eq(project_id))
            .filter(membership::Column::UserId.eq(k))
            .exec(db)
            .await?;
    }
    let mut ids = Vec::new();
    for (i, (kind, module, title, body, published)) in ARTICLES.iter().enumerate() {
        let at = now - Duration::days(20 - i as i64);
        let a = support_article::ActiveModel {
            project_id: Set(project_id),
            kind: Set(kind.to_string()),
            module: Set(module.to_string()),
            title: Set(title.to_string()),
            body: Set(body.to_string()),
            search_text: Set(articles::search_text(title, body)),
            published: Set(*published),
            author_id: Set(Some(if *module == "sales_crm" { key_user.unwrap_or(pm) } else { pm })),
            version: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
        ids.push(a.id);
    }
    for (who, module, severity, title, description, ago, status, answer, article, answered, resolved) in TICKETS {
        let Some(&reporter) = users.get(who) else { continue };
        let filed = now - Duration::hours(ago);
        let t = store::NewTicket {
            project_id,
            reporter_id: reporter,
            module: module.into(),
            severity: severity.into(),
            title: title.into(),
            description: description.into(),
        };
        let t = store::insert(db, t, filed).await?;
        let triager = pm;
        let at = |h: Option<i64>| h.map(|h| filed + Duration::hours(h));
        let article_id = article.and_then(|i| ids.get(i).copied());
        if let (Some(text), Some(when)) = (answer, at(answered)) {
            store::add_message(db, t.id, triager, true, text, article_id, when).await?;
        }
        support_ticket::Entity::update_many()
            .col_expr(support_ticket::Column::Status, Expr::value(status))
            .col_expr(support_ticket::Column::AssigneeId, Expr::value((status != "new").then_some(triager)))
            .col_expr(support_ticket::Column::ArticleId, Expr::value(article_id))
            .col_expr(support_ticket::Column::FirstResponseAt, Expr::value(at(answered)))
            .col_expr(support_ticket::Column::ResolvedAt, Expr::value(at(resolved)))
            .col_expr(support_ticket::Column::ClosedAt, Expr::value(at(resolved).filter(|_| status == "closed")))
            .col_expr(support_ticket::Column::UpdatedAt, Expr::value(at(resolved).or(at(answered)).unwrap_or(filed)))
            .filter(support_ticket::Column::Id.eq(t.id))
            .exec(db)
            .await?;
    }
    Ok(())
}
