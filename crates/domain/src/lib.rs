//! Zhenxing domain: pure types and rules, no I/O and no async.
//!
//! Each capability is a module with the same name as its folder in `store` and `web`.

pub mod assessment;
pub mod audit;
pub mod dashboard;
pub mod decimal;
pub mod disclosure;
pub mod error;
pub mod id;
pub mod identity;
pub mod industry;
pub mod input;
pub mod ledger;
pub mod mechanism;
pub mod metrics;
pub mod money;
pub mod people;
pub mod region;
pub mod reports;
pub mod time;

pub use error::{DomainError, FieldError};
pub use id::Id;
pub use money::Money;
