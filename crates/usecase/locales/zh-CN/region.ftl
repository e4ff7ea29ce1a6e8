# 行政区划：列表、档案、表单、导入，以及区划类型和标签

region-count = 共 { $count } 个区划
region-new = 新增区划
region-edit = 编辑区划
region-profile = 基本情况
region-children = 下级区划
region-add-child = 新增下级区划
region-archive = 归档
region-restore = 恢复
region-archived = 已归档
region-archive-confirm = 确定要归档该区划吗？归档后数据仍然保留，可随时恢复。
region-code-hint = 12 位国家统计用区划代码，前几位须与上级区划一致；保存后不能修改。

region-import-title = 导入区划
region-import-text = 导入按“全部成功才写入”的方式进行：文件中只要有一行有误，整个文件都不会导入，并会指出出错的行和列。第一行为列标题，可使用中文或英文列名；区划代码、名称、类型三列必填，已有的区划按代码更新，其余新增。从本系统导出的文件可原样导回。类型可直接填写中文（区、县、镇、乡、街道、村、社区），标签可填写 重点村、扶持村，多个标签用顿号分隔。
region-import-columns = 列（按顺序）：
region-import-template = 下载当前区划表（可作为导入模板）

## 区划类型

region-kind-district = 区
region-kind-county = 县
region-kind-town = 镇
region-kind-township = 乡
region-kind-subdistrict = 街道
region-kind-village = 村
region-kind-community = 社区

## 标签

region-tag-key_village = 重点村
region-tag-supported_village = 扶持村
