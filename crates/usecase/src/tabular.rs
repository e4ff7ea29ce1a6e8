//! Spreadsheets in and out: every list exports to .xlsx; rosters import from .xlsx or .csv.
//! (The downloads, as HTTP responses, are `web::tabular`.)
//! Cells are read as text so that validation, not the spreadsheet program, decides.

use crate::Error;
use calamine::{Data, Reader};
use rust_xlsxwriter::{Format as CellFormat, Workbook};

/// How much an imported file may hold. Every spreadsheet read is bounded by these before
/// anything of the declared size is allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Rows of the sheet (from its first to its last non-empty row).
    pub max_rows: usize,
    /// Columns of the sheet (from its first to its last non-empty column).
    pub max_columns: usize,
    /// Cells: rows × columns of the sheet's used rectangle.
    pub max_cells: usize,
    /// Bytes of a CSV file, and of all entries of an .xlsx archive once uncompressed.
    pub max_bytes: u64,
    /// Uncompressed size over compressed size of any .xlsx entry larger than 1 MiB.
    pub max_ratio: u64,
    /// Bytes of the .xlsx shared-string table once uncompressed.
    pub max_shared_strings_bytes: u64,
    /// Bytes of one CSV record (line).
    pub max_record_bytes: usize,
    /// Read legacy .xls files: calamine allocates what their DIMENSIONS records declare
    /// before anything can be checked, so they are refused unless this is set.
    pub allow_xls: bool,
    /// Files read at once (off the async workers, see [`read_blocking`]).
    pub concurrent_reads: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_rows: 100_000,
            max_columns: 200,
            max_cells: 2_000_000,
            max_bytes: 64 * MIB,
            max_ratio: 400,
            max_shared_strings_bytes: 32 * MIB,
            max_record_bytes: 1024 * 1024,
            allow_xls: false,
            concurrent_reads: 2,
        }
    }
}

const MIB: u64 = 1024 * 1024;

static LIMITS: std::sync::RwLock<Option<ImportLimits>> = std::sync::RwLock::new(None);
static READS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> =
    std::sync::OnceLock::new();

/// Sets the limits [`read`] and [`read_blocking`] apply (the server's configuration).
pub fn configure(limits: ImportLimits) {
    if let Ok(mut l) = LIMITS.write() {
        *l = Some(limits);
    }
}

/// The configured limits (the defaults until [`configure`] is called).
pub fn limits() -> ImportLimits {
    LIMITS.read().ok().and_then(|l| *l).unwrap_or_default()
}

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
    /// More rows than [`ImportLimits::max_rows`] (the limit).
    TooManyRows(usize),
    /// More columns than [`ImportLimits::max_columns`].
    TooManyColumns(usize),
    /// More cells than [`ImportLimits::max_cells`].
    TooManyCells(usize),
    /// Larger than [`ImportLimits::max_bytes`] (uncompressed), in MiB.
    TooLarge(u64),
    /// An .xlsx entry compressed more than [`ImportLimits::max_ratio`] times.
    CompressionRatio(u64),
    /// The shared-string table is over [`ImportLimits::max_shared_strings_bytes`] (MiB)
    /// or declares more strings than there may be cells.
    SharedStrings(u64),
    /// A CSV record (its 1-based line) longer than [`ImportLimits::max_record_bytes`] (KiB).
    RecordTooLong {
        row: usize,
        kib: usize,
    },
    /// A legacy .xls file while [`ImportLimits::allow_xls`] is off.
    XlsRefused,
    /// A CSV file neither UTF-8 nor GB18030: the 0-based byte offset in the file of the first
    /// byte neither reads (the one further in) and its 1-based line.
    Encoding {
        offset: usize,
        row: usize,
    },
}

impl ReadError {
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::UnsupportedType => "import.unsupported_type",
            ReadError::Unreadable(_) => "import.unreadable",
            ReadError::Empty => "import.empty",
            ReadError::ControlChar { .. } => "import.control_char",
            ReadError::TooManyRows(_) => "import.too_many_rows",
            ReadError::TooManyColumns(_) => "import.too_many_columns",
            ReadError::TooManyCells(_) => "import.too_many_cells",
            ReadError::TooLarge(_) => "import.too_large",
            ReadError::CompressionRatio(_) => "import.compression_ratio",
            ReadError::SharedStrings(_) => "import.shared_strings",
            ReadError::RecordTooLong { .. } => "import.record_too_long",
            ReadError::XlsRefused => "import.xls_refused",
            ReadError::Encoding { .. } => "import.encoding",
        }
    }

    /// The message in the user's language, naming the row and column or the limit where
    /// there is one.
    pub fn message(&self, tr: &crate::i18n::Tr) -> String {
        let mut args = std::collections::BTreeMap::new();
        match self {
            ReadError::ControlChar { row, column } => {
                args.insert("row", row.to_string());
                args.insert("column", column.clone());
                return tr.with_args("import.control_char_at", &args);
            }
            ReadError::TooManyRows(n)
            | ReadError::TooManyColumns(n)
            | ReadError::TooManyCells(n) => {
                args.insert("limit", n.to_string());
            }
            ReadError::TooLarge(n)
            | ReadError::CompressionRatio(n)
            | ReadError::SharedStrings(n) => {
                args.insert("limit", n.to_string());
            }
            ReadError::Encoding { offset, row } => {
                args.insert("offset", offset.to_string());
                args.insert("row", row.to_string());
            }
            ReadError::RecordTooLong { row, kib } => {
                args.insert("row", row.to_string());
                args.insert("limit", kib.to_string());
            }
            _ => return tr.t(self.code()),
        }
        tr.with_args(self.code(), &args)
    }
}

/// A control character no text may hold: NUL and the other C0 characters, DEL and the C1
/// characters (Unicode's `Cc` category), except tab, line feed and carriage return (which
/// multi-line text legitimately contains).
pub fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

pub fn has_refused_control(text: &str) -> bool {
    text.chars().any(is_refused_control)
}

/// The first cell holding a refused control character, as a `ReadError::ControlChar`.
fn control_char_cell(rows: &[Vec<String>]) -> Option<ReadError> {
    rows.iter().enumerate().find_map(|(r, row)| {
        let c = row.iter().position(|cell| has_refused_control(cell))?;
        let header = rows
            .first()
            .and_then(|h| h.get(c))
            .filter(|h| r > 0 && !h.is_empty() && !has_refused_control(h))
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

/// [`read`] off the async workers: at most [`ImportLimits::concurrent_reads`] files are
/// read at once, each on tokio's blocking pool.
pub async fn read_blocking(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    let limits = limits();
    let semaphore = READS
        .get_or_init(|| {
            std::sync::Arc::new(tokio::sync::Semaphore::new(limits.concurrent_reads.max(1)))
        })
        .clone();
    let _permit = semaphore
        .acquire_owned()
        .await
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let name = file_name.to_string();
    let bytes = bytes.to_vec();
    tokio::task::spawn_blocking(move || read_with(&limits, &name, &bytes))
        .await
        .map_err(|e| ReadError::Unreadable(e.to_string()))?
}

/// Reads the first sheet (or the CSV) into rows of trimmed text with the configured
/// [`limits`]; row 0 is the header. Trailing empty rows are dropped.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    read_with(&limits(), file_name, bytes)
}

/// [`read`] with explicit limits.
pub fn read_with(
    limits: &ImportLimits,
    file_name: &str,
    bytes: &[u8],
) -> Result<Vec<Vec<String>>, ReadError> {
    let lower = file_name.to_lowercase();
    let mut rows = if lower.ends_with(".csv") {
        read_csv(limits, bytes)?
    } else if lower.ends_with(".xlsx") || lower.ends_with(".xls") || lower.ends_with(".xlsm") {
        read_workbook(limits, bytes)?
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

fn too_large(limits: &ImportLimits) -> ReadError {
    ReadError::TooLarge(limits.max_bytes / MIB)
}

fn unreadable(e: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable(e.to_string())
}

/// Scans a CSV without allocating: refuses a record longer than the limit (as soon as it
/// is seen) and more records than rows allowed. Quotes follow RFC 4180 as the csv crate
/// reads them: a quote opens a field only at its start, `""` inside is one quote.
fn scan_csv(limits: &ImportLimits, bytes: &[u8]) -> Result<(), ReadError> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut record_start = 0usize;
    let mut records = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if i - record_start > limits.max_record_bytes {
            return Err(ReadError::RecordTooLong {
                row: records + 1,
                kib: limits.max_record_bytes / 1024,
            });
        }
        state = match (state, b) {
            (State::FieldStart, b'"') => State::Quoted,
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b'\n') => {
                records += 1;
                if records > limits.max_rows {
                    return Err(ReadError::TooManyRows(limits.max_rows));
                }
                record_start = i + 1;
                State::FieldStart
            }
            (_, b',') => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    Ok(())
}

/// The text of a CSV file: UTF-8 (with or without a BOM) or, as Excel in China saves CSV
/// unless told otherwise, GB18030. Neither names the first byte that neither reads.
fn decode_csv(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ReadError> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[bom..];
    let utf8_error = match std::str::from_utf8(body) {
        Ok(t) => return Ok(std::borrow::Cow::Borrowed(t)),
        Err(e) => e.valid_up_to(),
    };
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(body.len())
            .unwrap_or(body.len().saturating_mul(3)),
    );
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    let gb18030_error = match result {
        encoding_rs::DecoderResult::InputEmpty => return Ok(std::borrow::Cow::Owned(text)),
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            read.saturating_sub(usize::from(bad) + usize::from(after))
        }
        encoding_rs::DecoderResult::OutputFull => read,
    };
    let offset = bom + utf8_error.max(gb18030_error);
    let row = bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1;
    Err(ReadError::Encoding { offset, row })
}

fn read_csv(limits: &ImportLimits, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(limits));
    }
    scan_csv(limits, bytes)?;
    let text = decode_csv(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells = 0usize;
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(unreadable)? {
        if rows.len() >= limits.max_rows {
            return Err(ReadError::TooManyRows(limits.max_rows));
        }
        if record.len() > limits.max_columns {
            return Err(ReadError::TooManyColumns(limits.max_columns));
        }
        cells += record.len();
        if cells > limits.max_cells {
            return Err(ReadError::TooManyCells(limits.max_cells));
        }
        rows.push(record.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

fn read_workbook(limits: &ImportLimits, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    if bytes.starts_with(b"PK") {
        read_xlsx(limits, bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        read_xls(limits, bytes)
    } else {
        Err(ReadError::Unreadable(
            "neither a zip nor a compound file".into(),
        ))
    }
}

/// A legacy workbook: calamine parses every sheet and reserves what each sheet's
/// DIMENSIONS record declares while opening it, so nothing can be checked before that.
fn read_xls(limits: &ImportLimits, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    if !limits.allow_xls {
        return Err(ReadError::XlsRefused);
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(limits));
    }
    let mut workbook = calamine::Xls::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(unreadable)?;
    let (height, width) = range.get_size();
    check_extent(limits, height, width)?;
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

/// Refuses a used rectangle of `rows` × `columns` over the limits.
fn check_extent(limits: &ImportLimits, rows: usize, columns: usize) -> Result<(), ReadError> {
    if rows > limits.max_rows {
        return Err(ReadError::TooManyRows(limits.max_rows));
    }
    if columns > limits.max_columns {
        return Err(ReadError::TooManyColumns(limits.max_columns));
    }
    if rows.saturating_mul(columns) > limits.max_cells {
        return Err(ReadError::TooManyCells(limits.max_cells));
    }
    Ok(())
}

fn is_shared_strings(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with("sharedstrings.xml")
}

/// Opens the archive before calamine does: the declared sizes (central directory), the
/// compression ratios, then the actual uncompressed sizes (streamed, stopping at the
/// limit) and the shared-string table's declared count.
fn check_zip(limits: &ImportLimits, bytes: &[u8]) -> Result<(), ReadError> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(unreadable)?;
        let size = entry.size();
        declared = declared.saturating_add(size);
        if declared > limits.max_bytes {
            return Err(too_large(limits));
        }
        let name = entry.name().map_err(unreadable)?;
        if is_shared_strings(&name) && size > limits.max_shared_strings_bytes {
            return Err(ReadError::SharedStrings(
                limits.max_shared_strings_bytes / MIB,
            ));
        }
        if size > MIB && size / entry.compressed_size().max(1) > limits.max_ratio {
            return Err(ReadError::CompressionRatio(limits.max_ratio));
        }
    }
    let mut total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(unreadable)?;
        let shared = is_shared_strings(&entry.name().map_err(unreadable)?);
        let budget = if shared {
            limits
                .max_shared_strings_bytes
                .min(limits.max_bytes - total)
        } else {
            limits.max_bytes - total
        };
        let mut kept = Vec::new();
        let mut read = 0u64;
        loop {
            let n = entry.read(&mut buf).map_err(unreadable)?;
            if n == 0 {
                break;
            }
            read += n as u64;
            if read > budget {
                return Err(if shared && read > limits.max_shared_strings_bytes {
                    ReadError::SharedStrings(limits.max_shared_strings_bytes / MIB)
                } else {
                    too_large(limits)
                });
            }
            if shared {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        total += read;
        if shared && declared_strings(&kept).is_some_and(|n| n > limits.max_cells as u64) {
            return Err(ReadError::SharedStrings(
                limits.max_shared_strings_bytes / MIB,
            ));
        }
    }
    Ok(())
}

/// The largest `uniqueCount="N"` in a shared-string table (calamine reserves that many
/// strings up front); `Some(u64::MAX)` for a number too large to read.
fn declared_strings(xml: &[u8]) -> Option<u64> {
    let key = b"uniqueCount";
    let mut most = None;
    let mut from = 0;
    while let Some(at) = xml[from..].windows(key.len()).position(|w| w == key) {
        let mut i = from + at + key.len();
        from = i;
        let skip_ws = |i: &mut usize| {
            while xml.get(*i).is_some_and(|b| b.is_ascii_whitespace()) {
                *i += 1;
            }
        };
        skip_ws(&mut i);
        if xml.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        skip_ws(&mut i);
        if !matches!(xml.get(i), Some(b'"' | b'\'')) {
            continue;
        }
        i += 1;
        let digits: Vec<u8> = xml[i..]
            .iter()
            .take_while(|b| !matches!(b, b'"' | b'\''))
            .take(64)
            .copied()
            .collect();
        let n = std::str::from_utf8(&digits)
            .ok()
            .and_then(|d| d.trim().parse::<u64>().ok())
            .unwrap_or(u64::MAX);
        most = Some(most.map_or(n, |m: u64| m.max(n)));
    }
    most
}

fn read_xlsx(limits: &ImportLimits, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
    check_zip(limits, bytes)?;
    let mut workbook: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(unreadable)?;
    let Some(name) = workbook.sheet_names().first().cloned() else {
        return Err(ReadError::Empty);
    };
    let mut reader = match workbook.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Err(ReadError::Empty),
        Err(e) => return Err(unreadable(e)),
    };
    // The sheet's own <dimension ref="…"/>, before any cell is read.
    let declared = reader.dimensions();
    if declared.end.0 >= declared.start.0 && declared.end.1 >= declared.start.1 {
        check_extent(
            limits,
            (declared.end.0 - declared.start.0) as usize + 1,
            (declared.end.1 - declared.start.1) as usize + 1,
        )?;
    }
    // The cells as they are: the used rectangle is checked at every cell, so it never
    // grows past the limits before the rows are laid out.
    let mut cells: Vec<((u32, u32), String)> = Vec::new();
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0u32, 0u32);
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let value = cell.get_value();
        if matches!(value, calamine::DataRef::Empty) {
            continue;
        }
        let (r, c) = cell.get_position();
        top = top.min(r);
        left = left.min(c);
        bottom = bottom.max(r);
        right = right.max(c);
        check_extent(
            limits,
            (bottom - top) as usize + 1,
            (right - left) as usize + 1,
        )?;
        if cells.len() >= limits.max_cells {
            return Err(ReadError::TooManyCells(limits.max_cells));
        }
        cells.push(((r, c), cell_text(&Data::from(value.clone()))));
    }
    if cells.is_empty() {
        return Ok(Vec::new());
    }
    let width = (right - left) as usize + 1;
    let mut rows = vec![vec![String::new(); width]; (bottom - top) as usize + 1];
    for ((r, c), text) in cells {
        if let Some(slot) = rows
            .get_mut((r - top) as usize)
            .and_then(|row| row.get_mut((c - left) as usize))
        {
            *slot = text;
        }
    }
    Ok(rows)
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

/// One cell of an exported workbook: numbers and dates are written as such, so that Excel
/// sums, sorts and filters them; everything else (codes, names) is text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A count or a quantity.
    Number(f64),
    /// Money in fen, written as yuan with two decimals and thousands separators.
    Yuan(i64),
    Date(chrono::NaiveDate),
    /// A time as a person reads it (China time), written as a date and time.
    Time(chrono::NaiveDateTime),
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    /// A stored UTC time in China time (UTC+8).
    pub fn china_time(at: chrono::DateTime<chrono::Utc>) -> Cell {
        Cell::Time((at + chrono::Duration::hours(8)).naive_utc())
    }

    /// The text shown in a column of `kind` as a typed cell: a `Number` column's
    /// `1,234.50` is the number 1234.5, a `Date` column's `2024-03-01` a date; an empty cell
    /// stays empty and text that is not of the kind (a dash, a note) stays text.
    pub fn of(kind: Kind, text: &str) -> Cell {
        let t = text.trim();
        if t.is_empty() {
            return Cell::Empty;
        }
        match kind {
            Kind::Text => Cell::text(text),
            Kind::Yuan => match domain::Money::parse_yuan(t) {
                Some(m) => Cell::Yuan(m.fen()),
                None => Cell::text(text),
            },
            Kind::Number => match t.replace(',', "").parse::<f64>() {
                Ok(n) if n.is_finite() => Cell::Number(n),
                _ => Cell::text(text),
            },
            Kind::Date => match domain::time::parse_date(t) {
                Some(d) => Cell::Date(d),
                None => Cell::text(text),
            },
            Kind::Time => match chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M") {
                Ok(at) => Cell::Time(at),
                Err(_) => Cell::text(text),
            },
        }
    }

    /// The width the cell needs, in characters.
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) => s.chars().count(),
            Cell::Number(n) => n.to_string().len(),
            // As shown with thousands separators: 1,234,567.89.
            Cell::Yuan(f) => {
                let whole = (f.unsigned_abs() / 100).to_string().len();
                whole + (whole - 1) / 3 + 3 + usize::from(*f < 0)
            }
            Cell::Date(_) => 10,
            Cell::Time(_) => 16,
        }
    }
}

/// What a column of a text table holds, for [`Cell::of`]: exports keep their rows as text
/// (the CSV is written from them unchanged) and say per column what the workbook writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    Yuan,
    Date,
    /// A China time as shown, `YYYY-MM-DD HH:MM` (see `web::base::format::china_time`).
    Time,
}

/// `rows` typed by column: `kinds[i]` for column `i`, text beyond the kinds given.
pub fn typed(kinds: &[Kind], rows: &[Vec<String>]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(i, t)| Cell::of(kinds.get(i).copied().unwrap_or(Kind::Text), t))
                .collect()
        })
        .collect()
}

/// A one-sheet workbook with a bold, frozen header row; every cell is text.
pub fn xlsx_bytes(sheet: &str, headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, Error> {
    typed_xlsx_bytes(sheet, headers, &typed(&[], rows))
}

/// A one-sheet workbook with a bold, frozen header row, each cell written as its type, set up
/// to print (A4 landscape, one page wide, the header row repeated, sheet name and page number).
pub fn typed_xlsx_bytes(
    sheet: &str,
    headers: &[String],
    rows: &[Vec<Cell>],
) -> Result<Vec<u8>, Error> {
    workbook_bytes(&[Sheet {
        name: sheet,
        headers,
        rows,
    }])
}

/// One sheet of [`workbook_bytes`].
pub struct Sheet<'a> {
    pub name: &'a str,
    pub headers: &'a [String],
    pub rows: &'a [Vec<Cell>],
}

/// A workbook of several sheets, each as [`typed_xlsx_bytes`] writes its one sheet.
pub fn workbook_bytes(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, Error> {
    let mut workbook = Workbook::new();
    for s in sheets {
        write_sheet(&mut workbook, s)?;
    }
    workbook.save_to_buffer().map_err(Error::internal)
}

fn write_sheet(workbook: &mut Workbook, sheet: &Sheet<'_>) -> Result<(), Error> {
    let (headers, rows) = (sheet.headers, sheet.rows);
    let bold = CellFormat::new().set_bold();
    let yuan = CellFormat::new().set_num_format("#,##0.00");
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let time = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    let ws = workbook.add_worksheet();
    // Sheet names are limited to 31 characters.
    let name: String = sheet.name.chars().take(31).collect();
    ws.set_name(&name).map_err(Error::internal)?;
    for (c, h) in headers.iter().enumerate() {
        let col = u16::try_from(c).map_err(Error::internal)?;
        ws.write_string_with_format(0, col, h, &bold)
            .map_err(Error::internal)?;
        let width = rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(Cell::width)
            .chain(std::iter::once(h.chars().count()))
            .max()
            .unwrap_or(8)
            .clamp(6, 50);
        ws.set_column_width(col, (width as f64) * 1.6 + 2.0)
            .map_err(Error::internal)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(Error::internal)?;
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(Error::internal)?;
            match cell {
                Cell::Empty => Ok(&mut *ws),
                Cell::Text(s) => ws.write_string(r, col, s),
                Cell::Number(n) => ws.write_number(r, col, *n),
                // Fen to yuan: exact for every bounded amount (below 2^53 fen).
                Cell::Yuan(f) => ws.write_number_with_format(r, col, *f as f64 / 100.0, &yuan),
                Cell::Date(d) => ws.write_date_with_format(
                    r,
                    col,
                    &excel_time(d.and_time(chrono::NaiveTime::MIN))?,
                    &date,
                ),
                Cell::Time(t) => ws.write_datetime_with_format(r, col, &excel_time(*t)?, &time),
            }
            .map_err(Error::internal)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(Error::internal)?;
    // Printed as districts print a list: A4 landscape, one page wide, the header row on every
    // page, the sheet's name above and the page number below.
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_header("&C&A")
        .set_footer("&C&P / &N");
    ws.set_repeat_rows(0, 0).map_err(Error::internal)?;
    Ok(())
}

fn excel_time(t: chrono::NaiveDateTime) -> Result<rust_xlsxwriter::ExcelDateTime, Error> {
    use chrono::{Datelike, Timelike};
    let year = u16::try_from(t.year()).map_err(Error::internal)?;
    let month = u8::try_from(t.month()).map_err(Error::internal)?;
    let day = u8::try_from(t.day()).map_err(Error::internal)?;
    let hour = u16::try_from(t.hour()).map_err(Error::internal)?;
    let minute = u8::try_from(t.minute()).map_err(Error::internal)?;
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, month, day)
        .and_then(|d| d.and_hms(hour, minute, t.second()))
        .map_err(Error::internal)
}

/// CSV text (UTF-8 with a BOM so that Excel opens Chinese correctly).
pub fn csv_bytes(headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(headers).map_err(Error::internal)?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| inert(cell)))
            .map_err(Error::internal)?;
    }
    writer.into_inner().map_err(Error::internal)
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

#[cfg(test)]
mod tests {
    use super::*;

    use std::io::Write;
    use std::time::{Duration, Instant};

    /// An .xlsx of `rows` (row 0 the header) written by rust_xlsxwriter.
    fn workbook(rows: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (r, c, v) in rows {
            ws.write_string(*r, *c, *v).unwrap();
        }
        wb.save_to_buffer().unwrap()
    }

    /// `base` with the entries `replace` names replaced by what `make` writes for them.
    fn repack(base: &[u8], replace: &str, make: &dyn Fn(&str, &mut dyn Write)) -> Vec<u8> {
        let mut input = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        let mut names: Vec<String> = (0..input.len())
            .map(|i| input.by_index_raw(i).unwrap().name().unwrap().to_string())
            .collect();
        if !names.iter().any(|n| n == replace) {
            names.push(replace.to_string());
        }
        for name in names {
            let mut old = String::new();
            if let Ok(mut f) = input.by_name(&name) {
                std::io::Read::read_to_string(&mut f, &mut old).unwrap();
            }
            out.start_file(name.as_str(), options).unwrap();
            if name == replace {
                make(&old, &mut out);
            } else {
                out.write_all(old.as_bytes()).unwrap();
            }
        }
        out.finish().unwrap().into_inner()
    }

    const SHEET: &str = "xl/worksheets/sheet1.xml";

    /// Reads with the default limits, asserting it answers within two seconds.
    fn quick(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, ReadError> {
        let started = Instant::now();
        let result = read_with(&ImportLimits::default(), name, bytes);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
        result
    }

    #[test]
    fn an_export_prints_a4_landscape_one_page_wide_with_its_header_on_every_page() {
        use std::io::Read;
        let bytes = xlsx_bytes(
            "考核排名",
            &["名次".to_string(), "村".to_string()],
            &[vec!["1".to_string(), "保婴村".to_string()]],
        )
        .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut part = |name: &str| {
            let mut text = String::new();
            zip.by_name(name)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        };
        let sheet = part(SHEET);
        assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
        assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
        assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
        assert!(
            sheet.contains("<oddHeader>&amp;C&amp;A</oddHeader>"),
            "{sheet}"
        );
        assert!(
            sheet.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"),
            "{sheet}"
        );
        let book = part("xl/workbook.xml");
        assert!(book.contains("_xlnm.Print_Titles"), "{book}");
        assert!(book.contains("$1:$1"), "{book}");
    }

    #[test]
    fn a_declared_dimension_bomb_is_refused_before_reading() {
        let base = workbook(&[(0, 0, "code"), (1, 1, "x")]);
        let bomb = repack(&base, SHEET, &|old, w| {
            let start = old.find("<dimension ref=\"").unwrap() + 16;
            let end = start + old[start..].find('"').unwrap();
            let patched = format!("{}A1:XFD1048576{}", &old[..start], &old[end..]);
            w.write_all(patched.as_bytes()).unwrap();
        });
        assert!(bomb.len() < 10_000, "{} bytes", bomb.len());
        assert_eq!(quick("b.xlsx", &bomb), Err(ReadError::TooManyRows(100_000)));
        let wide = repack(&base, SHEET, &|old, w| {
            w.write_all(old.replace("A1:B2", "A1:XFD2").as_bytes())
                .unwrap();
        });
        assert_eq!(quick("w.xlsx", &wide), Err(ReadError::TooManyColumns(200)));
        // And the file as it was still reads.
        assert_eq!(
            quick("ok.xlsx", &base).unwrap(),
            vec![vec!["code", ""], vec!["", "x"]]
        );
    }

    #[test]
    fn a_far_cell_is_refused_whatever_the_dimension_says() {
        // A cell at XFD1048576 (and one at CV200000) beside A1, the dimension claiming A1:A1.
        for (row, col) in [(1_048_575u32, 16_383u16), (199_999, 99)] {
            let base = workbook(&[(0, 0, "code"), (row, col, "x")]);
            let lying = repack(&base, SHEET, &|old, w| {
                let start = old.find("<dimension ref=\"").unwrap() + 16;
                let end = start + old[start..].find('"').unwrap();
                w.write_all(format!("{}A1{}", &old[..start], &old[end..]).as_bytes())
                    .unwrap();
            });
            assert_eq!(quick("f.xlsx", &base), Err(ReadError::TooManyRows(100_000)));
            assert_eq!(
                quick("f.xlsx", &lying),
                Err(ReadError::TooManyRows(100_000))
            );
        }
        // Cells over the limit though rows and columns are each within theirs.
        let base = workbook(&[(0, 0, "code"), (99_999, 199, "x")]);
        assert_eq!(
            quick("c.xlsx", &base),
            Err(ReadError::TooManyCells(2_000_000))
        );
    }

    #[test]
    fn a_zip_bomb_is_refused_without_inflating_it() {
        let base = workbook(&[(0, 0, "code")]);
        let blank = vec![b' '; 1024 * 1024];
        let bomb = repack(&base, SHEET, &|old, w| {
            let open = old.find("<sheetData").unwrap();
            w.write_all(&old.as_bytes()[..open]).unwrap();
            w.write_all(b"<sheetData>").unwrap();
            for _ in 0..300 {
                w.write_all(&blank).unwrap();
            }
            w.write_all(b"</sheetData></worksheet>").unwrap();
        });
        assert!(bomb.len() < 4 * 1024 * 1024, "{} bytes", bomb.len());
        assert_eq!(quick("z.xlsx", &bomb), Err(ReadError::TooLarge(64)));
        // 40 MiB: within the total, but compressed many times.
        let dense = repack(&base, SHEET, &|old, w| {
            let open = old.find("<sheetData").unwrap();
            w.write_all(&old.as_bytes()[..open]).unwrap();
            w.write_all(b"<sheetData>").unwrap();
            for _ in 0..40 {
                w.write_all(&blank).unwrap();
            }
            w.write_all(b"</sheetData></worksheet>").unwrap();
        });
        // (Level-1 deflate compresses it about a hundred times; a tighter limit shows the check.)
        let strict = ImportLimits {
            max_ratio: 50,
            ..ImportLimits::default()
        };
        assert_eq!(
            read_with(&strict, "d.xlsx", &dense),
            Err(ReadError::CompressionRatio(50))
        );
    }

    #[test]
    fn a_zip_bomb_lying_about_its_size_is_stopped_at_the_limit() {
        let base = workbook(&[(0, 0, "code")]);
        let blank = vec![b' '; 1024 * 1024];
        let bomb = repack(&base, SHEET, &|old, w| {
            let open = old.find("<sheetData").unwrap();
            w.write_all(&old.as_bytes()[..open]).unwrap();
            w.write_all(b"<sheetData>").unwrap();
            for _ in 0..100 {
                w.write_all(&blank).unwrap();
            }
            w.write_all(b"</sheetData></worksheet>").unwrap();
        });
        // Declare 1,000 bytes in the central directory (and the local header) for the sheet.
        let mut lying = bomb.clone();
        let name = SHEET.as_bytes();
        for (sig, size_at, name_at) in [(b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)] {
            let at = (0..lying.len() - name_at - name.len())
                .find(|&i| {
                    &lying[i..i + 4] == sig && &lying[i + name_at..i + name_at + name.len()] == name
                })
                .unwrap();
            lying[at + size_at..at + size_at + 4].copy_from_slice(&1000u32.to_le_bytes());
        }
        let result = quick("l.xlsx", &lying);
        assert!(
            matches!(
                result,
                Err(ReadError::TooLarge(64) | ReadError::Unreadable(_))
            ),
            "{result:?}"
        );
    }

    #[test]
    fn a_huge_shared_string_table_is_refused() {
        let base = workbook(&[(0, 0, "code")]);
        let sst = "xl/sharedStrings.xml";
        // A few bytes declaring a trillion strings (calamine would reserve them all).
        let declared = repack(&base, sst, &|old, w| {
            let patched = old.replace("uniqueCount=\"1\"", "uniqueCount = '1000000000000'");
            assert_ne!(patched, old);
            w.write_all(patched.as_bytes()).unwrap();
        });
        assert_eq!(
            quick("s.xlsx", &declared),
            Err(ReadError::SharedStrings(32))
        );
        // 40 MiB of strings.
        let big = repack(&base, sst, &|old, w| {
            let open = old.find("<si>").unwrap();
            w.write_all(&old.as_bytes()[..open]).unwrap();
            let si = "<si><t>一二三四五六七八九十</t></si>".repeat(1000);
            for _ in 0..(40 * 1024 * 1024 / si.len() + 1) {
                w.write_all(si.as_bytes()).unwrap();
            }
            w.write_all(b"</sst>").unwrap();
        });
        assert_eq!(quick("b.xlsx", &big), Err(ReadError::SharedStrings(32)));
    }

    #[test]
    fn deeply_nested_xml_does_not_bring_the_reader_down() {
        let base = workbook(&[(0, 0, "code")]);
        let nested = repack(&base, SHEET, &|old, w| {
            let open = old.find("<sheetData").unwrap();
            w.write_all(&old.as_bytes()[..open]).unwrap();
            w.write_all(b"<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>")
                .unwrap();
            w.write_all("<x>".repeat(100_000).as_bytes()).unwrap();
            w.write_all("</x>".repeat(100_000).as_bytes()).unwrap();
            w.write_all(b"</is></c></row></sheetData></worksheet>")
                .unwrap();
        });
        let result = quick("n.xlsx", &nested);
        assert!(
            matches!(result, Err(ReadError::Empty | ReadError::Unreadable(_))),
            "{result:?}"
        );
    }

    #[test]
    fn random_bytes_are_unreadable() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        assert!(matches!(
            quick("r.xlsx", &noise),
            Err(ReadError::Unreadable(_))
        ));
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&noise);
        assert!(matches!(
            quick("r.xlsx", &zipped),
            Err(ReadError::Unreadable(_))
        ));
        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0];
        cfb.extend_from_slice(&noise);
        assert_eq!(quick("r.xls", &cfb), Err(ReadError::XlsRefused));
        assert!(quick("r.csv", &noise).is_err());
    }

    #[test]
    fn a_csv_with_a_huge_line_is_refused_as_soon_as_the_line_is_too_long() {
        let mut huge = b"code,name\n1,".to_vec();
        huge.resize(huge.len() + 100 * 1024 * 1024, b'a');
        assert_eq!(quick("h.csv", &huge), Err(ReadError::TooLarge(64)));
        let generous = ImportLimits {
            max_bytes: 200 * MIB,
            ..ImportLimits::default()
        };
        let started = Instant::now();
        assert_eq!(
            read_with(&generous, "h.csv", &huge),
            Err(ReadError::RecordTooLong { row: 2, kib: 1024 })
        );
        assert!(started.elapsed() < Duration::from_secs(2));
        // A quoted newline does not end the record; a long quoted cell is still one line.
        let mut quoted = b"code,name\n1,\"".to_vec();
        quoted.resize(quoted.len() + 2 * 1024 * 1024, b'\n');
        assert_eq!(
            quick("q.csv", &quoted),
            Err(ReadError::RecordTooLong { row: 2, kib: 1024 })
        );
        let many = "a\n".repeat(100_001);
        assert_eq!(
            quick("m.csv", many.as_bytes()),
            Err(ReadError::TooManyRows(100_000))
        );
        let wide = format!("{}\n", "a,".repeat(200));
        assert_eq!(
            quick("w.csv", wide.as_bytes()),
            Err(ReadError::TooManyColumns(200))
        );
    }

    #[test]
    fn every_limit_error_names_its_limit_in_both_languages() {
        let i18n = std::sync::Arc::new(crate::i18n::I18n::load().unwrap());
        for locale in &crate::i18n::Locale::ALL {
            let tr = crate::i18n::Tr::new(i18n.clone(), *locale);
            for (error, needle) in [
                (ReadError::TooManyRows(100_000), "100000"),
                (ReadError::TooManyColumns(200), "200"),
                (ReadError::TooManyCells(2_000_000), "2000000"),
                (ReadError::TooLarge(64), "64"),
                (ReadError::CompressionRatio(400), "400"),
                (ReadError::SharedStrings(32), "32"),
                (ReadError::RecordTooLong { row: 7, kib: 1024 }, "1024"),
                (ReadError::XlsRefused, ".xlsx"),
            ] {
                let message = error.message(&tr);
                assert!(message.contains(needle), "{locale:?} {error:?}: {message}");
                assert!(!message.contains("import-"), "{message}");
            }
        }
    }

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

    #[test]
    fn typed_cells_follow_their_column_kind() {
        assert_eq!(Cell::of(Kind::Yuan, "1,234.50"), Cell::Yuan(123_450));
        assert_eq!(Cell::of(Kind::Yuan, "-0.05"), Cell::Yuan(-5));
        assert_eq!(Cell::of(Kind::Yuan, ""), Cell::Empty);
        assert_eq!(Cell::of(Kind::Yuan, "—"), Cell::text("—"));
        assert_eq!(Cell::of(Kind::Number, "12.5"), Cell::Number(12.5));
        assert_eq!(Cell::of(Kind::Number, "1,200"), Cell::Number(1200.0));
        assert_eq!(Cell::of(Kind::Number, "NaN"), Cell::text("NaN"));
        assert_eq!(
            Cell::of(Kind::Date, "2024-03-01"),
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap())
        );
        assert_eq!(Cell::of(Kind::Date, "2024-13-01"), Cell::text("2024-13-01"));
        // Codes stay text, leading zeros and all.
        assert_eq!(Cell::of(Kind::Text, "0101"), Cell::text("0101"));
        let at = domain::time::parse_ts("2026-12-05T17:30:00.000000Z").unwrap();
        assert_eq!(
            Cell::china_time(at),
            Cell::Time(
                chrono::NaiveDate::from_ymd_opt(2026, 12, 6)
                    .unwrap()
                    .and_hms_opt(1, 30, 0)
                    .unwrap()
            )
        );
    }

    #[test]
    fn typed_workbooks_keep_numbers_and_dates_and_read_back_as_text() {
        let headers = vec![
            "code".to_string(),
            "amount".into(),
            "date".into(),
            "n".into(),
        ];
        let rows = vec![vec![
            "0101".to_string(),
            "1,234.56".into(),
            "2024-03-01".into(),
            "7".into(),
        ]];
        let kinds = [Kind::Text, Kind::Yuan, Kind::Date, Kind::Number];
        let bytes = typed_xlsx_bytes("s", &headers, &typed(&kinds, &rows)).unwrap();
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let range = wb.worksheet_range("s").unwrap();
        assert_eq!(range.get((1, 0)), Some(&Data::String("0101".into())));
        assert_eq!(range.get((1, 1)), Some(&Data::Float(1234.56)));
        assert!(matches!(range.get((1, 2)), Some(Data::DateTime(_))));
        assert_eq!(range.get((1, 3)), Some(&Data::Float(7.0)));
        // What the importers read: the same text, so an export imports back unchanged.
        let read = read("t.xlsx", &bytes).unwrap();
        assert_eq!(read[1], vec!["0101", "1234.56", "2024-03-01", "7"]);
        assert_eq!(
            domain::Money::parse_yuan(&read[1][1]),
            domain::Money::parse_yuan(&rows[0][1])
        );
        // Without kinds every cell is text, as before.
        let plain = xlsx_bytes("s", &headers, &rows).unwrap();
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(plain)).unwrap();
        let range = wb.worksheet_range("s").unwrap();
        assert_eq!(range.get((1, 1)), Some(&Data::String("1,234.56".into())));
    }
}
