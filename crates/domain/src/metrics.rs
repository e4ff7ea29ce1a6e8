//! The metrics catalogue (指标目录): every figure the platform computes for a region and a
//! year, with a stable key, its label ids (`metric-<key>` and `metric-<key>-unit` in
//! `locales/<locale>/metrics.ftl`), a unit and the region levels it applies to. Plan targets
//! bind to these keys (they are stored, so a key never changes); `store::metrics` computes
//! each of them in one place, for a region (`value`, its subtree) or for every village under
//! it at once (`by_village`), the same figure either way. "The date" of a metric counted at a
//! point in time is 31 December of the year, or today (China time) in the current year.

use crate::error::FieldError;
use crate::region::Level;
use serde::{Deserialize, Serialize};

/// A metric of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Villages classified strong (强村) in the year, from the ledger.
    StrongVillages,
    /// Meetings held in the region in the year.
    MeetingsHeld,
    /// Problems with a deadline in the year finished by it, out of those due.
    ProblemsClosedOnTime,
    /// Village Party secretaries (the "头雁" group) trained in the year, out of the
    /// secretaries in post (on 31 December, or today in the current year).
    TrainingCoverage,
    /// Gross income of the industry projects in the region and year (every recorded sale),
    /// in whole yuan rounded down.
    IndustryGrossIncome,
    /// Distinct villagers employed by those projects in the year (a person once).
    IndustryWorkers,
    /// Households whose members earned wages from those projects in the year.
    IndustryHouseholds,
    /// Operating income of the region's villages in the year (the classification's measure,
    /// gross or net per the year's rule), in fen.
    OperatingIncome,
    /// Operating income less the previous year's, in fen, `of` the previous year's (a
    /// percentage only when that was positive).
    OperatingIncomeGrowth,
    /// A village's class (空壳/薄弱/一般/强村) by its operating income: the index in
    /// `Class::ALL` (0 shell, 1 weak, 2 ordinary, 3 strong).
    VillageClass,
    /// The compliance board's cells of the meeting rules (per village and per assignment,
    /// not the problems-on-time rule) for the year's months, in the region (its villages, and
    /// the region itself when an assignment puts it under a rule): cells met, `of` cells due
    /// (met or missed; a cell still pending, its period open, is not due yet).
    MeetingCompliance,
    /// Problems (not archived) whose deadline is before the date (31 December of the year, or
    /// today in the current year) and that were not finished on it: still open, or done or
    /// closed after it.
    ProblemsPastDeadline,
    /// Entries (not archived) of the reserve-cadre pool (后备干部) of people registered in the
    /// region that are in the pool on the date: entered on or before it and not left on or
    /// before it (a promoted entry leaves on its post's start); the status does not matter.
    ReserveCadres,
    /// The region's (active) villages where someone holds a first secretary post (第一书记)
    /// on the date, `of` the villages.
    FirstSecretaryInPost,
    /// Industry projects under way (实施, by their last status change decided on or before
    /// the date) with no milestone due before the date still below 100 % (today's progress),
    /// `of` the projects under way.
    ProjectsOnSchedule,
    /// Disclosures (公开) due and not published: `store::disclosure::schedules`.
    DisclosuresOverdue,
    /// Villagers' feedback (村民意见) received in the year and not rejected that was answered
    /// within [`crate::disclosure::feedback::ANSWER_DAYS`] days, `of` those due by the date
    /// (answered, or received at least that many days before it).
    FeedbackAnsweredInTime,
}

/// The unit a metric's value is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Villages.
    Villages,
    /// Times (meetings).
    Times,
    /// Items (problems).
    Items,
    /// People.
    People,
    /// Households.
    Households,
    /// Whole yuan.
    Yuan,
    /// Fen (hundredths of a yuan).
    Fen,
    /// A class of `Class::ALL`, by its index.
    Class,
    /// Industry projects.
    Projects,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Villages => "villages",
            Unit::Times => "times",
            Unit::Items => "items",
            Unit::People => "people",
            Unit::Households => "households",
            Unit::Yuan => "yuan",
            Unit::Fen => "fen",
            Unit::Class => "class",
            Unit::Projects => "projects",
        }
    }
}

const ALL_LEVELS: &[Level] = &[Level::Village, Level::Town, Level::District];

impl Metric {
    pub const ALL: [Metric; 17] = [
        Metric::StrongVillages,
        Metric::MeetingsHeld,
        Metric::ProblemsClosedOnTime,
        Metric::TrainingCoverage,
        Metric::IndustryGrossIncome,
        Metric::IndustryWorkers,
        Metric::IndustryHouseholds,
        Metric::OperatingIncome,
        Metric::OperatingIncomeGrowth,
        Metric::VillageClass,
        Metric::MeetingCompliance,
        Metric::ProblemsPastDeadline,
        Metric::ReserveCadres,
        Metric::FirstSecretaryInPost,
        Metric::ProjectsOnSchedule,
        Metric::DisclosuresOverdue,
        Metric::FeedbackAnsweredInTime,
    ];

    /// The stable key (stored on plan targets).
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::StrongVillages => "strong_villages",
            Metric::MeetingsHeld => "meetings_held",
            Metric::ProblemsClosedOnTime => "problems_closed_on_time",
            Metric::TrainingCoverage => "training_coverage",
            Metric::IndustryGrossIncome => "industry_gross_income",
            Metric::IndustryWorkers => "industry_workers",
            Metric::IndustryHouseholds => "industry_households",
            Metric::OperatingIncome => "operating_income",
            Metric::OperatingIncomeGrowth => "operating_income_growth",
            Metric::VillageClass => "village_class",
            Metric::MeetingCompliance => "meeting_compliance",
            Metric::ProblemsPastDeadline => "problems_past_deadline",
            Metric::ReserveCadres => "reserve_cadres",
            Metric::FirstSecretaryInPost => "first_secretary_in_post",
            Metric::ProjectsOnSchedule => "projects_on_schedule",
            Metric::DisclosuresOverdue => "disclosures_overdue",
            Metric::FeedbackAnsweredInTime => "feedback_answered_in_time",
        }
    }

    pub fn parse(text: &str) -> Result<Metric, FieldError> {
        let t = text.trim();
        Metric::ALL
            .into_iter()
            .find(|m| m.as_str() == t)
            .ok_or_else(|| FieldError::new("common.choice_invalid", "metric").arg("value", t))
    }

    /// The label's message id (`metric-<key>`).
    pub fn label_id(self) -> String {
        format!("metric-{}", self.as_str())
    }

    /// The unit label's message id (`metric-<key>-unit`).
    pub fn unit_label_id(self) -> String {
        format!("metric-{}-unit", self.as_str())
    }

    /// The unit of [`MetricValue::value`].
    pub fn unit(self) -> Unit {
        match self {
            Metric::StrongVillages => Unit::Villages,
            Metric::MeetingsHeld => Unit::Times,
            Metric::ProblemsClosedOnTime => Unit::Items,
            Metric::TrainingCoverage | Metric::IndustryWorkers => Unit::People,
            Metric::IndustryGrossIncome => Unit::Yuan,
            Metric::IndustryHouseholds => Unit::Households,
            Metric::OperatingIncome | Metric::OperatingIncomeGrowth => Unit::Fen,
            Metric::VillageClass => Unit::Class,
            Metric::MeetingCompliance => Unit::Times,
            Metric::ProblemsPastDeadline => Unit::Items,
            Metric::ReserveCadres => Unit::People,
            Metric::FirstSecretaryInPost => Unit::Villages,
            Metric::ProjectsOnSchedule => Unit::Projects,
            Metric::DisclosuresOverdue | Metric::FeedbackAnsweredInTime => Unit::Items,
        }
    }

    /// The region levels the metric is computed for.
    pub fn levels(self) -> &'static [Level] {
        match self {
            Metric::VillageClass => &[Level::Village],
            _ => ALL_LEVELS,
        }
    }

    /// Whether the metric is computed for a region of `level`.
    pub fn applies_to(self, level: Level) -> bool {
        self.levels().contains(&level)
    }
}

/// A metric's figure for a region and a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MetricValue {
    /// The figure, in the metric's [`Unit`].
    pub value: i64,
    /// For a share: the whole `value` is counted out of (problems due, secretaries in post).
    pub of: Option<i64>,
}

impl MetricValue {
    /// A plain figure.
    pub fn count(value: i64) -> MetricValue {
        MetricValue { value, of: None }
    }

    /// `value` as a whole percentage of `of` (rounded half up); none for a plain figure or
    /// an empty whole.
    pub fn percent(&self) -> Option<i64> {
        self.of
            .and_then(|whole| crate::mechanism::plan::percent(self.value, whole))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_and_parse_back() {
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.as_str()).ok(), Some(m));
            assert_eq!(m.label_id(), format!("metric-{}", m.as_str()));
            assert!(!m.levels().is_empty());
        }
        assert!(Metric::parse("nope").is_err());
        assert!(Metric::VillageClass.applies_to(Level::Village));
        assert!(!Metric::VillageClass.applies_to(Level::Town));
        assert!(Metric::OperatingIncome.applies_to(Level::District));
    }

    #[test]
    fn growth_is_a_percentage_of_a_positive_previous_year_only() {
        let growth = |now: i64, before: i64| MetricValue {
            value: now - before,
            of: Some(before),
        };
        assert_eq!(growth(150, 100).percent(), Some(50));
        assert_eq!(growth(80, 100).percent(), Some(-20));
        assert_eq!(growth(1, 3).percent(), Some(-67));
        assert_eq!(growth(1, 200).percent(), Some(-99));
        assert_eq!(growth(80, 0).percent(), None);
        assert_eq!(growth(80, -10).percent(), None);
    }

    #[test]
    fn percent_of_a_share() {
        let v = MetricValue {
            value: 1,
            of: Some(3),
        };
        assert_eq!(v.percent(), Some(33));
        assert_eq!(
            MetricValue {
                value: 0,
                of: Some(0)
            }
            .percent(),
            None
        );
        assert_eq!(MetricValue::count(5).percent(), None);
    }
}
