//! Users, roles and scopes. Every query is scoped to the caller's region subtree.

use crate::error::{DomainError, FieldError};
use crate::region::{Level, RegionCode};
use serde::{Deserialize, Serialize};

/// The roles of DESIGN.md, from the widest to the narrowest power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 区级管理员: users, regions, rules, all data of the district.
    DistrictAdmin,
    /// 区级领导: reads the district, writes own assignments.
    DistrictLeader,
    /// 乡镇干部: own town and its villages.
    TownOfficer,
    /// 村干部 / 报账员: own village.
    VillageCadre,
    /// 第一书记: assigned village.
    FirstSecretary,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::DistrictAdmin,
        Role::DistrictLeader,
        Role::TownOfficer,
        Role::VillageCadre,
        Role::FirstSecretary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::DistrictAdmin => "district_admin",
            Role::DistrictLeader => "district_leader",
            Role::TownOfficer => "town_officer",
            Role::VillageCadre => "village_cadre",
            Role::FirstSecretary => "first_secretary",
        }
    }

    pub fn parse(text: &str) -> Result<Role, FieldError> {
        let t = text.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == t)
            .ok_or_else(|| FieldError::new("identity.role_invalid", "role").arg("value", t))
    }

    /// Power used to decide who may grant what: a user never grants a role above their own.
    pub fn rank(self) -> u8 {
        match self {
            Role::DistrictAdmin => 4,
            Role::DistrictLeader => 3,
            Role::TownOfficer => 2,
            Role::VillageCadre | Role::FirstSecretary => 1,
        }
    }

    /// The level of region a holder of this role is attached to.
    pub fn region_level(self) -> Level {
        match self {
            Role::DistrictAdmin | Role::DistrictLeader => Level::District,
            Role::TownOfficer => Level::Town,
            Role::VillageCadre | Role::FirstSecretary => Level::Village,
        }
    }

    /// Roles that administer users (inside their own scope).
    pub fn manages_users(self) -> bool {
        matches!(self, Role::DistrictAdmin | Role::TownOfficer)
    }

    /// Roles that may create and edit regions and their profiles inside their scope.
    pub fn edits_regions(self) -> bool {
        matches!(self, Role::DistrictAdmin | Role::TownOfficer)
    }

    /// Roles that keep the collective economy's books (enter, review and post vouchers) in
    /// their scope: the village bookkeeper, and the town's rural-economy station (村账乡代管).
    pub fn keeps_books(self) -> bool {
        matches!(
            self,
            Role::DistrictAdmin | Role::TownOfficer | Role::VillageCadre
        )
    }

    /// Read-only roles see everything in scope but write only their own records.
    pub fn is_district_wide(self) -> bool {
        self.region_level() == Level::District
    }
}

/// The region subtree a caller may see. Repositories take it first and filter by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    root: Option<RegionCode>,
}

impl Scope {
    /// Everything: for the command line and the demo loader, never for a web caller.
    pub fn system() -> Scope {
        Scope { root: None }
    }

    pub fn region(root: RegionCode) -> Scope {
        Scope { root: Some(root) }
    }

    pub fn root(&self) -> Option<&RegionCode> {
        self.root.as_ref()
    }

    /// The code prefix of every region in scope; `""` for the system scope.
    pub fn prefix(&self) -> &str {
        self.root.as_ref().map(|r| r.subtree_prefix()).unwrap_or("")
    }

    /// The half-open range `[lo, hi)` of the region codes in scope, for
    /// `region_code >= lo AND region_code < hi`: a range seeks a B-tree index on both backends
    /// whatever the collation, where a `LIKE` prefix does not. See [`prefix_range`].
    pub fn range(&self) -> (String, String) {
        prefix_range(self.prefix())
    }

    pub fn contains(&self, code: &RegionCode) -> bool {
        self.root.as_ref().is_none_or(|r| r.contains(code))
    }
}

/// Upper bound above every region code: region codes are ASCII digits, and digits sort before
/// Latin letters in the C, en_US and zh_CN collations alike.
pub const RANGE_TOP: &str = "A";

/// The half-open range `[lo, hi)` of the codes starting with the digits `prefix`: `lo` is the
/// prefix, `hi` the prefix incremented as a decimal number of the same width ("3301" → "3302",
/// "3309" → "3310"); an empty or all-9 prefix has [`RANGE_TOP`] as its bound. A prefix with
/// anything but ASCII digits starts no region code: its range is empty (`lo == hi`).
pub fn prefix_range(prefix: &str) -> (String, String) {
    if !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return (prefix.to_string(), prefix.to_string());
    }
    let mut digits = prefix.as_bytes().to_vec();
    for i in (0..digits.len()).rev() {
        if digits[i] == b'9' {
            digits[i] = b'0';
        } else {
            digits[i] += 1;
            let hi = digits.iter().map(|&b| char::from(b)).collect();
            return (prefix.to_string(), hi);
        }
    }
    (prefix.to_string(), RANGE_TOP.to_string())
}

/// Who is acting: a signed-in user or the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<crate::Id>,
    pub username: String,
    pub role: Option<Role>,
    pub scope: Scope,
}

impl Actor {
    pub fn system(what: &str) -> Actor {
        Actor {
            user_id: None,
            username: format!("system:{what}"),
            role: None,
            scope: Scope::system(),
        }
    }

    fn rank(&self) -> u8 {
        self.role.map(Role::rank).unwrap_or(u8::MAX)
    }

    /// May this actor give `role` at `region` to a user (create or change)?
    /// Only inside their scope, never above their own role, always at the role's level.
    pub fn check_grant(&self, role: Role, region: &RegionCode) -> Result<(), DomainError> {
        if let Some(own) = self.role
            && !own.manages_users()
        {
            return Err(DomainError::Forbidden);
        }
        if !self.scope.contains(region) || role.rank() > self.rank() {
            return Err(DomainError::Forbidden);
        }
        if region.level() != role.region_level() {
            return Err(
                FieldError::new("identity.role_level_mismatch", "region_code")
                    .arg("role", role.as_str())
                    .arg("level", role.region_level().as_str())
                    .into(),
            );
        }
        Ok(())
    }

    /// May this actor administer an existing user holding `role` at `region` (edit,
    /// deactivate, reset the password, change the role, revoke a token)?
    ///
    /// Only a role strictly above the user's: a district admin administers town officers, a
    /// town officer the village users of their town, never a peer (who could otherwise be
    /// taken over by a password reset). A user outside the scope is not found; a user inside it
    /// but not below the actor is forbidden. The command line (no role) administers anyone.
    pub fn check_manage(&self, role: Role, region: &RegionCode) -> Result<(), DomainError> {
        if let Some(own) = self.role
            && !own.manages_users()
        {
            return Err(DomainError::Forbidden);
        }
        if !self.scope.contains(region) || role.rank() > self.rank() {
            return Err(DomainError::NotFound);
        }
        if self.role.is_some() && role.rank() >= self.rank() {
            return Err(DomainError::Forbidden);
        }
        Ok(())
    }

    /// True when [`Actor::check_manage`] allows administering this user.
    pub fn may_manage(&self, role: Role, region: &RegionCode) -> bool {
        self.check_manage(role, region).is_ok()
    }
}

/// What an API token may be used for (`api_tokens.scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// The JSON API as its user (bearer token).
    Full,
    /// Reading its user's calendar feed (`?token=` of the `.ics` URL), nothing else.
    Calendar,
}

impl TokenScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenScope::Full => "full",
            TokenScope::Calendar => "calendar",
        }
    }

    pub fn parse(text: &str) -> Option<TokenScope> {
        match text.trim() {
            "full" => Some(TokenScope::Full),
            "calendar" => Some(TokenScope::Calendar),
            _ => None,
        }
    }
}

/// The zxcvbn score (0–4) a password must reach: 3 means about 10^10 guesses.
pub const MIN_PASSWORD_SCORE: u8 = 3;

/// Password rules: 10–256 characters, letters and digits, not containing the username, not
/// a common password, and strong enough for the zxcvbn estimator (score ≥ 3) with the
/// username given to it as a known word.
pub fn check_password(password: &str, username: &str) -> Result<(), FieldError> {
    check_password_for(password, username, &[])
}

/// [`check_password`] with more words the user is known by (e.g. their display name) given
/// to the estimator, so a password built on them counts as weak.
pub fn check_password_for(
    password: &str,
    username: &str,
    known: &[&str],
) -> Result<(), FieldError> {
    let len = password.chars().count();
    if len < 10 {
        return Err(FieldError::new("identity.password_too_short", "password").arg("min", "10"));
    }
    if len > 256 {
        return Err(FieldError::new("common.too_long", "password").arg("max", "256"));
    }
    let has_letter = password.chars().any(char::is_alphabetic);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    if !has_letter || !has_digit {
        return Err(FieldError::new("identity.password_too_simple", "password"));
    }
    if password.to_lowercase().contains(&username.to_lowercase()) && !username.is_empty() {
        return Err(FieldError::new(
            "identity.password_contains_username",
            "password",
        ));
    }
    let mut inputs: Vec<&str> = vec![username];
    // The username without its digits too ("zhangwei88" → "zhangwei"), so another number on
    // the same name ("zhangwei1988") counts as built on the username.
    let stem = username.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() >= 3 && stem != username {
        inputs.push(stem);
    }
    inputs.extend(known.iter().copied().filter(|k| !k.trim().is_empty()));
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    if u8::from(entropy.score()) >= MIN_PASSWORD_SCORE {
        return Ok(());
    }
    use zxcvbn::feedback::Warning;
    let warning = entropy.feedback().and_then(|f| f.warning());
    let reason = match warning {
        Some(
            Warning::ThisIsATop10Password
            | Warning::ThisIsATop100Password
            | Warning::ThisIsACommonPassword,
        ) => return Err(FieldError::new("identity.password_common", "password")),
        Some(Warning::ThisIsSimilarToACommonlyUsedPassword) => "similar",
        Some(
            Warning::StraightRowsOfKeysAreEasyToGuess
            | Warning::ShortKeyboardPatternsAreEasyToGuess,
        ) => "keyboard",
        Some(
            Warning::RepeatsLikeAaaAreEasyToGuess
            | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
        ) => "repeat",
        Some(Warning::SequencesLikeAbcAreEasyToGuess) => "sequence",
        Some(Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess) => "date",
        Some(Warning::AWordByItselfIsEasyToGuess) => "word",
        Some(
            Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
            | Warning::CommonNamesAndSurnamesAreEasyToGuess,
        ) => "name",
        None => "other",
    };
    // The reason is one of our own keys; the message (translated) is chosen by it.
    Err(FieldError::new("identity.password_too_weak", "password").arg("reason", reason))
}

/// Usernames: 3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter.
pub fn check_username(username: &str) -> Result<(), FieldError> {
    let ok_len = (3..=32).contains(&username.len());
    let ok_start = username
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase());
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok_len && ok_start && ok_chars {
        Ok(())
    } else {
        Err(FieldError::new("identity.username_invalid", "username").arg("value", username))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    fn actor(role: Role, region: &str) -> Actor {
        Actor {
            user_id: None,
            username: "x".into(),
            role: Some(role),
            scope: Scope::region(code(region)),
        }
    }

    #[test]
    fn prefix_range_increments_the_prefix_as_a_number_of_its_width() {
        let r = |p: &str| prefix_range(p);
        assert_eq!(r("3301"), ("3301".into(), "3302".into()));
        assert_eq!(r("3309"), ("3309".into(), "3310".into()));
        assert_eq!(r("340899"), ("340899".into(), "340900".into()));
        assert_eq!(r("0"), ("0".into(), "1".into()));
        assert_eq!(r("9"), ("9".into(), RANGE_TOP.into()));
        assert_eq!(r("999999"), ("999999".into(), RANGE_TOP.into()));
        assert_eq!(r(""), ("".into(), RANGE_TOP.into()));
        // Not digits: no region code starts with it, so nothing is in range.
        let (lo, hi) = r("33%");
        assert_eq!(lo, hi);
        assert_eq!(Scope::system().range(), ("".into(), RANGE_TOP.into()));
        assert_eq!(
            Scope::region(code("340803100000")).range(),
            ("340803100".into(), "340803101".into())
        );
    }

    /// A code is in the range of a scope exactly when the scope contains it, in byte (C)
    /// order; the store's query-plan test checks the same on PostgreSQL's zh and en collations.
    #[test]
    fn range_holds_exactly_the_codes_of_the_subtree() {
        let codes: Vec<RegionCode> = [
            "110101000000",
            "340803000000",
            "340803100000",
            "340803100201",
            "340803100999",
            "340803109000",
            "340803109999",
            "340803110000",
            "340803199999",
            "340803200201",
            "340804000000",
            "340899999999",
            "340901000000",
            "999999000000",
            "999999999001",
            "999999999999",
        ]
        .iter()
        .map(|c| code(c))
        .collect();
        let mut scopes = vec![Scope::system()];
        scopes.extend(codes.iter().cloned().map(Scope::region));
        for scope in &scopes {
            let (lo, hi) = scope.range();
            for c in &codes {
                let inside = c.as_str() >= lo.as_str() && c.as_str() < hi.as_str();
                assert_eq!(inside, scope.contains(c), "{c:?} in {scope:?} ({lo}, {hi})");
            }
        }
        // The top bound sorts after every digit string in byte order.
        assert!("999999999999" < RANGE_TOP);
    }

    #[test]
    fn town_officer_grants_only_below_and_inside() {
        let town = actor(Role::TownOfficer, "340803100000");
        assert!(
            town.check_grant(Role::VillageCadre, &code("340803100201"))
                .is_ok()
        );
        assert_eq!(
            town.check_grant(Role::VillageCadre, &code("340803200201")),
            Err(DomainError::Forbidden)
        );
        assert_eq!(
            town.check_grant(Role::DistrictAdmin, &code("340803000000")),
            Err(DomainError::Forbidden)
        );
        let village = actor(Role::VillageCadre, "340803100201");
        assert_eq!(
            village.check_grant(Role::VillageCadre, &code("340803100201")),
            Err(DomainError::Forbidden)
        );
    }

    #[test]
    fn role_must_match_region_level() {
        let admin = actor(Role::DistrictAdmin, "340803000000");
        let err = admin
            .check_grant(Role::TownOfficer, &code("340803100201"))
            .unwrap_err();
        assert_eq!(err.code(), "identity.role_level_mismatch");
    }

    #[test]
    fn password_rules() {
        assert_eq!(
            check_password("short1", "u").unwrap_err().code,
            "identity.password_too_short"
        );
        assert_eq!(
            check_password("onlyletters", "u").unwrap_err().code,
            "identity.password_too_simple"
        );
        assert_eq!(
            check_password("admin12345x", "admin").unwrap_err().code,
            "identity.password_contains_username"
        );
        assert!(check_password("Zhenxing2026!", "admin").is_ok());
    }

    #[test]
    fn weak_and_common_passwords_are_refused() {
        for (password, code) in [
            ("          1a", "identity.password_too_weak"),
            ("aaaaaaaaa1", "identity.password_too_weak"),
            ("Passw0rd!!", "identity.password_too_weak"),
            ("password123", "identity.password_common"),
            ("qwertyuiop1", "identity.password_too_weak"),
            ("1234567890a", "identity.password_common"),
        ] {
            let err = check_password(password, "town").unwrap_err();
            assert_eq!(err.code, code, "{password:?}");
            assert_eq!(err.field, "password");
        }
        // The username with another number is built on the username.
        assert!(check_password("zhangwei1988", "zhangwei88").is_err());
        // Words the user is known by count as guessable.
        assert!(check_password("Wangxiaoming7", "town").is_ok());
        assert_eq!(
            check_password_for("Wangxiaoming7", "town", &["wangxiaoming"])
                .unwrap_err()
                .code,
            "identity.password_too_weak"
        );
        for (password, username, name) in [
            // The demo accounts' password, the HTTP tests' and the command-line tests'.
            ("Zhenxing2026!", "admin", "区级管理员（示例）"),
            ("Zhenxing2026!", "leader", "区委常委（示例）"),
            ("Zhenxing2026!", "haikou", "海口镇干部（示例）"),
            ("Zhenxing2026!", "baoying", "保婴村报账员（示例）"),
            ("Zhenxing2026!", "shuji", "保婴村第一书记（示例）"),
            ("Village-pass-1", "liming", "liming"),
            ("Another-pass-2", "liming", "liming"),
            ("Test-pass-2026", "town", "town 名"),
            ("Test-pass-2026", "admin", "admin 名"),
            ("Test-pass-2026", "cadre", "cadre 名"),
        ] {
            assert_eq!(
                check_password_for(password, username, &[name]),
                Ok(()),
                "{password} for {username}"
            );
        }
    }

    #[test]
    fn only_a_role_strictly_above_administers_a_user() {
        let town = actor(Role::TownOfficer, "340803100000");
        assert_eq!(
            town.check_manage(Role::TownOfficer, &code("340803100000")),
            Err(DomainError::Forbidden)
        );
        assert!(town.may_manage(Role::VillageCadre, &code("340803100201")));
        assert_eq!(
            town.check_manage(Role::VillageCadre, &code("340803200201")),
            Err(DomainError::NotFound)
        );
        let admin = actor(Role::DistrictAdmin, "340803000000");
        assert!(admin.may_manage(Role::TownOfficer, &code("340803100000")));
        assert!(admin.may_manage(Role::DistrictLeader, &code("340803000000")));
        assert!(!admin.may_manage(Role::DistrictAdmin, &code("340803000000")));
        assert!(Actor::system("cli").may_manage(Role::DistrictAdmin, &code("340803000000")));
    }
}
