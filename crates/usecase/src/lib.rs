//! The use cases the command line (`crates/app`) and the web (`crates/web`) both run, below
//! HTTP: reading and writing spreadsheets ([`tabular`]), translations ([`i18n`]), the
//! importers (parse a file into rows, validate them, map them to store calls, name the row
//! and column of an error: [`import`], [`region`], [`ledger`], [`people`], [`industry`]) and
//! credentials (password hashing, token digests: [`credentials`]).
//!
//! Errors are typed ([`Error`], [`import::ImportError`]); a database's own error text is
//! logged with an id, never put in a message for a user.

pub mod credentials;
pub mod error;
pub mod i18n;
pub mod image;
pub mod import;
pub mod industry;
pub mod ledger;
pub mod people;
pub mod region;
pub mod tabular;

pub use error::Error;
