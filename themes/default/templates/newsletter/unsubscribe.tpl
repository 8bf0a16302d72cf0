{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>Unsubscribe</h1>
  <p>Stop sending newsletters to {{EMAIL}}?</p>
  <form method="post" action="{{ACTION}}">
    <p><button type="submit">Unsubscribe</button></p>
  </form>
</main>
{{>FOOT}}
