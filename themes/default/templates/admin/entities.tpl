{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Entities</h1>
  <p>People, countries and organizations the analyzer found. Corrections here survive re-analysis.</p>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <form method="get" action="/admin/entities" class="nr-filters">
    <label for="entity-q">Name</label> <input id="entity-q" name="q" value="{{Q}}">
    <label for="entity-kind">Kind</label> <select id="entity-kind" name="kind"><option value="">all</option>{{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{VALUE}}</option>{{/KIND_OPTION}}</select>
    <button type="submit">Find</button>
  </form>
  {{#EMPTY}}<p>Nothing here.</p>{{/EMPTY}}
  <ol class="nr-comments">
    {{#ENTITY}}<li class="nr-comment" id="entity-{{ID}}">
      <p><strong><a href="{{URL}}">{{NAME}}</a></strong> — {{KIND}}/{{SLUG}}, {{COUNT}} articles</p>
      <form method="post" action="/admin/entities/{{ID}}" class="nr-inline"><input type="hidden" name="_csrf" value="{{CSRF}}">
        <label for="name-{{ID}}">Name of {{NAME}}</label> <input id="name-{{ID}}" name="name" value="{{NAME}}"> <button type="submit" name="action" value="rename">Rename</button></form>
      <form method="post" action="/admin/entities/{{ID}}" class="nr-inline"><input type="hidden" name="_csrf" value="{{CSRF}}">
        <label for="role-{{ID}}">Role of {{NAME}}</label> <input id="role-{{ID}}" name="role" value="{{ROLE}}"> <button type="submit" name="action" value="role">Set role</button></form>
      <form method="post" action="/admin/entities/{{ID}}" class="nr-inline"><input type="hidden" name="_csrf" value="{{CSRF}}">
        <label for="into-{{ID}}">Merge {{NAME}} into (kind/slug)</label> <input id="into-{{ID}}" name="into" placeholder="person/maria-ellison"> <button type="submit" name="action" value="merge">Merge</button>
        <button type="submit" name="action" value="hide">Hide (not an entity)</button></form>
    </li>{{/ENTITY}}
  </ol>
</main>
{{>ADMIN_FOOT}}
