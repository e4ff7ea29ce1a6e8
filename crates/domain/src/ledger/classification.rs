//! Operating income (经营收入 / 经营收益) and the district's classification of villages.
//! Which accounts count and where the thresholds lie are settings, not code.

use crate::DomainError;
use crate::ledger::AccountingSystem;
use crate::money::OVERFLOW;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Gross operating income: 2023 chart 501 + 502; 2004 chart 501 + 511 + 561.
    Gross,
    /// Net operating income (经营收益): gross − 511 − 512 − 513 (2023); gross − 502 − 541 (2004).
    Net,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Gross => "gross",
            Measure::Net => "net",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        match text.trim() {
            "gross" => Some(Measure::Gross),
            "net" => Some(Measure::Net),
            _ => None,
        }
    }

    /// Income accounts (credit-normal) added, and expense accounts (debit-normal) deducted.
    pub fn accounts(
        self,
        system: AccountingSystem,
    ) -> (&'static [&'static str], &'static [&'static str]) {
        let income: &'static [&'static str] = match system {
            AccountingSystem::Cs2023 => &["501", "502"],
            AccountingSystem::Cs2004 => &["501", "511", "561"],
        };
        let deducted: &'static [&'static str] = match (self, system) {
            (Measure::Gross, _) => &[],
            (Measure::Net, AccountingSystem::Cs2023) => &["511", "512", "513"],
            (Measure::Net, AccountingSystem::Cs2004) => &["502", "541"],
        };
        (income, deducted)
    }

    /// The figure in fen from a year's activity per first-level account, given as
    /// debit-positive net movement (debits − credits) excluding year-end carry-over.
    /// Checked: `money.overflow` (from `movement` or from the sum) instead of a wrapped figure.
    pub fn figure(
        self,
        system: AccountingSystem,
        movement: impl Fn(&str) -> Result<i64, DomainError>,
    ) -> Result<i64, DomainError> {
        let (income, deducted) = self.accounts(system);
        let overflow = || DomainError::Conflict(OVERFLOW);
        let mut figure: i64 = 0;
        for c in income {
            figure = figure.checked_sub(movement(c)?).ok_or_else(overflow)?;
        }
        for c in deducted {
            figure = figure.checked_sub(movement(c)?).ok_or_else(overflow)?;
        }
        Ok(figure)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// 空壳村
    Shell,
    /// 薄弱村
    Weak,
    /// 一般村
    Ordinary,
    /// 强村
    Strong,
}

impl Class {
    pub const ALL: [Class; 4] = [Class::Shell, Class::Weak, Class::Ordinary, Class::Strong];

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Shell => "shell",
            Class::Weak => "weak",
            Class::Ordinary => "ordinary",
            Class::Strong => "strong",
        }
    }
}

/// Thresholds in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Below this: 空壳村 (default 50,000 yuan).
    pub shell_below: i64,
    /// Below this: 薄弱村 (default 100,000 yuan).
    pub weak_below: i64,
    /// From this: 强村 (default 500,000 yuan).
    pub strong_from: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            shell_below: 5_000_000,
            weak_below: 10_000_000,
            strong_from: 50_000_000,
        }
    }
}

impl Thresholds {
    pub fn classify(&self, fen: i64) -> Class {
        if fen < self.shell_below {
            Class::Shell
        } else if fen < self.weak_below {
            Class::Weak
        } else if fen >= self.strong_from {
            Class::Strong
        } else {
            Class::Ordinary
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_classes() {
        // 2004 chart: 501 credit 400,000; 511 credit 150,000; 561 credit 10,000; 502 debit 80,000.
        let movement = |c: &str| {
            Ok(match c {
                "501" => -40_000_000,
                "511" => -15_000_000,
                "561" => -1_000_000,
                "502" => 8_000_000,
                _ => 0,
            })
        };
        let gross = Measure::Gross
            .figure(AccountingSystem::Cs2004, movement)
            .unwrap();
        assert_eq!(gross, 56_000_000);
        assert_eq!(
            Measure::Net.figure(AccountingSystem::Cs2004, movement),
            Ok(48_000_000)
        );
        // Figures that do not fit are an error, never a wrapped (or saturated) count.
        let huge = |c: &str| Ok(if c == "501" { i64::MIN + 1 } else { -1 });
        assert_eq!(
            Measure::Gross.figure(AccountingSystem::Cs2004, huge),
            Err(DomainError::Conflict("money.overflow"))
        );
        let t = Thresholds::default();
        assert_eq!(t.classify(gross), Class::Strong);
        assert_eq!(t.classify(50_000_000), Class::Strong);
        assert_eq!(t.classify(49_999_999), Class::Ordinary);
        assert_eq!(t.classify(9_999_999), Class::Weak);
        assert_eq!(t.classify(4_999_999), Class::Shell);
    }
}
