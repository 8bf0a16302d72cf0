{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main nr-narrow">
  <h1>Choose your password</h1>
  <p>For {{NAME}} ({{EMAIL}}). At least {{MIN_LENGTH}} characters; a few unrelated words make a good one.</p>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  <form method="post" class="nr-form">
    <input type="text" name="username" autocomplete="username" value="{{EMAIL}}" hidden>
    <p><label for="password">New password</label>
      <input id="password" name="password" type="password" autocomplete="new-password" minlength="{{MIN_LENGTH}}" required></p>
    <p><label for="confirm">The same again</label>
      <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="{{MIN_LENGTH}}" required></p>
    <p><button type="submit" class="primary">Set the password</button></p>
  </form>
</main>
{{>ADMIN_FOOT}}
