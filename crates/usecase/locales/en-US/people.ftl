# People and talent: registry, posts, reserve cadres and talent pool, recruitment, training and coverage, incentives

## Errors

people-id_number_invalid = The ID number “{ $value }” is not valid: it has 18 characters, 17 digits and a check character (0–9 or X) that must match the first 17.
people-id_number_birth_invalid = The birth date inside the ID number “{ $value }” does not exist.
people-id_number_taken = The ID number “{ $value }” is already registered; one person per number.
people-birth_date_mismatch = The birth date { $value } differs from the one in the ID number.
people-phone_invalid = The phone “{ $value }” is not valid: use an 11-digit mobile number or a landline with its area code (e.g. 0556-5551234).
people-photo_too_large = The photo is larger than { $max }; please compress it and upload again.
people-photo_type = The photo must be a PNG or JPEG image. Files are recognised by their content, not by their name.
people-end_before_start = “{ $field }” ({ $value }) cannot lie before the start date.
people-dispatching_unit_required = First secretaries and work-team members need the unit that sent them.
people-person_unknown = The person “{ $value }” does not exist or is not visible to you.
people-post_ended = This post has already ended; record a new post to continue.
people-post_unknown = The post “{ $value }” does not exist or is not this person's.
people-talent_status_invalid = A talent entry moves forward only (reserve → training → used); it cannot go from “{ $from }” to “{ $to }”.
people-talent_post_required = A used entry needs the post the person was promoted to.
people-talent_exists = This person is already in this pool.
people-talent_fixed = The person and the pool of an entry cannot change; archive it and add a new one.
people-talent_left_before_entered = The day out of the pool ({ $value }) cannot lie before the day in ({ $entered }).
people-too_many_tags = At most { $max } tags.
people-campaign_closed = This recruitment is closed and cannot change; reopen it first.
people-position_region = The position's region “{ $value }” must lie within the recruitment's region.
people-position_unknown = The position “{ $value }” does not exist.
people-applicant_exists = This person has already applied for this position.
people-applicant_hired = This applicant has been hired; a hire cannot be undone.
people-quota_full = The position's quota is filled; no one else can be hired.
people-attendance_duplicate = The same person appears more than once in the file.

## Field names

field-sex = Sex
field-birth_date = Birth date
field-ethnicity = Ethnicity
field-id_number = ID number
field-political_status = Political status
field-education = Education
field-phone = Phone
field-photo = Photo
field-person_id = Person
field-person_name = Full name
field-post = Post
field-dispatching_unit = Dispatching unit
field-pool = Pool
field-skills = Skills
field-entered_on = Date entered
field-left_on = Date left
field-post_id = Post taken up
field-quota = Quota
field-position_id = Position
field-written_score = Written score
field-interview_score = Interview score
field-topic = Topic
field-organiser = Organiser
field-hours = Hours
field-target_group = Target group
field-attended = Attended
field-issuer = Issuer

## Audit log

audit-entity-people_person = Person
audit-entity-people_post = Post
audit-entity-people_talent = Talent pool
audit-entity-people_campaign = Recruitment
audit-entity-people_training = Training
audit-entity-people_attendance = Training attendance
audit-entity-people_incentive = Incentive
audit-action-reveal = Personal information revealed
audit-action-export = Personal information exported

# people_pages: strings of crates/web/src/people (see people.ftl for the store's errors)

## Landing page and person registry

pp-index-lead = The person registry, posts and teams, reserve cadres and the talent pool, recruitment, trainings and incentives. ID numbers and phones are always shown masked.
pp-persons = Person registry
pp-current-posts = Current posts
pp-incentives = Incentives
pp-link-talent = Reserve cadres and talent pool
pp-link-recruitment = Recruitment
pp-link-trainings = Trainings and coverage
pp-masked-hint = ID numbers and phones are masked. A district administrator can view the full number on the person's page; every view is written to the audit log.
pp-education-at-least = Education (at least)
pp-search = Find
pp-search-hint = Name or full ID number
pp-include-archived = Include archived
pp-archived = Archived
pp-person-new = New person
pp-person-edit = Edit person
pp-person-count = { $count } people
pp-export-full = Export the full roster
pp-export-full-confirm = I confirm exporting the roster with full ID numbers and phones and will keep it safe; this export is written to the audit log.
pp-confirm_required = Tick the confirmation before exporting the full roster.
pp-not-saved = Not saved:
pp-from-id = From the ID number
pp-birth-hint = May be left blank: it is taken from the ID number; if given, it must match it.
pp-id-keep-hint = Leave blank to keep the ID number (shown masked).
pp-phone-keep-hint = Leave blank to keep the phone.
pp-archive = Archive
pp-restore = Restore
pp-reveal = View full ID number
pp-revealed-note = The full personal information below is shown this once; this view is written to the audit log. Do not take screenshots or pass it on.
pp-photo-upload = Upload a photo (PNG or JPEG, at most 2 MiB)
pp-photo-save = Save photo
pp-posts-history = Posts
pp-current = Current
pp-post-end = End post
pp-post-new = New post
pp-talent-entries = Reserve cadres and talent pool
pp-trainings-attended = Trainings attended
pp-hours = { $hours } hours
pp-incentive-add = New incentive

## Posts

pp-posts = Posts
pp-held-on = Held on
pp-post-count = { $count } posts
pp-dispatching-hint = First secretaries and work team members need their dispatching unit.
pp-year = Year
pp-team = Current team
pp-team-none = No current team members recorded.

## Import

pp-import = Import rosters
pp-import-text = Import from an Excel (.xlsx) or CSV file. A file is imported whole or not at all: any bad row is named by file, row, column and reason, and nothing is written.
pp-import-persons = Person roster
pp-import-posts = Posts roster
pp-import-talent = Reserve cadres and talent pool
pp-import-columns = Columns (headers in Chinese or the English key; * required):
pp-import-persons-hint = ID numbers must have 18 characters and a correct check character; a number twice in the file or already registered is refused. Sex and birth date may be blank: they are taken from the ID number.
pp-import-posts-hint = Persons are matched by their registered ID number; first secretaries and work team members need their dispatching unit.
pp-import-talent-hint = Persons are matched by their registered ID number; the pool is “reserve cadre” or “local talent”; an empty date entered is today, an empty date left means still in the pool and it cannot lie before the date entered; a person already in the pool refuses the file.
pp-import-persons-done = Imported: { $count } people added.
pp-import-posts-done = Imported: { $count } posts added.
pp-import-talent-done = Imported: { $count } talent-pool entries added.
pp-template-xlsx = Download the template (Excel)
pp-template-csv = Download the template (CSV)

## Import columns

pp-col-name = Name
pp-col-sex = Sex
pp-col-birth_date = Birth date
pp-col-ethnicity = Ethnicity
pp-col-id_number = ID number
pp-col-political_status = Political status
pp-col-education = Education
pp-col-phone = Mobile
pp-col-region_code = Region
pp-col-post = Post
pp-col-dispatching_unit = Dispatching unit
pp-col-starts_on = Post start date
pp-col-ends_on = Post end date
pp-col-note = Note
pp-col-pool = Pool
pp-col-category = Category
pp-col-skills = Skills
pp-col-tags = Tags
pp-col-entered_on = Date entered
pp-col-left_on = Date left

## Choices

pp-incentive-award = Award
pp-incentive-promotion = Promotion
pp-incentive-pay_rise = Pay rise
pp-incentive-other = Other

# people_talent: strings of crates/web/src/people (see people.ftl for the store's errors)
# Talent pool, recruitment, trainings and coverage pages (prefix pt-)

pt-talent = Reserve cadres and talent pool
pt-recruitment = Recruitment
pt-trainings = Trainings
pt-coverage = Training coverage
pt-coverage-year = Training coverage { $year }
pt-coverage-hint = Group members are the holders of the group's posts at the end of the year (today for the current year); a member counts as trained after attending a training that started in the year and was for the group, for a group including it or for a group within it (a training of all village cadres trains the secretaries too; the secretaries' training counts for all village cadres).
pt-min-age = Age at least
pt-max-age = Age at most
pt-age = Age
pt-age-invalid = The age must be a whole number from 0 to 150: { $value }
pt-education-at-least = Education at least
pt-text = Name, skills or tags
pt-include-archived = Include archived
pt-archived = Archived
pt-archive = Archive
pt-restore = Restore
pt-talent-new = Add to the talent pool
pt-talent-count = { $count } people
pt-choose-person = Choose a person
pt-person-hint = Chosen from the person registry in your scope; ID numbers are shown masked.
pt-tags-hint = Separate several tags with commas, e.g. e-commerce, live streaming
pt-advance = Advance status
pt-used-hint = For the status "used", choose the post the person was promoted to.
pt-dates-hint = “Date entered” is the day the person entered the pool; “date left” is the first day they no longer belong to it, empty while they do. A promoted (used) entry leaves on the post’s start unless a day is typed.
pt-in-pool = In the pool
pt-campaign-new = New campaign
pt-campaign-close = Close campaign
pt-campaign-reopen = Reopen
pt-positions = Positions
pt-positions-hint = One position per row; an empty region is the campaign's region. Empty rows are not saved.
pt-positions-required = Enter at least one position.
pt-position-row = Position row { $row }:
pt-position-add = Add position
pt-same-region = The campaign's region
pt-hired = Hired
pt-applicants = Applicants
pt-applicant-add = Add applicant
pt-total-score = Total score
pt-hire = Hire
pt-not-hire = Do not hire
pt-training-new = New training
pt-training-edit = Edit training
pt-attendance = Attendance
pt-attendance-count = { $count } attendance records
pt-mark = Record attendance
pt-members = Target group (current)
pt-other-people = Other people
pt-import = Import attendance
pt-import-text = Import from an .xlsx or .csv file: the whole file is imported or none of it; a refusal names the row, the column and the reason.
pt-import-columns = Columns (Chinese or English headers):
pt-import-template = Download the template
pt-import-done = Imported: { $count } attendance records.
pt-col-id_number = ID number
pt-col-attended = Attended
pt-col-hours = Hours
pt-total = Members
pt-trained = Trained
pt-share = Coverage
pt-untrained-of = { $group }: not yet trained
pt-untrained-name = Not yet trained

## Enumerations

pt-sex-male = Male
pt-sex-female = Female
pt-political-party_member = CPC member
pt-political-probationary = Probationary CPC member
pt-political-league_member = Youth League member
pt-political-masses = Ordinary citizen
pt-political-other_party = Democratic party member
pt-political-non_party = Non-party personage
pt-education-primary = Primary school
pt-education-junior = Junior middle school
pt-education-senior = Senior middle school
pt-education-vocational = Secondary vocational
pt-education-college = Junior college
pt-education-bachelor = Bachelor
pt-education-master = Master
pt-education-doctor = Doctorate
pt-pool-reserve_cadre = Reserve cadres
pt-pool-local_talent = Local talent
pt-category-production_expert = Production expert
pt-category-business_leader = Business leader
pt-category-craftsman = Craftsman
pt-category-returning_graduate = Returning graduate
pt-category-returning_entrepreneur = Returning entrepreneur
pt-category-other = Other
pt-status-reserve = Reserve
pt-status-training = In training
pt-status-used = Used
pt-post-party_secretary = Village Party secretary
pt-post-committee_director = Village committee director
pt-post-committee_member = Committee member
pt-post-supervision_member = Supervision committee member
pt-post-first_secretary = First secretary
pt-post-work_team_member = Village work team member
pt-kind-reserve_cadre_exam = Open exam for village reserve cadres
pt-kind-public_institution = Public institution recruitment
pt-cstatus-open = Open
pt-cstatus-closed = Closed
pt-result-pending = Pending
pt-result-hired = Hired
pt-result-not_hired = Not hired
pt-group-party_secretaries = All village Party secretaries
pt-group-first_secretaries = First secretaries
pt-group-committee_members = Committee members
pt-group-all_village_cadres = All village cadres
pt-group-custom = Custom
pt-col-category = Talent category

# people_api: strings of crates/web/src/people (see people.ftl for the store's errors)

papi-row = Row { $row }: { $reason }
