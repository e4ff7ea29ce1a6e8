# Work mechanism: plans and targets, guidance and liaison assignments, meetings, visits,
# the problem list, compliance rules

## Error messages

mechanism-number_invalid = “{ $field }” must be a whole number from { $min } to { $max }: { $value }
mechanism-period_invalid = “{ $value }” is not a period: use year-month (2023-05), year-quarter (2023-Q2) or a year (2023).
mechanism-time_invalid = “{ $field }”: “{ $value }” is not a time; use hours:minutes, e.g. 09:30.
mechanism-end_before_start = “{ $field }” ({ $value }) cannot be before the start.
mechanism-assignment_level = A guidance or liaison assignment is for a town or a village, not a district: { $value }
mechanism-assignment_ended = This assignment has already ended; create a new one to continue.
mechanism-type_code_invalid = Meeting type code “{ $value }” is not valid: 2–32 lowercase letters, digits or underscores, starting with a letter.
mechanism-too_many = “{ $field }” may have at most { $max } entries.
mechanism-attachment_empty = Attachment “{ $name }” is an empty file.
mechanism-attachment_too_large = Attachment “{ $name }” is larger than { $max }; please make it smaller and upload it again.
mechanism-attachment_type = Attachment “{ $name }” is not a photo (PNG, JPEG) or a PDF file and cannot be uploaded. The file's content decides, not its name.
mechanism-problem_owner_confirms = The person responsible cannot tick off their own problem; someone else must check and close it.
mechanism-problem_transition_invalid = This step is not possible in the problem's current state; reload the page and try again.
mechanism-problem_finished = The problem is finished or closed and can no longer be changed.
mechanism-problem_parent_cycle = A problem cannot be placed under itself or under one of its own sub-problems.
mechanism-progress_computed = This problem has sub-problems: its progress is their weighted average and cannot be entered.
mechanism-parent_unknown = Parent problem “{ $value }” does not exist or you may not see it.
mechanism-parent_region_mismatch = The problem's region must lie within the region of its parent problem “{ $value }”.
mechanism-region_unknown = “{ $field }”: region “{ $value }” does not exist or is archived.
mechanism-region_fixed = The region cannot be changed after creation.
mechanism-user_unknown = “{ $field }”: user “{ $value }” does not exist.
mechanism-person_unknown = “{ $field }”: person “{ $value }” is not in the people registry within your reach.
mechanism-meeting_type_unknown = Meeting type “{ $value }” does not exist.
mechanism-meeting_type_inactive = Meeting type “{ $value }” is deactivated and cannot be used for new meetings.
mechanism-meeting_type_exists = A meeting type with this code already exists.
mechanism-range_invalid = The range from { $from } to { $to } is not valid: the start cannot be after the end, and it may span at most { $max } months.
mechanism-year_invalid = “{ $value }” is not a year; use four digits, e.g. 2021.

## Field labels

field-title = Title
field-source = Source
field-plan_body = Plan text
field-description = Description
field-owner_user_id = Responsible (user)
field-owner_name = Responsible
field-deadline = Deadline
field-parent_id = Parent problem
field-weight = Weight
field-type_code = Meeting type
field-start_time = Start time
field-end_time = End time
field-place = Place
field-chair = Chair
field-chair_user_id = Chair (user)
field-agenda = Agenda
field-minutes_html = Minutes
field-attendees = Attendees
field-decisions = Decisions
field-user_id = User
field-status = Status
field-leader_user_id = Leader (user)
field-leader_name = Leader
field-starts_on = Start date
field-ends_on = End date
field-note = Note
field-visitor_user_id = Visitor (user)
field-visitor_name = Visitor
field-household = Household visited
field-purpose = Purpose
field-findings = Findings
field-problems = Problems raised
field-metric = Metric
field-target_value = Target value
field-unit = Unit
field-manual_value = Value reached
field-evidence = Evidence
field-result = Result
field-every = Frequency
field-at_least = At least
field-meeting_type = Meeting type
field-name_zh = Chinese name
field-name_en = English name
field-progress = Progress

## Audit log entities

audit-entity-mechanism_plan = Implementation plan
audit-entity-mechanism_target = Plan target
audit-entity-mechanism_assignment = Guidance / liaison assignment
audit-entity-mechanism_meeting_type = Meeting type
audit-entity-mechanism_meeting = Meeting
audit-entity-mechanism_attachment = Meeting attachment
audit-entity-mechanism_visit = Visit
audit-entity-mechanism_problem = Problem list
audit-entity-mechanism_rule = Compliance rule

# Work mechanism: meetings, visits (to towns, villages and households) and the calendar

mtg-meetings = Meetings
mtg-new = Record a meeting
mtg-edit = Change meeting
mtg-count = { $count } meetings
mtg-time = Time
mtg-from = From
mtg-to = To
mtg-include-archived = Include archived
mtg-archived = Archived
mtg-archive = Archive
mtg-restore = Restore
mtg-archive-confirm = Archive this record? It no longer counts on the compliance board, but it is kept and can be restored.
mtg-not-saved = Not saved; nothing was written.
mtg-row-prefix = { $section }, row { $line }:{" "}
mtg-no-user = (not a user of the platform)
mtg-chair-hint = May stay empty when a user is chosen: their name is used
mtg-person-name = Name
mtg-attendees-hint = One person per row: type a name and pick it from the village register (type a guest's name as it is); choose the user too when the person has one; empty rows are not saved.
mtg-decisions-hint = Each decision enters the problem list: give the matter, the person responsible (picked from the register or the users) and the deadline; empty rows are not saved.
mtg-decisions-edit-hint = The decisions are in the problem list: change them there; add a decision taken later on the meeting's page.
mtg-minutes-hint = Just type the text: a blank line starts a new paragraph, Enter starts a new line.
mtg-attachments = Attachments
mtg-attachments-hint = Several photos (PNG, JPEG) or PDF files, at most 10 MiB each. When the form is sent back, choose the files again.
mtg-recorded-by = Recorded by
mtg-overdue = Overdue
mtg-status-present = Present
mtg-status-absent = Absent
mtg-status-excused = Excused
mtg-pstate-todo = To do
mtg-pstate-doing = In progress
mtg-pstate-done = Done
mtg-pstate-closed = Closed

mtg-visits = Visits
mtg-visit = Visit
mtg-visit-new = Record a visit
mtg-visit-count = { $count } visits
mtg-visitor-hint = May stay empty when a user is chosen: their name is used
mtg-household-hint = For a household visit, the head of household, e.g. Wang household
mtg-problems-hint = Problems found on the visit enter the problem list: give the problem, the person responsible and the deadline; empty rows are not saved.

mtg-calendar = Calendar
mtg-calendar-title = Calendar { $month }
mtg-calendar-list = This month
mtg-month = Month
mtg-deadline-of = Deadline: { $title }
mtg-ics = Subscribe to my meetings (iCal)
mtg-ics-hint = Calendar apps cannot sign in: create a calendar subscription address here (its token only reads your meeting calendar and can do nothing else) and add it to your calendar app. Revoke it under "My account" when you no longer use it.
mtg-feed-token-create = Create a calendar subscription address
mtg-feed-token-default-name = Calendar feed
mtg-feed-token-once = Your calendar subscription address has been created. It is shown only this once: add it to your calendar app now.
mtg-weekday-1 = Mon
mtg-weekday-2 = Tue
mtg-weekday-3 = Wed
mtg-weekday-4 = Thu
mtg-weekday-5 = Fri
mtg-weekday-6 = Sat
mtg-weekday-7 = Sun

# Changes after the fact
mtg-visit-edit = Edit visit
mtg-visit-problems-edit-hint = The problems found on the visit are in the problem list: change them there.
mtg-decision-add = Add a decision
mtg-decision-add-hint = A decision added after the meeting also enters the problem list, with this meeting as its source, in the meeting's region.

# mechanism_pages: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

## Mechanism landing page

mp-index-lead = Implementation plans, leaders' assignments, meetings, visits, the problem list and the compliance board.
mp-open-problems = Open problems
mp-overdue-problems = Overdue open problems
mp-link-meetings = Meetings
mp-link-visits = Visits (towns, villages, households)
mp-link-calendar = Calendar
mp-due-soon-title = Due soon this period
mp-col-last_day = Due by
mp-col-regions_pending = Regions still owing it
mp-regions-more = { $names } and others ({ $count } in all)

## Problem list

mp-problems-title = Problem list
mp-problems-count = { $count } problems
mp-problem-new = New problem
mp-problem-edit = Edit problem
mp-state-todo = To do
mp-state-doing = In progress
mp-state-done = Done
mp-state-closed = Ticked off
mp-source-meeting = Meeting
mp-source-visit = Visit
mp-source-direct = Direct entry
mp-col-source = Source
mp-col-overdue = Overdue
mp-col-done_at = Done on
mp-col-closed_at = Ticked off on
mp-col-at = Time
mp-col-actor = By
mp-overdue = Overdue
mp-overdue-only = Overdue only
mp-rolled-up = (rolled up from sub-problems)
mp-children-count = ({ $count } sub-problems)
mp-owner-hint = Choose a user, or type the owner's name.
mp-parent-hint = Optional: the number of a parent problem; progress rolls up to it by weight.
mp-actions = Work on it
mp-action-start = Start
mp-action-finish = Finish
mp-action-close = Tick off
mp-action-send_back = Send back
mp-action-archive = Withdraw (archive)
mp-evidence-hint = Finishing needs the result and the evidence (e.g. a photo description or a document number).
mp-close-hint = Someone other than the owner checks the work and ticks it off.
mp-child-new = New sub-problem
mp-children = Sub-problems
mp-history = History
mp-archived = This problem is archived; it no longer shows in lists or on the board.

## Compliance board

mp-board-title = Compliance board
mp-from = From month
mp-to = To month
mp-missed-export = Export missed list
mp-missed-title = Missed
mp-missed-count = { $count } missed
mp-board-legend = ✓ met (green)   … period still open, not met yet (yellow)   ✗ missed (red); cells show actual/required, click for the records.
mp-board-no-cells = Nothing is due in the chosen months.
mp-rules-none = No active compliance rules.
mp-status-met = Met
mp-status-pending = Pending
mp-status-missed = Missed
mp-period-month = { $year }-{ $index }
mp-period-quarter = Q{ $index } { $year }
mp-period-year = { $year }
mp-every-month = month
mp-every-quarter = quarter
mp-every-year = year
mp-object-guide = key village guided by a leader
mp-object-liaison = village with a liaison leader
mp-kind-guide = Guidance (定点指导)
mp-kind-liaison = Liaison (包联)
mp-rule-per_assignment = Every { $object } holds at least { $count } × { $type } per { $every }
mp-rule-per_village = Every village holds at least { $count } × { $type } per { $every }
mp-rule-problems_on_time = Problems due each { $every } are finished by their deadlines
mp-rule-disclosures_on_time = Disclosures due each { $every } are published on time
mp-col-rule = Requirement
mp-col-period = Period
mp-col-required = Required
mp-col-actual = Actual
mp-assignment = Assignment
mp-cell-meetings = Meetings counted
mp-cell-problems = Problems due
mp-cell-none = No records counted in this period.

## Plans, assignments, rules, meeting types

mp-plans-title = Implementation plans
mp-assignments-title = Guidance and liaison assignments
mp-rules-title = Compliance rules
mp-types-title = Meeting types
mp-plan-new = New implementation plan
mp-plan-edit = Edit implementation plan
mp-plan-body = Plan text
mp-group = Leading group
mp-group-hint = One member per row: the role (组长, 副组长, 成员) and the name, or a user; empty rows are not saved.
mp-targets = Targets
mp-target-new = New target
mp-target-edit = Edit target
mp-target-kind-metric = Computed by the platform
mp-target-kind-manual = Reported by hand
mp-target-hint = A computed target names its metric and the platform works out its progress; a reported target gives the value reached and the evidence.
mp-col-actual_value = Reached
mp-col-reached = Met
mp-reached = Met
mp-not-reached = Not met yet
mp-not-reported = Not reported yet
mp-unavailable = Not computable yet
mp-active-on = Active on
mp-assignments-hint = The list includes ended assignments: the whole history is kept.
mp-ongoing = ongoing
mp-assignment-new = New assignment
mp-assignment-end = End
mp-assignment-kind = Assignment kind
mp-active = Active
mp-inactive = Inactive
mp-activate = Activate
mp-deactivate = Deactivate
mp-rule-new = New rule
mp-rule-edit = Edit rule
mp-rule-kind-per_assignment = Per assignment (guided or liaison region)
mp-rule-kind-per_village = Per village
mp-rule-kind-problems_on_time = Problems finished on time
mp-rule-kind-disclosures_on_time = Disclosures published on time
mp-rule-hint = A per-assignment rule needs the assignment kind; both meeting rules need the meeting type and the minimum count; "problems finished on time" needs only how often.
mp-col-code = Code
mp-rename = Rename
mp-type-new = New meeting type
mp-type-code-hint = 2–32 lower-case letters, digits or underscores, starting with a letter; fixed once created.

# mechanism_api: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

mapi-action_invalid = The action “{ $value }” is invalid; use start, finish, close or send_back.
mtg-add-attendee = Add an attendee
mtg-add-decision = Add a decision
mtg-add-problem = Add a problem
mp-cell-disclosures = Disclosures owed
mp-col-disclosure = Disclosure
mp-col-published_on = Published on
