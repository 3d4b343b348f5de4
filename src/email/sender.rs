//! Delivery: SMTP through lettre when configured, otherwise `.eml` files under `data/mail/`.

use crate::config::{Settings, SmtpTls};
use crate::entities::outbox;
use lettre::message::{Attachment, MultiPart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub enum Sender {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(std::path::PathBuf),
}

impl Sender {
    pub fn from_settings(s: &Settings) -> anyhow::Result<Sender> {
        let Some(smtp) = &s.smtp else {
            return Ok(Sender::Files(s.data_dir.join("mail")));
        };
        let mut b = match smtp.tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)?,
        }
        .port(smtp.port)
        .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(u), Some(p)) = (&smtp.username, &smtp.password) {
            b = b.credentials(Credentials::new(u.clone(), p.expose().to_string()));
        }
        Ok(Sender::Smtp(b.build()))
    }

    pub async fn send(&self, from: &str, m: &outbox::Model) -> anyhow::Result<()> {
        let body = MultiPart::alternative_plain_html(m.body_text.clone(), m.body_html.clone());
        let body = match (&m.attachment_name, &m.attachment_type, &m.attachment_body) {
            (Some(name), Some(kind), Some(content)) => MultiPart::mixed()
                .multipart(body)
                .singlepart(Attachment::new(name.clone()).body(content.clone(), ContentType::parse(kind)?)),
            _ => body,
        };
        let email =
            Message::builder().from(from.parse()?).to(m.to_addr.parse()?).subject(m.subject.clone()).multipart(body)?;
        match self {
            Sender::Smtp(t) => {
                t.send(email).await?;
            }
            Sender::Files(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{:06}-{}.eml", m.id, uuid::Uuid::new_v4().simple()));
                tokio::fs::write(path, email.formatted()).await?;
            }
        }
        Ok(())
    }
}
