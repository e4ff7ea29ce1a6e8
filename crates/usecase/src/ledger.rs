//! Voucher files in and out (the format is `domain::ledger::voucher_file`), run by the pages
//! and by `zhenxing import vouchers`. A file is imported all or nothing, even when its
//! vouchers span several organisations or years: as drafts prepared by the importing user
//! ([`Mode::Draft`]), or, by a district admin, as a migration of a previous system's posted
//! books ([`Mode::Migration`], audited with the file's name and SHA-256 digest). Opening
//! balances (期初余额) import the same way.

use crate::import::{self, Column, ImportError, Label, Reason};
use crate::tabular;
use domain::FieldError;
use domain::identity::{Actor, Scope};
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::voucher_file;
use std::collections::BTreeMap;
use store::Db;
use store::ledger::import::{ImportSummary, ImportVoucher, Mode, Source, import_in_tx};
use store::ledger::{books, vouchers};

/// The label of a voucher-file column: its Chinese header in Chinese.
fn voucher_label(key: &str) -> Label {
    match voucher_file::COLUMNS.iter().find(|(k, _)| *k == key) {
        Some((_, zh)) => Label::fixed(key, zh),
        None => Label::field(key),
    }
}

fn voucher_row(file: &str, row: usize, e: FieldError) -> ImportError {
    ImportError::row(file, row, voucher_label(e.field), Reason::Field(e))
}

/// The source of an import: the file's name and the SHA-256 (hex) of its bytes.
pub fn source_of(file_name: &str, bytes: &[u8]) -> Source {
    Source {
        file: file_name.to_string(),
        sha256: crate::credentials::sha256_of(bytes),
    }
}

/// Imports a voucher file; `Err` names file, row, column and reason.
/// [`Mode::Draft`] makes drafts prepared by `actor` (the file's preparer and reviewer columns
/// are not read); [`Mode::Migration`] is a district admin's only (`auth.forbidden` otherwise).
pub async fn import_vouchers(
    db: &Db,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
    default_org: Option<&str>,
    mode: Mode,
) -> Result<ImportSummary, ImportError> {
    let store_error = |e: store::StoreError| ImportError::store(file_name, e, voucher_label);
    if mode == Mode::Migration {
        store::ledger::import::check_migration(actor)
            .map_err(|d| ImportError::file(file_name, d.into()))?;
    }
    let source = source_of(file_name, bytes);
    let rows = tabular::read_blocking(file_name, bytes)
        .await
        .map_err(|e| ImportError::read(file_name, e))?;
    let orgs = books::list_orgs(db, &actor.scope)
        .await
        .map_err(store_error)?;
    let find_org = |wanted: &str| {
        orgs.iter()
            .find(|o| o.id == wanted || o.credit_code == wanted.to_uppercase())
    };
    // The organisation column is checked row by row before the rows are grouped into
    // vouchers: a file for an organisation not in reach names it, not whatever grouping
    // rows of another book into one voucher makes of them.
    let org_column = Column {
        key: "org",
        required: false,
        names: voucher_file::COLUMNS
            .iter()
            .filter(|(k, _)| *k == "org")
            .map(|(_, zh)| zh.to_string())
            .collect(),
    };
    if let Some(Some(org_column)) = rows
        .first()
        .and_then(|header| import::find_columns(header, &[org_column]).ok())
        .and_then(|found| found.first().copied())
    {
        for (i, row) in rows.iter().enumerate().skip(1) {
            let written = row.get(org_column).map(|c| c.trim()).unwrap_or("");
            if written.is_empty() || find_org(written).is_some() {
                continue;
            }
            let e = FieldError::new("ledger.org_unknown", "org").arg("value", written);
            return Err(voucher_row(file_name, i + 1, e));
        }
    }
    let parsed = voucher_file::parse(&rows).map_err(|e| voucher_row(file_name, e.row, e.error))?;
    // Group the vouchers by book, resolving organisation and year.
    let mut by_book: BTreeMap<String, Vec<ImportVoucher>> = BTreeMap::new();
    let mut book_ids: BTreeMap<(String, i32), String> = BTreeMap::new();
    for v in parsed {
        let wanted = if v.org.is_empty() {
            default_org.unwrap_or("")
        } else {
            v.org.as_str()
        };
        let Some(org) = find_org(wanted) else {
            let e = FieldError::new("ledger.org_unknown", "org").arg("value", wanted);
            return Err(voucher_row(file_name, v.row, e));
        };
        let year = v.voucher.period.year;
        let key = (org.id.clone(), year);
        if !book_ids.contains_key(&key) {
            let list = books::list_books(db, &actor.scope, &org.id)
                .await
                .map_err(store_error)?;
            let Some(book) = list.into_iter().find(|b| b.year == year) else {
                let e = FieldError::new("ledger.book_missing", "date")
                    .arg("value", year.to_string())
                    .arg("org", org.name.as_str());
                return Err(voucher_row(file_name, v.row, e));
            };
            book_ids.insert(key.clone(), book.id);
        }
        let book_id = book_ids.get(&key).cloned().unwrap_or_default();
        by_book.entry(book_id).or_default().push(ImportVoucher {
            row: v.row,
            number: v.number,
            voucher: v.voucher,
            preparer: v.preparer,
            reviewer: v.reviewer,
        });
    }
    let mut tx = db.begin_write().await.map_err(store_error)?;
    let mut total = ImportSummary::default();
    for (book_id, items) in &by_book {
        let s = import_in_tx(&mut tx, actor, book_id, items, mode, Some(&source))
            .await
            .map_err(store_error)?;
        total.vouchers += s.vouchers;
        total.lines += s.lines;
    }
    tx.commit().await.map_err(store_error)?;
    Ok(total)
}

/// The export of a book's posted vouchers in the voucher file format.
pub async fn export_rows(
    db: &Db,
    scope: &Scope,
    book_id: &str,
) -> Result<Vec<Vec<String>>, store::StoreError> {
    let Some((_, org)) = books::get_book(db, scope, book_id).await? else {
        return Err(domain::DomainError::NotFound.into());
    };
    let accounts = books::accounts(db, book_id).await?;
    let filter = vouchers::Filter {
        state: Some(domain::ledger::VoucherState::Posted),
        ..Default::default()
    };
    let (list, _) = vouchers::list(db, scope, book_id, &filter, store::Page::all()).await?;
    let mut rows = vec![voucher_file::header()];
    for record in list {
        let Some((record, lines)) = vouchers::get(db, scope, &record.id).await? else {
            continue;
        };
        let Some(date) = domain::time::parse_date(&record.date) else {
            continue;
        };
        let voucher = Voucher {
            date,
            period: domain::ledger::Period::of_date(date),
            summary: record.summary.clone(),
            attachments: record.attachments,
            lines: lines
                .iter()
                .map(|l| Line {
                    account_code: l.account_code.clone(),
                    debit: domain::Money(l.debit),
                    credit: domain::Money(l.credit),
                    summary: l.summary.clone(),
                })
                .collect(),
        };
        rows.extend(voucher_file::rows_of(
            &org.credit_code,
            record.number,
            &voucher,
            &record.preparer_name,
            record.reviewer_name.as_deref().unwrap_or(""),
            |code| {
                accounts
                    .iter()
                    .find(|a| a.code == code)
                    .map(|a| a.name.clone())
                    .unwrap_or_default()
            },
        ));
    }
    Ok(rows)
}

/// Columns of the opening-balance file: (key, Chinese header).
pub const OPENING_COLUMNS: [(&str, &str); 4] = [
    ("account_code", "科目代码"),
    ("account_name", "科目名称"),
    ("debit", "借方余额"),
    ("credit", "贷方余额"),
];

fn opening_label(key: &str) -> Label {
    match OPENING_COLUMNS.iter().find(|(k, _)| *k == key) {
        Some((_, zh)) => Label::fixed(key, zh),
        None => Label::field(key),
    }
}

/// Imports opening balances (期初余额) of a book from a file, all or nothing; the book's
/// openings must not be checked yet. Returns the number of accounts set.
pub async fn import_openings(
    db: &Db,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
    book_id: &str,
) -> Result<usize, ImportError> {
    let store_error = |e: store::StoreError| ImportError::store(file_name, e, opening_label);
    let row_error = |row: usize, e: FieldError| {
        ImportError::row(file_name, row, opening_label(e.field), Reason::Field(e))
    };
    let rows = tabular::read_blocking(file_name, bytes)
        .await
        .map_err(|e| ImportError::read(file_name, e))?;
    let columns: Vec<Column> = OPENING_COLUMNS
        .iter()
        .map(|(key, zh)| Column {
            key,
            required: *key != "account_name",
            names: vec![zh.to_string()],
        })
        .collect();
    let index = import::find_columns(&rows[0], &columns)
        .map_err(|key| row_error(1, FieldError::new("import.missing_column", key)))?;
    let accounts = books::accounts(db, book_id).await.map_err(store_error)?;
    let mut openings: Vec<(String, i64)> = Vec::new();
    for (n, cells) in import::cells_by_column(&rows, &index) {
        let cell = |c: usize| cells.get(c).cloned().unwrap_or_default();
        let code = cell(0);
        let (debit, credit) = (cell(2), cell(3));
        if code.is_empty() && debit.is_empty() && credit.is_empty() {
            continue;
        }
        let Some(account) = accounts.iter().find(|a| a.code == code) else {
            return Err(row_error(
                n,
                FieldError::new("ledger.account_unknown", "account_code")
                    .arg("value", code.as_str()),
            ));
        };
        if books::has_children(&accounts, &account.code) {
            return Err(row_error(
                n,
                FieldError::new("ledger.account_not_leaf", "account_code")
                    .arg("value", code.as_str()),
            ));
        }
        let amount = |text: &str, field: &'static str| -> Result<i64, ImportError> {
            if text.is_empty() {
                return Ok(0);
            }
            domain::Money::parse_yuan(text).map(|m| m.0).ok_or_else(|| {
                row_error(
                    n,
                    FieldError::new("ledger.amount_invalid", field)
                        .arg("value", text)
                        .arg("line", n.to_string()),
                )
            })
        };
        let value = amount(&debit, "debit")? - amount(&credit, "credit")?;
        if openings.iter().any(|(c, _)| *c == code) {
            return Err(row_error(
                n,
                FieldError::new("import.duplicate", "account_code")
                    .arg("value", code.as_str())
                    .arg("first", "?"),
            ));
        }
        openings.push((code, value));
    }
    store::ledger::books::set_openings(db, actor, book_id, &openings)
        .await
        .map_err(store_error)?;
    Ok(openings.len())
}
