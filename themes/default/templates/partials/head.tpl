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
<script src="{{SEARCH_JS_URL}}" defer></script>
<link rel="alternate" type="application/rss+xml" title="{{SITE_TITLE}} (RSS)" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="{{SITE_TITLE}} (Atom)" href="/atom.xml">
{{#PAGE_FEED}}<link rel="alternate" type="application/rss+xml" title="{{PAGE_FEED_TITLE}}" href="{{PAGE_FEED_URL}}">
{{/PAGE_FEED}}<meta property="og:site_name" content="{{SITE_TITLE}}">
<meta property="og:type" content="{{OG_TYPE}}">
<meta property="og:title" content="{{OG_TITLE}}">
<meta property="og:description" content="{{META_DESCRIPTION}}">
<meta property="og:url" content="{{CANONICAL_URL}}">
<meta property="og:locale" content="{{LANG}}">
{{#OG_IMAGE}}<meta property="og:image" content="{{OG_IMAGE_URL}}">
<meta property="og:image:alt" content="{{OG_IMAGE_ALT}}">
<meta name="twitter:image" content="{{OG_IMAGE_URL}}">
<meta name="twitter:image:alt" content="{{OG_IMAGE_ALT}}">
{{/OG_IMAGE}}{{#OG_ARTICLE}}<meta property="article:published_time" content="{{PUBLISHED_ISO}}">
<meta property="article:modified_time" content="{{MODIFIED_ISO}}">
{{#HAS_SECTION}}<meta property="article:section" content="{{SECTION}}">
{{/HAS_SECTION}}{{/OG_ARTICLE}}<meta name="twitter:card" content="{{TWITTER_CARD}}">
<meta name="twitter:title" content="{{OG_TITLE}}">
<meta name="twitter:description" content="{{META_DESCRIPTION}}">
{{#JSON_LD}}<script type="application/ld+json">{{JSON_LD_TEXT:none}}</script>
{{/JSON_LD}}{{#ROBOTS_NOINDEX}}<meta name="robots" content="noindex">{{/ROBOTS_NOINDEX}}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header" id="top">
  <div class="wrap site-header__inner">
    <p class="site-title"><a href="/">{{SITE_TITLE}}</a></p>
    <p class="site-tagline">{{SITE_TAGLINE}}</p>
    <form class="site-search" role="search" action="/search" method="get">
      <label class="visually-hidden" for="site-search-q">Search the site</label>
      <input id="site-search-q" class="site-search__input" type="search" name="q" placeholder="Search" maxlength="512" autocomplete="off" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="site-search-list">
      <button type="submit" class="site-search__button">Search</button>
      <ul id="site-search-list" class="site-search__list" role="listbox" aria-label="Matching articles" hidden></ul>
    </form>
  </div>
  <nav class="site-nav" aria-label="Sections">
    <ul class="wrap">
      {{#NAV_ITEM}}<li class="{{NAV_CLASS}}"><a href="{{NAV_URL}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_NAME}}</a></li>
      {{/NAV_ITEM}}{{#MENU_LINK}}<li class="nav-top"><a href="{{LINK_URL}}">{{LINK_LABEL}}</a></li>
      {{/MENU_LINK}}
    </ul>
  </nav>
</header>
