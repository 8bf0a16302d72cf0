{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>{{MESSAGE_TITLE}}</h1>
  <p>{{MESSAGE_TEXT}}</p>
  {{#CONFIRM}}<form method="post" action="{{ACTION}}"><p><button type="submit">{{BUTTON}}</button></p></form>{{/CONFIRM}}
  <p><a href="/">Go to the home page</a></p>
</main>
{{>FOOT}}
