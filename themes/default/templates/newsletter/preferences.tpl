{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>Newsletter preferences</h1>
  <p>For {{EMAIL}} ({{STATUS}}).</p>
  <form method="post" action="{{ACTION}}">
    <fieldset>
      <legend>Send me</legend>
      {{#LIST}}<p><label><input type="checkbox" name="list" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}> {{NAME}}</label> <span class="muted">{{DESCRIPTION}}</span></p>{{/LIST}}
    </fieldset>
    <p><button type="submit" name="action" value="save">Save</button>
       <button type="submit" name="action" value="unsubscribe">Unsubscribe from everything</button></p>
  </form>
</main>
{{>FOOT}}
