{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Client organisations</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <p>Members of a client organisation read the reports granted to it, after signing in at <code>/portal/sign-in</code>.</p>
  {{#EMPTY}}<p>No client organisation yet.</p>{{/EMPTY}}
  {{#HAS_CLIENTS}}
  <table class="nr-table">
    <caption class="visually-hidden">Client organisations by name</caption>
    <thead><tr><th scope="col">Organisation</th><th scope="col">Seats used</th><th scope="col">Contract until</th><th scope="col">Grants</th></tr></thead>
    <tbody>
    {{#CLIENT}}<tr>
      <th scope="row"><a href="/admin/clients/{{ID}}">{{NAME}}</a>{{#ENDED}} <span class="nr-muted">(ended)</span>{{/ENDED}}</th>
      <td>{{SEATS_USED}} / {{SEATS}}</td><td>{{UNTIL}}</td><td>{{GRANTS}}</td>
    </tr>{{/CLIENT}}
    </tbody>
  </table>
  {{/HAS_CLIENTS}}
  <h2>Add an organisation</h2>
  <form method="post" action="/admin/clients" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><label for="client-name">Name</label> <input id="client-name" name="name" required maxlength="120" value="{{NAME}}"></p>
    <p><label for="client-seats">Seats <span class="nr-muted">(empty: no limit)</span></label> <input id="client-seats" name="seats" inputmode="numeric" value="{{SEATS}}"></p>
    <p><label for="client-until">Contract until <span class="nr-muted">(YYYY-MM-DD, that day included; empty: no end)</span></label> <input id="client-until" name="until" placeholder="YYYY-MM-DD" value="{{UNTIL}}"></p>
    <p><label for="client-note">Note</label> <input id="client-note" name="note" maxlength="2000" value="{{NOTE}}"></p>
    <p><button type="submit" class="primary">Add</button></p>
  </form>
</main>
{{>ADMIN_FOOT}}
