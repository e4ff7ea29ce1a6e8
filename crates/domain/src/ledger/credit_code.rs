//! 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.
//! Collective economic organisations carry registration-authority code `N` (农业农村部门).

use crate::error::FieldError;

const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// The check character for the first 17 characters.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    if first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    CHARSET.chars().nth(check as usize)
}

/// Validates a code (upper-cased, trimmed) and returns it normalised.
pub fn parse(text: &str) -> Result<String, FieldError> {
    let code = text.trim().to_uppercase();
    let err =
        || FieldError::new("ledger.credit_code_invalid", "credit_code").arg("value", text.trim());
    if code.chars().count() != 18 || !code.chars().all(|c| CHARSET.contains(c)) {
        return Err(err());
    }
    let (body, check) = code.split_at(17);
    match check_char(body) {
        Some(c) if check.starts_with(c) => Ok(code),
        _ => Err(err()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_characters() {
        // A well-known valid code (a published enterprise registration).
        assert!(parse("91350100M000100Y43").is_ok());
        assert!(parse("91350100m000100y43").is_ok());
        assert!(parse("91350100M000100Y44").is_err());
        assert!(parse("91350100M000100Y4").is_err());
        assert!(
            parse("91350100M000100YI3").is_err(),
            "I is not in the charset"
        );
        let body = "N2340803MF0000001";
        let full = format!("{body}{}", check_char(body).unwrap());
        assert!(parse(&full).is_ok());
    }
}
