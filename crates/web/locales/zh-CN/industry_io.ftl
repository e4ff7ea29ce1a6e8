# 产业振兴导入导出（harvest, sale and labour log imports; exports）。

industry-name_mismatch = 姓名“{ $value }”与人员库中身份证号 { $id_number } 的登记姓名不一致。

iio-import-title = 导入生产记录
iio-import-link = 导入采收、销售、劳务记录
iio-import-text = 从 Excel（.xlsx）或 CSV 文件批量导入某一批次的采收、销售或劳务记录。文件第一行为表头；任何一行有误则整个文件不导入，并指出出错的行和列。销售和劳务记录各在村集体账簿中生成一张凭证草稿。
iio-no-batches = 请先在生产记录页面登记生产单元和批次，再导入记录。
iio-columns = 列（* 为必填）：
iio-hint-harvest = 数量为精确小数，计量单位如 公斤、斤、克；同一产品的单位须能与首次采收的单位换算。
iio-hint-sale = 单价和金额以元为单位；金额留空时按数量 × 单价计算。借方科目留空为 102 银行存款；赊销时填写应收款科目代码。
iio-hint-labour = 务工人员按身份证号在人员库中查找（限本人管辖范围）；填写姓名时须与人员库一致。天数可为小数，工资以元为单位。
iio-template-xlsx = 下载 Excel 模板
iio-template-csv = 下载 CSV 模板
iio-done-harvest = 导入完成：新增采收记录 { $count } 条。
iio-done-sale = 导入完成：新增销售记录 { $count } 条，已生成收入凭证草稿。
iio-done-labour = 导入完成：新增劳务记录 { $count } 条，已生成应付劳务费凭证草稿。

iio-col-date = 日期
iio-col-item = 产品
iio-col-quantity = 数量
iio-col-unit = 计量单位
iio-col-grade = 等级
iio-col-note = 备注
iio-col-buyer = 购买方
iio-col-unit_price = 单价（元）
iio-col-amount = 金额（元）
iio-col-debit_account = 借方科目
iio-col-id_number = 身份证号
iio-col-name = 姓名
iio-col-days = 天数
iio-col-wage = 工资（元）
iio-col-progress = 进度（%）
iio-col-unit_name = 生产单元
iio-col-size_unit = 规模单位
iio-col-paid_voucher = 支付凭证
iio-col-entries = 记录数
iio-col-paid = 已支付（元）

iio-exports = 导出
iio-disbursements = 资金支出
iio-workers = 务工人员
iio-export-funding = 资金来源
iio-export-budget = 预算与资金使用
iio-export-disbursements = 资金支出明细
iio-export-milestones = 项目节点
iio-export-units = 生产单元
iio-export-batches = 生产批次
iio-export-logs = 生产记录（含凭证号）
iio-export-workers = 务工人员（本年度）
iio-export-households = 受益农户（本年度）
industry-worker_name_ambiguous = 本村登记了不止一位名叫“{ $value }”的人员，请填写身份证号。
