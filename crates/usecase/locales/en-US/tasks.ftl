# My tasks: computed from the records; an item disappears once it is done.
tasks-title = My tasks
tasks-empty = Nothing waiting for you.
tasks-due = Due
tasks-overdue = Overdue since
tasks-kind-voucher_review = Voucher to review
tasks-kind-problem_due = Problem due
tasks-kind-problem_close = Problem to close
tasks-kind-project_approve = Project to approve
tasks-kind-rule_due = Meeting due this period
tasks-voucher-title = { $org } { $number }: { $summary } ({ $amount } yuan)
tasks-rule-title = { $rule } ({ $count } still pending)
