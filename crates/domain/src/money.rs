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

/// The digits of amounts in capitals (大写数字), as banks and vouchers write them.
const CAPITAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
/// The places within a group of four digits.
const CAPITAL_PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
/// The groups of four digits: units, 万, 亿, 万亿, 亿亿 (enough for every `i64` of fen).
const CAPITAL_GROUPS: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];

impl Money {
    /// The amount in capitals (大写金额) as a printed voucher or cheque writes it, following
    /// the rules for filling in bills (《正确填写票据和结算凭证的基本规定》):
    /// - every digit in capitals, `壹拾` with its `壹` (¥10 → 壹拾元整);
    /// - one `零` for one or more zeros between digits, also across 万 and 亿
    ///   (¥1,409.50 → 壹仟肆佰零玖元伍角, ¥6,007.14 → 陆仟零柒元壹角肆分,
    ///   ¥100,000,001 → 壹亿零壹元整); zeros at the end of a group before 万/亿 need none
    ///   (¥107,000 → 壹拾万柒仟元整);
    /// - `整` after `元` when there are no 角 and 分; none after 角 or 分;
    /// - `元零…分` when 角 is zero and 分 is not (¥325.04 → 叁佰贰拾伍元零肆分);
    /// - below one yuan no `元` (¥0.50 → 伍角); zero is 零元整;
    /// - a negative amount (a red-ink reversal) begins with `负`.
    ///
    /// Every `i64` is written: the bound [`MAX_AMOUNT_FEN`] is 壹仟亿元整, and a total beyond it
    /// still reads in 万亿 and 亿亿.
    pub fn in_capitals(self) -> String {
        let abs = self.0.unsigned_abs();
        let (yuan, jiao, fen) = (abs / 100, (abs / 10 % 10) as usize, (abs % 10) as usize);
        let mut out = String::new();
        if self.0 < 0 {
            out.push('负');
        }
        if yuan == 0 && jiao == 0 && fen == 0 {
            out.push_str("零元整");
            return out;
        }
        if yuan > 0 {
            out.push_str(&integer_capitals(yuan));
            out.push('元');
            if jiao == 0 && fen == 0 {
                out.push('整');
                return out;
            }
            if jiao == 0 {
                out.push('零');
            }
        }
        if jiao > 0 {
            out.push(CAPITAL_DIGITS[jiao]);
            out.push('角');
        }
        if fen > 0 {
            out.push(CAPITAL_DIGITS[fen]);
            out.push('分');
        }
        out
    }
}

/// A positive whole number in capitals, e.g. 100700 → 壹拾万零柒佰.
fn integer_capitals(n: u64) -> String {
    let digits: Vec<usize> = n
        .to_string()
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let mut out = String::new();
    // A zero seen since the last digit written, to be said once before the next digit.
    let mut zero = false;
    // Whether the current group of four has a digit other than zero.
    let mut group_has_digit = false;
    for (i, &d) in digits.iter().enumerate() {
        let place = digits.len() - 1 - i;
        if d == 0 {
            zero = !out.is_empty();
        } else {
            if zero {
                out.push('零');
                zero = false;
            }
            out.push(CAPITAL_DIGITS[d]);
            out.push_str(CAPITAL_PLACES[place % 4]);
            group_has_digit = true;
        }
        if place.is_multiple_of(4) {
            if group_has_digit {
                out.push_str(CAPITAL_GROUPS[(place / 4).min(CAPITAL_GROUPS.len() - 1)]);
                // Zeros ending a group are not said: 壹拾万柒仟, not 壹拾万零柒仟.
                zero = false;
            }
            group_has_digit = false;
        }
    }
    out
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

    /// The amount of `yuan` text in capitals.
    fn cap(yuan: &str) -> String {
        Money::parse_yuan(yuan).unwrap().in_capitals()
    }

    #[test]
    fn capitals_examples_of_the_bill_rules() {
        // The examples of 《正确填写票据和结算凭证的基本规定》.
        assert_eq!(cap("1409.50"), "壹仟肆佰零玖元伍角");
        assert_eq!(cap("6007.14"), "陆仟零柒元壹角肆分");
        assert_eq!(cap("1680.32"), "壹仟陆佰捌拾元叁角贰分");
        assert_eq!(cap("107000.53"), "壹拾万柒仟元伍角叁分");
        assert_eq!(cap("16409.02"), "壹万陆仟肆佰零玖元零贰分");
        assert_eq!(cap("325.04"), "叁佰贰拾伍元零肆分");
    }

    #[test]
    fn capitals_whole_yuan_end_with_zheng() {
        assert_eq!(cap("0"), "零元整");
        assert_eq!(cap("1"), "壹元整");
        assert_eq!(cap("10"), "壹拾元整");
        assert_eq!(cap("15"), "壹拾伍元整");
        assert_eq!(cap("100"), "壹佰元整");
        assert_eq!(cap("200000"), "贰拾万元整");
        assert_eq!(cap("10000"), "壹万元整");
        assert_eq!(cap("100000000"), "壹亿元整");
    }

    #[test]
    fn capitals_jiao_and_fen() {
        assert_eq!(cap("0.50"), "伍角");
        assert_eq!(cap("0.05"), "伍分");
        assert_eq!(cap("0.56"), "伍角陆分");
        assert_eq!(cap("1.50"), "壹元伍角");
        assert_eq!(cap("1.05"), "壹元零伍分");
        assert_eq!(cap("10.01"), "壹拾元零壹分");
        assert_eq!(cap("12.34"), "壹拾贰元叁角肆分");
    }

    #[test]
    fn capitals_say_one_zero_for_a_run_of_zeros() {
        assert_eq!(cap("1009"), "壹仟零玖元整");
        assert_eq!(cap("1090"), "壹仟零玖拾元整");
        assert_eq!(cap("1900"), "壹仟玖佰元整");
        assert_eq!(cap("100700"), "壹拾万零柒佰元整");
        assert_eq!(cap("100010"), "壹拾万零壹拾元整");
        assert_eq!(cap("1000001"), "壹佰万零壹元整");
        assert_eq!(cap("100000001"), "壹亿零壹元整");
        assert_eq!(cap("100010000"), "壹亿零壹万元整");
        assert_eq!(cap("101000000"), "壹亿零壹佰万元整");
        assert_eq!(cap("110000000"), "壹亿壹仟万元整");
        assert_eq!(cap("20000000000.30"), "贰佰亿元叁角");
        assert_eq!(
            cap("1234567890.12"),
            "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"
        );
    }

    #[test]
    fn capitals_negative_and_the_bound() {
        assert_eq!(cap("-0.05"), "负伍分");
        assert_eq!(cap("-1200"), "负壹仟贰佰元整");
        assert_eq!(Money::MAX.in_capitals(), "壹仟亿元整");
        assert_eq!(Money(-MAX_AMOUNT_FEN).in_capitals(), "负壹仟亿元整");
        assert_eq!(
            Money(MAX_AMOUNT_FEN - 1).in_capitals(),
            "玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
        // Beyond the bound (a sum of many bounded lines) still reads, in 万亿 and 亿亿.
        assert_eq!(
            Money(i64::MAX).in_capitals(),
            "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"
        );
        assert_eq!(
            Money(i64::MIN).in_capitals(),
            "负玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零捌分"
        );
    }

    /// Every amount reads back to itself: a small parser of capitals, for the round trip.
    fn read_capitals(text: &str) -> i64 {
        let (negative, text) = match text.strip_prefix('负') {
            Some(t) => (true, t),
            None => (false, text),
        };
        let mut total: i64 = 0;
        let mut group: i64 = 0;
        let mut digit: i64 = 0;
        let mut fen: i64 = 0;
        for c in text.chars() {
            if let Some(d) = CAPITAL_DIGITS.iter().position(|x| *x == c) {
                digit = d as i64;
                continue;
            }
            match c {
                '拾' => group += digit * 10,
                '佰' => group += digit * 100,
                '仟' => group += digit * 1000,
                '万' => {
                    group += digit;
                    total += group * 10_000;
                    group = 0;
                }
                '亿' => {
                    group += digit;
                    total = (total + group) * 100_000_000;
                    group = 0;
                }
                '元' => {
                    group += digit;
                    total += group;
                    group = 0;
                }
                '角' => fen += digit * 10,
                '分' => fen += digit,
                _ => {}
            }
            digit = 0;
        }
        let fen = total * 100 + fen;
        if negative { -fen } else { fen }
    }

    #[test]
    fn capitals_read_back_to_the_amount() {
        let mut n: i64 = 1;
        let samples = (0..2000).map(|_| {
            // A cheap deterministic spread of amounts, many with runs of zeros.
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let v = (n >> 11).rem_euclid(MAX_AMOUNT_FEN);
            let zeros = 10_i64.pow(((n >> 3) & 7) as u32);
            v / zeros * zeros
        });
        for fen in samples.chain([0, 1, 10, 100, 1_000_000, MAX_AMOUNT_FEN]) {
            let text = Money(fen).in_capitals();
            assert_eq!(read_capitals(&text), fen, "{fen} → {text}");
            assert!(!text.contains("零零"), "{text}");
            assert!(!text.ends_with('零'), "{text}");
        }
    }
}
