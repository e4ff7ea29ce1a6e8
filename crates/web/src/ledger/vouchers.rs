//! Voucher pages: the list of a book with filters and export, the entry form (new and edit of
//! a draft), one voucher with review, posting and the red-ink reversal.

use super::{Labels, book_in_scope, voucher_error};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::format::{today, yuan, yuan_input};
use crate::base::page::{in_page, render_status};
use crate::base::params::filter_choice;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use crate::tabular;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use domain::FieldError;
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::{LineInput, Period, VoucherInput, VoucherState, voucher_file};
use serde::Deserialize;
use std::collections::HashMap;
use store::ledger::books::{self, has_children};
use store::ledger::vouchers::{self, Filter, HistoryEntry, Origin, Snapshot};
use store::ledger::{BookRecord, LineRecord, OrgRecord, VoucherRecord};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::LEDGER_BOOK_VOUCHERS, get(list))
        .route(
            crate::base::url::LEDGER_BOOK_VOUCHERS_EXPORT_XLSX,
            get(export),
        )
        .route(
            crate::base::url::LEDGER_BOOK_VOUCHERS_NEW,
            get(new_form).post(create),
        )
        .route(crate::base::url::LEDGER_VOUCHER, get(show))
        .route(
            crate::base::url::LEDGER_VOUCHER_EDIT,
            get(edit_form).post(update),
        )
        .route(crate::base::url::LEDGER_VOUCHER_REVIEW, post(review))
        .route(crate::base::url::LEDGER_VOUCHER_POST, post(post_voucher))
        .route(crate::base::url::LEDGER_VOUCHER_REVERSE, post(reverse))
}

/// Rows the entry form shows at least; "more rows" adds this many again.
const MIN_ROWS: usize = 6;
const MORE_ROWS: usize = 4;
/// A form with more rows than this is refused (no voucher has so many lines).
const MAX_ROWS: usize = 500;
const PAGE_SIZE: i64 = 50;

fn require_bookkeeper(auth: &Auth) -> Result<(), AppError> {
    if auth.role.keeps_books() {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

// ------------------------------------------------------------------ list and export

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> Result<Filter, FieldError> {
        let period = |text: &str| -> Result<Option<Period>, FieldError> {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                Period::parse(text).map(Some)
            }
        };
        let state = filter_choice(&self.state, "state", VoucherState::parse)?;
        Ok(Filter {
            from: period(&self.from)?,
            to: period(&self.to)?,
            state,
        })
    }

    /// The filter as a query string, for paging and export links.
    fn query_string(&self) -> String {
        format!(
            "from={}&to={}&state={}",
            crate::base::url::encode(&self.from),
            crate::base::url::encode(&self.to),
            crate::base::url::encode(&self.state)
        )
    }
}

#[derive(Template)]
#[template(path = "ledger/vouchers.html")]
struct ListPage {
    ctx: PageCtx,
    book: BookRecord,
    org: OrgRecord,
    q: ListQuery,
    states: [&'static str; 3],
    rows: Vec<VoucherRecord>,
    total: i64,
    page: i64,
    pages: i64,
    query: String,
    can_write: bool,
    error: Option<String>,
    /// Username → name of the people who prepared, reviewed or posted the listed vouchers.
    names: HashMap<String, String>,
}

impl ListPage {
    fn state(&self, state: &str) -> String {
        Labels::state(&self.ctx.tr, state)
    }
    /// A person by name (their username when the account is gone).
    fn name(&self, username: &str) -> String {
        self.names
            .get(username)
            .cloned()
            .unwrap_or_else(|| username.to_string())
    }
    fn kind(&self, v: &VoucherRecord) -> String {
        Labels::kind(&self.ctx.tr, &v.kind)
    }
    fn amount(&self, v: &VoucherRecord) -> String {
        yuan(v.total)
    }
}

async fn list(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total, error, status) = match q.filter() {
        Ok(filter) => {
            let (rows, total) = vouchers::list(
                &state.db,
                &auth.actor.scope,
                &book.id,
                &filter,
                store::Page::new(page, PAGE_SIZE),
            )
            .await?;
            (rows, total, None, StatusCode::OK)
        }
        Err(e) => {
            let e = AppError::from(e);
            (Vec::new(), 0, Some(e.message(&ctx.tr)), e.status)
        }
    };
    let people: Vec<&str> = rows
        .iter()
        .flat_map(|v| {
            [
                Some(v.preparer_name.as_str()),
                v.reviewer_name.as_deref(),
                v.poster_name.as_deref(),
            ]
        })
        .flatten()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let names = store::identity::display_names(&state.db, &people).await?;
    let list = ListPage {
        ctx: PageCtx::new(&ctx, "ledger"),
        names,
        query: q.query_string(),
        states: ["draft", "reviewed", "posted"],
        can_write: auth.role.keeps_books() && !book.closed,
        book,
        org,
        q,
        rows,
        total,
        page,
        pages: store::Page::count(total, PAGE_SIZE),
        error,
    };
    render_status(&list, status)
}

/// The vouchers as the voucher file (one row per line): the format `import vouchers` reads,
/// so the export imports back unchanged.
async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    let filter = q.filter()?;
    let scope = &auth.actor.scope;
    let (records, _) =
        vouchers::list(&state.db, scope, &book.id, &filter, store::Page::all()).await?;
    let names: HashMap<String, String> = books::accounts(&state.db, &book.id)
        .await?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let mut rows = Vec::new();
    for r in records {
        let Some((r, lines)) = vouchers::get(&state.db, scope, &r.id).await? else {
            continue;
        };
        let voucher = domain_voucher(&r, &lines)?;
        rows.extend(voucher_file::rows_of(
            &org.credit_code,
            r.number,
            &voucher,
            &r.preparer_name,
            r.reviewer_name.as_deref().unwrap_or(""),
            |code| names.get(code).cloned().unwrap_or_default(),
        ));
    }
    // Dates, amounts and counts typed (they import back as they were); codes stay text.
    use usecase::tabular::Kind::{Date, Number, Text, Yuan};
    let kinds = [Text, Date, Text, Text, Text, Text, Yuan, Yuan, Text, Number];
    let name = super::export_name(
        &state,
        &auth,
        (&org, &book),
        &ctx.tr.t("ledger-vouchers"),
        &[],
    )
    .await?;
    tabular::kinds_xlsx_response(
        &ctx.tr.t("ledger-vouchers"),
        &voucher_file::header(),
        &kinds,
        &rows,
        &name,
    )
}

fn domain_voucher(r: &VoucherRecord, lines: &[LineRecord]) -> Result<Voucher, AppError> {
    let date = domain::time::parse_date(&r.date)
        .ok_or_else(|| AppError::internal(format!("voucher {} has date {}", r.id, r.date)))?;
    Ok(Voucher {
        date,
        period: Period::of_date(date),
        summary: r.summary.clone(),
        attachments: r.attachments,
        lines: lines
            .iter()
            .map(|l| Line {
                account_code: l.account_code.clone(),
                debit: domain::Money(l.debit),
                credit: domain::Money(l.credit),
                summary: l.summary.clone(),
            })
            .collect(),
    })
}

// ------------------------------------------------------------------ the entry form

/// What the entry form holds, as text, so that a refused voucher shows again as entered.
#[derive(Debug, Clone, Default)]
struct EntryForm {
    date: String,
    summary: String,
    attachments: String,
    lines: Vec<LineInput>,
}

fn is_blank(l: &LineInput) -> bool {
    l.account_code.trim().is_empty() && l.debit.trim().is_empty() && l.credit.trim().is_empty()
}

impl EntryForm {
    /// Reads `date`, `summary`, `attachments` and `lines[N].account_code|debit|credit|summary`.
    fn from_map(map: &HashMap<String, String>) -> Result<EntryForm, FieldError> {
        let get = |k: &str| map.get(k).cloned().unwrap_or_default();
        let mut rows = 0;
        for key in map.keys() {
            let index = key
                .strip_prefix("lines[")
                .and_then(|rest| rest.split_once(']'))
                .and_then(|(n, _)| n.parse::<usize>().ok());
            if let Some(i) = index {
                rows = rows.max(i + 1);
            }
        }
        if rows > MAX_ROWS {
            return Err(FieldError::new("ledger.too_many_lines", "lines"));
        }
        let lines = (0..rows)
            .map(|i| LineInput {
                account_code: get(&format!("lines[{i}].account_code")),
                debit: get(&format!("lines[{i}].debit")),
                credit: get(&format!("lines[{i}].credit")),
                summary: get(&format!("lines[{i}].summary")),
            })
            .collect();
        Ok(EntryForm {
            date: get("date"),
            summary: get("summary"),
            attachments: get("attachments"),
            lines,
        })
    }

    fn from_voucher(v: &VoucherRecord, lines: &[LineRecord]) -> EntryForm {
        EntryForm {
            date: v.date.clone(),
            summary: v.summary.clone(),
            attachments: v.attachments.to_string(),
            lines: lines
                .iter()
                .map(|l| LineInput {
                    account_code: l.account_code.clone(),
                    debit: yuan_input(l.debit),
                    credit: yuan_input(l.credit),
                    summary: l.summary.clone(),
                })
                .collect(),
        }
    }

    /// The voucher as entered, each line's account box read as a code (see [`account_code_of`]).
    fn input(&self, accounts: &[(String, String)]) -> VoucherInput {
        VoucherInput {
            date: self.date.clone(),
            summary: self.summary.clone(),
            attachments: self.attachments.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| LineInput {
                    account_code: account_code_of(&l.account_code, accounts),
                    ..l.clone()
                })
                .collect(),
        }
    }

    /// Trailing blank rows dropped, then blank rows up to the minimum plus `extra`.
    fn padded(mut self, extra: usize) -> EntryForm {
        while self
            .lines
            .last()
            .is_some_and(|l| is_blank(l) && l.summary.trim().is_empty())
        {
            self.lines.pop();
        }
        let want = self.lines.len().max(MIN_ROWS) + extra;
        self.lines.resize_with(want, LineInput::default);
        self
    }

    /// The form row (1-based) of the `n`-th line the store saw: blank rows were skipped.
    fn row_of(&self, n: usize) -> usize {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !is_blank(l))
            .nth(n.saturating_sub(1))
            .map(|(i, _)| i + 1)
            .unwrap_or(n)
    }
}

#[derive(Template)]
#[template(path = "ledger/voucher_form.html")]
struct EntryPage {
    ctx: PageCtx,
    book: BookRecord,
    org: OrgRecord,
    /// The draft being changed, or none for a new voucher.
    editing: Option<VoucherRecord>,
    form: EntryForm,
    /// Active leaf accounts: (code, "code name").
    accounts: Vec<(String, String)>,
    error: Option<String>,
}

impl EntryPage {
    fn action(&self) -> String {
        match &self.editing {
            Some(v) => crate::base::url::ledger_voucher_edit(&v.id),
            None => crate::base::url::ledger_book_vouchers_new(&self.book.id),
        }
    }
    /// Whether the account box holds something that reads as a postable account.
    fn known(&self, typed: &str) -> bool {
        let code = account_code_of(typed, &self.accounts);
        self.accounts.iter().any(|(c, _)| *c == code)
    }
}

/// What a person typed in a line's account box, as an account code: the code (`101`), the
/// code and name as the picker lists them (`101 库存现金`), or an account's exact name
/// (`库存现金`) when one postable account has it. Anything else stays as typed, and the
/// store names it as an unknown account.
fn account_code_of(typed: &str, accounts: &[(String, String)]) -> String {
    let typed = typed.trim();
    let first = typed.split_whitespace().next().unwrap_or("");
    if accounts.iter().any(|(code, _)| code == first) {
        return first.to_string();
    }
    let mut named = accounts
        .iter()
        .filter(|(code, label)| label.strip_prefix(code.as_str()).map(str::trim) == Some(typed));
    match (named.next(), named.next()) {
        (Some((code, _)), None) => code.clone(),
        _ => typed.to_string(),
    }
}

/// The book's postable accounts (active leaves) as (code, "code name").
async fn postable_accounts(
    state: &AppState,
    book_id: &str,
) -> Result<Vec<(String, String)>, AppError> {
    let all = books::accounts(&state.db, book_id).await?;
    Ok(all
        .iter()
        .filter(|a| a.active && !has_children(&all, &a.code))
        .map(|a| (a.code.clone(), format!("{} {}", a.code, a.name)))
        .collect())
}

/// Where the entry form saves to: a book, and the draft when one is being changed.
struct Target {
    book: BookRecord,
    org: OrgRecord,
    editing: Option<VoucherRecord>,
}

async fn entry_page(
    state: &AppState,
    ctx: &RequestCtx,
    target: Target,
    form: EntryForm,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let Target { book, org, editing } = target;
    let accounts = postable_accounts(state, &book.id).await?;
    let page = EntryPage {
        ctx: PageCtx::new(ctx, "ledger"),
        book,
        org,
        editing,
        form,
        accounts,
        error,
    };
    render_status(&page, status)
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    require_bookkeeper(&auth)?;
    let t = today();
    let form = EntryForm {
        date: if Period::of_date(t).year == book.year {
            t.to_string()
        } else {
            String::new()
        },
        attachments: "0".into(),
        ..Default::default()
    }
    .padded(0);
    let target = Target {
        book,
        org,
        editing: None,
    };
    entry_page(&state, &ctx, target, form, None, StatusCode::OK).await
}

/// Validates and stores the form (new draft or changed draft), or shows it again with the
/// reason, naming the form row when a line is at fault.
async fn save(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    target: Target,
    map: HashMap<String, String>,
) -> Result<Response, AppError> {
    let form = EntryForm::from_map(&map)?;
    if map.contains_key("more") {
        let form = form.padded(MORE_ROWS);
        return entry_page(state, ctx, target, form, None, StatusCode::OK).await;
    }
    let accounts = postable_accounts(state, &target.book.id).await?;
    let voucher = match form.input(&accounts).validate() {
        Ok(v) => v,
        Err(e) => {
            // The domain numbers lines as the form's rows.
            let e = AppError::from(e);
            let message = voucher_error(&ctx.tr, &e, |n| n);
            let form = form.padded(0);
            return entry_page(state, ctx, target, form, Some(message), e.status).await;
        }
    };
    let result = match &target.editing {
        Some(v) => vouchers::update_draft(&state.db, &auth.actor, &v.id, &voucher).await,
        None => vouchers::create_draft(&state.db, &auth.actor, &target.book.id, &voucher).await,
    };
    match result {
        Ok(v) => Ok(Redirect::to(&crate::base::url::ledger_voucher(&v.id)).into_response()),
        Err(e) => {
            let e = in_page(e.into())?;
            // The store numbers the lines it was given: blank rows were left out.
            let message = voucher_error(&ctx.tr, &e, |n| form.row_of(n));
            let form = form.padded(0);
            entry_page(state, ctx, target, form, Some(message), e.status).await
        }
    }
}

async fn create(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (book, org) = book_in_scope(&state, &auth, &id).await?;
    require_bookkeeper(&auth)?;
    let target = Target {
        book,
        org,
        editing: None,
    };
    save(&state, &auth, &ctx, target, map).await
}

/// A draft voucher in scope with its book and organisation; 409 when it is no longer a draft.
async fn draft_in_scope(
    state: &AppState,
    auth: &Auth,
    id: &str,
) -> Result<(VoucherRecord, Vec<LineRecord>, BookRecord, OrgRecord), AppError> {
    let (v, lines) = vouchers::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (book, org) = book_in_scope(state, auth, &v.book_id).await?;
    require_bookkeeper(auth)?;
    match v.origin() {
        Origin::Entered => {}
        Origin::Generated => {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                "ledger.voucher_generated",
            ));
        }
        Origin::Migrated => {
            return Err(AppError::new(
                StatusCode::CONFLICT,
                "ledger.voucher_migrated",
            ));
        }
    }
    if v.state() != VoucherState::Draft {
        return Err(AppError::new(StatusCode::CONFLICT, "ledger.not_draft"));
    }
    Ok((v, lines, book, org))
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (v, lines, book, org) = draft_in_scope(&state, &auth, &id).await?;
    let form = EntryForm::from_voucher(&v, &lines).padded(0);
    let target = Target {
        book,
        org,
        editing: Some(v),
    };
    entry_page(&state, &ctx, target, form, None, StatusCode::OK).await
}

async fn update(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(map): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (v, _, book, org) = draft_in_scope(&state, &auth, &id).await?;
    let target = Target {
        book,
        org,
        editing: Some(v),
    };
    save(&state, &auth, &ctx, target, map).await
}

// ------------------------------------------------------------------ one voucher

pub struct LineRow {
    pub l: LineRecord,
    pub account_name: String,
}

/// One line of a voucher's history as the page shows it: China time, the person by name,
/// the action in words, and for an edit the content before and after in yuan.
pub struct HistoryRow {
    pub at: String,
    pub who: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// "2024-03-10 · 测试 · 金额 3,000.00 元 · 制单人 kuaiji · 101 借 3,000.00；501 贷 3,000.00".
fn describe(tr: &crate::i18n::Tr, s: &Snapshot, names: &HashMap<String, String>) -> String {
    let mut parts = vec![s.date.clone(), s.summary.clone()];
    parts.push(tr.t1("ledger-history-total", "amount", &yuan(s.total)));
    if !s.preparer_name.is_empty() {
        let name = names.get(&s.preparer_name).unwrap_or(&s.preparer_name);
        parts.push(tr.t1("ledger-history-preparer", "name", name));
    }
    let lines: Vec<String> = s
        .lines
        .iter()
        .map(|(code, debit, credit)| {
            if *debit != 0 {
                format!("{code} {} {}", tr.t("ledger-side-debit"), yuan(*debit))
            } else {
                format!("{code} {} {}", tr.t("ledger-side-credit"), yuan(*credit))
            }
        })
        .collect();
    if !lines.is_empty() {
        parts.push(lines.join("；"));
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

/// `names`: display names by username, for the preparers the snapshots record.
fn history_rows(
    tr: &crate::i18n::Tr,
    entries: Vec<HistoryEntry>,
    names: &HashMap<String, String>,
) -> Vec<HistoryRow> {
    entries
        .into_iter()
        .map(|h| {
            let edit = h.action == "update";
            HistoryRow {
                at: crate::base::format::china_time(&h.at),
                who: match h.actor_display {
                    Some(name) if !name.is_empty() => name,
                    _ => h.actor_name,
                },
                action: tr.t(&format!("audit-action-{}", h.action)),
                // Only an edit's "before" says something the next line does not.
                before: h.before.filter(|_| edit).map(|s| describe(tr, &s, names)),
                after: h.after.map(|s| describe(tr, &s, names)),
            }
        })
        .collect()
}

/// A voucher linked to this one: (id, "2024-03 记-0001").
pub struct Link {
    pub id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "ledger/voucher.html")]
struct VoucherPage {
    ctx: PageCtx,
    v: VoucherRecord,
    book: BookRecord,
    org: OrgRecord,
    lines: Vec<LineRow>,
    debit_total: String,
    credit_total: String,
    can_write: bool,
    is_preparer: bool,
    reverses: Option<Link>,
    reversed_by: Option<Link>,
    reverse_date: String,
    history: Vec<HistoryRow>,
    /// Preparer, reviewer and poster by display name ("—" when none).
    preparer: String,
    reviewer: String,
    poster: String,
    /// The total in capitals (大写金额), for the printed voucher.
    capitals: String,
    error: Option<String>,
}

impl VoucherPage {
    fn origin(&self) -> String {
        self.ctx
            .tr
            .t(&format!("ledger-origin-{}", self.v.origin().as_str()))
    }
    /// A name for the signature block: a blank line where there is none yet.
    fn signed<'a>(&self, name: &'a str) -> &'a str {
        if name == "—" { "" } else { name }
    }
    fn is_migrated(&self) -> bool {
        self.v.origin() == Origin::Migrated
    }
    /// Only a voucher entered in the ledger is edited there.
    fn editable(&self) -> bool {
        self.v.origin() == Origin::Entered
    }
    fn state(&self) -> String {
        Labels::state(&self.ctx.tr, &self.v.state)
    }
    fn kind(&self) -> String {
        Labels::kind(&self.ctx.tr, &self.v.kind)
    }
    fn amount(&self, fen: &i64) -> String {
        crate::base::format::yuan_or_blank(*fen)
    }
    fn title(&self) -> String {
        self.ctx.tr.t1(
            "ledger-voucher-title",
            "number",
            &format!("{} {}", self.v.period, self.v.label()),
        )
    }
    fn is_draft(&self) -> bool {
        self.v.state == "draft"
    }
    fn is_reviewed(&self) -> bool {
        self.v.state == "reviewed"
    }
    fn can_reverse(&self) -> bool {
        self.can_write
            && self.v.state == "posted"
            && self.v.reversed_by_id.is_none()
            && self.v.kind != "reversal"
            && !self.book.closed
    }
}

async fn link(state: &AppState, auth: &Auth, id: Option<&str>) -> Result<Option<Link>, AppError> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(vouchers::get(&state.db, &auth.actor.scope, id)
        .await?
        .map(|(v, _)| Link {
            label: format!("{} {}", v.period, v.label()),
            id: v.id,
        }))
}

async fn voucher_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    error: Option<(String, StatusCode)>,
) -> Result<Response, AppError> {
    let (v, lines) = vouchers::get(&state.db, &auth.actor.scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (book, org) = book_in_scope(state, auth, &v.book_id).await?;
    let names: HashMap<String, String> = books::accounts(&state.db, &book.id)
        .await?
        .into_iter()
        .map(|a| (a.code, a.name))
        .collect();
    let debit = domain::Money::sum(lines.iter().map(|l| domain::Money(l.debit)))?.fen();
    let credit = domain::Money::sum(lines.iter().map(|l| domain::Money(l.credit)))?.fen();
    let t = today();
    let reverse_date = if Period::of_date(t).year == book.year {
        t.to_string()
    } else {
        v.date.clone()
    };
    let (error, status) = match error {
        Some((m, s)) => (Some(m), s),
        None => (None, StatusCode::OK),
    };
    let history = vouchers::history(&state.db, &auth.actor.scope, id)
        .await?
        .unwrap_or_default();
    let people: Vec<&str> = [
        Some(v.preparer_name.as_str()),
        v.reviewer_name.as_deref(),
        v.poster_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(
        history
            .iter()
            .flat_map(|h| [&h.before, &h.after])
            .flatten()
            .map(|s| s.preparer_name.as_str()),
    )
    .collect();
    let display = store::identity::display_names(&state.db, &people).await?;
    let by_name = |username: Option<&str>| match username {
        Some(u) => display.get(u).cloned().unwrap_or_else(|| u.to_string()),
        None => "—".to_string(),
    };
    let (preparer, reviewer, poster) = (
        by_name(Some(&v.preparer_name)),
        by_name(v.reviewer_name.as_deref()),
        by_name(v.poster_name.as_deref()),
    );
    let page = VoucherPage {
        preparer,
        reviewer,
        poster,
        capitals: domain::Money(debit).in_capitals(),
        history: history_rows(&ctx.tr, history, &display),
        ctx: PageCtx::new(ctx, "ledger"),
        lines: lines
            .into_iter()
            .map(|l| LineRow {
                account_name: names.get(&l.account_code).cloned().unwrap_or_default(),
                l,
            })
            .collect(),
        debit_total: yuan(debit),
        credit_total: yuan(credit),
        can_write: auth.role.keeps_books(),
        is_preparer: v.preparer_name == auth.user.username,
        reverses: link(state, auth, v.reverses_id.as_deref()).await?,
        reversed_by: link(state, auth, v.reversed_by_id.as_deref()).await?,
        reverse_date,
        v,
        book,
        org,
        error,
    };
    render_status(&page, status)
}

async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    voucher_page(&state, &auth, &ctx, &id, None).await
}

/// After an action: to the resulting voucher, or back to this one with the reason.
async fn after(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    result: Result<VoucherRecord, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(v) => Ok(Redirect::to(&crate::base::url::ledger_voucher(&v.id)).into_response()),
        Err(e) => {
            let e = in_page(e)?;
            // Lines are numbered as stored, which is how the page lists them.
            let message = voucher_error(&ctx.tr, &e, |n| n);
            voucher_page(state, auth, ctx, id, Some((message, e.status))).await
        }
    }
}

async fn review(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let result = vouchers::review(&state.db, &auth.actor, &id)
        .await
        .map_err(AppError::from);
    after(&state, &auth, &ctx, &id, result).await
}

async fn post_voucher(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let result = vouchers::post(&state.db, &auth.actor, &id)
        .await
        .map_err(AppError::from);
    after(&state, &auth, &ctx, &id, result).await
}

#[derive(Deserialize, Default)]
struct ReverseForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    summary: String,
}

async fn reverse(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ReverseForm>,
) -> Result<Response, AppError> {
    let result = async {
        let date = domain::time::parse_date(&form.date).ok_or_else(|| {
            FieldError::new("common.date_invalid", "date").arg("value", form.date.trim())
        })?;
        let summary = Some(form.summary.trim().to_string()).filter(|s| !s.is_empty());
        Ok::<_, AppError>(vouchers::reverse(&state.db, &auth.actor, &id, date, summary).await?)
    }
    .await;
    after(&state, &auth, &ctx, &id, result).await
}
