{{%AUTOESCAPE context="HTML"}}
<article class="comment__body" aria-label="Comment by {{AUTHOR}}">
  <p class="comment__meta"><strong>{{#HAS_URL}}<a href="{{AUTHOR_URL}}" rel="nofollow ugc noopener">{{AUTHOR}}</a>{{/HAS_URL}}{{#NO_URL}}{{AUTHOR}}{{/NO_URL}}</strong>{{#STAFF}} <span class="comment__staff">(editor)</span>{{/STAFF}} · <time datetime="{{DATE_ISO}}">{{DATE}}</time></p>
  {{BODY_HTML:none}}
  {{#CAN_REPLY}}<p class="comment__reply"><a href="{{REPLY_URL}}" aria-label="Reply to {{AUTHOR}}">Reply</a></p>{{/CAN_REPLY}}
</article>
