//! Rule evaluation at edge dates, and properties over random facts.

use super::*;
use proptest::prelude::*;

const VILLAGE: &str = "340803100201";
const OTHER: &str = "340803100202";
const TOWN: &str = "340803100000";

fn d(s: &str) -> NaiveDate {
    crate::time::parse_date(s).unwrap()
}

fn p(s: &str) -> Period {
    Period::parse(s).unwrap()
}

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn rule(id: &str, kind: RuleKind) -> Rule {
    Rule {
        id: id.into(),
        name: id.into(),
        kind,
    }
}

fn monthly_guide() -> Rule {
    rule(
        "guide-month",
        RuleKind::PerAssignment {
            assignment_kind: AssignmentKind::Guide,
            meeting_type: "work_promotion".into(),
            at_least: 1,
            every: Every::Month,
        },
    )
}

fn quarterly_village(t: &str) -> Rule {
    rule(
        "village-quarter",
        RuleKind::PerVillage {
            meeting_type: t.into(),
            at_least: 1,
            every: Every::Quarter,
        },
    )
}

fn assignment(id: &str, region: &str, starts: &str, ends: Option<&str>) -> AssignmentFact {
    AssignmentFact {
        id: id.into(),
        region: code(region),
        kind: AssignmentKind::Guide,
        starts_on: d(starts),
        ends_on: ends.map(d),
    }
}

fn meeting(id: &str, t: &str, region: &str, date: &str) -> MeetingFact {
    MeetingFact {
        id: id.into(),
        type_code: t.into(),
        region: region.into(),
        date: d(date),
    }
}

fn statuses(cells: &[Cell]) -> Vec<(String, &'static str, u32)> {
    cells
        .iter()
        .map(|c| (c.period.label(), c.status.as_str(), c.actual))
        .collect()
}

#[test]
fn meetings_on_the_last_and_first_day_of_a_month_count_where_they_fall() {
    let cells = evaluate(
        &[monthly_guide()],
        &[assignment("a", VILLAGE, "2023-01-01", None)],
        &[
            meeting("m1", "work_promotion", VILLAGE, "2023-05-31"),
            meeting("m2", "work_promotion", VILLAGE, "2023-07-01"),
            meeting("x", "liaison", VILLAGE, "2023-06-15"),
            meeting("y", "work_promotion", OTHER, "2023-06-15"),
        ],
        &[],
        &[],
        &[],
        p("2023-05"),
        p("2023-07"),
        d("2023-12-31"),
    );
    assert_eq!(
        statuses(&cells),
        [
            ("2023-05".to_string(), "met", 1),
            ("2023-06".to_string(), "missed", 0),
            ("2023-07".to_string(), "met", 1),
        ]
    );
    assert_eq!(cells[0].records, ["m1"]);
    assert_eq!(cells[0].assignment.as_deref(), Some("a"));
    assert_eq!(cells[0].region, VILLAGE);
}

#[test]
fn quarter_boundaries() {
    let cells = evaluate(
        &[quarterly_village("party_lecture")],
        &[],
        &[
            meeting("q1", "party_lecture", VILLAGE, "2023-03-31"),
            meeting("q3", "party_lecture", VILLAGE, "2023-07-01"),
        ],
        &[code(VILLAGE)],
        &[],
        &[],
        p("2023-01"),
        p("2023-12"),
        d("2024-01-15"),
    );
    assert_eq!(
        statuses(&cells),
        [
            ("2023-Q1".to_string(), "met", 1),
            ("2023-Q2".to_string(), "missed", 0),
            ("2023-Q3".to_string(), "met", 1),
            ("2023-Q4".to_string(), "missed", 0),
        ]
    );
}

#[test]
fn assignments_starting_or_ending_mid_period_owe_nothing_for_it() {
    let assignments = [
        assignment("from-2nd", VILLAGE, "2023-05-02", None),
        assignment("from-1st", OTHER, "2023-05-01", Some("2023-06-29")),
        assignment("to-last", TOWN, "2023-04-30", Some("2023-06-30")),
    ];
    let cells = evaluate(
        &[monthly_guide()],
        &assignments,
        &[],
        &[],
        &[],
        &[],
        p("2023-05"),
        p("2023-07"),
        d("2023-12-31"),
    );
    let due: Vec<(&str, String)> = cells
        .iter()
        .map(|c| (c.assignment.as_deref().unwrap(), c.period.label()))
        .collect();
    // Sorted by region: the town (…100000) before its villages.
    assert_eq!(
        due,
        [
            ("to-last", "2023-05".to_string()),
            ("to-last", "2023-06".to_string()),
            ("from-2nd", "2023-06".to_string()),
            ("from-2nd", "2023-07".to_string()),
            ("from-1st", "2023-05".to_string()),
        ]
    );
}

#[test]
fn a_town_assignment_counts_the_meetings_of_its_villages() {
    let cells = evaluate(
        &[monthly_guide()],
        &[assignment("t", TOWN, "2023-01-01", None)],
        &[
            meeting("v", "work_promotion", VILLAGE, "2023-03-10"),
            meeting("far", "work_promotion", "340803200201", "2023-03-10"),
        ],
        &[],
        &[],
        &[],
        p("2023-03"),
        p("2023-03"),
        d("2023-03-31"),
    );
    assert_eq!(statuses(&cells), [("2023-03".to_string(), "met", 1)]);
    assert_eq!(cells[0].records, ["v"]);
}

#[test]
fn leap_february_and_open_periods() {
    let rules = [rule(
        "village-month",
        RuleKind::PerVillage {
            meeting_type: "branch_committee".into(),
            at_least: 1,
            every: Every::Month,
        },
    )];
    let villages = [code(VILLAGE)];
    let run = |meetings: &[MeetingFact], today: &str| {
        statuses(&evaluate(
            &rules,
            &[],
            meetings,
            &villages,
            &[],
            &[],
            p("2024-02"),
            p("2024-04"),
            d(today),
        ))
    };
    // On 29 February February is still open; from 1 March it is missed; April is not shown.
    assert_eq!(
        run(&[], "2024-02-29"),
        [("2024-02".to_string(), "pending", 0)]
    );
    assert_eq!(
        run(&[], "2024-03-01"),
        [
            ("2024-02".to_string(), "missed", 0),
            ("2024-03".to_string(), "pending", 0)
        ]
    );
    let leap = [meeting("m", "branch_committee", VILLAGE, "2024-02-29")];
    assert_eq!(
        run(&leap, "2024-03-01"),
        [
            ("2024-02".to_string(), "met", 1),
            ("2024-03".to_string(), "pending", 0)
        ]
    );
    // Met already while the period is open.
    let early = [meeting("m", "branch_committee", VILLAGE, "2024-03-01")];
    assert_eq!(
        run(&early, "2024-03-01")[1],
        ("2024-03".to_string(), "met", 1)
    );
}

#[test]
fn a_meeting_planned_for_later_in_the_period_does_not_count_yet() {
    let run = |today: &str| {
        statuses(&evaluate(
            &[monthly_guide()],
            &[assignment("a", VILLAGE, "2023-01-01", None)],
            &[meeting("m", "work_promotion", VILLAGE, "2023-06-20")],
            &[],
            &[],
            &[],
            p("2023-06"),
            p("2023-06"),
            d(today),
        ))
    };
    assert_eq!(run("2023-06-19"), [("2023-06".to_string(), "pending", 0)]);
    assert_eq!(run("2023-06-20"), [("2023-06".to_string(), "met", 1)]);
}

#[test]
fn a_quarterly_rule_on_a_one_month_board_shows_its_quarter() {
    let cells = evaluate(
        &[quarterly_village("branch_assembly")],
        &[],
        &[meeting("apr", "branch_assembly", VILLAGE, "2023-04-03")],
        &[code(VILLAGE)],
        &[],
        &[],
        p("2023-05"),
        p("2023-05"),
        d("2023-05-20"),
    );
    assert_eq!(statuses(&cells), [("2023-Q2".to_string(), "met", 1)]);
}

#[test]
fn problems_on_time_per_region_and_month() {
    let rules = [rule(
        "on-time",
        RuleKind::ProblemsOnTime {
            every: Every::Month,
        },
    )];
    let problem = |id: &str, region: &str, deadline: &str, state, done: Option<&str>| ProblemFact {
        id: id.into(),
        region: region.into(),
        deadline: d(deadline),
        state,
        done_at: done.map(d),
    };
    use ProblemState::*;
    let problems = [
        problem("a", VILLAGE, "2023-05-31", Done, Some("2023-05-31")),
        problem("b", VILLAGE, "2023-05-10", Closed, Some("2023-05-01")),
        problem("c", OTHER, "2023-05-15", Doing, None),
        problem("d", OTHER, "2023-06-20", Doing, None),
        problem("e", VILLAGE, "2023-06-05", Done, Some("2023-06-06")),
        problem("f", VILLAGE, "2023-07-01", Todo, None),
    ];
    let cells = evaluate(
        &rules,
        &[],
        &[],
        &[],
        &problems,
        &[],
        p("2023-05"),
        p("2023-12"),
        d("2023-06-10"),
    );
    let got: Vec<(&str, String, &str, u32, u32)> = cells
        .iter()
        .map(|c| {
            (
                c.region.as_str(),
                c.period.label(),
                c.status.as_str(),
                c.required,
                c.actual,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (VILLAGE, "2023-05".to_string(), "met", 2, 2),
            (VILLAGE, "2023-06".to_string(), "missed", 1, 0),
            (OTHER, "2023-05".to_string(), "missed", 1, 0),
            (OTHER, "2023-06".to_string(), "pending", 1, 0),
        ]
    );
    assert_eq!(cells[0].records, ["b", "a"]);
}

#[test]
fn default_rules_are_valid_and_round_trip_as_json() {
    for (_, kind) in default_rules() {
        kind.validate().unwrap();
        let json = serde_json::to_string(&kind).unwrap();
        assert!(
            json.contains(&format!("\"kind\":\"{}\"", kind.as_str())),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<RuleKind>(&json).unwrap(), kind);
    }
    let zero = RuleKind::PerVillage {
        meeting_type: "x".into(),
        at_least: 0,
        every: Every::Month,
    };
    assert_eq!(
        zero.validate().unwrap_err().code,
        "mechanism.number_invalid"
    );
}

// ---- properties ----

const TYPES: [&str; 2] = ["work_promotion", "branch_committee"];
const REGIONS: [&str; 3] = [VILLAGE, OTHER, TOWN];

fn day() -> impl Strategy<Value = NaiveDate> {
    // 2023-01-01 … 2024-12-31, leap day included.
    (0i64..731).prop_map(|n| d("2023-01-01") + chrono::Duration::days(n))
}

fn meeting_fact() -> impl Strategy<Value = MeetingFact> {
    (0..TYPES.len(), 0..REGIONS.len(), day()).prop_map(|(t, r, date)| MeetingFact {
        id: String::new(),
        type_code: TYPES[t].into(),
        region: REGIONS[r].into(),
        date,
    })
}

fn assignment_fact() -> impl Strategy<Value = AssignmentFact> {
    (0..REGIONS.len(), day(), proptest::option::of(0i64..400)).prop_map(|(r, start, len)| {
        AssignmentFact {
            id: String::new(),
            region: code(REGIONS[r]),
            kind: AssignmentKind::Guide,
            starts_on: start,
            ends_on: len.map(|n| start + chrono::Duration::days(n)),
        }
    })
}

fn all_rules() -> Vec<Rule> {
    vec![
        monthly_guide(),
        rule(
            "guide-quarter-2",
            RuleKind::PerAssignment {
                assignment_kind: AssignmentKind::Guide,
                meeting_type: "work_promotion".into(),
                at_least: 2,
                every: Every::Quarter,
            },
        ),
        rule(
            "village-month",
            RuleKind::PerVillage {
                meeting_type: "branch_committee".into(),
                at_least: 1,
                every: Every::Month,
            },
        ),
        rule(
            "village-year-3",
            RuleKind::PerVillage {
                meeting_type: "branch_committee".into(),
                at_least: 3,
                every: Every::Year,
            },
        ),
    ]
}

fn numbered<T>(items: Vec<T>, set: impl Fn(&mut T, String)) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, mut x)| {
            set(&mut x, format!("id{i}"));
            x
        })
        .collect()
}

type Key = (String, String, String, Option<String>);

fn key(c: &Cell) -> Key {
    (
        c.rule.clone(),
        c.region.clone(),
        c.period.label(),
        c.assignment.clone(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn adding_a_meeting_never_turns_a_met_cell_red_and_counts_are_exact(
        meetings in proptest::collection::vec(meeting_fact(), 0..40),
        assignments in proptest::collection::vec(assignment_fact(), 0..4),
        extra in meeting_fact(),
        today in day(),
        from_month in 1u32..=12,
        span in 0u32..18,
    ) {
        let meetings = numbered(meetings, |m, id| m.id = id);
        let assignments = numbered(assignments, |a, id| a.id = id);
        let villages = [code(VILLAGE), code(OTHER)];
        let from = Period::new(2023, from_month).unwrap();
        let mut to = from;
        for _ in 0..span {
            to = to.next();
        }
        let rules = all_rules();
        let before = evaluate(&rules, &assignments, &meetings, &villages, &[], &[], from, to, today);

        // No cell for a period that starts after today.
        for c in &before {
            prop_assert!(c.period.first_day() <= today, "{c:?}");
        }
        // Actual is the number of matching meetings in the period; records are exactly them.
        for c in &before {
            let r = rules.iter().find(|r| r.id == c.rule).unwrap();
            let t = r.kind.meeting_type().unwrap();
            let prefix = code(&c.region).subtree_prefix().to_string();
            let mut expected: Vec<&str> = meetings
                .iter()
                .filter(|m| m.type_code == t && c.period.contains(m.date) && m.date <= today)
                .filter(|m| if c.assignment.is_some() { m.region.starts_with(&prefix) } else { m.region == c.region })
                .map(|m| m.id.as_str())
                .collect();
            expected.sort();
            let mut got: Vec<&str> = c.records.iter().map(String::as_str).collect();
            got.sort();
            prop_assert_eq!(c.actual as usize, expected.len());
            prop_assert_eq!(got, expected);
            prop_assert_eq!(c.status, status(c.actual, c.required, c.period, today));
        }
        // Per-assignment cells exist exactly for the periods the assignment covers.
        for a in &assignments {
            for r in rules.iter().filter(|r| matches!(r.kind, RuleKind::PerAssignment { .. })) {
                let expected: Vec<String> = Span::overlapping(r.kind.every(), from, to)
                    .into_iter()
                    .filter(|s| s.first_day() <= today && a.covers(*s))
                    .map(|s| s.label())
                    .collect();
                let got: Vec<String> = before
                    .iter()
                    .filter(|c| c.rule == r.id && c.assignment.as_deref() == Some(a.id.as_str()))
                    .map(|c| c.period.label())
                    .collect();
                prop_assert_eq!(got, expected);
            }
        }

        let mut more = meetings.clone();
        more.push(MeetingFact { id: "extra".into(), ..extra });
        let after = evaluate(&rules, &assignments, &more, &villages, &[], &[], from, to, today);
        prop_assert_eq!(before.len(), after.len());
        let after_by_key: BTreeMap<Key, &Cell> = after.iter().map(|c| (key(c), c)).collect();
        for c in &before {
            let a = after_by_key.get(&key(c)).unwrap();
            prop_assert!(a.actual >= c.actual);
            if c.status == CellStatus::Met {
                prop_assert_eq!(a.status, CellStatus::Met);
            }
            if c.status == CellStatus::Pending {
                prop_assert_ne!(a.status, CellStatus::Missed);
            }
        }
    }
}
