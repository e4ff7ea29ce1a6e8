# 考核（assessment）：方案、指标、评分、等次、排名。
