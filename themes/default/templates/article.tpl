{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap">
  {{#PREVIEW}}<p class="preview-banner" role="status">Preview: this article is not published. Only people with this link can see it.</p>{{/PREVIEW}}
  <article class="article">
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li><a href="/">Home</a></li>
        {{#CRUMB}}<li><a href="{{CRUMB_URL}}">{{CRUMB_NAME}}</a></li>
        {{/CRUMB}}
      </ol>
    </nav>
    <header class="article__header">
      <p class="kicker">{{KIND_LABEL}}</p>
      <h1 class="article__title">{{TITLE}}</h1>
      {{#HAS_DEK}}<p class="article__dek">{{DEK}}</p>{{/HAS_DEK}}
      <p class="byline">By <a href="{{AUTHOR_URL}}" rel="author">{{AUTHOR_NAME}}</a>
        &middot; <time datetime="{{DATE_ISO}}">{{DATE}}</time>
        &middot; <span class="reading-time">{{READING_MINUTES}} min read</span>
        {{#DISCUSSION}}&middot; <a class="comment-count" href="#comments">{{COMMENTS}}</a>{{/DISCUSSION}}</p>
    </header>
    {{#HERO}}
    <figure class="figure figure--hero">
      <picture>{{#HERO_WEBP}}<source type="image/webp" srcset="{{WEBP_SRCSET}}" sizes="{{HERO_SIZES}}">{{/HERO_WEBP}}<img src="{{HERO_URL}}" alt="{{HERO_ALT}}" width="{{HERO_W}}" height="{{HERO_H}}"{{#HERO_SRCSET}} srcset="{{SRCSET}}" sizes="{{HERO_SIZES}}"{{/HERO_SRCSET}}></picture>
      <figcaption>{{HERO_CAPTION}}{{#HAS_CREDIT}} <span class="credit">(Image credit: {{HERO_CREDIT}})</span>{{/HAS_CREDIT}}</figcaption>
    </figure>
    {{/HERO}}
    {{>REPORT_LEAD}}
    {{#FULL_TEXT}}
    <div class="article__body">
{{BODY_HTML:none}}
    </div>
    {{/FULL_TEXT}}
    {{>REPORT_REST}}
    {{#TEASER}}<div class="paywalled">{{>ACCESS_BOX}}</div>{{/TEASER}}
    {{#HAS_TAGS}}
    <footer class="article__tags">
      <h2 class="visually-hidden">Tags</h2>
      <ul class="tags">{{#TAG}}<li><a href="{{TAG_URL}}" rel="tag">{{TAG_NAME}}</a></li>{{/TAG}}</ul>
    </footer>
    {{/HAS_TAGS}}
  </article>
  {{#INSIGHT}}
  <aside class="in-this-article" aria-labelledby="in-this-article-heading">
    <h2 id="in-this-article-heading">In this article</h2>
    {{#HAS_PEOPLE}}<h3>People</h3><ul>{{#PERSON}}<li><a href="{{URL}}">{{NAME}}</a>{{#HAS_ROLE}} <span class="meta">{{ROLE}}</span>{{/HAS_ROLE}}</li>{{/PERSON}}</ul>{{/HAS_PEOPLE}}
    {{#HAS_COUNTRIES}}<h3>Countries</h3><ul class="inline-list">{{#COUNTRY}}<li><a href="{{URL}}">{{NAME}}</a></li>{{/COUNTRY}}</ul>{{/HAS_COUNTRIES}}
    {{#HAS_ORGANIZATIONS}}<h3>Organizations</h3><ul class="inline-list">{{#ORGANIZATION}}<li><a href="{{URL}}">{{NAME}}</a></li>{{/ORGANIZATION}}</ul>{{/HAS_ORGANIZATIONS}}
    {{#HAS_FIGURES}}<h3>Figures cited</h3><ul>{{#FIGURE}}<li>{{TEXT}}{{#HAS_SOURCE}} <span class="meta">(according to {{SOURCE}})</span>{{/HAS_SOURCE}}</li>{{/FIGURE}}</ul>{{/HAS_FIGURES}}
    {{#NOTHING_FOUND}}<p class="meta">No people, countries, organizations or figures were found.</p>{{/NOTHING_FOUND}}
  </aside>
  {{/INSIGHT}}
  {{#HAS_RELATED}}
  <section class="related" aria-labelledby="related-heading">
    <h2 id="related-heading">Related articles</h2>
    <div class="teasers teasers--row">
    {{#RELATED}}{{>TEASER}}{{/RELATED}}
    </div>
  </section>
  {{/HAS_RELATED}}
  {{#DISCUSSION}}
  <section class="comments" id="comments" aria-labelledby="comments-heading">
    <h2 id="comments-heading">Comments</h2>
    {{#COMMENTS_ON}}
    {{#NO_COMMENTS}}<p class="comments__empty">No comments yet.</p>{{/NO_COMMENTS}}
    <ol class="comments__list">
      {{#THREAD}}<li class="comment" id="comment-{{ID}}">{{#REMOVED}}<p class="comment__removed">This comment was removed.</p>{{/REMOVED}}{{>COMMENT}}
        {{#REPLY}}<ol class="comments__replies"><li class="comment comment--reply" id="comment-{{ID}}">{{>COMMENT}}</li></ol>{{/REPLY}}
      </li>{{/THREAD}}
    </ol>
    <p class="comments__feed"><a href="{{FEED_URL}}" type="application/atom+xml">Comments feed (Atom)</a></p>
    {{#CLOSED}}<p class="comments__closed">Comments on this article are closed.</p>{{/CLOSED}}
    {{#FORM}}<h3 id="leave-comment">Leave a comment</h3>{{>COMMENT_FORM}}{{/FORM}}
    {{/COMMENTS_ON}}
  </section>
  {{/DISCUSSION}}
</main>
{{>FOOT}}
