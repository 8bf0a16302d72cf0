{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <p><a href="/admin/clients">All client organisations</a></p>
  <h1>{{NAME}}</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<div class="nr-notice" role="status"><p>{{NOTICE}}</p>{{#HAS_LINK}}<p><code class="nr-link">{{LINK}}</code></p>{{/HAS_LINK}}</div>{{/HAS_NOTICE}}
  <h2>Contract</h2>
  <form method="post" action="/admin/clients/{{ID}}" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="edit">
    <p><label for="client-seats">Seats <span class="nr-muted">(empty: no limit; {{SEATS_USED}} used)</span></label> <input id="client-seats" name="seats" inputmode="numeric" value="{{SEATS}}"></p>
    <p><label for="client-until">Contract until <span class="nr-muted">(YYYY-MM-DD, that day included; empty: no end)</span></label> <input id="client-until" name="until" placeholder="YYYY-MM-DD" value="{{UNTIL}}"></p>
    <p><label for="client-note">Note</label> <input id="client-note" name="note" maxlength="2000" value="{{NOTE}}"></p>
    <p><button type="submit">Save</button></p>
  </form>
  <h2>Members</h2>
  {{#NO_MEMBERS}}<p>No members yet.</p>{{/NO_MEMBERS}}
  {{#HAS_MEMBERS}}
  <table class="nr-table">
    <caption class="visually-hidden">Members of {{NAME}}</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Last sign-in</th><th scope="col">Actions</th></tr></thead>
    <tbody>
    {{#MEMBER}}<tr>
      <th scope="row">{{MEMBER_NAME}}</th><td>{{EMAIL}}</td><td>{{STATUS}}</td><td>{{LAST_SIGN_IN}}</td>
      <td class="nr-actions">{{#IS_ACTIVE}}
        <form method="post" action="/admin/clients/{{ID}}" class="nr-inline-form">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <input type="hidden" name="member" value="{{MEMBER_ID}}">
          <button type="submit" name="action" value="link">Sign-in link</button>
          <button type="submit" name="action" value="remove-member">Remove</button>
        </form>{{/IS_ACTIVE}}
      </td>
    </tr>{{/MEMBER}}
    </tbody>
  </table>
  {{/HAS_MEMBERS}}
  <h3>Add a member</h3>
  <form method="post" action="/admin/clients/{{ID}}" class="nr-form nr-inline-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="add-member">
    <label for="member-email">Email address</label> <input id="member-email" name="email" type="email" required maxlength="254">
    <label for="member-name">Name</label> <input id="member-name" name="name" maxlength="120">
    <button type="submit" class="primary">Add</button>
  </form>
  <h2>Grants</h2>
  {{#NO_GRANTS}}<p>This organisation may read nothing that is not public.</p>{{/NO_GRANTS}}
  {{#HAS_GRANTS}}
  <table class="nr-table">
    <caption class="visually-hidden">What {{NAME}} may read</caption>
    <thead><tr><th scope="col">What</th><th scope="col">From</th><th scope="col">Until</th><th scope="col">Revoke</th></tr></thead>
    <tbody>
    {{#GRANT}}<tr>
      <th scope="row">{{LABEL}}</th><td>{{FROM}}</td><td>{{UNTIL}}</td>
      <td><form method="post" action="/admin/clients/{{ID}}">
        <input type="hidden" name="_csrf" value="{{CSRF}}">
        <input type="hidden" name="grant" value="{{GRANT_ID}}">
        <button type="submit" name="action" value="revoke">Revoke</button>
      </form></td>
    </tr>{{/GRANT}}
    </tbody>
  </table>
  {{/HAS_GRANTS}}
  <h3>Grant</h3>
  <p>Dates are whole days in UTC: a grant opens at 00:00 on its first day and closes at the end of its last day.</p>
  <form method="post" action="/admin/clients/{{ID}}" class="nr-form nr-inline-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="action" value="grant">
    <label for="grant-scope">Scope</label>
    <select id="grant-scope" name="scope"><option value="article">An article</option><option value="category">A category</option><option value="tag">A tag</option><option value="all">Everything not public</option></select>
    <label for="grant-slug">Slug</label> <input id="grant-slug" name="slug">
    <label for="grant-from">From</label> <input id="grant-from" name="from" placeholder="YYYY-MM-DD">
    <label for="grant-until">Until</label> <input id="grant-until" name="until" placeholder="YYYY-MM-DD">
    <button type="submit" class="primary">Grant</button>
  </form>
</main>
{{>ADMIN_FOOT}}
