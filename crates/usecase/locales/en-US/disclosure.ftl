# disclosure (en-US): owned by the disclosure work of issue 15
audit-entity-disclosure_schedule = Disclosure schedule
audit-entity-disclosure_item = Disclosure item
audit-entity-disclosure_version = Disclosure version
audit-entity-disclosure_checkpoint = Disclosure log checkpoint
