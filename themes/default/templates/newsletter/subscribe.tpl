{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>{{HEADING}}</h1>
  <p>{{TEXT}}</p>
  {{#HAS_ERROR}}<p class="form-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  <form class="newsletter-form" method="post" action="/subscribe">
    <p><label for="newsletter-email">Email address</label>
      <input id="newsletter-email" name="email" type="email" autocomplete="email" required maxlength="254" value="{{EMAIL}}"></p>
    <fieldset>
      <legend>Newsletters</legend>
      {{#LIST}}<p><label><input type="checkbox" name="list" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}> {{NAME}}</label> <span class="muted">{{DESCRIPTION}}</span></p>{{/LIST}}
    </fieldset>
    <p><button type="submit">Subscribe</button></p>
  </form>
</main>
{{>FOOT}}
