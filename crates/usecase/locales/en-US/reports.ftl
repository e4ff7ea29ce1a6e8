# reports (issue 16)
reports-nav = Reports
reports-title = Report pack
reports-intro = The statistical returns of the collective economy and the programme's tables for a region and year, computed from the ledger, mechanism, people and industry records instead of being filled in by hand. The workbook has a sheet per table and a "sources" sheet saying which records and rule produced each table.
reports-region = Region
reports-show = Show
reports-pack-xlsx = Download the whole pack (.xlsx)
reports-year = Year { $year }
reports-file = report-pack
reports-table-t6 = Table 6: income distribution of village collective economic organisations
reports-table-t7 = Table 7: assets and liabilities of village collective economic organisations
reports-table-classification = Classification of villages by collective operating income
reports-table-training = Cadres (training coverage, first secretaries, reserve cadres)
reports-table-meetings = Working mechanism (meetings, problems)
reports-table-industry = Industry project results
reports-sheet-t6 = T6 income distribution
reports-sheet-t7 = T7 balance sheet
reports-sheet-classification = Classification
reports-sheet-training = Cadres
reports-sheet-meetings = Mechanism
reports-sheet-industry = Industry
reports-col-line = Line
reports-col-item = Item
reports-col-amount = This year (yuan)
reports-col-year-start = Start of year (yuan)
reports-col-year-end = End of year (yuan)
reports-col-region = Region code
reports-col-village = Village
reports-col-name = Region
reports-col-class = Class
reports-col-income-gross = Operating income (yuan)
reports-col-income-net = Net operating income (yuan)
reports-col-sheet = Sheet
reports-col-table = Table
reports-col-source = Source
reports-col-scope = Scope
reports-row-total = { $name } total
reports-t6-villages = Appended: villages
reports-t6-none = Villages without operating income
reports-t6-under-shell = Villages with operating income under { $shell } yuan
reports-t6-shell-to-weak = Villages with operating income of { $shell } to { $weak } yuan
reports-t6-from-weak = Villages with operating income of { $weak } yuan or more
reports-t6-strong = of which { $strong } yuan or more
reports-source-t6 = The year's books of the villages' collective economic organisations ({ $books } books, { $villages } villages): each book's income and distribution statement (from the period balances, year-end carry-over excluded), mapped line by line by the Table 6 layout of its chart of accounts, summed, and checked against the table's balance relations; the appended counts are the village classification's (measure: { $measure ->
    [net] net operating income
   *[gross] gross operating income
  }, the district's thresholds).
reports-source-t7 = The year's books of the villages' collective economic organisations ({ $books } books, { $villages } villages): each book's balance sheet at the start and end of the year (from the period balances), mapped line by line by the Table 7 layout of its chart of accounts, summed, and checked against the balance relations (assets = liabilities + owners' equity and the subtotals).
reports-source-classification = Village classification: each village's operating income of the year (measure: { $measure ->
    [net] net operating income
   *[gross] gross operating income
  }, from the books' period balances, year-end carry-over excluded) classed by the district's thresholds.
reports-source-training = Metrics catalogue: training coverage of village Party secretaries (attendance records out of secretaries in post), villages with a first secretary in post, reserve cadres, counted on 31 December (today in the current year).
reports-source-meetings = Metrics catalogue: meetings recorded, the compliance board's meeting-rule cells met out of due, problems finished on time out of due, problems past their deadline.
reports-source-industry = Metrics catalogue: industry projects' sales income (yuan), villagers employed, households earning wages, projects under way on schedule, from production and labour records and project milestones.
reports-layout_invalid = Row { $row } of the report layout file is wrong: { $value }
reports-relation_broken = A balance relation of the report does not hold: { $relation } ({ $left } ≠ { $right })
reports-table-facts = Programme facts (F1–F15)
reports-sheet-facts = Programme facts
reports-col-fact = Fact
reports-col-figure = Figure
reports-col-held-by = Held by (metric or records)
reports-source-facts = Each fact's figure is the figure of the metric that holds it (the metrics catalogue, for this region and year); a fact without a figure names the module whose records hold it. F14's strong villages are the classification's, out of all villages.
reports-fact-f1 = F1 Lingzhi greenhouse project (after an earlier shiitake project failed)
reports-fact-f1-where = Industry: project history
reports-fact-f2 = F2 First season's sales income of the industry projects
reports-fact-f3 = F3 Villagers employed near home by the projects
reports-fact-f4 = F4 Products: lingzhi fruiting bodies and spore powder
reports-fact-f4-where = Industry: harvest logs
reports-fact-f5 = F5 Leading group for rural revitalisation and the year's implementation plan
reports-fact-f5-where = Mechanism: plans and targets
reports-fact-f6 = F6 Standing committee members guide key villages: monthly work meetings, quarterly liaison meetings
reports-fact-f7 = F7 Results as a basis for evaluating leadership teams and selecting cadres
reports-fact-f7-where = Assessment: schemes and results
reports-fact-f8 = F8 Red-collar service stations built
reports-fact-f8-where = Regions: stations
reports-fact-f9 = F9 First secretaries and all village Party secretaries trained ("head goose" project)
reports-fact-f10 = F10 Reserve village cadres recruited by public exam; villagers recruited into public institutions
reports-fact-f11 = F11 Reserve talent pool, local talent, graduates returning to start businesses
reports-fact-f11-where = People: talent pool
reports-fact-f12 = F12 Village cadres' pay linked to the growth of the collective economy
reports-fact-f12-where = Assessment: pay linkage rules
reports-fact-f13 = F13 Supported villages plan projects; use of funds regulated
reports-fact-f14 = F14 Villages with collective operating income of 500,000 yuan or more
reports-fact-f15 = F15 More transparent management; villagers have more say
