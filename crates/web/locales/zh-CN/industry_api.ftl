# 产业振兴 API 写入（industry API writes）。

field-budget_line_id = 预算项目
field-log_ids = 用工记录
