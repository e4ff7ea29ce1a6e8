//! The demo data set: 大观区 with 海口镇, 十里铺乡 and 山口乡 and 17 villages among them,
//! 保婴村, 十里村 and 山口村 tagged as key villages, and one account per role; then the books
//! (`demo_ledger`), the work mechanism (`demo_mechanism`), the people and talent
//! (`demo_people`) and the industry projects (`demo_industry`). Loading it twice adds nothing.
//! Village names other than 保婴村 and all figures are illustrative (the pages say so).

use domain::identity::{Actor, Role};
use domain::region::RegionInput;
use store::Db;

/// Why loading the demo (or generating a benchmark's data) failed: which step, and why.
/// The demo's data are fixed, so any of these is a defect of the demo or a database failure.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// A store call of a step failed (a rule refused the demo's data, or the database).
    #[error("{what}: {source}")]
    Store {
        what: String,
        source: store::StoreError,
    },
    /// The database failed outside a named step.
    #[error(transparent)]
    Database(#[from] store::StoreError),
    /// A fixed date of the demo that is not a date.
    #[error("bad date {year}-{month}-{day}")]
    Date { year: i32, month: u32, day: u32 },
    /// The demo's own data broke a rule of the domain (worded by the step that found it).
    #[error("{0}")]
    Data(String),
}

impl From<String> for DemoError {
    fn from(step: String) -> Self {
        DemoError::Data(step)
    }
}

impl From<&str> for DemoError {
    fn from(step: &str) -> Self {
        DemoError::Data(step.to_string())
    }
}

impl DemoError {
    /// The error of a store call made by step `what`.
    pub fn store(what: impl std::fmt::Display) -> impl Fn(store::StoreError) -> DemoError {
        move |source| DemoError::Store {
            what: what.to_string(),
            source,
        }
    }

    pub fn date(year: i32, month: u32, day: u32) -> DemoError {
        DemoError::Date { year, month, day }
    }
}

pub const DEMO_PASSWORD: &str = "Zhenxing2026!";
const MARKER: &str = "demo_loaded";

/// (username, display name, role, region)
pub const ACCOUNTS: [(&str, &str, Role, &str); 5] = [
    (
        "admin",
        "区级管理员（示例）",
        Role::DistrictAdmin,
        "340803000000",
    ),
    (
        "leader",
        "区委常委（示例）",
        Role::DistrictLeader,
        "340803000000",
    ),
    (
        "haikou",
        "海口镇干部（示例）",
        Role::TownOfficer,
        "340803100000",
    ),
    (
        "baoying",
        "保婴村报账员（示例）",
        Role::VillageCadre,
        "340803100201",
    ),
    (
        "shuji",
        "保婴村第一书记（示例）",
        Role::FirstSecretary,
        "340803100201",
    ),
];

/// (code, parent, name, kind, tags)
const REGIONS: [(&str, &str, &str, &str, &str); 21] = [
    ("340803000000", "", "大观区", "区", ""),
    ("340803100000", "340803000000", "海口镇", "镇", ""),
    ("340803200000", "340803000000", "十里铺乡", "乡", ""),
    ("340803201000", "340803000000", "山口乡", "乡", ""),
    ("340803100201", "340803100000", "保婴村", "村", "重点村"),
    ("340803100202", "340803100000", "洪铺村", "村", "扶持村"),
    ("340803100203", "340803100000", "光明村", "村", ""),
    ("340803100204", "340803100000", "三桥村", "村", ""),
    ("340803100205", "340803100000", "凤凰村", "村", ""),
    ("340803100206", "340803100000", "新河村", "村", ""),
    ("340803200201", "340803200000", "长风村", "村", ""),
    ("340803200202", "340803200000", "十里村", "村", "重点村"),
    ("340803200203", "340803200000", "杨桥村", "村", ""),
    ("340803200204", "340803200000", "双塘村", "村", "扶持村"),
    ("340803200205", "340803200000", "新桥村", "村", ""),
    ("340803200206", "340803200000", "花园村", "村", ""),
    ("340803201201", "340803201000", "山口村", "村", "重点村"),
    ("340803201202", "340803201000", "石门村", "村", ""),
    ("340803201203", "340803201000", "白马村", "村", "扶持村"),
    ("340803201204", "340803201000", "龙山村", "村", ""),
    ("340803201205", "340803201000", "黄花村", "村", ""),
];

pub async fn is_loaded(db: &Db) -> Result<bool, crate::demo::DemoError> {
    Ok(store::settings::get(db, MARKER)
        .await
        .map_err(|e| e.to_string())?
        .is_some())
}

/// Loads the data set unless it is there already. Returns whether it loaded anything.
pub async fn load(db: &Db) -> Result<bool, crate::Error> {
    if is_loaded(db).await? {
        return Ok(false);
    }
    // Sample data never goes into a database that holds anything else (a real deployment,
    // or a demo load that was interrupted): those need a fresh data directory.
    let existing = store::region::all(db, &domain::identity::Scope::system())
        .await
        .map_err(|e| e.to_string())?;
    if !existing.is_empty() {
        return Err(
            "this database already holds data but not the complete demo data set; \
             run the demo with an empty --data-dir (or a new --database-url)"
                .into(),
        );
    }
    let actor = Actor::system("demo");
    let mut rows = Vec::new();
    for (i, (code, parent, name, kind, tags)) in REGIONS.iter().enumerate() {
        // Illustrative profile figures, varied per village but fixed from run to run.
        let village = *kind == "村";
        let seed = i as i64;
        let (population, households, area, members) = if village {
            (
                1800 + seed * 137 % 1500,
                520 + seed * 41 % 400,
                format!("{}.{}", 4 + seed % 7, seed * 3 % 10),
                45 + seed * 7 % 60,
            )
        } else {
            (0, 0, String::new(), 0)
        };
        let figure = |n: i64| {
            if village {
                n.to_string()
            } else {
                String::new()
            }
        };
        let input = RegionInput {
            code: code.to_string(),
            parent_code: parent.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
            tags: tags.to_string(),
            population: figure(population),
            households: figure(households),
            area_km2: area,
            party_members: figure(members),
        };
        let region = input
            .validate()
            .map_err(|e| format!("demo region {code}: {e}"))?;
        rows.push((i + 1, region));
    }
    store::region::import(db, &actor, &rows)
        .await
        .map_err(|e| format!("demo regions: {e}"))?;
    let hash = usecase::credentials::hash(DEMO_PASSWORD.to_string()).await?;
    for (username, display_name, role, region) in ACCOUNTS {
        let region = domain::region::RegionCode::parse(region).map_err(|e| e.to_string())?;
        let exists = store::identity::find_for_login(db, username)
            .await
            .map_err(|e| e.to_string())?
            .is_some();
        if exists {
            continue;
        }
        store::identity::create_user(
            db,
            &actor,
            store::identity::NewUser {
                username: username.to_string(),
                display_name: display_name.to_string(),
                role,
                region,
                password_hash: hash.clone(),
            },
        )
        .await
        .map_err(|e| format!("demo user {username}: {e}"))?;
    }
    crate::demo_ledger::load(db, &actor).await?;
    crate::demo_mechanism::load(db, &actor, domain::time::today()).await?;
    crate::demo_people::load(db, &actor).await?;
    // The industry demo writes 保婴村's 2020 lingzhi vouchers into its open 2020 book; then
    // the books go on to 2025 and the present year, where the industry's work goes on.
    crate::demo_industry::load(db, &actor).await?;
    crate::demo_ledger::finish(db, &actor).await?;
    crate::demo_industry::present(db, &actor).await?;
    // The 2021 assessment reads the books, meetings, people and projects; pay linkage reads
    // its ratings.
    crate::demo_assessment::load(db, &actor).await?;
    crate::demo_pay::load(db, &actor).await?;
    // Disclosure: the villages' quarterly finances 2021–2025 and 保婴村's project published
    // (frozen, in the log); then news and villagers' feedback.
    crate::demo_disclosure::load(db, &actor).await?;
    crate::demo_news::load(db, &actor).await?;
    let mut tx = db.begin_write().await.map_err(|e| e.to_string())?;
    store::settings::set(&mut tx, MARKER, &domain::time::now_text())
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(true)
}
