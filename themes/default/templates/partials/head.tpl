{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="{{LANG}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{PAGE_TITLE}}</title>
<meta name="description" content="{{META_DESCRIPTION}}">
<link rel="canonical" href="{{CANONICAL_URL}}">
<link rel="stylesheet" href="{{STYLE_URL}}">
<link rel="icon" href="{{ICON_URL}}" type="image/svg+xml">
<link rel="alternate" type="application/rss+xml" title="{{SITE_TITLE}} (RSS)" href="/feed.xml">
{{#ROBOTS_NOINDEX}}<meta name="robots" content="noindex">{{/ROBOTS_NOINDEX}}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header" id="top">
  <div class="wrap site-header__inner">
    <p class="site-title"><a href="/">{{SITE_TITLE}}</a></p>
    <p class="site-tagline">{{SITE_TAGLINE}}</p>
  </div>
  <nav class="site-nav" aria-label="Sections">
    <ul class="wrap">
      {{#NAV_ITEM}}<li class="{{NAV_CLASS}}"><a href="{{NAV_URL}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_NAME}}</a></li>
      {{/NAV_ITEM}}
    </ul>
  </nav>
</header>
