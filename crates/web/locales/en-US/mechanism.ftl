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
