//! People and talent (队伍建设): the person registry with its personal-information rules
//! (resident ID numbers and phones are masked everywhere), posts and tenure (村“两委”, 第一书记,
//! 驻村工作队), reserve cadres and the local talent pool, recruitment campaigns, trainings with
//! their coverage per target group, and incentives.
//!
//! Pure rules only: validation of what users enter, the GB 11643 check character, masking,
//! ages, scores and the coverage computation.

pub mod incentive;
pub mod person;
pub mod post;
pub mod recruitment;
pub mod talent;
pub mod training;

pub use incentive::{Incentive, IncentiveInput, IncentiveKind};
pub use person::{
    Education, Person, PersonInput, PoliticalStatus, Sex, check_id_number, mask_id_number,
    mask_phone,
};
pub use post::{Post, PostInput, PostKind};
pub use recruitment::{
    Applicant, ApplicantInput, ApplicantResult, Campaign, CampaignInput, CampaignKind,
    CampaignStatus, Position, PositionInput,
};
pub use talent::{Talent, TalentCategory, TalentInput, TalentPool, TalentStatus};
pub use training::{
    AttendanceInput, GroupCoverage, TargetGroup, Training, TrainingInput, coverage, reference_day,
};

use crate::decimal::Decimal;
use crate::error::FieldError;
use crate::id::Id;

/// Entity names of the audit log written by this module (listed with all others in
/// `crate::audit::entity`; each has a label `audit-entity-<name>` in `people.ftl`).
pub mod entity {
    pub use crate::audit::entity::{
        PEOPLE_ATTENDANCE as ATTENDANCE, PEOPLE_CAMPAIGN as CAMPAIGN,
        PEOPLE_INCENTIVE as INCENTIVE, PEOPLE_PERSON as PERSON, PEOPLE_POST as POST,
        PEOPLE_TALENT as TALENT, PEOPLE_TRAINING as TRAINING,
    };
}

pub(crate) use crate::input::{date, opt_date, optional, region, required};

/// A reference to a person: by id, or (in imports) by resident ID number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRef {
    Id(Id),
    IdNumber(String),
}

/// The person named by `person_id` or, when empty, by `id_number` (validated).
pub(crate) fn person_ref(person_id: &str, id_number: &str) -> Result<PersonRef, FieldError> {
    let p = person_id.trim();
    if !p.is_empty() {
        return p
            .parse::<Id>()
            .map(PersonRef::Id)
            .map_err(|_| FieldError::new("common.choice_invalid", "person_id").arg("value", p));
    }
    if id_number.trim().is_empty() {
        return Err(FieldError::new("common.required", "person_id"));
    }
    check_id_number(id_number).map(PersonRef::IdNumber)
}

/// A non-negative exact decimal (hours, scores) of at most 2 decimals, below `max`.
pub(crate) fn amount(text: &str, field: &'static str, max: i64) -> Result<Decimal, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    match Decimal::parse(t) {
        Some(d)
            if !d.is_negative()
                && d.scale() <= 2
                && d.mantissa() * 10_i128.pow(2 - d.scale()) <= i128::from(max) * 100 =>
        {
            Ok(d)
        }
        _ => Err(FieldError::new("common.decimal_invalid", field).arg("value", t)),
    }
}

/// An optional [`amount`] (empty is none).
pub(crate) fn opt_amount(
    text: &str,
    field: &'static str,
    max: i64,
) -> Result<Option<Decimal>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        amount(text, field, max).map(Some)
    }
}

/// The exact sum of two decimals.
pub fn add(a: Decimal, b: Decimal) -> Decimal {
    let scale = a.scale().max(b.scale());
    let widen = |d: Decimal| d.mantissa() * 10_i128.pow(scale - d.scale());
    let sum = widen(a) + widen(b);
    let sign = if sum < 0 { "-" } else { "" };
    let abs = sum.unsigned_abs();
    let div = 10_u128.pow(scale);
    let text = if scale == 0 {
        format!("{sign}{abs}")
    } else {
        format!(
            "{sign}{}.{:0width$}",
            abs / div,
            abs % div,
            width = scale as usize
        )
    };
    Decimal::parse(&text).unwrap_or(a)
}

/// A choice among `all` by its stored name or its Chinese word.
pub(crate) fn choose<T: Copy>(
    all: &[T],
    text: &str,
    field: &'static str,
    names: impl Fn(T) -> (&'static str, &'static str),
) -> Result<T, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(FieldError::new("common.required", field));
    }
    all.iter()
        .copied()
        .find(|v| {
            let (code, zh) = names(*v);
            code == t || zh == t
        })
        .ok_or_else(|| FieldError::new("common.choice_invalid", field).arg("value", t))
}

/// Declares a closed list of stored names with Chinese words: `ALL`, `as_str`, `chinese`,
/// `parse(text)` (stored name or Chinese word; errors name `$field`).
macro_rules! choice {
    ($(#[$m:meta])* $name:ident, $field:literal, [$($(#[$vm:meta])* $v:ident = $code:literal / $zh:literal),+ $(,)?]) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }

            pub fn chinese(self) -> &'static str {
                match self { $($name::$v => $zh),+ }
            }

            pub fn parse(text: &str) -> Result<$name, $crate::error::FieldError> {
                $crate::people::choose(Self::ALL, text, $field, |v| (v.as_str(), v.chinese()))
            }
        }
    };
}
pub(crate) use choice;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_exactly() {
        let d = |s: &str| Decimal::parse(s).unwrap();
        assert_eq!(add(d("78.5"), d("81.25")).to_string(), "159.75");
        assert_eq!(add(d("60"), d("40")).to_string(), "100");
        assert_eq!(
            amount("1.234", "hours", 100).unwrap_err().code,
            "common.decimal_invalid"
        );
        assert_eq!(
            amount("-1", "hours", 100).unwrap_err().code,
            "common.decimal_invalid"
        );
        assert_eq!(amount("100", "hours", 100).unwrap().to_string(), "100");
    }
}
