# 指标目录（domain::metrics）：每个指标的名称和计量单位。
metric-strong_villages = 集体经济强村数
metric-strong_villages-unit = 个
metric-meetings_held = 召开会议次数
metric-meetings_held-unit = 次
metric-problems_closed_on_time = 问题按期办结数
metric-problems_closed_on_time-unit = 件
metric-training_coverage = 村党组织书记培训人数
metric-training_coverage-unit = 人
metric-industry_gross_income = 产业项目销售收入
metric-industry_gross_income-unit = 元
metric-industry_workers = 产业项目带动务工人数
metric-industry_workers-unit = 人
metric-industry_households = 产业项目务工增收户数
metric-industry_households-unit = 户
