{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap quotes-page">
  <header class="archive__header">
    <h1 id="quotes-page-heading">Quotations</h1>
    <p>Every quotation our articles attribute to someone, newest first.</p>
  </header>
  <form class="search-form" action="/quotes" method="get" aria-labelledby="quotes-page-heading">
    <div class="search-form__row">
      <label for="quotes-speaker">Speaker</label> <input id="quotes-speaker" name="speaker" value="{{SPEAKER}}" maxlength="200">
      <label for="quotes-words">Words</label> <input id="quotes-words" name="q" value="{{WORDS}}" maxlength="200">
      <label for="quotes-kind">Who speaks</label> <select id="quotes-kind" name="kind"><option value="">Anyone</option>{{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND_OPTION}}</select>
      <label for="quotes-country">Country (two-letter code)</label> <input id="quotes-country" name="country" value="{{COUNTRY}}" maxlength="2" size="3" pattern="[A-Za-z]{2}" aria-describedby="quotes-country-help">
      <button type="submit">Find</button>
    </div>
    <p id="quotes-country-help" class="meta">A country lists what its state, its institutions and its organizations said, e.g. fr for France.</p>
  </form>
  {{#HAS_ERROR}}<p class="form-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#RESULTS}}<p class="meta" role="status">{{TOTAL}} quotations</p>
  {{#EMPTY}}<p>No quotation matches.</p>{{/EMPTY}}
  <ul class="quotes">{{#QUOTE}}<li class="quote"><blockquote><p>{{TEXT}}</p></blockquote><p class="quote__source meta">{{#SPEAKER}}<a href="{{URL}}">{{NAME}}</a>{{#INSTITUTION}} <span class="quote__kind">(institution)</span>{{/INSTITUTION}}, {{/SPEAKER}}in <a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a>, <time datetime="{{DATE_ISO}}">{{DATE}}</time></p></li>{{/QUOTE}}</ul>
  <nav class="pager" aria-label="Pages">
    {{#HAS_PREV}}<a href="{{PREV_URL}}" rel="prev">Newer</a>{{/HAS_PREV}}
    <span>Page {{PAGE}} of {{PAGES}}</span>
    {{#HAS_NEXT}}<a href="{{NEXT_URL}}" rel="next">Older</a>{{/HAS_NEXT}}
  </nav>{{/RESULTS}}
</main>
{{>FOOT}}
