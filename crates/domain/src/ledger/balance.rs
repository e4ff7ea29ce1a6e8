//! Balances per account, debit-positive: closing = opening + debits − credits.

use crate::DomainError;
use crate::money::OVERFLOW;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
}

impl Balance {
    /// opening + debits − credits. The store's reports hand out only balances whose closing
    /// fits ([`Balance::checked_closing`]); for any other a closing that does not fit reads as
    /// the largest amount of its sign, never a wrapped figure.
    pub fn closing(&self) -> i64 {
        let wide = i128::from(self.opening) + i128::from(self.debit) - i128::from(self.credit);
        i64::try_from(wide).unwrap_or(if wide < 0 { i64::MIN } else { i64::MAX })
    }

    /// opening + debits − credits, or `money.overflow`.
    pub fn checked_closing(&self) -> Result<i64, DomainError> {
        self.opening
            .checked_add(self.debit)
            .and_then(|v| v.checked_sub(self.credit))
            .ok_or(DomainError::Conflict(OVERFLOW))
    }

    /// Adds the movements of a later stretch of time to this one, checked: `money.overflow`
    /// when a sum does not fit.
    pub fn checked_then(self, later: Balance) -> Result<Balance, DomainError> {
        let overflow = || DomainError::Conflict(OVERFLOW);
        Ok(Balance {
            opening: self.opening,
            debit: self.debit.checked_add(later.debit).ok_or_else(overflow)?,
            credit: self.credit.checked_add(later.credit).ok_or_else(overflow)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closings_never_wrap() {
        let b = Balance {
            opening: i64::MAX,
            debit: 1,
            credit: 0,
        };
        assert_eq!(
            b.checked_closing(),
            Err(DomainError::Conflict("money.overflow"))
        );
        assert_eq!(b.closing(), i64::MAX);
        let big = Balance {
            opening: 0,
            debit: i64::MAX,
            credit: 0,
        };
        assert!(big.checked_then(big).is_err());
        let ok = Balance {
            opening: 5,
            debit: 3,
            credit: 10,
        };
        assert_eq!((ok.closing(), ok.checked_closing()), (-2, Ok(-2)));
    }
}
