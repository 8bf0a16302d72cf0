{{%AUTOESCAPE context="XML"}}
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{SITE_TITLE}}</title>
<link>{{SITE_URL}}/</link>
<description>{{SITE_TAGLINE}}</description>
<language>{{LANG}}</language>
<atom:link href="{{SITE_URL}}/feed.xml" rel="self" type="application/rss+xml"/>
{{#HAS_ITEMS}}<lastBuildDate>{{LAST_BUILD}}</lastBuildDate>{{/HAS_ITEMS}}
{{#ITEM}}<item>
<title>{{TITLE}}</title>
<link>{{URL}}</link>
<guid isPermaLink="true">{{URL}}</guid>
<pubDate>{{PUB_DATE}}</pubDate>
<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">{{AUTHOR_NAME}}</dc:creator>
{{#HAS_CATEGORY}}<category>{{CATEGORY_NAME}}</category>{{/HAS_CATEGORY}}
<description>{{DEK}}</description>
</item>
{{/ITEM}}
</channel>
</rss>
