{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main" data-send="{{ID}}">
  <h1>Newsletter: {{SUBJECT}}</h1>
  <p role="status" id="send-progress"><span data-count="sent">{{SENT}}</span> of {{RECIPIENTS}} sent, <span data-count="queued">{{QUEUED}}</span> queued, <span data-count="failed">{{FAILED}}</span> failed.</p>
  {{#IN_PROGRESS}}<p>The sender works in the background; this page follows it.</p>{{/IN_PROGRESS}}
  <p><a href="/admin/newsletter">Back to the newsletter</a></p>
</main>
{{>ADMIN_FOOT}}
