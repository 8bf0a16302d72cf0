{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main nr-narrow-wide">
  <h1>Settings</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <form method="post" action="/admin/settings" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><label for="title">Site title</label> <input id="title" name="title" required value="{{TITLE}}"></p>
    <p><label for="tagline">Tagline</label> <input id="tagline" name="tagline" value="{{TAGLINE}}"></p>
    <p><label for="about">About text (footer)</label> <textarea id="about" name="about" rows="4">{{ABOUT:pre_escape}}</textarea></p>
    <p><label for="contact_email">Contact email address</label> <input id="contact_email" name="contact_email" type="email" value="{{CONTACT_EMAIL}}"></p>
    <p><label for="copyright_start">Copyright since (year; empty = this year only)</label> <input id="copyright_start" name="copyright_start" inputmode="numeric" value="{{COPYRIGHT_START}}"></p>
    <p><label for="menu_links">Extra menu links, one per line: <code>Label | /path or https://…</code></label>
      <textarea id="menu_links" name="menu_links" rows="4">{{MENU_LINKS:pre_escape}}</textarea></p>
    <p><label for="social_links">Social links (footer), one per line: <code>Label | https://…</code></label>
      <textarea id="social_links" name="social_links" rows="4">{{SOCIAL_LINKS:pre_escape}}</textarea></p>
    <p><button type="submit" class="primary">Save settings</button></p>
  </form>
</main>
{{>ADMIN_FOOT}}
