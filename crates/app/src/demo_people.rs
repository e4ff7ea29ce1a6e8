//! The demo's people and talent (issue 5, point 9): every village's team (村党组织书记,
//! 村委会主任, 两委委员, 村务监督委员会成员) from the 2021 elections, with a few later changes
//! whose history is kept; first secretaries (第一书记) at the three key villages with their
//! dispatching units and a 驻村工作队 at 保婴村; the 2021 public exam for reserve village
//! cadres ([`RESERVE_EXAM`], 32 hired into the reserve pool, others not hired) and the 2021
//! recruitment of village cadres into public institutions ([`PUBLIC_INSTITUTION`], 4 hired);
//! a talent pool of 乡土人才 with returning graduates and entrepreneurs; the 2021 “头雁”
//! training of all village Party secretaries (every secretary in post attended: coverage
//! 100 %) and the first secretaries' special training; awards, a pay rise and the promotion
//! of a reserve cadre to 两委委员 (talent status 已使用, linked to the post). The exam's hires
//! enter the pool in 2021 (the hire rule: at the latest 31 December of the exam's year), so
//! the 2021 assessment counts them; the promoted 新河村 cadre leaves the pool on the post's
//! start (1 July 2022) and still counts in 2021.
//!
//! Persons carry valid resident ID numbers (GB 11643: a 3408xx region prefix, the birth date,
//! a sequence whose last digit gives the sex, and the computed check character); names and
//! numbers are illustrative (the pages say 示例数据). Team names are those the mechanism's
//! demo uses for the village Party branch committees, so minutes and registry agree.
//! Everything goes through the store's functions, validated and audited as a user's entry.

use chrono::NaiveDate;
use domain::identity::{Actor, Scope};
use domain::people::person::check_character;
use domain::people::post::PostKind;
use domain::people::recruitment::{ApplicantResult, CampaignStatus};
use domain::people::talent::TalentStatus;
use domain::people::{
    ApplicantInput, AttendanceInput, CampaignInput, IncentiveInput, PersonInput, PositionInput,
    PostInput, TalentInput, TrainingInput,
};
use std::collections::BTreeSet;
use store::Db;
use store::people::{incentives, persons, posts, recruitment, talent, trainings};

/// The title of the 2021 reserve-cadre exam …
pub const RESERVE_EXAM: &str = "2021年公开招考村级后备干部";
/// … and of the 2021 recruitment of village cadres into public institutions.
pub const PUBLIC_INSTITUTION: &str = "2021年村（社区）干部招聘事业单位工作人员";
/// The key villages with the units that sent their first secretaries.
pub const FIRST_SECRETARIES: [(&str, &str); 3] = [
    ("340803100201", "区委组织部"),
    ("340803200202", "区财政局"),
    ("340803201201", "区农业农村局"),
];
const DISTRICT: &str = "340803000000";
/// 新河村: a committee member leaves in 2022 and a reserve cadre of the 2021 exam takes the
/// seat (the promotion).
const PROMOTION_VILLAGE: &str = "340803100206";
/// 杨桥村: the committee director retires at the end of 2023.
const DIRECTOR_CHANGE: &str = "340803200203";
/// 石门村: the Party secretary steps down in March 2024.
const SECRETARY_CHANGE: &str = "340803201202";

/// The same surnames and given names as the mechanism's demo, so that the Party branch
/// committees in its minutes are the people registered here.
const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
];
const GIVEN: [&str; 20] = [
    "志强", "秀英", "建华", "桂兰", "海燕", "国平", "春生", "玉梅", "德胜", "红霞", "立新", "小兵",
    "文斌", "丽娟", "明亮", "翠萍", "长江", "晓燕", "凤英", "家宝",
];
/// Given names of everyone else (young cadres, applicants, talent).
const YOUNG: [&str; 30] = [
    "子涵", "雨轩", "浩然", "欣怡", "梓萱", "宇航", "思远", "佳怡", "俊杰", "雅婷", "博文", "诗琪",
    "天宇", "梦瑶", "皓轩", "雨桐", "泽宇", "心怡", "一鸣", "可欣", "晨阳", "静怡", "家豪", "婉清",
    "明哲", "若曦", "振宇", "晓雯", "嘉伟", "安琪",
];
const FEMALE: [&str; 21] = [
    "秀英", "桂兰", "海燕", "玉梅", "红霞", "丽娟", "翠萍", "晓燕", "凤英", "欣怡", "梓萱", "佳怡",
    "雅婷", "诗琪", "梦瑶", "雨桐", "心怡", "可欣", "静怡", "婉清", "若曦",
];
/// Birth-place prefixes of the ID numbers (安庆市's districts and counties).
const PREFIXES: [&str; 5] = ["340803", "340802", "340811", "340822", "340826"];

/// The mechanism's name `n` (its village `i` committee is `i * 4 + 3 ..= i * 4 + 6`).
fn elder(n: usize) -> String {
    format!(
        "{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[(n * 7 + n / SURNAMES.len()) % GIVEN.len()]
    )
}

fn young(n: usize) -> String {
    format!(
        "{}{}",
        SURNAMES[(n * 5 + 2) % SURNAMES.len()],
        YOUNG[(n * 7 + n / YOUNG.len()) % YOUNG.len()]
    )
}

fn day(year: i32, month: u32, d: u32) -> Result<NaiveDate, crate::demo::DemoError> {
    NaiveDate::from_ymd_opt(year, month, d).ok_or(crate::demo::DemoError::date(year, month, d))
}

fn err(what: &str) -> impl Fn(store::StoreError) -> crate::demo::DemoError {
    crate::demo::DemoError::store(format!("demo people, {what}"))
}

/// What a person is like: birth years, education and political status to draw from.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// A village cadre elected in 2021.
    Cadre,
    /// Sent by a district unit.
    Official,
    /// A young applicant or returning graduate.
    Young,
    /// A local expert or entrepreneur.
    Local,
    /// A villager (the industry demo's workers).
    Villager,
}

/// Registers illustrative persons with valid, distinct ID numbers; the industry demo reuses
/// it for its workers ([`Registry::resume`]).
pub(crate) struct Registry<'a> {
    db: &'a Db,
    actor: &'a Actor,
    /// Persons made so far (the sequence of the ID numbers).
    made: usize,
}

/// Female given names of villagers (the ID number's sex digit follows them).
pub(crate) const VILLAGER_FEMALE: [&str; 14] = [
    "春花", "秋菊", "桂芳", "水英", "冬梅", "兰英", "翠兰", "美华", "淑珍", "月娥", "素梅", "凤兰",
    "小红", "秀珍",
];

impl<'a> Registry<'a> {
    /// A registry that goes on after the persons already registered, so that its ID numbers
    /// stay distinct from theirs.
    pub(crate) async fn resume(
        db: &'a Db,
        actor: &'a Actor,
    ) -> Result<Registry<'a>, crate::demo::DemoError> {
        let made = persons::roster(db, actor, false)
            .await
            .map_err(err("roster"))?
            .len();
        Ok(Registry { db, actor, made })
    }

    pub(crate) async fn person(
        &mut self,
        region: &str,
        name: &str,
        kind: Kind,
    ) -> Result<String, crate::demo::DemoError> {
        self.made += 1;
        let k = self.made;
        let female = FEMALE
            .iter()
            .chain(VILLAGER_FEMALE.iter())
            .any(|g| name.ends_with(g));
        let (first_year, years, educations, statuses): (i32, usize, &[&str], &[&str]) = match kind {
            Kind::Cadre => (
                1966,
                22,
                &["高中", "大专", "中专", "大专", "本科"],
                &["中共党员", "中共党员", "中共党员", "群众"],
            ),
            Kind::Official => (1980, 12, &["本科", "硕士研究生", "本科"], &["中共党员"]),
            Kind::Young => (
                1991,
                9,
                &["大专", "本科", "本科", "大专"],
                &["中共党员", "共青团员", "群众", "中共预备党员"],
            ),
            Kind::Local => (
                1972,
                26,
                &["初中", "高中", "中专", "大专", "本科"],
                &["群众", "中共党员", "群众"],
            ),
            Kind::Villager => (
                1958,
                40,
                &["小学", "初中", "初中", "高中"],
                &["群众", "群众", "群众", "中共党员"],
            ),
        };
        let birth = day(
            first_year + (k * 7 % years) as i32,
            1 + (k * 5 % 12) as u32,
            1 + (k * 11 % 28) as u32,
        )?;
        // A distinct three-digit sequence per person; its last digit is odd for men.
        let sequence = (k * 2 + usize::from(!female)) % 1000;
        let first17 = format!(
            "{}{}{:03}",
            PREFIXES[k % PREFIXES.len()],
            birth.format("%Y%m%d"),
            sequence
        );
        let check = check_character(&first17).ok_or_else(|| format!("bad number {first17}"))?;
        let phone = format!(
            "1{}{:09}",
            [3, 5, 8, 9, 7][k % 5],
            (k * 7_919_093 + 55_600_001) % 1_000_000_000
        );
        let input = PersonInput {
            region_code: region.to_string(),
            name: name.to_string(),
            id_number: format!("{first17}{check}"),
            political_status: statuses[k % statuses.len()].to_string(),
            education: educations[k % educations.len()].to_string(),
            phone,
            ..Default::default()
        };
        let p = input
            .validate()
            .map_err(|e| format!("demo person {name}: {e}"))?;
        Ok(persons::create(self.db, self.actor, &p)
            .await
            .map_err(err(name))?
            .id)
    }

    async fn post(
        &self,
        person: &str,
        region: &str,
        post: PostKind,
        unit: &str,
        from: NaiveDate,
        note: &str,
    ) -> Result<String, crate::demo::DemoError> {
        let input = PostInput {
            person_id: person.to_string(),
            region_code: region.to_string(),
            post: post.as_str().to_string(),
            dispatching_unit: unit.to_string(),
            starts_on: from.to_string(),
            note: note.to_string(),
            ..Default::default()
        };
        let p = input
            .validate()
            .map_err(|e| format!("demo post {region}: {e}"))?;
        Ok(posts::create(self.db, self.actor, &p)
            .await
            .map_err(err("post"))?
            .id)
    }

    async fn end(&self, post: &str, last: NaiveDate) -> Result<(), crate::demo::DemoError> {
        posts::end(self.db, self.actor, post, last)
            .await
            .map_err(err("end of post"))?;
        Ok(())
    }
}

struct Village {
    index: usize,
    code: String,
    town: String,
}

/// A village's team as elected in 2021.
struct Team {
    secretary: String,
    director: String,
    /// (person, post id) of the committee members.
    members: Vec<(String, String)>,
}

/// Loads the people data set (after the regions and the mechanism).
pub async fn load(db: &Db, actor: &Actor) -> Result<(), crate::demo::DemoError> {
    let regions = store::region::all(db, &Scope::system())
        .await
        .map_err(err("regions"))?;
    let villages: Vec<Village> = regions
        .iter()
        .filter(|r| r.level == "village")
        .enumerate()
        .map(|(index, r)| Village {
            index,
            code: r.code.clone(),
            town: r.parent_code.clone().unwrap_or_default(),
        })
        .collect();
    let towns: Vec<String> = regions
        .iter()
        .filter(|r| r.level == "town")
        .map(|r| r.code.clone())
        .collect();
    let mut reg = Registry { db, actor, made: 0 };
    let elected = day(2021, 1, 20)?;

    // ---------------------------------------------------------------- village teams
    let mut teams = Vec::new();
    let mut secretaries = Vec::new();
    for v in &villages {
        let n = v.index * 4 + 3;
        let secretary = reg.person(&v.code, &elder(n), Kind::Cadre).await?;
        reg.post(
            &secretary,
            &v.code,
            PostKind::PartySecretary,
            "",
            elected,
            "",
        )
        .await?;
        // 书记、主任“一肩挑” in every third village.
        let director = if v.index % 3 == 0 {
            secretary.clone()
        } else {
            reg.person(&v.code, &elder(n + 1), Kind::Cadre).await?
        };
        let note = if director == secretary {
            "书记、主任“一肩挑”"
        } else {
            ""
        };
        reg.post(
            &director,
            &v.code,
            PostKind::CommitteeDirector,
            "",
            elected,
            note,
        )
        .await?;
        let mut members = Vec::new();
        let count = 2 + v.index % 2;
        for i in 0..count {
            let name = if i < 2 {
                elder(n + 2 + i)
            } else {
                young(v.index * 3)
            };
            let kind = if i < 2 { Kind::Cadre } else { Kind::Young };
            let person = reg.person(&v.code, &name, kind).await?;
            let post = reg
                .post(&person, &v.code, PostKind::CommitteeMember, "", elected, "")
                .await?;
            members.push((person, post));
        }
        for i in 0..2 {
            let person = reg
                .person(&v.code, &elder(200 + v.index * 2 + i), Kind::Cadre)
                .await?;
            let note = if i == 0 {
                "村务监督委员会主任"
            } else {
                ""
            };
            reg.post(
                &person,
                &v.code,
                PostKind::SupervisionMember,
                "",
                elected,
                note,
            )
            .await?;
        }
        secretaries.push((v.code.clone(), secretary.clone()));
        teams.push(Team {
            secretary,
            director,
            members,
        });
    }

    // ---------------------------------------------------------------- first secretaries
    let mut first_secretaries = Vec::new();
    for (i, (code, unit)) in FIRST_SECRETARIES.iter().enumerate() {
        let person = reg
            .person(code, &young(100 + i * 7), Kind::Official)
            .await?;
        let post = reg
            .post(
                &person,
                code,
                PostKind::FirstSecretary,
                unit,
                day(2021, 5, 10)?,
                if i == 0 {
                    "兼驻村工作队队长，任期两年"
                } else {
                    "任期两年"
                },
            )
            .await?;
        first_secretaries.push((code.to_string(), person, post));
    }
    // 山口村's first secretary hands over after his two years; the successor is sent by the
    // same unit.
    if let Some((code, _, post)) = first_secretaries.get(2) {
        reg.end(post, day(2023, 5, 31)?).await?;
        let successor = reg.person(code, &young(140), Kind::Official).await?;
        reg.post(
            &successor,
            code,
            PostKind::FirstSecretary,
            FIRST_SECRETARIES[2].1,
            day(2023, 6, 1)?,
            "接替任期届满轮换的第一书记",
        )
        .await?;
    }
    // 保婴村's work team (驻村工作队) besides its first secretary.
    let baoying = FIRST_SECRETARIES[0].0;
    for (i, unit) in ["区委组织部", "区农业农村局"].iter().enumerate() {
        let person = reg
            .person(baoying, &young(150 + i * 3), Kind::Official)
            .await?;
        reg.post(
            &person,
            baoying,
            PostKind::WorkTeamMember,
            unit,
            day(2021, 5, 10)?,
            "驻村工作队队员",
        )
        .await?;
    }

    // ---------------------------------------------------------------- later changes
    // 杨桥村's committee director retires at the end of 2023; 石门村's Party secretary steps
    // down in March 2024 and a committee member succeeds him.
    let find = |code: &str| villages.iter().position(|v| v.code == code);
    if let Some(i) = find(DIRECTOR_CHANGE) {
        let held = posts::list(
            db,
            &Scope::system(),
            &posts::Filter {
                region: domain::region::RegionCode::parse(DIRECTOR_CHANGE).ok(),
                post: Some(PostKind::CommitteeDirector),
                ..Default::default()
            },
        )
        .await
        .map_err(err("posts"))?;
        if let Some(old) = held.first() {
            reg.end(&old.id, day(2023, 12, 31)?).await?;
            let successor = reg
                .person(DIRECTOR_CHANGE, &young(i * 3 + 1), Kind::Young)
                .await?;
            reg.post(
                &successor,
                DIRECTOR_CHANGE,
                PostKind::CommitteeDirector,
                "",
                day(2024, 1, 1)?,
                "原主任退休后补选",
            )
            .await?;
        }
    }
    if let Some(team) = find(SECRETARY_CHANGE).and_then(|i| teams.get(i)) {
        let held = posts::list(
            db,
            &Scope::system(),
            &posts::Filter {
                region: domain::region::RegionCode::parse(SECRETARY_CHANGE).ok(),
                post: Some(PostKind::PartySecretary),
                person_id: Some(team.secretary.clone()),
                ..Default::default()
            },
        )
        .await
        .map_err(err("posts"))?;
        if let (Some(old), Some((successor, member_post))) = (held.first(), team.members.first()) {
            reg.end(&old.id, day(2024, 3, 31)?).await?;
            reg.end(member_post, day(2024, 3, 31)?).await?;
            reg.post(
                successor,
                SECRETARY_CHANGE,
                PostKind::PartySecretary,
                "",
                day(2024, 4, 1)?,
                "原书记因年龄原因卸任，经选举产生",
            )
            .await?;
        }
    }

    // ---------------------------------------------------------------- recruitment
    let reserve = recruit_reserve_cadres(&mut reg, &villages, &towns).await?;
    recruit_public_institution(&mut reg, &teams).await?;

    // The promotion: a reserve cadre of the exam takes the seat of a 新河村 committee member
    // who leaves in June 2022.
    let promoted_post = match (
        villages.iter().position(|v| v.code == PROMOTION_VILLAGE),
        reserve.promoted.as_ref(),
    ) {
        (Some(i), Some(person)) => {
            let leaving = teams
                .get(i)
                .and_then(|t| t.members.last())
                .map(|(_, post)| post.clone());
            if let Some(post) = leaving {
                reg.end(&post, day(2022, 6, 30)?).await?;
            }
            let post = reg
                .post(
                    person,
                    PROMOTION_VILLAGE,
                    PostKind::CommitteeMember,
                    "",
                    day(2022, 7, 1)?,
                    "由村级后备干部递补为村“两委”委员",
                )
                .await?;
            Some((person.clone(), post))
        }
        _ => None,
    };
    let pool = talent::search(
        db,
        &Scope::system(),
        &talent::Filter {
            pool: Some(domain::people::TalentPool::ReserveCadre),
            ..Default::default()
        },
    )
    .await
    .map_err(err("talent"))?;
    for (i, entry) in pool.iter().enumerate() {
        let promoted = promoted_post
            .as_ref()
            .filter(|(p, _)| *p == entry.person_id);
        // Every third reserve cadre is in training (培养); the promoted one is used.
        let (status, post) = match promoted {
            Some((_, post)) => (TalentStatus::Used, post.clone()),
            None if i % 3 == 0 => (TalentStatus::Training, String::new()),
            None => continue,
        };
        let skills = "村务管理、群众工作";
        let input = TalentInput {
            person_id: entry.person_id.clone(),
            pool: entry.pool.clone(),
            category: entry.category.clone(),
            skills: skills.to_string(),
            tags: "2021年招考".to_string(),
            status: status.as_str().to_string(),
            post_id: post,
            note: entry.note.clone(),
            // The hire's day in (the exam's year); the promoted one leaves on the post's start.
            entered_on: entry.entered_on.clone(),
            left_on: String::new(),
        };
        let t = input
            .validate()
            .map_err(|e| format!("demo talent {}: {e}", entry.person_name))?;
        talent::update(db, actor, &entry.id, &t)
            .await
            .map_err(err("talent"))?;
    }

    // ---------------------------------------------------------------- local talent
    local_talent(&mut reg, &villages).await?;

    // ---------------------------------------------------------------- trainings
    let tou_yan = training(
        &reg,
        "2021年村党组织书记“头雁”培训班",
        (day(2021, 4, 12)?, day(2021, 4, 16)?),
        "40",
        "party_secretaries",
        "全区17个村党组织书记集中轮训：党建引领乡村振兴、村集体经济发展、基层治理。",
    )
    .await?;
    attend(
        &reg,
        &tou_yan,
        secretaries.iter().map(|(_, p)| p.clone()).collect(),
    )
    .await?;
    let special = training(
        &reg,
        "2021年第一书记专题培训班",
        (day(2021, 6, 21)?, day(2021, 6, 22)?),
        "16",
        "first_secretaries",
        "新选派第一书记履职能力专题培训：驻村工作职责、产业项目谋划、村级组织建设。",
    )
    .await?;
    attend(
        &reg,
        &special,
        first_secretaries
            .iter()
            .map(|(_, p, _)| p.clone())
            .collect(),
    )
    .await?;
    // 两委委员 (secretaries and directors among them): most of every team attended.
    let members = training(
        &reg,
        "2021年村“两委”干部履职能力培训",
        (day(2021, 9, 14)?, day(2021, 9, 15)?),
        "12",
        "committee_members",
        "村“两委”干部轮训：村务公开、集体“三资”管理、矛盾纠纷化解。",
    )
    .await?;
    let attendees: Vec<String> = teams
        .iter()
        .flat_map(|t| {
            [t.secretary.clone(), t.director.clone()]
                .into_iter()
                .chain(t.members.iter().map(|(p, _)| p.clone()))
        })
        .enumerate()
        .filter(|(i, _)| i % 6 != 5)
        .map(|(_, p)| p)
        .collect();
    attend(&reg, &members, attendees).await?;

    // ---------------------------------------------------------------- incentives
    let baoying_team = villages
        .iter()
        .position(|v| v.code == baoying)
        .and_then(|i| teams.get(i));
    let mut awards: Vec<(String, &str, NaiveDate, &str, &str)> = Vec::new();
    if let Some(t) = baoying_team {
        awards.push((
            t.secretary.clone(),
            "award",
            day(2021, 6, 28)?,
            "全区优秀村党组织书记",
            "中共大观区委",
        ));
        awards.push((
            t.secretary.clone(),
            "pay_rise",
            day(2022, 1, 10)?,
            "村集体经营收入增长，基本报酬按挂钩办法上调",
            "大观区委组织部",
        ));
    }
    if let Some((_, person, _)) = first_secretaries.first() {
        awards.push((
            person.clone(),
            "award",
            day(2021, 12, 20)?,
            "2021年度优秀第一书记",
            "大观区委组织部",
        ));
    }
    if let Some((_, secretary)) = secretaries.get(11) {
        awards.push((
            secretary.clone(),
            "award",
            day(2022, 6, 28)?,
            "全区优秀共产党员",
            "中共大观区委",
        ));
    }
    if let Some((person, _)) = &promoted_post {
        awards.push((
            person.clone(),
            "promotion",
            day(2022, 7, 1)?,
            "由村级后备干部选任为村“两委”委员",
            "海口镇党委",
        ));
    }
    for (person, kind, date, title, issuer) in awards {
        let input = IncentiveInput {
            person_id: person,
            kind: kind.to_string(),
            date: date.to_string(),
            title: title.to_string(),
            issuer: issuer.to_string(),
            note: String::new(),
        };
        let i = input
            .validate()
            .map_err(|e| format!("demo incentive {title}: {e}"))?;
        incentives::create(db, actor, &i)
            .await
            .map_err(err("incentive"))?;
    }
    Ok(())
}

/// What the reserve-cadre exam leaves for later steps.
struct Reserve {
    /// The hired applicant who is promoted in 2022.
    promoted: Option<String>,
}

/// (position title, town index, quota, applicants)
const RESERVE_POSITIONS: [(&str, usize, i64, usize); 3] = [
    ("海口镇村级后备干部", 0, 12, 17),
    ("十里铺乡村级后备干部", 1, 11, 15),
    ("山口乡村级后备干部", 2, 9, 13),
];

/// Scores in hundredths, fixed for `k`: written 60.0–84.9, interview 70.00–89.99.
fn scores(k: usize) -> (i64, i64) {
    (
        6000 + (k * 373 % 250) as i64 * 10,
        7000 + (k * 531 % 2000) as i64,
    )
}

fn hundredths(n: i64) -> String {
    format!("{}.{:02}", n / 100, n % 100)
}

async fn campaign(
    reg: &Registry<'_>,
    title: &str,
    kind: &str,
    note: &str,
    positions: &[(String, i64, String)],
) -> Result<(String, Vec<String>), crate::demo::DemoError> {
    let c = CampaignInput {
        region_code: DISTRICT.to_string(),
        title: title.to_string(),
        kind: kind.to_string(),
        year: "2021".to_string(),
        note: note.to_string(),
    }
    .validate()
    .map_err(|e| format!("demo campaign: {e}"))?;
    let positions = positions
        .iter()
        .map(|(title, quota, region)| {
            PositionInput {
                title: title.clone(),
                quota: quota.to_string(),
                region_code: region.clone(),
            }
            .validate()
            .map_err(|e| format!("demo position {title}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let record = recruitment::create_campaign(reg.db, reg.actor, &c, &positions)
        .await
        .map_err(err(title))?;
    let ids = recruitment::positions(reg.db, &Scope::system(), &record.id)
        .await
        .map_err(err(title))?
        .into_iter()
        .map(|p| p.id)
        .collect();
    Ok((record.id, ids))
}

/// Applies every applicant with scores, hires the best `quota` of each position (by total,
/// exactly), decides the others as not hired and closes the campaign.
async fn apply_and_decide(
    reg: &Registry<'_>,
    position: &str,
    quota: usize,
    applicants: &[(String, i64, i64)],
) -> Result<Vec<String>, crate::demo::DemoError> {
    let mut entered = Vec::new();
    for (person, written, interview) in applicants {
        let a = ApplicantInput {
            person_id: person.clone(),
            position_id: position.to_string(),
            written_score: hundredths(*written),
            interview_score: hundredths(*interview),
        }
        .validate()
        .map_err(|e| format!("demo applicant: {e}"))?;
        let record = recruitment::add_applicant(reg.db, reg.actor, &a)
            .await
            .map_err(err("applicant"))?;
        entered.push((written + interview, record.id, person.clone()));
    }
    entered.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut hired = Vec::new();
    for (i, (_, applicant, person)) in entered.iter().enumerate() {
        let result = if i < quota {
            hired.push(person.clone());
            ApplicantResult::Hired
        } else {
            ApplicantResult::NotHired
        };
        recruitment::decide(reg.db, reg.actor, applicant, result)
            .await
            .map_err(err("decision"))?;
    }
    Ok(hired)
}

async fn recruit_reserve_cadres(
    reg: &mut Registry<'_>,
    villages: &[Village],
    towns: &[String],
) -> Result<Reserve, crate::demo::DemoError> {
    let positions: Vec<(String, i64, String)> = RESERVE_POSITIONS
        .iter()
        .filter_map(|(title, town, quota, _)| {
            towns
                .get(*town)
                .map(|code| (title.to_string(), *quota, code.clone()))
        })
        .collect();
    let (id, position_ids) = campaign(
        reg,
        RESERVE_EXAM,
        "reserve_cadre_exam",
        "面向全区公开招考村级后备干部，笔试、面试成绩各按满分100分计，按总成绩从高到低录用，录用人员纳入村级后备干部人才库。",
        &positions,
    )
    .await?;
    let mut promoted = None;
    let mut k = 0;
    for ((_, town, quota, count), position) in RESERVE_POSITIONS.iter().zip(&position_ids) {
        let Some(town_code) = towns.get(*town) else {
            continue;
        };
        let home: Vec<&Village> = villages.iter().filter(|v| &v.town == town_code).collect();
        let mut applicants = Vec::new();
        for i in 0..*count {
            k += 1;
            // The first of 海口镇 lives in 新河村 and comes first in the exam.
            let first = *town == 0 && i == 0;
            let region = if first {
                PROMOTION_VILLAGE.to_string()
            } else {
                home.get(i % home.len().max(1))
                    .map(|v| v.code.clone())
                    .unwrap_or_else(|| town_code.clone())
            };
            let person = reg.person(&region, &young(300 + k), Kind::Young).await?;
            let (written, interview) = if first { (8650, 8820) } else { scores(k) };
            if first {
                promoted = Some(person.clone());
            }
            applicants.push((person, written, interview));
        }
        apply_and_decide(reg, position, *quota as usize, &applicants).await?;
    }
    recruitment::set_status(reg.db, reg.actor, &id, CampaignStatus::Closed)
        .await
        .map_err(err("campaign"))?;
    Ok(Reserve { promoted })
}

async fn recruit_public_institution(
    reg: &mut Registry<'_>,
    teams: &[Team],
) -> Result<(), crate::demo::DemoError> {
    let positions = vec![(
        "乡镇事业单位工作人员（面向优秀村干部）".to_string(),
        4,
        DISTRICT.to_string(),
    )];
    let (id, position_ids) = campaign(
        reg,
        PUBLIC_INSTITUTION,
        "public_institution",
        "面向任职满一届的优秀村（社区）干部定向招聘乡镇事业单位工作人员，拓宽村干部上升通道。",
        &positions,
    )
    .await?;
    // Committee members of seven villages apply.
    let applicants: Vec<(String, i64, i64)> = teams
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .filter_map(|(i, t)| t.members.first().map(|(p, _)| (i, p.clone())))
        .take(7)
        .map(|(i, p)| {
            let (w, v) = scores(i + 500);
            (p, w, v)
        })
        .collect();
    if let Some(position) = position_ids.first() {
        apply_and_decide(reg, position, 4, &applicants).await?;
    }
    recruitment::set_status(reg.db, reg.actor, &id, CampaignStatus::Closed)
        .await
        .map_err(err("campaign"))?;
    Ok(())
}

/// (category, skills, tags, status)
const LOCAL: [(&str, &str, &str, &str); 14] = [
    (
        "returning_graduate",
        "电商运营、直播带货",
        "电商,直播",
        "training",
    ),
    (
        "returning_graduate",
        "农产品品牌设计",
        "品牌,设计",
        "reserve",
    ),
    (
        "returning_graduate",
        "食用菌栽培技术",
        "灵芝,食用菌",
        "training",
    ),
    ("returning_graduate", "财务会计", "会计,报账", "reserve"),
    ("returning_graduate", "乡村旅游策划", "旅游,策划", "reserve"),
    (
        "returning_entrepreneur",
        "灵芝种植与深加工",
        "灵芝,创业",
        "training",
    ),
    ("returning_entrepreneur", "稻虾共养", "水产,创业", "reserve"),
    (
        "returning_entrepreneur",
        "农家乐经营",
        "乡村旅游,创业",
        "reserve",
    ),
    (
        "returning_entrepreneur",
        "苗木花卉种植",
        "苗木,创业",
        "reserve",
    ),
    (
        "production_expert",
        "水稻机插秧和病虫害防治",
        "水稻,农技",
        "reserve",
    ),
    ("production_expert", "生猪养殖", "养殖", "reserve"),
    (
        "business_leader",
        "农产品收购与冷链物流",
        "物流,合作社",
        "reserve",
    ),
    ("business_leader", "农民专业合作社经营", "合作社", "reserve"),
    ("craftsman", "传统竹编", "手工艺,非遗", "reserve"),
];

async fn local_talent(
    reg: &mut Registry<'_>,
    villages: &[Village],
) -> Result<(), crate::demo::DemoError> {
    for (i, (category, skills, tags, status)) in LOCAL.iter().enumerate() {
        let Some(v) = villages.get(i * 5 % villages.len().max(1)) else {
            continue;
        };
        let kind = if category.starts_with("returning_graduate") {
            Kind::Young
        } else {
            Kind::Local
        };
        let name = match kind {
            Kind::Young => young(400 + i),
            _ => elder(300 + i * 3),
        };
        let person = reg.person(&v.code, &name, kind).await?;
        let t = TalentInput {
            person_id: person,
            pool: "local_talent".to_string(),
            category: category.to_string(),
            skills: skills.to_string(),
            tags: tags.to_string(),
            status: status.to_string(),
            note: String::new(),
            post_id: String::new(),
            entered_on: day(2022, 3, 1)?.to_string(),
            left_on: String::new(),
        }
        .validate()
        .map_err(|e| format!("demo talent {name}: {e}"))?;
        talent::create(reg.db, reg.actor, &t)
            .await
            .map_err(err("talent"))?;
    }
    Ok(())
}

async fn training(
    reg: &Registry<'_>,
    topic: &str,
    (starts, ends): (NaiveDate, NaiveDate),
    hours: &str,
    group: &str,
    note: &str,
) -> Result<String, crate::demo::DemoError> {
    let t = TrainingInput {
        region_code: DISTRICT.to_string(),
        topic: topic.to_string(),
        organiser: "大观区委组织部".to_string(),
        starts_on: starts.to_string(),
        ends_on: ends.to_string(),
        hours: hours.to_string(),
        target_group: group.to_string(),
        note: note.to_string(),
    }
    .validate()
    .map_err(|e| format!("demo training {topic}: {e}"))?;
    Ok(trainings::create(reg.db, reg.actor, &t)
        .await
        .map_err(err(topic))?
        .id)
}

async fn attend(
    reg: &Registry<'_>,
    training: &str,
    people: Vec<String>,
) -> Result<(), crate::demo::DemoError> {
    let mut seen = BTreeSet::new();
    let rows: Vec<(usize, AttendanceInput)> = people
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .enumerate()
        .map(|(i, person_id)| {
            (
                i + 1,
                AttendanceInput {
                    person_id,
                    ..Default::default()
                },
            )
        })
        .collect();
    trainings::import_attendance(reg.db, reg.actor, training, &rows)
        .await
        .map_err(err("attendance"))?;
    Ok(())
}
