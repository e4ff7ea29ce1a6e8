# reports (issue 16)
reports-nav = 报表
reports-title = 一键报表
reports-intro = 按地区和年度，从账务、机制、队伍、产业记录直接生成农经统计报表和工作统计表，不再手工填报。下载的工作簿每表一页，另有"来源"页说明每张表由哪些记录、按什么规则生成。
reports-region = 地区
reports-show = 查看
reports-pack-xlsx = 下载全套报表（.xlsx）
reports-year = { $year } 年度
reports-file = 一键报表
reports-table-t6 = 表六 村集体经济组织收益分配统计表
reports-table-t7 = 表七 村集体经济组织资产负债统计表
reports-table-classification = 村级集体经济分类统计表
reports-table-training = 队伍建设统计表（培训覆盖、第一书记、后备干部）
reports-table-meetings = 工作机制统计表（会议、问题整改）
reports-table-industry = 产业项目成效统计表
reports-sheet-t6 = 表六 收益分配
reports-sheet-t7 = 表七 资产负债
reports-sheet-classification = 村级分类
reports-sheet-training = 队伍建设
reports-sheet-meetings = 工作机制
reports-sheet-industry = 产业成效
reports-col-line = 行次
reports-col-item = 项目
reports-col-amount = 本年数（元）
reports-col-year-start = 年初数（元）
reports-col-year-end = 年末数（元）
reports-col-region = 区划代码
reports-col-village = 村
reports-col-name = 地区
reports-col-class = 类别
reports-col-income-gross = 经营收入（元）
reports-col-income-net = 经营收益（元）
reports-col-sheet = 工作表
reports-col-table = 报表
reports-col-source = 来源
reports-col-scope = 范围
reports-row-total = { $name } 合计
reports-t6-villages = 附：村数（个）
reports-t6-none = 当年无经营收入的村（个）
reports-t6-under-shell = 经营收入 { $shell } 元以下的村（个）
reports-t6-shell-to-weak = 经营收入 { $shell }～{ $weak } 元的村（个）
reports-t6-from-weak = 经营收入 { $weak } 元以上的村（个）
reports-t6-strong = 其中 { $strong } 元以上的村（个）
reports-source-t6 = 各村集体经济组织本年账簿（{ $books } 本，{ $villages } 个村）的收益及收益分配表（由期间余额计算，不含年终结转），按所用会计制度的表六格式文件逐行汇总，并核对表内平衡关系；附报村数按村级分类的经营收入口径（{ $measure ->
    [net] 经营收益
   *[gross] 经营收入
  }）和分类标准计数。
reports-source-t7 = 各村集体经济组织本年账簿（{ $books } 本，{ $villages } 个村）的资产负债表（年初数、年末数，由期间余额计算），按所用会计制度的表七格式文件逐行汇总，并核对资产 = 负债 + 所有者权益等平衡关系。
reports-source-classification = 村级集体经济分类：各村本年经营收入（口径：{ $measure ->
    [net] 经营收益
   *[gross] 经营收入
  }，由账簿期间余额计算，不含年终结转）按区设定的分类标准归类。
reports-source-training = 指标目录：头雁培训覆盖（培训出勤记录 / 在任村党组织书记）、第一书记在岗村数、后备干部人数，按年末（当年为今天）计。
reports-source-meetings = 指标目录：会议记录次数、督查看板会议规则达标格数 / 应达标格数、问题按期整改数 / 到期数、逾期未整改问题数。
reports-source-industry = 指标目录：产业项目销售收入（元）、务工村民人数、务工农户数、按计划推进的实施项目数，来自产业生产记录、用工记录和项目里程碑。
reports-layout_invalid = 报表格式文件第 { $row } 行有误：{ $value }
reports-relation_broken = 报表平衡关系不成立：{ $relation }（{ $left } ≠ { $right }）
reports-table-facts = 工作成效事实表（F1–F15）
reports-sheet-facts = 工作成效
reports-col-fact = 编号
reports-col-figure = 数值
reports-col-held-by = 来源指标或记录
reports-source-facts = 每条事实的数值取自保存它的指标（指标目录，本地区本年度）；没有数值的事实列出保存它的记录所在模块。F14 的强村数按村级分类计算，占比以全部村数为分母。
reports-fact-f1 = F1 灵芝大棚产业项目（前期香菇项目失败后引进）
reports-fact-f1-where = 产业振兴：项目历史
reports-fact-f2 = F2 首季产业项目销售收入
reports-fact-f3 = F3 项目带动村民家门口务工
reports-fact-f4 = F4 产品：灵芝子实体和孢子粉
reports-fact-f4-where = 产业振兴：采收记录
reports-fact-f5 = F5 乡村振兴领导小组和年度实施方案
reports-fact-f5-where = 工作机制：实施方案和目标
reports-fact-f6 = F6 区委常委联系重点村，每月推进会、每季联席会
reports-fact-f7 = F7 党建引领乡村振兴成效作为考核班子、选拔干部的重要依据
reports-fact-f7-where = 考核：考核方案和结果
reports-fact-f8 = F8 红领工作站建设
reports-fact-f8-where = 地区：工作站
reports-fact-f9 = F9 第一书记专题培训，村党组织书记全员培训（"头雁"工程）
reports-fact-f10 = F10 公开招录村级后备干部，从村（社区）招聘事业单位人员
reports-fact-f11 = F11 后备人才库、本土人才、大学生返乡创业
reports-fact-f11-where = 队伍建设：人才库
reports-fact-f12 = F12 村干部报酬与集体经济增长挂钩
reports-fact-f12-where = 考核：报酬挂钩规则
reports-fact-f13 = F13 扶持村制定项目规划，资金使用规范
reports-fact-f14 = F14 集体经营收入 50 万元以上的村
reports-fact-f15 = F15 管理透明度提高，村民更有发言权
