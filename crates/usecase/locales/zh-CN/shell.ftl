# 外壳：应用名称、导航、语言、演示提示、页脚、首页、通用按钮、错误页标题、登录

app-name = 振兴
app-tagline = 党建引领乡村振兴

nav-label = 主导航
nav-home = 首页
nav-regions = 行政区划
nav-users = 用户管理
nav-mechanism = 工作机制
nav-people = 队伍建设
nav-industry = 产业振兴
nav-audit = 操作日志
nav-account = 我的账号
nav-logout = 退出

lang-label = 界面语言

demo-banner = 示例数据 · 本页所有村名和数字（保婴村除外）均为演示用示例

footer-text = 开源软件 · 数据一次录入，报表自动生成

home-welcome = { $name }，您好！
home-scope = 管辖范围：
home-regions = 管辖区划
home-users = 用户
home-modules = 功能模块
home-modules-text = 平台正在分步建设：行政区划、用户和操作日志、集体经济账务、工作机制、队伍建设和产业项目已经上线，考核评价、村务公开和全区数据看板等模块将陆续开放。数据在哪里产生就在哪里录入，只录一次，全区报表由此自动汇总，不再重复填表。

common-save = 保存
common-saved = 已保存
common-saved-view = 查看
common-cancel = 取消
common-edit = 编辑
common-filter = 筛选
common-import = 导入
common-export-csv = 导出 CSV
common-export-xlsx = 导出 Excel
common-print = 打印
common-prev = 上一页
common-next = 下一页
common-all = 全部
common-none = 暂无数据
common-status = 状态
common-created = 创建时间
common-updated = 更新时间
common-yes = 是
common-no = 否

error-not-found-title = 页面不存在
error-forbidden-title = 无权访问
error-unauthorized-title = 请先登录
error-internal-title = 系统出错了
error-bad-request-title = 请求无法处理
error-back-home = 返回首页

login-title = 登录
login-submit = 登录
login-demo-hint = 演示账号：admin（区级管理员）、leader（区级领导）、haikou（乡镇干部）、baoying（村报账员）、shuji（第一书记），密码均为 Zhenxing2026!
home-ledger = 集体经济组织
