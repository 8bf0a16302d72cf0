{{%AUTOESCAPE context="HTML"}}
<article class="teaser{{#HAS_IMAGE}} teaser--image{{/HAS_IMAGE}}">
  {{#HAS_IMAGE}}<a class="teaser__image" href="{{URL}}" tabindex="-1" aria-hidden="true"><img src="{{IMG_URL}}" alt="" width="{{IMG_W}}" height="{{IMG_H}}" loading="lazy"></a>{{/HAS_IMAGE}}
  <div class="teaser__text">
    <p class="kicker">{{#HAS_CATEGORY}}<a href="{{CATEGORY_URL}}">{{CATEGORY_NAME}}</a>{{/HAS_CATEGORY}}{{#IS_SPECIAL}} <span class="badge">{{KIND_LABEL}}</span>{{/IS_SPECIAL}}</p>
    <h3 class="teaser__title"><a href="{{URL}}">{{TITLE}}</a></h3>
    {{#HAS_DEK}}<p class="teaser__dek">{{DEK}}</p>{{/HAS_DEK}}
    <p class="meta">By {{AUTHOR_NAME}} &middot; <time datetime="{{DATE_ISO}}">{{DATE}}</time> &middot; {{COMMENTS}}</p>
  </div>
</article>
