{{%AUTOESCAPE context="HTML"}}
<nav class="pagination" aria-label="Pagination">
  {{#PREV}}<a rel="prev" href="{{PREV_URL}}">&larr; Newer</a>{{/PREV}}
  <span class="pagination__status">Page {{PAGE_NUMBER}} of {{PAGE_COUNT}}</span>
  {{#NEXT}}<a rel="next" href="{{NEXT_URL}}">Older &rarr;</a>{{/NEXT}}
</nav>
