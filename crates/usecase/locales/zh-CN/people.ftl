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
people-talent_left_before_entered = 出库日期（{ $value }）不能早于入库日期（{ $entered }）。
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
field-person_name = 姓名
field-post = 职务
field-dispatching_unit = 选派单位
field-pool = 人才库
field-skills = 特长技能
field-entered_on = 入库日期
field-left_on = 出库日期
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

# people_pages: strings of crates/web/src/people (see people.ftl for the store's errors)

## 首页与人员信息库

pp-index-lead = 人员信息库、任职与班子、后备干部与人才库、招录、培训和正向激励。身份证号码和联系电话一律脱敏显示。
pp-persons = 人员信息库
pp-current-posts = 现任职务
pp-incentives = 正向激励
pp-link-talent = 后备干部与人才库
pp-link-recruitment = 招录
pp-link-trainings = 培训与覆盖率
pp-masked-hint = 身份证号码和联系电话已脱敏显示。区级管理员可在人员页面查看完整号码，每次查看都会记入操作日志。
pp-education-at-least = 学历（及以上）
pp-search = 查找
pp-search-hint = 姓名或完整身份证号码
pp-include-archived = 含已归档
pp-archived = 已归档
pp-person-new = 新增人员
pp-person-edit = 修改人员信息
pp-person-count = 共 { $count } 人
pp-export-full = 导出完整名单
pp-export-full-confirm = 我确认导出含完整身份证号码和联系电话的名单，并妥善保管；此次导出将记入操作日志。
pp-confirm_required = 请先勾选确认，再导出完整名单。
pp-not-saved = 未保存：
pp-from-id = 按身份证号码
pp-birth-hint = 可不填，按身份证号码自动取得；填写时须与身份证号码一致。
pp-id-keep-hint = 不修改身份证号码时请留空（当前号码已脱敏显示）。
pp-phone-keep-hint = 不修改联系电话时请留空。
pp-archive = 归档
pp-restore = 恢复
pp-reveal = 查看完整身份证号
pp-revealed-note = 以下为完整个人信息，仅显示这一次，本次查看已记入操作日志。请勿截屏或外传。
pp-photo-upload = 上传照片（PNG 或 JPEG，不超过 2 MiB）
pp-photo-save = 保存照片
pp-posts-history = 任职情况
pp-current = 现任
pp-post-end = 结束任职
pp-post-new = 新增任职
pp-talent-entries = 后备干部与人才库
pp-trainings-attended = 参加的培训
pp-hours = { $hours } 学时
pp-incentive-add = 新增激励记录

## 任职

pp-posts = 任职记录
pp-held-on = 在此日期任职
pp-post-count = 共 { $count } 条
pp-dispatching-hint = 第一书记和驻村工作队员须填写选派单位。
pp-year = 年度
pp-team = 现任班子
pp-team-none = 暂无现任班子成员记录。

## 导入

pp-import = 导入名单
pp-import-text = 从 Excel（.xlsx）或 CSV 文件导入。整份文件要么全部导入，要么一条也不导入：任何一行有错，都会指出文件、行号、列名和原因，不写入任何数据。
pp-import-persons = 人员名单
pp-import-posts = 任职名单
pp-import-talent = 后备干部与人才库名单
pp-import-columns = 列（表头可用中文列名或英文键名，* 为必填）：
pp-import-persons-hint = 身份证号码须为 18 位且校验码正确；同一号码在文件中重复或已登记都会被拒绝。性别和出生日期可不填，按身份证号码取得。
pp-import-posts-hint = 人员按身份证号码对应已登记的人员；第一书记和驻村工作队员须填写派出单位。
pp-import-talent-hint = 人员按身份证号码对应已登记的人员；人才库类别填“后备干部”或“乡土人才”；入库日期不填为今天，出库日期仍在库的不填、不能早于入库日期；同一人已在该库中的整份文件不导入。
pp-import-persons-done = 导入完成：新增 { $count } 人。
pp-import-posts-done = 导入完成：新增 { $count } 条任职记录。
pp-import-talent-done = 导入完成：新增 { $count } 个人才库条目。
pp-template-xlsx = 下载模板（Excel）
pp-template-csv = 下载模板（CSV）

## 导入列名

pp-col-name = 姓名
pp-col-sex = 性别
pp-col-birth_date = 出生日期
pp-col-ethnicity = 民族
pp-col-id_number = 身份证号
pp-col-political_status = 政治面貌
pp-col-education = 学历
pp-col-phone = 手机
pp-col-region_code = 所属区划
pp-col-post = 职务
pp-col-dispatching_unit = 派出单位
pp-col-starts_on = 任职起始日期
pp-col-ends_on = 任职结束日期
pp-col-note = 备注
pp-col-pool = 人才库类别
pp-col-category = 人才类别
pp-col-skills = 特长技能
pp-col-tags = 标签
pp-col-entered_on = 入库日期
pp-col-left_on = 出库日期

## 选项

pp-incentive-award = 表彰奖励
pp-incentive-promotion = 提拔晋升
pp-incentive-pay_rise = 报酬提高
pp-incentive-other = 其他

# people_talent: strings of crates/web/src/people (see people.ftl for the store's errors)
# 人才库、招录、培训与覆盖率页面（前缀 pt-）

pt-talent = 后备干部与人才库
pt-recruitment = 招录
pt-trainings = 培训
pt-coverage = 培训覆盖率
pt-coverage-year = { $year } 年培训覆盖率
pt-coverage-hint = 培训对象以年末（当年为今日）在任人员计；当年开班、面向该对象（或包含该对象、或属于该对象的人群，如面向全体村干部的培训也计入书记，书记培训也计入全体村干部）并实际参加的培训方计为已培训。
pt-min-age = 年龄不小于
pt-max-age = 年龄不大于
pt-age = 年龄
pt-age-invalid = 年龄应填写 0–150 的整数：{ $value }
pt-education-at-least = 学历不低于
pt-text = 姓名、特长或标签
pt-include-archived = 含已归档
pt-archived = 已归档
pt-archive = 归档
pt-restore = 恢复
pt-talent-new = 加入人才库
pt-talent-count = 共 { $count } 人
pt-choose-person = 请选择人员
pt-person-hint = 从您权限范围内的人员信息库中选择；身份证号码已脱敏显示。
pt-tags-hint = 多个标签用逗号或顿号分隔，如：电商、直播
pt-advance = 推进状态
pt-used-hint = 状态为“已使用”时，须选择此人提拔任用的职务。
pt-dates-hint = 入库日期为纳入人才库的日期；出库日期为不再属于人才库的第一天，仍在库的留空。提拔任用（已使用）的，出库日期默认为任职开始日期。
pt-in-pool = 在库
pt-campaign-new = 新建招录
pt-campaign-close = 结束招录
pt-campaign-reopen = 重新开放
pt-positions = 招录岗位
pt-positions-hint = 每行一个岗位；区划留空即为招录所在区划。空行不保存。
pt-positions-required = 请至少填写一个岗位。
pt-position-row = 岗位第 { $row } 行：
pt-position-add = 添加岗位
pt-same-region = 同招录区划
pt-hired = 已录用
pt-applicants = 报名人员
pt-applicant-add = 添加报名人员
pt-total-score = 总成绩
pt-hire = 录用
pt-not-hire = 不录用
pt-training-new = 新建培训
pt-training-edit = 编辑培训
pt-attendance = 参训情况
pt-attendance-count = 共 { $count } 条参训记录
pt-mark = 登记参训
pt-members = 培训对象（现任）
pt-other-people = 其他人员
pt-import = 导入参训名单
pt-import-text = 从 .xlsx 或 .csv 文件导入：整份文件要么全部导入，要么一条也不导入；出错时指明行、列和原因。
pt-import-columns = 列（表头可用中文或英文列名）：
pt-import-template = 下载导入模板
pt-import-done = 导入完成：{ $count } 条参训记录。
pt-col-id_number = 身份证号
pt-col-attended = 是否参加
pt-col-hours = 学时
pt-total = 应训人数
pt-trained = 已训人数
pt-share = 覆盖率
pt-untrained-of = { $group }：尚未培训
pt-untrained-name = 未培训人员

## 枚举

pt-sex-male = 男
pt-sex-female = 女
pt-political-party_member = 中共党员
pt-political-probationary = 中共预备党员
pt-political-league_member = 共青团员
pt-political-masses = 群众
pt-political-other_party = 民主党派
pt-political-non_party = 无党派人士
pt-education-primary = 小学
pt-education-junior = 初中
pt-education-senior = 高中
pt-education-vocational = 中专
pt-education-college = 大专
pt-education-bachelor = 本科
pt-education-master = 硕士研究生
pt-education-doctor = 博士研究生
pt-pool-reserve_cadre = 后备干部
pt-pool-local_talent = 乡土人才
pt-category-production_expert = 生产能手
pt-category-business_leader = 经营能人
pt-category-craftsman = 能工巧匠
pt-category-returning_graduate = 返乡大学生
pt-category-returning_entrepreneur = 返乡创业者
pt-category-other = 其他
pt-status-reserve = 储备
pt-status-training = 培养
pt-status-used = 已使用
pt-post-party_secretary = 村党组织书记
pt-post-committee_director = 村委会主任
pt-post-committee_member = 两委委员
pt-post-supervision_member = 村务监督委员会成员
pt-post-first_secretary = 第一书记
pt-post-work_team_member = 驻村工作队员
pt-kind-reserve_cadre_exam = 公开招考村级后备干部
pt-kind-public_institution = 事业单位招聘
pt-cstatus-open = 进行中
pt-cstatus-closed = 已结束
pt-result-pending = 待定
pt-result-hired = 录用
pt-result-not_hired = 未录用
pt-group-party_secretaries = 全体村党组织书记
pt-group-first_secretaries = 第一书记
pt-group-committee_members = 两委委员
pt-group-all_village_cadres = 全体村干部
pt-group-custom = 自定义
pt-col-category = 人才类别

# people_api: strings of crates/web/src/people (see people.ftl for the store's errors)

papi-row = 第 { $row } 行：{ $reason }
