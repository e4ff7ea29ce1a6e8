//! Harvest, sale and labour logs in from .xlsx/.csv, all or nothing, into one batch of a
//! project: the first bad row refuses the whole file, naming file, row, column and reason,
//! and nothing is written (the store writes every log and its draft voucher in one
//! transaction). Labour rows name the worker by 身份证号, looked up in the caller's scope; a
//! name, when given, must be the registry's. Run by the project's import page.

use crate::i18n::{I18n, Tr};
use crate::import::{self, ImportError, Label, Reason};
use domain::FieldError;
use domain::identity::Actor;
use domain::industry::LogInput;
use domain::region::RegionCode;
use std::sync::Arc;
use store::Db;
use store::industry::ProjectRecord;
use store::industry::production::{self, ImportRow};
use store::people::persons::{self, PersonRecord};

/// The harvest file's columns: (key, required).
pub const HARVEST_COLUMNS: [(&str, bool); 6] = [
    ("date", true),
    ("item", true),
    ("quantity", true),
    ("unit", true),
    ("grade", false),
    ("note", false),
];

/// The sale file's columns: (key, required). An empty amount is quantity × unit price.
pub const SALE_COLUMNS: [(&str, bool); 9] = [
    ("date", true),
    ("buyer", true),
    ("item", true),
    ("quantity", true),
    ("unit", true),
    ("unit_price", false),
    ("amount", false),
    ("debit_account", false),
    ("note", false),
];

/// The labour file's columns: (key, required). The worker is the 身份证号.
pub const LABOUR_COLUMNS: [(&str, bool); 6] = [
    ("date", true),
    ("id_number", true),
    ("name", false),
    ("days", true),
    ("wage", true),
    ("note", false),
];

/// Other headers people write for a column.
const ALIASES: [(&str, &str); 12] = [
    ("item", "产品名称"),
    ("item", "品名"),
    ("id_number", "身份证号码"),
    ("id_number", "公民身份号码"),
    ("unit", "单位"),
    ("buyer", "买方"),
    ("buyer", "客户"),
    ("days", "工日"),
    ("wage", "劳务费"),
    ("wage", "工资"),
    ("amount", "金额"),
    ("unit_price", "单价"),
];

/// The three log files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFile {
    Harvest,
    Sale,
    Labour,
}

impl LogFile {
    pub const ALL: [LogFile; 3] = [LogFile::Harvest, LogFile::Sale, LogFile::Labour];

    /// The kind as the page's path and the logs name it (`harvest`, `sale`, `labour`).
    pub fn parse(kind: &str) -> Option<LogFile> {
        LogFile::ALL.into_iter().find(|k| k.as_str() == kind)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LogFile::Harvest => "harvest",
            LogFile::Sale => "sale",
            LogFile::Labour => "labour",
        }
    }

    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            LogFile::Harvest => &HARVEST_COLUMNS,
            LogFile::Sale => &SALE_COLUMNS,
            LogFile::Labour => &LABOUR_COLUMNS,
        }
    }
}

/// A log column's header in the user's language.
pub fn column_label(tr: &Tr, key: &str) -> String {
    tr.t(&format!("iio-col-{key}"))
}

/// The label of a column of this file (a field not among them by its form label).
fn label_of(columns: &[(&str, bool)], field: &str) -> Label {
    match field {
        "person_id" | "id_number" => Label::message("iio-col-id_number".to_string()),
        f if columns.iter().any(|(k, _)| *k == f) => Label::message(format!("iio-col-{f}")),
        f => Label::field(f),
    }
}

/// Reads a file of `kind` into the rows the store takes (the store validates them). A
/// header may be the label in any language, with or without its note in brackets, an alias,
/// the key, or "label (key)"; blank rows are skipped; rows keep their 1-based row numbers.
pub async fn parse(
    i18n: &Arc<I18n>,
    kind: LogFile,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<ImportRow>, ImportError> {
    let columns = kind.columns();
    let rows = import::read_keyed(i18n, file, bytes, columns, "iio-col-", &ALIASES, |key| {
        label_of(columns, key)
    })
    .await?;
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let get = |key: &str| {
                columns
                    .iter()
                    .position(|(k, _)| *k == key)
                    .and_then(|i| cells.get(i))
                    .cloned()
                    .unwrap_or_default()
            };
            ImportRow {
                row,
                input: LogInput {
                    kind: kind.as_str().to_string(),
                    date: get("date"),
                    item: get("item"),
                    quantity: get("quantity"),
                    unit: get("unit"),
                    note: get("note"),
                    grade: get("grade"),
                    buyer: get("buyer"),
                    unit_price: get("unit_price"),
                    amount: get("amount"),
                    debit_account: get("debit_account"),
                    days: get("days"),
                    wage: get("wage"),
                    ..LogInput::default()
                },
                id_number: get("id_number"),
                name: get("name"),
            }
        })
        .collect())
}

/// A labour row without an ID number names its worker by name alone (as the template's
/// example row does): the one registered person of the project's village with that name.
/// Two with the same name need the ID number; none is left to the store, which asks for it.
pub fn workers_by_name(
    file: &str,
    people: &[PersonRecord],
    rows: &mut [ImportRow],
) -> Result<(), ImportError> {
    for r in rows.iter_mut() {
        let name = r.name.trim();
        if !r.id_number.trim().is_empty() || name.is_empty() {
            continue;
        }
        let mut named = people.iter().filter(|p| p.name == name);
        match (named.next(), named.next()) {
            (Some(person), None) => r.input.person_id = person.id.clone(),
            (Some(_), Some(_)) => {
                let e = FieldError::new("industry.worker_name_ambiguous", "id_number")
                    .arg("value", name);
                return Err(ImportError::row(
                    file,
                    r.row,
                    label_of(&LABOUR_COLUMNS, e.field),
                    Reason::Field(e),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The registered persons of the project's village in the caller's scope.
pub async fn people_of(
    db: &Db,
    actor: &Actor,
    project: &ProjectRecord,
) -> Result<Vec<PersonRecord>, store::StoreError> {
    let filter = persons::Filter {
        region: RegionCode::parse(&project.region_code).ok(),
        ..persons::Filter::default()
    };
    Ok(persons::list(db, &actor.scope, &filter, store::Page::all())
        .await?
        .0)
}

/// Imports a log file of `kind` into `batch_id`, a batch of `project` (both checked in
/// scope by the caller): the number of logs written, or the refusal naming file, row, column
/// and reason.
pub async fn import_logs(
    db: &Db,
    actor: &Actor,
    i18n: &Arc<I18n>,
    (project, batch_id): (&ProjectRecord, &str),
    kind: LogFile,
    file: &str,
    bytes: &[u8],
) -> Result<usize, ImportError> {
    let columns = kind.columns();
    let store_error = |e: store::StoreError| ImportError::store(file, e, |f| label_of(columns, f));
    let mut rows = parse(i18n, kind, file, bytes).await?;
    if kind == LogFile::Labour && rows.iter().any(|r| r.id_number.trim().is_empty()) {
        let people = people_of(db, actor, project).await.map_err(store_error)?;
        workers_by_name(file, &people, &mut rows)?;
    }
    production::import_logs(db, actor, batch_id, &rows)
        .await
        .map_err(store_error)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn kinds_read_back_from_their_names() {
        for k in LogFile::ALL {
            assert_eq!(LogFile::parse(k.as_str()), Some(k));
        }
        assert_eq!(LogFile::parse("other"), None);
    }

    #[tokio::test]
    async fn a_harvest_file_is_read_by_label_alias_or_key_and_a_missing_column_is_named() {
        let i18n = Arc::new(I18n::load().unwrap());
        let tr = Tr::new(i18n.clone(), Locale::ZhCn);
        let csv = "date,品名,quantity,单位\n2024-05-01,香菇,12.5,kg\n\n";
        let rows = parse(&i18n, LogFile::Harvest, "h.csv", csv.as_bytes())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].input.item, "香菇");
        assert_eq!(rows[0].input.kind, "harvest");
        let e = parse(
            &i18n,
            LogFile::Harvest,
            "h.csv",
            "date,item\n2024-05-01,x\n".as_bytes(),
        )
        .await
        .unwrap_err();
        let text = e.describe(&tr);
        assert!(text.contains(&column_label(&tr, "quantity")), "{text}");
    }
}
