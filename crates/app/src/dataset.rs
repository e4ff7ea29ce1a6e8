//! The synthetic data set for the ledger benchmark: `zhenxing gen ledger` writes it,
//! `zhenxing import dataset` loads it, and `DIR/journal.ledger` holds the same vouchers for
//! ledger-cli. Villages, organisations and amounts are generated; each year is its own book
//! starting from zero openings (the benchmark measures import and reports, not carry-over).

use domain::identity::{Actor, Scope};
use domain::ledger::voucher_file;
use domain::ledger::{AccountingSystem, ChartTemplate};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::io::{BufWriter, Write};
use std::path::Path;
use store::Db;
use store::StoreError;
use store::ledger::books;
use store::ledger::import::{self, ImportVoucher};

/// A small deterministic generator (xorshift), so the same flags give the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub const DISTRICT: &str = "340899000000";

fn village_code(i: usize) -> (String, String) {
    let town = 101 + i / 50;
    let village = 201 + i % 50;
    (
        format!("340899{town:03}000"),
        format!("340899{town:03}{village:03}"),
    )
}

fn credit_code(i: usize) -> String {
    credit_code_in("340899", i)
}

/// The unified social credit code of the `i`-th generated organisation, registered in the
/// region whose code starts with `county` (six digits).
pub(crate) fn credit_code_in(county: &str, i: usize) -> String {
    let body = format!("N2{county}MG{i:07}");
    let check = domain::ledger::credit_code::check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

/// Pairs of (debit, credit) accounts a village's everyday vouchers use, per chart.
fn entries(system: AccountingSystem) -> &'static [(&'static str, &'static str, &'static str)] {
    match system {
        AccountingSystem::Cs2004 => &[
            ("102", "511", "收到发包款"),
            ("102", "501", "收到出租收入"),
            ("102", "561", "收到投资收益"),
            ("102", "522", "收到补助"),
            ("541", "102", "支付管理费用"),
            ("502", "102", "支付经营支出"),
            ("541", "211", "计提报酬"),
            ("211", "102", "发放报酬"),
            ("101", "102", "提取现金"),
            ("541", "101", "现金支付零星费用"),
        ],
        AccountingSystem::Cs2023 => &[
            ("102", "501", "收到经营收入"),
            ("102", "502", "收到投资收益"),
            ("102", "503", "收到补助"),
            ("513", "102", "支付管理费用"),
            ("511", "102", "支付经营支出"),
            ("513", "212", "计提报酬"),
            ("212", "102", "发放报酬"),
            ("101", "102", "提取现金"),
            ("513", "101", "现金支付零星费用"),
            ("112", "501", "应收经营收入"),
        ],
    }
}

/// Why a generated data set could not be written, or timed.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The database holds nothing to time.
    #[error("{0}")]
    Missing(&'static str),
}

/// Writes regions.csv, orgs.csv, vouchers.csv and journal.ledger into `out`.
pub fn generate(
    out: &Path,
    villages: usize,
    vouchers: usize,
    years: i32,
) -> Result<(), DatasetError> {
    let io = |source: std::io::Error| DatasetError::Io {
        path: out.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out).map_err(io)?;
    let villages = villages.max(1);
    let years = years.max(1);
    let last_year = 2025;
    let first_year = last_year - years + 1;

    let mut regions = BufWriter::new(std::fs::File::create(out.join("regions.csv")).map_err(io)?);
    writeln!(regions, "code,parent_code,name,kind,tags").map_err(io)?;
    writeln!(regions, "{DISTRICT},,合成区,区,").map_err(io)?;
    let mut towns = std::collections::BTreeSet::new();
    for i in 0..villages {
        let (town, _) = village_code(i);
        if towns.insert(town.clone()) {
            writeln!(regions, "{town},{DISTRICT},合成{}镇,镇,", towns.len()).map_err(io)?;
        }
    }
    for i in 0..villages {
        let (town, village) = village_code(i);
        writeln!(regions, "{village},{town},合成{}村,村,", i + 1).map_err(io)?;
    }
    regions.flush().map_err(io)?;

    let mut orgs = BufWriter::new(std::fs::File::create(out.join("orgs.csv")).map_err(io)?);
    writeln!(orgs, "region_code,name,credit_code").map_err(io)?;
    for i in 0..villages {
        let (_, village) = village_code(i);
        writeln!(
            orgs,
            "{village},合成{}村股份经济合作社,{}",
            i + 1,
            credit_code(i + 1)
        )
        .map_err(io)?;
    }
    orgs.flush().map_err(io)?;

    let orgs: Vec<String> = (0..villages).map(|i| credit_code(i + 1)).collect();
    write_vouchers(
        out,
        &orgs,
        first_year,
        last_year,
        per_book(vouchers, villages, years),
        true,
    )
}

/// Vouchers per organisation and year when `vouchers` are spread over `villages` × `years`.
fn per_book(vouchers: usize, villages: usize, years: i32) -> usize {
    vouchers / (villages * years.max(1) as usize).max(1)
}

/// Writes vouchers.csv (and, with `journal`, journal.ledger for ledger-cli) into `out`:
/// `per_book` vouchers of two lines for each organisation (credit code) and year from
/// `first_year` to `last_year`, ordered by organisation and year as `import dataset` reads
/// them, dated over the year and numbered per month.
pub(crate) fn write_vouchers(
    out: &Path,
    orgs: &[String],
    first_year: i32,
    last_year: i32,
    per_book: usize,
    journal: bool,
) -> Result<(), DatasetError> {
    let io = |source: std::io::Error| DatasetError::Io {
        path: out.to_path_buf(),
        source,
    };
    let mut csv = BufWriter::new(std::fs::File::create(out.join("vouchers.csv")).map_err(io)?);
    let mut journal = match journal {
        true => Some(BufWriter::new(
            std::fs::File::create(out.join("journal.ledger")).map_err(io)?,
        )),
        false => None,
    };
    let header: Vec<&str> = voucher_file::COLUMNS.iter().map(|(k, _)| *k).collect();
    writeln!(csv, "{}", header.join(",")).map_err(io)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for org in orgs {
        for year in first_year..=last_year {
            let system = AccountingSystem::for_year(year);
            let choices = entries(system);
            let mut dates: Vec<(u32, u32)> = (0..per_book)
                .map(|_| (1 + rng.below(12) as u32, 1 + rng.below(28) as u32))
                .collect();
            dates.sort();
            let mut numbers = [0u32; 13];
            for (month, day) in dates {
                numbers[month as usize] += 1;
                let number = numbers[month as usize];
                let (debit, credit, summary) = choices[rng.below(choices.len() as u64) as usize];
                let fen = 100 + rng.below(5_000_000) as i64;
                let amount = domain::Money(fen).to_string();
                let date = format!("{year}-{month:02}-{day:02}");
                writeln!(
                    csv,
                    "{org},{date},记-{number:04},{summary},{debit},,{amount},,,0,会计,审核"
                )
                .map_err(io)?;
                writeln!(
                    csv,
                    "{org},{date},记-{number:04},{summary},{credit},,,{amount},,0,会计,审核"
                )
                .map_err(io)?;
                if let Some(journal) = &mut journal {
                    writeln!(
                        journal,
                        "{}/{month:02}/{day:02} * 记-{number:04} {summary}\n    {org}:{debit}  {amount}\n    {org}:{credit}  -{amount}\n",
                        year
                    )
                    .map_err(io)?;
                }
            }
        }
    }
    csv.flush().map_err(io)?;
    if let Some(journal) = &mut journal {
        journal.flush().map_err(io)?;
    }
    Ok(())
}

/// What `import dataset` loaded.
#[derive(Debug, Default)]
pub struct Loaded {
    pub regions: usize,
    pub orgs: usize,
    pub books: usize,
    pub vouchers: usize,
    pub lines: usize,
}

/// Loads a data set written by [`generate`] (or by hand in the same format) into an empty
/// database: regions, organisations, a book per organisation and year, and the vouchers,
/// streamed book by book, all in one transaction (all or nothing: a bad row anywhere, or a
/// kill, leaves the database as it was, so a re-run after fixing the file starts clean).
/// A database that already holds regions, organisations, books or vouchers is refused before
/// anything is written. The vouchers are a previous system's posted books: they are stored
/// as migrated (`origin = 'migrated'`, no reviewer), and the load is audited as a migration
/// with the SHA-256 of each file.
pub async fn import(db: &Db, dir: &Path) -> Result<Loaded, crate::Error> {
    let actor = Actor::system("dataset");
    let read = |name: &str| {
        std::fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
    };
    let i18n = std::sync::Arc::new(usecase::i18n::I18n::load()?);
    let tr = usecase::i18n::Tr::new(i18n.clone(), usecase::i18n::Locale::ZhCn);
    let mut loaded = Loaded::default();
    let message = |e: StoreError| match e {
        StoreError::Domain(domain::DomainError::Invalid(f)) => tr.field_error(&f),
        StoreError::Domain(d) => tr.t(d.code()),
        StoreError::Row { row, error } => format!("row {row}: {}", tr.field_error(&error)),
        other => other.to_string(),
    };

    let regions_bytes = read("regions.csv")?;
    let orgs_bytes = read("orgs.csv")?;
    let regions = usecase::region::parse_file(&i18n, "regions.csv", &regions_bytes)
        .map_err(|e| e.describe(&tr))?;
    let org_rows = usecase::tabular::read("orgs.csv", &orgs_bytes).map_err(|e| e.message(&tr))?;
    let mut sources = vec![
        usecase::ledger::source_of("regions.csv", &regions_bytes),
        usecase::ledger::source_of("orgs.csv", &orgs_bytes),
    ];
    drop((regions_bytes, orgs_bytes));

    // One transaction from here to the commit; nothing is written into a database in use.
    let mut tx = db.begin_write().await.map_err(|e| e.to_string())?;
    import::check_empty(&mut tx).await.map_err(message)?;

    let mut ordered: Vec<&(usize, domain::region::Region)> = regions.iter().collect();
    ordered.sort_by_key(|(row, r)| (r.code.level(), *row));
    for (row, region) in &ordered {
        store::region::save(&mut tx, &actor, region, store::region::SaveMode::Create)
            .await
            .map_err(|e| format!("regions.csv row {row}: {}", message(e)))?;
    }
    loaded.regions = regions.len();
    let top_region = ordered
        .first()
        .map(|(_, r)| r.code.as_str().to_string())
        .ok_or("regions.csv: no regions")?;

    let mut orgs = HashMap::new();
    for (i, row) in org_rows.iter().enumerate().skip(1) {
        let cell = |n: usize| row.get(n).map(String::as_str).unwrap_or("");
        let region = domain::region::RegionCode::parse(cell(0))
            .map_err(|e| format!("orgs.csv row {}: {}", i + 1, tr.field_error(&e)))?;
        let org = books::create_org_in_tx(&mut tx, &actor, &region, cell(1), cell(2))
            .await
            .map_err(|e| format!("orgs.csv row {}: {}", i + 1, message(e)))?;
        orgs.insert(org.credit_code.clone(), org);
    }
    loaded.orgs = orgs.len();

    // Vouchers: a reader thread parses and checks the file book by book (and takes its
    // SHA-256 as it reads) while this one writes the previous book, so the two overlap on
    // two cores; a third drops what was written, as freeing a million strings costs the
    // writer time too.
    let (sender, mut books_read) = tokio::sync::mpsc::channel(4);
    let path = dir.join("vouchers.csv");
    let reader = std::thread::Builder::new()
        .name("vouchers-reader".into())
        .spawn(move || read_books(&path, |book| sender.blocking_send(book).is_ok()))
        .map_err(|e| format!("vouchers.csv: {e}"))?;
    let (written, to_drop) = std::sync::mpsc::channel::<BookRead>();
    std::thread::Builder::new()
        .name("vouchers-drop".into())
        .spawn(move || to_drop.into_iter().for_each(drop))
        .map_err(|e| format!("vouchers.csv: {e}"))?;
    let mut books_seen = std::collections::HashSet::new();
    let mut templates = HashMap::new();
    // On PostgreSQL the books go in through COPY, the ledger's indexes and keys set aside
    // until `finish` builds them again (still in this transaction).
    let mut new_books = import::NewBooks::begin(&mut tx).await.map_err(message)?;
    while let Some(book) = books_read.recv().await {
        let book = book.map_err(|e| match e {
            ReadError::File(e) => format!("vouchers.csv: {e}"),
            ReadError::Row { row, error } => {
                format!("vouchers.csv row {row}: {}", tr.field_error(&error))
            }
        })?;
        let org = orgs.get(&book.org).ok_or_else(|| {
            format!(
                "vouchers.csv row {}: unknown organisation {}",
                book.first_row, book.org
            )
        })?;
        if !books_seen.insert((org.id.clone(), book.year)) {
            return Err(format!(
                "vouchers.csv row {}: organisation {} year {} appears twice; the file must be \
                 ordered by organisation and year",
                book.first_row, book.org, book.year
            )
            .into());
        }
        let template = match templates.entry(book.system) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(book.system.template().map_err(|e| tr.field_error(&e))?),
        };
        let (_, summary) = new_books
            .write(&mut tx, &actor, org, template, &book.prepared, None)
            .await
            .map_err(|e| format!("vouchers.csv: {}", message(e)))?;
        loaded.books += 1;
        loaded.vouchers += summary.vouchers;
        loaded.lines += summary.lines;
        // If the drop thread is gone the book is simply dropped here.
        let _ = written.send(book);
    }
    new_books
        .finish(&mut tx)
        .await
        .map_err(|e| format!("vouchers.csv: {}", message(e)))?;
    let digest = reader
        .join()
        .map_err(|_| "vouchers.csv: the reader thread failed".to_string())?
        .ok_or("vouchers.csv: not read to its end")?;
    sources.push(import::Source {
        file: "vouchers.csv".into(),
        sha256: digest,
    });
    import::record_dataset(
        &mut tx,
        &actor,
        &top_region,
        &sources,
        &[
            ("regions", loaded.regions),
            ("orgs", loaded.orgs),
            ("books", loaded.books),
            ("vouchers", loaded.vouchers),
            ("lines", loaded.lines),
        ],
    )
    .await
    .map_err(message)?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(loaded)
}

/// The vouchers of one organisation and year, parsed and checked by the reader thread
/// against the chart a new book of that year gets.
struct BookRead {
    org: String,
    year: i32,
    system: AccountingSystem,
    first_row: usize,
    prepared: import::Prepared,
}

enum ReadError {
    File(String),
    Row {
        row: usize,
        error: domain::FieldError,
    },
}

/// A reader that feeds what it reads into a SHA-256.
struct Hashing<'a, R> {
    inner: R,
    hasher: &'a mut Sha256,
}

impl<R: std::io::Read> std::io::Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(read) = buf.get(..n) {
            self.hasher.update(read);
        }
        Ok(n)
    }
}

/// Reads vouchers.csv, which the data set orders by organisation and year, and hands each
/// book's parsed vouchers to `deliver`, stopping at the first error or when `deliver`
/// returns false (the writer gave up). Returns the file's SHA-256 (hex) when it was read to
/// its end.
fn read_books(
    path: &Path,
    deliver: impl FnMut(Result<BookRead, ReadError>) -> bool,
) -> Option<String> {
    let mut hasher = Sha256::new();
    let whole = read_books_hashed(path, &mut hasher, deliver);
    whole.then(|| usecase::credentials::hex_digest(hasher.finalize().as_slice()))
}

/// [`read_books`] feeding the bytes read into `hasher`; true when the file was read whole.
fn read_books_hashed(
    path: &Path,
    hasher: &mut Sha256,
    mut deliver: impl FnMut(Result<BookRead, ReadError>) -> bool,
) -> bool {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) => {
            deliver(Err(ReadError::File(e.to_string())));
            return false;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(Hashing {
            inner: std::io::BufReader::new(file),
            hasher,
        });
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(str::to_string).collect(),
        _ => {
            deliver(Err(ReadError::File("empty".into())));
            return false;
        }
    };
    let mut chunk: Vec<Vec<String>> = vec![header];
    let mut chunk_start = 2usize;
    let mut chunk_key: Option<(String, String)> = None;
    let mut row_no = 1usize;
    let mut templates = HashMap::new();
    loop {
        let record: Option<Vec<String>> = match records.next() {
            Some(Ok(r)) => Some(r.iter().map(str::to_string).collect()),
            Some(Err(e)) => {
                deliver(Err(ReadError::File(format!("row {}: {e}", row_no + 1))));
                return false;
            }
            None => None,
        };
        row_no += 1;
        // Flush a book when the organisation or the year changes.
        let key = record.as_ref().map(|r| {
            (
                r.first().cloned().unwrap_or_default(),
                r.get(1)
                    .map(|d| d.chars().take(4).collect())
                    .unwrap_or_default(),
            )
        });
        if chunk.len() > 1 && (record.is_none() || key != chunk_key) {
            let org = chunk_key.clone().unwrap_or_default().0;
            let book = read_book(&chunk, chunk_start, org, &mut templates);
            let failed = book.is_err();
            if !deliver(book) || failed {
                return false;
            }
            chunk.truncate(1);
            chunk_start = row_no;
        }
        let Some(record) = record else {
            return true;
        };
        chunk_key = key;
        chunk.push(record);
    }
}

/// Parses one book's rows (header first; `first_row` is the file row of the second) and
/// checks them against a new book of their year.
fn read_book(
    chunk: &[Vec<String>],
    first_row: usize,
    org: String,
    templates: &mut HashMap<AccountingSystem, ChartTemplate>,
) -> Result<BookRead, ReadError> {
    let file_row = |row: usize| row + first_row - 2;
    let parsed = voucher_file::parse(chunk).map_err(|e| ReadError::Row {
        row: file_row(e.row),
        error: e.error,
    })?;
    let items: Vec<ImportVoucher> = parsed
        .into_iter()
        .map(|v| ImportVoucher {
            row: file_row(v.row),
            number: v.number,
            voucher: v.voucher,
            preparer: v.preparer,
            reviewer: v.reviewer,
        })
        .collect();
    let year = items.first().map(|v| v.voucher.period.year).unwrap_or(0);
    let system = AccountingSystem::for_year(year);
    let template = match templates.entry(system) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(e) => e.insert(system.template().map_err(|error| ReadError::Row {
            row: first_row,
            error,
        })?),
    };
    let mut state = import::BookState::new_book(template, year);
    let prepared =
        import::prepare(&mut state, &items, import::Mode::Migration).map_err(|e| match e {
            StoreError::Row { row, error } => ReadError::Row { row, error },
            other => ReadError::File(other.to_string()),
        })?;
    Ok(BookRead {
        org,
        year,
        system,
        first_row,
        prepared,
    })
}

/// Times the two questions the district asks most, after an import: a village's trial
/// balance for one month and the classification for one year. Returns (median ms, median ms).
pub async fn time_queries(db: &Db, runs: usize) -> Result<(f64, f64), DatasetError> {
    let scope = Scope::system();
    let orgs = books::list_orgs(db, &scope).await?;
    let org = orgs.first().ok_or(DatasetError::Missing(
        "no organisations: import a data set first",
    ))?;
    let book = books::list_books(db, &scope, &org.id)
        .await?
        .into_iter()
        .last()
        .ok_or(DatasetError::Missing("no books"))?;
    let period =
        domain::ledger::Period::new(book.year, 6).ok_or(DatasetError::Missing("bad year"))?;
    let mut trial = Vec::new();
    let mut classes = Vec::new();
    for _ in 0..runs.max(1) {
        let t = std::time::Instant::now();
        store::ledger::reports::trial_balance(db, &scope, &book.id, period, period).await?;
        trial.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = std::time::Instant::now();
        store::ledger::classification::classify(db, &scope, book.year).await?;
        classes.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    Ok((median(&mut trial), median(&mut classes)))
}
