//! Money is an integer number of fen (分). Never a float.

use crate::{DomainError, FieldError};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// The largest amount, in fen, that one voucher line, opening balance, log, payment or any
/// other single entry may carry: 10^13 fen (1,000 亿元). Every entry point (API, forms, imports,
/// industry logs) refuses more with `money.too_large`; sums of bounded amounts are then
/// computed with checked arithmetic ([`Money::checked_add`], [`Money::sum`]) and an overflow is
/// the error `money.overflow`, never a wrapped figure.
pub const MAX_AMOUNT_FEN: i64 = 10_000_000_000_000;

impl Money {
    /// [`MAX_AMOUNT_FEN`] as money.
    pub const MAX: Money = Money(MAX_AMOUNT_FEN);

    pub fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Whether the amount lies within ±[`MAX_AMOUNT_FEN`].
    pub fn within_bound(self) -> bool {
        self.0.unsigned_abs() <= MAX_AMOUNT_FEN.unsigned_abs()
    }

    /// The amount itself when within ±[`MAX_AMOUNT_FEN`], else `money.too_large` on `field`
    /// (with the value and the bound in yuan as `value` and `max`).
    pub fn bounded(self, field: &'static str) -> Result<Money, FieldError> {
        if self.within_bound() {
            Ok(self)
        } else {
            Err(FieldError::new(TOO_LARGE, field)
                .arg("value", self.to_string())
                .arg("max", Money::MAX.to_string()))
        }
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    pub fn checked_neg(self) -> Option<Money> {
        self.0.checked_neg().map(Money)
    }

    /// The checked sum of amounts: `money.overflow` instead of a wrapped figure.
    pub fn sum<I: IntoIterator<Item = Money>>(amounts: I) -> Result<Money, DomainError> {
        amounts
            .into_iter()
            .try_fold(Money(0), |acc, m| acc.checked_add(m))
            .ok_or(DomainError::Conflict(OVERFLOW))
    }

    /// Parses yuan text such as `1234.5`, `-0.05` or `1,234.56` into fen; more than two
    /// decimals, anything but digits or an amount beyond ±[`MAX_AMOUNT_FEN`] is refused
    /// (use [`Money::parse_yuan_bounded`] to tell the last apart).
    pub fn parse_yuan(text: &str) -> Option<Money> {
        Money::parse_yuan_bounded(text).ok()
    }

    /// [`Money::parse_yuan`] that tells a well-formed amount beyond the bound
    /// ([`YuanError::TooLarge`]) from text that is not an amount at all.
    pub fn parse_yuan_bounded(text: &str) -> Result<Money, YuanError> {
        let cleaned: String = text.trim().chars().filter(|c| *c != ',').collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.strip_prefix('+').unwrap_or(&cleaned)),
        };
        let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        if (int_part.is_empty() && frac_part.is_empty())
            || !all_digits(int_part)
            || !all_digits(frac_part)
        {
            return Err(YuanError::NotAnAmount);
        }
        let frac_part = frac_part.trim_end_matches('0');
        if frac_part.len() > 2 {
            return Err(YuanError::NotAnAmount);
        }
        let int_part = int_part.trim_start_matches('0');
        // Far more digits than the bound has: too large, whatever they are.
        if int_part.len() > 18 {
            return Err(YuanError::TooLarge);
        }
        let mut fen: i128 = 0;
        for c in int_part.chars().chain(format!("{frac_part:0<2}").chars()) {
            fen = fen * 10 + i128::from(c.to_digit(10).ok_or(YuanError::NotAnAmount)?);
        }
        if fen > i128::from(MAX_AMOUNT_FEN) {
            return Err(YuanError::TooLarge);
        }
        let fen = i64::try_from(fen).map_err(|_| YuanError::TooLarge)?;
        Ok(Money(if negative { -fen } else { fen }))
    }

    /// The error `money.too_large` on `field` for an amount given as text (`value`, trimmed),
    /// with the bound in yuan as `max`.
    pub fn too_large(field: &'static str, value: &str) -> FieldError {
        FieldError::new(TOO_LARGE, field)
            .arg("value", value.trim())
            .arg("max", Money::MAX.to_string())
    }
}

/// Why yuan text was refused by [`Money::parse_yuan_bounded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YuanError {
    /// Not a number with at most two decimals.
    NotAnAmount,
    /// A well-formed amount beyond ±[`MAX_AMOUNT_FEN`].
    TooLarge,
}

impl fmt::Display for Money {
    /// Yuan with two decimals, e.g. `200000.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// The code of a sum that does not fit: an overflow is an error, never a wrap.
pub const OVERFLOW: &str = "money.overflow";

/// The code of a single amount beyond ±[`MAX_AMOUNT_FEN`]. On a voucher line the error also
/// carries the 1-based `line`, which the voucher pages and API put before the message.
pub const TOO_LARGE: &str = "money.too_large";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_yuan() {
        assert_eq!(Money::parse_yuan("200,000"), Some(Money(20_000_000)));
        assert_eq!(Money::parse_yuan("-0.05"), Some(Money(-5)));
        assert_eq!(Money::parse_yuan("1.234"), None);
        assert_eq!(Money::parse_yuan("abc"), None);
        assert_eq!(Money::parse_yuan("100000000000"), Some(Money::MAX));
        assert_eq!(
            Money::parse_yuan("-100000000000.00"),
            Some(Money(-MAX_AMOUNT_FEN))
        );
        assert_eq!(Money::parse_yuan("100000000000.01"), None);
        assert_eq!(
            Money::parse_yuan_bounded("100000000000.01"),
            Err(YuanError::TooLarge)
        );
        assert_eq!(
            Money::parse_yuan_bounded("92233720368547758.07"),
            Err(YuanError::TooLarge)
        );
        assert_eq!(
            Money::parse_yuan_bounded("99999999999999999999999999999999"),
            Err(YuanError::TooLarge)
        );
        assert_eq!(
            Money::parse_yuan_bounded("1e5"),
            Err(YuanError::NotAnAmount)
        );
        assert_eq!(
            Money::parse_yuan_bounded("1.001"),
            Err(YuanError::NotAnAmount)
        );
        assert_eq!(Money(-5).to_string(), "-0.05");
        assert_eq!(Money(20_000_000).to_string(), "200000.00");
    }

    #[test]
    fn bound_and_checked_sums() {
        assert!(Money::MAX.within_bound());
        assert!(Money(-MAX_AMOUNT_FEN).within_bound());
        assert!(!Money(MAX_AMOUNT_FEN + 1).within_bound());
        assert!(!Money(i64::MIN).within_bound());
        let err = Money(i64::MAX).bounded("amount").unwrap_err();
        assert_eq!(err.code, "money.too_large");
        assert_eq!(err.args["max"], "100000000000.00");
        assert_eq!(Money::sum([Money(1), Money(2)]), Ok(Money(3)));
        assert_eq!(
            Money::sum([Money(i64::MAX), Money(1)]),
            Err(DomainError::Conflict("money.overflow"))
        );
    }
}
