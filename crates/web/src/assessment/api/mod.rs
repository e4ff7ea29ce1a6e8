//! The assessment API's handlers.

pub mod pay;
