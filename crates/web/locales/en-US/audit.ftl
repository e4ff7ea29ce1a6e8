# Audit log

audit-col-at = Time
audit-col-actor = User
audit-col-entity = Record type
audit-col-entity_id = Record ID
audit-col-region_code = Region code
audit-col-action = Action
audit-col-before = Before
audit-col-after = After
audit-from = From
audit-to = To
audit-total = Entries: { $count }
