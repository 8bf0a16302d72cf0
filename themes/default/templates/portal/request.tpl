{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>Request access</h1>
  <p>To <a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a></p>
  {{#HAS_ERROR}}<p class="form-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{>ACCESS_BOX}}
</main>
{{>FOOT}}
