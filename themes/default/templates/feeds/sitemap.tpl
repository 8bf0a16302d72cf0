{{%AUTOESCAPE context="XML"}}
<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{{#ENTRY}}<url><loc>{{LOC}}</loc>{{#HAS_LASTMOD}}<lastmod>{{LASTMOD}}</lastmod>{{/HAS_LASTMOD}}</url>
{{/ENTRY}}</urlset>
