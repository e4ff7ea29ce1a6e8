# mechanism_pages: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

## 工作机制首页

mp-index-lead = 实施方案、定点指导与包联、会议、走访、问题清单和合规看板。
mp-open-problems = 未办结问题
mp-overdue-problems = 逾期未办结问题
mp-link-meetings = 会议
mp-link-visits = 走访（包乡走村入户）
mp-link-calendar = 日历
mp-due-soon-title = 本期即将到期的工作要求
mp-col-last_day = 截止日期
mp-col-regions_pending = 尚未完成的区划
mp-regions-more = { $names } 等 { $count } 个

## 问题清单

mp-problems-title = 问题清单
mp-problems-count = 共 { $count } 个问题
mp-problem-new = 新增问题
mp-problem-edit = 修改问题
mp-state-todo = 待办
mp-state-doing = 办理中
mp-state-done = 已办结
mp-state-closed = 已销号
mp-source-meeting = 会议
mp-source-visit = 走访
mp-source-direct = 直接录入
mp-col-source = 来源
mp-col-overdue = 是否逾期
mp-col-done_at = 办结日期
mp-col-closed_at = 销号日期
mp-col-at = 时间
mp-col-actor = 操作人
mp-overdue = 逾期
mp-overdue-only = 只看逾期
mp-rolled-up = （按下级汇总）
mp-children-count = （{ $count } 个下级问题）
mp-owner-hint = 可选择系统用户，也可直接填写责任人姓名。
mp-parent-hint = 可选：填写上级问题的编号，进度将按权重汇总到上级问题。
mp-actions = 办理
mp-action-start = 开始办理
mp-action-finish = 办结
mp-action-close = 销号
mp-action-send_back = 退回
mp-action-archive = 作废（归档）
mp-evidence-hint = 办结须填写办理结果和佐证材料（如照片说明、文件编号）。
mp-close-hint = 销号须由责任人以外的人员核实后进行。
mp-child-new = 新增下级问题
mp-children = 下级问题
mp-history = 办理记录
mp-archived = 该问题已归档，不再出现在清单和看板中。

## 合规看板

mp-board-title = 合规看板
mp-from = 起始月份
mp-to = 截止月份
mp-missed-export = 导出未达标清单
mp-missed-title = 未达标清单
mp-missed-count = 未达标 { $count } 项
mp-board-legend = ✓ 已达标（绿）　… 本期进行中、尚未达标（黄）　✗ 未达标（红）；格内为“实际/要求”，点击查看明细。
mp-board-no-cells = 所选期间内没有需要考核的对象。
mp-rules-none = 暂无启用的合规规则。
mp-status-met = 已达标
mp-status-pending = 进行中
mp-status-missed = 未达标
mp-period-month = { $year }年{ $index }月
mp-period-quarter = { $year }年第{ $index }季度
mp-period-year = { $year }年
mp-every-month = 月
mp-every-quarter = 季度
mp-every-year = 年
mp-object-guide = 定点指导村
mp-object-liaison = 包联村
mp-kind-guide = 定点指导
mp-kind-liaison = 包联
mp-rule-per_assignment = 每个{ $object }每{ $every }至少召开 { $count } 次{ $type }
mp-rule-per_village = 每个村每{ $every }至少召开 { $count } 次{ $type }
mp-rule-problems_on_time = 每{ $every }到期的问题均按期办结
mp-col-rule = 工作要求
mp-col-period = 期间
mp-col-required = 要求次数
mp-col-actual = 实际次数
mp-assignment = 联系安排
mp-cell-meetings = 计入的会议
mp-cell-problems = 到期的问题
mp-cell-none = 本期没有计入的记录。

## 方案、联系安排、规则、会议类型

mp-plans-title = 实施方案
mp-assignments-title = 定点指导与包联
mp-rules-title = 合规规则
mp-types-title = 会议类型
mp-plan-new = 新建实施方案
mp-plan-edit = 修改实施方案
mp-plan-body = 方案正文
mp-group = 领导小组
mp-group-hint = 每行一位成员：职务（组长、副组长、成员）和姓名，或选择系统用户；空行不保存。
mp-targets = 目标任务
mp-target-new = 新增目标
mp-target-edit = 修改目标
mp-target-kind-metric = 系统自动统计
mp-target-kind-manual = 手工填报
mp-target-hint = 自动统计的目标选择统计指标，进度由系统计算；手工填报的目标填写完成值和佐证材料。
mp-metric-strong_villages = 集体经济强村数（经营收入 50 万元以上）
mp-metric-meetings_held = 召开会议次数
mp-metric-problems_closed_on_time = 问题按期办结数
mp-metric-training_coverage = 培训覆盖率
mp-col-actual_value = 完成情况
mp-col-reached = 是否完成
mp-reached = 已完成
mp-not-reached = 未完成
mp-not-reported = 尚未填报
mp-unavailable = 暂无法统计
mp-active-on = 在某日有效
mp-assignments-hint = 列表含已结束的安排，保留全部历史。
mp-ongoing = 至今
mp-assignment-new = 新增联系安排
mp-assignment-end = 结束
mp-assignment-kind = 联系方式
mp-active = 启用
mp-inactive = 已停用
mp-activate = 启用
mp-deactivate = 停用
mp-rule-new = 新增规则
mp-rule-edit = 修改规则
mp-rule-kind-per_assignment = 按联系安排（定点指导/包联对象）
mp-rule-kind-per_village = 按村（每个村）
mp-rule-kind-problems_on_time = 问题按期办结
mp-rule-hint = “按联系安排”需选择联系方式；两类会议规则需选择会议类型和最少次数；“问题按期办结”只需频次。
mp-col-code = 代码
mp-rename = 改名
mp-type-new = 新增会议类型
mp-type-code-hint = 代码为 2–32 位小写字母、数字或下划线，以字母开头，创建后不能更改。
