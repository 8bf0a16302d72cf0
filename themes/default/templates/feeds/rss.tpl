{{%AUTOESCAPE context="XML"}}
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>{{TITLE}}</title>
<link>{{LINK}}</link>
<description>{{DESCRIPTION}}</description>
<language>{{LANG}}</language>
<lastBuildDate>{{UPDATED}}</lastBuildDate>
<atom:link href="{{SELF_URL}}" rel="self" type="application/rss+xml"/>
{{#ITEM}}<item>
<title>{{TITLE}}</title>
<link>{{URL}}</link>
<guid isPermaLink="true">{{URL}}</guid>
<pubDate>{{PUB_DATE}}</pubDate>
<dc:creator>{{AUTHOR_NAME}}</dc:creator>
{{#CATEGORY}}<category domain="{{SCHEME}}">{{NAME}}</category>
{{/CATEGORY}}{{#HAS_DESCRIPTION}}<description>{{DESCRIPTION}}</description>
{{/HAS_DESCRIPTION}}{{#HAS_CONTENT}}<content:encoded>{{CONTENT_HTML}}</content:encoded>
{{/HAS_CONTENT}}{{#ENCLOSURE}}<enclosure url="{{URL}}" length="{{LENGTH}}" type="{{TYPE}}"/>
{{/ENCLOSURE}}</item>
{{/ITEM}}</channel>
</rss>
