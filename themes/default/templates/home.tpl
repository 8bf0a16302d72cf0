{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap home">
  <h1 class="visually-hidden">{{SITE_TITLE}}: {{SITE_TAGLINE}}</h1>
  {{#LEAD}}
  <section class="lead" aria-labelledby="lead-title">
    {{#HAS_IMAGE}}<a class="lead__image" href="{{URL}}" tabindex="-1" aria-hidden="true"><img src="{{IMG_URL}}" alt="" width="{{IMG_W}}" height="{{IMG_H}}"></a>{{/HAS_IMAGE}}
    <div class="lead__text">
      <p class="kicker">{{#HAS_CATEGORY}}<a href="{{CATEGORY_URL}}">{{CATEGORY_NAME}}</a>{{/HAS_CATEGORY}}</p>
      <h2 id="lead-title" class="lead__title"><a href="{{URL}}">{{TITLE}}</a></h2>
      {{#HAS_DEK}}<p class="lead__dek">{{DEK}}</p>{{/HAS_DEK}}
      <p class="meta">By {{AUTHOR_NAME}} &middot; <time datetime="{{DATE_ISO}}">{{DATE}}</time> &middot; {{COMMENTS}}</p>
    </div>
  </section>
  {{/LEAD}}
  {{#NO_ARTICLES}}<p class="empty">Nothing has been published yet.</p>{{/NO_ARTICLES}}
  <div class="home__grid">
    <section class="latest" aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest</h2>
      <div class="teasers">
      {{#LATEST}}{{>TEASER}}{{/LATEST}}
      </div>
      <p><a class="more" href="/latest">All articles</a></p>
    </section>
    <aside class="most-commented" aria-labelledby="most-commented-heading">
      <h2 id="most-commented-heading">Most commented</h2>
      <ol>
        {{#MOST_COMMENTED}}<li><a href="{{URL}}">{{TITLE}}</a> <span class="meta">{{COMMENTS}}</span></li>
        {{/MOST_COMMENTED}}
      </ol>
    </aside>
  </div>
  {{#SECTION}}
  <section class="home-section" aria-labelledby="section-{{SECTION_SLUG}}">
    <h2 id="section-{{SECTION_SLUG}}"><a href="{{SECTION_URL}}">{{SECTION_NAME}}</a></h2>
    <div class="teasers teasers--row">
    {{#ITEM}}{{>TEASER}}{{/ITEM}}
    </div>
  </section>
  {{/SECTION}}
</main>
{{>FOOT}}
