//! `zhenxing`: the platform's one binary (command line, configuration, demo data).

pub mod backup;
pub mod bench_assessment;
pub mod bench_mechanism;
pub mod bench_portal;
pub mod config;
pub mod dataset;
pub mod dbcopy;
pub mod demo;
pub mod demo_assessment;
pub mod demo_disclosure;
pub mod demo_industry;
pub mod demo_ledger;
pub mod demo_mechanism;
pub mod demo_news;
pub mod demo_pay;
pub mod demo_people;
pub mod disclosure;
pub mod error;
pub mod gen_province;
pub mod server;

pub use error::Error;

use clap::{Args, Parser, Subcommand};
use config::{FileConfig, Settings};
use domain::identity::{Actor, Role};
use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use store::Db;

#[derive(Parser)]
#[command(
    name = "zhenxing",
    version,
    about = "振兴 Zhenxing — 党建引领乡村振兴 platform"
)]
struct Cli {
    /// Optional TOML configuration file (keys: listen, data_dir, database_url, public_url, log,
    /// trust_proxy, metrics_allow, metrics_token, header_timeout, request_timeout,
    /// max_connections, shutdown_grace, backup_at, backup_keep, backup_dir, upload_max_bytes,
    /// and an [import] table; see README.md).
    #[arg(long, env = "ZHENXING_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone, Default)]
struct DbArgs {
    /// Data directory; the default database is sqlite://<data-dir>/zhenxing.db.
    #[arg(long, env = "ZHENXING_DATA_DIR", global = true)]
    data_dir: Option<PathBuf>,
    /// sqlite://path or postgres://user@host/db (default: SQLite under the data directory).
    #[arg(long, env = "ZHENXING_DATABASE_URL", global = true)]
    database_url: Option<String>,
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "ZHENXING_LISTEN")]
    listen: Option<String>,
    /// The address users reach the platform at; https:// makes cookies Secure.
    #[arg(long, env = "ZHENXING_PUBLIC_URL")]
    public_url: Option<String>,
    /// Behind a reverse proxy (nginx …): take the client address, for sign-in throttling and
    /// logs, from X-Forwarded-For / X-Real-IP. Only when the proxy sets those headers itself.
    #[arg(long, env = "ZHENXING_TRUST_PROXY", num_args = 0..=1, default_missing_value = "true")]
    trust_proxy: Option<bool>,
    /// Addresses or networks that may read /metrics, comma-separated (e.g.
    /// 127.0.0.1,10.0.0.0/8) [default: loopback only: 127.0.0.0/8 and ::1].
    #[arg(long, env = "ZHENXING_METRICS_ALLOW")]
    metrics_allow: Option<String>,
    /// A token that reads /metrics from any address as `Authorization: Bearer <token>`.
    #[arg(long, env = "ZHENXING_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,
    /// Seconds a client has to send a request's head before the connection is closed
    /// [default: 10].
    #[arg(long, env = "ZHENXING_HEADER_TIMEOUT", value_parser = clap::value_parser!(u64).range(config::HEADER_TIMEOUT.0..=config::HEADER_TIMEOUT.1))]
    header_timeout: Option<u64>,
    /// Seconds a whole request (head, body, answer) may take; 503 after that [default: 120].
    #[arg(long, env = "ZHENXING_REQUEST_TIMEOUT", value_parser = clap::value_parser!(u64).range(config::REQUEST_TIMEOUT.0..=config::REQUEST_TIMEOUT.1))]
    request_timeout: Option<u64>,
    /// Connections served at once; more wait until one closes [default: 1024].
    #[arg(long, env = "ZHENXING_MAX_CONNECTIONS", value_parser = clap::value_parser!(u64).range(config::MAX_CONNECTIONS.0..=config::MAX_CONNECTIONS.1))]
    max_connections: Option<u64>,
    /// Seconds in-flight requests get to finish on Ctrl-C or SIGTERM before the server exits
    /// [default: 10].
    #[arg(long, env = "ZHENXING_SHUTDOWN_GRACE", value_parser = clap::value_parser!(u64).range(config::SHUTDOWN_GRACE.0..=config::SHUTDOWN_GRACE.1))]
    shutdown_grace: Option<u64>,
    /// Take a backup every day at this China time, HH:MM or HH:MM:SS (SQLite only; on
    /// PostgreSQL use pg_dump).
    #[arg(long, env = "ZHENXING_BACKUP_AT")]
    backup_at: Option<String>,
    /// Scheduled backups kept; older ones are deleted [default: 7].
    #[arg(long, env = "ZHENXING_BACKUP_KEEP", value_parser = clap::value_parser!(u64).range(config::BACKUP_KEEP.0..=config::BACKUP_KEEP.1))]
    backup_keep: Option<u64>,
    /// Where scheduled backups go [default: <data-dir>/backups].
    #[arg(long, env = "ZHENXING_BACKUP_DIR")]
    backup_dir: Option<PathBuf>,
    /// The largest upload (imports, attachments, documents, photos) in bytes; a larger one
    /// is refused with 413 naming the limit [default: 67108864, 64 MiB].
    #[arg(long, env = "ZHENXING_UPLOAD_MAX_BYTES")]
    upload_max_bytes: Option<u64>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the platform.
    Serve(ServeArgs),
    /// Load the demo data set (once), print the demo accounts, then serve.
    Demo(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DbArgs),
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import or export regions (.xlsx or .csv).
    Region {
        #[command(subcommand)]
        command: RegionCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import files: vouchers of the collective economy's books.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Take a consistent online backup of the SQLite database (the server may keep running),
    /// with a manifest of its size, SHA-256 and row counts beside it.
    Backup {
        /// The backup file [default: <data-dir>/backups/zhenxing-<date>-<time>.db].
        #[arg(long)]
        to: Option<PathBuf>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Restore a backup into a data directory that holds no database yet, then verify it
    /// (digest, migrations, `check`, row counts).
    Restore {
        /// The backup file (its manifest `<file>.manifest.json` beside it).
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Check the database: file integrity (SQLite), the audit log's append-only guard, and
    /// the books (balances equal posted lines, reversals, balanced vouchers). Prints what it
    /// finds; exit status 1 when anything is found.
    Check(DbArgs),
    /// Copy a whole deployment into another database (SQLite → PostgreSQL or back).
    Db {
        #[command(subcommand)]
        command: DbCommand,
    },
    /// Benchmarks (see bench/ledger.sh, bench/mechanism.sh and docs/benchmarks.md).
    Bench {
        #[command(subcommand)]
        command: BenchCommand,
        #[command(flatten)]
        db: DbArgs,
    },
    /// The disclosure log (issue 15): its public key, and the offline check of a downloaded
    /// item.
    Disclosure {
        #[command(subcommand)]
        command: DisclosureCommand,
    },
    /// Print generated artefacts.
    Gen {
        #[command(subcommand)]
        command: GenCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input, never from the command line.
    Add {
        #[arg(long)]
        username: String,
        /// district_admin, district_leader, town_officer, village_cadre or first_secretary.
        #[arg(long)]
        role: String,
        /// 12-digit statistical code of the user's region.
        #[arg(long)]
        region: String,
        /// Name shown in the interface [default: the username].
        #[arg(long)]
        display_name: Option<String>,
    },
    /// Set a user's password (read from standard input).
    Passwd { username: String },
    /// API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it once; only its hash is stored.
    Create {
        username: String,
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

#[derive(Subcommand)]
enum RegionCommand {
    /// Import regions from .xlsx or .csv, all or nothing.
    Import {
        file: PathBuf,
        /// Language of error messages (zh-CN or en-US).
        #[arg(long, default_value = "zh-CN")]
        lang: String,
    },
    /// Export all regions to .xlsx or .csv (by the file's extension).
    Export { file: PathBuf },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import vouchers from .xlsx or .csv (the voucher file format), all or nothing, as
    /// drafts for another user to review and post.
    Vouchers {
        file: PathBuf,
        /// The organisation (id or unified social credit code) when rows carry none.
        #[arg(long)]
        org: Option<String>,
        /// The user the import runs as (their scope; the drafts' preparer). Without it the
        /// drafts are prepared by `system:cli`.
        #[arg(long)]
        user: Option<String>,
        /// Migration of a previous system's posted books: the vouchers are posted and marked
        /// as migrated (no reviewer taken from the file), audited with the file's SHA-256.
        /// Needs --user naming an active district admin.
        #[arg(long)]
        migrated: bool,
        /// Language of error messages (zh-CN or en-US).
        #[arg(long, default_value = "zh-CN")]
        lang: String,
    },
    /// Load a data set written by `zhenxing gen ledger` or `zhenxing gen province` into an
    /// empty database (PostgreSQL: through COPY).
    Dataset { dir: PathBuf },
}

#[derive(Subcommand)]
enum DbCommand {
    /// Copy everything from --from into --to in one transaction on the target (migrated
    /// first; it must hold no data), verify every table's row count, then run `check` on the
    /// target. Exit status 1 when anything differs; the target is then left as it was.
    Copy {
        /// The source: sqlite://path or postgres://user@host/db (read, never written).
        #[arg(long)]
        from: String,
        /// The target: sqlite://path or postgres://user@host/db, new or empty.
        #[arg(long)]
        to: String,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Serve a bare axum handler answering every GET with a fixed string, through the same
    /// server loop as `serve`: the yardstick of the public portal's speed (bench/portal.sh).
    BareHttp {
        #[arg(long, default_value = "127.0.0.1:18081")]
        listen: String,
    },
    /// Time a village's one-month trial balance and a year's classification (medians).
    LedgerQueries {
        #[arg(long, default_value_t = 21)]
        runs: usize,
    },
    /// Time the year's classification of regions of a loaded `gen province` data set
    /// (medians; see bench/province.sh).
    Province {
        /// A 12-digit region code, or `province` for the whole database; repeatable.
        #[arg(long = "region", default_values_t = ["340102000000".to_string(), "province".to_string()])]
        regions: Vec<String>,
        #[arg(long, default_value_t = 2025)]
        year: i32,
        #[arg(long, default_value_t = 11)]
        runs: usize,
    },
    /// Generate a synthetic district into an empty database, then time the compliance
    /// board of its last year (median; see bench/mechanism.sh).
    Compliance {
        #[arg(long, default_value_t = 500)]
        villages: usize,
        #[arg(long, default_value_t = 200)]
        assignments: usize,
        #[arg(long, default_value_t = 5)]
        years: i32,
        #[arg(long, default_value_t = 21)]
        runs: usize,
    },
    /// Build the compliance benchmark's district with the books of `gen ledger` into an
    /// empty database, then time every computed metric for all its villages, the compute of
    /// a 10-indicator assessment of them and its result pages (medians; see
    /// bench/assessment.sh).
    Assessment {
        #[arg(long, default_value_t = 500)]
        villages: usize,
        #[arg(long, default_value_t = 500_000)]
        vouchers: usize,
        #[arg(long, default_value_t = 200)]
        assignments: usize,
        #[arg(long, default_value_t = 11)]
        runs: usize,
    },
}

#[derive(Subcommand)]
enum DisclosureCommand {
    /// Print the log's public key (base64), its key id and verifier key; makes the key in the
    /// data directory when there is none, as the server does on first start.
    Key {
        /// The address users reach the platform at (the checkpoints' origin and key id).
        #[arg(long, env = "ZHENXING_PUBLIC_URL")]
        public_url: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Check a downloaded bundle.json offline: the snapshot's hash, its inclusion proof and
    /// the checkpoint's signature. Exit status 0 only when everything verifies.
    Verify {
        file: PathBuf,
        /// The log's public key (base64) you trust; without it the bundle's own key is used,
        /// and the report says so.
        #[arg(long)]
        key: Option<String>,
    },
}

#[derive(Subcommand)]
enum GenCommand {
    /// A synthetic ledger data set: regions.csv, orgs.csv, vouchers.csv and journal.ledger.
    Ledger {
        #[arg(long, default_value_t = 17)]
        villages: usize,
        #[arg(long, default_value_t = 500_000)]
        vouchers: usize,
        #[arg(long, default_value_t = 10)]
        years: i32,
        #[arg(long)]
        out: PathBuf,
    },
    /// A province-sized data set for `import dataset` (issue 16): regions.csv (districts of
    /// 20 towns, towns of 15 villages, codes under the province 34), orgs.csv and vouchers.csv.
    Province {
        #[arg(long, default_value_t = 16_000)]
        villages: usize,
        #[arg(long, default_value_t = 5)]
        years: i32,
        #[arg(long, default_value_t = 63)]
        vouchers_per_village_year: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// The OpenAPI document of /api/v1.
    Openapi,
}

/// Runs the command line and returns the process exit code.
pub fn main_entry() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with success; usage errors as clap prints them.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(level: Option<&str>) {
    let filter = std::env::var("ZHENXING_LOG")
        .ok()
        .or_else(|| level.map(str::to_string))
        .unwrap_or_else(|| "info".to_string());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

async fn run(cli: Cli) -> Result<(), Error> {
    let file = match &cli.config {
        Some(path) => FileConfig::load(path)?,
        None => FileConfig::default(),
    };
    init_logging(file.log.as_deref());
    match cli.command {
        Command::Serve(args) => serve(args, file, false).await,
        Command::Demo(args) => serve(args, file, true).await,
        Command::Backup { to, db } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let to = to.unwrap_or_else(|| backup::default_file(&settings.data_dir));
            let db = open(&settings).await?;
            let manifest = backup::backup(&db, &settings.data_dir, &to).await?;
            let rows: i64 = manifest.tables.values().sum();
            println!(
                "备份完成 backup written: {} ({} bytes, {} rows in {} tables, sha256 {})",
                to.display(),
                manifest.bytes,
                rows,
                manifest.tables.len(),
                manifest.sha256
            );
            Ok(())
        }
        Command::Restore {
            file: backup_file,
            db,
        } => {
            if db.database_url.is_some() {
                return Err(
                    "restore goes into --data-dir (SQLite); for PostgreSQL use pg_restore".into(),
                );
            }
            let settings = Settings::merge(None, db.data_dir, None, None, file);
            let manifest = backup::restore(&backup_file, &settings.data_dir).await?;
            println!(
                "恢复完成并已核对 restored and verified: {} → {} ({} tables, check passed)",
                backup_file.display(),
                settings.data_dir.join("zhenxing.db").display(),
                manifest.tables.len()
            );
            Ok(())
        }
        Command::Check(db) => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            let findings = store::check::run(&db).await.map_err(|e| e.to_string())?;
            if findings.is_empty() {
                println!("一致：未发现问题 (consistent: nothing found)");
                return Ok(());
            }
            for f in &findings {
                println!("{}\t{}", f.kind, f.detail);
            }
            Err(format!(
                "发现 {} 个问题 ({} findings)",
                findings.len(),
                findings.len()
            )
            .into())
        }
        Command::Migrate(db) => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            println!("migrations applied ({})", db.backend().as_str());
            Ok(())
        }
        Command::User { command, db } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            user_command(&db, command).await
        }
        Command::Region { command, db } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            region_command(&db, command).await
        }
        Command::Import { command, db } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = match command {
                ImportCommand::Dataset { .. } => open_for_load(&settings).await?,
                _ => open(&settings).await?,
            };
            match command {
                ImportCommand::Vouchers {
                    file,
                    org,
                    user,
                    migrated,
                    lang,
                } => {
                    let locale =
                        usecase::i18n::Locale::parse(&lang).unwrap_or(usecase::i18n::Locale::ZhCn);
                    let i18n = std::sync::Arc::new(usecase::i18n::I18n::load()?);
                    let tr = usecase::i18n::Tr::new(i18n, locale);
                    let actor = match &user {
                        Some(name) => {
                            let record = store::identity::find_for_login(&db, name)
                                .await
                                .map_err(|e| e.to_string())?
                                .filter(|u| u.active)
                                .ok_or_else(|| format!("no active user {name}"))?;
                            record.actor().map_err(|e| tr.field_error(&e))?
                        }
                        None if migrated => {
                            return Err(format!(
                                "--migrated needs --user naming a district admin: {}",
                                tr.t("auth-forbidden")
                            )
                            .into());
                        }
                        None => Actor::system("cli"),
                    };
                    let mode = if migrated {
                        store::ledger::import::check_migration(&actor)
                            .map_err(|e| tr.t(e.code()))?;
                        store::ledger::import::Mode::Migration
                    } else {
                        store::ledger::import::Mode::Draft
                    };
                    let bytes = std::fs::read(&file)
                        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                    let name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default();
                    let summary = usecase::ledger::import_vouchers(
                        &db,
                        &actor,
                        &name,
                        &bytes,
                        org.as_deref(),
                        mode,
                    )
                    .await
                    .map_err(|e| e.describe(&tr))?;
                    let how = if migrated {
                        "posted as migrated"
                    } else {
                        "drafts to review"
                    };
                    println!(
                        "imported {name}: {} vouchers, {} lines ({how})",
                        summary.vouchers, summary.lines
                    );
                    Ok(())
                }
                ImportCommand::Dataset { dir } => {
                    let loaded = dataset::import(&db, &dir).await?;
                    println!(
                        "imported {}: {} regions, {} organisations, {} books, {} vouchers, {} lines",
                        dir.display(),
                        loaded.regions,
                        loaded.orgs,
                        loaded.books,
                        loaded.vouchers,
                        loaded.lines
                    );
                    Ok(())
                }
            }
        }
        Command::Disclosure {
            command: DisclosureCommand::Key { public_url, db },
        } => {
            let settings = Settings::merge(None, db.data_dir, None, public_url, file);
            let signer =
                disclosure::load_or_create_key(&settings.data_dir).map_err(|e| e.to_string())?;
            print!(
                "{}",
                disclosure::describe_key(&signer, &settings.public_url)
            );
            Ok(())
        }
        Command::Disclosure {
            command: DisclosureCommand::Verify { file, key },
        } => {
            let report =
                disclosure::verify_file(&file, key.as_deref()).map_err(|e| e.to_string())?;
            print!("{report}");
            Ok(())
        }
        Command::Db {
            command: DbCommand::Copy { from, to },
        } => Ok(dbcopy::run(&from, &to, file).await.map(|_| ())?),
        Command::Bench {
            command: BenchCommand::BareHttp { listen },
            ..
        } => bench_portal::serve_bare(&listen, shutdown_signal()).await,
        Command::Bench {
            command: BenchCommand::LedgerQueries { runs },
            db,
        } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            let (trial, classification) = dataset::time_queries(&db, runs).await?;
            println!("trial_balance_month_ms {trial:.2}");
            println!("classification_year_ms {classification:.2}");
            Ok(())
        }
        Command::Bench {
            command:
                BenchCommand::Province {
                    regions,
                    year,
                    runs,
                },
            db,
        } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            for t in gen_province::time_classification(&db, &regions, year, runs).await? {
                println!(
                    "classification {} {year}: {} villages, median {:.1} ms (operating income {} fen)",
                    t.region, t.villages, t.median_ms, t.income_fen
                );
            }
            Ok(())
        }
        Command::Bench {
            command:
                BenchCommand::Compliance {
                    villages,
                    assignments,
                    years,
                    runs,
                },
            db,
        } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            let options = bench_mechanism::Options {
                villages,
                assignments,
                years,
                runs,
            };
            let r = bench_mechanism::run(&db, options).await?;
            println!(
                "generated: {} towns, {} villages, {} assignments, {} meetings, {} visits, {} problems in {:.1} s",
                r.towns,
                r.villages,
                r.assignments,
                r.meetings,
                r.visits,
                r.problems,
                r.generate_secs
            );
            println!("board {}: {} cells, {} missed", r.year, r.cells, r.missed);
            println!("compliance_board_year_ms {:.2}", r.board_ms);
            Ok(())
        }
        Command::Bench {
            command:
                BenchCommand::Assessment {
                    villages,
                    vouchers,
                    assignments,
                    runs,
                },
            db,
        } => {
            let settings = Settings::merge(None, db.data_dir, db.database_url, None, file);
            let db = open(&settings).await?;
            let work =
                std::env::temp_dir().join(format!("zx-bench-assessment-{}", domain::Id::new()));
            let options = bench_assessment::Options {
                villages,
                vouchers,
                assignments,
                runs,
            };
            let r = bench_assessment::run(&db, &work, options).await;
            let _ = std::fs::remove_dir_all(&work);
            let r = r?;
            println!(
                "generated: {} villages, {} books, {} vouchers, {} meetings, {} problems, {} people and industry rows in {:.1} s",
                r.villages,
                r.books,
                r.vouchers,
                r.meetings,
                r.problems,
                r.people_rows,
                r.generate_secs
            );
            for (m, ms, value, of) in &r.metrics {
                println!(
                    "by_village {:<26} {ms:>9.2} ms   (villages' sum {value}, of {of})",
                    m.as_str()
                );
            }
            println!(
                "metrics_all_villages_ms {:.2} ({} metrics)",
                r.total_ms,
                r.metrics.len()
            );
            println!("one_value_a_village_ms {:.2} (once)", r.one_by_one_ms);
            println!("reference_count_vouchers_ms {:.2}", r.count_vouchers_ms);
            println!("reference_classify_district_ms {:.2}", r.classify_ms);
            if r.count_vouchers_ms > 0.0 && r.classify_ms > 0.0 {
                println!(
                    "ratio metrics/count_vouchers {:.1}, metrics/classify {:.1}",
                    r.total_ms / r.count_vouchers_ms,
                    r.total_ms / r.classify_ms
                );
            }
            bench_assessment::print_assessment(&r);
            Ok(())
        }
        Command::Gen {
            command:
                GenCommand::Ledger {
                    villages,
                    vouchers,
                    years,
                    out,
                },
        } => {
            dataset::generate(&out, villages, vouchers, years)?;
            println!("wrote {}", out.display());
            Ok(())
        }
        Command::Gen {
            command:
                GenCommand::Province {
                    villages,
                    years,
                    vouchers_per_village_year,
                    out,
                },
        } => {
            let g = gen_province::generate(&out, villages, years, vouchers_per_village_year)?;
            println!(
                "wrote {}: {} districts, {} towns, {} villages, {} books, {} vouchers",
                out.display(),
                g.districts,
                g.towns,
                g.villages,
                g.books,
                g.vouchers
            );
            Ok(())
        }
        Command::Gen {
            command: GenCommand::Openapi,
        } => {
            let doc = web::api::openapi();
            let json = serde_json_pretty(&doc)?;
            println!("{json}");
            Ok(())
        }
    }
}

fn serde_json_pretty(doc: &impl serde::Serialize) -> Result<String, Error> {
    Ok(web::api::to_pretty_json(doc)?)
}

/// Connects (creating the SQLite data directory when needed) and migrates.
async fn open(settings: &Settings) -> Result<Db, Error> {
    open_with(settings, false).await
}

/// `open` for a command that loads a large data set into a database it has to itself.
async fn open_for_load(settings: &Settings) -> Result<Db, Error> {
    open_with(settings, true).await
}

async fn open_with(settings: &Settings, load: bool) -> Result<Db, Error> {
    let url = &settings.database_url;
    if url.starts_with("sqlite:")
        && settings
            .database_url
            .contains(&*settings.data_dir.to_string_lossy())
    {
        std::fs::create_dir_all(&settings.data_dir).map_err(|source| Error::DataDir {
            path: settings.data_dir.clone(),
            source,
        })?;
    }
    let shown = store::db::redact_url(url);
    let db = if load {
        Db::connect_for_load(url).await
    } else {
        Db::connect(url).await
    }
    .map_err(|source| Error::OpenDb {
        shown: shown.clone(),
        source,
    })?;
    db.migrate()
        .await
        .map_err(|source| Error::MigrateDb { shown, source })?;
    Ok(db)
}

fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

async fn serve(args: ServeArgs, file: FileConfig, demo_mode: bool) -> Result<(), Error> {
    let trust_proxy = args.trust_proxy.or(file.trust_proxy).unwrap_or(false);
    let (metrics_allow, metrics_token) =
        config::metrics_access(args.metrics_allow, args.metrics_token, &file)?;
    let limits = config::server_limits(
        config::LimitFlags {
            header_timeout: args.header_timeout,
            request_timeout: args.request_timeout,
            max_connections: args.max_connections,
            shutdown_grace: args.shutdown_grace,
        },
        &file,
    )?;
    let import_limits = config::import_limits(&file)?;
    let upload_max_bytes = config::upload_max_bytes(args.upload_max_bytes, &file)?;
    let backup_flags = config::BackupFlags {
        at: args.backup_at,
        keep: args.backup_keep,
        dir: args.backup_dir,
    };
    // The backup keys are taken before the file goes into the merge.
    let backup_file = FileConfig {
        backup_at: file.backup_at.clone(),
        backup_keep: file.backup_keep,
        backup_dir: file.backup_dir.clone(),
        ..FileConfig::default()
    };
    let settings = Settings::merge(
        args.listen,
        args.db.data_dir,
        args.db.database_url,
        args.public_url,
        file,
    );
    let schedule = config::backup_schedule(
        backup_flags,
        &backup_file,
        &settings.data_dir,
        &settings.database_url,
    )?;
    let addr: SocketAddr = settings.listen.parse().map_err(|_| {
        format!(
            "--listen {}: expected an address such as 127.0.0.1:8080",
            settings.listen
        )
    })?;
    let db = open(&settings).await?;
    if demo_mode {
        let loaded = demo::load(&db).await?;
        tracing::info!(loaded, "demo data set ready");
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let state = web::AppState::new(
        db.clone(),
        web::WebConfig {
            public_url: settings.public_url.clone(),
            demo: demo_mode,
            trust_proxy,
            metrics_allow,
            metrics_token,
            import_limits,
            upload_max_bytes,
            disclosure_signer: Some(std::sync::Arc::new(
                disclosure::load_or_create_key(&settings.data_dir).map_err(|e| e.to_string())?,
            )),
            public_limits: Default::default(),
        },
    )?;
    tracing::info!(
        listen = %addr,
        database = %store::db::redact_url(&settings.database_url),
        backend = db.backend().as_str(),
        "zhenxing serving"
    );
    let backups = schedule.map(|schedule| {
        tracing::info!(
            dir = %schedule.dir.display(),
            "scheduled backups every day at {} China time, the newest {} kept",
            schedule.at,
            schedule.keep
        );
        let metrics = state.metrics.clone();
        tokio::spawn(backup::run_schedule(
            db.clone(),
            settings.data_dir.clone(),
            schedule,
            move |at| metrics.backup_succeeded(at.timestamp()),
        ))
    });
    if demo_mode {
        println!();
        println!("振兴 Zhenxing demo: {}", settings.public_url);
        println!(
            "示例账号 / demo accounts (password 密码: {}):",
            demo::DEMO_PASSWORD
        );
        for (username, name, role, region) in demo::ACCOUNTS {
            println!("  {username:<8} {:<16} {region}  {name}", role.as_str());
        }
        println!();
    }
    server::serve(listener, web::router(state), limits, shutdown_signal()).await;
    if let Some(task) = backups {
        // A backup under way is abandoned (its file has no manifest: never pruned as ours).
        task.abort();
    }
    db.close().await;
    Ok(())
}

/// Ctrl-C or SIGTERM (what service managers send) ends the server after in-flight requests.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}

/// Reads a password: hidden prompt on a terminal, one line from a pipe.
fn read_password(username: &str) -> Result<String, Error> {
    let stdin = std::io::stdin();
    let password = if stdin.is_terminal() {
        let first = rpassword::prompt_password(format!("password for {username}: "))
            .map_err(|e| e.to_string())?;
        let second = rpassword::prompt_password("again: ").map_err(|e| e.to_string())?;
        if first != second {
            return Err("the two passwords differ".into());
        }
        first
    } else {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    domain::identity::check_password(&password, username)
        .map_err(|e| format!("password refused: {}", cli_message(&e)))?;
    Ok(password)
}

/// A field error in Chinese, the command line's language.
fn cli_message(e: &domain::FieldError) -> String {
    match usecase::i18n::I18n::load() {
        Ok(i18n) => usecase::i18n::Tr::new(std::sync::Arc::new(i18n), usecase::i18n::Locale::ZhCn)
            .field_error(e),
        Err(_) => e.to_string(),
    }
}

async fn find_user(db: &Db, username: &str) -> Result<store::identity::UserRecord, Error> {
    store::identity::find_for_login(db, username)
        .await?
        .ok_or_else(|| Error::NoUser(username.to_string()))
}

async fn user_command(db: &Db, command: UserCommand) -> Result<(), Error> {
    let actor = Actor::system("cli");
    match command {
        UserCommand::Add {
            username,
            role,
            region,
            display_name,
        } => {
            let username = username.trim().to_lowercase();
            domain::identity::check_username(&username).map_err(|e| cli_message(&e))?;
            let role = Role::parse(&role).map_err(|e| cli_message(&e))?;
            let region = domain::region::RegionCode::parse(&region).map_err(|e| cli_message(&e))?;
            let password = read_password(&username)?;
            let hash = usecase::credentials::hash(password).await?;
            let user = store::identity::create_user(
                db,
                &actor,
                store::identity::NewUser {
                    display_name: display_name.unwrap_or_else(|| username.clone()),
                    username,
                    role,
                    region,
                    password_hash: hash,
                },
            )
            .await
            .map_err(|e| store_message(&e))?;
            println!(
                "user {} added ({}, {})",
                user.username, user.role, user.region_code
            );
            Ok(())
        }
        UserCommand::Passwd { username } => {
            let user = find_user(db, &username).await?;
            let password = read_password(&user.username)?;
            let hash = usecase::credentials::hash(password).await?;
            store::identity::set_password(db, &actor, &user.id, &hash)
                .await
                .map_err(|e| store_message(&e))?;
            println!("password of {} changed", user.username);
            Ok(())
        }
        UserCommand::Token {
            command: TokenCommand::Create { username, name },
        } => {
            let user = find_user(db, &username).await?;
            let token = usecase::credentials::new_api_token()?;
            let hash = usecase::credentials::sha256_hex(&token);
            store::identity::create_token(db, &actor, &user, &name, &hash)
                .await
                .map_err(|e| store_message(&e))?;
            println!("{token}");
            eprintln!(
                "This token is shown once; only its hash is stored. Use it as: Authorization: Bearer <token>"
            );
            Ok(())
        }
    }
}

fn store_message(e: &store::StoreError) -> String {
    match e {
        store::StoreError::Domain(domain::DomainError::Invalid(f)) => cli_message(f),
        store::StoreError::Domain(d) => d.code().to_string(),
        other => one_line(&other.to_string()),
    }
}

async fn region_command(db: &Db, command: RegionCommand) -> Result<(), Error> {
    let i18n = std::sync::Arc::new(usecase::i18n::I18n::load()?);
    match command {
        RegionCommand::Import { file, lang } => {
            let locale = usecase::i18n::Locale::parse(&lang).unwrap_or(usecase::i18n::Locale::ZhCn);
            let tr = usecase::i18n::Tr::new(i18n.clone(), locale);
            let bytes =
                std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let actor = Actor::system("cli");
            let s = usecase::region::import_file(db, &actor, &i18n, &name, &bytes)
                .await
                .map_err(|e| e.describe(&tr))?;
            println!(
                "imported {name}: {} created, {} updated, {} unchanged",
                s.created, s.updated, s.unchanged
            );
            Ok(())
        }
        RegionCommand::Export { file } => {
            let tr = usecase::i18n::Tr::new(i18n, usecase::i18n::Locale::ZhCn);
            let records = store::region::all(db, &domain::identity::Scope::system())
                .await
                .map_err(|e| e.to_string())?;
            let header = usecase::region::header(&tr);
            let rows = usecase::region::export_rows(&records);
            let name = file.to_string_lossy().to_lowercase();
            let bytes = if name.ends_with(".csv") {
                usecase::tabular::csv_bytes(&header, &rows)
            } else {
                usecase::tabular::xlsx_bytes("regions", &header, &rows)
            }?;
            std::fs::write(&file, bytes)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            println!("exported {} regions to {}", records.len(), file.display());
            Ok(())
        }
    }
}
