//! Zhenxing store: one SQL text per query with `$N` placeholders, run on SQLite (embedded
//! default) or PostgreSQL (scale-out). Repositories take the caller's scope first.

pub mod assessment;
pub mod audit;
pub mod bulk;
pub mod check;
pub mod copy;
pub mod dashboard;
pub mod db;
pub mod disclosure;
pub mod error;
pub mod identity;
pub mod industry;
pub mod keys;
pub mod ledger;
pub mod list;
pub mod mechanism;
pub mod metrics;
pub mod people;
pub mod region;
pub mod reports;
pub mod settings;
pub mod tasks;

pub use db::{Backend, Db, Page, Tx, local_commits};
pub use error::StoreError;
pub use list::List;
