-- Work mechanism (工作机制): implementation plans with their leading group and targets,
-- leaders' assignments, meeting types and meetings (attendees, attachments), visits, the
-- problem list with its workflow events, and the compliance rules.
-- Ids are UUIDv7 text made in Rust; dates 'YYYY-MM-DD'; timestamps RFC 3339 UTC text.

CREATE TABLE mechanism_plans (
    id          TEXT PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        INTEGER NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    archived    BOOLEAN NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX mechanism_plans_region_year ON mechanism_plans (region_code, year);

-- The leading group (领导小组) of a plan.
CREATE TABLE mechanism_group_members (
    plan_id  TEXT NOT NULL REFERENCES mechanism_plans (id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    user_id  TEXT REFERENCES users (id),
    -- 组长, 副组长, 成员 …
    role     TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
);

CREATE TABLE mechanism_targets (
    id           TEXT PRIMARY KEY NOT NULL,
    plan_id      TEXT NOT NULL REFERENCES mechanism_plans (id),
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    -- metric or manual
    kind         TEXT NOT NULL,
    -- strong_villages, meetings_held, problems_closed_on_time, training_coverage
    metric       TEXT,
    target_value BIGINT NOT NULL,
    unit         TEXT NOT NULL,
    manual_value BIGINT,
    evidence     TEXT NOT NULL,
    archived     BOOLEAN NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX mechanism_targets_plan ON mechanism_targets (plan_id, position);

-- 定点指导 (guide) and 包联 (liaison). Ending sets ends_on (the last day); never deleted.
CREATE TABLE mechanism_assignments (
    id             TEXT PRIMARY KEY NOT NULL,
    leader_user_id TEXT REFERENCES users (id),
    leader_name    TEXT NOT NULL,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    kind           TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT,
    note           TEXT NOT NULL,
    archived       BOOLEAN NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX mechanism_assignments_region ON mechanism_assignments (region_code, starts_on);
CREATE INDEX mechanism_assignments_leader ON mechanism_assignments (leader_user_id);

CREATE TABLE mechanism_meeting_types (
    code     TEXT PRIMARY KEY NOT NULL,
    name_zh  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    active   BOOLEAN NOT NULL DEFAULT 1,
    position INTEGER NOT NULL
);
INSERT INTO mechanism_meeting_types (code, name_zh, name_en, active, position) VALUES
    ('work_promotion', '工作推进会', 'Work-promotion meeting', 1, 1),
    ('liaison', '联系会议', 'Liaison meeting', 1, 2),
    ('special', '专题会', 'Special meeting', 1, 3),
    ('branch_assembly', '支部党员大会', 'Branch general meeting', 1, 4),
    ('branch_committee', '支委会', 'Branch committee meeting', 1, 5),
    ('party_group', '党小组会', 'Party group meeting', 1, 6),
    ('party_lecture', '党课', 'Party lecture', 1, 7),
    ('theme_day', '主题党日', 'Party theme day', 1, 8);

CREATE TABLE mechanism_meetings (
    id            TEXT PRIMARY KEY NOT NULL,
    type_code     TEXT NOT NULL REFERENCES mechanism_meeting_types (code),
    region_code   TEXT NOT NULL REFERENCES regions (code),
    date          TEXT NOT NULL,
    -- 'HH:MM'
    start_time    TEXT NOT NULL,
    end_time      TEXT,
    place         TEXT NOT NULL,
    chair         TEXT NOT NULL,
    chair_user_id TEXT REFERENCES users (id),
    agenda        TEXT NOT NULL,
    -- Sanitized on the way in (whitelist of p, br, strong, em, ul, ol, li, h3, h4, blockquote, a).
    minutes_html  TEXT NOT NULL,
    archived      BOOLEAN NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX mechanism_meetings_region_date ON mechanism_meetings (region_code, date);
CREATE INDEX mechanism_meetings_type_date ON mechanism_meetings (type_code, date);
-- Covering index of the compliance board: a year of meetings without touching the table.
CREATE INDEX mechanism_meetings_date ON mechanism_meetings (date, region_code, type_code, archived, id);
CREATE INDEX mechanism_meetings_chair ON mechanism_meetings (chair_user_id);

CREATE TABLE mechanism_attendees (
    meeting_id TEXT NOT NULL REFERENCES mechanism_meetings (id),
    position   INTEGER NOT NULL,
    user_id    TEXT REFERENCES users (id),
    name       TEXT NOT NULL,
    -- present, absent or excused
    status     TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);
CREATE INDEX mechanism_attendees_user ON mechanism_attendees (user_id);

-- Photos and PDF, recognised by their magic bytes; at most 10 MiB each.
CREATE TABLE mechanism_attachments (
    id           TEXT PRIMARY KEY NOT NULL,
    meeting_id   TEXT NOT NULL REFERENCES mechanism_meetings (id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BLOB NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX mechanism_attachments_meeting ON mechanism_attachments (meeting_id);

CREATE TABLE mechanism_visits (
    id              TEXT PRIMARY KEY NOT NULL,
    visitor_user_id TEXT REFERENCES users (id),
    visitor_name    TEXT NOT NULL,
    region_code     TEXT NOT NULL REFERENCES regions (code),
    household       TEXT,
    date            TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    findings        TEXT NOT NULL,
    archived        BOOLEAN NOT NULL DEFAULT 0,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX mechanism_visits_region_date ON mechanism_visits (region_code, date);

-- 问题清单. state: todo, doing, done (办结: result, evidence, done_at), closed (销号).
-- A parent's progress is computed from its children, never stored.
CREATE TABLE mechanism_problems (
    id            TEXT PRIMARY KEY NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL,
    owner_user_id TEXT REFERENCES users (id),
    owner_name    TEXT NOT NULL,
    deadline      TEXT NOT NULL,
    -- meeting, visit or direct
    source_kind   TEXT NOT NULL,
    source_id     TEXT,
    parent_id     TEXT REFERENCES mechanism_problems (id),
    weight        INTEGER NOT NULL DEFAULT 1,
    progress      INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL,
    result        TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    done_at       TEXT,
    closed_at     TEXT,
    closed_by     TEXT,
    archived      BOOLEAN NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX mechanism_problems_region_deadline ON mechanism_problems (region_code, deadline);
-- Covering index of the compliance board (problems due in the range).
CREATE INDEX mechanism_problems_deadline ON mechanism_problems (deadline, region_code, state, done_at, archived, id);
CREATE INDEX mechanism_problems_parent ON mechanism_problems (parent_id);
CREATE INDEX mechanism_problems_source ON mechanism_problems (source_kind, source_id);
CREATE INDEX mechanism_problems_owner ON mechanism_problems (owner_user_id);

CREATE TABLE mechanism_problem_events (
    id         TEXT PRIMARY KEY NOT NULL,
    problem_id TEXT NOT NULL REFERENCES mechanism_problems (id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    note       TEXT NOT NULL
);
CREATE INDEX mechanism_problem_events_problem ON mechanism_problem_events (problem_id, at);

-- Compliance rules: params is the JSON of domain::mechanism::RuleKind (tagged by kind).
CREATE TABLE mechanism_rules (
    id       TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    params   TEXT NOT NULL,
    active   BOOLEAN NOT NULL DEFAULT 1,
    position INTEGER NOT NULL
);
INSERT INTO mechanism_rules (id, name, kind, params, active, position) VALUES
    ('0190a1b2-0000-7000-8000-000000000001', '定点指导村每月至少召开一次工作推进会', 'per_assignment',
     '{"kind":"per_assignment","assignment_kind":"guide","meeting_type":"work_promotion","at_least":1,"every":"month"}', 1, 1),
    ('0190a1b2-0000-7000-8000-000000000002', '定点指导村每季度至少召开一次联系会议', 'per_assignment',
     '{"kind":"per_assignment","assignment_kind":"guide","meeting_type":"liaison","at_least":1,"every":"quarter"}', 1, 2),
    ('0190a1b2-0000-7000-8000-000000000003', '村党支部每月召开支委会', 'per_village',
     '{"kind":"per_village","meeting_type":"branch_committee","at_least":1,"every":"month"}', 1, 3),
    ('0190a1b2-0000-7000-8000-000000000004', '村党支部每季度召开支部党员大会', 'per_village',
     '{"kind":"per_village","meeting_type":"branch_assembly","at_least":1,"every":"quarter"}', 1, 4),
    ('0190a1b2-0000-7000-8000-000000000005', '村党支部每季度上一次党课', 'per_village',
     '{"kind":"per_village","meeting_type":"party_lecture","at_least":1,"every":"quarter"}', 1, 5),
    ('0190a1b2-0000-7000-8000-000000000006', '问题按期办结', 'problems_on_time',
     '{"kind":"problems_on_time","every":"month"}', 1, 6);
