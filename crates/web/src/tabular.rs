//! Spreadsheets in and out: every list exports to .xlsx; rosters import from .xlsx or .csv.
//! Cells are read as text so that validation, not the spreadsheet program, decides.

use crate::error::AppError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use calamine::{Data, Reader};
use rust_xlsxwriter::{Format as CellFormat, Workbook};

/// Why a file could not be read at all (before any row is looked at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not .xlsx, .xls or .csv.
    UnsupportedType,
    /// The file is damaged or not what its name says.
    Unreadable(String),
    Empty,
    /// A cell holds a control character (C0 but tab, CR, LF; DEL; C1):
    /// its spreadsheet row (1-based, the header is row 1) and its column's header.
    ControlChar {
        row: usize,
        column: String,
    },
}

impl ReadError {
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::UnsupportedType => "import.unsupported_type",
            ReadError::Unreadable(_) => "import.unreadable",
            ReadError::Empty => "import.empty",
            ReadError::ControlChar { .. } => "import.control_char",
        }
    }

    /// The message in the user's language, naming the row and column where there is one.
    pub fn message(&self, tr: &crate::i18n::Tr) -> String {
        match self {
            ReadError::ControlChar { row, column } => {
                let mut args = std::collections::BTreeMap::new();
                args.insert("row", row.to_string());
                args.insert("column", column.clone());
                tr.with_args("import.control_char_at", &args)
            }
            other => tr.t(other.code()),
        }
    }
}

/// The first cell holding a refused control character, as a `ReadError::ControlChar`.
fn control_char_cell(rows: &[Vec<String>]) -> Option<ReadError> {
    rows.iter().enumerate().find_map(|(r, row)| {
        let c = row
            .iter()
            .position(|cell| crate::security::has_refused_control(cell))?;
        let header = rows
            .first()
            .and_then(|h| h.get(c))
            .filter(|h| r > 0 && !h.is_empty() && !crate::security::has_refused_control(h))
            .cloned();
        Some(ReadError::ControlChar {
            row: r + 1,
            column: header.unwrap_or_else(|| column_letters(c)),
        })
    })
}

/// The spreadsheet name of a 0-based column: A … Z, AA …
fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Reads the first sheet (or the CSV) into rows of trimmed text; row 0 is the header.
/// Trailing empty rows are dropped.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    let lower = file_name.to_lowercase();
    let mut rows = if lower.ends_with(".csv") {
        read_csv(bytes)?
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xls") || lower.ends_with(".xlsm") {
        read_workbook(bytes)?
    } else {
        return Err(ReadError::UnsupportedType);
    };
    while rows.last().is_some_and(|r| r.iter().all(String::is_empty)) {
        rows.pop();
    }
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    if let Some(error) = control_char_cell(&rows) {
        return Err(error);
    }
    Ok(rows)
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    // Excel in China saves CSV as GB18030 unless told otherwise; accept both.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (decoded, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(ReadError::Unreadable("encoding".into()));
            }
            decoded.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Unreadable(e.to_string()))?;
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        // Whole numbers (codes, counts) come back as floats; print them without ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| d.to_string()),
        other => other.to_string().trim().to_string(),
    }
}

/// A one-sheet workbook with a bold, frozen header row; every cell is text.
pub fn xlsx_bytes(
    sheet: &str,
    headers: &[String],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, AppError> {
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let ws = workbook.add_worksheet();
    // Sheet names are limited to 31 characters.
    let name: String = sheet.chars().take(31).collect();
    ws.set_name(&name).map_err(AppError::internal)?;
    for (c, h) in headers.iter().enumerate() {
        let col = u16::try_from(c).map_err(AppError::internal)?;
        ws.write_string_with_format(0, col, h, &bold)
            .map_err(AppError::internal)?;
        let width = rows
            .iter()
            .filter_map(|r| r.get(c))
            .chain(std::iter::once(h))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(8)
            .clamp(6, 50);
        ws.set_column_width(col, (width as f64) * 1.6 + 2.0)
            .map_err(AppError::internal)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(AppError::internal)?;
        for (c, value) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(AppError::internal)?;
            ws.write_string(r, col, value).map_err(AppError::internal)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(AppError::internal)?;
    workbook.save_to_buffer().map_err(AppError::internal)
}

/// An .xlsx download.
pub fn xlsx_response(
    sheet: &str,
    headers: &[String],
    rows: &[Vec<String>],
    file_name: &str,
) -> Result<Response, AppError> {
    let bytes = xlsx_bytes(sheet, headers, rows)?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_name,
    ))
}

/// CSV text (UTF-8 with a BOM so that Excel opens Chinese correctly).
pub fn csv_bytes(headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, AppError> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(headers).map_err(AppError::internal)?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| inert(cell)))
            .map_err(AppError::internal)?;
    }
    writer.into_inner().map_err(AppError::internal)
}

/// A cell Excel will show as text: one a user typed starting with `=`, `+`, `@`, a tab or
/// a carriage return, or with `-` but not a number, would run as a formula, so it gets a
/// leading `'`. Numbers (`-12.50`) stay numbers.
fn inert(cell: &str) -> String {
    let risky = match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => cell.parse::<f64>().is_err(),
        _ => false,
    };
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The two formats every list exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    /// The format of a file extension (`xlsx`, `csv`).
    pub fn of_ext(ext: &str) -> Option<Format> {
        match ext {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
        }
    }
}

/// A table as a download in `format`, named `stem.xlsx` or `stem.csv`.
pub fn table_response(
    format: Format,
    sheet: &str,
    headers: &[String],
    rows: &[Vec<String>],
    stem: &str,
) -> Result<Response, AppError> {
    let name = format!("{stem}.{}", format.ext());
    match format {
        Format::Xlsx => xlsx_response(sheet, headers, rows, &name),
        Format::Csv => Ok(download(
            csv_bytes(headers, rows)?,
            "text/csv; charset=utf-8",
            &name,
        )),
    }
}

pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file_name.replace(['"', '\\', '\r', '\n'], "")
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_with_a_control_character_is_refused_naming_row_and_column() {
        let csv =
            "code,name,note\n340803100201,保婴村,\"two\nlines\ttab\"\n340803100202,长\u{0}风村,\n";
        assert_eq!(
            read("r.csv", csv.as_bytes()).unwrap_err(),
            ReadError::ControlChar {
                row: 3,
                column: "name".into()
            },
            "a quoted cell over two lines is one row; tab and LF pass"
        );
        let unit_sep = "a,b\n1,\u{1f}\n";
        assert_eq!(
            read("r.csv", unit_sep.as_bytes()).unwrap_err(),
            ReadError::ControlChar {
                row: 2,
                column: "b".into()
            }
        );
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn csv_cells_that_excel_would_run_are_made_text() {
        let rows = vec![vec![
            "=HYPERLINK(\"x\")".to_string(),
            "+1+2".to_string(),
            "@SUM(A1)".to_string(),
            "-3+4".to_string(),
            "-12.50".to_string(),
            "灵芝".to_string(),
        ]];
        let headers: Vec<String> = (1..=6).map(|i| format!("h{i}")).collect();
        let bytes = csv_bytes(&headers, &rows).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(
            line,
            "\"'=HYPERLINK(\"\"x\"\")\",'+1+2,'@SUM(A1),'-3+4,-12.50,灵芝"
        );
    }
}
