# people_talent: strings of crates/web/src/people (see people.ftl for the store's errors)
