//! Exact decimal quantities (areas, kilograms, person-days): a mantissa and a scale.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// More decimals than any quantity in the programme needs.
const MAX_SCALE: u32 = 6;

impl Decimal {
    /// Parses plain decimal text (`12`, `-3.50`, `0.125`). No exponent, no separators.
    pub fn parse(text: &str) -> Option<Decimal> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        if !int_part.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let scale = u32::try_from(frac_part.len()).ok()?;
        if scale > MAX_SCALE || int_part.len() > 24 {
            return None;
        }
        let mut mantissa: i128 = 0;
        for c in int_part.chars().chain(frac_part.chars()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(c.to_digit(10)?))?;
        }
        if negative {
            mantissa = -mantissa;
        }
        Some(Decimal { mantissa, scale }.normalized())
    }

    pub fn mantissa(self) -> i128 {
        self.mantissa
    }

    pub fn scale(self) -> u32 {
        self.scale
    }

    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// Drops trailing zero decimals so that `1.50` and `1.5` compare and print alike.
    fn normalized(mut self) -> Self {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let abs = self.mantissa.unsigned_abs();
        if self.scale == 0 {
            return write!(f, "{sign}{abs}");
        }
        let div = 10_u128.pow(self.scale);
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / div,
            abs % div,
            width = self.scale as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly() {
        assert_eq!(
            Decimal::parse("1.50").map(|d| d.to_string()),
            Some("1.5".into())
        );
        assert_eq!(
            Decimal::parse("-0.125").map(|d| d.to_string()),
            Some("-0.125".into())
        );
        assert_eq!(
            Decimal::parse("12").map(|d| d.to_string()),
            Some("12".into())
        );
        assert_eq!(Decimal::parse("1e3"), None);
        assert_eq!(Decimal::parse("."), None);
        assert_eq!(Decimal::parse("1.1234567"), None);
    }
}
