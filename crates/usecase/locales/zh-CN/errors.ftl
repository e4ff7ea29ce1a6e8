# 错误信息：错误代码（点换成连字符）、导入提示和字段名称。
# 校验类错误可使用 { $field }，即字段的中文名称。

## 字段名称：用于表单标签、表格列标题和错误信息。
## 区划的 9 列同时是导入导出表格的列标题，彼此不能重复。

field-code = 区划代码
field-parent_code = 上级区划代码
field-name = 名称
field-kind = 类型
field-tags = 标签
field-population = 人口
field-households = 户数
field-area_km2 = 面积（平方公里）
field-party_members = 党员人数
field-username = 用户名
field-password = 密码
field-display_name = 姓名
field-role = 角色
field-region_code = 所属区划
field-region_name = 区划名称
field-active = 是否启用
field-created_at = 创建时间
field-lang = 界面语言
field-level = 层级
field-body = 请求内容
field-file = 文件

## 通用

common-not_found = 您要查找的页面或记录不存在，可能已被删除或地址有误。
common-internal = 系统出现错误，已记入日志。请稍后重试；如问题反复出现，请联系系统管理员。
common-error_id = 错误编号：{ $id }
common-too_large = 提交的内容过大，请压缩或拆分文件后重试。
money-too_large = “{ $field }”的金额 { $value } 元超过单笔上限 { $max } 元。
money-overflow = 金额合计超出了可记录的范围，未作任何更改。请检查是否录入了过大的金额。
common-required = 请填写“{ $field }”。
common-too_long = “{ $field }”不能超过 { $max } 个字符。
common-decimal_invalid = “{ $field }”应填写数字（可带小数）：{ $value }
common-count_invalid = “{ $field }”应填写不小于 0 的整数：{ $value }
common-choice_invalid = “{ $field }”的取值无效：{ $value }

## 登录与权限

auth-forbidden = 您没有执行此操作的权限，如有需要请联系区级管理员。
auth-unauthorized = 登录已失效或尚未登录，请先登录。
auth-csrf = 页面已过期或安全校验未通过，请刷新页面后重新提交。

## 用户

identity-role_invalid = 无法识别的角色：{ $value }
identity-role_level_mismatch = 角色 { $role } 只能配属到 { $level } 级区划，请重新选择“{ $field }”。
identity-password_too_short = 密码至少需要 { $min } 位。
identity-password_too_simple = 密码须同时包含字母和数字。
identity-password_contains_username = 密码不能包含用户名。
identity-username_invalid = 用户名“{ $value }”不符合要求：须为 3–32 位小写字母、数字或 . _ -，并以字母开头。
identity-username_taken = 用户名“{ $value }”已被使用，请换一个。
identity-self_change = 不能停用自己的账号，也不能修改自己的角色。

## 行政区划

region-code_invalid = “{ $field }”不是有效的区划代码：{ $value }（应为 12 位数字的国家统计用区划代码）
region-parent_mismatch = 区划 { $code } 的上级区划应为 { $expected }，而填写的是 { $value }。
region-kind_invalid = 无法识别的区划类型：{ $value }（可填写 区、县、镇、乡、街道、村、社区）
region-tag_invalid = 无法识别的标签：{ $value }（可填写 重点村、扶持村）
region-kind_level_mismatch = 类型 { $value } 与区划代码的层级（{ $level }）不符：区、县属区级，镇、乡、街道属乡镇级，村、社区属村级。
region-tag_village_only = 只有村级区划（村、社区）可以设置标签。
region-not_found = 区划 { $value } 不存在。
region-exists = 该区划代码已存在，请直接编辑原有区划。
region-parent_fixed = 区划代码和上级区划保存后不能修改。
region-parent_missing = 上级区划 { $value } 尚未建立，请先添加上级区划。
region-outside_scope = 区划 { $value } 不在您的管辖范围内。

## 导入

import-duplicate = 区划代码 { $value } 与第 { $first } 行重复。
import-unsupported_type = 不支持该文件格式，请上传 .xlsx、.xls 或 .csv 文件。
import-unreadable = 无法读取该文件，请确认文件未损坏且格式正确。
import-empty = 文件中没有可导入的数据。
import-file = 选择文件
import-no-file = 请选择要导入的文件。
import-missing-column = 缺少此必填列。
import-refused = 导入未执行，没有写入任何数据。
import-done = 导入完成：新增 { $created } 个，更新 { $updated } 个，未变化 { $unchanged } 个。
import-file-error = 文件 { $file }：{ $reason }
import-row-error = 文件 { $file } 第 { $row } 行“{ $column }”列：{ $reason }
common-control_char = “{ $field }”含有不可见的控制字符（如 NUL），请删除后重新提交。
region-village_needs_town = 区划 { $code } 的乡镇位（第 7–9 位）为 000，相当于把村直接放在区县之下。村级区划必须隶属于乡镇（街道），乡镇隶属于区县：请填写所属乡镇的区划代码。
import-control_char = 文件中有单元格含有不可见的控制字符（如 NUL），请删除后重新导入。
import-control_char_at = 第 { $row } 行“{ $column }”列的单元格含有不可见的控制字符（如 NUL），请删除后重新导入。
import-too_many_rows = 文件超过 { $limit } 行，请拆分成几个文件后分别导入。
import-too_many_columns = 文件超过 { $limit } 列，请删除多余的列后重新导入。
import-too_many_cells = 文件超过 { $limit } 个单元格，请拆分成几个文件后分别导入。
import-too_large = 文件解压后超过 { $limit } MB，请拆分成几个文件后分别导入。
import-compression_ratio = 文件的压缩比超过 { $limit } 倍，不像正常的表格文件，已拒绝读取。
import-shared_strings = 文件的共享字符串表超过 { $limit } MB 或声明的字符串过多，已拒绝读取。
import-record_too_long = 第 { $row } 行超过 { $limit } KB，单行过长，请检查文件格式。
import-xls_refused = 出于安全考虑，不再读取旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后重新导入。
common-unavailable = 数据库暂时无法处理请求（磁盘可能已满，或数据库服务器无法连接），本次操作未保存。请稍后重试；如问题持续，请联系系统管理员。
upload-too_large = 文件超过 { $limit } 上限，请压缩或拆分后再上传。
import-encoding = 文件既不是 UTF-8 也不是 GB18030 编码：第 { $row } 行、字节偏移 { $offset } 处的字节无法识别。请在 Excel 中另存为“CSV UTF-8”后重新导入。
