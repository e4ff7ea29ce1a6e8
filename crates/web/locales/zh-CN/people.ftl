# 队伍建设 people：人员信息库、任职、后备干部与人才库、招录、培训与覆盖率、正向激励

## 错误信息

people-id_number_invalid = 身份证号码“{ $value }”无效：应为 18 位，前 17 位为数字，最后一位校验码（0–9 或 X）须与前 17 位相符。
people-id_number_birth_invalid = 身份证号码“{ $value }”中的出生日期不存在。
people-id_number_taken = 身份证号码“{ $value }”已登记，同一号码只能登记一人。
people-birth_date_mismatch = 出生日期 { $value } 与身份证号码中的出生日期不一致。
people-phone_invalid = 联系电话“{ $value }”无效：应为 11 位手机号码或带区号的固定电话（如 0556-5551234）。
people-photo_too_large = 照片超过 { $max }，请压缩后再上传。
people-photo_type = 照片应为 PNG 或 JPEG 图片。系统按文件内容识别，而不是按文件名。
people-end_before_start = “{ $field }”（{ $value }）不能早于开始日期。
people-dispatching_unit_required = 第一书记和驻村工作队员须填写选派单位。
people-person_unknown = 找不到人员“{ $value }”，或您无权查看。
people-post_ended = 该任职已经结束，如需继续请新建一条任职记录。
people-post_unknown = 找不到任职记录“{ $value }”，或该任职不属于此人。
people-talent_status_invalid = 人才状态只能向前推进（储备 → 培养 → 已使用），不能从“{ $from }”改为“{ $to }”。
people-talent_post_required = 状态为“已使用”时，须关联其提拔任用的职务。
people-talent_exists = 此人已在该人才库中。
people-talent_fixed = 人才库条目的人员和库别不能更改，如有错误请归档后新建。
people-too_many_tags = 标签最多 { $max } 个。
people-campaign_closed = 该招录已结束，不能再修改；如需修改请先重新开放。
people-position_region = 岗位所在区划“{ $value }”应在招录的区划范围内。
people-position_unknown = 找不到岗位“{ $value }”。
people-applicant_exists = 此人已报名该岗位。
people-applicant_hired = 该报名人员已录用，录用结果不能撤销。
people-quota_full = 该岗位的录用人数已达到计划名额，不能再录用。
people-attendance_duplicate = 同一人员在文件中出现了多次。

## 字段名称

field-sex = 性别
field-birth_date = 出生日期
field-ethnicity = 民族
field-id_number = 身份证号码
field-political_status = 政治面貌
field-education = 学历
field-phone = 联系电话
field-photo = 照片
field-person_id = 人员
field-post = 职务
field-dispatching_unit = 选派单位
field-pool = 人才库
field-skills = 特长技能
field-post_id = 任用职务
field-quota = 计划名额
field-position_id = 报考岗位
field-written_score = 笔试成绩
field-interview_score = 面试成绩
field-topic = 培训主题
field-organiser = 主办单位
field-hours = 学时
field-target_group = 培训对象
field-attended = 是否参加
field-issuer = 授予单位

## 操作日志

audit-entity-people_person = 人员信息
audit-entity-people_post = 任职记录
audit-entity-people_talent = 人才库
audit-entity-people_campaign = 招录
audit-entity-people_training = 培训
audit-entity-people_attendance = 培训考勤
audit-entity-people_incentive = 正向激励
audit-action-reveal = 查看完整个人信息
audit-action-export = 导出完整个人信息
