//! Balances per account, debit-positive: closing = opening + debits − credits.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub opening: i64,
    pub debit: i64,
    pub credit: i64,
}

impl Balance {
    pub fn closing(&self) -> i64 {
        self.opening + self.debit - self.credit
    }

    /// Adds the movements of a later stretch of time to this one.
    pub fn then(self, later: Balance) -> Balance {
        Balance {
            opening: self.opening,
            debit: self.debit + later.debit,
            credit: self.credit + later.credit,
        }
    }
}
