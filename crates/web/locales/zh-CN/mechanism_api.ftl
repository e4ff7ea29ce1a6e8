# mechanism_api: strings of crates/web/src/mechanism (see mechanism.ftl for the store's errors)

mapi-action_invalid = 操作“{ $value }”无效，应为 start（开始办理）、finish（办结）、close（销号）或 send_back（退回）。
