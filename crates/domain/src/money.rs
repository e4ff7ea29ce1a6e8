//! Money is an integer number of fen (分). Never a float.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses yuan text such as `1234.5`, `-0.05` or `1,234.56` into fen; more than two
    /// decimals or anything but digits is refused.
    pub fn parse_yuan(text: &str) -> Option<Money> {
        let cleaned: String = text.trim().chars().filter(|c| *c != ',').collect();
        let d = crate::decimal::Decimal::parse(&cleaned)?;
        if d.scale() > 2 {
            return None;
        }
        let fen = d.mantissa().checked_mul(10_i128.pow(2 - d.scale()))?;
        i64::try_from(fen).ok().map(Money)
    }
}

impl fmt::Display for Money {
    /// Yuan with two decimals, e.g. `200000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_yuan() {
        assert_eq!(Money::parse_yuan("200,000"), Some(Money(20_000_000)));
        assert_eq!(Money::parse_yuan("-0.05"), Some(Money(-5)));
        assert_eq!(Money::parse_yuan("1.234"), None);
        assert_eq!(Money::parse_yuan("abc"), None);
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(20_000_000).to_string(), "200000.00");
    }
}
