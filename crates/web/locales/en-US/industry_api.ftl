# 产业振兴 API 写入（industry API writes）。
