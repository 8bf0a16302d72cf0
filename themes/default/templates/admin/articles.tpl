{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <div class="nr-title-row">
    <h1>Articles</h1>
    {{#CAN_CREATE}}<a class="button primary" href="/admin/articles/new">New article</a>{{/CAN_CREATE}}
  </div>
  <form method="get" action="/admin/articles" class="nr-filters" role="search" aria-label="Filter articles">
    <p><label for="f-q">Title contains</label> <input id="f-q" name="q" type="search" value="{{Q}}"></p>
    <p><label for="f-state">State</label>
      <select id="f-state" name="state"><option value="">Any</option>{{#STATE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/STATE_OPTION}}</select></p>
    <p><label for="f-kind">Kind</label>
      <select id="f-kind" name="kind"><option value="">Any</option>{{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND_OPTION}}</select></p>
    <p><label for="f-author">Author</label>
      <select id="f-author" name="author"><option value="">Anyone</option>{{#AUTHOR_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/AUTHOR_OPTION}}</select></p>
    <p><label for="f-category">Category</label>
      <select id="f-category" name="category"><option value="">Any</option>{{#CATEGORY_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/CATEGORY_OPTION}}</select></p>
    <p><button type="submit">Filter</button> <a href="/admin/articles">Clear</a></p>
  </form>
  <p class="nr-count" role="status">{{TOTAL}} articles</p>
  {{#EMPTY}}<p>No article matches these filters.</p>{{/EMPTY}}
  <table class="nr-table">
    <caption class="visually-hidden">Articles, most recently changed first</caption>
    <thead><tr><th scope="col">Title</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Author</th><th scope="col">Changed (UTC)</th></tr></thead>
    <tbody>
    {{#ROW}}<tr>
      <th scope="row"><a href="/admin/articles/{{ID}}">{{TITLE}}</a>{{#LIVE}} <a class="nr-live" href="{{URL}}">view</a>{{/LIVE}}</th>
      <td>{{KIND}}</td><td><span class="state state-{{STATE_CLASS}}">{{STATE}}</span></td><td>{{AUTHOR}}</td><td>{{UPDATED}}</td>
    </tr>{{/ROW}}
    </tbody>
  </table>
  <nav class="nr-pager" aria-label="Pages">
    {{#HAS_PREV}}<a href="{{PREV_URL}}" rel="prev">Newer</a>{{/HAS_PREV}}
    <span>Page {{PAGE}} of {{PAGES}}</span>
    {{#HAS_NEXT}}<a href="{{NEXT_URL}}" rel="next">Older</a>{{/HAS_NEXT}}
  </nav>
</main>
{{>ADMIN_FOOT}}
