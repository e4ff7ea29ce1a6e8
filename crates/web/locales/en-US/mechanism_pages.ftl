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
