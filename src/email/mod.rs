//! Email through a transactional outbox: messages are rows written in the same transaction as the
//! change that causes them; a worker in every instance claims due rows with a lease, so two
//! instances never send the same message, and retries with backoff.

pub mod messages;
pub mod outbox;
pub mod sender;
pub mod worker;
