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
audit-entity-region = Region
audit-entity-user = User
audit-entity-session = Sign-in session
audit-entity-api_token = API token
audit-action-create = Created
audit-action-update = Changed
audit-action-archive = Archived
audit-action-import = Imported
audit-action-login = Signed in
audit-action-logout = Signed out
audit-action-password_change = Password changed
audit-action-token_create = Token created
audit-action-token_revoke = Token revoked
