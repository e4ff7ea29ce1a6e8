# 账号、登录提示、用户管理和角色

## 我的账号

account-password = 修改密码
account-current-password = 当前密码
account-new-password = 新密码
account-confirm-password = 确认新密码
account-password-rules = 密码至少 10 位，须同时包含字母和数字，且不能包含用户名。
account-tokens = 接口访问令牌
account-tokens-hint = 其他系统可以凭令牌通过接口读写数据，权限与您的账号相同。请妥善保管，不再使用时请及时撤销。
account-token-name = 令牌名称
account-token-create = 生成令牌
account-token-once = 令牌已生成，只显示这一次，请立即复制并妥善保存。
account-token-active = 有效
account-token-revoked = 已撤销
account-token-revoke = 撤销
account-token-revoke-confirm = 确定要撤销这个令牌吗？撤销后，使用它的程序将无法再访问系统。

## 登录与密码提示

auth-bad-credentials = 用户名或密码不正确。
auth-throttled = 登录失败次数过多，请 { $minutes } 分钟后再试。
auth-bad-current-password = 当前密码不正确。
auth-password-mismatch = 两次输入的新密码不一致。
auth-password-changed = 密码已修改。
auth-token-revoked = 令牌已撤销。

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
