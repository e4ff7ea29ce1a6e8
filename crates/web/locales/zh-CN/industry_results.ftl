# 产业成效：村概况与考核指标（industry results on the village profile, plan metrics）。
ir-section = 产业振兴
ir-none = 本区域暂无产业项目。
ir-income_posted = 已入账销售收入（元）
ir-total = 合计
ir-hint = 销售收入按登记的全部销售计算，已入账销售收入为凭证已审核记账（未冲销）的部分，两者之差是尚待审核记账的销售凭证。合计中同一人、同一户在多个项目务工只计一次；每平方米、每棚产量按全部生产单元计算。
ir-breakdown = 按生产单元和批次
ir-breakdown-of = 生产单元 / 批次
field-household_name = 户名
field-pay_date = 支付日期
unit-kg = 公斤
unit-g = 克
unit-jin = 斤
