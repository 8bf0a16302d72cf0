{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>{{MESSAGE_TITLE}}</h1>
  <p>{{MESSAGE_TEXT}}</p>
  <p><a href="/">Go to the home page</a></p>
</main>
{{>FOOT}}
