-- The date a project's status change was decided (批复、验收或决定的日期), which may be
-- earlier than the day it was entered (`at`). Rows from before this column read it as NULL.
ALTER TABLE industry_project_events ADD COLUMN decided_on TEXT;
