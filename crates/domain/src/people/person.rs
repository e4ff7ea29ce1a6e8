//! The person registry: who the people of the programme are. Resident ID numbers (居民身份证号)
//! follow GB 11643-1999 and are checked by their check character; ID numbers and phones are
//! personal information and leave the store only masked ([`mask_id_number`], [`mask_phone`]).

use super::{choice, date, optional, region, required};
use crate::error::FieldError;
use crate::region::RegionCode;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

choice!(
    /// 性别.
    Sex, "sex", [Male = "male" / "男", Female = "female" / "女"]
);

choice!(
    /// 政治面貌.
    PoliticalStatus, "political_status", [
        PartyMember = "party_member" / "中共党员",
        Probationary = "probationary" / "中共预备党员",
        LeagueMember = "league_member" / "共青团员",
        Masses = "masses" / "群众",
        OtherParty = "other_party" / "民主党派",
        NonParty = "non_party" / "无党派人士",
    ]
);

choice!(
    /// 学历, from the lowest to the highest (the order of [`Education::ALL`] and of `Ord`).
    Education, "education", [
        Primary = "primary" / "小学",
        Junior = "junior" / "初中",
        Senior = "senior" / "高中",
        Vocational = "vocational" / "中专",
        College = "college" / "大专",
        Bachelor = "bachelor" / "本科",
        Master = "master" / "硕士研究生",
        Doctor = "doctor" / "博士研究生",
    ]
);

impl PoliticalStatus {
    /// Also accepts the short word 预备党员.
    pub fn parse_loose(text: &str) -> Result<PoliticalStatus, FieldError> {
        match text.trim() {
            "预备党员" => Ok(PoliticalStatus::Probationary),
            "党员" => Ok(PoliticalStatus::PartyMember),
            "团员" => Ok(PoliticalStatus::LeagueMember),
            t => PoliticalStatus::parse(t),
        }
    }
}

impl Education {
    /// This level and every level above it.
    pub fn at_least(self) -> Vec<Education> {
        Education::ALL
            .iter()
            .copied()
            .filter(|e| *e >= self)
            .collect()
    }

    /// Also accepts 研究生 (master), 博士 (doctor), 中职 (vocational), 大学本科 / 大学专科.
    pub fn parse_loose(text: &str) -> Result<Education, FieldError> {
        match text.trim() {
            "研究生" | "硕士" => Ok(Education::Master),
            "博士" => Ok(Education::Doctor),
            "中职" | "职高" => Ok(Education::Vocational),
            "大学本科" => Ok(Education::Bachelor),
            "大学专科" | "专科" | "高职" => Ok(Education::College),
            t => Education::parse(t),
        }
    }
}

/// 18 characters of a resident ID number.
pub const ID_NUMBER_LEN: usize = 18;
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The check character of the first 17 digits (GB 11643-1999), or none when they are not
/// 17 ASCII digits.
pub fn check_character(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK.get((sum % 11) as usize).map(|c| char::from(*c))
}

/// The birth date written in a (well-formed) ID number.
pub fn id_birth_date(number: &str) -> Option<NaiveDate> {
    let digits = number.get(6..14)?;
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// The sex written in an ID number: the 17th digit is odd for men.
pub fn id_sex(number: &str) -> Option<Sex> {
    let d = number.as_bytes().get(16)?;
    d.is_ascii_digit().then(|| {
        if (d - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    })
}

/// Validates a resident ID number and returns it normalised (trimmed, `x` → `X`):
/// 18 characters, 17 digits and the right check character (`people.id_number_invalid`),
/// and a real birth date inside (`people.id_number_birth_invalid`).
pub fn check_id_number(text: &str) -> Result<String, FieldError> {
    let t = text.trim().to_ascii_uppercase();
    let invalid = || {
        FieldError::new("people.id_number_invalid", "id_number").arg("value", mask_id_number(&t))
    };
    if t.len() != ID_NUMBER_LEN || !t.is_ascii() {
        return Err(invalid());
    }
    let (first, last) = t.split_at(17);
    match check_character(first) {
        Some(c) if last.starts_with(c) => {}
        _ => return Err(invalid()),
    }
    if id_birth_date(&t).is_none() {
        return Err(
            FieldError::new("people.id_number_birth_invalid", "id_number")
                .arg("value", mask_id_number(&t)),
        );
    }
    Ok(t)
}

/// `340803********1234`: the first 6 (the region) and the last 4 characters; every other
/// character starred. Text of another length is starred entirely.
pub fn mask_id_number(number: &str) -> String {
    let chars: Vec<char> = number.trim().chars().collect();
    if chars.len() != ID_NUMBER_LEN {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(6).collect();
    let tail: String = chars.iter().skip(14).collect();
    format!("{head}********{tail}")
}

/// `138****5678`: the first 3 and the last 4 characters of a phone number; the middle
/// starred. Shorter text is starred entirely; empty stays empty.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.trim().chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars.iter().take(3).collect();
    let tail: String = chars.iter().skip(chars.len() - 4).collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

/// A mobile number (11 digits starting 13–19) or a landline (area code 0xx / 0xxx, an
/// optional hyphen, 7–8 digits). Returns it trimmed; empty is none.
pub fn check_phone(text: &str) -> Result<Option<String>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mobile = t.len() == 11 && digits(t) && t.starts_with('1') && t.as_bytes()[1] >= b'3';
    let landline = match t.split_once('-') {
        Some((area, number)) => {
            digits(area)
                && area.starts_with('0')
                && (3..=4).contains(&area.len())
                && digits(number)
                && (7..=8).contains(&number.len())
        }
        None => digits(t) && t.starts_with('0') && (10..=12).contains(&t.len()),
    };
    if mobile || landline {
        Ok(Some(t.to_string()))
    } else {
        Err(FieldError::new("people.phone_invalid", "phone").arg("value", mask_phone(t)))
    }
}

/// 2 MiB.
pub const PHOTO_MAX_BYTES: usize = 2 * 1024 * 1024;

/// Checks a photo (PNG or JPEG by its first bytes, at most [`PHOTO_MAX_BYTES`]) and returns
/// its content type.
pub fn check_photo(data: &[u8]) -> Result<&'static str, FieldError> {
    if data.len() > PHOTO_MAX_BYTES {
        return Err(FieldError::new("people.photo_too_large", "photo").arg("max", "2 MiB"));
    }
    match crate::mechanism::attachment::sniff(data) {
        Some(t @ ("image/png" | "image/jpeg")) => Ok(t),
        _ => Err(FieldError::new("people.photo_type", "photo")),
    }
}

/// Age in whole years on `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// The latest birth date of someone at least `age` years old on `day` (29 February falls
/// back to 28 February).
pub fn born_by(day: NaiveDate, age: i32) -> NaiveDate {
    let year = day.year() - age;
    NaiveDate::from_ymd_opt(year, day.month(), day.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, day.month(), 28))
        .unwrap_or(day)
}

/// Raw text of a person (a form or a roster row).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonInput {
    /// The village (or town, district) the person belongs to.
    pub region_code: String,
    pub name: String,
    /// Empty: taken from the ID number.
    pub sex: String,
    /// Empty: taken from the ID number.
    pub birth_date: String,
    /// Empty: 汉族.
    pub ethnicity: String,
    pub id_number: String,
    pub political_status: String,
    /// May be empty (unknown).
    pub education: String,
    /// May be empty.
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub region: RegionCode,
    pub name: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub ethnicity: String,
    /// The full, normalised number: never show it, store it.
    pub id_number: String,
    pub political_status: PoliticalStatus,
    pub education: Option<Education>,
    pub phone: Option<String>,
}

impl PersonInput {
    pub fn validate(&self) -> Result<Person, FieldError> {
        let region = region(&self.region_code, "region_code")?;
        let name = required(&self.name, "name", 64).map_err(|e| e.labelled("person_name"))?;
        if self.id_number.trim().is_empty() {
            return Err(FieldError::new("common.required", "id_number"));
        }
        let id_number = check_id_number(&self.id_number)?;
        let from_id = id_birth_date(&id_number);
        let birth_date = if self.birth_date.trim().is_empty() {
            from_id.ok_or_else(|| FieldError::new("common.required", "birth_date"))?
        } else {
            let d = date(&self.birth_date, "birth_date")?;
            if from_id.is_some_and(|f| f != d) {
                return Err(FieldError::new("people.birth_date_mismatch", "birth_date")
                    .arg("value", d.to_string()));
            }
            d
        };
        let sex = if self.sex.trim().is_empty() {
            id_sex(&id_number).ok_or_else(|| FieldError::new("common.required", "sex"))?
        } else {
            Sex::parse(&self.sex)?
        };
        let ethnicity = optional(&self.ethnicity, "ethnicity", 16)?;
        let ethnicity = if ethnicity.is_empty() {
            "汉族".to_string()
        } else {
            ethnicity
        };
        let education = if self.education.trim().is_empty() {
            None
        } else {
            Some(Education::parse_loose(&self.education)?)
        };
        Ok(Person {
            region,
            name,
            sex,
            birth_date,
            ethnicity,
            id_number,
            political_status: PoliticalStatus::parse_loose(&self.political_status)?,
            education,
            phone: check_phone(&self.phone)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid number with the given first 17 digits.
    pub(crate) fn valid(first17: &str) -> String {
        format!("{first17}{}", check_character(first17).unwrap())
    }

    #[test]
    fn check_character_of_gb_11643() {
        // The standard's own example.
        assert_eq!(check_character("11010519491231002"), Some('X'));
        assert_eq!(
            check_id_number("11010519491231002x").unwrap(),
            "11010519491231002X"
        );
        let n = valid("34080319800101123");
        assert_eq!(check_id_number(&n).unwrap(), n);
        let wrong_last = format!("{}{}", &n[..17], if n.ends_with('0') { '1' } else { '0' });
        assert_eq!(
            check_id_number(&wrong_last).unwrap_err().code,
            "people.id_number_invalid"
        );
        assert_eq!(
            check_id_number("3408031980").unwrap_err().code,
            "people.id_number_invalid"
        );
        let feb30 = valid("34080319800230123");
        assert_eq!(
            check_id_number(&feb30).unwrap_err().code,
            "people.id_number_birth_invalid"
        );
        // An error never repeats the full number.
        let err = check_id_number(&wrong_last).unwrap_err();
        assert!(!err.args["value"].contains(&wrong_last[6..14]));
        assert_eq!(id_sex(&n), Some(Sex::Male));
    }

    #[test]
    fn masking() {
        assert_eq!(mask_id_number("340803198001011234"), "340803********1234");
        assert_eq!(mask_id_number("12345"), "*****");
        assert_eq!(mask_phone("13855665678"), "138****5678");
        assert_eq!(mask_phone("0556-5551234"), "055*****1234");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("12345"), "*****");
    }

    #[test]
    fn phones() {
        assert!(check_phone("13855665678").unwrap().is_some());
        assert!(check_phone("0556-5551234").unwrap().is_some());
        assert!(check_phone("05565551234").unwrap().is_some());
        assert!(check_phone("").unwrap().is_none());
        for bad in ["12855665678", "1385566567", "556-5551234", "phone"] {
            assert_eq!(check_phone(bad).unwrap_err().code, "people.phone_invalid");
        }
    }

    #[test]
    fn ages_and_education() {
        let d = |s: &str| crate::time::parse_date(s).unwrap();
        assert_eq!(age_on(d("1980-06-15"), d("2021-06-14")), 40);
        assert_eq!(age_on(d("1980-06-15"), d("2021-06-15")), 41);
        assert_eq!(born_by(d("2021-06-15"), 41), d("1980-06-15"));
        assert_eq!(born_by(d("2024-02-29"), 1), d("2023-02-28"));
        assert_eq!(
            Education::College.at_least(),
            vec![
                Education::College,
                Education::Bachelor,
                Education::Master,
                Education::Doctor
            ]
        );
        assert!(Education::Primary < Education::Doctor);
    }

    #[test]
    fn persons() {
        let n = valid("34080319800101123");
        let input = PersonInput {
            region_code: "340803100201".into(),
            name: "张三".into(),
            id_number: n.clone(),
            political_status: "中共党员".into(),
            education: "大专".into(),
            phone: "13855665678".into(),
            ..Default::default()
        };
        let p = input.validate().unwrap();
        assert_eq!(p.birth_date.to_string(), "1980-01-01");
        assert_eq!((p.sex, p.ethnicity.as_str()), (Sex::Male, "汉族"));
        assert_eq!(p.education, Some(Education::College));
        let mismatch = PersonInput {
            birth_date: "1980-01-02".into(),
            ..input.clone()
        };
        assert_eq!(
            mismatch.validate().unwrap_err().code,
            "people.birth_date_mismatch"
        );
        let no_status = PersonInput {
            political_status: String::new(),
            ..input
        };
        assert_eq!(no_status.validate().unwrap_err().field, "political_status");
    }

    #[test]
    fn photos() {
        let png = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0];
        assert_eq!(check_photo(&png), Ok("image/png"));
        assert_eq!(check_photo(&[0xff, 0xd8, 0xff, 0xe0]), Ok("image/jpeg"));
        assert_eq!(
            check_photo(b"%PDF-1.7").unwrap_err().code,
            "people.photo_type"
        );
        let big = vec![0xffu8; PHOTO_MAX_BYTES + 1];
        assert_eq!(
            check_photo(&big).unwrap_err().code,
            "people.photo_too_large"
        );
    }
}
