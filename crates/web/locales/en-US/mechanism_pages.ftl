# mechanism_pages: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)
