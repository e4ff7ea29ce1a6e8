# 产业成效：村概况与考核指标（industry results on the village profile, plan metrics）。
