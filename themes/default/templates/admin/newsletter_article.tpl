{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main nr-narrow-wide">
  <h1>Send “{{TITLE}}” as a newsletter</h1>
  {{#TESTED}}<p class="nr-notice" role="status">A test mail is on its way to {{EMAIL}}.</p>{{/TESTED}}
  {{#NOT_LIVE}}<p class="nr-error" role="alert">Only a published, public article can be sent.</p>{{/NOT_LIVE}}
  {{#LIVE}}<form method="post" action="/admin/newsletter/article/{{ID}}" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <fieldset>
      <legend>To the subscribers of</legend>
      {{#LIST}}<p><label><input type="checkbox" name="list" value="{{SLUG}}"{{#CHECKED}} checked{{/CHECKED}}> {{NAME}}</label></p>{{/LIST}}
    </fieldset>
    <p><button type="submit" name="action" value="test">Send a test to me ({{EMAIL}})</button>
       <button type="submit" name="action" value="send" class="primary">Send to subscribers</button></p>
  </form>{{/LIVE}}
  <p><a href="/admin/articles/{{ID}}">Back to the article</a></p>
</main>
{{>ADMIN_FOOT}}
