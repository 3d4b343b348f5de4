//! Security rules that sign-in and the pages above it share, with no page of their own: the audit
//! log (`audit`, with the middleware that records every deletion and export), brute-force
//! throttling (`throttle`) and the second factor's code checks (`second_factor`). The pure pieces
//! (encryption, TOTP, password policy) are in `crypto`; the pages are in `auth`, `account`, `admin`.

pub mod audit;
pub mod second_factor;
pub mod throttle;
