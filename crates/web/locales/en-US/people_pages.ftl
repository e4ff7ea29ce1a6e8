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
pp-import-columns = Columns (headers in Chinese or the English key; * required):
pp-import-persons-hint = ID numbers must have 18 characters and a correct check character; a number twice in the file or already registered is refused. Sex and birth date may be blank: they are taken from the ID number.
pp-import-posts-hint = Persons are matched by their registered ID number; first secretaries and work team members need their dispatching unit.
pp-import-persons-done = Imported: { $count } people added.
pp-import-posts-done = Imported: { $count } posts added.
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

## Choices

pp-incentive-award = Award
pp-incentive-promotion = Promotion
pp-incentive-pay_rise = Pay rise
pp-incentive-other = Other
