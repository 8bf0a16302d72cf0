{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main nr-narrow">
  <h1>Forgot your password?</h1>
  <p>Enter the address of your account: we will mail you a link to choose a new password.</p>
  <form method="post" action="/admin/forgot" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><label for="email">Email address</label>
      <input id="email" name="email" type="email" autocomplete="username" required></p>
    <p><button type="submit" class="primary">Send the link</button></p>
  </form>
  <p><a href="/admin/login">Back to sign in</a></p>
</main>
{{>ADMIN_FOOT}}
