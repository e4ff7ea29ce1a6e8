//! Vouchers (记账凭证): validation of what a bookkeeper enters, and the state machine
//! draft → reviewed → posted. A posted voucher is never changed: it is reversed (红字冲销).

use crate::error::FieldError;
use crate::ledger::Period;
use crate::money::{Money, YuanError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoucherState {
    Draft,
    Reviewed,
    Posted,
}

impl VoucherState {
    pub fn as_str(self) -> &'static str {
        match self {
            VoucherState::Draft => "draft",
            VoucherState::Reviewed => "reviewed",
            VoucherState::Posted => "posted",
        }
    }

    pub fn parse(text: &str) -> Option<VoucherState> {
        match text {
            "draft" => Some(VoucherState::Draft),
            "reviewed" => Some(VoucherState::Reviewed),
            "posted" => Some(VoucherState::Posted),
            _ => None,
        }
    }
}

/// Raw text of one voucher line.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LineInput {
    pub account_code: String,
    /// Yuan, e.g. `1200.50`; empty when the line is a credit.
    #[serde(default)]
    pub debit: String,
    #[serde(default)]
    pub credit: String,
    #[serde(default)]
    pub summary: String,
}

/// Raw text of a voucher as entered in a form, a file or the API.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct VoucherInput {
    pub date: String,
    pub summary: String,
    #[serde(default)]
    pub attachments: String,
    pub lines: Vec<LineInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub account_code: String,
    pub debit: Money,
    pub credit: Money,
    pub summary: String,
}

/// A validated voucher, balanced, ready to store as a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Voucher {
    pub date: chrono::NaiveDate,
    pub period: Period,
    pub summary: String,
    pub attachments: i64,
    pub lines: Vec<Line>,
}

impl Voucher {
    /// The sum of the debits. A validated voucher's totals always fit ([`VoucherInput::validate`]
    /// refuses one whose sum overflows); for any other, a sum that does not fit reads as the
    /// largest amount of its sign, never a wrapped figure (see [`Voucher::checked_totals`]).
    pub fn total_debit(&self) -> Money {
        saturating_total(self.lines.iter().map(|l| l.debit))
    }

    pub fn total_credit(&self) -> Money {
        saturating_total(self.lines.iter().map(|l| l.credit))
    }

    /// (debits, credits), each a checked sum: `money.overflow` when one does not fit.
    pub fn checked_totals(&self) -> Result<(Money, Money), crate::DomainError> {
        Ok((
            Money::sum(self.lines.iter().map(|l| l.debit))?,
            Money::sum(self.lines.iter().map(|l| l.credit))?,
        ))
    }

    /// The red-ink reversal (红字冲销): the same lines with negated amounts, dated `date`.
    pub fn reversal(&self, date: chrono::NaiveDate, summary: String) -> Voucher {
        Voucher {
            date,
            period: Period::of_date(date),
            summary,
            attachments: 0,
            lines: self
                .lines
                .iter()
                .map(|l| Line {
                    account_code: l.account_code.clone(),
                    debit: Money(-l.debit.0),
                    credit: Money(-l.credit.0),
                    summary: l.summary.clone(),
                })
                .collect(),
        }
    }
}

fn saturating_total(amounts: impl Iterator<Item = Money>) -> Money {
    let sum: i128 = amounts.map(|m| i128::from(m.fen())).sum();
    Money(i64::try_from(sum).unwrap_or(if sum < 0 { i64::MIN } else { i64::MAX }))
}

/// A line's amount in yuan: empty is zero; beyond ±[`crate::money::MAX_AMOUNT_FEN`] is
/// `money.too_large`, anything else not an amount `ledger.amount_invalid`, both naming the line.
fn amount(text: &str, field: &'static str, line: usize) -> Result<Money, FieldError> {
    if text.trim().is_empty() {
        return Ok(Money(0));
    }
    Money::parse_yuan_bounded(text).map_err(|e| {
        match e {
            YuanError::TooLarge => Money::too_large(field, text),
            YuanError::NotAnAmount => {
                FieldError::new("ledger.amount_invalid", field).arg("value", text.trim())
            }
        }
        .arg("line", line.to_string())
    })
}

impl VoucherInput {
    /// Validates the voucher: a date, a summary, two or more lines each on one side with a
    /// non-zero amount (negative for red ink), and debits equal to credits.
    pub fn validate(&self) -> Result<Voucher, FieldError> {
        let date = crate::time::parse_date(&self.date).ok_or_else(|| {
            FieldError::new("common.date_invalid", "date").arg("value", self.date.trim())
        })?;
        let summary = self.summary.trim().to_string();
        if summary.is_empty() {
            return Err(FieldError::new("common.required", "summary"));
        }
        if summary.chars().count() > 200 {
            return Err(FieldError::new("common.too_long", "summary").arg("max", "200"));
        }
        let attachments = match self.attachments.trim() {
            "" => 0,
            t => t
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=9999).contains(n))
                .ok_or_else(|| {
                    FieldError::new("common.count_invalid", "attachments").arg("value", t)
                })?,
        };
        let mut lines = Vec::new();
        for (i, input) in self.lines.iter().enumerate() {
            let n = i + 1;
            let blank = input.account_code.trim().is_empty()
                && input.debit.trim().is_empty()
                && input.credit.trim().is_empty();
            if blank {
                continue;
            }
            let code = input.account_code.trim().to_string();
            if code.is_empty() {
                return Err(
                    FieldError::new("ledger.line_account_missing", "account_code")
                        .arg("line", n.to_string()),
                );
            }
            let debit = amount(&input.debit, "debit", n)?;
            let credit = amount(&input.credit, "credit", n)?;
            if (debit.0 == 0) == (credit.0 == 0) {
                return Err(
                    FieldError::new("ledger.line_one_side", "debit").arg("line", n.to_string())
                );
            }
            lines.push(Line {
                account_code: code,
                debit,
                credit,
                summary: input.summary.trim().to_string(),
            });
        }
        if lines.len() < 2 {
            return Err(FieldError::new("ledger.too_few_lines", "lines"));
        }
        let voucher = Voucher {
            period: Period::of_date(date),
            date,
            summary,
            attachments,
            lines,
        };
        let (debit, credit) = voucher
            .checked_totals()
            .map_err(|_| FieldError::new(crate::money::OVERFLOW, "lines"))?;
        if debit != credit {
            return Err(FieldError::new("ledger.unbalanced", "lines")
                .arg("debit", debit.to_string())
                .arg("credit", credit.to_string()));
        }
        if debit.0 == 0 {
            return Err(FieldError::new("ledger.zero_voucher", "lines"));
        }
        Ok(voucher)
    }
}

/// Who may move a voucher on: the reviewer is never the preparer.
pub fn check_review(
    state: VoucherState,
    preparer: &str,
    reviewer: &str,
) -> Result<(), crate::DomainError> {
    if state != VoucherState::Draft {
        return Err(crate::DomainError::Conflict("ledger.not_draft"));
    }
    if preparer == reviewer {
        return Err(crate::DomainError::Conflict("ledger.reviewer_is_preparer"));
    }
    Ok(())
}

pub fn check_post(state: VoucherState) -> Result<(), crate::DomainError> {
    match state {
        VoucherState::Reviewed => Ok(()),
        VoucherState::Posted => Err(crate::DomainError::Conflict("ledger.already_posted")),
        VoucherState::Draft => Err(crate::DomainError::Conflict("ledger.not_reviewed")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(code: &str, debit: &str, credit: &str) -> LineInput {
        LineInput {
            account_code: code.into(),
            debit: debit.into(),
            credit: credit.into(),
            summary: String::new(),
        }
    }

    fn input(lines: Vec<LineInput>) -> VoucherInput {
        VoucherInput {
            date: "2020-03-15".into(),
            summary: "收到土地发包款".into(),
            attachments: "2".into(),
            lines,
        }
    }

    #[test]
    fn balanced_vouchers_pass() {
        let v = input(vec![line("102", "50,000", ""), line("501", "", "50000.00")])
            .validate()
            .unwrap();
        assert_eq!(v.period.to_string(), "2020-03");
        assert_eq!(v.total_debit(), Money(5_000_000));
        let r = v.reversal(v.date, "冲销".into());
        assert_eq!(r.total_debit(), Money(-5_000_000));
        assert_eq!(r.total_debit(), r.total_credit());
    }

    #[test]
    fn refusals_name_their_rule() {
        let code = |i: VoucherInput| i.validate().unwrap_err().code;
        assert_eq!(
            code(input(vec![line("102", "100", ""), line("501", "", "90")])),
            "ledger.unbalanced"
        );
        assert_eq!(
            code(input(vec![line("102", "100", "")])),
            "ledger.too_few_lines"
        );
        assert_eq!(
            code(input(vec![
                line("102", "100", "100"),
                line("501", "", "100")
            ])),
            "ledger.line_one_side"
        );
        assert_eq!(
            code(input(vec![line("102", "1.001", ""), line("501", "", "1")])),
            "ledger.amount_invalid"
        );
        assert_eq!(
            code(VoucherInput {
                date: "2020-02-30".into(),
                ..input(vec![])
            }),
            "common.date_invalid"
        );
        let e = input(vec![line("102", "abc", ""), line("501", "", "1")])
            .validate()
            .unwrap_err();
        assert_eq!(e.args["line"], "1");
    }

    #[test]
    fn amounts_are_bounded_per_line_and_summed_checked() {
        let max = Money::MAX.to_string();
        let ok = input(vec![line("102", &max, ""), line("501", "", &max)]).validate();
        assert_eq!(ok.unwrap().total_debit(), Money::MAX);
        let over = Money(crate::money::MAX_AMOUNT_FEN + 1).to_string();
        let e = input(vec![line("102", "1", ""), line("501", "", &over)])
            .validate()
            .unwrap_err();
        assert_eq!((e.code, e.field), ("money.too_large", "credit"));
        assert_eq!(e.args["line"], "2");
        assert_eq!(e.args["max"], max);
        let e = input(vec![
            line("102", &Money(i64::MAX).to_string(), ""),
            line("501", "", "1"),
        ])
        .validate()
        .unwrap_err();
        assert_eq!((e.code, e.args["line"].as_str()), ("money.too_large", "1"));
        // Red ink is bounded the same way.
        let e = input(vec![
            line("102", &format!("-{over}"), ""),
            line("501", "", "1"),
        ])
        .validate()
        .unwrap_err();
        assert_eq!(e.code, "money.too_large");
        // Many lines at the bound add up past what i64 holds: an error, not a wrap.
        let mut many = vec![line("102", &max, ""); 1_000_000];
        many.push(line("501", "", "1"));
        let e = input(many).validate().unwrap_err();
        assert_eq!((e.code, e.field), ("money.overflow", "lines"));
    }

    #[test]
    fn review_and_post_order() {
        assert!(check_review(VoucherState::Draft, "a", "b").is_ok());
        assert!(check_review(VoucherState::Draft, "a", "a").is_err());
        assert!(check_post(VoucherState::Draft).is_err());
        assert!(check_post(VoucherState::Reviewed).is_ok());
        assert!(check_post(VoucherState::Posted).is_err());
    }
}
