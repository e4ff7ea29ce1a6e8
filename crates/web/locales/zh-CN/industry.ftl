# 产业振兴（industry）：错误信息与审计实体名称。
industry-amount_invalid = 金额“{ $value }”无效：应为大于零的元金额，最多两位小数。
industry-account_invalid = 科目代码“{ $value }”无效：应为 3 至 12 位数字。
industry-number_invalid = “{ $value }”无效：应为 { $min } 至 { $max } 之间的整数。
industry-transition_invalid = 项目状态不能从“{ $from }”变为“{ $to }”：只能按 申报 → 批准 → 实施 → 验收 → 运营 逐步推进，或在运营前终止。
industry-reason_required = 终止项目须填写原因。
industry-org_unknown = 所选集体经济组织不存在，或不属于项目所在村。
industry-person_unknown = 人员库中没有该负责人（{ $value }）。
industry-book_missing = 该组织尚未建立 { $year } 年度账簿，无法生成凭证。
industry-over_budget = 预算项目“{ $line }”超出预算：预算 { $budget } 元，已批准追加 { $approved } 元，已占用 { $committed } 元，本次 { $value } 元。请先登记追加审批。
audit-entity-industry_project = 产业项目
audit-entity-industry_funding = 项目资金来源
audit-entity-industry_budget_line = 项目预算
audit-entity-industry_milestone = 项目节点
audit-entity-industry_approval = 预算追加审批
audit-entity-industry_disbursement = 项目资金支出
