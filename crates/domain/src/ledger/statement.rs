//! Statement layouts (资产负债表, 收益及收益分配表) as data files, so a province's variant is
//! a file, not a code change. The shipped layouts are in `crates/domain/statements/`.
//!
//! # File format
//!
//! CSV, UTF-8 (a leading byte-order mark is ignored), one statement row per line. The first
//! line that is neither blank nor a comment is the header; it must name the columns `line`,
//! `caption`, `formula` and `section`, in any order; further columns (e.g. `note`) are
//! ignored. A line whose first cell starts with `#` is a comment; blank lines are skipped.
//! A cell may be quoted (`"a, b"`, with `""` for a quote); a quoted cell cannot span lines.
//!
//! | column    | content |
//! |-----------|---------|
//! | `line`    | the official 行次, a positive integer unique in the file; empty for a heading or an unnumbered row |
//! | `caption` | the caption as printed on the form (required) |
//! | `formula` | the amount, an expression described below; empty for a heading (amount 0) |
//! | `section` | `asset` or `liability_equity` (balance sheet), `income` or `distribution` (收益及收益分配表) |
//!
//! The section says where a row belongs and what a bare account code reads: in the
//! balance-sheet sections the **closing balance**, in the income-statement sections the
//! **period's movements** (debits and credits; the caller leaves out the year-end carry-over
//! vouchers, 结转, or every income account would net to zero). The last row of a section is
//! its result: the balance sheet balances when the last `asset` row equals the last
//! `liability_equity` row (see [`section_total`]).
//!
//! # Formulas
//!
//! ```text
//! formula := term (('+' | '-') term)*
//! term    := '-' term | CODE | 'L' NUMBER | FUNC '(' CODE ')' | '(' formula ')'
//! ```
//!
//! `CODE` is an account code: a first-level code of three digits (`152`) or a sub-account
//! code that extends it by three digits at a time (`322001`, `322001001`). Its value is the
//! balance of that account including all its sub-accounts, as the caller supplies it; a
//! sub-account the book does not have is simply zero. With `b` the debit-positive basis value
//! (closing balance, or debits − credits of the period, as the section says):
//!
//! | term        | value |
//! |-------------|-------|
//! | `152`       | in the statement's sign: `b` for an account whose normal side is debit, `−b` for credit (累计折旧 152 shows its credit balance as a positive number, 经营收入 501 its net credits) |
//! | `raw(152)`  | `b` itself, debit-positive, whatever the account's side |
//! | `dr(113)`   | the debit part: Σ max(`b`, 0) over the account's detail (leaf) accounts, when the caller supplies them ([`Balances::leaves`]); otherwise over the account itself |
//! | `cr(113)`   | the credit part: Σ max(−`b`, 0) likewise; `dr(x) − cr(x) = raw(x)` always |
//! | `open(322)` | the opening balance in the statement's sign (e.g. 年初未分配收益) |
//! | `debit(322)`, `credit(322)` | the period's debit or credit movements, as given |
//! | `L5`        | the amount of the row with 行次 5 of the same layout, before or after this row |
//!
//! The sign convention comes from the chart of accounts ([`ChartTemplate`]), never from the
//! file: a sub-account takes the normal side of its first-level parent. A reference to an
//! unknown line or a cycle of line references is refused when the file is parsed; a code
//! whose first-level account is not in the chart is refused when the layout is evaluated
//! against a chart ([`Layout::check`]). Every error is `ledger.layout_row_invalid`, naming the
//! file row (`row`, 1-based, the header being a row), the column (`field`) and the row's text
//! (`value`).

use crate::error::FieldError;
use crate::ledger::Balance;
use crate::ledger::chart::{AccountingSystem, ChartTemplate, Side};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

const ERROR_CODE: &str = "ledger.layout_row_invalid";

/// Which statement a layout draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// 资产负债表
    BalanceSheet,
    /// 收益及收益分配表
    IncomeStatement,
}

impl StatementKind {
    pub const ALL: [StatementKind; 2] =
        [StatementKind::BalanceSheet, StatementKind::IncomeStatement];

    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::BalanceSheet => "balance_sheet",
            StatementKind::IncomeStatement => "income_statement",
        }
    }

    pub fn parse(text: &str) -> Option<StatementKind> {
        StatementKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
    }
}

/// The text of the shipped layout of a statement under an accounting system.
pub fn shipped(kind: StatementKind, system: AccountingSystem) -> &'static str {
    match (kind, system) {
        (StatementKind::BalanceSheet, AccountingSystem::Cs2004) => {
            include_str!("../../statements/balance-sheet-2004.csv")
        }
        (StatementKind::BalanceSheet, AccountingSystem::Cs2023) => {
            include_str!("../../statements/balance-sheet-2023.csv")
        }
        (StatementKind::IncomeStatement, AccountingSystem::Cs2004) => {
            include_str!("../../statements/income-statement-2004.csv")
        }
        (StatementKind::IncomeStatement, AccountingSystem::Cs2023) => {
            include_str!("../../statements/income-statement-2023.csv")
        }
    }
}

/// The part of a statement a row belongs to; it also fixes what a bare account code reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// 资产 (balance sheet, left side): closing balances.
    Asset,
    /// 负债和所有者权益 (balance sheet, right side): closing balances.
    LiabilityEquity,
    /// 本年收益 (收益及收益分配表, upper part): the period's movements.
    Income,
    /// 收益分配 (收益及收益分配表, lower part): the period's movements.
    Distribution,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Asset,
        Section::LiabilityEquity,
        Section::Income,
        Section::Distribution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Asset => "asset",
            Section::LiabilityEquity => "liability_equity",
            Section::Income => "income",
            Section::Distribution => "distribution",
        }
    }

    pub fn parse(text: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// What an account's basis value `b` is in this section.
    pub fn basis(self) -> Basis {
        match self {
            Section::Asset | Section::LiabilityEquity => Basis::Closing,
            Section::Income | Section::Distribution => Basis::Movement,
        }
    }
}

/// The debit-positive figure an account contributes in a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// opening + debits − credits
    Closing,
    /// debits − credits of the period
    Movement,
}

/// How an account term reads its balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Func {
    /// A bare code: the basis value in the statement's sign.
    Value,
    Raw,
    Dr,
    Cr,
    Open,
    Debit,
    Credit,
}

impl Func {
    const NAMED: [Func; 6] = [
        Func::Raw,
        Func::Dr,
        Func::Cr,
        Func::Open,
        Func::Debit,
        Func::Credit,
    ];

    /// The name in a formula; empty for a bare code.
    pub fn name(self) -> &'static str {
        match self {
            Func::Value => "",
            Func::Raw => "raw",
            Func::Dr => "dr",
            Func::Cr => "cr",
            Func::Open => "open",
            Func::Debit => "debit",
            Func::Credit => "credit",
        }
    }
}

/// A parsed formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Account { func: Func, code: String },
    Line(u32),
    Neg(Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    Sub(Box<Expr>, Box<Expr>),
}

impl Expr {
    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Account { .. } | Expr::Line(_) => {}
            Expr::Neg(e) => e.visit(f),
            Expr::Add(a, b) | Expr::Sub(a, b) => {
                a.visit(f);
                b.visit(f);
            }
        }
    }

    /// The account codes this formula reads.
    pub fn accounts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Account { code, .. } = e {
                out.push(code.as_str());
            }
        });
        out
    }

    /// The line numbers this formula refers to.
    pub fn lines(&self) -> Vec<u32> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Line(n) = e {
                out.push(*n);
            }
        });
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutRow {
    /// The row of the file, 1-based (the header is a row), for error messages.
    pub row: usize,
    pub line: Option<u32>,
    pub caption: String,
    /// The formula as written; empty for a heading.
    pub formula_text: String,
    /// `None` for a heading.
    pub formula: Option<Expr>,
    pub section: Section,
    /// The whole row as written, for error messages.
    pub text: String,
}

impl LayoutRow {
    fn error(&self, field: &'static str) -> FieldError {
        row_error(field, self.row, &self.text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub rows: Vec<LayoutRow>,
}

/// One row of a drawn statement. Amounts in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    pub line: Option<u32>,
    pub caption: String,
    pub section: String,
    pub amount: i64,
    /// A heading row (no formula): print no amount.
    pub heading: bool,
}

/// The balances a statement reads, per account code (first-level or sub-account).
///
/// Any `Fn(&str) -> Balance` is one (without detail accounts). A code the book does not have
/// must read as `Balance::default()`.
pub trait Balances {
    /// The balance of the account including all its sub-accounts.
    fn balance(&self, code: &str) -> Balance;

    /// The balances of the detail (leaf) accounts under `code`, which together make
    /// `balance(code)`; the account itself when it has none. Only `dr()` and `cr()` use it, to
    /// split a two-way account such as 内部往来 by the side of each detail account.
    fn leaves(&self, code: &str) -> Vec<Balance> {
        vec![self.balance(code)]
    }
}

impl<F: Fn(&str) -> Balance> Balances for F {
    fn balance(&self, code: &str) -> Balance {
        self(code)
    }
}

/// The amount of the last non-heading row of a section: its result (资产总计, 负债和所有者权益总计,
/// 本年收益, 年末未分配收益).
pub fn section_total(lines: &[StatementLine], section: Section) -> Option<i64> {
    lines
        .iter()
        .rev()
        .find(|l| !l.heading && l.section == section.as_str())
        .map(|l| l.amount)
}

fn row_error(field: &'static str, row: usize, text: &str) -> FieldError {
    FieldError::new(ERROR_CODE, field)
        .arg("row", row.to_string())
        .arg("value", text)
}

impl Layout {
    /// Parses a layout file (format in the module documentation).
    pub fn parse(text: &str) -> Result<Layout, FieldError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut columns: Option<[usize; 4]> = None;
        let mut rows: Vec<LayoutRow> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let row = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("\"#") {
                continue;
            }
            let cells = split_csv(trimmed).ok_or_else(|| row_error("caption", row, trimmed))?;
            let Some(cols) = columns else {
                columns = Some(header(&cells).ok_or_else(|| row_error("header", row, trimmed))?);
                continue;
            };
            let cell = |k: usize| cells.get(cols[k]).map(|c| c.trim()).unwrap_or("");
            let bad = |field: &'static str| row_error(field, row, trimmed);
            let line = match cell(0) {
                "" => None,
                n => match n.parse::<u32>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => return Err(bad("line")),
                },
            };
            if line.is_some() && rows.iter().any(|r| r.line == line) {
                return Err(bad("line"));
            }
            let caption = cell(1);
            if caption.is_empty() {
                return Err(bad("caption"));
            }
            let formula_text = cell(2);
            let formula = match formula_text {
                "" => None,
                f => Some(parse_formula(f).ok_or_else(|| bad("formula"))?),
            };
            let section = Section::parse(cell(3)).ok_or_else(|| bad("section"))?;
            rows.push(LayoutRow {
                row,
                line,
                caption: caption.to_string(),
                formula_text: formula_text.to_string(),
                formula,
                section,
                text: trimmed.to_string(),
            });
        }
        if columns.is_none() {
            return Err(row_error("header", 1, ""));
        }
        let layout = Layout { rows };
        layout.check_lines()?;
        Ok(layout)
    }

    /// The shipped layout of a statement under an accounting system.
    pub fn shipped(kind: StatementKind, system: AccountingSystem) -> Result<Layout, FieldError> {
        Layout::parse(shipped(kind, system))
    }

    /// Every account code the layout reads, sorted, once each.
    pub fn account_codes(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self
            .rows
            .iter()
            .filter_map(|r| r.formula.as_ref())
            .flat_map(|f| f.accounts())
            .collect();
        set.into_iter().collect()
    }

    /// Every line reference names a row of the layout, and no line depends on itself.
    fn check_lines(&self) -> Result<(), FieldError> {
        let index = self.line_index();
        for r in &self.rows {
            if let Some(f) = &r.formula
                && f.lines().iter().any(|n| !index.contains_key(n))
            {
                return Err(r.error("formula"));
            }
        }
        // Depth-first search for cycles: 1 = on the current path, 2 = done.
        let mut state = vec![0u8; self.rows.len()];
        for start in 0..self.rows.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, self.deps(start, &index))];
            state[start] = 1;
            while let Some((node, deps)) = stack.last_mut() {
                let node = *node;
                match deps.pop() {
                    Some(next) if state[next] == 1 => return Err(self.rows[next].error("formula")),
                    Some(next) if state[next] == 0 => {
                        state[next] = 1;
                        let d = self.deps(next, &index);
                        stack.push((next, d));
                    }
                    Some(_) => {}
                    None => {
                        state[node] = 2;
                        stack.pop();
                    }
                }
            }
        }
        Ok(())
    }

    fn line_index(&self) -> HashMap<u32, usize> {
        self.rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.line.map(|n| (n, i)))
            .collect()
    }

    fn deps(&self, row: usize, index: &HashMap<u32, usize>) -> Vec<usize> {
        self.rows[row]
            .formula
            .as_ref()
            .map(|f| {
                f.lines()
                    .iter()
                    .filter_map(|n| index.get(n).copied())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every account code's first-level account is in the chart.
    pub fn check(&self, chart: &ChartTemplate) -> Result<(), FieldError> {
        for r in &self.rows {
            if let Some(f) = &r.formula {
                for code in f.accounts() {
                    if chart.get(&code[..3]).is_none() {
                        return Err(r.error("formula").arg("account", code));
                    }
                }
            }
        }
        Ok(())
    }

    /// Draws the statement from per-account balances under an accounting system's shipped
    /// chart: `value_of(code)` gives the balance of an account including its sub-accounts
    /// (`Balance::default()` for one the book does not have). For a balance sheet pass the
    /// balances up to the statement's date; for the 收益及收益分配表 the period's movements
    /// without the year-end carry-over vouchers, with the opening balances of the period.
    pub fn evaluate(
        &self,
        system: AccountingSystem,
        value_of: impl Fn(&str) -> Balance,
    ) -> Result<Vec<StatementLine>, FieldError> {
        let chart = system.template()?;
        self.evaluate_with(&chart, &value_of)
    }

    /// [`Layout::evaluate`] against any chart, with balances that may also give the detail
    /// accounts of two-way accounts.
    pub fn evaluate_with(
        &self,
        chart: &ChartTemplate,
        balances: &impl Balances,
    ) -> Result<Vec<StatementLine>, FieldError> {
        self.check(chart)?;
        let mut sides: HashMap<&str, Side> = HashMap::new();
        for a in &chart.accounts {
            sides.insert(a.code.as_str(), a.normal_side);
        }
        let eval = Evaluator {
            layout: self,
            index: self.line_index(),
            sides,
            balances,
        };
        let mut memo: Vec<Option<i64>> = vec![None; self.rows.len()];
        let mut busy = vec![false; self.rows.len()];
        let mut out = Vec::with_capacity(self.rows.len());
        for (i, r) in self.rows.iter().enumerate() {
            let amount = eval.row(i, &mut memo, &mut busy)?;
            out.push(StatementLine {
                line: r.line,
                caption: r.caption.clone(),
                section: r.section.as_str().to_string(),
                amount,
                heading: r.formula.is_none(),
            });
        }
        Ok(out)
    }
}

struct Evaluator<'a, B: Balances> {
    layout: &'a Layout,
    index: HashMap<u32, usize>,
    sides: HashMap<&'a str, Side>,
    balances: &'a B,
}

impl<B: Balances> Evaluator<'_, B> {
    fn row(
        &self,
        i: usize,
        memo: &mut [Option<i64>],
        busy: &mut [bool],
    ) -> Result<i64, FieldError> {
        if let Some(v) = memo[i] {
            return Ok(v);
        }
        let r = &self.layout.rows[i];
        if busy[i] {
            return Err(r.error("formula"));
        }
        busy[i] = true;
        let v = match &r.formula {
            None => 0,
            Some(f) => self.expr(r, f, memo, busy)?,
        };
        busy[i] = false;
        memo[i] = Some(v);
        Ok(v)
    }

    fn expr(
        &self,
        r: &LayoutRow,
        e: &Expr,
        memo: &mut [Option<i64>],
        busy: &mut [bool],
    ) -> Result<i64, FieldError> {
        // A figure that does not fit is `money.overflow` (naming the row's caption), never
        // a wrapped amount and never mistaken for a bad layout.
        let overflow = || {
            FieldError::new(crate::money::OVERFLOW, "formula").arg("caption", r.caption.as_str())
        };
        match e {
            Expr::Line(n) => {
                let i = *self.index.get(n).ok_or_else(|| r.error("formula"))?;
                self.row(i, memo, busy)
            }
            Expr::Neg(a) => self
                .expr(r, a, memo, busy)?
                .checked_neg()
                .ok_or_else(overflow),
            Expr::Add(a, b) => {
                let a = self.expr(r, a, memo, busy)?;
                let b = self.expr(r, b, memo, busy)?;
                a.checked_add(b).ok_or_else(overflow)
            }
            Expr::Sub(a, b) => {
                let a = self.expr(r, a, memo, busy)?;
                let b = self.expr(r, b, memo, busy)?;
                a.checked_sub(b).ok_or_else(overflow)
            }
            Expr::Account { func, code } => {
                let side = code
                    .get(..3)
                    .and_then(|c| self.sides.get(c))
                    .copied()
                    .ok_or_else(|| r.error("formula").arg("account", code.as_str()))?;
                self.account(side, r.section.basis(), *func, code)
                    .ok_or_else(overflow)
            }
        }
    }

    /// `None` on an overflow.
    fn account(&self, side: Side, basis: Basis, func: Func, code: &str) -> Option<i64> {
        let signed = |v: i64| match side {
            Side::Debit => Some(v),
            Side::Credit => v.checked_neg(),
        };
        let b = |bal: &Balance| match basis {
            Basis::Closing => bal.opening.checked_add(bal.debit)?.checked_sub(bal.credit),
            Basis::Movement => bal.debit.checked_sub(bal.credit),
        };
        match func {
            Func::Value => signed(b(&self.balances.balance(code))?),
            Func::Raw => b(&self.balances.balance(code)),
            Func::Dr | Func::Cr => {
                let mut sum: i64 = 0;
                for leaf in self.balances.leaves(code) {
                    let v = b(&leaf)?;
                    let part = if func == Func::Dr {
                        v
                    } else {
                        v.checked_neg()?
                    };
                    sum = sum.checked_add(part.max(0))?;
                }
                Some(sum)
            }
            Func::Open => signed(self.balances.balance(code).opening),
            Func::Debit => Some(self.balances.balance(code).debit),
            Func::Credit => Some(self.balances.balance(code).credit),
        }
    }
}

/// The column positions of `line`, `caption`, `formula`, `section` in a header row.
fn header(cells: &[String]) -> Option<[usize; 4]> {
    let find = |name: &str| {
        cells
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name))
    };
    Some([
        find("line")?,
        find("caption")?,
        find("formula")?,
        find("section")?,
    ])
}

/// Splits one CSV line into cells; `None` on an unterminated quote or text after a closing
/// quote.
fn split_csv(line: &str) -> Option<Vec<String>> {
    let mut cells = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        let mut cell = String::new();
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    '"' => break,
                    c => cell.push(c),
                }
            }
            while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
                chars.next();
            }
            match chars.next() {
                None => {
                    cells.push(cell);
                    return Some(cells);
                }
                Some(',') => cells.push(cell),
                Some(_) => return None,
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        cells.push(cell);
                        return Some(cells);
                    }
                    Some(',') => {
                        cells.push(cell);
                        break;
                    }
                    Some(c) => cell.push(c),
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Plus,
    Minus,
    Open,
    Close,
    Code(String),
    Line(u32),
    Name(String),
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let take = |i: &mut usize, pred: fn(char) -> bool| {
            let start = *i;
            while *i < chars.len() && pred(chars[*i]) {
                *i += 1;
            }
            chars[start..*i].iter().collect::<String>()
        };
        match c {
            ' ' | '\t' => i += 1,
            '+' => {
                out.push(Token::Plus);
                i += 1;
            }
            '-' => {
                out.push(Token::Minus);
                i += 1;
            }
            '(' => {
                out.push(Token::Open);
                i += 1;
            }
            ')' => {
                out.push(Token::Close);
                i += 1;
            }
            '0'..='9' => {
                let code = take(&mut i, |c| c.is_ascii_digit());
                if code.len() % 3 != 0 {
                    return None;
                }
                out.push(Token::Code(code));
            }
            'L' | 'l' if chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) => {
                i += 1;
                let digits = take(&mut i, |c| c.is_ascii_digit());
                if chars.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
                    return None;
                }
                let n: u32 = digits.parse().ok()?;
                if n == 0 {
                    return None;
                }
                out.push(Token::Line(n));
            }
            c if c.is_ascii_alphabetic() => {
                let name = take(&mut i, |c| c.is_ascii_alphabetic());
                out.push(Token::Name(name.to_ascii_lowercase()));
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Parses a formula; `None` when it is not well formed.
fn parse_formula(text: &str) -> Option<Expr> {
    let tokens = tokenize(text)?;
    let mut p = Parser { tokens, pos: 0 };
    let e = p.sum()?;
    (p.pos == p.tokens.len()).then_some(e)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn sum(&mut self) -> Option<Expr> {
        let mut acc = self.term()?;
        loop {
            match self.peek() {
                Some(Token::Plus) => {
                    self.pos += 1;
                    acc = Expr::Add(Box::new(acc), Box::new(self.term()?));
                }
                Some(Token::Minus) => {
                    self.pos += 1;
                    acc = Expr::Sub(Box::new(acc), Box::new(self.term()?));
                }
                _ => return Some(acc),
            }
        }
    }

    fn term(&mut self) -> Option<Expr> {
        match self.next()? {
            Token::Minus => Some(Expr::Neg(Box::new(self.term()?))),
            Token::Code(code) => Some(Expr::Account {
                func: Func::Value,
                code,
            }),
            Token::Line(n) => Some(Expr::Line(n)),
            Token::Open => {
                let e = self.sum()?;
                (self.next()? == Token::Close).then_some(e)
            }
            Token::Name(name) => {
                let func = Func::NAMED.into_iter().find(|f| f.name() == name)?;
                if self.next()? != Token::Open {
                    return None;
                }
                let Token::Code(code) = self.next()? else {
                    return None;
                };
                (self.next()? == Token::Close).then_some(Expr::Account { func, code })
            }
            Token::Plus | Token::Close => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Category;
    use std::collections::BTreeMap;

    fn layout(kind: StatementKind, system: AccountingSystem) -> Layout {
        Layout::shipped(kind, system).unwrap()
    }

    fn line(lines: &[StatementLine], n: u32) -> i64 {
        lines.iter().find(|l| l.line == Some(n)).unwrap().amount
    }

    /// Balances from debit-positive closings (as openings), the rest zero.
    fn closings<'a>(map: &'a BTreeMap<&'a str, i64>) -> impl Fn(&str) -> Balance + 'a {
        move |code: &str| Balance {
            opening: map.get(code).copied().unwrap_or(0),
            debit: 0,
            credit: 0,
        }
    }

    /// (assets total, liabilities + equity total)
    fn sides(lines: &[StatementLine]) -> (i64, i64) {
        (
            section_total(lines, Section::Asset).unwrap(),
            section_total(lines, Section::LiabilityEquity).unwrap(),
        )
    }

    /// A deterministic pseudo-random sequence (64-bit LCG, high bits).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
        /// In −range..=range.
        fn amount(&mut self, range: i64) -> i64 {
            (self.next() % (2 * range as u64 + 1)) as i64 - range
        }
    }

    #[test]
    fn shipped_layouts_parse_with_their_sections() {
        for system in AccountingSystem::ALL {
            let bs = layout(StatementKind::BalanceSheet, system);
            let is = layout(StatementKind::IncomeStatement, system);
            assert!(bs.rows.len() > 20 && is.rows.len() > 15, "{system:?}");
            assert!(
                bs.rows
                    .iter()
                    .all(|r| matches!(r.section, Section::Asset | Section::LiabilityEquity))
            );
            assert!(
                is.rows
                    .iter()
                    .all(|r| matches!(r.section, Section::Income | Section::Distribution))
            );
            for s in [Section::Asset, Section::LiabilityEquity] {
                assert!(bs.rows.iter().any(|r| r.section == s && r.line.is_some()));
            }
            for s in [Section::Income, Section::Distribution] {
                assert!(is.rows.iter().any(|r| r.section == s && r.line.is_some()));
            }
        }
        let bs = layout(StatementKind::BalanceSheet, AccountingSystem::Cs2004);
        let total = bs.rows.iter().find(|r| r.line == Some(80)).unwrap();
        assert_eq!(total.caption, "负债和所有者权益总计");
        assert_eq!(total.formula_text, "L60+L73");
    }

    #[test]
    fn every_account_in_the_layouts_is_in_its_chart() {
        for system in AccountingSystem::ALL {
            let chart = system.template().unwrap();
            for kind in StatementKind::ALL {
                let l = layout(kind, system);
                l.check(&chart).unwrap();
                for code in l.account_codes() {
                    assert!(chart.get(&code[..3]).is_some(), "{system:?} {code}");
                }
            }
        }
        // And the check bites: 2023's 241 专项应付款 is not in the 2004 chart.
        let l = layout(StatementKind::BalanceSheet, AccountingSystem::Cs2023);
        let err = l
            .check(&AccountingSystem::Cs2004.template().unwrap())
            .unwrap_err();
        assert_eq!(err.code, "ledger.layout_row_invalid");
    }

    #[test]
    fn every_balance_sheet_account_of_the_chart_is_read() {
        for system in AccountingSystem::ALL {
            let chart = system.template().unwrap();
            let bs = layout(StatementKind::BalanceSheet, system);
            let codes = bs.account_codes();
            // Profit-and-loss accounts too: 未分配收益 takes their net before the carry-over.
            for a in &chart.accounts {
                assert!(codes.contains(&a.code.as_str()), "{system:?} {}", a.code);
            }
        }
    }

    #[test]
    fn a_closed_year_balances_2004() {
        // Year-end 2004 books after carry-over: profit-and-loss accounts and 321 at zero.
        let tb: BTreeMap<&str, i64> = [
            ("101", 120_000),     // 现金
            ("102", 48_500_000),  // 银行存款
            ("112", 3_000_000),   // 应收款
            ("113", -200_000),    // 内部往来, net credit
            ("121", 800_000),     // 库存物资
            ("401", 150_000),     // 生产(劳务)成本
            ("132", 2_000_000),   // 林木资产
            ("141", 10_000_000),  // 长期投资
            ("151", 60_000_000),  // 固定资产
            ("152", -18_000_000), // 累计折旧 (credit)
            ("154", 5_000_000),   // 在建工程
            ("202", -4_000_000),  // 应付款
            ("211", -370_000),    // 应付工资
            ("231", -1_500_000),  // 一事一议资金
            ("301", -80_000_000), // 资本
            ("311", -12_000_000), // 公积公益金
            ("322", -13_500_000), // 收益分配: 未分配收益
        ]
        .into_iter()
        .collect();
        assert_eq!(tb.values().sum::<i64>(), 0);
        let lines = layout(StatementKind::BalanceSheet, AccountingSystem::Cs2004)
            .evaluate(AccountingSystem::Cs2004, closings(&tb))
            .unwrap();
        assert_eq!(line(&lines, 1), 48_620_000);
        assert_eq!(line(&lines, 5), 3_000_000); // 内部往来 is a credit: not a receivable
        assert_eq!(line(&lines, 8), 950_000);
        assert_eq!(line(&lines, 25), 18_000_000); // 减：累计折旧, shown positive
        assert_eq!(line(&lines, 26), 42_000_000);
        assert_eq!(line(&lines, 35), 47_000_000);
        assert_eq!(line(&lines, 42), 4_200_000); // 应付款 + 内部往来 credit
        assert_eq!(line(&lines, 63), 13_500_000); // 未分配收益
        // The net debit total is 111,370,000; 内部往来's credit moves 200,000 to the right side.
        assert_eq!(line(&lines, 40), 111_570_000);
        assert_eq!(line(&lines, 80), 111_570_000);
        assert_eq!(sides(&lines), (111_570_000, 111_570_000));
        assert!(lines.iter().any(|l| l.heading && l.caption == "流动资产："));
    }

    #[test]
    fn a_closed_year_balances_2023() {
        let tb: BTreeMap<&str, i64> = [
            ("101", 50_000),
            ("102", 30_000_000),
            ("112", 1_000_000),
            ("113", 400_000), // 内部往来, net debit
            ("121", 200_000),
            ("131", 300_000),     // 消耗性生物资产
            ("132", 4_000_000),   // 生产性生物资产
            ("133", -1_000_000),  // 生产性生物资产累计折旧
            ("151", 20_000_000),  // 固定资产
            ("152", -5_000_000),  // 累计折旧
            ("161", 2_000_000),   // 无形资产
            ("162", -500_000),    // 累计摊销
            ("201", -3_000_000),  // 短期借款
            ("211", -1_200_000),  // 应付款
            ("214", -150_000),    // 应交税费
            ("241", -2_000_000),  // 专项应付款
            ("301", -35_000_000), // 资本
            ("311", -6_000_000),  // 公积公益金
            ("322", -4_100_000),  // 收益分配
        ]
        .into_iter()
        .collect();
        assert_eq!(tb.values().sum::<i64>(), 0);
        let lines = layout(StatementKind::BalanceSheet, AccountingSystem::Cs2023)
            .evaluate(AccountingSystem::Cs2023, closings(&tb))
            .unwrap();
        assert_eq!(line(&lines, 3), 1_400_000);
        assert_eq!(line(&lines, 9), 1_000_000);
        assert_eq!(line(&lines, 10), 3_000_000);
        assert_eq!(line(&lines, 13), 15_000_000);
        assert_eq!(line(&lines, 18), 1_500_000);
        assert_eq!(line(&lines, 25), 1_200_000);
        assert_eq!(line(&lines, 37), 4_100_000);
        assert_eq!(line(&lines, 23), 51_450_000);
        assert_eq!(sides(&lines), (51_450_000, 51_450_000));
    }

    /// Each account's debit-positive closing `v` moves assets − (liabilities + equity) by
    /// exactly `v`: every account is counted once, on the right side, with the right sign.
    #[test]
    fn every_account_is_counted_exactly_once() {
        for system in AccountingSystem::ALL {
            let chart = system.template().unwrap();
            let bs = layout(StatementKind::BalanceSheet, system);
            for a in &chart.accounts {
                for v in [1, -1, 123_456, -987_654] {
                    let tb: BTreeMap<&str, i64> = [(a.code.as_str(), v)].into_iter().collect();
                    let lines = bs.evaluate(system, closings(&tb)).unwrap();
                    let (assets, le) = sides(&lines);
                    assert_eq!(assets - le, v, "{system:?} {} {v}", a.code);
                }
            }
        }
    }

    /// Balances with detail accounts under 内部往来 (113), split by side.
    struct WithDetails {
        first: BTreeMap<String, Balance>,
        details: BTreeMap<String, Vec<Balance>>,
    }

    impl Balances for WithDetails {
        fn balance(&self, code: &str) -> Balance {
            self.first.get(code).copied().unwrap_or_default()
        }
        fn leaves(&self, code: &str) -> Vec<Balance> {
            self.details
                .get(code)
                .cloned()
                .unwrap_or_else(|| vec![self.balance(code)])
        }
    }

    #[test]
    fn any_balanced_trial_balance_gives_a_balanced_sheet() {
        let mut rng = Rng(20_240_101);
        for system in AccountingSystem::ALL {
            let chart = system.template().unwrap();
            let bs = layout(StatementKind::BalanceSheet, system);
            for round in 0..400 {
                // Closings for every account, profit-and-loss too in odd rounds (a month end
                // before the year-end carry-over), summing to zero.
                let mut first: BTreeMap<String, Balance> = BTreeMap::new();
                // 内部往来 in several households' detail accounts of either sign.
                let parts: Vec<i64> = (0..1 + rng.next() % 5)
                    .map(|_| rng.amount(3_000_000))
                    .collect();
                let mut details = BTreeMap::new();
                details.insert(
                    "113".to_string(),
                    parts
                        .iter()
                        .map(|&p| Balance {
                            opening: p,
                            ..Balance::default()
                        })
                        .collect(),
                );
                first.insert(
                    "113".to_string(),
                    Balance {
                        opening: parts.iter().sum(),
                        ..Balance::default()
                    },
                );
                let mut total: i64 = parts.iter().sum();
                for a in &chart.accounts {
                    if a.code == "113" || round % 2 == 0 && a.category == Category::ProfitLoss {
                        continue;
                    }
                    if rng.next().is_multiple_of(3) {
                        continue;
                    }
                    let opening = rng.amount(50_000_000);
                    let debit = rng.amount(10_000_000).abs();
                    let credit = rng.amount(10_000_000).abs();
                    let b = Balance {
                        opening,
                        debit,
                        credit,
                    };
                    total += b.closing();
                    first.insert(a.code.clone(), b);
                }
                // 银行存款 takes the difference, so that the closings sum to zero.
                let plug = first.entry("102".to_string()).or_default();
                plug.credit += total;
                assert_eq!(first.values().map(|b| b.closing()).sum::<i64>(), 0);
                let balances = WithDetails { first, details };
                let lines = bs.evaluate_with(&chart, &balances).unwrap();
                let (assets, le) = sides(&lines);
                assert_eq!(assets, le, "{system:?} round {round}");
                // Receivables and payables carry the debit and credit households apart.
                let debit_parts: i64 = parts.iter().filter(|p| **p > 0).sum();
                let receivable = balances.balance("112").closing() + debit_parts;
                let line_no = if system == AccountingSystem::Cs2004 {
                    5
                } else {
                    3
                };
                assert_eq!(line(&lines, line_no), receivable);
            }
        }
    }

    /// Balances from (opening, debits, credits) per code.
    fn movements<'a>(map: &'a BTreeMap<&'a str, (i64, i64, i64)>) -> impl Fn(&str) -> Balance + 'a {
        move |code: &str| {
            let (opening, debit, credit) = map.get(code).copied().unwrap_or((0, 0, 0));
            Balance {
                opening,
                debit,
                credit,
            }
        }
    }

    #[test]
    fn income_statement_2004() {
        let year: BTreeMap<&str, (i64, i64, i64)> = [
            ("501", (0, 0, 30_000_000)),                 // 经营收入
            ("511", (0, 100_000, 20_000_000)),           // 发包及上交收入, one refund
            ("561", (0, 0, 5_000_000)),                  // 投资收益
            ("502", (0, 12_000_000, 0)),                 // 经营支出
            ("541", (0, 8_000_000, 500_000)),            // 管理费用
            ("522", (0, 0, 3_000_000)),                  // 补助收入
            ("531", (0, 0, 400_000)),                    // 其他收入
            ("551", (0, 1_300_000, 0)),                  // 其他支出
            ("322", (-7_000_000, 9_000_000, 1_000_000)), // 年初未分配, distributions, 公积金弥补
            ("322001001", (0, 4_000_000, 0)),            // 提取公积公益金
            ("322001004", (0, 3_000_000, 0)),            // 农户分配
        ]
        .into_iter()
        .collect();
        let lines = layout(StatementKind::IncomeStatement, AccountingSystem::Cs2004)
            .evaluate(AccountingSystem::Cs2004, movements(&year))
            .unwrap();
        assert_eq!(line(&lines, 2), 19_900_000);
        assert_eq!(line(&lines, 7), 7_500_000);
        // 经营收益 = 501 + 511 + 561 − 502 − 541, as the classification's net measure.
        assert_eq!(line(&lines, 10), 35_400_000);
        assert_eq!(line(&lines, 20), 37_500_000);
        assert_eq!(line(&lines, 22), 7_000_000);
        assert_eq!(line(&lines, 23), 1_000_000);
        assert_eq!(line(&lines, 26), 45_500_000);
        assert_eq!(line(&lines, 27), 4_000_000);
        assert_eq!(line(&lines, 30), 3_000_000);
        assert_eq!(line(&lines, 31), 2_000_000);
        // 年末未分配收益 = the credit balance of 收益分配 after carrying 本年收益 into it.
        assert_eq!(
            line(&lines, 35),
            7_000_000 + 37_500_000 + 1_000_000 - 9_000_000
        );
        assert_eq!(section_total(&lines, Section::Income), Some(37_500_000));
        assert_eq!(
            section_total(&lines, Section::Distribution),
            Some(36_500_000)
        );
    }

    #[test]
    fn income_statement_2023() {
        let year: BTreeMap<&str, (i64, i64, i64)> = [
            ("501", (0, 0, 40_000_000)),
            ("502", (0, 2_000_000, 0)), // 投资收益: a loss
            ("503", (0, 0, 6_000_000)),
            ("511", (0, 15_000_000, 0)),
            ("512", (0, 300_000, 0)),
            ("513", (0, 9_000_000, 0)),
            ("514", (0, 1_000_000, 0)),
            ("521", (0, 700_000, 0)),
            ("322", (-2_000_000, 5_000_000, 0)),
            ("322001002", (0, 5_000_000, 0)), // 向成员分配
        ]
        .into_iter()
        .collect();
        let lines = layout(StatementKind::IncomeStatement, AccountingSystem::Cs2023)
            .evaluate(AccountingSystem::Cs2023, movements(&year))
            .unwrap();
        assert_eq!(line(&lines, 5), -2_000_000);
        // 经营收益 = 501 + 502 − 511 − 512 − 513, as the classification's net measure.
        assert_eq!(line(&lines, 6), 13_700_000);
        assert_eq!(line(&lines, 11), 18_700_000);
        assert_eq!(line(&lines, 13), 18_000_000);
        assert_eq!(line(&lines, 16), 20_000_000);
        assert_eq!(line(&lines, 18), 5_000_000);
        assert_eq!(line(&lines, 19), 0);
        assert_eq!(line(&lines, 20), 15_000_000);
    }

    /// 本年收益 / 净收益 reads every profit-and-loss account once, income up and expense down;
    /// the operating result agrees with the classification's net measure.
    #[test]
    fn every_profit_and_loss_account_counts_once_in_the_income_statement() {
        use crate::ledger::Measure;
        for system in AccountingSystem::ALL {
            let chart = system.template().unwrap();
            let is = layout(StatementKind::IncomeStatement, system);
            let operating_line = if system == AccountingSystem::Cs2004 {
                10
            } else {
                6
            };
            for a in chart
                .accounts
                .iter()
                .filter(|a| a.category == Category::ProfitLoss)
            {
                for (d, c) in [(1, 0), (0, 1), (5_000, 70_000)] {
                    let year: BTreeMap<&str, (i64, i64, i64)> =
                        [(a.code.as_str(), (0, d, c))].into_iter().collect();
                    let lines = is.evaluate(system, movements(&year)).unwrap();
                    let profit = section_total(&lines, Section::Income).unwrap();
                    assert_eq!(profit, c - d, "{system:?} {}", a.code);
                    let net = Measure::Net.figure(system, |code| {
                        let (_, d, c) = year.get(code).copied().unwrap_or((0, 0, 0));
                        Ok(d - c)
                    });
                    assert_eq!(
                        Ok(line(&lines, operating_line)),
                        net,
                        "{system:?} {}",
                        a.code
                    );
                    // Without distributions, the year's result all remains undistributed.
                    let end = section_total(&lines, Section::Distribution).unwrap();
                    assert_eq!(end, profit, "{system:?} {}", a.code);
                }
            }
        }
    }

    #[test]
    fn forward_references_quotes_and_functions() {
        let text = "\u{feff}caption,line,formula,section,note\n\
                    # a comment\n\
                    \"合计, 全部\",1,L2+L3,asset,totals first\n\
                    现金,2,raw(101),asset,\n\
                    \"减：累计折旧\",3,-(152),asset,\n\
                    \n\
                    借方,4,debit(101) - credit(101),asset,\n\
                    右方,5,-raw(152)+open(301)+cr(113)-dr(113),liability_equity,\n";
        let l = Layout::parse(text).unwrap();
        assert_eq!(l.rows.len(), 5);
        assert_eq!(l.rows[0].caption, "合计, 全部");
        assert_eq!(l.rows[0].row, 3);
        let balances: BTreeMap<&str, Balance> = [
            (
                "101",
                Balance {
                    opening: 100,
                    debit: 50,
                    credit: 30,
                },
            ),
            (
                "152",
                Balance {
                    opening: -40,
                    debit: 0,
                    credit: 10,
                },
            ),
            (
                "301",
                Balance {
                    opening: -500,
                    debit: 0,
                    credit: 0,
                },
            ),
            (
                "113",
                Balance {
                    opening: -7,
                    debit: 0,
                    credit: 0,
                },
            ),
        ]
        .into_iter()
        .collect();
        let lines = l
            .evaluate(AccountingSystem::Cs2004, |c| {
                balances.get(c).copied().unwrap_or_default()
            })
            .unwrap();
        // raw(101) = 120; -(152) = -(50) = -50; so L1 = 70.
        assert_eq!(line(&lines, 2), 120);
        assert_eq!(line(&lines, 3), -50);
        assert_eq!(line(&lines, 1), 70);
        assert_eq!(line(&lines, 4), 20);
        assert_eq!(line(&lines, 5), 50 + 500 + 7);
        assert_eq!(l.account_codes(), vec!["101", "113", "152", "301"]);
    }

    #[test]
    fn bad_rows_are_named() {
        let head = "line,caption,formula,section\n";
        let cases: [(&str, &str, &str); 12] = [
            ("1,现金,101+,asset\n", "formula", "2"),
            ("1,现金,10+101,asset\n", "formula", "2"),
            ("1,现金,foo(101),asset\n", "formula", "2"),
            ("1,现金,101 102,asset\n", "formula", "2"),
            ("1,现金,L0,asset\n", "formula", "2"),
            ("1,现金,101,assets\n", "section", "2"),
            ("x,现金,101,asset\n", "line", "2"),
            ("1,,101,asset\n", "caption", "2"),
            ("1,现金,101,asset\n1,银行,102,asset\n", "line", "3"),
            ("1,现金,101,asset\n2,合计,L1+L9,asset\n", "formula", "3"),
            (
                "1,甲,L2,asset\n2,乙,L3,asset\n3,丙,L1,asset\n",
                "formula",
                "2",
            ),
            ("1,甲,\"101,asset\n", "caption", "2"),
        ];
        for (rows, field, row) in cases {
            let err = Layout::parse(&format!("{head}{rows}")).unwrap_err();
            assert_eq!(
                (err.code, err.field, err.args["row"].as_str()),
                ("ledger.layout_row_invalid", field, row),
                "{rows}"
            );
        }
        let err = Layout::parse("line,caption,section\n1,现金,asset\n").unwrap_err();
        assert_eq!((err.field, err.args["row"].as_str()), ("header", "1"));
        let err = Layout::parse("# only a comment\n").unwrap_err();
        assert_eq!(err.field, "header");
        // A self-reference is a cycle.
        let err = Layout::parse(&format!("{head}5,甲,L5+101,asset\n")).unwrap_err();
        assert_eq!(err.args["row"], "2");
        // An account outside the chart is refused when drawn.
        let l = Layout::parse(&format!("{head}1,甲,999001,asset\n")).unwrap();
        let err = l
            .evaluate(AccountingSystem::Cs2023, |_| Balance::default())
            .unwrap_err();
        assert_eq!(
            (
                err.code,
                err.args["row"].as_str(),
                err.args["account"].as_str()
            ),
            ("ledger.layout_row_invalid", "2", "999001")
        );
    }

    #[test]
    fn a_figure_that_does_not_fit_is_an_overflow() {
        let bs = layout(StatementKind::BalanceSheet, AccountingSystem::Cs2023);
        let e = bs
            .evaluate(AccountingSystem::Cs2023, |code: &str| Balance {
                opening: if code.starts_with('1') { i64::MAX } else { 0 },
                ..Balance::default()
            })
            .unwrap_err();
        assert_eq!((e.code, e.field), ("money.overflow", "formula"));
        assert!(!e.args["caption"].is_empty());
    }

    #[test]
    fn kinds_and_sections_round_trip() {
        for k in StatementKind::ALL {
            assert_eq!(StatementKind::parse(k.as_str()), Some(k));
        }
        for s in Section::ALL {
            assert_eq!(Section::parse(s.as_str()), Some(s));
        }
        assert!(
            shipped(StatementKind::BalanceSheet, AccountingSystem::Cs2023).contains("资产总计")
        );
    }
}
