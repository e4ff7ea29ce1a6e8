//! The demo's news (工作动态) and villagers' feedback (村民意见), issue 15: news of 保婴村, 海口镇
//! and the district in every state (one with a picture drawn here in code, one withdrawn),
//! and 保婴村's feedback in every state — received, rejected, accepted into the problem list,
//! and answered after its problem was done and closed (销号) by the town, not by its owner.
//! Every write goes through the store as the demo account who would make it.

use domain::disclosure::feedback::FeedbackInput;
use domain::disclosure::news::{NewsInput, Step};
use domain::identity::Actor;
use domain::mechanism::ProblemInput;
use domain::mechanism::problem::Transition;
use domain::region::RegionCode;
use store::Db;
use store::disclosure::feedback::{self, Moderation};
use store::disclosure::news;

const BAOYING: &str = "340803100201";
const TOWN: &str = "340803100000";
const DISTRICT: &str = "340803000000";

fn err(what: &'static str) -> impl Fn(store::StoreError) -> crate::demo::DemoError {
    crate::demo::DemoError::store(what)
}

fn code(text: &str) -> Result<RegionCode, crate::demo::DemoError> {
    RegionCode::parse(text).map_err(|e| crate::demo::DemoError::Data(format!("{text}: {e}")))
}

/// The demo account `username` acting as itself.
async fn user(db: &Db, username: &str) -> Result<Actor, crate::demo::DemoError> {
    store::identity::find_for_login(db, username)
        .await
        .map_err(err("account"))?
        .ok_or_else(|| crate::demo::DemoError::Data(format!("demo account {username} missing")))?
        .actor()
        .map_err(|e| crate::demo::DemoError::Data(format!("demo account {username}: {e}")))
}

/// Writes a news item of `region` as `author`; `steps` then move it, each by its actor.
async fn write(
    db: &Db,
    author: &Actor,
    region: &str,
    title: &str,
    body: &str,
    picture: Option<(u32, u32)>,
    steps: &[(&Actor, Step)],
) -> Result<(), crate::demo::DemoError> {
    let n = NewsInput {
        title: title.into(),
        body: body.into(),
    }
    .validate()
    .map_err(|e| crate::demo::DemoError::Data(format!("demo news {title}: {e:?}")))?;
    let item = news::create(db, author, &code(region)?, &n)
        .await
        .map_err(err("news"))?;
    if let Some((w, h)) = picture {
        let png = usecase::image::sample_png(w, h);
        let p = usecase::image::prepare(&png, "image")
            .map_err(|e| crate::demo::DemoError::Data(format!("demo picture: {e:?}")))?;
        news::add_image(db, author, &item.id, &p.jpeg, p.width, p.height)
            .await
            .map_err(err("news picture"))?;
    }
    for (who, s) in steps {
        news::step(db, who, &item.id, *s)
            .await
            .map_err(err("news step"))?;
    }
    Ok(())
}

async fn send(
    db: &Db,
    text: &str,
    name: &str,
    phone: &str,
) -> Result<feedback::FeedbackRecord, crate::demo::DemoError> {
    let f = FeedbackInput {
        text: text.into(),
        name: name.into(),
        phone: phone.into(),
    }
    .validate()
    .map_err(|e| crate::demo::DemoError::Data(format!("demo feedback: {e:?}")))?;
    feedback::submit(db, BAOYING, &f)
        .await
        .map_err(err("feedback"))
}

fn accept(title: &str, owner_user_id: &str, deadline: chrono::NaiveDate) -> Moderation {
    Moderation::Accept(ProblemInput {
        title: title.into(),
        owner_user_id: owner_user_id.into(),
        deadline: deadline.to_string(),
        ..ProblemInput::default()
    })
}

pub async fn load(db: &Db, _system: &Actor) -> Result<(), crate::demo::DemoError> {
    let admin = user(db, "admin").await?;
    let town = user(db, "haikou").await?;
    let cadre = user(db, "baoying").await?;
    let shuji = user(db, "shuji").await?;
    let today = domain::time::today();

    // News: published by someone other than the author, never by a village cadre.
    write(
        db,
        &cadre,
        BAOYING,
        "保婴村灵芝基地首季采收（示例）",
        "保婴村林下灵芝种植基地迎来首季采收，村“两委”组织党员和脱贫户参与采收、晾晒和分拣。\n\n\
         首季鲜灵芝已由合作社统一收购，收益按章程分配，明细将在村务公开中公布。",
        Some((1600, 900)),
        &[(&cadre, Step::Submit), (&town, Step::Publish)],
    )
    .await?;
    write(
        db,
        &town,
        TOWN,
        "海口镇召开村级财务公开工作推进会（示例）",
        "<p>镇党委组织各村报账员学习村务、财务公开要求，明确季度公开时限。</p>\
         <ul><li>财务收支按季度公开</li><li>重大事项即时公开</li></ul>",
        None,
        &[(&town, Step::Submit), (&admin, Step::Publish)],
    )
    .await?;
    write(
        db,
        &shuji,
        BAOYING,
        "保婴村开展党员志愿服务日活动（示例）",
        "第一书记带领党员清理村内沟渠、走访独居老人。",
        None,
        &[
            (&shuji, Step::Submit),
            (&town, Step::Publish),
            (&town, Step::Withdraw),
        ],
    )
    .await?;
    write(
        db,
        &admin,
        DISTRICT,
        "大观区部署农村集体“三资”清查工作（示例）",
        "区农业农村局部署年度农村集体资产、资金、资源清查，待镇级干部审核发布。",
        None,
        &[(&admin, Step::Submit)],
    )
    .await?;
    write(
        db,
        &cadre,
        BAOYING,
        "保婴村冬季防火安全提示（草稿，示例）",
        "冬季天干物燥，请村民注意用火用电安全。",
        None,
        &[],
    )
    .await?;

    // Feedback in every state.
    send(
        db,
        "村部门前的路灯晚上不亮，老人出门不方便。（示例）",
        "",
        "13912345678",
    )
    .await?;
    let spam = send(db, "低价出售化肥，有意请联系。（示例）", "", "").await?;
    feedback::moderate(
        db,
        &town,
        &spam.id,
        &Moderation::Reject {
            reason: "商业广告，与村务无关。".into(),
        },
    )
    .await
    .map_err(err("feedback reject"))?;
    let owner = cadre.user_id.map(|u| u.to_string()).unwrap_or_default();
    let ditch = send(db, "三组灌溉水渠淤堵，春耕前需要清理。（示例）", "李", "").await?;
    feedback::moderate(
        db,
        &town,
        &ditch.id,
        &accept(
            "清理三组灌溉水渠",
            &owner,
            today + chrono::Duration::days(30),
        ),
    )
    .await
    .map_err(err("feedback accept"))?;
    // Answered: accepted into the problem list, done by its owner, closed (销号) by the town.
    let board = send(
        db,
        "村务公开栏的内容好久没有更新了，希望按时公开。（示例）",
        "王小明",
        "0556-5551234",
    )
    .await?;
    let accepted = feedback::moderate(
        db,
        &town,
        &board.id,
        &accept(
            "按季度更新村务公开栏",
            &owner,
            today + chrono::Duration::days(15),
        ),
    )
    .await
    .map_err(err("feedback accept"))?;
    let problem = accepted
        .problem_id
        .ok_or_else(|| crate::demo::DemoError::Data("demo feedback: no problem".into()))?;
    let problems = store::mechanism::problems::transition;
    problems(db, &cadre, &problem, &Transition::Start, today)
        .await
        .map_err(err("feedback problem"))?;
    problems(
        db,
        &cadre,
        &problem,
        &Transition::Finish {
            result: "已更新公开栏并在平台发布本季度财务公开。".into(),
            evidence: "公开栏照片存村委会档案（示例）。".into(),
        },
        today,
    )
    .await
    .map_err(err("feedback problem"))?;
    problems(db, &town, &problem, &Transition::Close, today)
        .await
        .map_err(err("feedback problem"))?;
    feedback::moderate(
        db,
        &cadre,
        &board.id,
        &Moderation::Answer {
            answer: "感谢您的意见。村务公开栏已更新，今后每季度结束后10日内公开，也可在本页查看。"
                .into(),
        },
    )
    .await
    .map_err(err("feedback answer"))?;
    Ok(())
}
