# 账号、登录提示、用户管理和角色

## 我的账号

account-password = 修改密码
account-current-password = 当前密码
account-new-password = 新密码
account-confirm-password = 确认新密码
account-password-rules = 密码至少 10 位，须同时包含字母和数字，不能包含用户名，不能是常见密码，也不能过于容易被猜到（如键盘顺序、重复字符、日期、常见单词或姓名）。建议用几个不相关的词语加数字和符号。
account-password-ends-sessions = 修改密码后，您在其他设备上的登录会全部退出，所有接口令牌和日历订阅令牌都会被撤销；本次登录保持有效。
account-tokens = 接口访问令牌
account-tokens-hint = 其他系统可以凭令牌通过接口读写数据，权限与您的账号相同。请妥善保管，不再使用时请及时撤销。
account-token-name = 令牌名称
account-token-create = 生成令牌
account-token-once = 令牌已生成，只显示这一次，请立即复制并妥善保存。
account-token-active = 有效
account-token-revoked = 已撤销
account-token-revoke = 撤销
account-token-revoke-confirm = 确定要撤销这个令牌吗？撤销后，使用它的程序将无法再访问系统。
account-token-scope = 用途
account-token-scope-full = 接口读写
account-token-scope-calendar = 仅日历订阅

## 登录与密码提示

auth-bad-credentials = 用户名或密码不正确。
auth-throttled = 登录失败次数过多，请 { $minutes } 分钟后再试。
auth-bad-current-password = 当前密码不正确。
auth-password-mismatch = 两次输入的新密码不一致。
auth-password-changed = 密码已修改。
auth-token-revoked = 令牌已撤销。

## 密码规则提示（错误代码）

identity-password_common = 这是一个常见密码，很容易被猜到，请换一个。
identity-password_too_weak = 密码太容易被猜到{ $reason ->
    [keyboard] ：键盘上连续的按键排列很容易被猜到。
    [repeat] ：重复的字符或片段（如“aaa”“abcabc”）很容易被猜到。
    [sequence] ：连续的字母或数字（如“abc”“6543”）很容易被猜到。
    [date] ：年份和日期很容易被猜到。
    [word] ：单独一个常用单词很容易被猜到。
    [name] ：常见的姓名很容易被猜到。
    [similar] ：与常见密码相似，把字母换成相近的数字或符号（如 a→@、o→0）帮助不大。
   *[other] 。
}请用几个不相关的词语加数字和符号，组成更长的密码。

## 用户管理

users-new = 新建用户
users-edit = 编辑用户
users-active = 启用
users-inactive = 停用
users-reset-password = 重置密码（不修改请留空）
users-username-hint = 3–32 位，由小写字母、数字和 . _ - 组成，须以字母开头；创建后不能修改。
users-role-level-hint = 区级管理员和区级领导配属到区，乡镇干部配属到乡镇，村干部/报账员和第一书记配属到村（社区）。

## 角色

role-district_admin = 区级管理员
role-district_leader = 区级领导
role-town_officer = 乡镇干部
role-village_cadre = 村干部/报账员
role-first_secretary = 第一书记
