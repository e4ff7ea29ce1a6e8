//! The assessment API's handlers.

pub mod assessments;
pub mod pay;
