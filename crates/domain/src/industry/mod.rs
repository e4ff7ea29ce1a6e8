//! Industry projects and production (产业振兴): project plans with their status workflow,
//! funding sources, budget lines and milestones, and the regulated use of funds (a
//! disbursement never exceeds its line's budget plus recorded approvals).
//!
//! Pure rules only: validation of what users enter, the workflow, the progress roll-up and
//! the budget check.

pub mod document;
pub mod funds;
pub mod production;
pub mod project;
pub mod results;

pub use funds::{ApprovalInput, DisbursementInput, check_budget};
pub use production::{BatchInput, LogEntry, LogInput, UnitInput, UnitKind, convert};
pub use project::{
    BudgetLineInput, FundingInput, FundingSource, MilestoneInput, ProjectInput, Status,
    progress_rollup,
};

use crate::error::FieldError;
pub(crate) use crate::input::{date, optional, required};
use crate::money::{Money, YuanError};

/// Entity names of the audit log written by this module (listed with all others in
/// `crate::audit::entity`; each has a label `audit-entity-<name>` in `industry.ftl`).
pub mod entity {
    pub use crate::audit::entity::{
        INDUSTRY_APPROVAL as APPROVAL, INDUSTRY_BATCH as BATCH,
        INDUSTRY_BUDGET_LINE as BUDGET_LINE, INDUSTRY_DISBURSEMENT as DISBURSEMENT,
        INDUSTRY_DOCUMENT as DOCUMENT, INDUSTRY_FUNDING as FUNDING,
        INDUSTRY_HOUSEHOLD as HOUSEHOLD, INDUSTRY_LOG as LOG, INDUSTRY_MILESTONE as MILESTONE,
        INDUSTRY_PROJECT as PROJECT, INDUSTRY_UNIT as UNIT,
    };
}

/// A positive amount in yuan (e.g. `1200.50`), as fen; beyond
/// [`crate::money::MAX_AMOUNT_FEN`] it is `money.too_large`.
pub(crate) fn amount(text: &str, field: &'static str) -> Result<Money, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    match Money::parse_yuan_bounded(text) {
        Ok(m) if m.fen() > 0 => Ok(m),
        Err(YuanError::TooLarge) if !text.trim().starts_with('-') => {
            Err(Money::too_large(field, text))
        }
        _ => Err(FieldError::new("industry.amount_invalid", field).arg("value", text.trim())),
    }
}

/// An account code: digits only, 3 to 12 of them.
pub(crate) fn account(text: &str, field: &'static str) -> Result<String, FieldError> {
    let t = text.trim();
    if (3..=12).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit()) {
        Ok(t.to_string())
    } else {
        Err(FieldError::new("industry.account_invalid", field).arg("value", t))
    }
}
