//! Regulated use of funds (规范资金使用): approvals of extra amounts on a budget line and
//! disbursements, which never exceed the line's budget plus its approved extras.

use super::{amount, date, required};
use crate::error::FieldError;
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovalInput {
    /// Extra amount in yuan.
    pub amount: String,
    /// Who approved (a name or body, e.g. 村民代表大会).
    pub approved_by: String,
    pub approved_on: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub amount: Money,
    pub approved_by: String,
    pub approved_on: NaiveDate,
    pub reason: String,
}

impl ApprovalInput {
    pub fn validate(&self) -> Result<Approval, FieldError> {
        Ok(Approval {
            amount: amount(&self.amount, "amount")?,
            approved_by: required(&self.approved_by, "approved_by", 100)?,
            approved_on: date(&self.approved_on, "approved_on")?,
            reason: required(&self.reason, "reason", 1000)?,
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DisbursementInput {
    pub date: String,
    /// Yuan.
    pub amount: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disbursement {
    pub date: NaiveDate,
    pub amount: Money,
    pub summary: String,
}

impl DisbursementInput {
    pub fn validate(&self) -> Result<Disbursement, FieldError> {
        Ok(Disbursement {
            date: date(&self.date, "date")?,
            amount: amount(&self.amount, "amount")?,
            summary: required(&self.summary, "summary", 200)?,
        })
    }
}

/// Refuses `amount` when `committed + amount` exceeds `budget + approved`; the error names
/// the line and the three figures (yuan).
pub fn check_budget(
    line: &str,
    budget: Money,
    approved: Money,
    committed: Money,
    amount: Money,
) -> Result<(), FieldError> {
    // Exact in i128: no sum of i64 amounts can overflow here.
    let limit = i128::from(budget.fen()) + i128::from(approved.fen());
    if i128::from(committed.fen()) + i128::from(amount.fen()) > limit {
        return Err(FieldError::new("industry.over_budget", "amount")
            .arg("line", line)
            .arg("budget", budget.to_string())
            .arg("approved", approved.to_string())
            .arg("committed", committed.to_string())
            .arg("value", amount.to_string()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_check_counts_approvals() {
        assert!(check_budget("大棚", Money(100), Money(0), Money(60), Money(40)).is_ok());
        let e = check_budget("大棚", Money(100), Money(0), Money(60), Money(41)).unwrap_err();
        assert_eq!(e.code, "industry.over_budget");
        assert_eq!(e.args["line"], "大棚");
        assert!(check_budget("大棚", Money(100), Money(1), Money(60), Money(41)).is_ok());
        let max = Money(i64::MAX);
        assert!(check_budget("大棚", max, max, max, Money(1)).is_ok());
        assert!(check_budget("大棚", max, Money(0), max, Money(1)).is_err());
    }
}
