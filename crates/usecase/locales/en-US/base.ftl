# base: strings of crates/web/src/base, the ground floor every module shares

param-invalid = The query parameter “{ $param }” has an invalid value “{ $value }”; expected: { $expected }.
param-region_invalid = The query parameter “{ $param }” holds “{ $value }”, which is not a region code; use the 12-digit statistical code, e.g. 340803100201.
param-month_required = The query parameter “{ $param }” is missing; it should be a month as YYYY-MM, e.g. 2024-05.
param-month_invalid = The query parameter “{ $param }” has the value “{ $value }”, which is not a month; use YYYY-MM, e.g. 2024-05.
param-year_invalid = “{ $value }” is not a fiscal year.

json-syntax = The request body is not valid JSON: { $value }
json-invalid = The request body does not hold what this call expects: { $value }
json-content_type = Send the request body as JSON (Content-Type: application/json).
json-unreadable = The request body could not be read.
