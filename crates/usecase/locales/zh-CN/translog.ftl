# translog (zh-CN): owned by the translog work of issue 15
