{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Request {{ID}}: {{KIND}}</h1>
  <p><a href="/admin/requests">All requests</a></p>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  <dl class="nr-details">
    <dt>State</dt><dd>{{STATE}}</dd>
    <dt>About</dt><dd>{{WHAT}}{{#HAS_ARTICLE}} (<a href="/admin/articles/{{ARTICLE_ID}}">article {{ARTICLE_ID}}</a>){{/HAS_ARTICLE}}</dd>
    <dt>From</dt><dd>{{NAME}} ({{EMAIL}}), {{ORGANISATION}} — {{CLIENT}}</dd>
    <dt>Received</dt><dd><time datetime="{{DATE_ISO}}">{{DATE}}</time></dd>
    <dt>Message</dt><dd class="nr-pre">{{DETAILS}}</dd>
    {{#HAS_DELIVERED}}<dt>Delivered report</dt><dd>{{DELIVERED}}</dd>{{/HAS_DELIVERED}}
  </dl>
  <form method="post" action="/admin/requests/{{ID}}" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><label for="request-note">Newsroom note (never shown to the reader)</label>
      <textarea id="request-note" name="note" rows="4" maxlength="{{MAX_NOTE}}">{{NOTE:pre_escape}}</textarea></p>
    {{#CHOOSE_ARTICLE}}<p><label for="request-delivered">Id of the delivered report (granted to the organisation when delivered)</label>
      <input id="request-delivered" name="delivered_article" inputmode="numeric" pattern="[0-9]*"></p>{{/CHOOSE_ARTICLE}}
    <p class="nr-buttons">
      <button type="submit" name="state" value="">Save the note</button>
      {{#MOVE}}<button type="submit" name="state" value="{{STATE}}">{{LABEL}}</button>{{/MOVE}}
    </p>
    {{#FINAL}}<p>This request is closed: its reader was told.</p>{{/FINAL}}
  </form>
</main>
{{>ADMIN_FOOT}}
