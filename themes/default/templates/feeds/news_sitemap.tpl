{{%AUTOESCAPE context="XML"}}
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{{#ENTRY}}<url><loc>{{LOC}}</loc><news:news><news:publication><news:name>{{PUBLICATION}}</news:name><news:language>{{LANG}}</news:language></news:publication><news:publication_date>{{DATE}}</news:publication_date><news:title>{{TITLE}}</news:title></news:news></url>
{{/ENTRY}}</urlset>
