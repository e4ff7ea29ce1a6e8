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
audit-entity-region = 行政区划
audit-entity-user = 用户
audit-entity-session = 登录会话
audit-entity-api_token = API 令牌
audit-action-create = 新增
audit-action-update = 修改
audit-action-archive = 归档
audit-action-import = 导入
audit-action-login = 登录
audit-action-logout = 退出
audit-action-password_change = 修改密码
audit-action-token_create = 创建令牌
audit-action-token_revoke = 吊销令牌
