# 操作日志

audit-col-at = 时间
audit-col-actor = 操作人
audit-col-entity = 对象类型
audit-col-entity_id = 对象编号
audit-col-region_code = 区划代码
audit-col-action = 操作
audit-col-before = 修改前
audit-col-after = 修改后
audit-from = 起始日期
audit-to = 截止日期
audit-total = 共 { $count } 条记录
