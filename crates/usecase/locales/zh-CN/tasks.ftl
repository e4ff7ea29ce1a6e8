# 我的待办：由记录计算得出，办完即消失。
tasks-title = 我的待办
tasks-empty = 暂无待办事项。
tasks-due = 期限
tasks-overdue = 已逾期，期限
tasks-kind-voucher_review = 待审核凭证
tasks-kind-problem_due = 问题到期
tasks-kind-problem_close = 待销号
tasks-kind-project_approve = 待批准项目
tasks-kind-rule_due = 本期应开会议
tasks-voucher-title = { $org } { $number }：{ $summary }（{ $amount } 元）
tasks-rule-title = { $rule }（{ $count } 处尚未完成）
