# Industry projects (industry): error messages and audit entity names.
industry-amount_invalid = The amount “{ $value }” is invalid: give a positive amount in yuan with at most two decimals.
industry-account_invalid = The account code “{ $value }” is invalid: give 3 to 12 digits.
industry-number_invalid = “{ $value }” is invalid: give a whole number from { $min } to { $max }.
industry-transition_invalid = A project cannot move from “{ $from }” to “{ $to }”: it moves one step at a time, applied → approved → implementing → accepted → operating, or is terminated before operating.
industry-reason_required = Give the reason for terminating the project.
industry-org_unknown = The collective economic organisation does not exist or is not in the project's village.
industry-person_unknown = The responsible person ({ $value }) is not in the person registry.
industry-book_missing = The organisation has no book for { $year }, so no voucher can be made.
industry-over_budget = Budget line “{ $line }” would be exceeded: budget { $budget } yuan, approved extra { $approved } yuan, committed { $committed } yuan, this payment { $value } yuan. Record an approval first.
audit-entity-industry_project = Industry project
audit-entity-industry_funding = Project funding source
audit-entity-industry_budget_line = Project budget line
audit-entity-industry_milestone = Project milestone
audit-entity-industry_approval = Budget approval
audit-entity-industry_disbursement = Project disbursement
