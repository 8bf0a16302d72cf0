{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Media</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert" id="media-error">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status" id="media-notice">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <form method="post" action="/admin/media?csrf={{CSRF}}" enctype="multipart/form-data" class="nr-form nr-upload">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <fieldset>
      <legend>Upload an image (JPEG, PNG, WebP or GIF, at most {{MAX_SIZE}} and {{MAX_MEGAPIXELS}} megapixels)</legend>
      <p><label for="file">Image file</label> <input id="file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/gif" required></p>
      <p><label for="alt">Alt text (what the image shows, for people who cannot see it)</label> <input id="alt" name="alt"></p>
      <p><label for="caption">Caption</label> <input id="caption" name="caption"></p>
      <p><label for="credit">Credit</label> <input id="credit" name="credit"></p>
      <p><button type="submit" class="primary">Upload</button></p>
    </fieldset>
  </form>
  <form method="get" action="/admin/media" class="nr-filters" role="search" aria-label="Search images">
    <p><label for="media-q">Search by name, alt text, caption or credit</label> <input id="media-q" name="q" type="search" value="{{Q}}"></p>
    <p><button type="submit">Search</button></p>
  </form>
  <p class="nr-count" role="status">{{TOTAL}} images</p>
  {{#EMPTY}}<p>No image matches.</p>{{/EMPTY}}
  <ul class="nr-media-grid">
    {{#ITEM}}<li id="media-{{ID}}">
      <a href="{{URL}}"><img src="{{THUMB_URL}}" alt="{{ALT}}" width="{{WIDTH}}" height="{{HEIGHT}}" loading="lazy"></a>
      <p><strong>Number {{ID}}</strong> · {{NAME}}<br>{{TYPE}}, {{WIDTH}}×{{HEIGHT}}, {{SIZE}}, {{VARIANTS}} sizes</p>
      {{#CAN_CHANGE}}<form method="post" action="/admin/media/{{ID}}" class="nr-form">
        <input type="hidden" name="_csrf" value="{{CSRF}}">
        <p><label for="alt-{{ID}}">Alt text</label> <input id="alt-{{ID}}" name="alt" value="{{ALT}}"></p>
        <p><label for="caption-{{ID}}">Caption</label> <input id="caption-{{ID}}" name="caption" value="{{CAPTION}}"></p>
        <p><label for="credit-{{ID}}">Credit</label> <input id="credit-{{ID}}" name="credit" value="{{CREDIT}}"></p>
        <p><button type="submit">Save</button></p>
      </form>
      <form method="post" action="/admin/media/{{ID}}/delete">
        <input type="hidden" name="_csrf" value="{{CSRF}}">
        <button type="submit">Delete image {{ID}}</button>
      </form>{{/CAN_CHANGE}}
    </li>{{/ITEM}}
  </ul>
  <nav class="nr-pager" aria-label="Pages">
    {{#HAS_PREV}}<a href="{{PREV_URL}}" rel="prev">Newer</a>{{/HAS_PREV}}
    <span>Page {{PAGE}} of {{PAGES}}</span>
    {{#HAS_NEXT}}<a href="{{NEXT_URL}}" rel="next">Older</a>{{/HAS_NEXT}}
  </nav>
</main>
{{>ADMIN_FOOT}}
