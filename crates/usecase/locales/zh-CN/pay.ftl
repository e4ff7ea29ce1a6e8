# 报酬挂钩（assessment::pay）：政策、报酬池、核定表、审批。
