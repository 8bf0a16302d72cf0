{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap archive">
  <header class="archive__header">
    <p class="kicker">{{ARCHIVE_KIND}}</p>
    {{#PHOTO}}<img class="archive__photo" src="{{PHOTO_URL}}" alt="{{PHOTO_ALT}}" width="{{PHOTO_W}}" height="{{PHOTO_H}}">{{/PHOTO}}
    <h1>{{ARCHIVE_TITLE}}</h1>
    {{#HAS_DESCRIPTION}}<p class="archive__description">{{ARCHIVE_DESCRIPTION}}</p>{{/HAS_DESCRIPTION}}
  </header>
  <section aria-labelledby="archive-list-heading">
    <h2 id="archive-list-heading" class="visually-hidden">Articles</h2>
    {{#EMPTY}}<p class="empty">No articles yet.</p>{{/EMPTY}}
    <div class="teasers">
    {{#ITEM}}{{>TEASER}}{{/ITEM}}
    </div>
  </section>
  {{>PAGINATION}}
</main>
{{>FOOT}}
