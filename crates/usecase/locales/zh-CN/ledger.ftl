# 集体经济账务 ledger
ledger-system_invalid = 会计制度“{ $value }”无效，应为 cs2004（财会〔2004〕12号）或 cs2023（财会〔2023〕14号）。
ledger-chart_row_invalid = 科目表第 { $row } 行“{ $field }”有误：{ $value }
ledger-sub_account_code_invalid = 明细科目代码“{ $value }”无效：应在上级科目 { $parent } 后加三位数字（如 { $parent }001）。
ledger-credit_code_invalid = 统一社会信用代码“{ $value }”无效：应为 18 位，且校验位正确。
ledger-period_invalid = 会计期间“{ $value }”无效，应为“年-月”，如 2024-03。
ledger-amount_invalid = 第 { $line } 行“{ $field }”金额“{ $value }”无效：应为数字，最多两位小数。
ledger-line_account_missing = 第 { $line } 行没有填写会计科目。
ledger-line_one_side = 第 { $line } 行须且只能填写借方或贷方其中一方的金额。
ledger-too_few_lines = 记账凭证至少需要两行分录。
ledger-unbalanced = 借贷不平衡：借方合计 { $debit }，贷方合计 { $credit }。
ledger-zero_voucher = 凭证金额合计不能为零。
ledger-not_draft = 只有草稿状态的凭证才能审核或修改。
ledger-reviewer_is_preparer = 审核人不能是制单人本人，请由其他人员审核。
ledger-already_posted = 该凭证已记账，不能再次记账；如需更正，请做红字冲销。
ledger-not_reviewed = 凭证须先审核才能记账。
common-date_invalid = “{ $field }”的日期“{ $value }”无效，应为“年-月-日”，如 2024-03-15。
field-date = 日期
field-summary = 摘要
field-attachments = 附件张数
field-lines = 分录
field-account_code = 会计科目
field-debit = 借方金额
field-credit = 贷方金额
field-period = 会计期间
field-credit_code = 统一社会信用代码
field-accounting_system = 会计制度
field-normal_balance = 余额方向
field-category = 类别
ledger-credit_code_taken = 统一社会信用代码 { $value } 已登记在另一个集体经济组织名下。
ledger-year_invalid = 会计年度“{ $value }”无效。
ledger-book_exists = 该组织这一年度的账套已经建立。
ledger-book_closed = 该年度账套已经年结，不能再修改。
ledger-account_unknown = 会计科目“{ $value }”在本账套中不存在。
ledger-account_exists = 科目代码 { $value } 已经存在。
ledger-parent_has_balance = 该科目已有余额或发生额，不能再在其下增设明细科目。
ledger-template_account_fixed = 国家统一规定的一级科目不能停用或删除。
ledger-account_in_use = 该科目有余额或发生额，不能停用。
ledger-account_not_leaf = 科目“{ $value }”下设有明细科目，请记到最末级明细科目。
ledger-openings_fixed = 期初余额已通过试算平衡并锁定，不能再修改。
ledger-openings_unbalanced = 期初余额试算不平衡：借方合计 { $debit }，贷方合计 { $credit }。
ledger-account_inactive = 科目“{ $value }”已停用。
ledger-date_outside_year = 日期 { $value } 不在 { $year } 年度账套内。
ledger-period_closed = 会计期间 { $value } 已结账，不能再录入或记账。
ledger-too_many_vouchers = 本月凭证数量已达上限。
ledger-too_many_lines = 凭证分录行数过多。
ledger-period_change = 草稿凭证不能改到其他月份（原为 { $period }，现为 { $value }）；请在新月份另做凭证。
ledger-openings_unchecked = 期初余额尚未通过试算平衡，暂不能记账。
ledger-reverse_unposted = 只有已记账的凭证才需要红字冲销；草稿可直接修改。
ledger-already_reversed = 该凭证已经冲销过。
ledger-range_invalid = 期间范围 { $value } 无效：须在 { $year } 年度内，且起始不晚于截止。
ledger-period_has_unposted = 期间 { $value } 还有 { $count } 张凭证未记账，不能结账。
ledger-period_not_closed = 该期间尚未结账。
field-reason = 原因
field-opening = 期初余额
field-year = 年度
ledger-conversion_missing = 没有从 { $value } 的科目衔接规则，无法转入新年度账套。
ledger-book_not_closed = 本年度尚未年终结账，不能建立下一年度账套。
ledger-reviewer_is_preparer_row = 审核人“{ $value }”与制单人相同；凭证须由他人审核。
field-preparer = 制单人
field-reviewer = 审核人
ledger-layout_row_invalid = 报表格式文件第 { $row } 行“{ $field }”有误：{ $value }
ledger-voucher_number_taken = 凭证号 { $value } 已被使用。
ledger-voucher_number_invalid = 凭证号“{ $value }”无效，应为“记-0001”或数字。
import-missing_column = 文件缺少“{ $field }”列。
field-number = 凭证号
field-org = 组织
field-line_summary = 分录摘要
field-account_name = 科目名称
ledger-org_unknown = 找不到集体经济组织“{ $value }”（填写统一社会信用代码，或在导入时指定组织）。
ledger-book_missing = { $org } 还没有 { $value } 年度的账套，请先建账。
ledger-import-migrated = 迁移导入：原系统已记账的账簿（仅区级管理员）
ledger-import-migrated-hint = 勾选后，文件中的凭证按原系统已记账的凭证直接记账，标为“迁移”，审核人一栏不读取、不作为审核人；导入记入审计日志，附文件名和文件的 SHA-256 摘要。日常记账请勿勾选。
ledger-import-done-migrated = 已迁移导入 { $count } 张已记账凭证（标为迁移，审计日志记有文件摘要）。
ledger-dataset_not_empty = 数据库不是空的（已有 { $regions } 个区划、{ $orgs } 个组织、{ $books } 本账簿）：数据集只能导入空数据库，未写入任何内容。请换用新的数据目录或数据库。
field-database = 数据库
ledger-account-search = 输入科目代码或名称

# 集体经济账务：页面文字（错误信息和字段名称见 ledger.ftl）

nav-ledger = 集体经济账务

## 集体经济组织

ledger-orgs-title = 集体经济组织
ledger-orgs-count = 共 { $count } 个组织
ledger-org-new = 登记集体经济组织
ledger-org-create = 登记
ledger-org-region-hint = 可选择您管辖范围内的村（社区）或乡镇。
ledger-credit-code-hint = 18 位统一社会信用代码，农业农村部门赋码的集体经济组织以 N 开头；系统会核对最后一位校验码。

## 账套

ledger-books = 账套
ledger-books-none = 尚未建立账套。
ledger-book-year = { $year } 年度账套
ledger-book-open = 建账
ledger-book-open-hint = 会计制度按年度自动确定：2024 年起执行《农村集体经济组织会计制度》（财会〔2023〕14号），2023 年及以前执行《村集体经济组织会计制度》（财会〔2004〕12号）。建账后按国家统一会计科目生成一级科目，期初余额为零。接续上一年度的，请在上一年度账套页面年终结账后点击“建立下一年度账套”，期末余额自动结转为下年期初余额。
ledger-system-cs2004 = 村集体经济组织会计制度（财会〔2004〕12号）
ledger-system-cs2023 = 农村集体经济组织会计制度（财会〔2023〕14号）
ledger-year-open = 未年结
ledger-year-closed = 已年结

## 会计科目

ledger-chart = 会计科目表
ledger-col-code = 科目代码
ledger-category-asset = 资产类
ledger-category-liability = 负债类
ledger-category-equity = 所有者权益类
ledger-category-cost = 成本类
ledger-category-profit_loss = 损益类
ledger-side-debit = 借
ledger-side-credit = 贷
ledger-account-active = 使用中
ledger-account-inactive = 已停用
ledger-account-deactivate = 停用
ledger-account-reactivate = 启用
ledger-template-account = 国家统一科目
ledger-sub-new = 增设明细科目
ledger-sub-parent = 上级科目
ledger-sub-add = 增设
ledger-sub-code-hint = 明细科目代码为上级科目代码后加三位数字，如 501 下设 501001。已有余额或发生额的末级科目不能再增设明细科目。

## 期初余额

ledger-openings = 期初余额
ledger-openings-hint = 按末级科目的余额方向填写期初余额（单位：元）；余额与科目方向相反时填负数。保存后点击“试算平衡检查”，借贷平衡后期初余额即锁定，凭证方可记账。
ledger-openings-save = 保存期初余额
ledger-openings-check = 试算平衡检查
ledger-openings-checked = 已试算平衡
ledger-openings-pending = 未试算平衡
ledger-openings-locked = 期初余额已通过试算平衡检查并锁定。
ledger-openings-totals-debit = 借方合计
ledger-openings-totals-credit = 贷方合计

## 会计期间与结账

ledger-periods = 会计期间
ledger-period-open = 未结账
ledger-period-closed = 已结账
ledger-period-close = 结账
ledger-period-close-confirm = 确定要结账吗？结账后本月不能再录入凭证或记账，只有区级管理员可以反结账。
ledger-period-reopen = 反结账
ledger-period-reopen-reason = 反结账原因

## 操作结果

ledger-done-openings_saved = 期初余额已保存，请进行试算平衡检查。
ledger-done-openings_checked = 期初余额试算平衡，已锁定。
ledger-done-account_added = 明细科目已增设。
ledger-done-account_changed = 科目状态已更新。
ledger-done-period_closed = 结账完成。
ledger-done-period_reopened = 已反结账。

## 记账凭证

ledger-vouchers = 记账凭证
ledger-vouchers-count = 共 { $count } 张凭证
ledger-voucher-new = 填制凭证
ledger-voucher-edit = 修改凭证
ledger-voucher-title = 记账凭证 { $number }
ledger-voucher-entry-hint = 每行填写一个会计科目，借方金额和贷方金额只填其中一方；空行不保存。金额单位为元，最多两位小数，红字金额填负数。分录摘要不填时沿用凭证摘要。
ledger-lines-more = 增加分录行
ledger-filter-from = 起始期间
ledger-filter-to = 截止期间
ledger-col-total = 金额
ledger-col-poster = 记账
ledger-total = 合计
ledger-state-draft = 待审核
ledger-state-reviewed = 已审核
ledger-state-posted = 已记账
ledger-kind-normal = 记账凭证
ledger-kind-reversal = 红字冲销
ledger-kind-closing = 期末结转
ledger-review = 审核
ledger-post = 记账
ledger-reverse = 红字冲销
ledger-reverse-hint = 已记账的凭证不能修改或删除。如有错误，请填制红字冲销凭证：系统生成金额相反的凭证草稿，经审核、记账后冲销原凭证，再另行填制正确的凭证。
ledger-reverse-confirm = 确定要对这张凭证做红字冲销吗？
ledger-reverse-summary-hint = 不填则为“冲销 + 原凭证号”
ledger-reverses = 冲销的原凭证
ledger-reversed-by = 冲销凭证
ledger-review-own = 制单人不能审核自己填制的凭证，请由其他人员审核。
ledger-line-prefix = 第 { $line } 行：

## 科目余额表

ledger-trial-balance = 科目余额表
ledger-tb-show = 查询
ledger-tb-opening = 期初余额
ledger-tb-movement = 本期发生额
ledger-tb-closing = 期末余额
ledger-tb-debit = 借方
ledger-tb-credit = 贷方
ledger-tb-opening-debit = 期初借方余额
ledger-tb-opening-credit = 期初贷方余额
ledger-tb-debit-movement = 本期借方发生额
ledger-tb-credit-movement = 本期贷方发生额
ledger-tb-closing-debit = 期末借方余额
ledger-tb-closing-credit = 期末贷方余额
ledger-tb-balanced = 试算平衡
ledger-tb-unbalanced = 试算不平衡
ledger-tb-unit = 单位：元
ledger-tb-nonzero = 只显示有余额或发生额的科目

## 村档案页

ledger-profile-section = 集体经济账务
ledger-profile-none = 本村尚未登记集体经济组织。

## 页面和接口的错误信息

ledger-opening_amount_invalid = 科目“{ $account }”的期初余额“{ $value }”无效：应为数字，最多两位小数。
ledger-no_book = 该组织没有 { $year } 年度的账套，请先建账。
ledger-no_books = 该组织还没有建立账套。
field-state = 状态
field-from = 起始期间
field-to = 截止期间

## 年终结账

ledger-close-year = 年终结账
ledger-close-year-confirm = 确定要年终结账吗？系统将把各收入、支出科目余额结转到“本年收益”，再转入“收益分配”，并关闭本年度账套。本年度所有凭证须已记账。
ledger-next-year = 建立下一年度账套（结转期末余额）
ledger-next-book = 下一年度账套
ledger-done-year_closed = 年终结账完成，本年度账套已关闭。
ledger-balance-sheet = 资产负债表
ledger-income-statement = 收益及收益分配表
ledger-bs-year-start = 年初数
ledger-bs-period-end = { $period } 期末数
ledger-bs-balanced = 资产 = 负债 + 所有者权益
ledger-bs-unbalanced = 报表不平衡，请检查
ledger-is-amount = 本期金额
ledger-st-line = 行次
ledger-st-caption = 项目
ledger-classification = 村级集体经济分类
ledger-class-shell = 空壳村
ledger-class-weak = 薄弱村
ledger-class-ordinary = 一般村
ledger-class-strong = 强村
ledger-measure-gross = 口径：经营收入（总额）
ledger-measure-net = 口径：经营收益（净额）
ledger-cls-thresholds = 分界线（万元）：空壳村低于 / 薄弱村低于 / 强村不低于
ledger-cls-villages = 共 { $count } 个村（社区）
ledger-cls-by-village = 各村情况
ledger-cls-figure = 经营收入（元）
ledger-cls-class = 类别
ledger-cls-has-books = 已建账
ledger-cls-no-books = 未建账
ledger-cls-trend = 历年变化
ledger-cls-strong-share = 强村占比
ledger-cls-rules = 分类口径设置
ledger-cls-rules-hint = 每条规则自起始年度起生效，直到更晚的规则。口径“经营收入”为 2023 制度 501+502、2004 制度 501+511+561；“经营收益”再减去经营支出、税金及附加、管理费用。留空起始年度可删除该行。
ledger-cls-from-year = 起始年度
ledger-cls-measure = 口径
field-shell_below = 空壳村低于（元）
field-weak_below = 薄弱村低于（元）
field-strong_from = 强村不低于（元）
field-measure = 口径
ledger-thresholds_order = 分界线须满足：空壳村 ≤ 薄弱村 ≤ 强村。
ledger-rule_year_twice = 起始年度 { $value } 重复。
ledger-profile-income = 经营收入与分类
ledger-import-title = 导入记账凭证
ledger-import-text = 上传 .xlsx 或 .csv 文件，每行一条分录；同一日期、凭证号的连续行为一张凭证。导入的凭证是由您制单的草稿，须由他人审核、记账后才计入账簿（文件中的制单人、审核人两列不读取）；文件给出的凭证号保留，已被使用的凭证号会被拒绝，未填的按月续编。整个文件“全部成功或全部不写”：任何一行有错，什么都不导入，并指出出错的行和列。
ledger-import-template = 下载本账套已记账凭证（即导入模板格式）
ledger-import-done = 已导入 { $count } 张凭证，均为草稿，待他人审核、记账。
ledger-general-ledger = 总账
ledger-detail-ledger = 明细账
ledger-dl-balance = 余额
ledger-dl-opening = 期初余额
ledger-openings-import-title = 导入期初余额
ledger-openings-import-text = 上传 .xlsx 或 .csv 文件，每行一个最末级科目：科目代码、借方余额或贷方余额（元）。文件中没有的科目保持原值。整个文件“全部成功或全部不写”，出错时指出行和列。导入后请做试算平衡检查。
ledger-openings-import-template = 下载本账套科目表
ledger-openings-import-done = 已导入 { $count } 个科目的期初余额，请做试算平衡检查。
ledger-side-even = 平
# Trustworthy books (issue 11)
ledger-voucher_generated = 这张凭证由产业项目生成，不能在账簿中修改：请修改其来源记录，或做红字冲销后重新生成。
ledger-voucher_migrated = 这张凭证是迁移导入的已记账凭证，不能修改；如需更正，请做红字冲销。
ledger-period_already_closed = 该月份已经结账，无需再次结账。
ledger-origin = 来源
ledger-origin-entered = 账簿录入
ledger-origin-generated = 由产业项目生成
ledger-origin-migrated = 迁移导入的已记账凭证
ledger-origin-generated-hint = 由产业项目生成的凭证不能在此修改，请到来源记录中修改，或做红字冲销。
ledger-reviewer-migrated = 迁移导入
ledger-edit-hint = 修改草稿后，您将成为制单人，须由他人审核。
ledger-history = 修改记录
ledger-history-empty = 暂无记录。
ledger-history-at = 时间（北京时间）
ledger-history-who = 操作人
ledger-history-action = 操作
ledger-history-change = 内容
ledger-history-before = 修改前
ledger-history-after = 修改后
ledger-history-total = 金额 { $amount } 元
ledger-history-preparer = 制单人 { $name }
ledger-year-end-hint = 十二月结账后，即可进行年终结转；年终结转会结转损益并关闭全年账簿。
ledger-col-category = 科目类别
ledger-print-capitals = 金额大写
ledger-sign-supervisor = 主管
ledger-sign-poster = 记账
ledger-sign-cashier = 出纳
ledger-sign-reviewer = 审核
ledger-sign-preparer = 制单
ledger-bs-assets = 资产
ledger-bs-liabilities-equity = 负债和所有者权益
