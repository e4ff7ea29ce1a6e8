//! The calendar: a month of meetings and problem deadlines in the caller's scope (a grid of
//! Monday–Sunday weeks, and the same as a plain list for small screens), and each user's
//! iCal feed (RFC 5545) of the meetings they chair or attend.

use super::meetings::type_name;
use crate::base::ctx::{RequestCtx, SignedIn};
use crate::base::format::today;
use crate::base::page::render_status;
use crate::base::regions::{region_choices, region_names};
use crate::error::AppError;
use crate::identity::session::sha256_hex;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use domain::FieldError;
use domain::identity::TokenScope;
use serde::Deserialize;
use store::identity::UserRecord;
use store::mechanism::meetings;
use store::mechanism::{MeetingRecord, MeetingTypeRecord, problems};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::base::url::MECHANISM_CALENDAR, get(month))
        .route(crate::base::url::MECHANISM_CALENDAR_ICS, get(ics))
        .route(
            crate::base::url::MECHANISM_CALENDAR_TOKEN,
            post(create_feed_token),
        )
}

// ------------------------------------------------------------------ the month

#[derive(Deserialize, Default)]
struct MonthQuery {
    #[serde(default)]
    region: String,
    #[serde(default)]
    month: String,
}

/// `YYYY-MM` → (year, month); empty is this month.
fn parse_month(text: &str) -> Result<(i32, u32), FieldError> {
    let t = text.trim();
    if t.is_empty() {
        let d = today();
        return Ok((d.year(), d.month()));
    }
    let bad = || FieldError::new("mechanism.period_invalid", "month").arg("value", t);
    let (y, m) = t.split_once('-').ok_or_else(bad)?;
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    if (1900..=2999).contains(&year) && NaiveDate::from_ymd_opt(year, month, 1).is_some() {
        Ok((year, month))
    } else {
        Err(bad())
    }
}

/// One thing on a day: a meeting or a problem's deadline.
pub struct Entry {
    pub date: String,
    /// `HH:MM` of a meeting, empty for a deadline.
    pub time: String,
    pub label: String,
    pub href: String,
    pub deadline: bool,
}

pub struct Day {
    /// Day of the month; 0 for the days of the neighbouring months that fill the weeks.
    pub day: u32,
    pub today: bool,
    pub entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "mechanism/calendar.html")]
struct MonthPage {
    ctx: PageCtx,
    region: String,
    regions: Vec<(String, String)>,
    title: String,
    month: String,
    prev: String,
    next: String,
    weekdays: Vec<String>,
    weeks: Vec<Vec<Day>>,
    entries: Vec<Entry>,
    error: Option<String>,
    /// The feed URL with a calendar token just made: shown once, never again.
    feed_url: Option<String>,
}

impl MonthPage {
    fn link(&self, month: &str) -> String {
        format!(
            "{}?region={}&month={}",
            crate::base::url::MECHANISM_CALENDAR,
            crate::base::url::encode(&self.region),
            crate::base::url::encode(month)
        )
    }
}

fn month_text(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

async fn month(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Query(q): Query<MonthQuery>,
) -> Result<Response, AppError> {
    month_view(&state, &auth, &ctx, &q, None).await
}

#[derive(Deserialize, Default)]
struct FeedTokenForm {
    #[serde(default)]
    name: String,
}

/// Makes a calendar token for the caller (scope `calendar`: it reads their `.ics` feed and
/// nothing else) and shows the feed URL with it once.
async fn create_feed_token(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Form(form): Form<FeedTokenForm>,
) -> Result<Response, AppError> {
    let token = usecase::credentials::new_api_token()?;
    let name = match form.name.trim() {
        "" => ctx.tr.t("mtg-feed-token-default-name"),
        n => n.chars().take(64).collect(),
    };
    store::identity::create_scoped_token(
        &state.db,
        &auth.actor,
        &auth.user,
        &name,
        &sha256_hex(&token),
        TokenScope::Calendar,
    )
    .await?;
    let url = format!(
        "{}/mechanism/calendar.ics?token={}",
        state.config.public_url.trim_end_matches('/'),
        crate::base::url::encode(&token)
    );
    month_view(&state, &auth, &ctx, &MonthQuery::default(), Some(url)).await
}

async fn month_view(
    state: &AppState,
    auth: &crate::base::ctx::Auth,
    ctx: &RequestCtx,
    q: &MonthQuery,
    feed_url: Option<String>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let parsed = parse_month(&q.month)
        .and_then(|ym| crate::base::regions::filter_region(&q.region).map(|region| (ym, region)));
    let ((year, month), region, error, status) = match parsed {
        Ok((ym, region)) => (ym, region, None, StatusCode::OK),
        Err(e) => {
            let e = AppError::from(e);
            let d = today();
            ((d.year(), d.month()), None, Some(e.message(tr)), e.status)
        }
    };
    let scope = &auth.actor.scope;
    let types = meetings::types(&state.db, true).await?;
    let names = region_names(state, scope).await?;
    let held = meetings::in_month(&state.db, scope, region.as_ref(), year, month).await?;
    let due = problems::due_in_month(&state.db, scope, region.as_ref(), year, month).await?;
    let mut entries: Vec<Entry> = held
        .iter()
        .map(|m| Entry {
            date: m.date.clone(),
            time: m.start_time.clone(),
            label: format!(
                "{} · {}",
                type_name(tr, &types, &m.type_code),
                names.get(&m.region_code).cloned().unwrap_or_default()
            ),
            href: crate::base::url::mechanism_meeting(&m.id),
            deadline: false,
        })
        .chain(due.iter().map(|p| Entry {
            date: p.deadline.clone(),
            time: String::new(),
            label: tr.t1("mtg-deadline-of", "title", &p.title),
            href: crate::base::url::mechanism_problem(&p.id),
            deadline: true,
        }))
        .collect();
    // Deadlines of a day after its meetings.
    entries.sort_by(|a, b| (&a.date, a.deadline, &a.time).cmp(&(&b.date, b.deadline, &b.time)));
    let first =
        NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| AppError::internal("bad month"))?;
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    let (py, pm) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let days_in_month = NaiveDate::from_ymd_opt(ny, nm, 1)
        .map(|n| (n - first).num_days())
        .unwrap_or(30);
    let lead = first.weekday().num_days_from_monday() as i64;
    let now = today();
    let mut weeks = Vec::new();
    let mut week = Vec::new();
    let cells = ((lead + days_in_month + 6) / 7) * 7;
    for i in 0..cells {
        let date = first + Duration::days(i - lead);
        let inside = date.month() == month && date.year() == year;
        let key = date.to_string();
        week.push(Day {
            day: if inside { date.day() } else { 0 },
            today: date == now,
            entries: if inside {
                entries
                    .iter()
                    .filter(|e| e.date == key)
                    .map(|e| Entry {
                        date: e.date.clone(),
                        time: e.time.clone(),
                        label: e.label.clone(),
                        href: e.href.clone(),
                        deadline: e.deadline,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        });
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
    }
    let page = MonthPage {
        title: tr.t1("mtg-calendar-title", "month", &month_text(year, month)),
        ctx: PageCtx::new(ctx, "mechanism"),
        region: region.map(|r| r.to_string()).unwrap_or_default(),
        regions: region_choices(state, &auth.actor.scope).await?,
        month: month_text(year, month),
        prev: month_text(py, pm),
        next: month_text(ny, nm),
        weekdays: (1..=7).map(|d| tr.t(&format!("mtg-weekday-{d}"))).collect(),
        weeks,
        entries,
        error,
        feed_url,
    };
    render_status(&page, status)
}

// ------------------------------------------------------------------ the iCal feed

#[derive(Deserialize, Default)]
struct IcsQuery {
    /// A calendar token of the user: calendar apps send no cookies.
    #[serde(default)]
    token: String,
}

/// The signed-in user, or the owner of the calendar token in the query. Only a token of
/// scope `calendar` is taken: a full API token does not belong in a URL (it would end up in
/// calendar apps, proxies and logs), so it is refused here, and a calendar token is refused
/// everywhere else.
async fn feed_user(
    state: &AppState,
    ctx: &RequestCtx,
    token: &str,
) -> Result<UserRecord, AppError> {
    if !token.is_empty() {
        // Hashed, unrevoked, calendar scope, active user.
        return store::identity::find_scoped_token_user(
            &state.db,
            &sha256_hex(token.trim()),
            TokenScope::Calendar,
        )
        .await?
        .ok_or_else(AppError::unauthorized);
    }
    ctx.auth
        .as_ref()
        .map(|a| a.user.clone())
        .ok_or_else(AppError::unauthorized)
}

async fn ics(
    State(state): State<AppState>,
    ctx: RequestCtx,
    Query(q): Query<IcsQuery>,
) -> Result<Response, AppError> {
    let user = feed_user(&state, &ctx, &q.token).await?;
    // A few weeks back, so that a meeting just held stays in the calendar.
    let from = today() - Duration::days(30);
    let list = meetings::upcoming_for_user(&state.db, &user.id, from).await?;
    let types = meetings::types(&state.db, true).await?;
    let names: std::collections::HashMap<String, String> =
        store::region::all(&state.db, &domain::identity::Scope::system())
            .await?
            .into_iter()
            .map(|r| (r.code, r.name))
            .collect();
    let english = user.locale.as_deref() == Some("en-US");
    let text = calendar_text(&list, &types, &names, english, &state.config.public_url);
    let mut response = text.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline; filename=\"zhenxing.ics\""),
    );
    Ok(response)
}

/// TEXT value escaping of RFC 5545 §3.3.11.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded at 75 octets (never inside a UTF-8 character), CRLF ended.
fn line(out: &mut String, text: &str) {
    let mut width = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn local(date: &str, time: &str) -> Option<String> {
    let d = domain::time::parse_date(date)?;
    let t = NaiveTime::parse_from_str(time, "%H:%M").ok()?;
    Some(format!("{}T{}", d.format("%Y%m%d"), t.format("%H%M%S")))
}

/// The feed: China keeps UTC+8 all year, so one fixed VTIMEZONE describes Asia/Shanghai.
fn calendar_text(
    list: &[MeetingRecord],
    types: &[MeetingTypeRecord],
    names: &std::collections::HashMap<String, String>,
    english: bool,
    public_url: &str,
) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Zhenxing//Mechanism//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-TIMEZONE:Asia/Shanghai",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(&mut out, l);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    let base = public_url.trim_end_matches('/');
    for m in list {
        let Some(start) = local(&m.date, &m.start_time) else {
            continue;
        };
        // Without an end time a meeting is taken to last an hour.
        let end = m
            .end_time
            .as_deref()
            .and_then(|e| local(&m.date, e))
            .or_else(|| {
                let d = domain::time::parse_date(&m.date)?;
                let t = NaiveTime::parse_from_str(&m.start_time, "%H:%M").ok()?;
                let e = d.and_time(t) + Duration::hours(1);
                Some(e.format("%Y%m%dT%H%M%S").to_string())
            })
            .unwrap_or_else(|| start.clone());
        let type_label = types
            .iter()
            .find(|t| t.code == m.type_code)
            .map(|t| if english { &t.name_en } else { &t.name_zh })
            .cloned()
            .unwrap_or_else(|| m.type_code.clone());
        let region = names.get(&m.region_code).cloned().unwrap_or_default();
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}@zhenxing", m.id));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DTSTART;TZID=Asia/Shanghai:{start}"));
        line(&mut out, &format!("DTEND;TZID=Asia/Shanghai:{end}"));
        line(
            &mut out,
            &format!("SUMMARY:{}", escape(&format!("{type_label} · {region}"))),
        );
        if !m.place.is_empty() {
            line(&mut out, &format!("LOCATION:{}", escape(&m.place)));
        }
        if !m.agenda.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", escape(&m.agenda)));
        }
        line(&mut out, &format!("URL:{base}/mechanism/meetings/{}", m.id));
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "会".repeat(40)));
        for part in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{part}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "会".repeat(40)));
        assert_eq!(parse_month("2024-02"), Ok((2024, 2)));
        assert!(parse_month("2024-13").is_err());
    }
}
