//! The village collective economy's books (集体经济账务): charts of accounts, vouchers,
//! periods, balances and the operating-income classification. Pure rules; the store keeps them.

pub mod balance;
pub mod chart;
pub mod classification;
pub mod credit_code;
pub mod period;
pub mod statement;
pub mod voucher;
pub mod voucher_file;

pub use balance::Balance;
pub use chart::{AccountingSystem, Category, ChartTemplate, Side, TemplateAccount};
pub use classification::{Class, Measure, Thresholds};
pub use period::Period;
pub use voucher::{LineInput, VoucherInput, VoucherState};
