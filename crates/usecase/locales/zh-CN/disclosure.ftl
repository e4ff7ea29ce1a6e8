# disclosure (zh-CN): owned by the disclosure work of issue 15
audit-entity-disclosure_schedule = 公开时限
audit-entity-disclosure_item = 公开事项
audit-entity-disclosure_version = 公开版本
audit-entity-disclosure_checkpoint = 公开日志检查点
