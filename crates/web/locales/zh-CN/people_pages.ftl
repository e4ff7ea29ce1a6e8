# people_pages: strings of crates/web/src/people (see people.ftl for the store's errors)
