# 产业成效：村概况与考核指标（industry results on the village profile, plan metrics）。
ir-section = Industry revitalisation
ir-none = No industry projects in this region.
ir-income_posted = Sales posted in the books (yuan)
ir-total = Total
ir-hint = Gross income counts every recorded sale; sales posted in the books are those whose voucher has been reviewed and posted (not reversed): the difference is sale vouchers still awaiting review and posting. In the total, a person or household working in several projects counts once; yield per m² and per greenhouse is over all production units.
ir-breakdown = By unit and batch
ir-breakdown-of = Unit / batch
field-household_name = Household
field-pay_date = Payment date
unit-kg = kg
unit-g = g
unit-jin = jin
