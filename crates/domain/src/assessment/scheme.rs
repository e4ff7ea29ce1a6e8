//! A scheme (考核方案): the year, the subject kind, the owner region, the indicators with
//! their weights and kinds, and the rating bands. Pure data and its validation.

use super::Band;
use crate::error::FieldError;
use crate::identity::Role;
use crate::metrics::Metric;
use crate::region::{Level, RegionCode};
use serde::{Deserialize, Serialize};

/// Who is assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// 村两委班子: one subject a village.
    VillageTeam,
    /// 乡镇领导班子: one subject a town.
    TownTeam,
    /// 第一书记: one subject a village (its first secretary).
    FirstSecretary,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 3] = [
        SubjectKind::VillageTeam,
        SubjectKind::TownTeam,
        SubjectKind::FirstSecretary,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::VillageTeam => "village_team",
            SubjectKind::TownTeam => "town_team",
            SubjectKind::FirstSecretary => "first_secretary",
        }
    }

    pub fn parse(text: &str) -> Result<SubjectKind, FieldError> {
        let t = text.trim();
        SubjectKind::ALL
            .into_iter()
            .find(|k| k.as_str() == t)
            .ok_or_else(|| FieldError::new("common.choice_invalid", "subject_kind").arg("value", t))
    }

    pub fn label_id(self) -> String {
        format!("assessment-subject-{}", self.as_str())
    }

    /// The level of the regions that are the subjects.
    pub fn level(self) -> Level {
        match self {
            SubjectKind::TownTeam => Level::Town,
            _ => Level::Village,
        }
    }
}

/// Which figure of a metric's value a rule reads: the value itself, or its percentage of
/// `of` (a share, a growth rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Value,
    Percent,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Value => "value",
            Basis::Percent => "percent",
        }
    }

    pub fn parse(text: &str) -> Result<Basis, FieldError> {
        match text.trim() {
            "value" | "" => Ok(Basis::Value),
            "percent" => Ok(Basis::Percent),
            t => Err(FieldError::new("common.choice_invalid", "basis").arg("value", t)),
        }
    }
}

/// One tier of a tiered rule: a figure of at least `at_least` scores `points` (hundredths of
/// a point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub at_least: i64,
    pub points: i64,
}

/// How a computed indicator turns its figure into a score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// 0 at or below `floor`, the full weight at or above `target`, in proportion between
    /// (rounded down to a hundredth of a point).
    Linear { floor: i64, target: i64 },
    /// The first tier (thresholds descending) the figure reaches; 0 below the last.
    Tiered { tiers: Vec<Tier> },
    /// The weight times figure ÷ the subject's own plan target, capped at the weight; 0 with
    /// no positive target.
    RatioToTarget,
    /// The full weight when the figure is at least `threshold`, else 0.
    PassFail { threshold: i64 },
}

impl Rule {
    pub fn key(&self) -> &'static str {
        match self {
            Rule::Linear { .. } => "linear",
            Rule::Tiered { .. } => "tiered",
            Rule::RatioToTarget => "ratio",
            Rule::PassFail { .. } => "pass_fail",
        }
    }
}

/// A comparison of a veto condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    /// greater than
    Gt,
    /// at least
    Ge,
    /// less than
    Lt,
    /// at most
    Le,
}

impl Cmp {
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Gt => "gt",
            Cmp::Ge => "ge",
            Cmp::Lt => "lt",
            Cmp::Le => "le",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Cmp::Gt => ">",
            Cmp::Ge => "≥",
            Cmp::Lt => "<",
            Cmp::Le => "≤",
        }
    }

    pub fn parse(text: &str) -> Result<Cmp, FieldError> {
        match text.trim() {
            "gt" | ">" => Ok(Cmp::Gt),
            "ge" | ">=" | "≥" => Ok(Cmp::Ge),
            "lt" | "<" => Ok(Cmp::Lt),
            "le" | "<=" | "≤" => Ok(Cmp::Le),
            t => Err(FieldError::new("common.choice_invalid", "cmp").arg("value", t)),
        }
    }

    pub fn holds(self, left: i64, right: i64) -> bool {
        match self {
            Cmp::Gt => left > right,
            Cmp::Ge => left >= right,
            Cmp::Lt => left < right,
            Cmp::Le => left <= right,
        }
    }
}

/// What an indicator is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Scored from the metrics catalogue by a rule.
    Computed {
        metric: Metric,
        basis: Basis,
        rule: Rule,
    },
    /// Scored by an assessor of `role` (0..=weight, with a reason).
    Manual { role: Role },
    /// 一票否决 on a metric: when `metric`'s figure `cmp` `threshold` holds, the rating is
    /// the lowest band. Weight 0.
    VetoMetric {
        metric: Metric,
        basis: Basis,
        cmp: Cmp,
        threshold: i64,
    },
    /// 一票否决 decided by an assessor of `role` (yes/no with a reason). Weight 0.
    VetoManual { role: Role },
}

impl IndicatorKind {
    pub fn key(&self) -> &'static str {
        match self {
            IndicatorKind::Computed { .. } => "computed",
            IndicatorKind::Manual { .. } => "manual",
            IndicatorKind::VetoMetric { .. } => "veto_metric",
            IndicatorKind::VetoManual { .. } => "veto_manual",
        }
    }

    pub fn is_veto(&self) -> bool {
        matches!(
            self,
            IndicatorKind::VetoMetric { .. } | IndicatorKind::VetoManual { .. }
        )
    }

    /// Entered by an assessor (a manual score or a manual veto).
    pub fn is_manual(&self) -> bool {
        matches!(
            self,
            IndicatorKind::Manual { .. } | IndicatorKind::VetoManual { .. }
        )
    }

    /// The metric it reads, if any.
    pub fn metric(&self) -> Option<Metric> {
        match self {
            IndicatorKind::Computed { metric, .. } | IndicatorKind::VetoMetric { metric, .. } => {
                Some(*metric)
            }
            _ => None,
        }
    }

    /// The basis of the metric's figure it reads.
    pub fn basis(&self) -> Basis {
        match self {
            IndicatorKind::Computed { basis, .. } | IndicatorKind::VetoMetric { basis, .. } => {
                *basis
            }
            _ => Basis::Value,
        }
    }

    /// The assessor role of a manual indicator.
    pub fn role(&self) -> Option<Role> {
        match self {
            IndicatorKind::Manual { role } | IndicatorKind::VetoManual { role } => Some(*role),
            _ => None,
        }
    }
}

/// An indicator (指标) of a scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable within the scheme (letters, digits, `_`).
    pub key: String,
    pub name: String,
    /// Whole points; 0 for a veto.
    pub weight: i64,
    pub kind: IndicatorKind,
}

impl Indicator {
    /// The most the indicator scores, in hundredths of a point.
    pub fn max_score(&self) -> i64 {
        self.weight.saturating_mul(100)
    }
}

/// A rating band's rule: at least `min_points` whole points, and at most `quota` percent of
/// the subjects (rounded down) when given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandRule {
    pub band: Band,
    pub min_points: i64,
    pub quota: Option<i64>,
}

/// A scheme ready to store: validated by [`Scheme::check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub year: i32,
    pub subject_kind: SubjectKind,
    /// The district, or a town for its villages.
    pub owner: RegionCode,
    pub title: String,
    pub indicators: Vec<Indicator>,
    /// One rule per band, best first (all five).
    pub bands: Vec<BandRule>,
}

/// The default bands: 优秀 ≥ 90 (at most 20 %), 良好 ≥ 80, 合格 ≥ 70, 基本合格 ≥ 60, 不合格.
pub fn default_bands() -> Vec<BandRule> {
    let mins = [90, 80, 70, 60, 0];
    Band::ALL
        .into_iter()
        .zip(mins)
        .map(|(band, min_points)| BandRule {
            band,
            min_points,
            quota: (band == Band::Excellent).then_some(20),
        })
        .collect()
}

fn check_key(key: &str) -> Result<(), FieldError> {
    let ok = !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("assessment.key_invalid", "key").arg("value", key))
    }
}

impl Indicator {
    /// The indicator's own rules: key, name, weight (0 only for a veto, 1..=100 otherwise),
    /// floor < target, tiers descending and within the weight, a manual assessor role above
    /// the village.
    pub fn check(&self) -> Result<(), FieldError> {
        check_key(&self.key)?;
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FieldError::new("common.required", "name"));
        }
        if name.chars().count() > 100 {
            return Err(FieldError::new("common.too_long", "name").arg("max", "100"));
        }
        if self.kind.is_veto() {
            if self.weight != 0 {
                return Err(FieldError::new("assessment.veto_weight", "weight"));
            }
        } else if !(1..=100).contains(&self.weight) {
            return Err(FieldError::new("assessment.weight_range", "weight")
                .arg("value", self.weight.to_string()));
        }
        if let Some(role) = self.kind.role()
            && matches!(role, Role::VillageCadre | Role::FirstSecretary)
        {
            return Err(
                FieldError::new("assessment.role_invalid", "role").arg("value", role.as_str())
            );
        }
        if let IndicatorKind::Computed { rule, .. } = &self.kind {
            match rule {
                Rule::Linear { floor, target } if floor >= target => {
                    return Err(
                        FieldError::new("assessment.floor_not_below_target", "floor")
                            .arg("floor", floor.to_string())
                            .arg("target", target.to_string()),
                    );
                }
                Rule::Tiered { tiers } => {
                    if tiers.is_empty() {
                        return Err(FieldError::new("common.required", "tiers"));
                    }
                    for pair in tiers.windows(2) {
                        if pair[0].at_least <= pair[1].at_least || pair[0].points < pair[1].points {
                            return Err(FieldError::new(
                                "assessment.tiers_not_descending",
                                "tiers",
                            ));
                        }
                    }
                    if tiers
                        .iter()
                        .any(|t| t.points < 0 || t.points > self.max_score())
                    {
                        return Err(FieldError::new("assessment.tier_points", "tiers")
                            .arg("max", self.weight.to_string()));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl Scheme {
    /// Validates the whole scheme: year, title, each indicator, unique keys, weights summing
    /// to 100, the five bands best first with thresholds descending (the last at 0), quotas
    /// within 0..=100 %. The owner must be a district, or a town for a village scheme.
    pub fn check(&self) -> Result<(), FieldError> {
        if !(2000..=2100).contains(&self.year) {
            return Err(
                FieldError::new("param.year_invalid", "year").arg("value", self.year.to_string())
            );
        }
        let title = self.title.trim();
        if title.is_empty() {
            return Err(FieldError::new("common.required", "title"));
        }
        if title.chars().count() > 200 {
            return Err(FieldError::new("common.too_long", "title").arg("max", "200"));
        }
        let owner_ok = match self.owner.level() {
            Level::District => true,
            Level::Town => self.subject_kind.level() == Level::Village,
            _ => false,
        };
        if !owner_ok {
            return Err(FieldError::new("assessment.owner_invalid", "owner")
                .arg("value", self.owner.as_str()));
        }
        if self.indicators.is_empty() {
            return Err(FieldError::new("common.required", "indicators"));
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            ind.check()?;
            if self.indicators[..i].iter().any(|o| o.key == ind.key) {
                return Err(
                    FieldError::new("assessment.key_taken", "key").arg("value", ind.key.clone())
                );
            }
        }
        let sum: i64 = self.indicators.iter().map(|i| i.weight).sum();
        if sum != 100 {
            return Err(
                FieldError::new("assessment.weights_sum", "weight").arg("sum", sum.to_string())
            );
        }
        check_bands(&self.bands)
    }
}

/// The five bands best first, thresholds strictly descending within 0..=100 ending at 0,
/// quotas within 0..=100 %.
pub fn check_bands(bands: &[BandRule]) -> Result<(), FieldError> {
    let order: Vec<Band> = bands.iter().map(|b| b.band).collect();
    if order != Band::ALL {
        return Err(FieldError::new("assessment.bands_incomplete", "bands"));
    }
    for b in bands {
        if !(0..=100).contains(&b.min_points) {
            return Err(
                FieldError::new("assessment.threshold_range", "band_threshold")
                    .arg("value", b.min_points.to_string()),
            );
        }
        if let Some(q) = b.quota
            && !(0..=100).contains(&q)
        {
            return Err(
                FieldError::new("assessment.quota_range", "band_quota").arg("value", q.to_string())
            );
        }
    }
    for pair in bands.windows(2) {
        if pair[0].min_points <= pair[1].min_points {
            return Err(FieldError::new(
                "assessment.thresholds_not_descending",
                "threshold",
            ));
        }
    }
    if bands.last().is_some_and(|b| b.min_points != 0) {
        return Err(FieldError::new(
            "assessment.last_threshold_zero",
            "threshold",
        ));
    }
    Ok(())
}

/// The standard scheme for the village teams (村两委班子) of `owner` in `year`, the starting
/// point of a new scheme (edited afterwards): operating income and its growth, meeting
/// compliance, problems closed on time, training coverage and reserve cadres from the
/// catalogue, the town's assessment of daily work (manual), and a manual veto (一票否决).
/// Names are Chinese, as the schemes districts print.
pub fn standard(year: i32, owner: RegionCode) -> Scheme {
    let ind = |key: &str, name: &str, weight: i64, kind: IndicatorKind| Indicator {
        key: key.to_string(),
        name: name.to_string(),
        weight,
        kind,
    };
    let computed = |metric: Metric, basis: Basis, rule: Rule| IndicatorKind::Computed {
        metric,
        basis,
        rule,
    };
    let tiers = |t: &[(i64, i64)]| Rule::Tiered {
        tiers: t
            .iter()
            .map(|&(at_least, points)| Tier { at_least, points })
            .collect(),
    };
    Scheme {
        year,
        subject_kind: SubjectKind::VillageTeam,
        owner,
        title: format!("{year}年度村两委班子考核"),
        indicators: vec![
            ind(
                "operating_income",
                "村集体经营收益",
                20,
                // 0 at no income, full at 500,000 yuan (in fen), a strong village's.
                computed(
                    Metric::OperatingIncome,
                    Basis::Value,
                    Rule::Linear {
                        floor: 0,
                        target: 50_000_000,
                    },
                ),
            ),
            ind(
                "income_growth",
                "经营收益增长率",
                15,
                computed(
                    Metric::OperatingIncomeGrowth,
                    Basis::Percent,
                    Rule::Linear {
                        floor: 0,
                        target: 10,
                    },
                ),
            ),
            ind(
                "meeting_compliance",
                "组织生活会议规范率",
                15,
                computed(
                    Metric::MeetingCompliance,
                    Basis::Percent,
                    Rule::Linear {
                        floor: 60,
                        target: 100,
                    },
                ),
            ),
            ind(
                "problems_on_time",
                "问题按期办结率",
                10,
                computed(
                    Metric::ProblemsClosedOnTime,
                    Basis::Percent,
                    Rule::Linear {
                        floor: 50,
                        target: 100,
                    },
                ),
            ),
            ind(
                "training_coverage",
                "头雁培训覆盖率",
                10,
                computed(
                    Metric::TrainingCoverage,
                    Basis::Percent,
                    tiers(&[(100, 1000), (80, 700), (60, 400)]),
                ),
            ),
            ind(
                "reserve_cadres",
                "后备干部储备",
                10,
                computed(
                    Metric::ReserveCadres,
                    Basis::Value,
                    tiers(&[(3, 1000), (2, 700), (1, 400)]),
                ),
            ),
            ind(
                "daily_work",
                "日常工作与群众评议",
                20,
                IndicatorKind::Manual {
                    role: Role::TownOfficer,
                },
            ),
            ind(
                "veto",
                "一票否决（重大违纪违法、安全责任事故）",
                0,
                IndicatorKind::VetoManual {
                    role: Role::TownOfficer,
                },
            ),
        ],
        bands: default_bands(),
    }
}
