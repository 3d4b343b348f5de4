//! What every request and worker shares: the database, the settings, the clock and the key ring.
//! Low on purpose: everything may read it, and it knows no feature.

use crate::clock::Clock;
use crate::config::Settings;
use crate::crypto::KeyRing;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    /// Encryption at rest (`crypto::keys`): never from the database.
    pub keys: Arc<KeyRing>,
}
