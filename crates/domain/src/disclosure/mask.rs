//! Personal information on public pages: names on lists are masked by the district's rule,
//! phone numbers are stored and shown masked, and no ID number or full phone number is ever
//! published ([`find_pii`] is the last guard before a snapshot is frozen, and the tests scan
//! the whole public site with it).

use serde::{Deserialize, Serialize};

/// How names on published lists are shown (set by the district).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameRule {
    /// 王*明: the first and last characters kept, the ones between starred (two-character
    /// names: 王*).
    #[default]
    Middle,
    /// 王**: only the surname (first character) kept.
    Surname,
    /// The full name (only where the district decides the list is public by law).
    Full,
}

impl NameRule {
    pub const ALL: [NameRule; 3] = [NameRule::Middle, NameRule::Surname, NameRule::Full];

    pub fn as_str(self) -> &'static str {
        match self {
            NameRule::Middle => "middle",
            NameRule::Surname => "surname",
            NameRule::Full => "full",
        }
    }

    pub fn parse(text: &str) -> Option<NameRule> {
        NameRule::ALL
            .into_iter()
            .find(|r| r.as_str() == text.trim())
    }
}

/// `name` as the rule shows it.
pub fn name(name: &str, rule: NameRule) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match (rule, chars.len()) {
        (NameRule::Full, _) | (_, 0) => chars.into_iter().collect(),
        (_, 1) => "*".into(),
        (NameRule::Surname, n) => std::iter::once(chars[0])
            .chain(std::iter::repeat_n('*', n - 1))
            .collect(),
        (NameRule::Middle, 2) => format!("{}*", chars[0]),
        (NameRule::Middle, n) => std::iter::once(chars[0])
            .chain(std::iter::repeat_n('*', n - 2))
            .chain(std::iter::once(chars[n - 1]))
            .collect(),
    }
}

/// A phone number as every view but an audited reveal shows it: 138****5678 (the first three
/// and last four digits of a mobile number; other numbers keep only their last two digits).
pub fn phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if n == 0 {
        return String::new();
    }
    if n == 11 {
        let head: String = digits[..3].iter().collect();
        let tail: String = digits[7..].iter().collect();
        return format!("{head}****{tail}");
    }
    let keep = n.min(2);
    let tail: String = digits[n - keep..].iter().collect();
    format!("{}{tail}", "*".repeat(n - keep))
}

/// What [`find_pii`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pii {
    /// An 18-character resident ID number (居民身份证号码) whose check character is right,
    /// or a 15-digit one.
    IdNumber(String),
    /// A mainland mobile number (11 digits starting 1[3-9]).
    Phone(String),
}

/// The first ID number or full mobile number in `text`, if any. Runs of digits are looked at
/// whole (a 20-digit account number is neither), and digits glued to Latin letters are part
/// of a code, not a number (a hash, an id: `e4138123456789ab`). A mobile number written in
/// groups (`138 1234 5678`, `138-1234-5678`) counts.
pub fn find_pii(text: &str) -> Option<Pii> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let letter = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_alphabetic());
    let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut i = 0;
    while i < n {
        if !digit(i) {
            i += 1;
            continue;
        }
        let start = i;
        while digit(i) {
            i += 1;
        }
        let glued_before = start > 0 && letter(start - 1);
        // An 18-character ID number may end in X.
        let mut end = i;
        if end - start == 17 && matches!(chars.get(end), Some('X' | 'x')) {
            end += 1;
        }
        if glued_before || letter(end) {
            i = end.max(i);
            continue;
        }
        let run: String = chars[start..end].iter().collect();
        match run.len() {
            18 if birth_date_ok(&run[6..14]) && id_check_ok(&run) => {
                return Some(Pii::IdNumber(run));
            }
            15 if birth_date_ok(&format!("19{}", &run[6..12])) => {
                return Some(Pii::IdNumber(run));
            }
            11 if mobile_prefix(&run) => return Some(Pii::Phone(run)),
            3 if mobile_prefix(&run) => {
                // 138 1234 5678 / 138-1234-5678: the same separator twice, then a non-digit.
                if let Some(&sep) = chars.get(end).filter(|c| matches!(c, ' ' | '-')) {
                    let group = |from: usize| (from..from + 4).all(digit);
                    let (a, b) = (end + 1, end + 6);
                    if group(a)
                        && chars.get(a + 4) == Some(&sep)
                        && group(b)
                        && !digit(b + 4)
                        && !letter(b + 4)
                    {
                        let phone: String = chars[start..b + 4]
                            .iter()
                            .filter(|c| c.is_ascii_digit())
                            .collect();
                        return Some(Pii::Phone(phone));
                    }
                }
            }
            _ => {}
        }
        i = end.max(i);
    }
    None
}

fn mobile_prefix(run: &str) -> bool {
    let b = run.as_bytes();
    b.len() >= 2 && b[0] == b'1' && matches!(b[1], b'3'..=b'9')
}

/// `YYYYMMDD` is a plausible birth date (1900–2099, a real month and day).
fn birth_date_ok(yyyymmdd: &str) -> bool {
    let b = yyyymmdd.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let (year, month, day) = (num(0..4), num(4..6), num(6..8));
    (1900..=2099).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// GB 11643: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits.
fn id_check_ok(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = *b"10X98765432";
    let b = id.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let mut sum = 0;
    for (d, w) in b[..17].iter().zip(WEIGHTS) {
        if !d.is_ascii_digit() {
            return false;
        }
        sum += u32::from(d - b'0') * w;
    }
    b[17].to_ascii_uppercase() == CHECK[(sum % 11) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_by_the_rule() {
        assert_eq!(name("王小明", NameRule::Middle), "王*明");
        assert_eq!(name("欧阳小明", NameRule::Middle), "欧**明");
        assert_eq!(name("王明", NameRule::Middle), "王*");
        assert_eq!(name("王小明", NameRule::Surname), "王**");
        assert_eq!(name("王小明", NameRule::Full), "王小明");
        assert_eq!(name("明", NameRule::Middle), "*");
        assert_eq!(name("", NameRule::Middle), "");
    }

    #[test]
    fn phones_are_masked() {
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(phone("138 1234 5678"), "138****5678");
        assert_eq!(phone("0571-8888"), "******88");
        assert_eq!(phone(""), "");
    }

    #[test]
    fn id_numbers_and_phones_are_found() {
        // A valid check character (GB 11643 example).
        assert_eq!(
            find_pii("身份证 11010519491231002X 已登记"),
            Some(Pii::IdNumber("11010519491231002X".into()))
        );
        assert_eq!(
            find_pii("电话13812345678"),
            Some(Pii::Phone("13812345678".into()))
        );
        assert_eq!(find_pii("138****5678"), None);
        assert_eq!(find_pii("金额 12,345.67 元，凭证 2021-0003"), None);
        // A longer run of digits is an account number, not a phone.
        assert_eq!(find_pii("账号 6222021234567890123"), None);
        // 18 digits whose check is wrong are not an ID number.
        assert_eq!(find_pii("110105194912310021"), None);
        // Grouped mobile numbers are found; digits inside hashes and ids are not numbers.
        assert_eq!(
            find_pii("联系 138 1234 5678。"),
            Some(Pii::Phone("13812345678".into()))
        );
        assert_eq!(
            find_pii("138-1234-5678"),
            Some(Pii::Phone("13812345678".into()))
        );
        assert_eq!(find_pii("138-1234 5678"), None);
        assert_eq!(find_pii("sha256 e413812345678ab9"), None);
        assert_eq!(
            find_pii("/public/d/0190a1b2-c3d4-7e5f-a612-13812345678f"),
            None
        );
        // An old 15-digit number with a birth date, and one without.
        assert_eq!(
            find_pii("110105491231002"),
            Some(Pii::IdNumber("110105491231002".into()))
        );
        assert_eq!(find_pii("100000000000000"), None);
    }
}
