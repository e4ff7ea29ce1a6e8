# people_api: strings of crates/web/src/people (see people.ftl for the store's errors)

papi-row = 第 { $row } 行：{ $reason }
