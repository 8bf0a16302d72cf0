{{%AUTOESCAPE context="HTML"}}
<section class="access-box" aria-labelledby="access-box-title">
  <h2 id="access-box-title">This article is for subscribers</h2>
  <p>Confirmed subscribers to our newsletter read it in full once they sign in.</p>
  {{#SIGN_IN}}<p>Already a subscriber? <a href="{{SIGN_IN_URL}}">Sign in to read it</a>: we mail you a link that signs you in.</p>{{/SIGN_IN}}
  <p>Not a subscriber yet? <a href="/subscribe">Subscribe to the newsletter</a>, confirm your address from the mail we send, then sign in.</p>
</section>
