//! Regions: district (区/县) → town (镇/乡/街道) → village (村/社区), identified by the
//! 12-digit national statistical division code (统计用区划代码).

use crate::decimal::Decimal;
use crate::error::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A validated 12-digit statistical code. Its level follows from its digits:
/// digits 7–12 zero is a district, 10–12 zero a town, otherwise a village.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    District,
    Town,
    Village,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::District => "district",
            Level::Town => "town",
            Level::Village => "village",
        }
    }

    /// How many leading digits of the code a region shares with everything below it.
    pub fn prefix_len(self) -> usize {
        match self {
            Level::District => 6,
            Level::Town => 9,
            Level::Village => 12,
        }
    }

    pub fn parent(self) -> Option<Level> {
        match self {
            Level::District => None,
            Level::Town => Some(Level::District),
            Level::Village => Some(Level::Town),
        }
    }
}

impl RegionCode {
    pub fn parse(text: &str) -> Result<RegionCode, FieldError> {
        let text = text.trim();
        if text.len() != 12 || !text.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError::new("region.code_invalid", "code").arg("value", text));
        }
        if text[..6].ends_with("00") || text.starts_with("00") {
            // Province, city and county digits must name a county-level unit.
            return Err(FieldError::new("region.code_invalid", "code").arg("value", text));
        }
        if Self::village_without_town(text) {
            // A village's code carries its town's digits: no village sits under a district.
            return Err(FieldError::new("region.code_invalid", "code").arg("value", text));
        }
        Ok(RegionCode(text.to_string()))
    }

    /// True for 12 digits with village digits but town digits `000`: a village placed directly
    /// under a district, which the statistical code system has no place for.
    fn village_without_town(text: &str) -> bool {
        text.len() == 12 && text.is_ascii() && &text[6..9] == "000" && &text[9..] != "000"
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> Level {
        if &self.0[6..] == "000000" {
            Level::District
        } else if &self.0[9..] == "000" {
            Level::Town
        } else {
            Level::Village
        }
    }

    /// The digits every region below this one starts with.
    pub fn subtree_prefix(&self) -> &str {
        &self.0[..self.level().prefix_len()]
    }

    /// True when `other` is this region or lies below it.
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.0.starts_with(self.subtree_prefix())
    }

    /// The code the parent must have, derived from the digits (a village's town, a town's district).
    pub fn expected_parent(&self) -> Option<RegionCode> {
        let parent_level = self.level().parent()?;
        let prefix = &self.0[..parent_level.prefix_len()];
        Some(RegionCode(format!("{prefix:0<12}")))
    }

    /// Checks that `parent` is one level up and its code is this code's prefix by level.
    pub fn check_parent(&self, parent: Option<&RegionCode>) -> Result<(), FieldError> {
        match (self.expected_parent(), parent) {
            (None, None) => Ok(()),
            (Some(expected), Some(given)) if &expected == given => Ok(()),
            (expected, given) => Err(FieldError::new("region.parent_mismatch", "parent_code")
                .arg("code", self.0.clone())
                .arg(
                    "expected",
                    expected.map(|c| c.0).unwrap_or_else(|| "-".to_string()),
                )
                .arg(
                    "value",
                    given
                        .map(|c| c.0.clone())
                        .unwrap_or_else(|| "-".to_string()),
                )),
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for RegionCode {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegionCode::parse(s)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        RegionCode::parse(&s)
    }
}

impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.0
    }
}

/// What kind of unit a region is; each kind belongs to one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    /// 区
    District,
    /// 县
    County,
    /// 镇
    Town,
    /// 乡
    Township,
    /// 街道
    Subdistrict,
    /// 村
    Village,
    /// 社区
    Community,
}

impl RegionKind {
    pub const ALL: [RegionKind; 7] = [
        RegionKind::District,
        RegionKind::County,
        RegionKind::Town,
        RegionKind::Township,
        RegionKind::Subdistrict,
        RegionKind::Village,
        RegionKind::Community,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegionKind::District => "district",
            RegionKind::County => "county",
            RegionKind::Town => "town",
            RegionKind::Township => "township",
            RegionKind::Subdistrict => "subdistrict",
            RegionKind::Village => "village",
            RegionKind::Community => "community",
        }
    }

    /// Accepts the stored name or the Chinese word people write in spreadsheets.
    pub fn parse(text: &str) -> Result<RegionKind, FieldError> {
        let t = text.trim();
        RegionKind::ALL
            .into_iter()
            .find(|k| k.as_str() == t || k.chinese() == t)
            .ok_or_else(|| FieldError::new("region.kind_invalid", "kind").arg("value", t))
    }

    pub fn chinese(self) -> &'static str {
        match self {
            RegionKind::District => "区",
            RegionKind::County => "县",
            RegionKind::Town => "镇",
            RegionKind::Township => "乡",
            RegionKind::Subdistrict => "街道",
            RegionKind::Village => "村",
            RegionKind::Community => "社区",
        }
    }

    pub fn level(self) -> Level {
        match self {
            RegionKind::District | RegionKind::County => Level::District,
            RegionKind::Town | RegionKind::Township | RegionKind::Subdistrict => Level::Town,
            RegionKind::Village | RegionKind::Community => Level::Village,
        }
    }
}

/// Programme tags of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionTag {
    /// 重点村: a key village guided by a district leader.
    KeyVillage,
    /// 扶持村: a village receiving support funds.
    SupportedVillage,
}

impl RegionTag {
    pub const ALL: [RegionTag; 2] = [RegionTag::KeyVillage, RegionTag::SupportedVillage];

    pub fn as_str(self) -> &'static str {
        match self {
            RegionTag::KeyVillage => "key_village",
            RegionTag::SupportedVillage => "supported_village",
        }
    }

    pub fn chinese(self) -> &'static str {
        match self {
            RegionTag::KeyVillage => "重点村",
            RegionTag::SupportedVillage => "扶持村",
        }
    }

    pub fn parse(text: &str) -> Result<RegionTag, FieldError> {
        let t = text.trim();
        RegionTag::ALL
            .into_iter()
            .find(|k| k.as_str() == t || k.chinese() == t)
            .ok_or_else(|| FieldError::new("region.tag_invalid", "tags").arg("value", t))
    }

    /// Parses a list separated by `,`, `，`, `;`, `、` or `|`, ignoring blanks and repeats.
    pub fn parse_list(text: &str) -> Result<Vec<RegionTag>, FieldError> {
        let mut tags = Vec::new();
        for part in text.split([',', '，', ';', '；', '、', '|']) {
            if part.trim().is_empty() {
                continue;
            }
            let tag = RegionTag::parse(part)?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags.sort();
        Ok(tags)
    }
}

/// A region as entered: validated, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub code: RegionCode,
    pub parent_code: Option<RegionCode>,
    pub name: String,
    pub kind: RegionKind,
    pub tags: Vec<RegionTag>,
    pub profile: Profile,
}

/// Profile figures of a region; any may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub population: Option<i64>,
    pub households: Option<i64>,
    /// Area in km², an exact decimal as text.
    pub area_km2: Option<String>,
    pub party_members: Option<i64>,
}

/// Raw text of a region as it comes from a form, a file row or the API.
#[derive(Debug, Clone, Default)]
pub struct RegionInput {
    pub code: String,
    pub parent_code: String,
    pub name: String,
    pub kind: String,
    pub tags: String,
    pub population: String,
    pub households: String,
    pub area_km2: String,
    pub party_members: String,
}

impl RegionInput {
    /// Validates every field; the first error names its field.
    pub fn validate(&self) -> Result<Region, FieldError> {
        let code_text = self.code.trim();
        if RegionCode::village_without_town(code_text)
            && code_text.chars().all(|c| c.is_ascii_digit())
        {
            // A village must be under a town, a town under the district.
            return Err(FieldError::new("region.village_needs_town", "parent_code")
                .arg("code", code_text)
                .arg("value", self.parent_code.trim()));
        }
        let code = RegionCode::parse(&self.code)?;
        let parent_code = if self.parent_code.trim().is_empty() {
            None
        } else {
            Some(
                RegionCode::parse(&self.parent_code).map_err(|e| FieldError {
                    field: "parent_code",
                    ..e
                })?,
            )
        };
        code.check_parent(parent_code.as_ref())?;
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(FieldError::new("common.required", "name"));
        }
        if name.chars().count() > 64 {
            return Err(FieldError::new("common.too_long", "name").arg("max", "64"));
        }
        let kind = RegionKind::parse(&self.kind)?;
        if kind.level() != code.level() {
            return Err(FieldError::new("region.kind_level_mismatch", "kind")
                .arg("value", kind.as_str())
                .arg("level", code.level().as_str()));
        }
        let tags = RegionTag::parse_list(&self.tags)?;
        if !tags.is_empty() && code.level() != Level::Village {
            return Err(FieldError::new("region.tag_village_only", "tags"));
        }
        let area_km2 = match self.area_km2.trim() {
            "" => None,
            text => match Decimal::parse(text) {
                Some(d) if !d.is_negative() => Some(d.to_string()),
                _ => {
                    return Err(
                        FieldError::new("common.decimal_invalid", "area_km2").arg("value", text)
                    );
                }
            },
        };
        Ok(Region {
            code,
            parent_code,
            name,
            kind,
            tags,
            profile: Profile {
                population: parse_count(&self.population, "population")?,
                households: parse_count(&self.households, "households")?,
                area_km2,
                party_members: parse_count(&self.party_members, "party_members")?,
            },
        })
    }
}

/// An optional non-negative whole number.
fn parse_count(text: &str, field: &'static str) -> Result<Option<i64>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // Spreadsheets hand whole numbers over as `1234.0`.
    let t = t.strip_suffix(".0").unwrap_or(t);
    match t.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(Some(n)),
        _ => Err(FieldError::new("common.count_invalid", field).arg("value", text.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn levels_and_prefixes() {
        assert_eq!(code("340803000000").level(), Level::District);
        assert_eq!(code("340803100000").level(), Level::Town);
        assert_eq!(code("340803100201").level(), Level::Village);
        assert!(code("340803000000").contains(&code("340803100201")));
        assert!(code("340803100000").contains(&code("340803100201")));
        assert!(!code("340803100000").contains(&code("340803200201")));
        assert!(!code("340803100201").contains(&code("340803100202")));
    }

    #[test]
    fn rejects_bad_codes() {
        for bad in [
            "34080310000",
            "3408031000001",
            "34080310000a",
            "",
            "340800000000",
        ] {
            assert_eq!(
                RegionCode::parse(bad).unwrap_err().code,
                "region.code_invalid",
                "{bad}"
            );
        }
    }

    #[test]
    fn parent_must_be_prefix_by_level() {
        let village = code("340803100201");
        assert!(village.check_parent(Some(&code("340803100000"))).is_ok());
        assert_eq!(
            village
                .check_parent(Some(&code("340803200000")))
                .unwrap_err()
                .code,
            "region.parent_mismatch"
        );
        assert!(village.check_parent(None).is_err());
        assert!(code("340803000000").check_parent(None).is_ok());
    }

    #[test]
    fn a_village_is_never_directly_under_the_district() {
        assert_eq!(
            RegionCode::parse("340803000201").unwrap_err().code,
            "region.code_invalid"
        );
        let input = RegionInput {
            code: "340803000201".into(),
            parent_code: "340803000000".into(),
            name: "直属村".into(),
            kind: "村".into(),
            ..Default::default()
        };
        let err = input.validate().unwrap_err();
        assert_eq!(
            (err.code, err.field),
            ("region.village_needs_town", "parent_code")
        );
        // A town is under the district; a village under its town.
        let town = RegionInput {
            code: "340803300000".into(),
            parent_code: "340803000000".into(),
            name: "新镇".into(),
            kind: "镇".into(),
            ..Default::default()
        };
        assert!(town.validate().is_ok());
        let village_in_town = RegionInput {
            code: "340803300201".into(),
            parent_code: "340803000000".into(),
            name: "新村".into(),
            kind: "村".into(),
            ..Default::default()
        };
        let err = village_in_town.validate().unwrap_err();
        assert_eq!(
            (err.code, err.field),
            ("region.parent_mismatch", "parent_code")
        );
    }

    #[test]
    fn validates_input() {
        let input = RegionInput {
            code: "340803100201".into(),
            parent_code: "340803100000".into(),
            name: "保婴村".into(),
            kind: "村".into(),
            tags: "重点村，扶持村".into(),
            population: "2,100".into(),
            ..Default::default()
        };
        assert_eq!(input.validate().unwrap_err().field, "population");
        let ok = RegionInput {
            population: "2100".into(),
            ..input.clone()
        }
        .validate()
        .unwrap();
        assert_eq!(
            ok.tags,
            vec![RegionTag::KeyVillage, RegionTag::SupportedVillage]
        );
        let town_kind = RegionInput {
            kind: "镇".into(),
            population: "".into(),
            ..input
        };
        assert_eq!(
            town_kind.validate().unwrap_err().code,
            "region.kind_level_mismatch"
        );
    }
}
