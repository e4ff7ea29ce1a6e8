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
mtg-attendees-hint = One person per row: choose a user, or type a name; empty rows are not saved.
mtg-decisions-hint = Each decision enters the problem list: give the matter, the person responsible and the deadline; empty rows are not saved.
mtg-decisions-edit-hint = The decisions are in the problem list: change them there; add a decision taken later on the meeting's page.
mtg-minutes-hint = Simple HTML is allowed (such as <p>, <strong>, <ul><li>); anything unsafe is removed.
mtg-attachments = Attachments
mtg-attachments-hint = Several photos (PNG, JPEG) or PDF files, at most 10 MiB each. When the form is sent back, choose the files again.
mtg-more-rows = More rows
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
