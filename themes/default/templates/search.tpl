{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap search-page">
  <header class="archive__header">
    <h1 id="search-heading">Search</h1>
  </header>
  <form class="search-form" role="search" action="/search" method="get" aria-labelledby="search-heading">
    <label for="search-page-q">Words, "exact phrases", -exclusions, OR, prefix*, and filters such as category:, tag:, author:, kind:, before:YYYY-MM-DD, after:YYYY-MM-DD</label>
    <div class="search-form__row">
      <input id="search-page-q" type="search" name="q" value="{{QUERY}}" maxlength="512" autocomplete="off">
      <label class="visually-hidden" for="search-page-sort">Order</label>
      <select id="search-page-sort" name="sort">
        <option value="relevance">Most relevant</option>
        <option value="newest"{{#SORT_NEWEST}} selected{{/SORT_NEWEST}}>Newest</option>
      </select>
      <button type="submit">Search</button>
    </div>
  </form>
  {{#NOTES}}<ul class="search-notes" role="status">
    {{#NOTE_ITEM}}<li>{{NOTE_TEXT}}</li>{{/NOTE_ITEM}}
  </ul>{{/NOTES}}
  {{#SUGGESTION}}<p class="search-suggestion">Did you mean <a href="{{SUGGESTION_URL}}">{{SUGGESTION_TEXT}}</a>?</p>{{/SUGGESTION}}
  {{#SEARCHED}}
  <p class="search-summary" role="status"><strong>{{TOTAL}}</strong> {{RESULTS_WORD}} for <q>{{SHOWN_QUERY}}</q>.
    Order: {{#BY_RELEVANCE}}<span aria-current="true">most relevant</span> · <a href="{{NEWEST_URL}}">newest</a>{{/BY_RELEVANCE}}{{#BY_NEWEST}}<a href="{{RELEVANCE_URL}}">most relevant</a> · <span aria-current="true">newest</span>{{/BY_NEWEST}}</p>
  {{#WINDOW}}<p class="search-window">{{WINDOW_TEXT}}</p>{{/WINDOW}}
  {{/SEARCHED}}
  <div class="search-layout">
    <section class="search-results" aria-label="Results">
      {{#EMPTY}}<p class="empty">{{EMPTY_TEXT}}</p>{{/EMPTY}}
      <ol class="search-hits">
      {{#HIT}}<li class="search-hit">
        <p class="kicker">{{KIND_LABEL}}{{#CATEGORY_DIFFERS}} · <a href="{{CATEGORY_URL}}">{{CATEGORY_NAME}}</a>{{/CATEGORY_DIFFERS}}</p>
        <h2 class="search-hit__title"><a href="{{URL}}">{{TITLE}}</a></h2>
        <p class="search-hit__snippet">{{#SNIPPET_PART}}{{#PART_MATCH}}<mark>{{PART_TEXT}}</mark>{{/PART_MATCH}}{{#PART_PLAIN}}{{PART_TEXT}}{{/PART_PLAIN}}{{/SNIPPET_PART}}</p>
        <p class="meta"><a href="{{AUTHOR_URL}}">{{AUTHOR_NAME}}</a> · <time datetime="{{DATE_ISO}}">{{DATE}}</time></p>
      </li>
      {{/HIT}}
      </ol>
      {{>PAGINATION}}
    </section>
    {{#FACETS}}<aside class="search-facets" aria-label="Narrow the search">
      <h2 class="search-facets__title">Narrow the search</h2>
      <h3>Section</h3>
      <ul>{{#FACET_CATEGORY}}<li><a href="{{FACET_URL}}"{{#FACET_ACTIVE}} aria-current="true"{{/FACET_ACTIVE}}>{{FACET_LABEL}}</a> <span class="count">{{FACET_COUNT}}</span></li>{{/FACET_CATEGORY}}</ul>
      <h3>Type</h3>
      <ul>{{#FACET_KIND}}<li><a href="{{FACET_URL}}"{{#FACET_ACTIVE}} aria-current="true"{{/FACET_ACTIVE}}>{{FACET_LABEL}}</a> <span class="count">{{FACET_COUNT}}</span></li>{{/FACET_KIND}}</ul>
      <h3>Year</h3>
      <ul>{{#FACET_YEAR}}<li><a href="{{FACET_URL}}"{{#FACET_ACTIVE}} aria-current="true"{{/FACET_ACTIVE}}>{{FACET_LABEL}}</a> <span class="count">{{FACET_COUNT}}</span></li>{{/FACET_YEAR}}</ul>
    </aside>{{/FACETS}}
  </div>
</main>
{{>FOOT}}
