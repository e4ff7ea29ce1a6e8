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
mp-metric-strong_villages = Strong villages (operating income ≥ 500,000 yuan)
mp-metric-meetings_held = Meetings held
mp-metric-problems_closed_on_time = Problems finished on time
mp-metric-training_coverage = Training coverage
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
mp-rule-hint = A per-assignment rule needs the assignment kind; both meeting rules need the meeting type and the minimum count; "problems finished on time" needs only how often.
mp-col-code = Code
mp-rename = Rename
mp-type-new = New meeting type
mp-type-code-hint = 2–32 lower-case letters, digits or underscores, starting with a letter; fixed once created.
