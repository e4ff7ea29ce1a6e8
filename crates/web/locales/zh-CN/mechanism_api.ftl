# mechanism_api: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

mapi-param_invalid = 查询参数“{ $param }”的取值“{ $value }”无效，应为：{ $expected }。
mapi-month_required = 缺少查询参数“{ $param }”，应为“年-月”，如 2024-05。
mapi-month_invalid = 查询参数“{ $param }”的取值“{ $value }”不是有效的月份，应为“年-月”，如 2024-05。
mapi-action_invalid = 操作“{ $value }”无效，应为 start（开始办理）、finish（办结）、close（销号）或 send_back（退回）。
mapi-region_param_invalid = 查询参数“{ $param }”的区划代码“{ $value }”无效，应为 12 位统计用区划代码，如 340803100201。
