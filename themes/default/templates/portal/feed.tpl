{{%AUTOESCAPE context="XML"}}
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>{{SELF_URL}}</id>
<title>{{TITLE}}</title>
<updated>{{UPDATED}}</updated>
<link rel="alternate" type="text/html" href="{{LINK}}"/>
<link rel="self" type="application/atom+xml" href="{{SELF_URL}}"/>
<generator>Dossier</generator>
{{#ENTRY}}<entry>
<id>{{URL}}</id>
<title>{{TITLE}}</title>
<link rel="alternate" type="text/html" href="{{URL}}"/>
<published>{{PUBLISHED}}</published>
<updated>{{PUBLISHED}}</updated>
<author><name>{{AUTHOR_NAME}}</name></author>
{{#HAS_SUMMARY}}<summary>{{SUMMARY}}</summary>
{{/HAS_SUMMARY}}</entry>
{{/ENTRY}}</feed>
