{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Newsletter</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <section aria-labelledby="counts-heading">
    <h2 id="counts-heading">Subscribers</h2>
    <ul class="nr-counts">
      <li><strong>{{ACTIVE}}</strong> active</li><li><strong>{{PENDING}}</strong> waiting for confirmation</li>
      <li><strong>{{UNSUBSCRIBED}}</strong> unsubscribed</li><li><strong>{{BOUNCED}}</strong> bounced</li>
    </ul>
    <figure class="nr-chart">{{GROWTH_SVG:none}}<figcaption>Confirmed subscribers at the end of each month</figcaption></figure>
  </section>
  <section aria-labelledby="sends-heading">
    <h2 id="sends-heading">Newsletters</h2>
    <table class="nr-table">
      <caption class="visually-hidden">Newsletters sent and waiting, newest first</caption>
      <thead><tr><th scope="col">Subject</th><th scope="col">Kind</th><th scope="col">Made (UTC)</th><th scope="col">Progress</th></tr></thead>
      <tbody>
      {{#SEND}}<tr>
        <th scope="row">{{SUBJECT}}</th><td>{{KIND}}</td><td>{{WHEN}}</td>
        <td>{{#IS_DRAFT}}Draft: <a href="/admin/newsletter/drafts/{{ID}}/preview">preview</a>
          <form method="post" action="/admin/newsletter/drafts/{{ID}}/send" class="nr-inline-form">
            <input type="hidden" name="_csrf" value="{{CSRF}}">
            <button type="submit" name="action" value="test">Send a test to me</button>
            <button type="submit" name="action" value="send" class="primary">Send to subscribers</button>
          </form>{{/IS_DRAFT}}
          {{#IS_QUEUED}}<a href="/admin/newsletter/sends/{{ID}}">{{SENT}} of {{RECIPIENTS}} sent</a>, {{QUEUED}} queued, {{FAILED}} failed{{/IS_QUEUED}}</td>
      </tr>{{/SEND}}
      </tbody>
    </table>
  </section>
  <section aria-labelledby="list-heading">
    <h2 id="list-heading">Find subscribers</h2>
    <form method="get" action="/admin/newsletter" class="nr-filters" role="search" aria-label="Find subscribers">
      <p><label for="q">Address contains</label> <input id="q" name="q" type="search" value="{{Q}}"></p>
      <p><label for="status">State</label>
        <select id="status" name="status"><option value="">Any</option>{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/STATUS_OPTION}}</select></p>
      <p><button type="submit">Find</button> <a href="/admin/newsletter/export.csv">Export all as CSV</a></p>
    </form>
    <p class="nr-count" role="status">{{TOTAL}} subscribers</p>
    <table class="nr-table">
      <caption class="visually-hidden">Subscribers, newest first</caption>
      <thead><tr><th scope="col">Address</th><th scope="col">State</th><th scope="col">Since</th></tr></thead>
      <tbody>{{#SUBSCRIBER}}<tr><th scope="row">{{EMAIL}}</th><td>{{STATUS}}</td><td>{{SINCE}}</td></tr>{{/SUBSCRIBER}}</tbody>
    </table>
    <nav class="nr-pager" aria-label="Pages">
      {{#HAS_PREV}}<a href="{{PREV_URL}}" rel="prev">Newer</a>{{/HAS_PREV}}
      <span>Page {{PAGE}} of {{PAGES}}</span>
      {{#HAS_NEXT}}<a href="{{NEXT_URL}}" rel="next">Older</a>{{/HAS_NEXT}}
    </nav>
  </section>
  <section aria-labelledby="import-heading">
    <h2 id="import-heading">Import addresses</h2>
    <p>One address a line, or a CSV file whose first column is the address. Imported addresses become active subscribers of the first list: import only people who agreed to receive it. All or nothing: with any bad row, nothing is imported.</p>
    {{#REPORT}}<div class="nr-report" role="status">
      <p>{{VALID}} new addresses, {{KNOWN}} already known, {{PROBLEMS}} rows with problems.{{#IMPORTED}} Imported.{{/IMPORTED}}</p>
      {{#PROBLEM}}<p>Line {{LINE}}: “{{TEXT}}” — {{REASON}}</p>{{/PROBLEM}}
    </div>{{/REPORT}}
    <form method="post" action="/admin/newsletter/import" enctype="multipart/form-data" class="nr-form">
      <input type="hidden" name="_csrf" value="{{CSRF}}">
      <p><label for="import-file">A file</label> <input id="import-file" name="file" type="file" accept=".csv,.txt,text/csv,text/plain"></p>
      <p><label for="addresses">or addresses, one a line</label> <textarea id="addresses" name="addresses" rows="5">{{#REPORT}}{{ADDRESSES:pre_escape}}{{/REPORT}}</textarea></p>
      <p><button type="submit" name="action" value="preview">Check first</button>
         <button type="submit" name="action" value="import" class="primary">Import</button></p>
    </form>
  </section>
</main>
{{>ADMIN_FOOT}}
