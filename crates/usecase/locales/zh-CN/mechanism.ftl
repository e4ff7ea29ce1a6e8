# 工作机制 mechanism：实施方案与目标、定点指导与包联、会议、走访、问题清单、合规规则

## 错误信息

mechanism-number_invalid = “{ $field }”应为 { $min } 到 { $max } 之间的整数：{ $value }
mechanism-period_invalid = “{ $value }”不是有效的期间，应为“年-月”（如 2023-05）、“年-Q季度”（如 2023-Q2）或年份（如 2023）。
mechanism-time_invalid = “{ $field }”的时间“{ $value }”无效，应为“时:分”，如 09:30。
mechanism-end_before_start = “{ $field }”（{ $value }）不能早于开始。
mechanism-assignment_level = 定点指导和包联的对象应为乡镇或村（社区），不能是区县：{ $value }
mechanism-assignment_ended = 该联系安排已经结束，如需继续请新建一条。
mechanism-type_code_invalid = 会议类型代码“{ $value }”无效：应为 2–32 位小写字母、数字或下划线，以字母开头。
mechanism-too_many = “{ $field }”最多可填写 { $max } 条。
mechanism-attachment_empty = 附件“{ $name }”是空文件。
mechanism-attachment_too_large = 附件“{ $name }”超过 { $max }，请压缩后再上传。
mechanism-attachment_type = 附件“{ $name }”不是照片（PNG、JPEG）或 PDF 文件，不能上传。系统按文件内容识别，而不是按文件名。
mechanism-problem_owner_confirms = 责任人不能为自己的问题销号，请由其他人员核实后销号。
mechanism-problem_transition_invalid = 当前状态下不能进行该操作，请刷新页面后重试。
mechanism-problem_finished = 问题已办结或已销号，不能再修改。
mechanism-problem_parent_cycle = 不能把问题归到它自己或它的下级问题之下。
mechanism-progress_computed = 该问题有下级问题，进度由下级问题按权重自动汇总，不能手工填写。
mechanism-parent_unknown = 找不到上级问题“{ $value }”，或您无权查看。
mechanism-parent_region_mismatch = 问题所属区划应在上级问题“{ $value }”的区划范围内。
mechanism-region_unknown = “{ $field }”中的区划“{ $value }”不存在或已停用。
mechanism-region_fixed = 所属区划创建后不能更改。
mechanism-user_unknown = “{ $field }”中的用户“{ $value }”不存在。
mechanism-person_unknown = “{ $field }”中的人员“{ $value }”不在人员名册中，或不在您的管辖范围内。
mechanism-meeting_type_unknown = 会议类型“{ $value }”不存在。
mechanism-meeting_type_inactive = 会议类型“{ $value }”已停用，不能用于新会议。
mechanism-meeting_type_exists = 该会议类型代码已存在。
mechanism-range_invalid = 查询期间无效：从 { $from } 到 { $to }，起始不能晚于结束，且最多 { $max } 个月。
mechanism-year_invalid = 年度“{ $value }”无效，应为四位年份，如 2021。

## 字段名称

field-title = 标题
field-source = 来源
field-plan_body = 方案内容
field-description = 说明
field-owner_user_id = 责任人（用户）
field-owner_name = 责任人
field-deadline = 办结时限
field-parent_id = 上级问题
field-weight = 权重
field-type_code = 会议类型
field-start_time = 开始时间
field-end_time = 结束时间
field-place = 地点
field-chair = 主持人
field-chair_user_id = 主持人（用户）
field-agenda = 议程
field-minutes_html = 会议纪要
field-attendees = 参会人员
field-decisions = 会议决定事项
field-user_id = 用户
field-status = 状态
field-leader_user_id = 联系领导（用户）
field-leader_name = 联系领导
field-starts_on = 开始日期
field-ends_on = 结束日期
field-note = 备注
field-visitor_user_id = 走访人（用户）
field-visitor_name = 走访人
field-household = 走访农户
field-purpose = 走访事由
field-findings = 发现情况
field-problems = 发现问题
field-metric = 统计指标
field-target_value = 目标值
field-unit = 单位
field-manual_value = 完成值
field-evidence = 佐证材料
field-result = 办理结果
field-every = 频次
field-at_least = 最少次数
field-meeting_type = 会议类型
field-name_zh = 中文名称
field-name_en = 英文名称
field-progress = 进度

## 操作日志对象

audit-entity-mechanism_plan = 实施方案
audit-entity-mechanism_target = 方案目标
audit-entity-mechanism_assignment = 定点指导/包联
audit-entity-mechanism_meeting_type = 会议类型
audit-entity-mechanism_meeting = 会议
audit-entity-mechanism_attachment = 会议附件
audit-entity-mechanism_visit = 走访记录
audit-entity-mechanism_problem = 问题清单
audit-entity-mechanism_rule = 合规规则

# 工作机制：会议、走访（包乡走村入户）和日历页面

mtg-meetings = 会议记录
mtg-new = 登记会议
mtg-edit = 修改会议
mtg-count = 共 { $count } 次会议
mtg-time = 时间
mtg-from = 开始日期
mtg-to = 结束日期
mtg-include-archived = 包括已归档
mtg-archived = 已归档
mtg-archive = 归档
mtg-restore = 恢复
mtg-archive-confirm = 确定归档这条记录吗？归档后不再计入合规统计，但记录仍然保留，可以恢复。
mtg-not-saved = 未保存，没有写入任何数据。
mtg-row-prefix = { $section }第 { $line } 行：
mtg-no-user = （不是系统用户）
mtg-chair-hint = 选择用户时可不填，默认用其姓名
mtg-person-name = 姓名
mtg-attendees-hint = 每行一人：输入姓名时可从本村人员名册中选择（来宾直接填写姓名）；如是系统用户，可同时选择用户；空行不保存。
mtg-decisions-hint = 每项决定事项会自动列入问题清单，请填写事项、责任人（可从人员名册或系统用户中选择）和办结时限；空行不保存。
mtg-decisions-edit-hint = 决定事项已列入问题清单，请到问题清单中修改；会后补充的决定事项请在会议页面添加。
mtg-minutes-hint = 直接输入文字即可：空一行另起一段，回车换行。
mtg-attachments = 附件
mtg-attachments-hint = 可选择多个照片（PNG、JPEG）或 PDF 文件，每个不超过 10 MiB。表单被退回时，请重新选择附件。
mtg-recorded-by = 登记人
mtg-overdue = 逾期
mtg-status-present = 出席
mtg-status-absent = 缺席
mtg-status-excused = 请假
mtg-pstate-todo = 待办
mtg-pstate-doing = 办理中
mtg-pstate-done = 已办结
mtg-pstate-closed = 已销号

mtg-visits = 走访记录
mtg-visit = 走访
mtg-visit-new = 登记走访
mtg-visit-count = 共 { $count } 次走访
mtg-visitor-hint = 选择用户时可不填，默认用其姓名
mtg-household-hint = 如走访到户，填写户主，如：王某某户
mtg-problems-hint = 走访中发现的问题会自动列入问题清单，请填写问题、责任人和办结时限；空行不保存。

mtg-calendar = 工作日历
mtg-calendar-title = 工作日历 { $month }
mtg-calendar-list = 本月事项
mtg-month = 月份
mtg-deadline-of = 办结时限：{ $title }
mtg-ics = 订阅我的会议（iCal）
mtg-ics-hint = 手机或电脑日历应用订阅时无法登录，请在此生成日历订阅地址（其中的令牌只能读取您的会议日历，不能做其他操作），把地址添加到日历应用中。不再使用时，可在“我的账号”中撤销。
mtg-feed-token-create = 生成日历订阅地址
mtg-feed-token-default-name = 日历订阅
mtg-feed-token-once = 日历订阅地址已生成，只显示这一次，请立即复制到日历应用中。
mtg-weekday-1 = 周一
mtg-weekday-2 = 周二
mtg-weekday-3 = 周三
mtg-weekday-4 = 周四
mtg-weekday-5 = 周五
mtg-weekday-6 = 周六
mtg-weekday-7 = 周日

# Changes after the fact
mtg-visit-edit = 修改走访记录
mtg-visit-problems-edit-hint = 走访中发现的问题已列入问题清单，请到问题清单中修改。
mtg-decision-add = 补充决定事项
mtg-decision-add-hint = 会后补充的决定事项同样列入问题清单，来源为本次会议，属地为会议所在区划。

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
mp-rule-disclosures_on_time = 每{ $every }应公开的事项均按时公开
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
mp-rule-kind-disclosures_on_time = 村务公开及时
mp-rule-hint = “按联系安排”需选择联系方式；两类会议规则需选择会议类型和最少次数；“问题按期办结”只需频次。
mp-col-code = 代码
mp-rename = 改名
mp-type-new = 新增会议类型
mp-type-code-hint = 代码为 2–32 位小写字母、数字或下划线，以字母开头，创建后不能更改。

# mechanism_api: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

mapi-action_invalid = 操作“{ $value }”无效，应为 start（开始办理）、finish（办结）、close（销号）或 send_back（退回）。
mtg-add-attendee = 添加参会人员
mtg-add-decision = 添加决定事项
mtg-add-problem = 添加问题
mp-cell-disclosures = 应公开事项
mp-col-disclosure = 公开事项
mp-col-published_on = 公开日期
