//! Receiving a migration export: the multipart body streamed to a temporary file under the upload
//! directory, never held in memory, with a size limit. The CSRF token must come before the file
//! (our form puts it first), so nothing is written for a forged request.

use crate::crypto::KeyRing;
use crate::error::AppError;
use crate::web::RequestCtx;
use crate::web::csrf::tokens_match;
use actix_multipart::Multipart;
use actix_web::web;
use actix_web::{HttpMessage, HttpRequest};
use futures_util::StreamExt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub enum Received {
    /// The file is in `temp` (the caller renames or removes it).
    File {
        temp: PathBuf,
        name: String,
        size: u64,
    },
    NoFile,
    TooLarge,
}

/// A temporary file that is removed unless kept.
pub struct TempFile(Option<PathBuf>);

impl TempFile {
    pub fn new(path: PathBuf) -> TempFile {
        TempFile(Some(path))
    }

    pub fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }

    /// Keeps the file (it was renamed or is owned elsewhere now).
    pub fn keep(mut self) -> Option<PathBuf> {
        self.0.take()
    }

    pub fn forget(self) {
        let _ = self.keep();
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Writes the chunks it receives to `path`, encrypted, then syncs the file (on a blocking thread).
fn write_encrypted(
    keys: &KeyRing,
    path: &Path,
    mut chunks: tokio::sync::mpsc::Receiver<web::Bytes>,
) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut w = keys.encrypt_writer(std::io::BufWriter::with_capacity(256 * 1024, file))?;
    while let Some(chunk) = chunks.blocking_recv() {
        w.write_all(&chunk)?;
    }
    w.finish()?.into_inner().map_err(|e| e.into_error())?.sync_all()
}

/// The last path component of the browser's file name, without control characters, 200 characters at most.
fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.trim().is_empty() { "export.csv".into() } else { name.trim().to_string() }
}

/// Reads the form: the CSRF token, then the first file part, streamed into `dir`. Parts after the
/// file are read and dropped. Beyond `limit` bytes the partial file is removed and the rest of the
/// body is read and dropped (up to four times the limit) so the browser gets the answer.
/// The file is encrypted on its way to disk (`KeyRing::encrypt_writer`): the plaintext never lands there.
pub async fn receive(
    req: &HttpRequest,
    mut payload: Multipart,
    dir: &Path,
    limit: u64,
    keys: &Arc<KeyRing>,
) -> Result<Received, AppError> {
    let expected = req.extensions().get::<RequestCtx>().map(|c| c.csrf.clone()).unwrap_or_default();
    let bad = |e: actix_multipart::MultipartError| AppError::BadRequest(e.to_string());
    let mut token = String::new();
    let mut received = Received::NoFile;
    let mut drained: u64 = 0;
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(bad)?;
        let filename = field.content_disposition().and_then(|cd| cd.get_filename()).map(str::to_string);
        let is_token = field.name() == Some("csrf_token");
        match filename {
            Some(name) if matches!(received, Received::NoFile) => {
                if !tokens_match(&token, &expected) {
                    return Err(AppError::Csrf);
                }
                tokio::fs::create_dir_all(dir).await.map_err(|e| AppError::Internal(e.into()))?;
                let temp = dir.join(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
                let guard = TempFile(Some(temp.clone()));
                let internal = |e: std::io::Error| AppError::Internal(e.into());
                // Encryption and file writes happen on a blocking thread; this loop only moves chunks.
                let (tx, rx) = tokio::sync::mpsc::channel::<web::Bytes>(8);
                let writer = {
                    let (keys, temp) = (keys.clone(), temp.clone());
                    tokio::task::spawn_blocking(move || write_encrypted(&keys, &temp, rx))
                };
                let mut size: u64 = 0;
                let mut too_large = false;
                let mut stream_error = None;
                while let Some(chunk) = field.next().await {
                    let chunk = match chunk {
                        Ok(c) => c,
                        Err(e) => {
                            stream_error = Some(bad(e));
                            break;
                        }
                    };
                    size += chunk.len() as u64;
                    if size > limit {
                        too_large = true;
                        if size > limit.saturating_mul(4) {
                            break;
                        }
                        continue;
                    }
                    // The writer stopped (a disk error): its result says why.
                    if tx.send(chunk).await.is_err() {
                        break;
                    }
                }
                drop(tx);
                let written = writer.await.map_err(|e| AppError::Internal(e.into()))?;
                if let Some(e) = stream_error {
                    return Err(e);
                }
                if too_large {
                    drop(guard);
                    received = Received::TooLarge;
                } else if size == 0 && name.is_empty() {
                    // No file chosen: browsers send an empty part without a name.
                    drop(guard);
                } else {
                    written.map_err(internal)?;
                    let temp = guard.keep().unwrap_or(temp);
                    received = Received::File { temp, name: clean_name(&name), size };
                }
            }
            _ => {
                let mut buf = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(bad)?;
                    drained += chunk.len() as u64;
                    if is_token && buf.len() + chunk.len() <= 1024 {
                        buf.extend_from_slice(&chunk);
                    }
                    if drained > limit.saturating_mul(4) {
                        break;
                    }
                }
                if is_token {
                    token = String::from_utf8_lossy(&buf).into_owned();
                }
            }
        }
    }
    if !tokens_match(&token, &expected) {
        if let Received::File { temp, .. } = &received {
            let _ = tokio::fs::remove_file(temp).await;
        }
        return Err(AppError::Csrf);
    }
    Ok(received)
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn file_names_lose_their_path_and_control_characters() {
        assert_eq!(clean_name("C:\\Users\\ana\\clientes.csv"), "clientes.csv");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\u{0}b\nc.csv"), "abc.csv");
        assert_eq!(clean_name(""), "export.csv");
    }
}
