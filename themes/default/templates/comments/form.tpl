{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap message">
  <h1>Your comment</h1>
  <p>On <a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a></p>
  {{#REPLYING}}<section class="comment-preview" aria-label="The comment you answer"><p>In reply to {{PARENT_AUTHOR}}:</p>{{PARENT_HTML:none}}</section>{{/REPLYING}}
  {{#HAS_ERROR}}<p class="form-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_PREVIEW}}<section class="comment-preview" aria-label="Preview"><h2>Preview</h2>{{PREVIEW_HTML:none}}</section>{{/HAS_PREVIEW}}
  {{#FORM}}{{>COMMENT_FORM}}{{/FORM}}
</main>
{{>FOOT}}
