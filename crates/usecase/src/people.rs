//! The people registry's files in: the roster of persons, the posts they hold (persons named
//! by ID number), talent-pool entries (persons named by ID number; 入库日期 empty: today,
//! 出库日期 empty: still in the pool) and a training's attendance, from .xlsx/.csv, all or nothing: the first bad
//! row refuses the whole file, naming file, row, column and reason, and nothing is written.
//! Run by the people pages (`/people/import`, a training's import form).

use crate::i18n::{I18n, Tr};
use crate::import::{self, Column, ImportError, Label, Reason};
use crate::tabular;
use domain::FieldError;
use domain::identity::Actor;
use domain::people::training::AttendanceInput;
use domain::people::{PersonInput, PostInput, TalentInput};
use std::sync::Arc;
use store::Db;

/// The person roster's columns: (key, required).
pub const PERSON_COLUMNS: [(&str, bool); 9] = [
    ("name", true),
    ("sex", false),
    ("birth_date", false),
    ("ethnicity", false),
    ("id_number", true),
    ("political_status", true),
    ("education", false),
    ("phone", false),
    ("region_code", true),
];

/// The posts file's columns: (key, required).
pub const POST_COLUMNS: [(&str, bool); 7] = [
    ("id_number", true),
    ("region_code", true),
    ("post", true),
    ("dispatching_unit", false),
    ("starts_on", true),
    ("ends_on", false),
    ("note", false),
];

/// The talent-pool file's columns: (key, required). The day in may be empty (today), the day
/// out too (still in the pool); the status is reserve.
pub const TALENT_COLUMNS: [(&str, bool); 8] = [
    ("id_number", true),
    ("pool", true),
    ("category", false),
    ("skills", false),
    ("tags", false),
    ("entered_on", false),
    ("left_on", false),
    ("note", false),
];

/// Other headers people write for a roster's column.
const ALIASES: [(&str, &str); 13] = [
    ("region_code", "区划代码"),
    ("region_code", "所属区划代码"),
    ("id_number", "身份证号码"),
    ("id_number", "公民身份号码"),
    ("phone", "手机号码"),
    ("phone", "联系电话"),
    ("starts_on", "任职时间"),
    ("dispatching_unit", "选派单位"),
    ("post", "职务名称"),
    ("entered_on", "入库时间"),
    ("left_on", "出库时间"),
    ("pool", "库别"),
    ("skills", "特长"),
];

/// The two roster files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roster {
    Persons,
    Posts,
    Talent,
}

impl Roster {
    /// The file kind as the page's path names it (`persons`, `posts`).
    pub fn parse(kind: &str) -> Option<Roster> {
        match kind {
            "persons" => Some(Roster::Persons),
            "posts" => Some(Roster::Posts),
            "talent" => Some(Roster::Talent),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Roster::Persons => "persons",
            Roster::Posts => "posts",
            Roster::Talent => "talent",
        }
    }

    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            Roster::Persons => &PERSON_COLUMNS,
            Roster::Posts => &POST_COLUMNS,
            Roster::Talent => &TALENT_COLUMNS,
        }
    }
}

/// A roster column's header in the user's language.
pub fn column_label(tr: &Tr, key: &str) -> String {
    tr.t(&format!("pp-col-{key}"))
}

/// The header of the person roster in the user's language (exports use it too).
pub fn person_header(tr: &Tr) -> Vec<String> {
    PERSON_COLUMNS
        .iter()
        .map(|(k, _)| column_label(tr, k))
        .collect()
}

/// The label of a roster column (a field not among them by its form label).
fn label_of(field: &str) -> Label {
    match field {
        "person_id" => Label::message("pp-col-id_number".to_string()),
        f if PERSON_COLUMNS
            .iter()
            .chain(POST_COLUMNS.iter())
            .chain(TALENT_COLUMNS.iter())
            .any(|(k, _)| *k == f) =>
        {
            Label::message(format!("pp-col-{f}"))
        }
        f => Label::field(f),
    }
}

/// The row error of a field error: the column is the column of the field in this file.
fn row_error(file: &str, row: usize, e: FieldError) -> ImportError {
    ImportError::row(file, row, label_of(e.field), Reason::Field(e))
}

/// Reads the file and maps each data row to its cells by column key (headers may be the
/// label in any language, the key, or "label (key)"). Blank rows are skipped.
async fn read_rows(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
    columns: &[(&'static str, bool)],
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    import::read_keyed(i18n, file, bytes, columns, "pp-col-", &ALIASES, label_of).await
}

/// The person roster's rows, validated one by one (the store checks them again and checks
/// the numbers already registered).
pub async fn parse_persons(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, PersonInput)>, ImportError> {
    let rows = read_rows(i18n, file, bytes, &PERSON_COLUMNS).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, c) in rows {
        let get = |i: usize| c.get(i).cloned().unwrap_or_default();
        let input = PersonInput {
            name: get(0),
            sex: get(1),
            birth_date: get(2),
            ethnicity: get(3),
            id_number: get(4),
            political_status: get(5),
            education: get(6),
            phone: get(7),
            region_code: get(8),
        };
        input.validate().map_err(|e| row_error(file, row, e))?;
        out.push((row, input));
    }
    Ok(out)
}

/// The posts file's rows (persons named by ID number).
pub async fn parse_posts(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, PostInput)>, ImportError> {
    let rows = read_rows(i18n, file, bytes, &POST_COLUMNS).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (row, c) in rows {
        let get = |i: usize| c.get(i).cloned().unwrap_or_default();
        let input = PostInput {
            person_id: String::new(),
            id_number: get(0),
            region_code: get(1),
            post: get(2),
            dispatching_unit: get(3),
            starts_on: get(4),
            ends_on: get(5),
            note: get(6),
        };
        input.validate().map_err(|e| row_error(file, row, e))?;
        out.push((row, input));
    }
    Ok(out)
}

/// The talent-pool file's rows: (row, ID number, entry). The store names the person and
/// validates each row in the transaction that writes them.
pub async fn parse_talent(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, String, TalentInput)>, ImportError> {
    let rows = read_rows(i18n, file, bytes, &TALENT_COLUMNS).await?;
    Ok(rows
        .into_iter()
        .map(|(row, c)| {
            let get = |i: usize| c.get(i).cloned().unwrap_or_default();
            let input = TalentInput {
                pool: get(1),
                category: get(2),
                skills: get(3),
                tags: get(4),
                entered_on: get(5),
                left_on: get(6),
                note: get(7),
                ..Default::default()
            };
            (row, get(0), input)
        })
        .collect())
}

/// Imports a roster file: the number of records written (persons created, posts recorded),
/// or the refusal naming file, row, column and reason.
pub async fn import_roster(
    db: &Db,
    actor: &Actor,
    i18n: &Arc<I18n>,
    roster: Roster,
    file: &str,
    bytes: &[u8],
) -> Result<usize, ImportError> {
    let stored = match roster {
        Roster::Persons => {
            let rows = parse_persons(i18n, file, bytes).await?;
            store::people::persons::import(db, actor, &rows)
                .await
                .map(|s| s.created)
        }
        Roster::Posts => {
            let rows = parse_posts(i18n, file, bytes).await?;
            store::people::posts::import(db, actor, &rows).await
        }
        Roster::Talent => {
            let rows = parse_talent(i18n, file, bytes).await?;
            store::people::talent::import(db, actor, &rows).await
        }
    };
    stored.map_err(|e| ImportError::store(file, e, label_of))
}

// ------------------------------------------------------------------ attendance

/// Columns of a training's attendance file, with the other words accepted as headers.
pub const ATTENDANCE_COLUMNS: [(&str, &[&str]); 3] = [
    ("id_number", &["身份证号", "身份证号码", "公民身份号码"]),
    ("attended", &["是否参加", "参加"]),
    ("hours", &["学时"]),
];

/// An attendance column's header in the user's language.
pub fn attendance_label(tr: &Tr, key: &str) -> String {
    tr.t(&format!("pt-col-{key}"))
}

/// The column of an attendance error's field (a person named by id is the ID number column).
fn attendance_column(field: &str) -> Label {
    match field {
        "person_id" | "id_number" => Label::message("pt-col-id_number".to_string()),
        "attended" | "hours" => Label::message(format!("pt-col-{field}")),
        other => Label::field(other),
    }
}

/// Reads an attendance file into rows (1-based file row numbers). A header is the column's
/// label or form label in any language, one of its Chinese words, or the key; only the ID
/// number column is required.
pub async fn parse_attendance(
    i18n: &Arc<I18n>,
    file: &str,
    bytes: &[u8],
) -> Result<Vec<(usize, AttendanceInput)>, ImportError> {
    let rows = tabular::read_blocking(file, bytes)
        .await
        .map_err(|e| ImportError::read(file, e))?;
    let columns: Vec<Column> = ATTENDANCE_COLUMNS
        .iter()
        .map(|(key, words)| {
            let mut names: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            names.extend(import::names(i18n, "pt-col-", key, &[]));
            names.extend(import::names(i18n, "field-", key, &[]));
            Column {
                key,
                required: *key == "id_number",
                names,
            }
        })
        .collect();
    let rows = import::read_columns(file, &rows, &columns, attendance_column)?;
    Ok(rows
        .into_iter()
        .map(|(row, cells)| {
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            (
                row,
                AttendanceInput {
                    person_id: String::new(),
                    id_number: cell(0),
                    attended: cell(1),
                    hours: cell(2),
                },
            )
        })
        .collect())
}

/// Imports a training's attendance file (the training checked in scope by the caller): the
/// number of rows recorded, or the refusal naming file, row, column and reason.
pub async fn import_attendance(
    db: &Db,
    actor: &Actor,
    i18n: &Arc<I18n>,
    training_id: &str,
    file: &str,
    bytes: &[u8],
) -> Result<usize, ImportError> {
    let rows = parse_attendance(i18n, file, bytes).await?;
    store::people::trainings::import_attendance(db, actor, training_id, &rows)
        .await
        .map_err(|e| ImportError::store(file, e, attendance_column))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::i18n::Locale;

    fn i18n() -> Arc<I18n> {
        Arc::new(I18n::load().unwrap())
    }

    #[test]
    fn attendance_columns_have_their_chinese_headers() {
        let keys: Vec<&str> = ATTENDANCE_COLUMNS.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["id_number", "attended", "hours"]);
        assert!(ATTENDANCE_COLUMNS[0].1.contains(&"身份证号"));
    }

    #[tokio::test]
    async fn a_roster_row_breaking_a_rule_is_named_by_row_and_column() {
        let i18n = i18n();
        let tr = Tr::new(i18n.clone(), Locale::ZhCn);
        let header = person_header(&tr).join(",");
        let csv =
            format!("{header}\n张三,男,1980-01-01,汉族,not-a-number,中共党员,,,340803100201\n");
        let e = parse_persons(&i18n, "r.csv", csv.as_bytes())
            .await
            .unwrap_err();
        let ImportError::Row { row, column, .. } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(*row, 2);
        assert_eq!(column.text(&tr), column_label(&tr, "id_number"));
        let text = e.describe(&tr);
        assert!(text.contains("r.csv") && text.contains(&column_label(&tr, "id_number")));
    }

    #[tokio::test]
    async fn an_attendance_file_without_the_id_number_column_is_refused_on_row_1() {
        let i18n = i18n();
        let tr = Tr::new(i18n.clone(), Locale::EnUs);
        let e = parse_attendance(&i18n, "a.csv", "学时,是否参加\n2,是\n".as_bytes())
            .await
            .unwrap_err();
        let ImportError::Row { row, column, .. } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(*row, 1);
        assert_eq!(column.text(&tr), attendance_label(&tr, "id_number"));
        let rows = parse_attendance(&i18n, "a.csv", "身份证号,学时\nx,2\n".as_bytes())
            .await
            .unwrap();
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.hours, "2");
    }
}
