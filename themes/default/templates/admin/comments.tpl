{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Comments</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <nav aria-label="Comment states"><ul class="nr-counts">
    {{#TAB}}<li><a href="/admin/comments?status={{STATE}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{STATE}} ({{COUNT}})</a></li>{{/TAB}}
  </ul></nav>
  {{#ARTICLE}}<section class="nr-panel" aria-label="This article's comments">
    <p>Showing comments on <a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a> (<a href="/admin/comments">all articles</a>). Comments here are {{SWITCH_STATE}}.</p>
    <form method="post" action="/admin/comments/article/{{ARTICLE_ID}}"><input type="hidden" name="_csrf" value="{{CSRF}}"><button type="submit" name="action" value="{{SWITCH}}">{{SWITCH_LABEL}}</button></form>
  </section>{{/ARTICLE}}
  <p class="nr-count" role="status">{{TOTAL}} {{STATE}} comments</p>
  {{#EMPTY}}<p>Nothing here.</p>{{/EMPTY}}
  <form method="post" action="/admin/comments" id="bulk">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="status" value="{{STATE}}">
    <p class="nr-buttons">
      <button type="submit" name="action" value="approve" class="primary">Approve ticked</button>
      <button type="submit" name="action" value="unapprove">Back to pending</button>
      <button type="submit" name="action" value="spam">Spam</button>
      <button type="submit" name="action" value="delete">Delete</button>
    </p>
  </form>
  <ol class="nr-comments">
    {{#COMMENT}}<li class="nr-comment" id="c-{{ID}}">
      <p><label><input type="checkbox" name="id" value="{{ID}}" form="bulk"> Comment {{ID}} by <strong>{{AUTHOR}}</strong></label>
        ({{EMAIL}}) on <a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a> (<a href="/admin/comments?article={{ARTICLE_ID}}">its comments</a>), <time datetime="{{DATE_ISO}}">{{DATE}}</time> — {{STATUS}}</p>
      <div class="nr-comment-body">{{BODY_HTML:none}}</div>
      <details><summary>Edit</summary>
        <form method="post" action="/admin/comments/{{ID}}" class="nr-form">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <p><label for="body-{{ID}}">Text of comment {{ID}}</label> <textarea id="body-{{ID}}" name="body" rows="4">{{BODY_MARKDOWN:pre_escape}}</textarea></p>
          <p><button type="submit" name="action" value="edit">Save the text</button></p>
        </form>
      </details>
      <details><summary>Reply</summary>
        <form method="post" action="/admin/comments/{{ID}}" class="nr-form">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <p><label for="reply-{{ID}}">Your reply to comment {{ID}} (published at once; approves the comment)</label> <textarea id="reply-{{ID}}" name="body" rows="4"></textarea></p>
          <p><button type="submit" name="action" value="reply">Post the reply</button></p>
        </form>
      </details>
    </li>{{/COMMENT}}
  </ol>
  <nav class="nr-pager" aria-label="Pages">
    {{#HAS_PREV}}<a href="{{PREV_URL}}" rel="prev">Newer</a>{{/HAS_PREV}}
    <span>Page {{PAGE}} of {{PAGES}}</span>
    {{#HAS_NEXT}}<a href="{{NEXT_URL}}" rel="next">Older</a>{{/HAS_NEXT}}
  </nav>
</main>
{{>ADMIN_FOOT}}
