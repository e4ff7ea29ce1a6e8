# 产业振兴导入导出（harvest, sale and labour log imports; exports）。
