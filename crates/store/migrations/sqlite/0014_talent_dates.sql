-- A talent-pool entry's dates: the day the person entered the pool (入库日期) and the first
-- day they are out of it (出库日期, NULL: still in the pool; a promoted reserve cadre leaves
-- on the post's start, at the earliest its day in). Existing rows entered on the day they
-- were typed in.
ALTER TABLE people_talent ADD COLUMN entered_on TEXT NOT NULL DEFAULT '';
ALTER TABLE people_talent ADD COLUMN left_on TEXT;
UPDATE people_talent SET entered_on = SUBSTR(created_at, 1, 10);
UPDATE people_talent SET left_on = MAX(SUBSTR(p.starts_on, 1, 10), people_talent.entered_on)
  FROM people_posts p
 WHERE p.id = people_talent.post_id AND people_talent.status = 'used';
CREATE INDEX people_talent_pool_dates ON people_talent (pool, entered_on);
