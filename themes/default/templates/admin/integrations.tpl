{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Integrations</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  {{#HAS_SECRET}}
  <p><label for="new-secret">The new key</label> <input id="new-secret" class="nr-secret" readonly value="{{SECRET}}" size="44" autocomplete="off"></p>
  {{/HAS_SECRET}}
  <p>Other programs read the site through the Content API (<code>/api/content/v1/</code>) and change it through the Admin API (<code>/api/admin/v1/</code>), each with its own key, sent as <code>Authorization: Bearer KEY</code>. A content key reads what anonymous readers see, or what a client organisation's grants open; an admin key acts as a staff account, within the scopes it carries.</p>
  {{#NO_KEYS}}<p>No key yet.</p>{{/NO_KEYS}}
  {{#HAS_KEYS}}
  <table class="nr-table">
    <caption class="visually-hidden">API keys, newest first</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Key begins</th><th scope="col">Scopes</th><th scope="col">Acts as</th><th scope="col">Client</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">State</th></tr></thead>
    <tbody>
    {{#KEY}}<tr>
      <th scope="row">{{NAME}}</th><td>{{KIND}}</td><td><code>{{PREFIX}}</code></td><td>{{SCOPES}}</td><td>{{USER}}</td><td>{{CLIENT}}</td><td>{{CREATED}}</td><td>{{LAST_USED}}</td>
      <td>{{#IS_REVOKED}}Revoked {{REVOKED}}{{/IS_REVOKED}}{{#IS_LIVE}}
        <form method="post" action="/admin/integrations/{{ID}}/revoke" class="nr-inline">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <label><input type="checkbox" name="confirm" value="yes" required> Stop this key</label>
          <button type="submit">Revoke</button>
        </form>{{/IS_LIVE}}</td>
    </tr>{{/KEY}}
    </tbody>
  </table>
  {{/HAS_KEYS}}
  <h2>Create a content key</h2>
  <form method="post" action="/admin/integrations" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="kind" value="content">
    <p><label for="content-name">Name <span class="nr-muted">(what uses it)</span></label> <input id="content-name" name="name" required maxlength="100" value="{{FORM_NAME}}"></p>
    <p><label for="content-client">Read as client organisation</label>
      <select id="content-client" name="client"><option value="">None: public content only</option>{{#CLIENT_CHOICE}}<option value="{{CLIENT_ID}}">{{CLIENT_NAME}}</option>{{/CLIENT_CHOICE}}</select></p>
    <p><button type="submit" class="primary">Create content key</button></p>
  </form>
  <h2>Create an admin key</h2>
  <form method="post" action="/admin/integrations" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="kind" value="admin">
    <p><label for="admin-name">Name <span class="nr-muted">(what uses it)</span></label> <input id="admin-name" name="name" required maxlength="100"></p>
    <p><label for="admin-user">Acts as</label>
      <select id="admin-user" name="user" required>{{#USER_CHOICE}}<option value="{{USER_ID}}">{{USER_NAME}} ({{USER_ROLE}})</option>{{/USER_CHOICE}}</select></p>
    <fieldset><legend>Scopes</legend>
      {{#SCOPE_CHOICE}}<label><input type="checkbox" name="scope" value="{{SCOPE}}"> <code>{{SCOPE}}</code></label> {{/SCOPE_CHOICE}}
    </fieldset>
    <p><button type="submit" class="primary">Create admin key</button></p>
  </form>
</main>
{{>ADMIN_FOOT}}
