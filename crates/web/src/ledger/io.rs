//! Voucher files in and out (the format is `domain::ledger::voucher_file`), shared by the
//! pages and `zhenxing import vouchers`. A file is imported all or nothing, even when its
//! vouchers span several organisations or years: as drafts prepared by the importing user
//! ([`Mode::Draft`]), or, by a district admin, as a migration of a previous system's posted
//! books ([`Mode::Migration`], audited with the file's name and SHA-256 digest).

use crate::i18n::Tr;
use crate::tabular;
use domain::FieldError;
use domain::identity::{Actor, Scope};
use domain::ledger::voucher::{Line, Voucher};
use domain::ledger::voucher_file;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use store::Db;
use store::ledger::import::{ImportSummary, ImportVoucher, Mode, Source, import_in_tx};
use store::ledger::{books, vouchers};

/// "文件 f 第 n 行“列”列：原因" in the user's language.
fn describe(tr: &Tr, file: &str, row: usize, error: &FieldError) -> String {
    let column = voucher_file::COLUMNS
        .iter()
        .find(|(k, _)| *k == error.field)
        .map(|(_, zh)| {
            if tr.tag() == "zh-CN" {
                zh.to_string()
            } else {
                tr.t(&format!("field-{}", error.field))
            }
        })
        .unwrap_or_else(|| tr.t(&format!("field-{}", error.field)));
    let args: BTreeMap<&'static str, String> = [
        ("file", file.to_string()),
        ("row", row.to_string()),
        ("column", column),
        ("reason", tr.field_error(error)),
    ]
    .into_iter()
    .collect();
    tr.with_args("import-row-error", &args)
}

/// The source of an import: the file's name and the SHA-256 (hex) of its bytes.
pub fn source_of(file_name: &str, bytes: &[u8]) -> Source {
    Source {
        file: file_name.to_string(),
        sha256: hex_digest(Sha256::digest(bytes).as_slice()),
    }
}

/// Lower-case hex of a digest.
pub fn hex_digest(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Imports a voucher file; `Err` is the translated message naming file, row, column and reason.
/// [`Mode::Draft`] makes drafts prepared by `actor` (the file's preparer and reviewer columns
/// are not read); [`Mode::Migration`] is a district admin's only (`auth.forbidden` otherwise).
pub async fn import_vouchers(
    db: &Db,
    actor: &Actor,
    tr: &Tr,
    file_name: &str,
    bytes: &[u8],
    default_org: Option<&str>,
    mode: Mode,
) -> Result<ImportSummary, String> {
    let whole = |reason: String| {
        let args: BTreeMap<&'static str, String> =
            [("file", file_name.to_string()), ("reason", reason)]
                .into_iter()
                .collect();
        tr.with_args("import-file-error", &args)
    };
    if mode == Mode::Migration {
        store::ledger::import::check_migration(actor).map_err(|d| whole(tr.t(d.code())))?;
    }
    let source = source_of(file_name, bytes);
    let rows = tabular::read_blocking(file_name, bytes)
        .await
        .map_err(|e| whole(e.message(tr)))?;
    let orgs = books::list_orgs(db, &actor.scope)
        .await
        .map_err(|e| whole(e.to_string()))?;
    let find_org = |wanted: &str| {
        orgs.iter()
            .find(|o| o.id == wanted || o.credit_code == wanted.to_uppercase())
    };
    // The organisation column is checked row by row before the rows are grouped into
    // vouchers: a file for an organisation not in reach names it, not whatever grouping
    // rows of another book into one voucher makes of them.
    if let Some(org_column) = rows.first().and_then(|header| {
        header.iter().position(|h| {
            voucher_file::COLUMNS
                .iter()
                .find(|(k, _)| *k == "org")
                .is_some_and(|(k, zh)| h.trim().eq_ignore_ascii_case(k) || h.trim() == *zh)
        })
    }) {
        for (i, row) in rows.iter().enumerate().skip(1) {
            let written = row.get(org_column).map(|c| c.trim()).unwrap_or("");
            if written.is_empty() || find_org(written).is_some() {
                continue;
            }
            let e = FieldError::new("ledger.org_unknown", "org").arg("value", written);
            return Err(describe(tr, file_name, i + 1, &e));
        }
    }
    let parsed =
        voucher_file::parse(&rows).map_err(|e| describe(tr, file_name, e.row, &e.error))?;
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
            return Err(describe(tr, file_name, v.row, &e));
        };
        let year = v.voucher.period.year;
        let key = (org.id.clone(), year);
        if !book_ids.contains_key(&key) {
            let list = books::list_books(db, &actor.scope, &org.id)
                .await
                .map_err(|e| whole(e.to_string()))?;
            let Some(book) = list.into_iter().find(|b| b.year == year) else {
                let e = FieldError::new("ledger.book_missing", "date")
                    .arg("value", year.to_string())
                    .arg("org", org.name.as_str());
                return Err(describe(tr, file_name, v.row, &e));
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
    let mut tx = db.begin_write().await.map_err(|e| whole(e.to_string()))?;
    let mut total = ImportSummary::default();
    for (book_id, items) in &by_book {
        match import_in_tx(&mut tx, actor, book_id, items, mode, Some(&source)).await {
            Ok(s) => {
                total.vouchers += s.vouchers;
                total.lines += s.lines;
            }
            Err(store::StoreError::Row { row, error }) => {
                return Err(describe(tr, file_name, row, &error));
            }
            Err(store::StoreError::Domain(domain::DomainError::Invalid(f))) => {
                return Err(whole(tr.field_error(&f)));
            }
            Err(store::StoreError::Domain(d)) => return Err(whole(tr.t(d.code()))),
            Err(e) => {
                tracing::error!("voucher import failed: {e}");
                return Err(whole(tr.t("common.internal")));
            }
        }
    }
    tx.commit().await.map_err(|e| whole(e.to_string()))?;
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

/// Imports opening balances (期初余额) of a book from a file, all or nothing; the book's
/// openings must not be checked yet. Returns the number of accounts set.
pub async fn import_openings(
    db: &Db,
    actor: &Actor,
    tr: &Tr,
    file_name: &str,
    bytes: &[u8],
    book_id: &str,
) -> Result<usize, String> {
    let whole = |reason: String| {
        let args: BTreeMap<&'static str, String> =
            [("file", file_name.to_string()), ("reason", reason)]
                .into_iter()
                .collect();
        tr.with_args("import-file-error", &args)
    };
    let rows = tabular::read_blocking(file_name, bytes)
        .await
        .map_err(|e| whole(e.message(tr)))?;
    let header = &rows[0];
    let index: Vec<Option<usize>> = OPENING_COLUMNS
        .iter()
        .map(|(key, zh)| {
            header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(key) || h.trim() == *zh)
        })
        .collect();
    for (i, (key, _)) in OPENING_COLUMNS.iter().enumerate() {
        if index[i].is_none() && *key != "account_name" {
            return Err(describe(
                tr,
                file_name,
                1,
                &FieldError::new("import.missing_column", key),
            ));
        }
    }
    let accounts = books::accounts(db, book_id)
        .await
        .map_err(|e| whole(e.to_string()))?;
    let mut openings: Vec<(String, i64)> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let n = i + 1;
        let cell = |c: usize| {
            index[c]
                .and_then(|x| row.get(x))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let code = cell(0);
        let (debit, credit) = (cell(2), cell(3));
        if code.is_empty() && debit.is_empty() && credit.is_empty() {
            continue;
        }
        let Some(account) = accounts.iter().find(|a| a.code == code) else {
            return Err(describe(
                tr,
                file_name,
                n,
                &FieldError::new("ledger.account_unknown", "account_code")
                    .arg("value", code.as_str()),
            ));
        };
        if books::has_children(&accounts, &account.code) {
            return Err(describe(
                tr,
                file_name,
                n,
                &FieldError::new("ledger.account_not_leaf", "account_code")
                    .arg("value", code.as_str()),
            ));
        }
        let amount = |text: &str, field: &'static str| -> Result<i64, String> {
            if text.is_empty() {
                return Ok(0);
            }
            domain::Money::parse_yuan(text).map(|m| m.0).ok_or_else(|| {
                describe(
                    tr,
                    file_name,
                    n,
                    &FieldError::new("ledger.amount_invalid", field)
                        .arg("value", text)
                        .arg("line", n.to_string()),
                )
            })
        };
        let value = amount(&debit, "debit")? - amount(&credit, "credit")?;
        if openings.iter().any(|(c, _)| *c == code) {
            return Err(describe(
                tr,
                file_name,
                n,
                &FieldError::new("import.duplicate", "account_code")
                    .arg("value", code.as_str())
                    .arg("first", "?"),
            ));
        }
        openings.push((code, value));
    }
    store::ledger::books::set_openings(db, actor, book_id, &openings)
        .await
        .map_err(|e| match e {
            store::StoreError::Domain(domain::DomainError::Invalid(f)) => whole(tr.field_error(&f)),
            store::StoreError::Domain(d) => whole(tr.t(d.code())),
            other => {
                tracing::error!("opening import failed: {other}");
                whole(tr.t("common.internal"))
            }
        })?;
    Ok(openings.len())
}
