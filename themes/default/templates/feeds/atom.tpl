{{%AUTOESCAPE context="XML"}}
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{LANG}}">
<id>{{SELF_URL}}</id>
<title>{{TITLE}}</title>
<subtitle>{{DESCRIPTION}}</subtitle>
<updated>{{UPDATED}}</updated>
<link rel="alternate" type="text/html" href="{{LINK}}"/>
<link rel="self" type="application/atom+xml" href="{{SELF_URL}}"/>
<generator>Dossier</generator>
{{#ENTRY}}<entry>
<id>{{URL}}</id>
<title>{{TITLE}}</title>
<link rel="alternate" type="text/html" href="{{URL}}"/>
<published>{{PUBLISHED}}</published>
<updated>{{UPDATED}}</updated>
<author><name>{{AUTHOR_NAME}}</name><uri>{{AUTHOR_URL}}</uri></author>
{{#CATEGORY}}<category term="{{TERM}}" label="{{NAME}}" scheme="{{SCHEME}}"/>
{{/CATEGORY}}{{#HAS_SUMMARY}}<summary>{{SUMMARY}}</summary>
{{/HAS_SUMMARY}}{{#HAS_CONTENT}}<content type="html">{{CONTENT_HTML}}</content>
{{/HAS_CONTENT}}{{#ENCLOSURE}}<link rel="enclosure" href="{{URL}}" length="{{LENGTH}}" type="{{TYPE}}"/>
{{/ENCLOSURE}}</entry>
{{/ENTRY}}</feed>
