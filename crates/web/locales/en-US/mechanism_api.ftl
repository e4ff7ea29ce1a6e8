# mechanism_api: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

mapi-param_invalid = The query parameter “{ $param }” has an invalid value “{ $value }”; expected: { $expected }.
mapi-month_required = The query parameter “{ $param }” is missing; it should be a month as YYYY-MM, e.g. 2024-05.
mapi-month_invalid = The query parameter “{ $param }” has the value “{ $value }”, which is not a month; use YYYY-MM, e.g. 2024-05.
mapi-action_invalid = The action “{ $value }” is invalid; use start, finish, close or send_back.
mapi-region_param_invalid = The query parameter “{ $param }” holds “{ $value }”, which is not a region code; use the 12-digit statistical code, e.g. 340803100201.
