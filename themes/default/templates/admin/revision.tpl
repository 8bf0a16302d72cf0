{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Revision of “{{ARTICLE_TITLE}}”</h1>
  <p>Saved {{WHEN}} UTC by {{WHO}}. <a href="/admin/articles/{{ID}}/revisions">All revisions</a> · <a href="/admin/articles/{{ID}}">Editor</a></p>
  <p class="nr-diff-summary">Comparing {{LEFT_LABEL}} with {{RIGHT_LABEL}}: <span class="added">{{ADDED}} lines added</span>, <span class="removed">{{REMOVED}} removed</span>.</p>
  {{#SAME}}<p>No differences.</p>{{/SAME}}
  {{#HUNK}}<section class="nr-hunk" aria-label="{{HEADER}}">
    <h2 class="nr-hunk-header">{{HEADER}}</h2>
    <pre class="nr-diff">{{#LINE}}<span class="line {{CLASS}}"><span class="visually-hidden">{{SR_MARK}}</span><span aria-hidden="true">{{MARK}} </span>{{TEXT}}</span>
{{/LINE}}</pre>
  </section>{{/HUNK}}
  {{#CAN_RESTORE}}<form method="post" action="/admin/articles/{{ID}}/revisions/{{REV}}/restore" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="base_revision" value="{{BASE_REVISION}}">
    <p><button type="submit">Restore this revision</button> (kept as a new revision; nothing is lost)</p>
  </form>{{/CAN_RESTORE}}
</main>
{{>ADMIN_FOOT}}
