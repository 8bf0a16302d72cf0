{{%AUTOESCAPE context="HTML"}}
<section class="access-box" aria-labelledby="access-box-title">
  <h2 id="access-box-title">This report is for clients</h2>
  {{#SIGN_IN}}<p>Members of a client organisation: <a href="{{SIGN_IN_URL}}">sign in to read it</a>.</p>{{/SIGN_IN}}
  {{#AS_CLIENT}}<p>{{CLIENT_NAME}} does not hold this report yet. Ask us for it:</p>{{/AS_CLIENT}}
  {{#AS_READER}}<p>Not a client yet? Ask us for access and we will be in touch.</p>{{/AS_READER}}
  <form class="access-form" method="post" action="/portal/requests">
    <input type="hidden" name="article" value="{{ARTICLE_ID}}">
    {{#SIGNED_IN}}<input type="hidden" name="_csrf" value="{{CSRF}}">{{/SIGNED_IN}}
    {{#ANONYMOUS}}<input type="hidden" name="token" value="{{TOKEN}}">
    <p class="comment-form__trap" aria-hidden="true"><label for="access-website">Leave this empty</label> <input id="access-website" name="website_confirm" tabindex="-1" autocomplete="off"></p>{{/ANONYMOUS}}
    {{#AS_READER}}<p><label for="access-name">Your name</label> <input id="access-name" name="name" required maxlength="{{MAX_NAME}}" autocomplete="name" value="{{NAME}}"></p>
    <p><label for="access-email">Email</label> <input id="access-email" name="email" type="email" required maxlength="254" autocomplete="email" value="{{EMAIL}}"></p>
    <p><label for="access-organisation">Organisation</label> <input id="access-organisation" name="organisation" required maxlength="{{MAX_ORGANISATION}}" autocomplete="organization" value="{{ORGANISATION}}"></p>{{/AS_READER}}
    <p><label for="access-message">Message (optional)</label> <textarea id="access-message" name="message" rows="4" maxlength="{{MAX_MESSAGE}}">{{MESSAGE:pre_escape}}</textarea></p>
    <p><button type="submit">Request access</button></p>
  </form>
</section>
