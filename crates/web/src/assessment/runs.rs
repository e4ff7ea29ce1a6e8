//! An assessment's pages: its state and actions (compute, to review, publish, a correction
//! with its reason), the ranking with bands, quota and ties explained, its .xlsx export, a
//! subject's result with each indicator's value, score and the records behind it, and the
//! manual score form (score, reason, evidence file) with errors beside the fields.

use super::schemes::band_label;
use super::{can_own, drill, figure_text, indicator_rule, kind_label};
use crate::base::ctx::{Auth, RequestCtx, SignedIn};
use crate::base::page::FormError;
use crate::base::page::{go_to, in_page, render_status};
use crate::base::upload::Upload;
use crate::error::AppError;
use crate::shell::PageCtx;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use domain::assessment::Step;
use domain::assessment::rating::quota_cap;
use domain::assessment::scoring::points_text;
use domain::identity::Scope;
use domain::region::RegionCode;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use store::assessment::{ManualInput, ManualRecord, RunRecord, RunView, runs};

/// One subject of the ranking.
pub(crate) struct RankRow {
    pub rank: i32,
    pub region: String,
    pub name: String,
    pub total: String,
    pub band: String,
    /// The band the total reaches, when the given band differs.
    pub by_score: Option<String>,
    /// Why it differs.
    pub note: String,
    pub scores: Vec<String>,
}

#[derive(Template)]
#[template(path = "assessment/run.html")]
struct RunPage {
    ctx: PageCtx,
    view: RunView,
    owner_name: String,
    rows: Vec<RankRow>,
    indicator_names: Vec<String>,
    quota_notes: Vec<String>,
    versions: Vec<RunRecord>,
    corrects: Option<RunRecord>,
    can_write: bool,
    latest: bool,
    reason: String,
    error: FormError,
}

impl RunPage {
    fn state(&self, s: &str) -> String {
        self.ctx.t(&format!("assessment-state-{s}"))
    }
    fn is(&self, s: &str) -> bool {
        self.view.run.state == s
    }
    fn kind(&self) -> String {
        self.ctx.t(&self.view.scheme.scheme.subject_kind.label_id())
    }
}

async fn names(state: &AppState, scope: &Scope) -> Result<HashMap<String, String>, AppError> {
    crate::base::regions::region_names(state, scope).await
}

fn moved_note(tr: &crate::i18n::Tr, moved: Option<&str>) -> String {
    match moved {
        Some(m) => tr.t(&format!("assessment-moved-{m}")),
        None => String::new(),
    }
}

fn rank_rows(
    tr: &crate::i18n::Tr,
    view: &RunView,
    names: &HashMap<String, String>,
) -> Vec<RankRow> {
    view.subjects
        .iter()
        .map(|s| RankRow {
            rank: s.result.rank,
            region: s.result.region_code.clone(),
            name: names
                .get(&s.result.region_code)
                .cloned()
                .unwrap_or_else(|| s.result.region_code.clone()),
            total: points_text(s.result.total),
            band: band_label(tr, &s.result.band),
            by_score: (s.result.by_score != s.result.band)
                .then(|| band_label(tr, &s.result.by_score)),
            note: moved_note(tr, s.result.moved.as_deref()),
            scores: view
                .scheme
                .scheme
                .indicators
                .iter()
                .map(|i| {
                    let x = s.scores.iter().find(|x| x.indicator_key == i.key);
                    match (&i.kind, x) {
                        (k, Some(x)) if k.is_veto() => {
                            if x.vetoed {
                                tr.t("assessment-vetoed")
                            } else {
                                String::new()
                            }
                        }
                        (_, Some(x)) => points_text(x.score),
                        (_, None) => String::new(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The quota of each band that has one: at most how many of all subjects, and how many hold
/// the band.
fn quota_notes(tr: &crate::i18n::Tr, view: &RunView) -> Vec<String> {
    let n = usize::try_from(view.subject_count).unwrap_or(0);
    view.scheme
        .scheme
        .bands
        .iter()
        .filter_map(|b| {
            let q = b.quota?;
            let held = view
                .subjects
                .iter()
                .filter(|s| s.result.band == b.band.as_str())
                .count();
            let mut args = BTreeMap::new();
            args.insert("band", tr.t(&b.band.label_id()));
            args.insert("quota", q.to_string());
            args.insert("count", n.to_string());
            args.insert("cap", quota_cap(q, n).to_string());
            args.insert("held", held.to_string());
            Some(tr.with_args("assessment-quota-note", &args))
        })
        .collect()
}

async fn run_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    reason: String,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let view = runs::view(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let names = names(state, scope).await?;
    let versions = runs::of_scheme(&state.db, scope, &view.run.scheme_id).await?;
    let corrects = match &view.run.corrects_id {
        Some(c) => runs::get(&state.db, scope, c).await?,
        None => None,
    };
    let latest = versions.first().is_some_and(|r| r.id == view.run.id);
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let page = RunPage {
        ctx: PageCtx::new(ctx, "assessment"),
        owner_name: crate::base::regions::region_name(
            state,
            &Scope::system(),
            &view.run.region_code,
        )
        .await?,
        rows: rank_rows(&ctx.tr, &view, &names),
        indicator_names: view
            .scheme
            .scheme
            .indicators
            .iter()
            .map(|i| i.name.clone())
            .collect(),
        quota_notes: quota_notes(&ctx.tr, &view),
        can_write: can_own(auth, &view.run.region_code),
        latest,
        versions,
        corrects,
        view,
        reason,
        error: error
            .map(|e| FormError::of(&ctx.tr, &e))
            .unwrap_or_default(),
    };
    render_status(&page, status)
}

pub(crate) async fn show(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    run_page(&state, &auth, &ctx, &id, String::new(), None).await
}

#[derive(Deserialize, Default)]
pub(crate) struct StepForm {
    #[serde(default)]
    step: String,
}

pub(crate) async fn step(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    let step = Step::parse(&form.step).ok_or_else(|| {
        AppError::from(
            domain::FieldError::new("common.choice_invalid", "step")
                .arg("value", form.step.clone()),
        )
    })?;
    match runs::step(&state.db, &auth.actor, &id, step).await {
        Ok(_) => Ok(go_to(&headers, &crate::base::url::assessment_run(&id))),
        Err(e) => {
            let e = in_page(e.into())?;
            run_page(&state, &auth, &ctx, &id, String::new(), Some(e)).await
        }
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct CorrectForm {
    #[serde(default)]
    reason: String,
}

pub(crate) async fn correct(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CorrectForm>,
) -> Result<Response, AppError> {
    match runs::correct(&state.db, &auth.actor, &id, &form.reason).await {
        Ok(r) => {
            first_compute(&state, &auth, &r).await;
            Ok(go_to(&headers, &crate::base::url::assessment_run(&r.id)))
        }
        Err(e) => {
            let e = in_page(e.into())?;
            run_page(&state, &auth, &ctx, &id, form.reason, Some(e)).await
        }
    }
}

/// A version opened from a page is computed at once, so its subjects are listed for the
/// assessors; when that fails the run stays open and its page's compute button shows why.
pub(crate) async fn first_compute(state: &AppState, auth: &Auth, run: &RunRecord) {
    if let Err(e) = runs::step(&state.db, &auth.actor, &run.id, Step::Compute).await {
        tracing::warn!(run = %run.id, error = %e, "first compute of an assessment failed");
    }
}

/// The ranking as .xlsx: rank, subject, each indicator's score, total, band and the note,
/// as districts print it.
pub(crate) async fn export(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let tr = &ctx.tr;
    let scope = &auth.actor.scope;
    let view = runs::view(&state.db, scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let names = names(&state, scope).await?;
    let mut headers = vec![tr.t("assessment-col-rank"), tr.t("assessment-col-subject")];
    headers.extend(
        view.scheme
            .scheme
            .indicators
            .iter()
            .map(|i| format!("{}（{}）", i.name, i.weight)),
    );
    headers.extend([
        tr.t("assessment-col-total"),
        tr.t("assessment-col-band"),
        tr.t("assessment-col-note"),
    ]);
    use usecase::tabular::Kind::{Number, Text};
    let mut kinds = vec![Number, Text];
    kinds.extend(
        view.scheme
            .scheme
            .indicators
            .iter()
            .map(|i| if i.kind.is_veto() { Text } else { Number }),
    );
    kinds.extend([Number, Text, Text]);
    let rows: Vec<Vec<String>> = rank_rows(tr, &view, &names)
        .into_iter()
        .map(|r| {
            let mut row = vec![r.rank.to_string(), r.name];
            row.extend(r.scores);
            let note = match &r.by_score {
                Some(b) => format!("{}（{}：{b}）", r.note, tr.t("assessment-col-by_score")),
                None => r.note,
            };
            row.extend([r.total, r.band, note]);
            row
        })
        .collect();
    let title = format!("{} v{}", view.scheme.scheme.title, view.run.version);
    crate::tabular::kinds_xlsx_response(&title, &headers, &kinds, &rows, &format!("{title}.xlsx"))
}

/// One indicator on a subject's result page.
pub(crate) struct ResultRow {
    pub key: String,
    pub name: String,
    pub kind: String,
    pub rule: String,
    pub weight: i64,
    pub figure: String,
    pub score: String,
    pub vetoed: bool,
    pub drill: Option<String>,
    pub manual: Option<ManualRecord>,
    pub is_veto: bool,
    pub can_score: bool,
}

#[derive(Template)]
#[template(path = "assessment/subject.html")]
struct SubjectPage {
    ctx: PageCtx,
    run: RunRecord,
    title: String,
    region: String,
    name: String,
    total: Option<String>,
    band: Option<String>,
    rank: Option<i32>,
    note: String,
    rows: Vec<ResultRow>,
    /// The manual form refused: its indicator, what was typed, and the error.
    form_key: String,
    form_score: String,
    form_reason: String,
    error: FormError,
}

impl SubjectPage {
    fn typed_score(&self, key: &str) -> &str {
        if self.form_key == key {
            &self.form_score
        } else {
            ""
        }
    }
    fn typed_reason(&self, key: &str) -> &str {
        if self.form_key == key {
            &self.form_reason
        } else {
            ""
        }
    }
    fn error_at(&self, key: &str, field: &str) -> &str {
        if self.form_key == key {
            self.error.at(field)
        } else {
            ""
        }
    }
    fn error_other(&self, key: &str) -> &str {
        if self.form_key == key {
            self.error.other(&["score", "reason", "evidence"])
        } else {
            ""
        }
    }
    fn state(&self) -> String {
        self.ctx.t(&format!("assessment-state-{}", self.run.state))
    }
}

struct Typed {
    key: String,
    score: String,
    reason: String,
}

async fn subject_page(
    state: &AppState,
    auth: &Auth,
    ctx: &RequestCtx,
    id: &str,
    region: &str,
    typed: Option<Typed>,
    error: Option<AppError>,
) -> Result<Response, AppError> {
    let scope = &auth.actor.scope;
    let code = RegionCode::parse(region).map_err(|_| AppError::not_found())?;
    if !scope.contains(&code) {
        return Err(AppError::not_found());
    }
    let view = runs::view(&state.db, scope, id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !runs::subjects(&state.db, &view.scheme.scheme)
        .await?
        .contains(&code)
    {
        return Err(AppError::not_found());
    }
    let tr = &ctx.tr;
    let result = view
        .subjects
        .iter()
        .find(|s| s.result.region_code == region);
    let manual = runs::manual_of(&state.db, scope, id, &code).await?;
    let frozen = view.run.state().is_frozen();
    let own = auth.actor.scope.root().is_some_and(|r| code.contains(r));
    let rows = view
        .scheme
        .scheme
        .indicators
        .iter()
        .map(|i| {
            let x = result.and_then(|r| r.scores.iter().find(|x| x.indicator_key == i.key));
            let m = manual.iter().find(|m| m.indicator_key == i.key).cloned();
            let value = match (&i.kind, x, &m) {
                (k, None, Some(m)) if k.is_manual() => Some(m.score),
                _ => x.and_then(|x| x.value),
            };
            ResultRow {
                key: i.key.clone(),
                name: i.name.clone(),
                kind: kind_label(tr, &i.kind),
                rule: indicator_rule(tr, i),
                weight: i.weight,
                figure: figure_text(
                    tr,
                    i,
                    value,
                    x.and_then(|x| x.of_value),
                    x.and_then(|x| x.figure),
                ),
                score: x.map(|x| points_text(x.score)).unwrap_or_default(),
                vetoed: x.is_some_and(|x| x.vetoed),
                drill: i
                    .kind
                    .metric()
                    .map(|metric| drill(metric, region, view.run.year)),
                is_veto: i.kind.is_veto(),
                can_score: i.kind.is_manual()
                    && !frozen
                    && !own
                    && i.kind.role() == Some(auth.role),
                manual: m,
            }
        })
        .collect();
    let names = names(state, scope).await?;
    let status = error.as_ref().map_or(StatusCode::OK, |e| e.status);
    let typed = typed.unwrap_or(Typed {
        key: String::new(),
        score: String::new(),
        reason: String::new(),
    });
    let page = SubjectPage {
        ctx: PageCtx::new(ctx, "assessment"),
        title: view.scheme.scheme.title.clone(),
        region: region.to_string(),
        name: names
            .get(region)
            .cloned()
            .unwrap_or_else(|| region.to_string()),
        total: result.map(|r| points_text(r.result.total)),
        band: result.map(|r| band_label(tr, &r.result.band)),
        rank: result.map(|r| r.result.rank),
        note: moved_note(tr, result.and_then(|r| r.result.moved.as_deref())),
        rows,
        run: view.run,
        form_key: typed.key,
        form_score: typed.score,
        form_reason: typed.reason,
        error: error.map(|e| FormError::of(tr, &e)).unwrap_or_default(),
    };
    render_status(&page, status)
}

pub(crate) async fn subject(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    Path((id, region)): Path<(String, String)>,
) -> Result<Response, AppError> {
    subject_page(&state, &auth, &ctx, &id, &region, None, None).await
}

/// A manual score (multipart: score, reason, optional evidence file).
pub(crate) async fn manual(
    State(state): State<AppState>,
    SignedIn(auth, ctx): SignedIn,
    headers: HeaderMap,
    Path((id, region, key)): Path<(String, String, String)>,
    upload: Upload,
) -> Result<Response, AppError> {
    let code = RegionCode::parse(&region).map_err(|_| AppError::not_found())?;
    let file = upload.file("evidence").filter(|f| !f.is_blank());
    let input = ManualInput {
        score: upload.text("score"),
        reason: upload.text("reason"),
        evidence: file.map(|f| store::mechanism::meetings::Upload {
            file_name: &f.name,
            data: &f.data,
        }),
    };
    match runs::set_manual(&state.db, &auth.actor, &id, &code, &key, input).await {
        Ok(_) => Ok(go_to(
            &headers,
            &crate::base::url::assessment_subject(&id, &region),
        )),
        Err(e) => {
            let e = in_page(e.into())?;
            let typed = Typed {
                key,
                score: upload.text("score").to_string(),
                reason: upload.text("reason").to_string(),
            };
            subject_page(&state, &auth, &ctx, &id, &region, Some(typed), Some(e)).await
        }
    }
}

/// A manual score's evidence file.
pub(crate) async fn evidence(
    State(state): State<AppState>,
    SignedIn(auth, _ctx): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (name, kind, data) = runs::evidence(&state.db, &auth.actor.scope, &id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let kind: &'static str = match kind.as_str() {
        "application/pdf" => "application/pdf",
        "image/png" => "image/png",
        "image/jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    };
    Ok(crate::tabular::download(data, kind, &name))
}
