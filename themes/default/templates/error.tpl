{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <p class="kicker">Error {{STATUS}}</p>
  <h1>{{MESSAGE_TITLE}}</h1>
  <p>{{MESSAGE_TEXT}}</p>
  <p><a href="/">Go to the home page</a> or browse <a href="/latest">all articles</a>.</p>
</main>
{{>FOOT}}
