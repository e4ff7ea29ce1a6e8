# portal (zh-CN): owned by the portal work of issue 15
