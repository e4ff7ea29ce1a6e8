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
mtg-attendees-hint = 每行一人：选择系统用户，或直接填写姓名；空行不保存。
mtg-decisions-hint = 每项决定事项会自动列入问题清单，请填写事项、责任人和办结时限；空行不保存。
mtg-decisions-edit-hint = 决定事项已列入问题清单，请到问题清单中修改；会后补充的决定事项请在会议页面添加。
mtg-minutes-hint = 可使用简单的 HTML 标记（如 <p>、<strong>、<ul><li>）；不安全的内容会被自动清除。
mtg-attachments = 附件
mtg-attachments-hint = 可选择多个照片（PNG、JPEG）或 PDF 文件，每个不超过 10 MiB。表单被退回时，请重新选择附件。
mtg-more-rows = 增加行
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
