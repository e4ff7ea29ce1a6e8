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
pp-import-columns = 列（表头可用中文列名或英文键名，* 为必填）：
pp-import-persons-hint = 身份证号码须为 18 位且校验码正确；同一号码在文件中重复或已登记都会被拒绝。性别和出生日期可不填，按身份证号码取得。
pp-import-posts-hint = 人员按身份证号码对应已登记的人员；第一书记和驻村工作队员须填写派出单位。
pp-import-persons-done = 导入完成：新增 { $count } 人。
pp-import-posts-done = 导入完成：新增 { $count } 条任职记录。
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

## 选项

pp-incentive-award = 表彰奖励
pp-incentive-promotion = 提拔晋升
pp-incentive-pay_rise = 报酬提高
pp-incentive-other = 其他
