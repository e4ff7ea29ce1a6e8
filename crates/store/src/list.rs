//! The one scoped, paged list. A [`List`] is a `SELECT … FROM …` with conditions added one by
//! one — the scope as a range on the region code (`code >= lo AND code < hi`, so it seeks an
//! index on both backends), then only the filters that are set — an `ORDER BY`, and a
//! [`Page`]. [`List::fetch`] runs the page (`LIMIT`/`OFFSET`) and the total count with the same
//! conditions and arguments, on either backend; the SQL text keeps `$N` placeholders.
//!
//! Rules for every paged list in the store:
//! - the first condition is the scope (or a narrower range inside it: [`List::within`]);
//! - an unset filter adds nothing (no `$n = '' OR …`), so each plan sees only real conditions;
//! - text searches strip `%` and `_` from what the user typed ([`List::contains`]);
//! - the order ends on a unique column, so pages never overlap.

use crate::{Db, Page, StoreError, on_pool};
use domain::identity::Scope;

/// One bound argument of a list query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Int(i64),
    Bool(bool),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<i64> for Arg {
    fn from(i: i64) -> Arg {
        Arg::Int(i)
    }
}

impl From<bool> for Arg {
    fn from(b: bool) -> Arg {
        Arg::Bool(b)
    }
}

/// A scoped list query: columns, tables, conditions with their arguments, and an order.
#[derive(Debug, Clone)]
pub struct List {
    columns: String,
    from: String,
    conditions: Vec<String>,
    args: Vec<Arg>,
    order: String,
}

/// Binds `$args` (a `&[Arg]`) to the query `$q`, in order.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Text(t) => q.bind(t.clone()),
                Arg::Int(i) => q.bind(*i),
                Arg::Bool(b) => q.bind(*b),
            };
        }
        q
    }};
}

impl List {
    /// `SELECT <columns> <from>`; `from` is the `FROM …` clause with its joins.
    pub fn new(columns: &str, from: &str) -> List {
        List {
            columns: columns.to_string(),
            from: from.to_string(),
            conditions: Vec::new(),
            args: Vec::new(),
            order: String::new(),
        }
    }

    /// Adds an argument and returns its placeholder (`$n`).
    pub fn arg(&mut self, value: impl Into<Arg>) -> String {
        self.args.push(value.into());
        format!("${}", self.args.len())
    }

    /// Adds a condition (placeholders from [`List::arg`]).
    pub fn and(&mut self, condition: impl Into<String>) -> &mut List {
        self.conditions.push(condition.into());
        self
    }

    /// `column >= lo AND column < hi`: a range of region codes (`Scope::range`,
    /// `domain::identity::prefix_range`).
    pub fn within(&mut self, column: &str, (lo, hi): (String, String)) -> &mut List {
        let lo = self.arg(lo);
        let hi = self.arg(hi);
        self.and(format!("{column} >= {lo} AND {column} < {hi}"))
    }

    /// The caller's scope on `column` (a region code): the first condition of every list.
    pub fn scoped(&mut self, column: &str, scope: &Scope) -> &mut List {
        self.within(column, scope.range())
    }

    /// Rows visible to the scope: in its subtree (the range) or held by a region above it
    /// (a district training seen in a village): `column IN (…)` of the ancestors' exact codes,
    /// a short list, so both parts seek the index on `column`.
    pub fn scoped_or_above(&mut self, column: &str, scope: &Scope) -> &mut List {
        let (lo, hi) = scope.range();
        let (lo, hi) = (self.arg(lo), self.arg(hi));
        let mut above = Vec::new();
        let mut next = scope.root().and_then(|r| r.expected_parent());
        while let Some(code) = next {
            next = code.expected_parent();
            above.push(self.arg(code.as_str()));
        }
        if above.is_empty() {
            self.and(format!("{column} >= {lo} AND {column} < {hi}"))
        } else {
            self.and(format!(
                "({column} >= {lo} AND {column} < {hi} OR {column} IN ({}))",
                above.join(", ")
            ))
        }
    }

    /// `column = value`, unless `value` is empty.
    pub fn eq(&mut self, column: &str, value: &str) -> &mut List {
        if !value.is_empty() {
            let v = self.arg(value);
            self.and(format!("{column} = {v}"));
        }
        self
    }

    /// `column <op> value` (`>=`, `<`, `<=` …), unless `value` is empty.
    pub fn cmp(&mut self, column: &str, op: &str, value: &str) -> &mut List {
        if !value.is_empty() {
            let v = self.arg(value);
            self.and(format!("{column} {op} {v}"));
        }
        self
    }

    /// Any of `columns` contains `text` (`LIKE '%text%'`, `%` and `_` removed), unless
    /// `text` is blank.
    pub fn contains(&mut self, columns: &[&str], text: &str) -> &mut List {
        let text = text.trim();
        if text.is_empty() {
            return self;
        }
        let pattern = self.arg(format!("%{}%", text.replace(['%', '_'], "")));
        let any: Vec<String> = columns
            .iter()
            .map(|c| format!("{c} LIKE {pattern}"))
            .collect();
        self.and(format!("({})", any.join(" OR ")))
    }

    /// `NOT column` unless archived rows are wanted too.
    pub fn unarchived(&mut self, column: &str, include_archived: bool) -> &mut List {
        if !include_archived {
            self.and(format!("NOT {column}"));
        }
        self
    }

    /// The `ORDER BY` clause's content; end it on a unique column.
    pub fn order_by(&mut self, order: &str) -> &mut List {
        self.order = order.to_string();
        self
    }

    fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// The page query and its arguments (for the query-plan test, and [`List::fetch`]).
    pub fn page_sql(&self, page: Page) -> (String, Vec<Arg>) {
        let mut args = self.args.clone();
        let n = args.len();
        args.push(Arg::Int(page.limit));
        args.push(Arg::Int(page.offset));
        let order = if self.order.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {}", self.order)
        };
        let sql = format!(
            "SELECT {} {}{}{} LIMIT ${} OFFSET ${}",
            self.columns,
            self.from,
            self.where_clause(),
            order,
            n + 1,
            n + 2
        );
        (sql, args)
    }

    /// The count query and its arguments.
    pub fn count_sql(&self) -> (String, Vec<Arg>) {
        (
            format!("SELECT COUNT(*) {}{}", self.from, self.where_clause()),
            self.args.clone(),
        )
    }

    /// One page of rows and the total count of rows matching. The count is not queried when
    /// the page itself shows it (a short page that is not past the end).
    pub async fn fetch<T>(&self, db: &Db, page: Page) -> Result<(Vec<T>, i64), StoreError>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        let (sql, args) = self.page_sql(page);
        let rows: Vec<T> = on_pool!(db, |pool| {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &args)
                .fetch_all(pool)
                .await?
        });
        let shown = rows.len() as i64;
        if shown < page.limit && (shown > 0 || page.offset == 0) {
            return Ok((rows, page.offset.saturating_add(shown)));
        }
        let (sql, args) = self.count_sql();
        let (total,): (i64,) = on_pool!(db, |pool| {
            bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), &args)
                .fetch_one(pool)
                .await?
        });
        Ok((rows, total))
    }
}
