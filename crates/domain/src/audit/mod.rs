//! The audit log: append-only records of every write.

use serde::{Deserialize, Serialize};

/// What happened to an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Archive,
    Import,
    Login,
    Logout,
    PasswordChange,
    TokenCreate,
    TokenRevoke,
    Review,
    Post,
    Reverse,
    Close,
    Reopen,
    /// Personal information shown in full (a resident ID number, a phone).
    Reveal,
    /// A file exported with personal information in full.
    Export,
}

impl Action {
    pub const ALL: [Action; 16] = [
        Action::Create,
        Action::Update,
        Action::Archive,
        Action::Import,
        Action::Login,
        Action::Logout,
        Action::PasswordChange,
        Action::TokenCreate,
        Action::TokenRevoke,
        Action::Review,
        Action::Post,
        Action::Reverse,
        Action::Close,
        Action::Reopen,
        Action::Reveal,
        Action::Export,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Archive => "archive",
            Action::Import => "import",
            Action::Login => "login",
            Action::Logout => "logout",
            Action::PasswordChange => "password_change",
            Action::TokenCreate => "token_create",
            Action::TokenRevoke => "token_revoke",
            Action::Review => "review",
            Action::Post => "post",
            Action::Reverse => "reverse",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::Reveal => "reveal",
            Action::Export => "export",
        }
    }
}

/// The entity names written to the log; each has a translated label `audit-entity-<name>`.
pub mod entity {
    pub const REGION: &str = "region";
    pub const USER: &str = "user";
    pub const SESSION: &str = "session";
    pub const API_TOKEN: &str = "api_token";
    pub const LEDGER_ORG: &str = "ledger_org";
    pub const LEDGER_BOOK: &str = "ledger_book";
    pub const LEDGER_ACCOUNT: &str = "ledger_account";
    pub const LEDGER_VOUCHER: &str = "ledger_voucher";
    pub const LEDGER_PERIOD: &str = "ledger_period";
    /// A deployment setting such as the classification rules.
    pub const SETTING: &str = "setting";
    pub const MECHANISM_PLAN: &str = "mechanism_plan";
    pub const MECHANISM_TARGET: &str = "mechanism_target";
    pub const MECHANISM_ASSIGNMENT: &str = "mechanism_assignment";
    pub const MECHANISM_MEETING_TYPE: &str = "mechanism_meeting_type";
    pub const MECHANISM_MEETING: &str = "mechanism_meeting";
    pub const MECHANISM_ATTACHMENT: &str = "mechanism_attachment";
    pub const MECHANISM_VISIT: &str = "mechanism_visit";
    pub const MECHANISM_PROBLEM: &str = "mechanism_problem";
    pub const MECHANISM_RULE: &str = "mechanism_rule";
    pub const PEOPLE_PERSON: &str = "people_person";
    pub const PEOPLE_POST: &str = "people_post";
    pub const PEOPLE_TALENT: &str = "people_talent";
    pub const PEOPLE_CAMPAIGN: &str = "people_campaign";
    pub const PEOPLE_TRAINING: &str = "people_training";
    pub const PEOPLE_ATTENDANCE: &str = "people_attendance";
    pub const PEOPLE_INCENTIVE: &str = "people_incentive";
    pub const INDUSTRY_PROJECT: &str = "industry_project";
    pub const INDUSTRY_FUNDING: &str = "industry_funding";
    pub const INDUSTRY_BUDGET_LINE: &str = "industry_budget_line";
    pub const INDUSTRY_MILESTONE: &str = "industry_milestone";
    pub const INDUSTRY_APPROVAL: &str = "industry_approval";
    pub const INDUSTRY_DISBURSEMENT: &str = "industry_disbursement";
    pub const INDUSTRY_UNIT: &str = "industry_unit";
    pub const INDUSTRY_BATCH: &str = "industry_batch";
    pub const INDUSTRY_LOG: &str = "industry_log";
    pub const INDUSTRY_HOUSEHOLD: &str = "industry_household";
    pub const INDUSTRY_DOCUMENT: &str = "industry_document";
    pub const ASSESSMENT_SCHEME: &str = "assessment_scheme";
    pub const ASSESSMENT_RUN: &str = "assessment_run";
    pub const ASSESSMENT_MANUAL: &str = "assessment_manual";
    pub const PAY_POLICY: &str = "pay_policy";
    pub const PAY_CALCULATION: &str = "pay_calculation";
    pub const DISCLOSURE_SCHEDULE: &str = "disclosure_schedule";
    pub const DISCLOSURE_ITEM: &str = "disclosure_item";
    pub const DISCLOSURE_VERSION: &str = "disclosure_version";
    pub const DISCLOSURE_CHECKPOINT: &str = "disclosure_checkpoint";
    pub const NEWS_ITEM: &str = "news_item";
    pub const NEWS_IMAGE: &str = "news_image";
    pub const FEEDBACK: &str = "feedback";
    pub const ALL: [&str; 49] = [
        REGION,
        USER,
        SESSION,
        API_TOKEN,
        LEDGER_ORG,
        LEDGER_BOOK,
        LEDGER_ACCOUNT,
        LEDGER_VOUCHER,
        LEDGER_PERIOD,
        SETTING,
        MECHANISM_PLAN,
        MECHANISM_TARGET,
        MECHANISM_ASSIGNMENT,
        MECHANISM_MEETING_TYPE,
        MECHANISM_MEETING,
        MECHANISM_ATTACHMENT,
        MECHANISM_VISIT,
        MECHANISM_PROBLEM,
        MECHANISM_RULE,
        PEOPLE_PERSON,
        PEOPLE_POST,
        PEOPLE_TALENT,
        PEOPLE_CAMPAIGN,
        PEOPLE_TRAINING,
        PEOPLE_ATTENDANCE,
        PEOPLE_INCENTIVE,
        INDUSTRY_PROJECT,
        INDUSTRY_FUNDING,
        INDUSTRY_BUDGET_LINE,
        INDUSTRY_MILESTONE,
        INDUSTRY_APPROVAL,
        INDUSTRY_DISBURSEMENT,
        INDUSTRY_UNIT,
        INDUSTRY_BATCH,
        INDUSTRY_LOG,
        INDUSTRY_HOUSEHOLD,
        INDUSTRY_DOCUMENT,
        ASSESSMENT_SCHEME,
        ASSESSMENT_RUN,
        ASSESSMENT_MANUAL,
        PAY_POLICY,
        PAY_CALCULATION,
        DISCLOSURE_SCHEDULE,
        DISCLOSURE_ITEM,
        DISCLOSURE_VERSION,
        DISCLOSURE_CHECKPOINT,
        NEWS_ITEM,
        NEWS_IMAGE,
        FEEDBACK,
    ];
}
