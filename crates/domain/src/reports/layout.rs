//! Layouts of 表六 (村集体经济组织收益分配统计表) and 表七 (村集体经济组织资产负债统计表), one CSV
//! file per chart of accounts (`layouts/t6-2004.csv`, …, built in with `include_str!`).
//!
//! Format: header `line,caption_zh,caption_en,formula,kind`, `#` rows are comments. A `line`
//! row is a line of the table: its 行次, captions and a formula of terms joined by `+`/`-`:
//! `S10` (line 10 of the book's own statement: the 收益及收益分配表 for 表六, the 资产负债表 for
//! 表七, so the accounts are mapped once, in the statement layouts), `L6` (line 6 of this
//! table) or `0`. A `relation` row states a balance relation `L6 = L1+L2+L3-L4-L5` between
//! lines; [`ReportLayout::check_relations`] checks every relation on a built table.
//!
//! Both files of a table have the same lines and captions (the statistical form is one
//! form), so the tables of books under either chart add up line by line.

use crate::error::FieldError;
use crate::ledger::AccountingSystem;
use crate::ledger::statement::{Layout, StatementKind, StatementLine};
use serde::Serialize;

const ERROR: &str = "reports.layout_invalid";
/// A built table whose balance relation does not hold.
pub const RELATION_BROKEN: &str = "reports.relation_broken";

/// The two statistical returns computed from the books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Return {
    /// 表六 村集体经济组织收益分配统计表: the year's movements (the 收益及收益分配表).
    T6,
    /// 表七 村集体经济组织资产负债统计表: balances at the year's start and end (the 资产负债表).
    T7,
}

impl Return {
    pub const ALL: [Return; 2] = [Return::T6, Return::T7];

    /// The statement whose lines the return reads.
    pub fn statement(self) -> StatementKind {
        match self {
            Return::T6 => StatementKind::IncomeStatement,
            Return::T7 => StatementKind::BalanceSheet,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Return::T6 => "t6",
            Return::T7 => "t7",
        }
    }
}

/// The shipped layout file of a return under an accounting system.
pub fn shipped(ret: Return, system: AccountingSystem) -> &'static str {
    match (ret, system) {
        (Return::T6, AccountingSystem::Cs2004) => include_str!("layouts/t6-2004.csv"),
        (Return::T6, AccountingSystem::Cs2023) => include_str!("layouts/t6-2023.csv"),
        (Return::T7, AccountingSystem::Cs2004) => include_str!("layouts/t7-2004.csv"),
        (Return::T7, AccountingSystem::Cs2023) => include_str!("layouts/t7-2023.csv"),
    }
}

/// A term of a formula, with its sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// A line of the book's statement.
    Statement(u32),
    /// A line of this table.
    Line(u32),
    Zero,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    pub text: String,
    /// (negated, term)
    pub terms: Vec<(bool, Term)>,
}

/// A line of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub line: u32,
    pub caption_zh: String,
    pub caption_en: String,
    pub formula: Formula,
}

/// A balance relation: `left` = `right`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub caption_zh: String,
    pub caption_en: String,
    pub text: String,
    pub left: Formula,
    pub right: Formula,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLayout {
    pub lines: Vec<ReportLine>,
    pub relations: Vec<Relation>,
}

fn error(row: usize, text: &str) -> FieldError {
    FieldError::new(ERROR, "layout")
        .arg("row", row.to_string())
        .arg("value", text)
}

fn parse_formula(text: &str) -> Option<Formula> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return None;
    }
    let mut terms = Vec::new();
    let mut negated = false;
    let mut current = String::new();
    let push = |negated: bool, t: &str, terms: &mut Vec<(bool, Term)>| -> Option<()> {
        let term = if t == "0" {
            Term::Zero
        } else if let Some(n) = t.strip_prefix('S') {
            Term::Statement(n.parse().ok().filter(|n| *n > 0)?)
        } else if let Some(n) = t.strip_prefix('L') {
            Term::Line(n.parse().ok().filter(|n| *n > 0)?)
        } else {
            return None;
        };
        terms.push((negated, term));
        Some(())
    };
    for (i, c) in compact.chars().enumerate() {
        match c {
            '+' | '-' => {
                if current.is_empty() {
                    // Only a leading sign may stand without a term before it.
                    if i != 0 {
                        return None;
                    }
                } else {
                    push(negated, &current, &mut terms)?;
                    current.clear();
                }
                negated = c == '-';
            }
            _ => current.push(c),
        }
    }
    push(negated, &current, &mut terms)?;
    Some(Formula {
        text: text.trim().to_string(),
        terms,
    })
}

impl ReportLayout {
    /// Parses a layout file and checks it: lines unique, every `L` term an existing line,
    /// no line depending on itself (directly or not).
    pub fn parse(text: &str) -> Result<ReportLayout, FieldError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut header = false;
        let mut lines: Vec<ReportLine> = Vec::new();
        let mut relations = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let row = i + 1;
            let t = raw.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = t.split(',').map(str::trim).collect();
            if !header {
                if cells != ["line", "caption_zh", "caption_en", "formula", "kind"] {
                    return Err(error(row, t));
                }
                header = true;
                continue;
            }
            let [line, zh, en, formula, kind] = cells[..] else {
                return Err(error(row, t));
            };
            if zh.is_empty() || en.is_empty() {
                return Err(error(row, t));
            }
            match kind {
                "line" => {
                    let line: u32 = line
                        .parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| error(row, t))?;
                    if lines.iter().any(|l| l.line == line) {
                        return Err(error(row, t));
                    }
                    lines.push(ReportLine {
                        line,
                        caption_zh: zh.to_string(),
                        caption_en: en.to_string(),
                        formula: parse_formula(formula).ok_or_else(|| error(row, t))?,
                    });
                }
                "relation" => {
                    let (left, right) = formula.split_once('=').ok_or_else(|| error(row, t))?;
                    if !line.is_empty() {
                        return Err(error(row, t));
                    }
                    relations.push(Relation {
                        caption_zh: zh.to_string(),
                        caption_en: en.to_string(),
                        text: formula.to_string(),
                        left: parse_formula(left).ok_or_else(|| error(row, t))?,
                        right: parse_formula(right).ok_or_else(|| error(row, t))?,
                    });
                }
                _ => return Err(error(row, t)),
            }
        }
        if !header || lines.is_empty() {
            return Err(error(1, ""));
        }
        let layout = ReportLayout { lines, relations };
        layout.check()?;
        Ok(layout)
    }

    /// The shipped layout of a return under an accounting system, checked against the
    /// statement layout it reads (every `S` term is a line of that statement).
    pub fn shipped(ret: Return, system: AccountingSystem) -> Result<ReportLayout, FieldError> {
        let layout = ReportLayout::parse(shipped(ret, system))?;
        let statement = Layout::shipped(ret.statement(), system)?;
        for l in &layout.lines {
            for (_, term) in &l.formula.terms {
                if let Term::Statement(n) = term
                    && !statement.rows.iter().any(|r| r.line == Some(*n))
                {
                    return Err(error(0, &l.formula.text).arg("line", l.line.to_string()));
                }
            }
        }
        Ok(layout)
    }

    fn index(&self, line: u32) -> Option<usize> {
        self.lines.iter().position(|l| l.line == line)
    }

    fn check(&self) -> Result<(), FieldError> {
        let refs = |f: &Formula| -> Result<Vec<usize>, FieldError> {
            f.terms
                .iter()
                .filter_map(|(_, t)| match t {
                    Term::Line(n) => Some(*n),
                    _ => None,
                })
                .map(|n| self.index(n).ok_or_else(|| error(0, &f.text)))
                .collect()
        };
        for r in &self.relations {
            refs(&r.left)?;
            refs(&r.right)?;
        }
        // Cycles: a depth-first walk with colours (0 new, 1 on the path, 2 done).
        let deps: Vec<Vec<usize>> = self
            .lines
            .iter()
            .map(|l| refs(&l.formula))
            .collect::<Result<_, _>>()?;
        let mut colour = vec![0u8; self.lines.len()];
        for start in 0..self.lines.len() {
            if colour[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            colour[start] = 1;
            while let Some((node, next)) = stack.pop() {
                if let Some(&dep) = deps[node].get(next) {
                    stack.push((node, next + 1));
                    match colour[dep] {
                        0 => {
                            colour[dep] = 1;
                            stack.push((dep, 0));
                        }
                        1 => return Err(error(0, &self.lines[dep].formula.text)),
                        _ => {}
                    }
                } else {
                    colour[node] = 2;
                }
            }
        }
        Ok(())
    }

    /// The table's amounts, one per line (in order), from the lines of the book's statement.
    /// Checked: `money.overflow` instead of a wrapped amount.
    pub fn evaluate(&self, statement: &[StatementLine]) -> Result<Vec<i64>, FieldError> {
        let mut memo: Vec<Option<i64>> = vec![None; self.lines.len()];
        for i in 0..self.lines.len() {
            self.value(i, statement, &mut memo, 0)?;
        }
        Ok(memo.into_iter().map(|v| v.unwrap_or(0)).collect())
    }

    fn value(
        &self,
        i: usize,
        statement: &[StatementLine],
        memo: &mut Vec<Option<i64>>,
        depth: usize,
    ) -> Result<i64, FieldError> {
        if let Some(v) = memo[i] {
            return Ok(v);
        }
        let line = &self.lines[i];
        // `check` refused cycles; the depth bound only keeps a hand-made layout finite.
        if depth > self.lines.len() {
            return Err(error(0, &line.formula.text));
        }
        let mut sum: i64 = 0;
        for (negated, term) in &line.formula.terms {
            let v = match term {
                Term::Zero => 0,
                Term::Statement(n) => statement
                    .iter()
                    .find(|l| l.line == Some(*n))
                    .map(|l| l.amount)
                    .ok_or_else(|| error(0, &line.formula.text))?,
                Term::Line(n) => {
                    let j = self.index(*n).ok_or_else(|| error(0, &line.formula.text))?;
                    self.value(j, statement, memo, depth + 1)?
                }
            };
            sum = add(sum, v, *negated, &line.caption_zh)?;
        }
        memo[i] = Some(sum);
        Ok(sum)
    }

    fn side(&self, f: &Formula, amounts: &[i64]) -> Result<i64, FieldError> {
        let mut sum: i64 = 0;
        for (negated, term) in &f.terms {
            let v = match term {
                Term::Zero | Term::Statement(_) => 0,
                Term::Line(n) => self
                    .index(*n)
                    .and_then(|i| amounts.get(i).copied())
                    .ok_or_else(|| error(0, &f.text))?,
            };
            sum = add(sum, v, *negated, &f.text)?;
        }
        Ok(sum)
    }

    /// Checks every balance relation on a built table (`amounts` one per line, in order):
    /// `reports.relation_broken` naming the relation and both sides when one does not hold.
    pub fn check_relations(&self, amounts: &[i64]) -> Result<(), FieldError> {
        for r in &self.relations {
            let left = self.side(&r.left, amounts)?;
            let right = self.side(&r.right, amounts)?;
            if left != right {
                return Err(FieldError::new(RELATION_BROKEN, "relation")
                    .arg("relation", r.caption_zh.as_str())
                    .arg("left", left.to_string())
                    .arg("right", right.to_string()));
            }
        }
        Ok(())
    }
}

fn add(sum: i64, v: i64, negated: bool, caption: &str) -> Result<i64, FieldError> {
    let r = if negated {
        sum.checked_sub(v)
    } else {
        sum.checked_add(v)
    };
    r.ok_or_else(|| FieldError::new(crate::money::OVERFLOW, "formula").arg("caption", caption))
}

/// Adds `b` into `a` line by line, checked (`money.overflow`).
pub fn add_into(a: &mut [i64], b: &[i64]) -> Result<(), FieldError> {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x
            .checked_add(*y)
            .ok_or_else(|| FieldError::new(crate::money::OVERFLOW, "amount"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_layout_parses_and_reads_its_statement() {
        for ret in Return::ALL {
            let mut shapes = Vec::new();
            for system in AccountingSystem::ALL {
                let layout = ReportLayout::shipped(ret, system).unwrap();
                assert!(!layout.relations.is_empty());
                shapes.push(
                    layout
                        .lines
                        .iter()
                        .map(|l| (l.line, l.caption_zh.clone(), l.caption_en.clone()))
                        .collect::<Vec<_>>(),
                );
            }
            // One statistical form: the same lines under both charts, so tables add up.
            assert_eq!(shapes[0], shapes[1], "{ret:?}");
        }
    }

    #[test]
    fn a_formula_naming_a_missing_line_or_a_cycle_is_refused() {
        let head = "line,caption_zh,caption_en,formula,kind\n";
        let ok = format!("{head}1,甲,A,S1,line\n2,乙,B,L1,line\n,乙=甲,B=A,L2 = L1,relation\n");
        assert!(ReportLayout::parse(&ok).is_ok());
        let missing = format!("{head}1,甲,A,S1,line\n2,乙,B,L3,line\n");
        assert_eq!(
            ReportLayout::parse(&missing).unwrap_err().code,
            "reports.layout_invalid"
        );
        let relation_missing = format!("{head}1,甲,A,S1,line\n,x,x,L1 = L9,relation\n");
        assert!(ReportLayout::parse(&relation_missing).is_err());
        let cycle = format!("{head}1,甲,A,L3,line\n2,乙,B,L1,line\n3,丙,C,L2+S1,line\n");
        assert!(ReportLayout::parse(&cycle).is_err());
        let selfref = format!("{head}1,甲,A,L1,line\n");
        assert!(ReportLayout::parse(&selfref).is_err());
        let bad_term = format!("{head}1,甲,A,X1,line\n");
        assert!(ReportLayout::parse(&bad_term).is_err());
        let duplicate = format!("{head}1,甲,A,S1,line\n1,乙,B,S2,line\n");
        assert!(ReportLayout::parse(&duplicate).is_err());
        // A statement line the statement has not is refused for a shipped layout: 2004's
        // income statement has no line 99.
        let l = ReportLayout::parse(&format!("{head}1,甲,A,S99,line\n")).unwrap();
        assert!(l.evaluate(&[]).is_err());
    }

    fn statement_line(line: u32, amount: i64) -> StatementLine {
        StatementLine {
            line: Some(line),
            caption: String::new(),
            section: "income".into(),
            amount,
            heading: false,
        }
    }

    #[test]
    fn relations_hold_on_a_statement_and_catch_a_wrong_total() {
        let layout = ReportLayout::shipped(Return::T6, AccountingSystem::Cs2004).unwrap();
        let chart = AccountingSystem::Cs2004;
        let statement = Layout::shipped(StatementKind::IncomeStatement, chart).unwrap();
        // 501 credit 400,000; 511 credit 50,000; 502 debit 100,000; 541 debit 30,000;
        // 522 credit 20,000; distribution: 322001004 debit 10,000.
        let lines = statement
            .evaluate(chart, |code: &str| {
                let (debit, credit) = match code {
                    "501" => (0, 40_000_000),
                    "511" => (0, 5_000_000),
                    "502" => (10_000_000, 0),
                    "541" => (3_000_000, 0),
                    "522" => (0, 2_000_000),
                    "322" | "322001" | "322001004" => (1_000_000, 0),
                    _ => (0, 0),
                };
                crate::ledger::Balance {
                    opening: 0,
                    debit,
                    credit,
                }
            })
            .unwrap();
        let amounts = layout.evaluate(&lines).unwrap();
        assert_eq!(amounts[0], 40_000_000);
        assert_eq!(
            amounts[5], 32_000_000,
            "经营收益 = 400,000 + 50,000 − 100,000 − 30,000"
        );
        assert_eq!(amounts[9], 34_000_000, "本年收益");
        assert_eq!(amounts[16], 1_000_000, "农户分配");
        assert_eq!(amounts[18], 33_000_000, "年末未分配收益");
        layout.check_relations(&amounts).unwrap();
        let mut wrong = amounts.clone();
        wrong[5] += 1;
        let e = layout.check_relations(&wrong).unwrap_err();
        assert_eq!(e.code, RELATION_BROKEN);
        // A statement whose total disagrees with its items breaks the relation too.
        let mut bad = lines.clone();
        if let Some(l) = bad.iter_mut().find(|l| l.line == Some(10)) {
            l.amount += 100;
        }
        let amounts = layout.evaluate(&bad).unwrap();
        assert!(layout.check_relations(&amounts).is_err());
    }

    #[test]
    fn balance_sheet_relations_hold_under_both_charts() {
        for system in AccountingSystem::ALL {
            let layout = ReportLayout::shipped(Return::T7, system).unwrap();
            let statement = Layout::shipped(StatementKind::BalanceSheet, system).unwrap();
            // Cash 100 against capital 60 and a short-term loan 40, with 10 of depreciation
            // on fixed assets of 30 financed by the loan.
            let lines = statement
                .evaluate(system, |code: &str| {
                    let opening = match code {
                        "101" => 7_000,
                        "151" => 3_000,
                        "152" => -1_000,
                        "301" => -6_000,
                        "201" => -4_000,
                        // 2004: depreciation as an expense not yet carried over.
                        "541" | "513" => 1_000,
                        _ => 0,
                    };
                    crate::ledger::Balance {
                        opening,
                        debit: 0,
                        credit: 0,
                    }
                })
                .unwrap();
            let amounts = layout.evaluate(&lines).unwrap();
            layout.check_relations(&amounts).unwrap();
            let total = |line: u32| {
                layout
                    .lines
                    .iter()
                    .position(|l| l.line == line)
                    .map(|i| amounts[i])
                    .unwrap()
            };
            assert_eq!(total(15), 9_000, "{system:?}: 资产总计");
            assert_eq!(total(31), 9_000, "{system:?}: 负债和所有者权益总计");
        }
    }

    #[test]
    fn overflow_is_an_error() {
        let head = "line,caption_zh,caption_en,formula,kind\n";
        let l = ReportLayout::parse(&format!("{head}1,甲,A,S1+S2,line\n")).unwrap();
        let e = l
            .evaluate(&[statement_line(1, i64::MAX), statement_line(2, 1)])
            .unwrap_err();
        assert_eq!(e.code, "money.overflow");
        let mut a = vec![i64::MAX];
        assert!(add_into(&mut a, &[1]).is_err());
    }
}
