{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Requests</h1>
  <nav aria-label="Request states"><ul class="nr-counts">
    <li><a href="/admin/requests"{{#ALL_CURRENT}} aria-current="page"{{/ALL_CURRENT}}>All</a></li>
    {{#TAB}}<li><a href="/admin/requests?state={{STATE}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>{{/TAB}}
  </ul></nav>
  {{#EMPTY}}<p>Nothing here.</p>{{/EMPTY}}
  <table class="nr-table">
    <caption class="visually-hidden">Readers' requests, newest first</caption>
    <thead><tr><th scope="col">Request</th><th scope="col">Kind</th><th scope="col">About</th><th scope="col">From</th><th scope="col">State</th><th scope="col">Received</th></tr></thead>
    <tbody>
    {{#REQUEST}}<tr>
      <td><a href="/admin/requests/{{ID}}">Request {{ID}}</a></td>
      <td>{{KIND}}</td>
      <td>{{WHAT}}</td>
      <td>{{NAME}} ({{EMAIL}}), {{ORGANISATION}} — {{CLIENT}}</td>
      <td>{{STATE}}</td>
      <td><time datetime="{{DATE_ISO}}">{{DATE}}</time></td>
    </tr>{{/REQUEST}}
    </tbody>
  </table>
</main>
{{>ADMIN_FOOT}}
