//! Rules of the report pack (一键报表, issue 16): 农经 statistical returns and programme tables for a
//! region and year, as pages, JSON and one .xlsx workbook.
//!
//! - [`layout`]: the layouts of 表六 (收益分配统计表) and 表七 (资产负债统计表), one data file per
//!   chart of accounts, whose lines read the lines of the book's own statements
//!   (`crates/domain/statements/`), with the balance relations checked on every built table.
//! - [`table`]: the one shape every table of the pack has (`Table { code, title, columns, rows,
//!   source }`), shared by the pages, the JSON API and the workbook.

pub mod layout;
pub mod table;
