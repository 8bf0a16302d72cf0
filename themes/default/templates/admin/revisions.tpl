{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Revisions of “{{ARTICLE_TITLE}}”</h1>
  <p><a href="/admin/articles/{{ID}}">Back to the editor</a></p>
  <table class="nr-table">
    <caption class="visually-hidden">Every save, newest first</caption>
    <thead><tr><th scope="col">Saved (UTC)</th><th scope="col">By</th><th scope="col">What</th><th scope="col">Title then</th><th scope="col">Compare</th></tr></thead>
    <tbody>
    {{#REVISION}}<tr>
      <th scope="row"><a href="/admin/articles/{{ID}}/revisions/{{REV}}">{{WHEN}}</a>{{#IS_CURRENT}} (current){{/IS_CURRENT}}</th>
      <td>{{WHO}}</td><td>{{NOTE}}</td><td>{{TITLE}}</td>
      <td>{{#HAS_PREVIOUS}}<a href="/admin/articles/{{ID}}/revisions/{{REV}}?against={{AGAINST}}">changes in this save</a>{{/HAS_PREVIOUS}}</td>
    </tr>{{/REVISION}}
    </tbody>
  </table>
</main>
{{>ADMIN_FOOT}}
