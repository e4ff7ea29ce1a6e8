# base: strings of crates/web/src/base, the ground floor every module shares

param-invalid = 查询参数“{ $param }”的取值“{ $value }”无效，应为：{ $expected }。
param-region_invalid = 查询参数“{ $param }”的区划代码“{ $value }”无效，应为 12 位统计用区划代码，如 340803100201。
param-month_required = 缺少查询参数“{ $param }”，应为“年-月”，如 2024-05。
param-month_invalid = 查询参数“{ $param }”的取值“{ $value }”不是有效的月份，应为“年-月”，如 2024-05。
param-year_invalid = 会计年度“{ $value }”无效。

json-syntax = 请求内容不是有效的 JSON：{ $value }
json-invalid = 请求内容与此接口要求的格式不符：{ $value }
json-content_type = 请以 JSON 格式发送请求内容（Content-Type: application/json）。
json-unreadable = 无法读取请求内容。
