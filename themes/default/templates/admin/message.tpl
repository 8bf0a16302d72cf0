{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>{{HEADING}}</h1>
  <p class="nr-message" role="status">{{MESSAGE}}</p>
  {{#SIGN_IN_LINK}}<p><a href="/admin/login">Sign in</a></p>{{/SIGN_IN_LINK}}
  {{#SIGNED_IN}}<p><a href="/admin/articles">Back to the articles</a></p>{{/SIGNED_IN}}
</main>
{{>ADMIN_FOOT}}
