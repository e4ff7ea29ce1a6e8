# 产业振兴 API 写入（industry API writes）。

field-budget_line_id = Budget line
field-log_ids = Labour logs
