//! The modules `cargo xtask codegen` writes from `specs/`: nothing in this folder but this file is
//! edited by hand. The crate root re-exports them as `hubspot_oauth::v3`, `hubspot_oauth::v1` and
//! `hubspot_oauth::audit_logs_v3`.

#[rustfmt::skip]
pub mod audit_logs_v3;
#[rustfmt::skip]
pub mod v1;
#[rustfmt::skip]
pub mod v3;
