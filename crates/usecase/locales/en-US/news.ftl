# news (en-US): owned by the news work of issue 15
audit-entity-news_item = News item
audit-entity-news_image = News image
audit-entity-feedback = Villagers' feedback
