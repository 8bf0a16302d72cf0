{{%AUTOESCAPE context="HTML"}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{PAGE_TITLE}}</title>
<link rel="stylesheet" href="{{ADMIN_CSS_URL}}">
<link rel="icon" href="{{ICON_URL}}" type="image/svg+xml">
<script src="{{ADMIN_JS_URL}}" defer></script>
</head>
<body class="newsroom">
<a class="skip-link" href="#main">Skip to content</a>
<header class="nr-header">
  <p class="nr-brand"><a href="/admin">{{SITE_TITLE}}</a> <span>Newsroom</span></p>
  {{#SIGNED_IN}}
  <nav class="nr-nav" aria-label="Newsroom">
    <ul>
      {{#NAV}}<li><a href="{{NAV_PATH}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_LABEL}}</a></li>{{/NAV}}
      <li><a href="/">View site</a></li>
    </ul>
  </nav>
  <div class="nr-user">
    <span>{{USER_NAME}} ({{USER_ROLE}})</span>
    <form method="post" action="/admin/logout">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <button type="submit" class="link-button">Sign out</button>
    </form>
  </div>
  {{/SIGNED_IN}}
</header>
