{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<main id="main" class="wrap entity-page">
  <header class="archive__header">
    <p class="kicker">{{KIND_LABEL}}{{#HAS_ISO2}} · {{ISO2}}{{/HAS_ISO2}}</p>
    <h1>{{NAME}}</h1>
    {{#HAS_ROLE}}<p class="entity__role">{{ROLE}}</p>{{/HAS_ROLE}}
    {{#HAS_COUNTRY}}<p class="entity__country">Speaks for <a href="{{COUNTRY_URL}}">{{COUNTRY_NAME}}</a></p>{{/HAS_COUNTRY}}
    {{#HAS_STATEMENTS}}<p class="entity__statements"><a href="{{STATEMENTS_URL}}">What its state and institutions said</a></p>{{/HAS_STATEMENTS}}
    <p class="meta">Mentioned in {{ARTICLE_COUNT}} {{ARTICLES_WORD}}</p>
  </header>
  <section class="entity__chart" aria-labelledby="chart-heading">
    <h2 id="chart-heading">Mentions by month</h2>
    {{CHART_SVG:none}}
  </section>
  <section aria-labelledby="latest-heading">
    <h2 id="latest-heading">Latest articles</h2>
    <ul class="entity__articles">
      {{#ARTICLE}}<li><a href="{{URL}}">{{TITLE}}</a> <time class="meta" datetime="{{DATE_ISO}}">{{DATE}}</time></li>{{/ARTICLE}}
    </ul>
  </section>
  {{#HAS_QUOTES}}<section aria-labelledby="quotes-heading">
    <h2 id="quotes-heading">{{QUOTES_HEADING}}</h2>
    <ul class="quotes">{{#QUOTE}}<li class="quote"><blockquote><p>{{TEXT}}</p></blockquote><p class="quote__source meta">{{#SPEAKER}}<a href="{{URL}}">{{NAME}}</a>, {{/SPEAKER}}in <a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a>, <time datetime="{{DATE_ISO}}">{{DATE}}</time></p></li>{{/QUOTE}}</ul>
  </section>{{/HAS_QUOTES}}
  {{#HAS_ABOUT}}<section aria-labelledby="quoted-about-heading">
    <h2 id="quoted-about-heading">Quoted in articles about {{NAME}}</h2>
    <ul class="quotes">{{#QUOTE}}<li class="quote"><blockquote><p>{{TEXT}}</p></blockquote><p class="quote__source meta">{{#SPEAKER}}<a href="{{URL}}">{{NAME}}</a>, {{/SPEAKER}}in <a href="{{ARTICLE_URL}}">{{ARTICLE_TITLE}}</a>, <time datetime="{{DATE_ISO}}">{{DATE}}</time></p></li>{{/QUOTE}}</ul>
  </section>{{/HAS_ABOUT}}
  {{#HAS_WITH}}<section aria-labelledby="with-heading">
    <h2 id="with-heading">Most often mentioned with</h2>
    <ul class="entity__with">{{#ENTITY}}<li><a href="{{URL}}">{{NAME}}</a> <span class="meta">{{COUNT}} shared</span></li>{{/ENTITY}}</ul>
  </section>{{/HAS_WITH}}
</main>
{{>FOOT}}
