{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main nr-narrow">
  <h1>Sign in to the newsroom</h1>
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  {{#HAS_ERROR}}<p class="nr-error" role="alert" id="login-error">{{ERROR}}</p>{{/HAS_ERROR}}
  <form method="post" action="/admin/login" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <p><label for="email">Email address</label>
      <input id="email" name="email" type="email" autocomplete="username" required value="{{EMAIL}}"></p>
    <p><label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required></p>
    <p><button type="submit" class="primary">Sign in</button></p>
  </form>
  <p><a href="/admin/forgot">Forgot your password?</a></p>
</main>
{{>ADMIN_FOOT}}
