{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>Sign in to your reports</h1>
  <p>Members of our client organisations and confirmed newsletter subscribers: enter your email address and we will mail you a link that signs you in. Members who chose a password may enter it instead.</p>
  {{#HAS_ERROR}}<p class="form-error" role="alert" id="sign-in-error">{{ERROR}}</p>{{/HAS_ERROR}}
  <form class="portal-sign-in" method="post" action="/portal/sign-in">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <p><label for="portal-email">Email address</label>
      <input id="portal-email" name="email" type="email" autocomplete="username" required maxlength="254" value="{{EMAIL}}"></p>
    <p><label for="portal-password">Password <span class="muted">(optional)</span></label>
      <input id="portal-password" name="password" type="password" autocomplete="current-password" maxlength="1024"></p>
    <p><button type="submit">Sign in</button></p>
  </form>
</main>
{{>FOOT}}
