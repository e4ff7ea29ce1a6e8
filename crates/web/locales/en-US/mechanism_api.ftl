# mechanism_api: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

mapi-action_invalid = The action “{ $value }” is invalid; use start, finish, close or send_back.
