//! Trainings (培训) with their target group and attendance, and the coverage report: the
//! share of each target group trained in a year, with the names of those not yet trained.

use super::post::{PostKind, holds_on};
use super::{PersonRef, amount, choice, date, opt_amount, optional, person_ref, region, required};
use crate::decimal::Decimal;
use crate::error::FieldError;
use crate::region::RegionCode;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

choice!(
    TargetGroup,
    "target_group",
    [
        PartySecretaries = "party_secretaries" / "全体村党组织书记",
        FirstSecretaries = "first_secretaries" / "第一书记",
        CommitteeMembers = "committee_members" / "两委委员",
        AllVillageCadres = "all_village_cadres" / "全体村干部",
        Custom = "custom" / "自定义",
    ]
);

impl TargetGroup {
    /// The groups whose coverage is reported (custom trainings have no defined membership).
    pub const COVERED: [TargetGroup; 4] = [
        TargetGroup::PartySecretaries,
        TargetGroup::FirstSecretaries,
        TargetGroup::CommitteeMembers,
        TargetGroup::AllVillageCadres,
    ];

    /// The posts whose holders make up the group. 两委委员 are the members of both village
    /// committees, so the Party secretary and the committee director count among them; all
    /// village cadres add the supervision committee. First secretaries and work teams are
    /// sent from outside and are not village cadres.
    pub fn posts(self) -> &'static [PostKind] {
        match self {
            TargetGroup::PartySecretaries => &[PostKind::PartySecretary],
            TargetGroup::FirstSecretaries => &[PostKind::FirstSecretary],
            TargetGroup::CommitteeMembers => &[
                PostKind::PartySecretary,
                PostKind::CommitteeDirector,
                PostKind::CommitteeMember,
            ],
            TargetGroup::AllVillageCadres => &[
                PostKind::PartySecretary,
                PostKind::CommitteeDirector,
                PostKind::CommitteeMember,
                PostKind::SupervisionMember,
            ],
            TargetGroup::Custom => &[],
        }
    }
}

impl TargetGroup {
    /// Whether attending a training for `self` trains a member of `group`: the same group,
    /// or one whose posts include or lie within the other's (never a custom group).
    pub fn counts_for(self, group: TargetGroup) -> bool {
        let (mine, theirs) = (self.posts(), group.posts());
        if mine.is_empty() || theirs.is_empty() {
            return false;
        }
        theirs.iter().all(|p| mine.contains(p)) || mine.iter().all(|p| theirs.contains(p))
    }
}

/// The most hours one training may carry.
pub const MAX_HOURS: i64 = 10_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingInput {
    /// The organising region (the district, a town); its subtree sees the training.
    pub region_code: String,
    pub topic: String,
    pub organiser: String,
    pub starts_on: String,
    pub ends_on: String,
    pub hours: String,
    pub target_group: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub region: RegionCode,
    pub topic: String,
    pub organiser: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub hours: Decimal,
    pub target_group: TargetGroup,
    pub note: String,
}

impl TrainingInput {
    pub fn validate(&self) -> Result<Training, FieldError> {
        let starts_on = date(&self.starts_on, "starts_on")?;
        let ends_on = if self.ends_on.trim().is_empty() {
            starts_on
        } else {
            date(&self.ends_on, "ends_on")?
        };
        super::post::check_end(starts_on, ends_on)?;
        Ok(Training {
            region: region(&self.region_code, "region_code")?,
            topic: required(&self.topic, "topic", 200)?,
            organiser: optional(&self.organiser, "organiser", 100)?,
            starts_on,
            ends_on,
            hours: amount(&self.hours, "hours", MAX_HOURS)?,
            target_group: TargetGroup::parse(&self.target_group)?,
            note: optional(&self.note, "note", 2000)?,
        })
    }
}

/// Raw text of one attendance row: the person by id or ID number, attended (empty: yes),
/// hours (empty: the training's).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendanceInput {
    pub person_id: String,
    pub id_number: String,
    pub attended: String,
    pub hours: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendance {
    pub person: PersonRef,
    pub attended: bool,
    pub hours: Option<Decimal>,
}

/// Yes / no in the words people write in rosters.
pub fn yes_no(text: &str, field: &'static str) -> Result<bool, FieldError> {
    match text.trim().to_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "y" | "是" | "参加" | "出席" | "已参加" | "√" => {
            Ok(true)
        }
        "0" | "false" | "no" | "n" | "否" | "缺席" | "未参加" | "×" => Ok(false),
        t => Err(FieldError::new("common.choice_invalid", field).arg("value", t)),
    }
}

impl AttendanceInput {
    pub fn validate(&self) -> Result<Attendance, FieldError> {
        Ok(Attendance {
            person: person_ref(&self.person_id, &self.id_number)?,
            attended: yes_no(&self.attended, "attended")?,
            hours: opt_amount(&self.hours, "hours", MAX_HOURS)?,
        })
    }
}

/// A post held by a person, as coverage needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldPost {
    pub person_id: String,
    pub name: String,
    pub region_code: String,
    pub post: PostKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// A training, as coverage needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldTraining {
    pub id: String,
    pub target_group: TargetGroup,
    pub starts_on: NaiveDate,
}

/// One attendance row, as coverage needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attended {
    pub training_id: String,
    pub person_id: String,
    pub attended: bool,
}

/// The coverage of one target group in a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCoverage {
    pub group: TargetGroup,
    /// Members of the group on the reference day.
    pub total: usize,
    /// Members who attended a training for the group that started in the year.
    pub trained: usize,
    /// trained / total, in [0, 1]; 0 for an empty group.
    pub share: f64,
    /// (person id, name, region code) of the members not trained, by region and name.
    pub untrained: Vec<(String, String, String)>,
}

impl GroupCoverage {
    /// The share as a whole percentage (rounded half up); none for an empty group.
    pub fn percent(&self) -> Option<i64> {
        let (t, n) = (self.trained as i64, self.total as i64);
        crate::mechanism::plan::percent(t, n)
    }
}

/// The day group membership is taken on: 31 December of `year`, or `today` when `year` is
/// the current year.
pub fn reference_day(year: i32, today: NaiveDate) -> NaiveDate {
    if year == today.year() {
        return today;
    }
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today)
}

/// Coverage of each group of [`TargetGroup::COVERED`] in `year`, membership taken on
/// `reference` (see [`reference_day`]).
///
/// - The members of a group are the people holding one of its posts ([`TargetGroup::posts`])
///   on the reference day (started on or before it, not ended before it); a person with
///   several such posts counts once, in the region of the first post by region.
/// - A member is trained when they attended (`attended` true) at least one training that
///   started in `year` (any day of it, also after the reference day) and was for this group,
///   for a group that includes it, or for a group within it ([`TargetGroup::counts_for`]): a
///   secretary at a training of all village cadres is trained as a secretary, and the
///   "头雁" training of the secretaries counts towards all village cadres. Custom trainings
///   and trainings of an unrelated group (first secretaries for village cadres) do not.
/// - Boundaries: a secretary appointed after the year's training is a member on the
///   reference day and, not having attended, untrained; a secretary who left before the
///   reference day is not a member at all, trained or not (their successor is). Someone
///   trained before being appointed counts as trained when the training was for the group
///   and in the year.
pub fn coverage(
    posts: &[HeldPost],
    trainings: &[HeldTraining],
    attendance: &[Attended],
    year: i32,
    reference: NaiveDate,
) -> Vec<GroupCoverage> {
    TargetGroup::COVERED
        .iter()
        .map(|&group| {
            // person id → (region, name) of the members.
            let mut members: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
            for p in posts {
                if group.posts().contains(&p.post) && holds_on(p.starts_on, p.ends_on, reference) {
                    let entry = members
                        .entry(p.person_id.as_str())
                        .or_insert((p.region_code.as_str(), p.name.as_str()));
                    if p.region_code.as_str() < entry.0 {
                        *entry = (p.region_code.as_str(), p.name.as_str());
                    }
                }
            }
            let ids: BTreeSet<&str> = trainings
                .iter()
                .filter(|t| t.target_group.counts_for(group) && t.starts_on.year() == year)
                .map(|t| t.id.as_str())
                .collect();
            let trained_people: BTreeSet<&str> = attendance
                .iter()
                .filter(|a| a.attended && ids.contains(a.training_id.as_str()))
                .map(|a| a.person_id.as_str())
                .collect();
            let total = members.len();
            let mut untrained: Vec<(String, String, String)> = members
                .iter()
                .filter(|(id, _)| !trained_people.contains(*id))
                .map(|(id, (region, name))| (id.to_string(), name.to_string(), region.to_string()))
                .collect();
            untrained.sort_by(|a, b| (&a.2, &a.1, &a.0).cmp(&(&b.2, &b.1, &b.0)));
            let trained = total - untrained.len();
            GroupCoverage {
                group,
                total,
                trained,
                share: if total == 0 {
                    0.0
                } else {
                    trained as f64 / total as f64
                },
                untrained,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    fn post(person: &str, post: PostKind, starts: &str, ends: Option<&str>) -> HeldPost {
        HeldPost {
            person_id: person.into(),
            name: format!("{person}名"),
            region_code: "340803100201".into(),
            post,
            starts_on: d(starts),
            ends_on: ends.map(d),
        }
    }

    fn went(training: &str, person: &str) -> Attended {
        Attended {
            training_id: training.into(),
            person_id: person.into(),
            attended: true,
        }
    }

    fn of(c: &[GroupCoverage], g: TargetGroup) -> &GroupCoverage {
        c.iter().find(|x| x.group == g).unwrap()
    }

    #[test]
    fn trainings_of_a_wider_or_narrower_group_count_but_not_unrelated_ones() {
        let trainings = vec![
            HeldTraining {
                id: "all".into(),
                target_group: TargetGroup::AllVillageCadres,
                starts_on: d("2021-03-01"),
            },
            HeldTraining {
                id: "head".into(),
                target_group: TargetGroup::PartySecretaries,
                starts_on: d("2021-05-01"),
            },
            HeldTraining {
                id: "fs".into(),
                target_group: TargetGroup::FirstSecretaries,
                starts_on: d("2021-06-01"),
            },
        ];
        let posts = vec![
            // At the all-cadres training only: trained as a secretary too.
            post("s1", PostKind::PartySecretary, "2018-01-01", None),
            // At the secretaries' training only: trained as a village cadre too.
            post("s2", PostKind::PartySecretary, "2018-01-01", None),
            // A supervision member at the first secretaries' training: not trained.
            post("m", PostKind::SupervisionMember, "2018-01-01", None),
        ];
        let attendance = vec![went("all", "s1"), went("head", "s2"), went("fs", "m")];
        let c = coverage(&posts, &trainings, &attendance, 2021, d("2021-12-31"));
        let sec = of(&c, TargetGroup::PartySecretaries);
        assert_eq!((sec.total, sec.trained), (2, 2));
        let all = of(&c, TargetGroup::AllVillageCadres);
        assert_eq!((all.total, all.trained), (3, 2));
        assert_eq!(all.untrained[0].0, "m");
        assert!(!TargetGroup::Custom.counts_for(TargetGroup::PartySecretaries));
        assert!(!TargetGroup::FirstSecretaries.counts_for(TargetGroup::AllVillageCadres));
    }

    #[test]
    fn boundaries() {
        let trainings = vec![
            HeldTraining {
                id: "t1".into(),
                target_group: TargetGroup::PartySecretaries,
                starts_on: d("2021-05-10"),
            },
            HeldTraining {
                id: "t0".into(),
                target_group: TargetGroup::PartySecretaries,
                starts_on: d("2020-11-10"),
            },
            HeldTraining {
                id: "fs".into(),
                target_group: TargetGroup::FirstSecretaries,
                starts_on: d("2021-06-01"),
            },
        ];
        let posts = vec![
            // Trained, in post all year.
            post("a", PostKind::PartySecretary, "2018-01-01", None),
            // Left before the reference day (though trained): not a member.
            post(
                "b",
                PostKind::PartySecretary,
                "2018-01-01",
                Some("2021-09-30"),
            ),
            // Appointed after the training: a member, untrained.
            post("c", PostKind::PartySecretary, "2021-10-01", None),
            // Trained only in 2020 and at the first secretaries' training.
            post("e", PostKind::PartySecretary, "2019-01-01", None),
            post("f", PostKind::FirstSecretary, "2021-03-01", None),
        ];
        let attendance = vec![
            went("t1", "a"),
            went("t1", "b"),
            went("t0", "e"),
            went("fs", "e"),
            went("fs", "f"),
            Attended {
                training_id: "t1".into(),
                person_id: "c".into(),
                attended: false,
            },
        ];
        let c = coverage(&posts, &trainings, &attendance, 2021, d("2021-12-31"));
        let sec = of(&c, TargetGroup::PartySecretaries);
        assert_eq!((sec.total, sec.trained), (3, 1));
        let names: Vec<&str> = sec.untrained.iter().map(|u| u.0.as_str()).collect();
        assert_eq!(names, vec!["c", "e"]);
        assert!((sec.share - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(sec.percent(), Some(33));
        let fs = of(&c, TargetGroup::FirstSecretaries);
        assert_eq!((fs.total, fs.trained, fs.share), (1, 1, 1.0));
        // Mid-year, b still holds the post and is counted as trained; c is not yet appointed.
        let mid = coverage(&posts, &trainings, &attendance, 2021, d("2021-06-30"));
        let sec = of(&mid, TargetGroup::PartySecretaries);
        assert_eq!((sec.total, sec.trained), (3, 2));
        // The 2020 training covers e in 2020.
        let c20 = coverage(&posts, &trainings, &attendance, 2020, d("2020-12-31"));
        let sec = of(&c20, TargetGroup::PartySecretaries);
        assert_eq!((sec.total, sec.trained), (3, 1));
        let empty = coverage(&[], &[], &[], 2021, d("2021-12-31"));
        assert!(empty.iter().all(|g| g.total == 0 && g.share == 0.0));
        assert_eq!(of(&empty, TargetGroup::CommitteeMembers).percent(), None);
    }

    #[test]
    fn reference_days() {
        assert_eq!(reference_day(2021, d("2026-11-29")), d("2021-12-31"));
        assert_eq!(reference_day(2026, d("2026-11-29")), d("2026-11-29"));
    }

    #[test]
    fn attendance_rows() {
        let a = AttendanceInput {
            person_id: crate::Id::new().to_string(),
            attended: "否".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert!(!a.attended);
        let bad = AttendanceInput {
            id_number: "340803198001011230".into(),
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().code, "people.id_number_invalid");
    }

    fn kind() -> impl Strategy<Value = PostKind> {
        (0..PostKind::ALL.len()).prop_map(|i| PostKind::ALL[i])
    }

    fn group() -> impl Strategy<Value = TargetGroup> {
        (0..TargetGroup::ALL.len()).prop_map(|i| TargetGroup::ALL[i])
    }

    fn day() -> impl Strategy<Value = NaiveDate> {
        (0i64..1500).prop_map(|n| d("2019-01-01") + chrono::Duration::days(n))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn shares_are_fractions(
            posts in proptest::collection::vec(
                (0u8..12, kind(), day(), proptest::option::of(0i64..900)), 0..30),
            trainings in proptest::collection::vec((group(), day()), 0..8),
            attendance in proptest::collection::vec((0usize..8, 0u8..12, any::<bool>()), 0..40),
            year in 2019i32..2023,
            reference in day(),
        ) {
            let posts: Vec<HeldPost> = posts
                .into_iter()
                .map(|(p, post, starts, len)| HeldPost {
                    person_id: format!("p{p}"),
                    name: format!("n{p}"),
                    region_code: format!("3408031002{:02}", p % 3),
                    post,
                    starts_on: starts,
                    ends_on: len.map(|l| starts + chrono::Duration::days(l)),
                })
                .collect();
            let trainings: Vec<HeldTraining> = trainings
                .into_iter()
                .enumerate()
                .map(|(i, (g, s))| HeldTraining { id: format!("t{i}"), target_group: g, starts_on: s })
                .collect();
            let attendance: Vec<Attended> = attendance
                .into_iter()
                .map(|(t, p, a)| Attended { training_id: format!("t{t}"), person_id: format!("p{p}"), attended: a })
                .collect();
            let c = coverage(&posts, &trainings, &attendance, year, reference);
            prop_assert_eq!(c.len(), TargetGroup::COVERED.len());
            for g in &c {
                prop_assert!(g.trained <= g.total);
                prop_assert!((0.0..=1.0).contains(&g.share));
                prop_assert_eq!(g.untrained.len(), g.total - g.trained);
                let distinct: BTreeSet<&String> = g.untrained.iter().map(|u| &u.0).collect();
                prop_assert_eq!(distinct.len(), g.untrained.len());
            }
        }
    }
}
