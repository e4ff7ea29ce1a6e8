//! Typed URLs: the one place that knows each page route's path.
//!
//! Every page route is registered with its `const` pattern (`.route(url::LEDGER_VOUCHER,
//! get(…))`), and every link or redirect to a route with parameters is made by the builder
//! of the same name (`url::ledger_voucher(id)`), which fills the pattern's `{…}` segments
//! with the values, percent-encoded. A path without parameters is its `const`. Templates call
//! the same functions (`{{ crate::base::url::ledger_voucher(v.id) }}`). The API's paths stay
//! on its handlers' `utoipa::path` attributes (the OpenAPI document names them).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt::Display;

/// Everything but the unreserved characters (`A–Z a–z 0–9 - _ . ~`) and `/` is
/// percent-encoded: a value fit for a query string, a path fit for `?next=`.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// `text` percent-encoded (UTF-8) for a URL: unreserved characters and `/` stay as they are.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, ENCODED).to_string()
}

/// `pattern` with each `{name}` (or `{*name}`) segment replaced, in order, by a value,
/// percent-encoded.
fn fill(pattern: &str, values: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(pattern.len() + 40);
    let mut values = values.iter();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        if let Some(value) = values.next() {
            out.push_str(&encode(&value.to_string()));
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

pub const HOME: &str = "/";
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_PASSWORD: &str = "/account/password";
pub const ACCOUNT_TOKENS: &str = "/account/tokens";
pub const ACCOUNT_TOKEN_REVOKE: &str = "/account/tokens/{id}/revoke";
pub const ADMIN_USERS: &str = "/admin/users";
pub const ADMIN_USERS_EXPORT_XLSX: &str = "/admin/users/export.xlsx";
pub const ADMIN_USERS_NEW: &str = "/admin/users/new";
pub const ADMIN_USER: &str = "/admin/users/{id}";
pub const API_OPENAPI_JSON: &str = "/api/openapi.json";
pub const AUDIT: &str = "/audit";
pub const AUDIT_EXPORT_XLSX: &str = "/audit/export.xlsx";
pub const HEALTHZ: &str = "/healthz";
pub const INDUSTRY: &str = "/industry";
pub const INDUSTRY_DOCUMENT: &str = "/industry/documents/{id}";
pub const INDUSTRY_EXPORT_CSV: &str = "/industry/export.csv";
pub const INDUSTRY_EXPORT_XLSX: &str = "/industry/export.xlsx";
pub const INDUSTRY_IMPORT_TEMPLATE_CSV: &str = "/industry/import/{kind}/template.csv";
pub const INDUSTRY_IMPORT_TEMPLATE_XLSX: &str = "/industry/import/{kind}/template.xlsx";
pub const INDUSTRY_PROJECTS: &str = "/industry/projects";
pub const INDUSTRY_PROJECTS_NEW: &str = "/industry/projects/new";
pub const INDUSTRY_PROJECT: &str = "/industry/projects/{id}";
pub const INDUSTRY_PROJECT_BATCHES: &str = "/industry/projects/{id}/batches";
pub const INDUSTRY_PROJECT_BUDGET_LINES: &str = "/industry/projects/{id}/budget-lines";
pub const INDUSTRY_PROJECT_DOCUMENTS: &str = "/industry/projects/{id}/documents";
pub const INDUSTRY_PROJECT_DOCUMENT_ARCHIVE: &str =
    "/industry/projects/{id}/documents/{item}/archive";
pub const INDUSTRY_PROJECT_DOCUMENT_RESTORE: &str =
    "/industry/projects/{id}/documents/{item}/restore";
pub const INDUSTRY_PROJECT_EXPORT: &str = "/industry/projects/{id}/export/{file}";
pub const INDUSTRY_PROJECT_FUNDING: &str = "/industry/projects/{id}/funding";
pub const INDUSTRY_PROJECT_IMPORT: &str = "/industry/projects/{id}/import";
pub const INDUSTRY_PROJECT_IMPORT_KIND: &str = "/industry/projects/{id}/import/{kind}";
pub const INDUSTRY_PROJECT_LINE_APPROVE: &str = "/industry/projects/{id}/lines/{item}/approve";
pub const INDUSTRY_PROJECT_LINE_DISBURSE: &str = "/industry/projects/{id}/lines/{item}/disburse";
pub const INDUSTRY_PROJECT_LOGS: &str = "/industry/projects/{id}/logs";
pub const INDUSTRY_PROJECT_MILESTONES: &str = "/industry/projects/{id}/milestones";
pub const INDUSTRY_PROJECT_MILESTONE_PROGRESS: &str =
    "/industry/projects/{id}/milestones/{item}/progress";
pub const INDUSTRY_PROJECT_PAY_LABOUR: &str = "/industry/projects/{id}/pay-labour";
pub const INDUSTRY_PROJECT_PRODUCTION: &str = "/industry/projects/{id}/production";
pub const INDUSTRY_PROJECT_RESULTS_CSV: &str = "/industry/projects/{id}/results.csv";
pub const INDUSTRY_PROJECT_RESULTS_XLSX: &str = "/industry/projects/{id}/results.xlsx";
pub const INDUSTRY_PROJECT_STATUS: &str = "/industry/projects/{id}/status";
pub const INDUSTRY_PROJECT_UNITS: &str = "/industry/projects/{id}/units";
pub const LANG: &str = "/lang";
pub const LEDGER: &str = "/ledger";
pub const LEDGER_BOOK: &str = "/ledger/books/{id}";
pub const LEDGER_BOOK_ACCOUNTS: &str = "/ledger/books/{id}/accounts";
pub const LEDGER_BOOK_ACCOUNTS_XLSX: &str = "/ledger/books/{id}/accounts.xlsx";
pub const LEDGER_BOOK_ACCOUNT_ACTIVE: &str = "/ledger/books/{id}/accounts/{code}/active";
pub const LEDGER_BOOK_ACCOUNT_DETAIL: &str = "/ledger/books/{id}/accounts/{code}/detail";
pub const LEDGER_BOOK_ACCOUNT_DETAIL_EXPORT_XLSX: &str =
    "/ledger/books/{id}/accounts/{code}/detail/export.xlsx";
pub const LEDGER_BOOK_ACCOUNT_GENERAL: &str = "/ledger/books/{id}/accounts/{code}/general";
pub const LEDGER_BOOK_ACCOUNT_GENERAL_EXPORT_XLSX: &str =
    "/ledger/books/{id}/accounts/{code}/general/export.xlsx";
pub const LEDGER_BOOK_BALANCE_SHEET: &str = "/ledger/books/{id}/balance-sheet";
pub const LEDGER_BOOK_BALANCE_SHEET_EXPORT_XLSX: &str =
    "/ledger/books/{id}/balance-sheet/export.xlsx";
pub const LEDGER_BOOK_CLOSE_YEAR: &str = "/ledger/books/{id}/close-year";
pub const LEDGER_BOOK_INCOME_STATEMENT: &str = "/ledger/books/{id}/income-statement";
pub const LEDGER_BOOK_INCOME_STATEMENT_EXPORT_XLSX: &str =
    "/ledger/books/{id}/income-statement/export.xlsx";
pub const LEDGER_BOOK_NEXT_YEAR: &str = "/ledger/books/{id}/next-year";
pub const LEDGER_BOOK_OPENINGS: &str = "/ledger/books/{id}/openings";
pub const LEDGER_BOOK_OPENINGS_CHECK: &str = "/ledger/books/{id}/openings/check";
pub const LEDGER_BOOK_OPENINGS_IMPORT: &str = "/ledger/books/{id}/openings/import";
pub const LEDGER_BOOK_PERIOD_CLOSE: &str = "/ledger/books/{id}/periods/{period}/close";
pub const LEDGER_BOOK_PERIOD_REOPEN: &str = "/ledger/books/{id}/periods/{period}/reopen";
pub const LEDGER_BOOK_TRIAL_BALANCE: &str = "/ledger/books/{id}/trial-balance";
pub const LEDGER_BOOK_TRIAL_BALANCE_EXPORT_XLSX: &str =
    "/ledger/books/{id}/trial-balance/export.xlsx";
pub const LEDGER_BOOK_VOUCHERS: &str = "/ledger/books/{id}/vouchers";
pub const LEDGER_BOOK_VOUCHERS_EXPORT_XLSX: &str = "/ledger/books/{id}/vouchers/export.xlsx";
pub const LEDGER_BOOK_VOUCHERS_IMPORT: &str = "/ledger/books/{id}/vouchers/import";
pub const LEDGER_BOOK_VOUCHERS_NEW: &str = "/ledger/books/{id}/vouchers/new";
pub const LEDGER_CLASSIFICATION: &str = "/ledger/classification";
pub const LEDGER_CLASSIFICATION_EXPORT_XLSX: &str = "/ledger/classification/export.xlsx";
pub const LEDGER_CLASSIFICATION_RULES: &str = "/ledger/classification/rules";
pub const LEDGER_EXPORT_XLSX: &str = "/ledger/export.xlsx";
pub const LEDGER_ORGS: &str = "/ledger/orgs";
pub const LEDGER_ORG: &str = "/ledger/orgs/{id}";
pub const LEDGER_ORG_BOOKS: &str = "/ledger/orgs/{id}/books";
pub const LEDGER_ORG_EXPORT_XLSX: &str = "/ledger/orgs/{id}/export.xlsx";
pub const LEDGER_VOUCHER: &str = "/ledger/vouchers/{id}";
pub const LEDGER_VOUCHER_EDIT: &str = "/ledger/vouchers/{id}/edit";
pub const LEDGER_VOUCHER_POST: &str = "/ledger/vouchers/{id}/post";
pub const LEDGER_VOUCHER_REVERSE: &str = "/ledger/vouchers/{id}/reverse";
pub const LEDGER_VOUCHER_REVIEW: &str = "/ledger/vouchers/{id}/review";
pub const LOGIN: &str = "/login";
pub const LOGOUT: &str = "/logout";
pub const MECHANISM: &str = "/mechanism";
pub const MECHANISM_ASSIGNMENTS: &str = "/mechanism/assignments";
pub const MECHANISM_ASSIGNMENTS_EXPORT_XLSX: &str = "/mechanism/assignments/export.xlsx";
pub const MECHANISM_ASSIGNMENT_END: &str = "/mechanism/assignments/{id}/end";
pub const MECHANISM_ATTACHMENT: &str = "/mechanism/attachments/{id}";
pub const MECHANISM_BOARD: &str = "/mechanism/board";
pub const MECHANISM_BOARD_CELL: &str = "/mechanism/board/cell";
pub const MECHANISM_BOARD_MISSED_XLSX: &str = "/mechanism/board/missed.xlsx";
pub const MECHANISM_CALENDAR: &str = "/mechanism/calendar";
pub const MECHANISM_CALENDAR_ICS: &str = "/mechanism/calendar.ics";
pub const MECHANISM_CALENDAR_TOKEN: &str = "/mechanism/calendar/token";
pub const MECHANISM_MEETINGS: &str = "/mechanism/meetings";
pub const MECHANISM_MEETINGS_EXPORT_XLSX: &str = "/mechanism/meetings/export.xlsx";
pub const MECHANISM_MEETINGS_NEW: &str = "/mechanism/meetings/new";
pub const MECHANISM_MEETING: &str = "/mechanism/meetings/{id}";
pub const MECHANISM_MEETING_ARCHIVE: &str = "/mechanism/meetings/{id}/archive";
pub const MECHANISM_MEETING_DECISIONS: &str = "/mechanism/meetings/{id}/decisions";
pub const MECHANISM_MEETING_EDIT: &str = "/mechanism/meetings/{id}/edit";
pub const MECHANISM_PERSON_NAMES: &str = "/mechanism/person-names";
pub const MECHANISM_PLANS: &str = "/mechanism/plans";
pub const MECHANISM_PLANS_EXPORT_XLSX: &str = "/mechanism/plans/export.xlsx";
pub const MECHANISM_PLANS_NEW: &str = "/mechanism/plans/new";
pub const MECHANISM_PLAN: &str = "/mechanism/plans/{id}";
pub const MECHANISM_PLAN_ARCHIVE: &str = "/mechanism/plans/{id}/archive";
pub const MECHANISM_PLAN_EDIT: &str = "/mechanism/plans/{id}/edit";
pub const MECHANISM_PLAN_TARGETS: &str = "/mechanism/plans/{id}/targets";
pub const MECHANISM_PLAN_TARGETS_XLSX: &str = "/mechanism/plans/{id}/targets.xlsx";
pub const MECHANISM_PLAN_TARGET_ARCHIVE: &str = "/mechanism/plans/{id}/targets/{target}/archive";
pub const MECHANISM_PLAN_TARGET_EDIT: &str = "/mechanism/plans/{id}/targets/{target}/edit";
pub const MECHANISM_PROBLEMS: &str = "/mechanism/problems";
pub const MECHANISM_PROBLEMS_EXPORT_XLSX: &str = "/mechanism/problems/export.xlsx";
pub const MECHANISM_PROBLEMS_NEW: &str = "/mechanism/problems/new";
pub const MECHANISM_PROBLEM: &str = "/mechanism/problems/{id}";
pub const MECHANISM_PROBLEM_ARCHIVE: &str = "/mechanism/problems/{id}/archive";
pub const MECHANISM_PROBLEM_CLOSE: &str = "/mechanism/problems/{id}/close";
pub const MECHANISM_PROBLEM_EDIT: &str = "/mechanism/problems/{id}/edit";
pub const MECHANISM_PROBLEM_FINISH: &str = "/mechanism/problems/{id}/finish";
pub const MECHANISM_PROBLEM_PROGRESS: &str = "/mechanism/problems/{id}/progress";
pub const MECHANISM_PROBLEM_SEND_BACK: &str = "/mechanism/problems/{id}/send-back";
pub const MECHANISM_PROBLEM_START: &str = "/mechanism/problems/{id}/start";
pub const MECHANISM_RULES: &str = "/mechanism/rules";
pub const MECHANISM_RULES_EXPORT_XLSX: &str = "/mechanism/rules/export.xlsx";
pub const MECHANISM_RULE_ACTIVE: &str = "/mechanism/rules/{id}/active";
pub const MECHANISM_RULE_EDIT: &str = "/mechanism/rules/{id}/edit";
pub const MECHANISM_TYPES: &str = "/mechanism/types";
pub const MECHANISM_TYPES_EXPORT_XLSX: &str = "/mechanism/types/export.xlsx";
pub const MECHANISM_TYPE: &str = "/mechanism/types/{code}";
pub const MECHANISM_TYPE_ACTIVE: &str = "/mechanism/types/{code}/active";
pub const MECHANISM_VISITS: &str = "/mechanism/visits";
pub const MECHANISM_VISITS_EXPORT_XLSX: &str = "/mechanism/visits/export.xlsx";
pub const MECHANISM_VISITS_NEW: &str = "/mechanism/visits/new";
pub const MECHANISM_VISIT: &str = "/mechanism/visits/{id}";
pub const MECHANISM_VISIT_ARCHIVE: &str = "/mechanism/visits/{id}/archive";
pub const MECHANISM_VISIT_EDIT: &str = "/mechanism/visits/{id}/edit";
pub const METRICS: &str = "/metrics";
pub const PEOPLE: &str = "/people";
pub const PEOPLE_IMPORT: &str = "/people/import";
pub const PEOPLE_IMPORT_KIND: &str = "/people/import/{kind}";
pub const PEOPLE_IMPORT_TEMPLATE_CSV: &str = "/people/import/{kind}/template.csv";
pub const PEOPLE_IMPORT_TEMPLATE_XLSX: &str = "/people/import/{kind}/template.xlsx";
pub const PEOPLE_INCENTIVES: &str = "/people/incentives";
pub const PEOPLE_INCENTIVES_EXPORT_XLSX: &str = "/people/incentives/export.xlsx";
pub const PEOPLE_INCENTIVES_NEW: &str = "/people/incentives/new";
pub const PEOPLE_PERSONS: &str = "/people/persons";
pub const PEOPLE_PERSONS_EXPORT_FULL_XLSX: &str = "/people/persons/export-full.xlsx";
pub const PEOPLE_PERSONS_EXPORT_XLSX: &str = "/people/persons/export.xlsx";
pub const PEOPLE_PERSONS_NEW: &str = "/people/persons/new";
pub const PEOPLE_PERSON: &str = "/people/persons/{id}";
pub const PEOPLE_PERSON_ARCHIVE: &str = "/people/persons/{id}/archive";
pub const PEOPLE_PERSON_EDIT: &str = "/people/persons/{id}/edit";
pub const PEOPLE_PERSON_PHOTO: &str = "/people/persons/{id}/photo";
pub const PEOPLE_PERSON_REVEAL: &str = "/people/persons/{id}/reveal";
pub const PEOPLE_POSTS: &str = "/people/posts";
pub const PEOPLE_POSTS_EXPORT_XLSX: &str = "/people/posts/export.xlsx";
pub const PEOPLE_POSTS_NEW: &str = "/people/posts/new";
pub const PEOPLE_POST_END: &str = "/people/posts/{id}/end";
pub const PEOPLE_RECRUITMENT: &str = "/people/recruitment";
pub const PEOPLE_RECRUITMENT_EXPORT_XLSX: &str = "/people/recruitment/export.xlsx";
pub const PEOPLE_RECRUITMENT_NEW: &str = "/people/recruitment/new";
pub const PEOPLE_RECRUITMENT_DRIVE: &str = "/people/recruitment/{id}";
pub const PEOPLE_RECRUITMENT_APPLICANTS: &str = "/people/recruitment/{id}/applicants";
pub const PEOPLE_RECRUITMENT_APPLICANTS_XLSX: &str = "/people/recruitment/{id}/applicants.xlsx";
pub const PEOPLE_RECRUITMENT_APPLICANT_DECIDE: &str =
    "/people/recruitment/{id}/applicants/{aid}/decide";
pub const PEOPLE_RECRUITMENT_APPLICANT_SCORES: &str =
    "/people/recruitment/{id}/applicants/{aid}/scores";
pub const PEOPLE_RECRUITMENT_POSITIONS: &str = "/people/recruitment/{id}/positions";
pub const PEOPLE_RECRUITMENT_STATUS: &str = "/people/recruitment/{id}/status";
pub const PEOPLE_TALENT: &str = "/people/talent";
pub const PEOPLE_TALENT_EXPORT_XLSX: &str = "/people/talent/export.xlsx";
pub const PEOPLE_TALENT_NEW: &str = "/people/talent/new";
pub const PEOPLE_TALENT_ENTRY: &str = "/people/talent/{id}";
pub const PEOPLE_TALENT_ARCHIVE: &str = "/people/talent/{id}/archive";
pub const PEOPLE_TALENT_EDIT: &str = "/people/talent/{id}/edit";
pub const PEOPLE_TALENT_STATUS: &str = "/people/talent/{id}/status";
pub const PEOPLE_TRAININGS: &str = "/people/trainings";
pub const PEOPLE_TRAININGS_ATTENDANCE_TEMPLATE_XLSX: &str =
    "/people/trainings/attendance-template.xlsx";
pub const PEOPLE_TRAININGS_COVERAGE: &str = "/people/trainings/coverage";
pub const PEOPLE_TRAININGS_COVERAGE_EXPORT_XLSX: &str = "/people/trainings/coverage/export.xlsx";
pub const PEOPLE_TRAININGS_EXPORT_XLSX: &str = "/people/trainings/export.xlsx";
pub const PEOPLE_TRAININGS_NEW: &str = "/people/trainings/new";
pub const PEOPLE_TRAINING: &str = "/people/trainings/{id}";
pub const PEOPLE_TRAINING_ARCHIVE: &str = "/people/trainings/{id}/archive";
pub const PEOPLE_TRAINING_ATTENDANCE: &str = "/people/trainings/{id}/attendance";
pub const PEOPLE_TRAINING_EDIT: &str = "/people/trainings/{id}/edit";
pub const PEOPLE_TRAINING_IMPORT: &str = "/people/trainings/{id}/import";
pub const READYZ: &str = "/readyz";
pub const REGIONS: &str = "/regions";
pub const REGIONS_EXPORT_CSV: &str = "/regions/export.csv";
pub const REGIONS_EXPORT_XLSX: &str = "/regions/export.xlsx";
pub const REGIONS_IMPORT: &str = "/regions/import";
pub const REGIONS_NEW: &str = "/regions/new";
pub const REGION: &str = "/regions/{code}";
pub const REGION_ARCHIVE: &str = "/regions/{code}/archive";
pub const REGION_EDIT: &str = "/regions/{code}/edit";
pub const STATIC_FILE: &str = "/static/{*file}";
pub const TASKS: &str = "/tasks";

/// `/account/tokens/{id}/revoke`
pub fn account_token_revoke(id: impl Display) -> String {
    fill(ACCOUNT_TOKEN_REVOKE, &[&id])
}

/// `/admin/users/{id}`
pub fn admin_user(id: impl Display) -> String {
    fill(ADMIN_USER, &[&id])
}

/// `/industry/documents/{id}`
pub fn industry_document(id: impl Display) -> String {
    fill(INDUSTRY_DOCUMENT, &[&id])
}

/// `/industry/import/{kind}/template.csv`
pub fn industry_import_template_csv(kind: impl Display) -> String {
    fill(INDUSTRY_IMPORT_TEMPLATE_CSV, &[&kind])
}

/// `/industry/import/{kind}/template.xlsx`
pub fn industry_import_template_xlsx(kind: impl Display) -> String {
    fill(INDUSTRY_IMPORT_TEMPLATE_XLSX, &[&kind])
}

/// `/industry/projects/{id}`
pub fn industry_project(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT, &[&id])
}

/// `/industry/projects/{id}/batches`
pub fn industry_project_batches(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_BATCHES, &[&id])
}

/// `/industry/projects/{id}/budget-lines`
pub fn industry_project_budget_lines(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_BUDGET_LINES, &[&id])
}

/// `/industry/projects/{id}/documents`
pub fn industry_project_documents(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_DOCUMENTS, &[&id])
}

/// `/industry/projects/{id}/documents/{item}/archive`
pub fn industry_project_document_archive(id: impl Display, item: impl Display) -> String {
    fill(INDUSTRY_PROJECT_DOCUMENT_ARCHIVE, &[&id, &item])
}

/// `/industry/projects/{id}/documents/{item}/restore`
pub fn industry_project_document_restore(id: impl Display, item: impl Display) -> String {
    fill(INDUSTRY_PROJECT_DOCUMENT_RESTORE, &[&id, &item])
}

/// `/industry/projects/{id}/export/{file}`
pub fn industry_project_export(id: impl Display, file: impl Display) -> String {
    fill(INDUSTRY_PROJECT_EXPORT, &[&id, &file])
}

/// `/industry/projects/{id}/funding`
pub fn industry_project_funding(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_FUNDING, &[&id])
}

/// `/industry/projects/{id}/import`
pub fn industry_project_import(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_IMPORT, &[&id])
}

/// `/industry/projects/{id}/import/{kind}`
pub fn industry_project_import_kind(id: impl Display, kind: impl Display) -> String {
    fill(INDUSTRY_PROJECT_IMPORT_KIND, &[&id, &kind])
}

/// `/industry/projects/{id}/lines/{item}/approve`
pub fn industry_project_line_approve(id: impl Display, item: impl Display) -> String {
    fill(INDUSTRY_PROJECT_LINE_APPROVE, &[&id, &item])
}

/// `/industry/projects/{id}/lines/{item}/disburse`
pub fn industry_project_line_disburse(id: impl Display, item: impl Display) -> String {
    fill(INDUSTRY_PROJECT_LINE_DISBURSE, &[&id, &item])
}

/// `/industry/projects/{id}/logs`
pub fn industry_project_logs(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_LOGS, &[&id])
}

/// `/industry/projects/{id}/milestones`
pub fn industry_project_milestones(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_MILESTONES, &[&id])
}

/// `/industry/projects/{id}/milestones/{item}/progress`
pub fn industry_project_milestone_progress(id: impl Display, item: impl Display) -> String {
    fill(INDUSTRY_PROJECT_MILESTONE_PROGRESS, &[&id, &item])
}

/// `/industry/projects/{id}/pay-labour`
pub fn industry_project_pay_labour(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_PAY_LABOUR, &[&id])
}

/// `/industry/projects/{id}/production`
pub fn industry_project_production(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_PRODUCTION, &[&id])
}

/// `/industry/projects/{id}/results.csv`
pub fn industry_project_results_csv(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_RESULTS_CSV, &[&id])
}

/// `/industry/projects/{id}/results.xlsx`
pub fn industry_project_results_xlsx(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_RESULTS_XLSX, &[&id])
}

/// `/industry/projects/{id}/status`
pub fn industry_project_status(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_STATUS, &[&id])
}

/// `/industry/projects/{id}/units`
pub fn industry_project_units(id: impl Display) -> String {
    fill(INDUSTRY_PROJECT_UNITS, &[&id])
}

/// `/ledger/books/{id}`
pub fn ledger_book(id: impl Display) -> String {
    fill(LEDGER_BOOK, &[&id])
}

/// `/ledger/books/{id}/accounts`
pub fn ledger_book_accounts(id: impl Display) -> String {
    fill(LEDGER_BOOK_ACCOUNTS, &[&id])
}

/// `/ledger/books/{id}/accounts.xlsx`
pub fn ledger_book_accounts_xlsx(id: impl Display) -> String {
    fill(LEDGER_BOOK_ACCOUNTS_XLSX, &[&id])
}

/// `/ledger/books/{id}/accounts/{code}/active`
pub fn ledger_book_account_active(id: impl Display, code: impl Display) -> String {
    fill(LEDGER_BOOK_ACCOUNT_ACTIVE, &[&id, &code])
}

/// `/ledger/books/{id}/accounts/{code}/detail`
pub fn ledger_book_account_detail(id: impl Display, code: impl Display) -> String {
    fill(LEDGER_BOOK_ACCOUNT_DETAIL, &[&id, &code])
}

/// `/ledger/books/{id}/accounts/{code}/detail/export.xlsx`
pub fn ledger_book_account_detail_export_xlsx(id: impl Display, code: impl Display) -> String {
    fill(LEDGER_BOOK_ACCOUNT_DETAIL_EXPORT_XLSX, &[&id, &code])
}

/// `/ledger/books/{id}/accounts/{code}/general`
pub fn ledger_book_account_general(id: impl Display, code: impl Display) -> String {
    fill(LEDGER_BOOK_ACCOUNT_GENERAL, &[&id, &code])
}

/// `/ledger/books/{id}/accounts/{code}/general/export.xlsx`
pub fn ledger_book_account_general_export_xlsx(id: impl Display, code: impl Display) -> String {
    fill(LEDGER_BOOK_ACCOUNT_GENERAL_EXPORT_XLSX, &[&id, &code])
}

/// `/ledger/books/{id}/balance-sheet`
pub fn ledger_book_balance_sheet(id: impl Display) -> String {
    fill(LEDGER_BOOK_BALANCE_SHEET, &[&id])
}

/// `/ledger/books/{id}/balance-sheet/export.xlsx`
pub fn ledger_book_balance_sheet_export_xlsx(id: impl Display) -> String {
    fill(LEDGER_BOOK_BALANCE_SHEET_EXPORT_XLSX, &[&id])
}

/// `/ledger/books/{id}/close-year`
pub fn ledger_book_close_year(id: impl Display) -> String {
    fill(LEDGER_BOOK_CLOSE_YEAR, &[&id])
}

/// `/ledger/books/{id}/income-statement`
pub fn ledger_book_income_statement(id: impl Display) -> String {
    fill(LEDGER_BOOK_INCOME_STATEMENT, &[&id])
}

/// `/ledger/books/{id}/income-statement/export.xlsx`
pub fn ledger_book_income_statement_export_xlsx(id: impl Display) -> String {
    fill(LEDGER_BOOK_INCOME_STATEMENT_EXPORT_XLSX, &[&id])
}

/// `/ledger/books/{id}/next-year`
pub fn ledger_book_next_year(id: impl Display) -> String {
    fill(LEDGER_BOOK_NEXT_YEAR, &[&id])
}

/// `/ledger/books/{id}/openings`
pub fn ledger_book_openings(id: impl Display) -> String {
    fill(LEDGER_BOOK_OPENINGS, &[&id])
}

/// `/ledger/books/{id}/openings/check`
pub fn ledger_book_openings_check(id: impl Display) -> String {
    fill(LEDGER_BOOK_OPENINGS_CHECK, &[&id])
}

/// `/ledger/books/{id}/openings/import`
pub fn ledger_book_openings_import(id: impl Display) -> String {
    fill(LEDGER_BOOK_OPENINGS_IMPORT, &[&id])
}

/// `/ledger/books/{id}/periods/{period}/close`
pub fn ledger_book_period_close(id: impl Display, period: impl Display) -> String {
    fill(LEDGER_BOOK_PERIOD_CLOSE, &[&id, &period])
}

/// `/ledger/books/{id}/periods/{period}/reopen`
pub fn ledger_book_period_reopen(id: impl Display, period: impl Display) -> String {
    fill(LEDGER_BOOK_PERIOD_REOPEN, &[&id, &period])
}

/// `/ledger/books/{id}/trial-balance`
pub fn ledger_book_trial_balance(id: impl Display) -> String {
    fill(LEDGER_BOOK_TRIAL_BALANCE, &[&id])
}

/// `/ledger/books/{id}/trial-balance/export.xlsx`
pub fn ledger_book_trial_balance_export_xlsx(id: impl Display) -> String {
    fill(LEDGER_BOOK_TRIAL_BALANCE_EXPORT_XLSX, &[&id])
}

/// `/ledger/books/{id}/vouchers`
pub fn ledger_book_vouchers(id: impl Display) -> String {
    fill(LEDGER_BOOK_VOUCHERS, &[&id])
}

/// `/ledger/books/{id}/vouchers/export.xlsx`
pub fn ledger_book_vouchers_export_xlsx(id: impl Display) -> String {
    fill(LEDGER_BOOK_VOUCHERS_EXPORT_XLSX, &[&id])
}

/// `/ledger/books/{id}/vouchers/import`
pub fn ledger_book_vouchers_import(id: impl Display) -> String {
    fill(LEDGER_BOOK_VOUCHERS_IMPORT, &[&id])
}

/// `/ledger/books/{id}/vouchers/new`
pub fn ledger_book_vouchers_new(id: impl Display) -> String {
    fill(LEDGER_BOOK_VOUCHERS_NEW, &[&id])
}

/// `/ledger/orgs/{id}`
pub fn ledger_org(id: impl Display) -> String {
    fill(LEDGER_ORG, &[&id])
}

/// `/ledger/orgs/{id}/books`
pub fn ledger_org_books(id: impl Display) -> String {
    fill(LEDGER_ORG_BOOKS, &[&id])
}

/// `/ledger/orgs/{id}/export.xlsx`
pub fn ledger_org_export_xlsx(id: impl Display) -> String {
    fill(LEDGER_ORG_EXPORT_XLSX, &[&id])
}

/// `/ledger/vouchers/{id}`
pub fn ledger_voucher(id: impl Display) -> String {
    fill(LEDGER_VOUCHER, &[&id])
}

/// `/ledger/vouchers/{id}/edit`
pub fn ledger_voucher_edit(id: impl Display) -> String {
    fill(LEDGER_VOUCHER_EDIT, &[&id])
}

/// `/ledger/vouchers/{id}/post`
pub fn ledger_voucher_post(id: impl Display) -> String {
    fill(LEDGER_VOUCHER_POST, &[&id])
}

/// `/ledger/vouchers/{id}/reverse`
pub fn ledger_voucher_reverse(id: impl Display) -> String {
    fill(LEDGER_VOUCHER_REVERSE, &[&id])
}

/// `/ledger/vouchers/{id}/review`
pub fn ledger_voucher_review(id: impl Display) -> String {
    fill(LEDGER_VOUCHER_REVIEW, &[&id])
}

/// `/mechanism/assignments/{id}/end`
pub fn mechanism_assignment_end(id: impl Display) -> String {
    fill(MECHANISM_ASSIGNMENT_END, &[&id])
}

/// `/mechanism/attachments/{id}`
pub fn mechanism_attachment(id: impl Display) -> String {
    fill(MECHANISM_ATTACHMENT, &[&id])
}

/// `/mechanism/meetings/{id}`
pub fn mechanism_meeting(id: impl Display) -> String {
    fill(MECHANISM_MEETING, &[&id])
}

/// `/mechanism/meetings/{id}/archive`
pub fn mechanism_meeting_archive(id: impl Display) -> String {
    fill(MECHANISM_MEETING_ARCHIVE, &[&id])
}

/// `/mechanism/meetings/{id}/decisions`
pub fn mechanism_meeting_decisions(id: impl Display) -> String {
    fill(MECHANISM_MEETING_DECISIONS, &[&id])
}

/// `/mechanism/meetings/{id}/edit`
pub fn mechanism_meeting_edit(id: impl Display) -> String {
    fill(MECHANISM_MEETING_EDIT, &[&id])
}

/// `/mechanism/plans/{id}`
pub fn mechanism_plan(id: impl Display) -> String {
    fill(MECHANISM_PLAN, &[&id])
}

/// `/mechanism/plans/{id}/archive`
pub fn mechanism_plan_archive(id: impl Display) -> String {
    fill(MECHANISM_PLAN_ARCHIVE, &[&id])
}

/// `/mechanism/plans/{id}/edit`
pub fn mechanism_plan_edit(id: impl Display) -> String {
    fill(MECHANISM_PLAN_EDIT, &[&id])
}

/// `/mechanism/plans/{id}/targets`
pub fn mechanism_plan_targets(id: impl Display) -> String {
    fill(MECHANISM_PLAN_TARGETS, &[&id])
}

/// `/mechanism/plans/{id}/targets.xlsx`
pub fn mechanism_plan_targets_xlsx(id: impl Display) -> String {
    fill(MECHANISM_PLAN_TARGETS_XLSX, &[&id])
}

/// `/mechanism/plans/{id}/targets/{target}/archive`
pub fn mechanism_plan_target_archive(id: impl Display, target: impl Display) -> String {
    fill(MECHANISM_PLAN_TARGET_ARCHIVE, &[&id, &target])
}

/// `/mechanism/plans/{id}/targets/{target}/edit`
pub fn mechanism_plan_target_edit(id: impl Display, target: impl Display) -> String {
    fill(MECHANISM_PLAN_TARGET_EDIT, &[&id, &target])
}

/// `/mechanism/problems/{id}`
pub fn mechanism_problem(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM, &[&id])
}

/// `/mechanism/problems/{id}/archive`
pub fn mechanism_problem_archive(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM_ARCHIVE, &[&id])
}

/// `/mechanism/problems/{id}/close`
pub fn mechanism_problem_close(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM_CLOSE, &[&id])
}

/// `/mechanism/problems/{id}/edit`
pub fn mechanism_problem_edit(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM_EDIT, &[&id])
}

/// `/mechanism/problems/{id}/finish`
pub fn mechanism_problem_finish(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM_FINISH, &[&id])
}

/// `/mechanism/problems/{id}/progress`
pub fn mechanism_problem_progress(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM_PROGRESS, &[&id])
}

/// `/mechanism/problems/{id}/send-back`
pub fn mechanism_problem_send_back(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM_SEND_BACK, &[&id])
}

/// `/mechanism/problems/{id}/start`
pub fn mechanism_problem_start(id: impl Display) -> String {
    fill(MECHANISM_PROBLEM_START, &[&id])
}

/// `/mechanism/rules/{id}/active`
pub fn mechanism_rule_active(id: impl Display) -> String {
    fill(MECHANISM_RULE_ACTIVE, &[&id])
}

/// `/mechanism/rules/{id}/edit`
pub fn mechanism_rule_edit(id: impl Display) -> String {
    fill(MECHANISM_RULE_EDIT, &[&id])
}

/// `/mechanism/types/{code}`
pub fn mechanism_type(code: impl Display) -> String {
    fill(MECHANISM_TYPE, &[&code])
}

/// `/mechanism/types/{code}/active`
pub fn mechanism_type_active(code: impl Display) -> String {
    fill(MECHANISM_TYPE_ACTIVE, &[&code])
}

/// `/mechanism/visits/{id}`
pub fn mechanism_visit(id: impl Display) -> String {
    fill(MECHANISM_VISIT, &[&id])
}

/// `/mechanism/visits/{id}/archive`
pub fn mechanism_visit_archive(id: impl Display) -> String {
    fill(MECHANISM_VISIT_ARCHIVE, &[&id])
}

/// `/mechanism/visits/{id}/edit`
pub fn mechanism_visit_edit(id: impl Display) -> String {
    fill(MECHANISM_VISIT_EDIT, &[&id])
}

/// `/people/import/{kind}`
pub fn people_import_kind(kind: impl Display) -> String {
    fill(PEOPLE_IMPORT_KIND, &[&kind])
}

/// `/people/import/{kind}/template.csv`
pub fn people_import_template_csv(kind: impl Display) -> String {
    fill(PEOPLE_IMPORT_TEMPLATE_CSV, &[&kind])
}

/// `/people/import/{kind}/template.xlsx`
pub fn people_import_template_xlsx(kind: impl Display) -> String {
    fill(PEOPLE_IMPORT_TEMPLATE_XLSX, &[&kind])
}

/// `/people/persons/{id}`
pub fn people_person(id: impl Display) -> String {
    fill(PEOPLE_PERSON, &[&id])
}

/// `/people/persons/{id}/archive`
pub fn people_person_archive(id: impl Display) -> String {
    fill(PEOPLE_PERSON_ARCHIVE, &[&id])
}

/// `/people/persons/{id}/edit`
pub fn people_person_edit(id: impl Display) -> String {
    fill(PEOPLE_PERSON_EDIT, &[&id])
}

/// `/people/persons/{id}/photo`
pub fn people_person_photo(id: impl Display) -> String {
    fill(PEOPLE_PERSON_PHOTO, &[&id])
}

/// `/people/persons/{id}/reveal`
pub fn people_person_reveal(id: impl Display) -> String {
    fill(PEOPLE_PERSON_REVEAL, &[&id])
}

/// `/people/posts/{id}/end`
pub fn people_post_end(id: impl Display) -> String {
    fill(PEOPLE_POST_END, &[&id])
}

/// `/people/recruitment/{id}`
pub fn people_recruitment_drive(id: impl Display) -> String {
    fill(PEOPLE_RECRUITMENT_DRIVE, &[&id])
}

/// `/people/recruitment/{id}/applicants`
pub fn people_recruitment_applicants(id: impl Display) -> String {
    fill(PEOPLE_RECRUITMENT_APPLICANTS, &[&id])
}

/// `/people/recruitment/{id}/applicants.xlsx`
pub fn people_recruitment_applicants_xlsx(id: impl Display) -> String {
    fill(PEOPLE_RECRUITMENT_APPLICANTS_XLSX, &[&id])
}

/// `/people/recruitment/{id}/applicants/{aid}/decide`
pub fn people_recruitment_applicant_decide(id: impl Display, aid: impl Display) -> String {
    fill(PEOPLE_RECRUITMENT_APPLICANT_DECIDE, &[&id, &aid])
}

/// `/people/recruitment/{id}/applicants/{aid}/scores`
pub fn people_recruitment_applicant_scores(id: impl Display, aid: impl Display) -> String {
    fill(PEOPLE_RECRUITMENT_APPLICANT_SCORES, &[&id, &aid])
}

/// `/people/recruitment/{id}/positions`
pub fn people_recruitment_positions(id: impl Display) -> String {
    fill(PEOPLE_RECRUITMENT_POSITIONS, &[&id])
}

/// `/people/recruitment/{id}/status`
pub fn people_recruitment_status(id: impl Display) -> String {
    fill(PEOPLE_RECRUITMENT_STATUS, &[&id])
}

/// `/people/talent/{id}`
pub fn people_talent_entry(id: impl Display) -> String {
    fill(PEOPLE_TALENT_ENTRY, &[&id])
}

/// `/people/talent/{id}/archive`
pub fn people_talent_archive(id: impl Display) -> String {
    fill(PEOPLE_TALENT_ARCHIVE, &[&id])
}

/// `/people/talent/{id}/edit`
pub fn people_talent_edit(id: impl Display) -> String {
    fill(PEOPLE_TALENT_EDIT, &[&id])
}

/// `/people/talent/{id}/status`
pub fn people_talent_status(id: impl Display) -> String {
    fill(PEOPLE_TALENT_STATUS, &[&id])
}

/// `/people/trainings/{id}`
pub fn people_training(id: impl Display) -> String {
    fill(PEOPLE_TRAINING, &[&id])
}

/// `/people/trainings/{id}/archive`
pub fn people_training_archive(id: impl Display) -> String {
    fill(PEOPLE_TRAINING_ARCHIVE, &[&id])
}

/// `/people/trainings/{id}/attendance`
pub fn people_training_attendance(id: impl Display) -> String {
    fill(PEOPLE_TRAINING_ATTENDANCE, &[&id])
}

/// `/people/trainings/{id}/edit`
pub fn people_training_edit(id: impl Display) -> String {
    fill(PEOPLE_TRAINING_EDIT, &[&id])
}

/// `/people/trainings/{id}/import`
pub fn people_training_import(id: impl Display) -> String {
    fill(PEOPLE_TRAINING_IMPORT, &[&id])
}

/// `/regions/{code}`
pub fn region(code: impl Display) -> String {
    fill(REGION, &[&code])
}

/// `/regions/{code}/archive`
pub fn region_archive(code: impl Display) -> String {
    fill(REGION_ARCHIVE, &[&code])
}

/// `/regions/{code}/edit`
pub fn region_edit(code: impl Display) -> String {
    fill(REGION_EDIT, &[&code])
}

/// `/static/{*file}`
pub fn static_file(file: impl Display) -> String {
    fill(STATIC_FILE, &[&file])
}

// ------------------------------------------------------------------ assessment::pay
// Pay linkage (报酬挂钩): policies, a region's year, a village's calculation.

pub const PAY: &str = "/pay";
/// The pay-linkage policies in scope, as .xlsx.
pub const PAY_POLICIES_XLSX: &str = "/pay/policies/export.xlsx";
pub const PAY_POLICIES_NEW: &str = "/pay/policies/new";
pub const PAY_POLICY: &str = "/pay/policies/{id}";
pub const PAY_COMPUTE: &str = "/pay/compute";
pub const PAY_YEAR: &str = "/pay/years/{year}";
pub const PAY_YEAR_SHEET_XLSX: &str = "/pay/years/{year}/sheet.xlsx";
pub const PAY_CALCULATION: &str = "/pay/calculations/{id}";
pub const PAY_CALCULATION_SUBMIT: &str = "/pay/calculations/{id}/submit";
pub const PAY_CALCULATION_APPROVE: &str = "/pay/calculations/{id}/approve";
pub const PAY_CALCULATION_RETURN: &str = "/pay/calculations/{id}/return";
pub const PAY_CALCULATION_DELIBERATION: &str = "/pay/calculations/{id}/deliberation";

/// `/pay/policies/{id}`
pub fn pay_policy(id: impl Display) -> String {
    fill(PAY_POLICY, &[&id])
}

/// `/pay/years/{year}`
pub fn pay_year(year: impl Display) -> String {
    fill(PAY_YEAR, &[&year])
}

/// `/pay/years/{year}/sheet.xlsx`
pub fn pay_year_sheet_xlsx(year: impl Display) -> String {
    fill(PAY_YEAR_SHEET_XLSX, &[&year])
}

/// `/pay/calculations/{id}`
pub fn pay_calculation(id: impl Display) -> String {
    fill(PAY_CALCULATION, &[&id])
}

/// `/pay/calculations/{id}/submit`
pub fn pay_calculation_submit(id: impl Display) -> String {
    fill(PAY_CALCULATION_SUBMIT, &[&id])
}

/// `/pay/calculations/{id}/approve`
pub fn pay_calculation_approve(id: impl Display) -> String {
    fill(PAY_CALCULATION_APPROVE, &[&id])
}

/// `/pay/calculations/{id}/return`
pub fn pay_calculation_return(id: impl Display) -> String {
    fill(PAY_CALCULATION_RETURN, &[&id])
}

/// `/pay/calculations/{id}/deliberation`
pub fn pay_calculation_deliberation(id: impl Display) -> String {
    fill(PAY_CALCULATION_DELIBERATION, &[&id])
}

// ------------------------------------------------------------------ assessment (考核)

pub const ASSESSMENTS: &str = "/assessments";
/// The schemes of a year with their assessments, as .xlsx (`?year=`).
pub const ASSESSMENTS_XLSX: &str = "/assessments/export.xlsx";
pub const ASSESSMENT_SCHEMES: &str = "/assessments/schemes";
pub const ASSESSMENT_SCHEME: &str = "/assessments/schemes/{id}";
pub const ASSESSMENT_SCHEME_COPY: &str = "/assessments/schemes/{id}/copy";
pub const ASSESSMENT_SCHEME_OPEN: &str = "/assessments/schemes/{id}/open";
pub const ASSESSMENT_RUN: &str = "/assessments/{id}";
pub const ASSESSMENT_RUN_STEP: &str = "/assessments/{id}/step";
pub const ASSESSMENT_RUN_CORRECT: &str = "/assessments/{id}/correct";
pub const ASSESSMENT_RUN_XLSX: &str = "/assessments/{id}/ranking.xlsx";
pub const ASSESSMENT_SUBJECT: &str = "/assessments/{id}/subjects/{region}";
pub const ASSESSMENT_SUBJECT_MANUAL: &str = "/assessments/{id}/subjects/{region}/manual/{key}";
pub const ASSESSMENT_EVIDENCE: &str = "/assessments/evidence/{id}";

/// `/assessments?year=`
pub fn assessments_of(year: impl Display) -> String {
    format!("{ASSESSMENTS}?year={year}")
}

/// `/assessments/schemes/{id}`
pub fn assessment_scheme(id: impl Display) -> String {
    fill(ASSESSMENT_SCHEME, &[&id])
}

/// `/assessments/schemes/{id}/copy`
pub fn assessment_scheme_copy(id: impl Display) -> String {
    fill(ASSESSMENT_SCHEME_COPY, &[&id])
}

/// `/assessments/schemes/{id}/open`
pub fn assessment_scheme_open(id: impl Display) -> String {
    fill(ASSESSMENT_SCHEME_OPEN, &[&id])
}

/// `/assessments/{id}`
pub fn assessment_run(id: impl Display) -> String {
    fill(ASSESSMENT_RUN, &[&id])
}

/// `/assessments/{id}/step`
pub fn assessment_run_step(id: impl Display) -> String {
    fill(ASSESSMENT_RUN_STEP, &[&id])
}

/// `/assessments/{id}/correct`
pub fn assessment_run_correct(id: impl Display) -> String {
    fill(ASSESSMENT_RUN_CORRECT, &[&id])
}

/// `/assessments/{id}/ranking.xlsx`
pub fn assessment_run_xlsx(id: impl Display) -> String {
    fill(ASSESSMENT_RUN_XLSX, &[&id])
}

/// `/assessments/{id}/subjects/{region}`
pub fn assessment_subject(id: impl Display, region: impl Display) -> String {
    fill(ASSESSMENT_SUBJECT, &[&id, &region])
}

/// `/assessments/{id}/subjects/{region}/manual/{key}`
pub fn assessment_subject_manual(
    id: impl Display,
    region: impl Display,
    key: impl Display,
) -> String {
    fill(ASSESSMENT_SUBJECT_MANUAL, &[&id, &region, &key])
}

/// `/assessments/evidence/{id}`
pub fn assessment_evidence(id: impl Display) -> String {
    fill(ASSESSMENT_EVIDENCE, &[&id])
}

// Disclosure (issue 15): the cadres' pages, news and feedback, the public portal and the log.
pub const DISCLOSURES: &str = "/disclosure";
pub const DISCLOSURES_XLSX: &str = "/disclosure/export.xlsx";
pub const DISCLOSURE_NEW: &str = "/disclosure/new";
pub const DISCLOSURE_ITEM: &str = "/disclosure/items/{id}";
pub const DISCLOSURE_ITEM_PREVIEW: &str = "/disclosure/items/{id}/preview";
pub const DISCLOSURE_ITEM_STEP: &str = "/disclosure/items/{id}/step";
pub const DISCLOSURE_ITEM_CORRECT: &str = "/disclosure/items/{id}/correct";
pub const DISCLOSURE_SCHEDULES: &str = "/disclosure/schedules";
/// The schedules as .xlsx.
pub const DISCLOSURE_SCHEDULES_XLSX: &str = "/disclosure/schedules/export.xlsx";
pub const NEWS: &str = "/news";
pub const NEWS_XLSX: &str = "/news/export.xlsx";
pub const NEWS_ITEM: &str = "/news/{id}";
pub const NEWS_ITEM_STEP: &str = "/news/{id}/step";
pub const NEWS_ITEM_IMAGES: &str = "/news/{id}/images";
pub const FEEDBACK: &str = "/feedback";
pub const FEEDBACK_XLSX: &str = "/feedback/export.xlsx";
pub const FEEDBACK_ITEM: &str = "/feedback/{id}";
pub const FEEDBACK_ITEM_STEP: &str = "/feedback/{id}/step";
pub const FEEDBACK_ITEM_REVEAL: &str = "/feedback/{id}/reveal";
pub const PUBLIC: &str = "/public";
pub const PUBLIC_REGION: &str = "/public/r/{code}";
pub const PUBLIC_ITEM: &str = "/public/d/{id}";
pub const PUBLIC_VERSION: &str = "/public/d/{id}/v/{version}";
pub const PUBLIC_VERSION_PRINT: &str = "/public/d/{id}/v/{version}/print";
pub const PUBLIC_VERSION_QR: &str = "/public/d/{id}/v/{version}/qr.svg";
pub const PUBLIC_VERSION_BUNDLE: &str = "/public/d/{id}/v/{version}/bundle.json";
pub const PUBLIC_OPEN_DATA: &str = "/public/r/{code}/open-data/{year}";
pub const PUBLIC_NEWS_ITEM: &str = "/public/news/{id}";
pub const PUBLIC_NEWS_IMAGE: &str = "/public/news/images/{id}";
pub const PUBLIC_FEEDBACK: &str = "/public/r/{code}/feedback";
pub const PUBLIC_STYLE: &str = "/public/style.css";
pub const PUBLIC_LOG: &str = "/public/log";
pub const PUBLIC_LOG_CHECKPOINT: &str = "/public/log/checkpoint";
pub const PUBLIC_LOG_KEY: &str = "/public/log/key";
pub const PUBLIC_LOG_CONSISTENCY: &str = "/public/log/consistency";
pub const PUBLIC_LOG_INCLUSION: &str = "/public/log/inclusion/{index}";

/// `/disclosure/items/{id}`
pub fn disclosure_item(id: impl Display) -> String {
    fill(DISCLOSURE_ITEM, &[&id])
}

/// `/disclosure/items/{id}/preview`
pub fn disclosure_item_preview(id: impl Display) -> String {
    fill(DISCLOSURE_ITEM_PREVIEW, &[&id])
}

/// `/disclosure/items/{id}/step`
pub fn disclosure_item_step(id: impl Display) -> String {
    fill(DISCLOSURE_ITEM_STEP, &[&id])
}

/// `/disclosure/items/{id}/correct`
pub fn disclosure_item_correct(id: impl Display) -> String {
    fill(DISCLOSURE_ITEM_CORRECT, &[&id])
}

/// `/news/{id}`
pub fn news_item(id: impl Display) -> String {
    fill(NEWS_ITEM, &[&id])
}

/// `/news/{id}/step`
pub fn news_item_step(id: impl Display) -> String {
    fill(NEWS_ITEM_STEP, &[&id])
}

/// `/news/{id}/images`
pub fn news_item_images(id: impl Display) -> String {
    fill(NEWS_ITEM_IMAGES, &[&id])
}

/// `/feedback/{id}`
pub fn feedback_item(id: impl Display) -> String {
    fill(FEEDBACK_ITEM, &[&id])
}

/// `/feedback/{id}/step`
pub fn feedback_item_step(id: impl Display) -> String {
    fill(FEEDBACK_ITEM_STEP, &[&id])
}

/// `/feedback/{id}/reveal`
pub fn feedback_item_reveal(id: impl Display) -> String {
    fill(FEEDBACK_ITEM_REVEAL, &[&id])
}

/// `/public/r/{code}`
pub fn public_region(code: impl Display) -> String {
    fill(PUBLIC_REGION, &[&code])
}

/// `/public/d/{id}`
pub fn public_item(id: impl Display) -> String {
    fill(PUBLIC_ITEM, &[&id])
}

/// `/public/d/{id}/v/{version}`
pub fn public_version(id: impl Display, version: impl Display) -> String {
    fill(PUBLIC_VERSION, &[&id, &version])
}

/// `/public/d/{id}/v/{version}/print`
pub fn public_version_print(id: impl Display, version: impl Display) -> String {
    fill(PUBLIC_VERSION_PRINT, &[&id, &version])
}

/// `/public/d/{id}/v/{version}/qr.svg`
pub fn public_version_qr(id: impl Display, version: impl Display) -> String {
    fill(PUBLIC_VERSION_QR, &[&id, &version])
}

/// `/public/d/{id}/v/{version}/bundle.json`
pub fn public_version_bundle(id: impl Display, version: impl Display) -> String {
    fill(PUBLIC_VERSION_BUNDLE, &[&id, &version])
}

/// `/public/r/{code}/open-data/{year}`
pub fn public_open_data(code: impl Display, year: impl Display) -> String {
    fill(PUBLIC_OPEN_DATA, &[&code, &year])
}

/// `/public/news/{id}`
pub fn public_news_item(id: impl Display) -> String {
    fill(PUBLIC_NEWS_ITEM, &[&id])
}

/// `/public/news/images/{id}`
pub fn public_news_image(id: impl Display) -> String {
    fill(PUBLIC_NEWS_IMAGE, &[&id])
}

/// `/public/r/{code}/feedback`
pub fn public_feedback(code: impl Display) -> String {
    fill(PUBLIC_FEEDBACK, &[&code])
}

/// `/public/log/inclusion/{index}`
pub fn public_log_inclusion(index: impl Display) -> String {
    fill(PUBLIC_LOG_INCLUSION, &[&index])
}

/// `/public/log/consistency?from=&to=`
pub fn public_log_consistency(from: impl Display, to: impl Display) -> String {
    format!("{PUBLIC_LOG_CONSISTENCY}?from={from}&to={to}")
}

// Cockpit (一张图, issue 16).
pub const DASHBOARD: &str = "/dashboard";

/// `/dashboard?region=&year=`: the cockpit of a district or a town for a year.
pub fn dashboard_of(region: impl Display, year: impl Display) -> String {
    format!(
        "{DASHBOARD}?region={}&year={year}",
        encode(&region.to_string())
    )
}

// ------------------------------------------------------------------ reports (一键报表, issue 16)

pub const REPORTS: &str = "/reports";
pub const REPORTS_PACK_XLSX: &str = "/reports/pack.xlsx";
pub const REPORTS_TABLE: &str = "/reports/{table}";

/// The `region=&year=` query of the report pages (either may be left out).
fn region_year(region: &str, year: Option<i32>) -> String {
    let mut q = Vec::new();
    if !region.is_empty() {
        q.push(format!("region={}", encode(region)));
    }
    if let Some(y) = year {
        q.push(format!("year={y}"));
    }
    if q.is_empty() {
        String::new()
    } else {
        format!("?{}", q.join("&"))
    }
}

/// `/reports?region=&year=`
pub fn reports(region: &str, year: Option<i32>) -> String {
    format!("{REPORTS}{}", region_year(region, year))
}

/// `/reports/{table}?region=&year=`
pub fn reports_table(table: impl Display, region: &str, year: Option<i32>) -> String {
    format!(
        "{}{}",
        fill(REPORTS_TABLE, &[&table]),
        region_year(region, year)
    )
}

/// `/reports/pack.xlsx?region=&year=`
pub fn reports_pack_xlsx(region: &str, year: Option<i32>) -> String {
    format!("{REPORTS_PACK_XLSX}{}", region_year(region, year))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn encodes_all_but_unreserved_and_slash() {
        assert_eq!(encode("a-b_c.d~e/f"), "a-b_c.d~e/f");
        assert_eq!(encode("a b&c=d?e#f%+"), "a%20b%26c%3Dd%3Fe%23f%25%2B");
        assert_eq!(encode("大观"), "%E5%A4%A7%E8%A7%82");
        assert_eq!(ledger_voucher("a b"), "/ledger/vouchers/a%20b");
        assert_eq!(static_file("vendor/x.js"), "/static/vendor/x.js");
        assert_eq!(
            ledger_book_account_detail(1, "1001"),
            "/ledger/books/1/accounts/1001/detail"
        );
    }

    /// Every builder's path is answered by the route registered with its pattern, in the
    /// application's own router: a route registered under another path, or a pattern
    /// changed without its route, fails here.
    #[tokio::test]
    async fn every_builder_yields_a_path_its_route_answers() {
        use axum::extract::{MatchedPath, Request};
        use axum::middleware::Next;
        use tower::ServiceExt;
        let dir = std::env::temp_dir().join(format!("zx-url-{}", domain::Id::new()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = store::Db::connect(&format!("sqlite://{}", dir.join("t.db").display()))
            .await
            .unwrap();
        let state = crate::state::AppState::new(db, crate::state::WebConfig::default()).unwrap();
        let app = crate::router(state).layer(axum::middleware::from_fn(
            |req: Request, next: Next| async move {
                let matched = req
                    .extensions()
                    .get::<MatchedPath>()
                    .map(|m| m.as_str().to_string());
                let mut response = next.run(req).await;
                if let Some(m) = matched.and_then(|m| m.parse().ok()) {
                    response.headers_mut().insert("x-matched", m);
                }
                response
            },
        ));
        let all = [
            (HOME.to_string(), HOME),
            (ACCOUNT.to_string(), ACCOUNT),
            (ACCOUNT_PASSWORD.to_string(), ACCOUNT_PASSWORD),
            (ACCOUNT_TOKENS.to_string(), ACCOUNT_TOKENS),
            (account_token_revoke("x1"), ACCOUNT_TOKEN_REVOKE),
            (ADMIN_USERS.to_string(), ADMIN_USERS),
            (ADMIN_USERS_EXPORT_XLSX.to_string(), ADMIN_USERS_EXPORT_XLSX),
            (ADMIN_USERS_NEW.to_string(), ADMIN_USERS_NEW),
            (admin_user("x1"), ADMIN_USER),
            (API_OPENAPI_JSON.to_string(), API_OPENAPI_JSON),
            (AUDIT.to_string(), AUDIT),
            (AUDIT_EXPORT_XLSX.to_string(), AUDIT_EXPORT_XLSX),
            (HEALTHZ.to_string(), HEALTHZ),
            (INDUSTRY.to_string(), INDUSTRY),
            (industry_document("x1"), INDUSTRY_DOCUMENT),
            (INDUSTRY_EXPORT_CSV.to_string(), INDUSTRY_EXPORT_CSV),
            (INDUSTRY_EXPORT_XLSX.to_string(), INDUSTRY_EXPORT_XLSX),
            (
                industry_import_template_csv("x1"),
                INDUSTRY_IMPORT_TEMPLATE_CSV,
            ),
            (
                industry_import_template_xlsx("x1"),
                INDUSTRY_IMPORT_TEMPLATE_XLSX,
            ),
            (INDUSTRY_PROJECTS.to_string(), INDUSTRY_PROJECTS),
            (INDUSTRY_PROJECTS_NEW.to_string(), INDUSTRY_PROJECTS_NEW),
            (industry_project("x1"), INDUSTRY_PROJECT),
            (industry_project_batches("x1"), INDUSTRY_PROJECT_BATCHES),
            (
                industry_project_budget_lines("x1"),
                INDUSTRY_PROJECT_BUDGET_LINES,
            ),
            (industry_project_documents("x1"), INDUSTRY_PROJECT_DOCUMENTS),
            (
                industry_project_document_archive("x1", "x1"),
                INDUSTRY_PROJECT_DOCUMENT_ARCHIVE,
            ),
            (
                industry_project_document_restore("x1", "x1"),
                INDUSTRY_PROJECT_DOCUMENT_RESTORE,
            ),
            (industry_project_export("x1", "x1"), INDUSTRY_PROJECT_EXPORT),
            (industry_project_funding("x1"), INDUSTRY_PROJECT_FUNDING),
            (industry_project_import("x1"), INDUSTRY_PROJECT_IMPORT),
            (
                industry_project_import_kind("x1", "x1"),
                INDUSTRY_PROJECT_IMPORT_KIND,
            ),
            (
                industry_project_line_approve("x1", "x1"),
                INDUSTRY_PROJECT_LINE_APPROVE,
            ),
            (
                industry_project_line_disburse("x1", "x1"),
                INDUSTRY_PROJECT_LINE_DISBURSE,
            ),
            (industry_project_logs("x1"), INDUSTRY_PROJECT_LOGS),
            (
                industry_project_milestones("x1"),
                INDUSTRY_PROJECT_MILESTONES,
            ),
            (
                industry_project_milestone_progress("x1", "x1"),
                INDUSTRY_PROJECT_MILESTONE_PROGRESS,
            ),
            (
                industry_project_pay_labour("x1"),
                INDUSTRY_PROJECT_PAY_LABOUR,
            ),
            (
                industry_project_production("x1"),
                INDUSTRY_PROJECT_PRODUCTION,
            ),
            (
                industry_project_results_csv("x1"),
                INDUSTRY_PROJECT_RESULTS_CSV,
            ),
            (
                industry_project_results_xlsx("x1"),
                INDUSTRY_PROJECT_RESULTS_XLSX,
            ),
            (industry_project_status("x1"), INDUSTRY_PROJECT_STATUS),
            (industry_project_units("x1"), INDUSTRY_PROJECT_UNITS),
            (LANG.to_string(), LANG),
            (LEDGER.to_string(), LEDGER),
            (ledger_book("x1"), LEDGER_BOOK),
            (ledger_book_accounts("x1"), LEDGER_BOOK_ACCOUNTS),
            (ledger_book_accounts_xlsx("x1"), LEDGER_BOOK_ACCOUNTS_XLSX),
            (
                ledger_book_account_active("x1", "x1"),
                LEDGER_BOOK_ACCOUNT_ACTIVE,
            ),
            (
                ledger_book_account_detail("x1", "x1"),
                LEDGER_BOOK_ACCOUNT_DETAIL,
            ),
            (
                ledger_book_account_detail_export_xlsx("x1", "x1"),
                LEDGER_BOOK_ACCOUNT_DETAIL_EXPORT_XLSX,
            ),
            (
                ledger_book_account_general("x1", "x1"),
                LEDGER_BOOK_ACCOUNT_GENERAL,
            ),
            (
                ledger_book_account_general_export_xlsx("x1", "x1"),
                LEDGER_BOOK_ACCOUNT_GENERAL_EXPORT_XLSX,
            ),
            (ledger_book_balance_sheet("x1"), LEDGER_BOOK_BALANCE_SHEET),
            (
                ledger_book_balance_sheet_export_xlsx("x1"),
                LEDGER_BOOK_BALANCE_SHEET_EXPORT_XLSX,
            ),
            (ledger_book_close_year("x1"), LEDGER_BOOK_CLOSE_YEAR),
            (
                ledger_book_income_statement("x1"),
                LEDGER_BOOK_INCOME_STATEMENT,
            ),
            (
                ledger_book_income_statement_export_xlsx("x1"),
                LEDGER_BOOK_INCOME_STATEMENT_EXPORT_XLSX,
            ),
            (ledger_book_next_year("x1"), LEDGER_BOOK_NEXT_YEAR),
            (ledger_book_openings("x1"), LEDGER_BOOK_OPENINGS),
            (ledger_book_openings_check("x1"), LEDGER_BOOK_OPENINGS_CHECK),
            (
                ledger_book_openings_import("x1"),
                LEDGER_BOOK_OPENINGS_IMPORT,
            ),
            (
                ledger_book_period_close("x1", "x1"),
                LEDGER_BOOK_PERIOD_CLOSE,
            ),
            (
                ledger_book_period_reopen("x1", "x1"),
                LEDGER_BOOK_PERIOD_REOPEN,
            ),
            (ledger_book_trial_balance("x1"), LEDGER_BOOK_TRIAL_BALANCE),
            (
                ledger_book_trial_balance_export_xlsx("x1"),
                LEDGER_BOOK_TRIAL_BALANCE_EXPORT_XLSX,
            ),
            (ledger_book_vouchers("x1"), LEDGER_BOOK_VOUCHERS),
            (
                ledger_book_vouchers_export_xlsx("x1"),
                LEDGER_BOOK_VOUCHERS_EXPORT_XLSX,
            ),
            (
                ledger_book_vouchers_import("x1"),
                LEDGER_BOOK_VOUCHERS_IMPORT,
            ),
            (ledger_book_vouchers_new("x1"), LEDGER_BOOK_VOUCHERS_NEW),
            (LEDGER_CLASSIFICATION.to_string(), LEDGER_CLASSIFICATION),
            (
                LEDGER_CLASSIFICATION_EXPORT_XLSX.to_string(),
                LEDGER_CLASSIFICATION_EXPORT_XLSX,
            ),
            (
                LEDGER_CLASSIFICATION_RULES.to_string(),
                LEDGER_CLASSIFICATION_RULES,
            ),
            (LEDGER_EXPORT_XLSX.to_string(), LEDGER_EXPORT_XLSX),
            (LEDGER_ORGS.to_string(), LEDGER_ORGS),
            (ledger_org("x1"), LEDGER_ORG),
            (ledger_org_books("x1"), LEDGER_ORG_BOOKS),
            (ledger_org_export_xlsx("x1"), LEDGER_ORG_EXPORT_XLSX),
            (ledger_voucher("x1"), LEDGER_VOUCHER),
            (ledger_voucher_edit("x1"), LEDGER_VOUCHER_EDIT),
            (ledger_voucher_post("x1"), LEDGER_VOUCHER_POST),
            (ledger_voucher_reverse("x1"), LEDGER_VOUCHER_REVERSE),
            (ledger_voucher_review("x1"), LEDGER_VOUCHER_REVIEW),
            (LOGIN.to_string(), LOGIN),
            (LOGOUT.to_string(), LOGOUT),
            (MECHANISM.to_string(), MECHANISM),
            (MECHANISM_ASSIGNMENTS.to_string(), MECHANISM_ASSIGNMENTS),
            (
                MECHANISM_ASSIGNMENTS_EXPORT_XLSX.to_string(),
                MECHANISM_ASSIGNMENTS_EXPORT_XLSX,
            ),
            (mechanism_assignment_end("x1"), MECHANISM_ASSIGNMENT_END),
            (mechanism_attachment("x1"), MECHANISM_ATTACHMENT),
            (MECHANISM_BOARD.to_string(), MECHANISM_BOARD),
            (MECHANISM_PERSON_NAMES.to_string(), MECHANISM_PERSON_NAMES),
            (MECHANISM_BOARD_CELL.to_string(), MECHANISM_BOARD_CELL),
            (
                MECHANISM_BOARD_MISSED_XLSX.to_string(),
                MECHANISM_BOARD_MISSED_XLSX,
            ),
            (MECHANISM_CALENDAR.to_string(), MECHANISM_CALENDAR),
            (MECHANISM_CALENDAR_ICS.to_string(), MECHANISM_CALENDAR_ICS),
            (
                MECHANISM_CALENDAR_TOKEN.to_string(),
                MECHANISM_CALENDAR_TOKEN,
            ),
            (MECHANISM_MEETINGS.to_string(), MECHANISM_MEETINGS),
            (
                MECHANISM_MEETINGS_EXPORT_XLSX.to_string(),
                MECHANISM_MEETINGS_EXPORT_XLSX,
            ),
            (MECHANISM_MEETINGS_NEW.to_string(), MECHANISM_MEETINGS_NEW),
            (mechanism_meeting("x1"), MECHANISM_MEETING),
            (mechanism_meeting_archive("x1"), MECHANISM_MEETING_ARCHIVE),
            (
                mechanism_meeting_decisions("x1"),
                MECHANISM_MEETING_DECISIONS,
            ),
            (mechanism_meeting_edit("x1"), MECHANISM_MEETING_EDIT),
            (MECHANISM_PLANS.to_string(), MECHANISM_PLANS),
            (
                MECHANISM_PLANS_EXPORT_XLSX.to_string(),
                MECHANISM_PLANS_EXPORT_XLSX,
            ),
            (MECHANISM_PLANS_NEW.to_string(), MECHANISM_PLANS_NEW),
            (mechanism_plan("x1"), MECHANISM_PLAN),
            (mechanism_plan_archive("x1"), MECHANISM_PLAN_ARCHIVE),
            (mechanism_plan_edit("x1"), MECHANISM_PLAN_EDIT),
            (mechanism_plan_targets("x1"), MECHANISM_PLAN_TARGETS),
            (
                mechanism_plan_targets_xlsx("x1"),
                MECHANISM_PLAN_TARGETS_XLSX,
            ),
            (
                mechanism_plan_target_archive("x1", "x1"),
                MECHANISM_PLAN_TARGET_ARCHIVE,
            ),
            (
                mechanism_plan_target_edit("x1", "x1"),
                MECHANISM_PLAN_TARGET_EDIT,
            ),
            (MECHANISM_PROBLEMS.to_string(), MECHANISM_PROBLEMS),
            (
                MECHANISM_PROBLEMS_EXPORT_XLSX.to_string(),
                MECHANISM_PROBLEMS_EXPORT_XLSX,
            ),
            (MECHANISM_PROBLEMS_NEW.to_string(), MECHANISM_PROBLEMS_NEW),
            (mechanism_problem("x1"), MECHANISM_PROBLEM),
            (mechanism_problem_archive("x1"), MECHANISM_PROBLEM_ARCHIVE),
            (mechanism_problem_close("x1"), MECHANISM_PROBLEM_CLOSE),
            (mechanism_problem_edit("x1"), MECHANISM_PROBLEM_EDIT),
            (mechanism_problem_finish("x1"), MECHANISM_PROBLEM_FINISH),
            (mechanism_problem_progress("x1"), MECHANISM_PROBLEM_PROGRESS),
            (
                mechanism_problem_send_back("x1"),
                MECHANISM_PROBLEM_SEND_BACK,
            ),
            (mechanism_problem_start("x1"), MECHANISM_PROBLEM_START),
            (MECHANISM_RULES.to_string(), MECHANISM_RULES),
            (
                MECHANISM_RULES_EXPORT_XLSX.to_string(),
                MECHANISM_RULES_EXPORT_XLSX,
            ),
            (mechanism_rule_active("x1"), MECHANISM_RULE_ACTIVE),
            (mechanism_rule_edit("x1"), MECHANISM_RULE_EDIT),
            (MECHANISM_TYPES.to_string(), MECHANISM_TYPES),
            (
                MECHANISM_TYPES_EXPORT_XLSX.to_string(),
                MECHANISM_TYPES_EXPORT_XLSX,
            ),
            (mechanism_type("x1"), MECHANISM_TYPE),
            (mechanism_type_active("x1"), MECHANISM_TYPE_ACTIVE),
            (MECHANISM_VISITS.to_string(), MECHANISM_VISITS),
            (
                MECHANISM_VISITS_EXPORT_XLSX.to_string(),
                MECHANISM_VISITS_EXPORT_XLSX,
            ),
            (MECHANISM_VISITS_NEW.to_string(), MECHANISM_VISITS_NEW),
            (mechanism_visit("x1"), MECHANISM_VISIT),
            (mechanism_visit_archive("x1"), MECHANISM_VISIT_ARCHIVE),
            (mechanism_visit_edit("x1"), MECHANISM_VISIT_EDIT),
            (METRICS.to_string(), METRICS),
            (PEOPLE.to_string(), PEOPLE),
            (PEOPLE_IMPORT.to_string(), PEOPLE_IMPORT),
            (people_import_kind("x1"), PEOPLE_IMPORT_KIND),
            (people_import_template_csv("x1"), PEOPLE_IMPORT_TEMPLATE_CSV),
            (
                people_import_template_xlsx("x1"),
                PEOPLE_IMPORT_TEMPLATE_XLSX,
            ),
            (PEOPLE_INCENTIVES.to_string(), PEOPLE_INCENTIVES),
            (
                PEOPLE_INCENTIVES_EXPORT_XLSX.to_string(),
                PEOPLE_INCENTIVES_EXPORT_XLSX,
            ),
            (PEOPLE_INCENTIVES_NEW.to_string(), PEOPLE_INCENTIVES_NEW),
            (PEOPLE_PERSONS.to_string(), PEOPLE_PERSONS),
            (
                PEOPLE_PERSONS_EXPORT_FULL_XLSX.to_string(),
                PEOPLE_PERSONS_EXPORT_FULL_XLSX,
            ),
            (
                PEOPLE_PERSONS_EXPORT_XLSX.to_string(),
                PEOPLE_PERSONS_EXPORT_XLSX,
            ),
            (PEOPLE_PERSONS_NEW.to_string(), PEOPLE_PERSONS_NEW),
            (people_person("x1"), PEOPLE_PERSON),
            (people_person_archive("x1"), PEOPLE_PERSON_ARCHIVE),
            (people_person_edit("x1"), PEOPLE_PERSON_EDIT),
            (people_person_photo("x1"), PEOPLE_PERSON_PHOTO),
            (people_person_reveal("x1"), PEOPLE_PERSON_REVEAL),
            (PEOPLE_POSTS.to_string(), PEOPLE_POSTS),
            (
                PEOPLE_POSTS_EXPORT_XLSX.to_string(),
                PEOPLE_POSTS_EXPORT_XLSX,
            ),
            (PEOPLE_POSTS_NEW.to_string(), PEOPLE_POSTS_NEW),
            (people_post_end("x1"), PEOPLE_POST_END),
            (PEOPLE_RECRUITMENT.to_string(), PEOPLE_RECRUITMENT),
            (
                PEOPLE_RECRUITMENT_EXPORT_XLSX.to_string(),
                PEOPLE_RECRUITMENT_EXPORT_XLSX,
            ),
            (PEOPLE_RECRUITMENT_NEW.to_string(), PEOPLE_RECRUITMENT_NEW),
            (people_recruitment_drive("x1"), PEOPLE_RECRUITMENT_DRIVE),
            (
                people_recruitment_applicants("x1"),
                PEOPLE_RECRUITMENT_APPLICANTS,
            ),
            (
                people_recruitment_applicants_xlsx("x1"),
                PEOPLE_RECRUITMENT_APPLICANTS_XLSX,
            ),
            (
                people_recruitment_applicant_decide("x1", "x1"),
                PEOPLE_RECRUITMENT_APPLICANT_DECIDE,
            ),
            (
                people_recruitment_applicant_scores("x1", "x1"),
                PEOPLE_RECRUITMENT_APPLICANT_SCORES,
            ),
            (
                people_recruitment_positions("x1"),
                PEOPLE_RECRUITMENT_POSITIONS,
            ),
            (people_recruitment_status("x1"), PEOPLE_RECRUITMENT_STATUS),
            (PEOPLE_TALENT.to_string(), PEOPLE_TALENT),
            (
                PEOPLE_TALENT_EXPORT_XLSX.to_string(),
                PEOPLE_TALENT_EXPORT_XLSX,
            ),
            (PEOPLE_TALENT_NEW.to_string(), PEOPLE_TALENT_NEW),
            (people_talent_entry("x1"), PEOPLE_TALENT_ENTRY),
            (people_talent_archive("x1"), PEOPLE_TALENT_ARCHIVE),
            (people_talent_edit("x1"), PEOPLE_TALENT_EDIT),
            (people_talent_status("x1"), PEOPLE_TALENT_STATUS),
            (PEOPLE_TRAININGS.to_string(), PEOPLE_TRAININGS),
            (
                PEOPLE_TRAININGS_ATTENDANCE_TEMPLATE_XLSX.to_string(),
                PEOPLE_TRAININGS_ATTENDANCE_TEMPLATE_XLSX,
            ),
            (
                PEOPLE_TRAININGS_COVERAGE.to_string(),
                PEOPLE_TRAININGS_COVERAGE,
            ),
            (
                PEOPLE_TRAININGS_COVERAGE_EXPORT_XLSX.to_string(),
                PEOPLE_TRAININGS_COVERAGE_EXPORT_XLSX,
            ),
            (
                PEOPLE_TRAININGS_EXPORT_XLSX.to_string(),
                PEOPLE_TRAININGS_EXPORT_XLSX,
            ),
            (PEOPLE_TRAININGS_NEW.to_string(), PEOPLE_TRAININGS_NEW),
            (people_training("x1"), PEOPLE_TRAINING),
            (people_training_archive("x1"), PEOPLE_TRAINING_ARCHIVE),
            (people_training_attendance("x1"), PEOPLE_TRAINING_ATTENDANCE),
            (people_training_edit("x1"), PEOPLE_TRAINING_EDIT),
            (people_training_import("x1"), PEOPLE_TRAINING_IMPORT),
            (READYZ.to_string(), READYZ),
            (REGIONS.to_string(), REGIONS),
            (REGIONS_EXPORT_CSV.to_string(), REGIONS_EXPORT_CSV),
            (REGIONS_EXPORT_XLSX.to_string(), REGIONS_EXPORT_XLSX),
            (REGIONS_IMPORT.to_string(), REGIONS_IMPORT),
            (REGIONS_NEW.to_string(), REGIONS_NEW),
            (region("x1"), REGION),
            (region_archive("x1"), REGION_ARCHIVE),
            (region_edit("x1"), REGION_EDIT),
            (static_file("x1"), STATIC_FILE),
            (TASKS.to_string(), TASKS),
            (PAY.to_string(), PAY),
            (PAY_POLICIES_NEW.to_string(), PAY_POLICIES_NEW),
            (pay_policy("x1"), PAY_POLICY),
            (PAY_COMPUTE.to_string(), PAY_COMPUTE),
            (pay_year(2021), PAY_YEAR),
            (pay_year_sheet_xlsx(2021), PAY_YEAR_SHEET_XLSX),
            (pay_calculation("x1"), PAY_CALCULATION),
            (pay_calculation_submit("x1"), PAY_CALCULATION_SUBMIT),
            (pay_calculation_approve("x1"), PAY_CALCULATION_APPROVE),
            (pay_calculation_return("x1"), PAY_CALCULATION_RETURN),
            (
                pay_calculation_deliberation("x1"),
                PAY_CALCULATION_DELIBERATION,
            ),
            (ASSESSMENTS.to_string(), ASSESSMENTS),
            (assessments_of(2021), ASSESSMENTS),
            (ASSESSMENT_SCHEMES.to_string(), ASSESSMENT_SCHEMES),
            (assessment_scheme("x1"), ASSESSMENT_SCHEME),
            (assessment_scheme_copy("x1"), ASSESSMENT_SCHEME_COPY),
            (assessment_scheme_open("x1"), ASSESSMENT_SCHEME_OPEN),
            (assessment_run("x1"), ASSESSMENT_RUN),
            (assessment_run_step("x1"), ASSESSMENT_RUN_STEP),
            (assessment_run_correct("x1"), ASSESSMENT_RUN_CORRECT),
            (assessment_run_xlsx("x1"), ASSESSMENT_RUN_XLSX),
            (assessment_subject("x1", "340803100201"), ASSESSMENT_SUBJECT),
            (
                assessment_subject_manual("x1", "340803100201", "k"),
                ASSESSMENT_SUBJECT_MANUAL,
            ),
            (assessment_evidence("x1"), ASSESSMENT_EVIDENCE),
            // Disclosure log (issue 15).
            (PUBLIC_LOG.to_string(), PUBLIC_LOG),
            (PUBLIC_LOG_CHECKPOINT.to_string(), PUBLIC_LOG_CHECKPOINT),
            (PUBLIC_LOG_KEY.to_string(), PUBLIC_LOG_KEY),
            (public_log_inclusion(0), PUBLIC_LOG_INCLUSION),
            (public_log_consistency(1, 1), PUBLIC_LOG_CONSISTENCY),
            (public_version_bundle("x1", 1), PUBLIC_VERSION_BUNDLE),
            (PUBLIC.to_string(), PUBLIC),
            (PUBLIC_STYLE.to_string(), PUBLIC_STYLE),
            (public_region("340803100201"), PUBLIC_REGION),
            (public_item("x1"), PUBLIC_ITEM),
            (public_version("x1", 1), PUBLIC_VERSION),
            (public_version_print("x1", 1), PUBLIC_VERSION_PRINT),
            (public_version_qr("x1", 1), PUBLIC_VERSION_QR),
            (public_open_data("340803100201", 2024), PUBLIC_OPEN_DATA),
            // Cockpit (issue 16).
            (DASHBOARD.to_string(), DASHBOARD),
            (dashboard_of("340803100000", 2024), DASHBOARD),
            // Reports (issue 16).
            (REPORTS.to_string(), REPORTS),
            (reports("340803000000", Some(2024)), REPORTS),
            (
                reports_table("t6", "340803000000", Some(2024)),
                REPORTS_TABLE,
            ),
            (reports_table("x1", "", None), REPORTS_TABLE),
            (
                reports_pack_xlsx("340803000000", Some(2024)),
                REPORTS_PACK_XLSX,
            ),
        ];
        let mut wrong = Vec::new();
        for (path, pattern) in all {
            let request = Request::get(&path).body(axum::body::Body::empty()).unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            let matched = response
                .headers()
                .get("x-matched")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(none)");
            if matched != pattern {
                wrong.push(format!("{path} -> {matched} ({})", response.status()));
            }
        }
        assert_eq!(wrong, Vec::<String>::new());
        std::fs::remove_dir_all(dir).ok();
    }
}
