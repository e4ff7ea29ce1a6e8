# The metrics catalogue (domain::metrics): each metric's label and unit.
metric-strong_villages = Strong villages (collective economy)
metric-strong_villages-unit = villages
metric-meetings_held = Meetings held
metric-meetings_held-unit = times
metric-problems_closed_on_time = Problems closed on time
metric-problems_closed_on_time-unit = items
metric-training_coverage = Village Party secretaries trained
metric-training_coverage-unit = people
metric-industry_gross_income = Industry project sales income
metric-industry_gross_income-unit = yuan
metric-industry_workers = Villagers employed by industry projects
metric-industry_workers-unit = people
metric-industry_households = Households earning wages from industry projects
metric-industry_households-unit = households
