-- News (工作动态) and villagers' feedback (村民意见), issue 15.
--
-- News: written by cadres for their region, published by the town or district (never by
-- its author); states draft → submitted → published → withdrawn; archived, never deleted.
-- The body is HTML sanitised on the way in; its images are re-encoded JPEG kept here and
-- served publicly only while the item is published.
CREATE TABLE disclosure_news (
    id            TEXT PRIMARY KEY NOT NULL,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    title         TEXT NOT NULL,
    -- Sanitised HTML (domain::mechanism::html::sanitize_news).
    body_html     TEXT NOT NULL,
    -- draft, submitted, published, withdrawn
    state         TEXT NOT NULL,
    author_id     TEXT REFERENCES users (id),
    author_name   TEXT NOT NULL,
    publisher_id  TEXT REFERENCES users (id),
    publisher_name TEXT NOT NULL DEFAULT '',
    published_at  TEXT,
    archived      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX disclosure_news_region ON disclosure_news (region_code, state, published_at);

CREATE TABLE disclosure_news_images (
    id          TEXT PRIMARY KEY NOT NULL,
    news_id     TEXT NOT NULL REFERENCES disclosure_news (id),
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    -- JPEG, re-encoded (no EXIF or GPS), at most 1280 px wide.
    data        BYTEA NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX disclosure_news_images_news ON disclosure_news_images (news_id);

-- Feedback: sent by anyone from a village's public page, held for moderation:
-- received → accepted (a problem of the problem list) → answered, or received → rejected
-- (never public). The phone is kept masked for every view; the number in full sits in
-- `phone_full`, which no list reads: only the audited reveal does.
CREATE TABLE disclosure_feedback (
    id            TEXT PRIMARY KEY NOT NULL,
    -- The reference number the sender is given (收到，待审核).
    ref_no        TEXT NOT NULL UNIQUE,
    region_code   TEXT NOT NULL REFERENCES regions (code),
    body          TEXT NOT NULL,
    sender_name   TEXT NOT NULL DEFAULT '',
    phone_masked  TEXT NOT NULL DEFAULT '',
    phone_full    TEXT,
    -- received, accepted, rejected, answered
    state         TEXT NOT NULL,
    reject_reason TEXT NOT NULL DEFAULT '',
    problem_id    TEXT REFERENCES mechanism_problems (id),
    answer        TEXT NOT NULL DEFAULT '',
    received_at   TEXT NOT NULL,
    moderated_at  TEXT,
    moderated_by  TEXT NOT NULL DEFAULT '',
    answered_at   TEXT,
    answered_by   TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL
);
CREATE INDEX disclosure_feedback_region ON disclosure_feedback (region_code, state, received_at);
