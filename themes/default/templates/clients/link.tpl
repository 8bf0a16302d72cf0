{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>Sign in</h1>
  {{#MEMBER}}<p>Sign in to the reports of {{CLIENT_NAME}} as {{EMAIL}}?</p>{{/MEMBER}}
  {{#SUBSCRIBER}}<p>Sign in as the newsletter subscriber {{EMAIL}}, to read the articles for subscribers?</p>{{/SUBSCRIBER}}
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <p><button type="submit">Sign in</button></p>
  </form>
</main>
{{>FOOT}}
