//! The demo's work mechanism (issue 4): the district's 2021 implementation plan of the
//! leading group for Party-building-led rural revitalisation with its targets; one 区委常委
//! guiding each key village (定点指导) from 2021-01-01, the demo's `leader` account at 保婴村;
//! a work-promotion meeting every month and a liaison meeting every quarter at each key
//! village, except that [`MISSED_VILLAGE`] skips its work-promotion meeting in
//! [`MISSED_MONTH`] (the one red cell of the meeting rules); every village's 支委会 monthly,
//! 支部党员大会 and 党课 quarterly (保婴村's 支委会 of the current month not yet held);
//! leaders' visits to villages and households; and problems in
//! every state of the workflow, one of them overdue. Meetings run from January 2021 up to the
//! day the demo is loaded (China time, as the pages count "today").
//!
//! Everything goes through the store's functions, so it is validated, audited and scoped as
//! a user's entry would be. Names of people are illustrative.

use chrono::{Datelike, Duration, NaiveDate};
use domain::identity::Actor;
use domain::mechanism::meeting::AttendeeInput;
use domain::mechanism::plan::MemberInput;
use domain::mechanism::problem::SourceKind;
use domain::mechanism::{
    AssignmentInput, MeetingInput, PlanInput, ProblemInput, TargetInput, Transition, VisitInput,
};
use store::Db;
use store::mechanism::{assignments, meetings, plans, problems, visits};

/// The year of the demo's implementation plan.
pub const PLAN_YEAR: i32 = 2021;
/// The first day of the assignments and the first month of meetings.
pub const FIRST_DAY: (i32, u32, u32) = (2021, 1, 1);
/// The key village (十里村) that misses one monthly work-promotion meeting …
pub const MISSED_VILLAGE: &str = "340803200202";
/// … in this month.
pub const MISSED_MONTH: (i32, u32) = (2023, 8);
/// The demo region whose plan it is (大观区).
const DISTRICT: &str = "340803000000";

/// 区委常委 guiding the key villages, in the order of the key villages' codes; the first is
/// the demo's `leader` account (its display name is used).
const GUIDES: [(&str, &str); 4] = [
    ("", "区委常委"),
    ("李卫东（示例）", "区委常委、组织部部长"),
    ("陈志华（示例）", "区委常委、常务副区长"),
    ("何永刚（示例）", "区委常委、宣传部部长"),
];

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢",
];
const GIVEN: [&str; 20] = [
    "志强", "秀英", "建华", "桂兰", "海燕", "国平", "春生", "玉梅", "德胜", "红霞", "立新", "小兵",
    "文斌", "丽娟", "明亮", "翠萍", "长江", "晓燕", "凤英", "家宝",
];

/// An illustrative person's name, fixed for `n`.
fn person(n: usize) -> String {
    format!(
        "{}{}",
        SURNAMES[n % SURNAMES.len()],
        GIVEN[(n * 7 + n / SURNAMES.len()) % GIVEN.len()]
    )
}

/// What the work-promotion meetings take up, by month.
const TOPICS: [&str; 12] = [
    "研究全年村集体经济发展项目和资金安排",
    "部署春耕生产和农田水利设施维护",
    "推进土地流转和资源发包合同规范管理",
    "研究人居环境整治和村容村貌提升",
    "推进产业项目用工和村民就业增收",
    "部署防汛备汛和安全生产工作",
    "研究扶持村项目资金使用和公示",
    "推进“红领工作站”便民服务事项",
    "研究秋收秋种和农产品销售渠道",
    "推进集体资产清查和租赁合同续签",
    "部署冬春农田水利建设和冬季防火",
    "研究年度集体收益分配方案，谋划来年重点",
];

/// What the quarterly liaison meetings coordinate.
const LIAISON: [&str; 4] = [
    "年度产业项目落地中的用地和资金问题",
    "村级道路、沟渠等基础设施短板",
    "产业项目用工和农产品销路",
    "年度目标完成情况和村干部报酬与集体经济增长挂钩",
];

/// Decisions of liaison meetings and problems found on visits (follow-up tasks).
const TASKS: [(&str, &str); 8] = [
    (
        "修缮产业基地排水沟渠",
        "汛期基地排水不畅，需清淤并加固沟渠约300米。",
    ),
    (
        "修补村级道路破损路段",
        "村组道路有多处坑洼，影响农产品运输，需列入维修计划。",
    ),
    (
        "续签集体资产租赁合同",
        "部分集体房屋租赁合同到期，需按程序公开续租并规范合同文本。",
    ),
    (
        "维修农田灌溉泵站",
        "泵站电机老化，灌溉季前完成维修并明确管护责任人。",
    ),
    (
        "盘活村集体闲置房屋",
        "原村小学闲置校舍可改作农产品初加工车间，需拿出方案。",
    ),
    (
        "安装产业路照明设施",
        "产业路夜间无照明，需安装太阳能路灯20盏。",
    ),
    (
        "更新村务公开栏",
        "村务公开栏内容未及时更新，需按季度公开财务收支。",
    ),
    (
        "帮助困难户申请临时救助",
        "走访发现困难户因病致困，需协助办理临时救助申请。",
    ),
];

const LECTURES: [&str; 8] = [
    "学习党章，做合格党员",
    "党建引领乡村振兴",
    "发展壮大村集体经济",
    "乡村治理与村民自治",
    "学习贯彻党的二十大精神",
    "传承红色基因，弘扬优良作风",
    "农村集体“三资”管理与廉洁自律",
    "新时代“枫桥经验”与矛盾化解",
];

fn day(year: i32, month: u32, d: u32) -> Result<NaiveDate, crate::demo::DemoError> {
    NaiveDate::from_ymd_opt(year, month, d).ok_or(crate::demo::DemoError::date(year, month, d))
}

fn err(e: store::StoreError) -> crate::demo::DemoError {
    crate::demo::DemoError::Database(e)
}

struct Village {
    index: usize,
    code: String,
    name: String,
    town: String,
}

impl Village {
    fn secretary(&self) -> String {
        person(self.index * 4 + 3)
    }

    /// The branch committee (支委): secretary, deputy and two members.
    fn committee(&self) -> Vec<String> {
        (0..4).map(|i| person(self.index * 4 + 3 + i)).collect()
    }

    fn place(&self) -> String {
        format!("{}党群服务中心", self.name)
    }
}

struct Guide {
    village: usize,
    /// The name to record (empty: the user's display name).
    name: String,
    user_id: String,
    /// The name as it reads in minutes.
    shown: String,
}

/// Ids the later steps need.
struct Loaded {
    leader_id: String,
    shuji_id: String,
    baoying_id: String,
}

async fn user_id(db: &Db, username: &str) -> Result<String, crate::demo::DemoError> {
    Ok(store::identity::find_for_login(db, username)
        .await
        .map_err(err)?
        .ok_or_else(|| format!("demo user {username} missing"))?
        .id)
}

async fn meeting(
    db: &Db,
    actor: &Actor,
    input: MeetingInput,
) -> Result<String, crate::demo::DemoError> {
    let m = input
        .validate()
        .map_err(|e| format!("demo meeting {} {}: {e}", input.region_code, input.date))?;
    Ok(meetings::create(db, actor, &m, &[])
        .await
        .map_err(|e| format!("demo meeting {} {}: {e}", input.region_code, input.date))?
        .id)
}

fn attendee(name: &str, user_id: &str, status: &str) -> AttendeeInput {
    AttendeeInput {
        user_id: user_id.to_string(),
        name: name.to_string(),
        status: status.to_string(),
        ..Default::default()
    }
}

/// A problem with `deadline`, owned by `owner` (a user id, or else a name).
fn task(
    region: &str,
    title: &str,
    description: &str,
    owner: (&str, &str),
    deadline: NaiveDate,
) -> ProblemInput {
    ProblemInput {
        region_code: region.to_string(),
        title: title.to_string(),
        description: description.to_string(),
        owner_user_id: owner.0.to_string(),
        owner_name: owner.1.to_string(),
        deadline: deadline.to_string(),
        ..Default::default()
    }
}

async fn raise(
    db: &Db,
    actor: &Actor,
    source: Option<(SourceKind, &str)>,
    input: &ProblemInput,
) -> Result<String, crate::demo::DemoError> {
    let p = input
        .validate(None)
        .map_err(|e| format!("demo problem {}: {e}", input.title))?;
    let record = match source {
        Some((kind, id)) => problems::create_from(db, actor, kind, id, &p).await,
        None => problems::create(db, actor, &p).await,
    }
    .map_err(|e| format!("demo problem {}: {e}", input.title))?;
    Ok(record.id)
}

async fn step(
    db: &Db,
    actor: &Actor,
    id: &str,
    t: Transition,
    on: NaiveDate,
) -> Result<(), crate::demo::DemoError> {
    problems::transition(db, actor, id, &t, on)
        .await
        .map_err(|e| format!("demo problem {id}: {e}"))?;
    Ok(())
}

fn finish(result: &str) -> Transition {
    Transition::Finish {
        result: result.to_string(),
        evidence: "整改前后照片和验收记录存村委会档案（示例）。".to_string(),
    }
}

/// Works a problem through to 已销号: started, finished a week before its deadline,
/// confirmed four days later.
async fn closed(
    db: &Db,
    actor: &Actor,
    id: &str,
    raised: NaiveDate,
    deadline: NaiveDate,
) -> Result<(), crate::demo::DemoError> {
    let done = (deadline - Duration::days(7)).max(raised);
    step(db, actor, id, Transition::Start, raised + Duration::days(2)).await?;
    step(
        db,
        actor,
        id,
        finish("已按要求完成整改，经村“两委”验收合格。"),
        done,
    )
    .await?;
    step(db, actor, id, Transition::Close, done + Duration::days(4)).await
}

/// Loads the mechanism data set; `today` is the last day meetings may fall on.
pub async fn load(db: &Db, actor: &Actor, today: NaiveDate) -> Result<(), crate::demo::DemoError> {
    let scope = domain::identity::Scope::system();
    let regions = store::region::all(db, &scope).await.map_err(err)?;
    let villages: Vec<Village> = regions
        .iter()
        .filter(|r| r.level == "village")
        .enumerate()
        .map(|(index, r)| Village {
            index,
            code: r.code.clone(),
            name: r.name.clone(),
            town: r.parent_code.clone().unwrap_or_default(),
        })
        .collect();
    let town_name = |code: &str| {
        regions
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    let key: Vec<usize> = regions
        .iter()
        .filter(|r| r.level == "village")
        .enumerate()
        .filter(|(_, r)| r.tags.split(',').any(|t| t == "key_village"))
        .map(|(i, _)| i)
        .collect();
    if key.len() > GUIDES.len() || !key.iter().any(|&i| villages[i].code == MISSED_VILLAGE) {
        return Err("demo: unexpected key villages".into());
    }
    let ids = Loaded {
        leader_id: user_id(db, "leader").await?,
        shuji_id: user_id(db, "shuji").await?,
        baoying_id: user_id(db, "baoying").await?,
    };
    let leader = store::identity::find_for_login(db, "leader")
        .await
        .map_err(err)?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let guides: Vec<Guide> = key
        .iter()
        .zip(GUIDES)
        .enumerate()
        .map(|(i, (&village, (name, _)))| Guide {
            village,
            name: name.to_string(),
            user_id: if i == 0 {
                ids.leader_id.clone()
            } else {
                String::new()
            },
            shown: if i == 0 {
                leader.clone()
            } else {
                name.to_string()
            },
        })
        .collect();
    let first = day(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2)?;

    plan(db, actor, &guides).await?;

    for g in &guides {
        let v = &villages[g.village];
        let a = AssignmentInput {
            leader_user_id: g.user_id.clone(),
            leader_name: g.name.clone(),
            region_code: v.code.clone(),
            kind: "guide".into(),
            starts_on: first.to_string(),
            ends_on: String::new(),
            note: format!(
                "定点指导{}，每月至少召开一次工作推进会、每季度至少召开一次联系会议。",
                v.name
            ),
        }
        .validate()
        .map_err(|e| format!("demo assignment {}: {e}", v.code))?;
        assignments::create(db, actor, &a).await.map_err(err)?;
    }

    // Meetings, month by month, up to today.
    // (guide, meeting id, date) of every work-promotion and liaison meeting, by date.
    let mut liaisons: Vec<(usize, String, NaiveDate)> = Vec::new();
    let mut promotions: Vec<(usize, String, NaiveDate)> = Vec::new();
    let mut history: Vec<(String, NaiveDate, NaiveDate)> = Vec::new();
    let mut task_no = 0usize;
    let (mut year, mut month) = (first.year(), first.month());
    while (year, month) <= (today.year(), today.month()) {
        let quarter_month = (month - 1) % 3; // 0, 1 or 2 within the quarter
        for (gi, g) in guides.iter().enumerate() {
            let v = &villages[g.village];
            let town = town_name(&v.town);
            let chair = (g.user_id.as_str(), g.name.as_str());
            let mut people = vec![
                attendee(
                    &format!("{}（{}党委书记）", person(60 + gi), town),
                    "",
                    "present",
                ),
                attendee(&v.secretary(), "", "present"),
            ];
            if v.code == store_baoying() {
                people.push(attendee("", &ids.shuji_id, "present"));
            } else {
                people.push(attendee(
                    &format!("{}（驻村第一书记）", person(70 + gi)),
                    "",
                    "present",
                ));
            }
            people.push(attendee(
                &person(v.index * 4 + 6),
                "",
                if (month as usize + gi).is_multiple_of(5) {
                    "excused"
                } else {
                    "present"
                },
            ));
            let date = day(
                year,
                month,
                10 + ((v.index * 5 + month as usize * 3) % 12) as u32,
            )?;
            if date <= today && !(v.code == MISSED_VILLAGE && (year, month) == MISSED_MONTH) {
                let topic = TOPICS[(month - 1) as usize];
                let id = meeting(
                    db,
                    actor,
                    MeetingInput {
                        type_code: "work_promotion".into(),
                        region_code: v.code.clone(),
                        date: date.to_string(),
                        start_time: "09:00".into(),
                        end_time: "11:00".into(),
                        place: v.place(),
                        chair: chair.1.to_string(),
                        chair_user_id: chair.0.to_string(),
                        agenda: format!("1. 听取村“两委”本月工作汇报\n2. {topic}\n3. 交办事项"),
                        minutes_html: format!(
                            "<p>{}主持召开{}工作推进会，听取村“两委”本月工作汇报。</p>\
                             <p>会议{topic}，逐项明确责任人和完成时限。</p>",
                            g.shown, v.name
                        ),
                        attendees: people.clone(),
                        decisions: Vec::new(),
                    },
                )
                .await?;
                promotions.push((gi, id, date));
            }
            if quarter_month == 1 {
                let date = day(year, month, 20 + ((v.index + month as usize) % 6) as u32)?;
                if date <= today {
                    let issue = LIAISON[((month - 1) / 3) as usize];
                    let id = meeting(
                        db,
                        actor,
                        MeetingInput {
                            type_code: "liaison".into(),
                            region_code: v.code.clone(),
                            date: date.to_string(),
                            start_time: "14:30".into(),
                            end_time: "16:30".into(),
                            place: format!("{}人民政府会议室", town),
                            chair: chair.1.to_string(),
                            chair_user_id: chair.0.to_string(),
                            agenda: format!("1. 镇、村汇报本季度工作\n2. 协调解决{issue}"),
                            minutes_html: format!(
                                "<p>{}到{}召开联系会议，听取镇、村两级本季度工作汇报。</p>\
                                 <p>会议协调解决{issue}，形成交办事项。</p>",
                                g.shown, v.name
                            ),
                            attendees: people.clone(),
                            decisions: Vec::new(),
                        },
                    )
                    .await?;
                    // Q2 and Q4 meetings long past hand down a task, long since ticked off.
                    let deadline = date + Duration::days(60);
                    if month % 6 == 5 && deadline + Duration::days(30) < today {
                        let (title, description) = TASKS[task_no % TASKS.len()];
                        task_no += 1;
                        let owner = owner_of(v, &ids);
                        let pid = raise(
                            db,
                            actor,
                            Some((SourceKind::Meeting, &id)),
                            &task(&v.code, title, description, (&owner.0, &owner.1), deadline),
                        )
                        .await?;
                        history.push((pid, date, deadline));
                    }
                    liaisons.push((gi, id, date));
                }
            }
        }
        for v in &villages {
            let committee: Vec<AttendeeInput> = v
                .committee()
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let away = i == 3 && (month as usize + v.index).is_multiple_of(7);
                    attendee(name, "", if away { "excused" } else { "present" })
                })
                .collect();
            let date = day(year, month, 3 + ((v.index + month as usize) % 5) as u32)?;
            // 保婴村 has not held this month's 支委会 yet: a yellow cell on the board and a
            // rule due soon on the start page (the browser test records that meeting).
            let not_yet =
                v.code == store_baoying() && (year, month) == (today.year(), today.month());
            if date <= today && !not_yet {
                meeting(
                    db,
                    actor,
                    MeetingInput {
                        type_code: "branch_committee".into(),
                        region_code: v.code.clone(),
                        date: date.to_string(),
                        start_time: "19:30".into(),
                        end_time: "21:00".into(),
                        place: v.place(),
                        chair: v.secretary(),
                        chair_user_id: String::new(),
                        agenda: format!("{}月支委会", month),
                        minutes_html: format!(
                            "<p>支委会研究本月村级重要事项，按“四议两公开”提出议题：{}。</p>",
                            TOPICS[(month - 1) as usize]
                        ),
                        attendees: committee.clone(),
                        decisions: Vec::new(),
                    },
                )
                .await?;
            }
            let quarter = (month - 1) / 3 + 1;
            if quarter_month == 0 {
                let date = day(
                    year,
                    month,
                    12 + ((v.index * 2 + month as usize) % 6) as u32,
                )?;
                if date <= today {
                    meeting(
                        db,
                        actor,
                        MeetingInput {
                            type_code: "branch_assembly".into(),
                            region_code: v.code.clone(),
                            date: date.to_string(),
                            start_time: "09:00".into(),
                            end_time: "11:30".into(),
                            place: v.place(),
                            chair: v.secretary(),
                            chair_user_id: String::new(),
                            agenda: format!("{year}年第{quarter}季度支部党员大会"),
                            minutes_html: format!(
                                "<p>传达学习上级会议精神，通报上季度村务、财务公开情况。</p>\
                                 <p>讨论{}。</p>",
                                TOPICS[(month - 1) as usize]
                            ),
                            attendees: committee.clone(),
                            decisions: Vec::new(),
                        },
                    )
                    .await?;
                }
            }
            if quarter_month == 1 {
                let date = day(year, month, 22 + ((v.index + month as usize) % 5) as u32)?;
                if date <= today {
                    let subject =
                        LECTURES[(v.index + quarter as usize + year as usize) % LECTURES.len()];
                    meeting(
                        db,
                        actor,
                        MeetingInput {
                            type_code: "party_lecture".into(),
                            region_code: v.code.clone(),
                            date: date.to_string(),
                            start_time: "15:00".into(),
                            end_time: "16:30".into(),
                            place: v.place(),
                            chair: v.secretary(),
                            chair_user_id: String::new(),
                            agenda: format!("党课：{subject}"),
                            minutes_html: format!(
                                "<p>{}讲授党课《{subject}》，党员交流学习体会。</p>",
                                v.secretary()
                            ),
                            attendees: committee,
                            decisions: Vec::new(),
                        },
                    )
                    .await?;
                }
            }
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }

    // Visits: each guide to the village in spring and to a household in autumn, long past.
    for (gi, g) in guides.iter().enumerate() {
        let v = &villages[g.village];
        for y in first.year()..=today.year() {
            for (m, household) in [
                (3, None),
                (9, Some(format!("{}户", person(v.index * 9 + y as usize)))),
            ] {
                let date = day(y, m, 6 + (gi as u32 * 4))?;
                if date + Duration::days(90) >= today {
                    continue;
                }
                let raised = household.is_some() && (y as usize + gi).is_multiple_of(2);
                let deadline = date + Duration::days(45);
                let mut found = Vec::new();
                if raised {
                    let (title, description) = TASKS[7];
                    let owner = owner_of(v, &ids);
                    found.push(task(
                        &v.code,
                        title,
                        description,
                        (&owner.0, &owner.1),
                        deadline,
                    ));
                }
                let input = VisitInput {
                    visitor_user_id: g.user_id.clone(),
                    visitor_name: g.name.clone(),
                    region_code: v.code.clone(),
                    household: household.clone().unwrap_or_default(),
                    date: date.to_string(),
                    purpose: match &household {
                        Some(_) => "走访农户，了解生产生活困难和对村“两委”的意见".into(),
                        None => format!("到{}调研产业项目和村集体经济发展", v.name),
                    },
                    findings: match &household {
                        Some(h) if raised => {
                            format!("{h}家中有病人，收入下降，需帮助申请临时救助。")
                        }
                        Some(h) => format!("{h}生产生活正常，对村里道路和产业项目表示满意。"),
                        None => "产业项目按计划推进，村集体经营性收入稳步增长；基础设施仍有短板。"
                            .into(),
                    },
                    problems: found,
                };
                let visit = input
                    .validate()
                    .map_err(|e| format!("demo visit {} {date}: {e}", v.code))?;
                let record = visits::create(db, actor, &visit).await.map_err(err)?;
                if raised {
                    let (list, _) = problems::list(
                        db,
                        &scope,
                        &problems::Filter {
                            source_id: Some(record.id.clone()),
                            ..Default::default()
                        },
                        today,
                        store::Page::all(),
                    )
                    .await
                    .map_err(err)?;
                    for p in list {
                        history.push((p.problem.id, date, deadline));
                    }
                }
            }
        }
    }
    // The guides also visit the supported villages (扶持村) once a year (包乡走村).
    for (vi, v) in villages.iter().enumerate() {
        let supported = regions
            .iter()
            .any(|r| r.code == v.code && r.tags.split(',').any(|t| t == "supported_village"));
        if !supported {
            continue;
        }
        let g = &guides[vi % guides.len()];
        for y in first.year()..=today.year() {
            let date = day(y, 5, 18)?;
            if date >= today {
                continue;
            }
            let visit = VisitInput {
                visitor_user_id: g.user_id.clone(),
                visitor_name: g.name.clone(),
                region_code: v.code.clone(),
                date: date.to_string(),
                purpose: "督导扶持村项目资金使用和项目进度".into(),
                findings: "扶持项目资金专户管理、按进度拨付，项目收益已纳入村集体账。".into(),
                ..Default::default()
            }
            .validate()
            .map_err(|e| format!("demo visit {} {date}: {e}", v.code))?;
            visits::create(db, actor, &visit).await.map_err(err)?;
        }
    }
    for (id, raised, deadline) in &history {
        closed(db, actor, id, *raised, *deadline).await?;
    }
    current(
        db,
        actor,
        &ids,
        &villages,
        &guides,
        &promotions,
        &liaisons,
        today,
    )
    .await
}

fn store_baoying() -> &'static str {
    crate::demo_ledger::BAOYING
}

/// The owner of a village's problems: 保婴村's bookkeeper account, else the secretary.
fn owner_of(v: &Village, ids: &Loaded) -> (String, String) {
    if v.code == store_baoying() {
        (ids.baoying_id.clone(), String::new())
    } else {
        (String::new(), format!("{}（村党组织书记）", v.secretary()))
    }
}

/// The leading group and the 2021 plan with its four targets.
async fn plan(db: &Db, actor: &Actor, guides: &[Guide]) -> Result<(), crate::demo::DemoError> {
    let mut members = vec![
        MemberInput {
            name: "张立群（示例）".into(),
            user_id: String::new(),
            role: "组长".into(),
        },
        MemberInput {
            name: "刘春明（示例）".into(),
            user_id: String::new(),
            role: "副组长".into(),
        },
    ];
    for (g, (_, title)) in guides.iter().zip(GUIDES) {
        members.push(MemberInput {
            name: g.name.clone(),
            user_id: g.user_id.clone(),
            role: if title.contains("组织部") {
                "副组长".into()
            } else {
                "成员".into()
            },
        });
    }
    members.push(MemberInput {
        name: "赵国强（示例，区农业农村局局长）".into(),
        user_id: String::new(),
        role: "成员".into(),
    });
    members.push(MemberInput {
        name: "孙丽（示例，区财政局局长）".into(),
        user_id: String::new(),
        role: "成员".into(),
    });
    let plan = PlanInput {
        region_code: DISTRICT.into(),
        year: PLAN_YEAR.to_string(),
        title: "大观区2021年党建引领乡村振兴实施方案".into(),
        body: "为深入推进党建引领乡村振兴，成立区党建引领乡村振兴工作领导小组，领导小组办公室设在区委组织部。\n\
               一、区委常委定点指导重点村，每月至少召开一次工作推进会，每季度至少召开一次联系会议，\
               经常性包乡走村入户，发现问题建立清单、限期销号。\n\
               二、规范村党组织生活，村党支部每月召开支委会，每季度召开支部党员大会、上一次党课。\n\
               三、发展壮大村集体经济，统筹扶持村项目，规范资金使用，增加集体经营性收入50万元以上的强村。\n\
               四、实施村党组织书记“头雁”培训，建立后备人才库。\n\
               （示例文本）"
            .into(),
        members,
    }
    .validate()
    .map_err(|e| format!("demo plan: {e}"))?;
    let targets = [
        TargetInput {
            name: "集体经营性收入50万元以上的强村".into(),
            kind: "metric".into(),
            metric: "strong_villages".into(),
            target_value: "6".into(),
            unit: "个".into(),
            ..Default::default()
        },
        TargetInput {
            name: "定点指导会议和村党组织“三会一课”".into(),
            kind: "metric".into(),
            metric: "meetings_held".into(),
            target_value: "380".into(),
            unit: "次".into(),
            ..Default::default()
        },
        TargetInput {
            name: "问题清单按期办结率".into(),
            kind: "metric".into(),
            metric: "problems_closed_on_time".into(),
            target_value: "90".into(),
            unit: "%".into(),
            ..Default::default()
        },
        TargetInput {
            name: "村党组织书记“头雁”培训".into(),
            kind: "manual".into(),
            target_value: "17".into(),
            unit: "人".into(),
            manual_value: "17".into(),
            evidence:
                "2021年4月区委组织部举办村党组织书记“头雁”培训班，17个村的党组织书记全部结业；\
                       培训通知、课程表和结业名单存区委组织部（示例）。"
                    .into(),
            ..Default::default()
        },
    ]
    .iter()
    .map(|t| {
        t.validate()
            .map_err(|e| format!("demo target {}: {e}", t.name))
    })
    .collect::<Result<Vec<_>, _>>()?;
    plans::create(db, actor, &plan, &targets)
        .await
        .map_err(err)?;
    Ok(())
}

/// The open end of the problem list, dated from `today`: one problem in each state, one
/// sent back, one overdue, and a parent whose progress rolls up from two sub-tasks.
#[allow(clippy::too_many_arguments)]
async fn current(
    db: &Db,
    actor: &Actor,
    ids: &Loaded,
    villages: &[Village],
    guides: &[Guide],
    promotions: &[(usize, String, NaiveDate)],
    liaisons: &[(usize, String, NaiveDate)],
    today: NaiveDate,
) -> Result<(), crate::demo::DemoError> {
    let at = |days: i64| today + Duration::days(days);
    let baoying = store_baoying();
    let bookkeeper = (ids.baoying_id.as_str(), "");
    let shuji = (ids.shuji_id.as_str(), "");
    let village = |gi: usize| guides.get(gi).and_then(|g| villages.get(g.village));
    // Overdue: decided at a 保婴村 work-promotion meeting two months ago, in hand, past its
    // deadline.
    let source = promotions
        .iter()
        .rfind(|(gi, _, date)| *date <= at(-60) && village(*gi).is_some_and(|v| v.code == baoying))
        .map(|(_, id, _)| id.as_str());
    let overdue = raise(
        db,
        actor,
        source.map(|id| (SourceKind::Meeting, id)),
        &task(
            baoying,
            "整理村集体经济合同台账",
            "近三年资源发包、资产租赁合同未统一编号归档，需整理成电子台账并在村务公开栏公开。",
            bookkeeper,
            at(-12),
        ),
    )
    .await?;
    step(db, actor, &overdue, Transition::Start, at(-20)).await?;
    // 待办, direct entry.
    raise(
        db,
        actor,
        None,
        &task(
            baoying,
            "编制灵芝大棚冬季管护方案",
            "入冬前明确大棚保温、防火措施和管护人员。",
            shuji,
            at(40),
        ),
    )
    .await?;
    // 办理中, raised on a recent household visit by the `leader` account.
    if let Some(g) = guides.iter().find(|g| !g.user_id.is_empty()) {
        let visit = VisitInput {
            visitor_user_id: g.user_id.clone(),
            region_code: baoying.into(),
            household: format!("{}户", person(5)),
            date: at(-10).to_string(),
            purpose: "走访灵芝基地务工农户".into(),
            findings: "农户在灵芝基地务工，希望村里提供技能培训。".into(),
            problems: vec![task(
                "",
                "组织灵芝种植技能培训",
                "为在基地务工的村民组织一期灵芝栽培和孢子粉采收技能培训。",
                shuji,
                at(30),
            )],
            ..Default::default()
        }
        .validate()
        .map_err(|e| format!("demo visit: {e}"))?;
        let record = visits::create(db, actor, &visit).await.map_err(err)?;
        let (list, _) = problems::list(
            db,
            &domain::identity::Scope::system(),
            &problems::Filter {
                source_id: Some(record.id),
                ..Default::default()
            },
            today,
            store::Page::all(),
        )
        .await
        .map_err(err)?;
        for p in list {
            step(db, actor, &p.problem.id, Transition::Start, at(-8)).await?;
        }
    }
    // 已办结, waiting for 销号, at the second key village.
    let second = guides
        .get(1)
        .and_then(|g| villages.get(g.village))
        .ok_or("demo: a second key village")?;
    let owner = owner_of(second, ids);
    let done = raise(
        db,
        actor,
        None,
        &task(
            &second.code,
            "集中设置党群服务中心便民服务窗口",
            "群众反映办事窗口分散，需集中设置并公示办事指南。",
            (&owner.0, &owner.1),
            at(15),
        ),
    )
    .await?;
    step(db, actor, &done, Transition::Start, at(-9)).await?;
    step(
        db,
        actor,
        &done,
        finish("便民服务窗口已集中设置，办事指南已上墙公示。"),
        at(-2),
    )
    .await?;
    // Sent back (退回) from 已办结 to 办理中: a decision of the latest liaison meeting held
    // before the work started.
    if let Some((gi, id, _)) = liaisons.iter().rfind(|(_, _, date)| *date <= at(-20))
        && let Some(v) = village(*gi)
    {
        let owner = owner_of(v, ids);
        let back = raise(
            db,
            actor,
            Some((SourceKind::Meeting, id)),
            &task(
                &v.code,
                "清理村集体闲置资产",
                "对闲置的厂房、仓库逐项登记，提出出租或入股方案。",
                (&owner.0, &owner.1),
                at(30),
            ),
        )
        .await?;
        step(db, actor, &back, Transition::Start, at(-15)).await?;
        step(db, actor, &back, finish("已登记闲置资产。"), at(-6)).await?;
        step(
            db,
            actor,
            &back,
            Transition::SendBack {
                reason: "只登记了资产，未提出盘活方案，请补充后再报办结。".into(),
            },
            at(-4),
        )
        .await?;
    }
    // A parent with two weighted sub-tasks: one ticked off, one half done.
    let parent = raise(
        db,
        actor,
        None,
        &task(
            baoying,
            "灵芝产业扩面提质",
            "新建灵芝大棚并拓展孢子粉销售渠道。",
            shuji,
            at(120),
        ),
    )
    .await?;
    let mut child = task(
        baoying,
        "新建灵芝大棚2个",
        "完成选址、招标和建设。",
        shuji,
        at(90),
    );
    child.parent_id = parent.clone();
    child.weight = "2".into();
    let building = raise(db, actor, None, &child).await?;
    step(db, actor, &building, Transition::Start, at(-30)).await?;
    problems::set_progress(db, actor, &building, 50)
        .await
        .map_err(err)?;
    let mut child = task(
        baoying,
        "设计灵芝孢子粉包装并对接电商平台",
        "统一包装和商标，对接一家电商平台。",
        bookkeeper,
        at(60),
    );
    child.parent_id = parent;
    let selling = raise(db, actor, None, &child).await?;
    step(db, actor, &selling, Transition::Start, at(-40)).await?;
    step(
        db,
        actor,
        &selling,
        finish("包装已定稿，已在电商平台上架。"),
        at(-20),
    )
    .await?;
    step(db, actor, &selling, Transition::Close, at(-18)).await?;
    Ok(())
}
