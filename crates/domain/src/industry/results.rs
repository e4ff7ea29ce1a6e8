//! Results of production (pure): yield per product (total in the product's unit, per m² and
//! per greenhouse), gross income, costs and net, and jobs — distinct workers, person-days,
//! wages and each household's income from the project.
//!
//! The caller chooses what is counted by the facts it passes: the logs of one batch, one
//! unit, a project or a year, and the units whose area and number of greenhouses divide the
//! yield. A product's unit is the unit of its earliest harvest among the logs; other
//! harvests convert to it (mass units only). A harvest that cannot convert (香菇 in 袋 in one
//! village, in kg in another) opens a line of its own, so a region's roll-up never fails on
//! one project's choice of unit.
//!
//! Gross income counts every recorded sale (the production fact); `income_posted` counts
//! those whose voucher is posted (and not reversed) in the books, so a page can reconcile.

use super::production::{UnitKind, convert, from_micro, micro};
use crate::decimal::Decimal;
use crate::error::DomainError;
use crate::money::{Money, OVERFLOW};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A production unit: its id, kind and area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFact {
    pub id: String,
    pub kind: UnitKind,
    pub area_m2: Decimal,
}

/// What a log contributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    Input {
        cost: Money,
    },
    Harvest {
        product: String,
        quantity: Decimal,
        unit: String,
        /// The production unit it was harvested in (its id).
        from_unit: String,
    },
    Sale {
        amount: Money,
        /// Its income voucher is posted in the books (and not reversed).
        posted: bool,
    },
    Labour {
        person_id: String,
        days: Decimal,
        wage: Money,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFact {
    pub date: NaiveDate,
    pub fact: Fact,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Yield {
    pub product: String,
    pub unit: String,
    /// Exact decimal text.
    pub total: String,
    /// Per m² of the units' area, rounded to 6 decimals; none without area.
    pub per_m2: Option<String>,
    /// Per greenhouse among the units; none without greenhouses.
    pub per_greenhouse: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdIncome {
    pub household: String,
    pub workers: usize,
    /// Wages earned, fen.
    pub income: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Results {
    pub yields: Vec<Yield>,
    /// Sales, fen.
    pub gross_income: i64,
    /// Sales whose voucher is posted in the books, fen.
    pub income_posted: i64,
    /// Input costs, fen.
    pub input_costs: i64,
    /// Wages earned, fen.
    pub wages: i64,
    /// Inputs plus wages, fen.
    pub costs: i64,
    pub net: i64,
    pub distinct_workers: usize,
    /// Exact decimal text.
    pub person_days: String,
    pub households: Vec<HouseholdIncome>,
}

/// One line of a product's yield while it is summed.
#[derive(Default)]
struct YieldLine<'a> {
    /// The measure its quantities are converted to (the first harvest's).
    measure: String,
    /// Millionths of `measure`.
    total: i128,
    /// The part of `total` harvested in greenhouses.
    in_greenhouses: i128,
    /// Ids of the units it was harvested in.
    units: BTreeSet<&'a str>,
}

/// `a / b` in millionths, rounded half up; none when `b` is zero.
fn divide(a: i128, b: i128) -> Option<Decimal> {
    if b == 0 {
        return None;
    }
    let n = a.checked_mul(1_000_000)?;
    let q = (2 * n + b).div_euclid(2 * b);
    from_micro(q)
}

/// `a + b`, or `money.overflow`: sums of money are checked, never wrapped or saturated.
fn add(a: i64, b: Money) -> Result<i64, DomainError> {
    a.checked_add(b.fen())
        .ok_or(DomainError::Conflict(OVERFLOW))
}

/// Results of `logs` over `units`; `household` maps a person to their household (a person
/// not mapped is their own household). A money sum that does not fit is `money.overflow`.
pub fn compute(
    units: &[UnitFact],
    logs: &[LogFact],
    household: &dyn Fn(&str) -> Option<String>,
) -> Result<Results, DomainError> {
    let mut ordered: Vec<&LogFact> = logs.iter().collect();
    ordered.sort_by_key(|l| l.date);
    let greenhouse = |id: &str| {
        units
            .iter()
            .any(|u| u.id == id && u.kind == UnitKind::Greenhouse)
    };
    // Per product: its lines, each a measure, a total in millionths, the part of it grown in
    // greenhouses, and the units it came from — a yield per m² or per greenhouse divides by
    // the units that grew the product, not by every unit of the selection.
    let mut totals: BTreeMap<String, Vec<YieldLine>> = BTreeMap::new();
    let (mut gross, mut posted_income, mut inputs, mut wages) = (0_i64, 0_i64, 0_i64, 0_i64);
    let mut days: i128 = 0;
    let mut workers: BTreeSet<&str> = BTreeSet::new();
    let mut by_household: BTreeMap<String, (BTreeSet<&str>, i64)> = BTreeMap::new();
    for log in ordered {
        match &log.fact {
            Fact::Input { cost } => inputs = add(inputs, *cost)?,
            Fact::Sale { amount, posted } => {
                gross = add(gross, *amount)?;
                if *posted {
                    posted_income = add(posted_income, *amount)?;
                }
            }
            Fact::Harvest {
                product,
                quantity,
                unit,
                from_unit,
            } => {
                let lines = totals.entry(product.clone()).or_default();
                let mut found = None;
                for (i, line) in lines.iter().enumerate() {
                    match convert(*quantity, unit, &line.measure) {
                        Ok(q) => {
                            found = Some((i, micro(q)));
                            break;
                        }
                        Err(e) if e.code == "industry.unit_mismatch" => continue,
                        Err(e) => return Err(e.into()),
                    }
                }
                let i = match found {
                    Some((i, _)) => i,
                    None => {
                        lines.push(YieldLine {
                            measure: unit.clone(),
                            ..YieldLine::default()
                        });
                        lines.len() - 1
                    }
                };
                let q = found.map_or(micro(*quantity), |(_, q)| q);
                if let Some(line) = lines.get_mut(i) {
                    line.total += q;
                    if greenhouse(from_unit) {
                        line.in_greenhouses += q;
                    }
                    line.units.insert(from_unit.as_str());
                }
            }
            Fact::Labour {
                person_id,
                days: d,
                wage,
            } => {
                wages = add(wages, *wage)?;
                days += micro(*d);
                workers.insert(person_id);
                let h = household(person_id).unwrap_or_else(|| person_id.clone());
                let e = by_household.entry(h).or_default();
                e.0.insert(person_id);
                e.1 = add(e.1, *wage)?;
            }
        }
    }
    let yields = totals
        .into_iter()
        .flat_map(|(product, lines)| {
            lines.into_iter().map(move |line| {
                let grown_in = units.iter().filter(|u| line.units.contains(u.id.as_str()));
                let area: i128 = grown_in.clone().map(|u| micro(u.area_m2)).sum();
                let greenhouses = grown_in.filter(|u| u.kind == UnitKind::Greenhouse).count();
                Yield {
                    total: from_micro(line.total)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    per_m2: divide(line.total, area).map(|d| d.to_string()),
                    per_greenhouse: divide(line.in_greenhouses, greenhouses as i128 * 1_000_000)
                        .map(|d| d.to_string()),
                    product: product.clone(),
                    unit: line.measure,
                }
            })
        })
        .collect();
    let costs = add(inputs, Money(wages))?;
    let net = gross
        .checked_sub(costs)
        .ok_or(DomainError::Conflict(OVERFLOW))?;
    Ok(Results {
        yields,
        gross_income: gross,
        income_posted: posted_income,
        input_costs: inputs,
        wages,
        costs,
        net,
        distinct_workers: workers.len(),
        person_days: from_micro(days).map(|d| d.to_string()).unwrap_or_default(),
        households: by_household
            .into_iter()
            .map(|(household, (w, income))| HouseholdIncome {
                household,
                workers: w.len(),
                income,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    fn on(day: &str) -> NaiveDate {
        crate::time::parse_date(day).unwrap()
    }

    fn harvest(day: &str, product: &str, q: &str, unit: &str) -> LogFact {
        harvest_in("a", day, product, q, unit)
    }

    fn harvest_in(from: &str, day: &str, product: &str, q: &str, unit: &str) -> LogFact {
        LogFact {
            date: on(day),
            fact: Fact::Harvest {
                product: product.into(),
                quantity: d(q),
                unit: unit.into(),
                from_unit: from.into(),
            },
        }
    }

    fn unit(id: &str, kind: UnitKind, area: &str) -> UnitFact {
        UnitFact {
            id: id.into(),
            kind,
            area_m2: d(area),
        }
    }

    fn labour(person: &str, days: &str, wage: i64) -> LogFact {
        LogFact {
            date: on("2024-08-01"),
            fact: Fact::Labour {
                person_id: person.into(),
                days: d(days),
                wage: Money(wage),
            },
        }
    }

    #[test]
    fn known_case() {
        let units = [
            unit("a", UnitKind::Greenhouse, "400"),
            unit("b", UnitKind::Greenhouse, "600"),
        ];
        // Batch 1 and batch 2 logs together: 王 works in both and counts once.
        let logs = vec![
            harvest_in("a", "2024-09-02", "灵芝子实体", "1000", "斤"),
            harvest_in("b", "2024-09-01", "灵芝子实体", "300", "kg"),
            harvest("2024-09-03", "孢子粉", "2500", "g"),
            LogFact {
                date: on("2024-09-05"),
                fact: Fact::Sale {
                    amount: Money(20_000_000),
                    posted: true,
                },
            },
            LogFact {
                date: on("2024-09-06"),
                fact: Fact::Sale {
                    amount: Money(1_000_000),
                    posted: false,
                },
            },
            LogFact {
                date: on("2024-03-01"),
                fact: Fact::Input {
                    cost: Money(3_000_000),
                },
            },
            labour("王", "2", 30_000),
            labour("王", "1.5", 22_500),
            labour("李", "1", 15_000),
            labour("张", "0.5", 7_500),
        ];
        let household = |p: &str| (p == "李").then(|| "王".to_string());
        let r = compute(&units, &logs, &household).unwrap();
        // 300 kg first, so kg: 300 + 1000 斤 (500 kg) = 800 kg; 800 / 1000 m²; 800 / 2.
        let lingzhi = r.yields.iter().find(|y| y.product == "灵芝子实体").unwrap();
        assert_eq!(
            (
                lingzhi.unit.as_str(),
                lingzhi.total.as_str(),
                lingzhi.per_m2.as_deref(),
                lingzhi.per_greenhouse.as_deref()
            ),
            ("kg", "800", Some("0.8"), Some("400"))
        );
        let spores = r.yields.iter().find(|y| y.product == "孢子粉").unwrap();
        assert_eq!((spores.unit.as_str(), spores.total.as_str()), ("g", "2500"));
        // Every recorded sale is income; only the posted one is in the books.
        assert_eq!(r.gross_income, 21_000_000);
        assert_eq!(r.income_posted, 20_000_000);
        assert_eq!(r.wages, 75_000);
        assert_eq!(r.costs, 3_075_000);
        assert_eq!(r.net, 17_925_000);
        assert_eq!(r.distinct_workers, 3);
        assert_eq!(r.person_days, "5");
        assert_eq!(
            r.households,
            vec![
                HouseholdIncome {
                    household: "张".into(),
                    workers: 1,
                    income: 7_500
                },
                HouseholdIncome {
                    household: "王".into(),
                    workers: 2,
                    income: 67_500
                },
            ]
        );
    }

    #[test]
    fn yields_divide_by_the_units_that_grew_the_product() {
        let units = [
            unit("g1", UnitKind::Greenhouse, "400"),
            unit("g2", UnitKind::Greenhouse, "600"),
            unit("p", UnitKind::Plot, "1000"),
        ];
        let logs = vec![
            harvest_in("g1", "2024-09-01", "灵芝子实体", "300", "kg"),
            harvest_in("p", "2024-09-02", "灵芝子实体", "200", "kg"),
            harvest_in("g2", "2024-09-03", "孢子粉", "50", "kg"),
        ];
        let r = compute(&units, &logs, &|_| None).unwrap();
        let figures = |product: &str| {
            let y = r.yields.iter().find(|y| y.product == product).unwrap();
            (y.total.clone(), y.per_m2.clone(), y.per_greenhouse.clone())
        };
        // 灵芝: 500 kg over g1 and the plot (1400 m²); 300 kg from its one greenhouse.
        assert_eq!(
            figures("灵芝子实体"),
            ("500".into(), Some("0.357143".into()), Some("300".into()))
        );
        // 孢子粉: only g2 grew it.
        assert_eq!(
            figures("孢子粉"),
            ("50".into(), Some("0.083333".into()), Some("50".into()))
        );
        // Grown on the plot alone: no yield per greenhouse.
        let r = compute(&units, &logs[1..2], &|_| None).unwrap();
        assert_eq!(r.yields[0].per_greenhouse, None);
    }

    #[test]
    fn a_harvest_in_a_unit_that_does_not_convert_opens_its_own_line() {
        let logs = vec![
            harvest("2024-09-01", "香菇", "10", "kg"),
            harvest("2024-09-02", "香菇", "10", "袋"),
            harvest("2024-09-03", "香菇", "4", "斤"),
            harvest("2024-09-04", "香菇", "5", "袋"),
        ];
        let r = compute(&[], &logs, &|_| None).unwrap();
        let lines: Vec<(&str, &str)> = r
            .yields
            .iter()
            .map(|y| (y.unit.as_str(), y.total.as_str()))
            .collect();
        assert_eq!(lines, vec![("kg", "12"), ("袋", "15")]);
    }

    #[test]
    fn money_sums_that_do_not_fit_are_an_error() {
        let sale = |fen: i64| LogFact {
            date: on("2024-09-01"),
            fact: Fact::Sale {
                amount: Money(fen),
                posted: true,
            },
        };
        let ok = compute(&[], &[sale(i64::MAX - 1), sale(1)], &|_| None).unwrap();
        assert_eq!(ok.gross_income, i64::MAX);
        let e = compute(&[], &[sale(i64::MAX), sale(1)], &|_| None).unwrap_err();
        assert_eq!(e, DomainError::Conflict("money.overflow"));
    }

    #[test]
    fn no_area_no_per_m2() {
        let r = compute(&[], &[harvest("2024-09-01", "灵芝", "1", "kg")], &|_| {
            None
        })
        .unwrap();
        assert_eq!(r.yields[0].per_m2, None);
        assert_eq!(r.yields[0].per_greenhouse, None);
        assert_eq!(divide(1_000_000, 3_000_000), Decimal::parse("0.333333"));
    }
}
