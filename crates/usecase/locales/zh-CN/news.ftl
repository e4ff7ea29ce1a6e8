# news (zh-CN): owned by the news work of issue 15
audit-entity-news_item = 工作动态
audit-entity-news_image = 动态图片
audit-entity-feedback = 村民意见
