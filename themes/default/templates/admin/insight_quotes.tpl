{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Quotations</h1>
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  {{#NO_ARTICLE}}<p>Open this page from an article ("Quotations" in the editor), or the article has not been analysed yet.</p>{{/NO_ARTICLE}}
  <ol class="nr-comments">
    {{#QUOTE}}<li class="nr-comment">
      <blockquote><p>{{TEXT}}</p></blockquote>
      <form method="post" action="/admin/quotes/{{ID}}" class="nr-inline"><input type="hidden" name="_csrf" value="{{CSRF}}"><input type="hidden" name="article" value="{{ARTICLE_ID}}">
        <label for="speaker-{{ID}}">Speaker (now {{SPEAKER_NAME}}; kind/slug, empty for nobody)</label> <input id="speaker-{{ID}}" name="speaker" value="{{SPEAKER}}">
        <label for="institution-{{ID}}">or an institution, by name</label> <input id="institution-{{ID}}" name="institution" maxlength="200" placeholder="Ruritanian authorities">
        <label for="country-{{ID}}">its country (two-letter code)</label> <input id="country-{{ID}}" name="country" maxlength="2" size="3">
        <button type="submit">Save the speaker</button></form>
    </li>{{/QUOTE}}
  </ol>
</main>
{{>ADMIN_FOOT}}
