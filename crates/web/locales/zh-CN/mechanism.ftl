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
