{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <div class="nr-title-row">
    <h1>{{HEADING}}</h1>
    {{#EXISTING}}<p class="nr-state">State: <strong>{{STATE}}</strong>
      {{#IS_LIVE}}· <a href="{{LIVE_URL}}">view on the site</a>{{#CAN_SEND}} · <a href="/admin/newsletter/article/{{ID}}">send as a newsletter</a>{{/CAN_SEND}}{{/IS_LIVE}}
      · <a href="/admin/articles/{{ID}}/revisions">Revisions</a> · <a href="/admin/comments?article={{ID}}&amp;status=">Comments</a> · <a href="/admin/quotes?article={{ID}}">Quotations</a> · <a href="/admin/articles/{{ID}}/report">Report parts</a></p>{{/EXISTING}}
  </div>
  {{#HAS_ERROR}}<p class="nr-error" role="alert" id="editor-error">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  {{#EXISTING}}{{#HAS_PREVIEW}}<div class="nr-notice" role="status"><p>Preview link (works for 7 days, for anyone who has it):</p><p><a class="nr-link" href="{{PREVIEW_URL}}">{{PREVIEW_URL}}</a></p></div>{{/HAS_PREVIEW}}{{/EXISTING}}
  <form method="post" action="{{FORM_ACTION}}" class="nr-form nr-editor" id="editor" data-autosave="{{#AUTOSAVE}}on{{/AUTOSAVE}}">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <input type="hidden" name="base_revision" value="{{BASE_REVISION}}">
    <div class="nr-editor-main">
      <p><label for="title">Title</label> <input id="title" name="title" required maxlength="300" value="{{TITLE}}"></p>
      <p><label for="dek">Standfirst (dek)</label> <textarea id="dek" name="dek" rows="2">{{DEK:pre_escape}}</textarea></p>
      <div class="nr-body">
        <label for="body">Body (Markdown)</label>
        <div class="nr-toolbar" role="toolbar" aria-label="Formatting" aria-controls="body">
          <button type="button" data-md="bold" title="Bold (Ctrl+B)"><b>B</b><span class="visually-hidden"> bold</span></button>
          <button type="button" data-md="italic" title="Italic (Ctrl+I)"><i>I</i><span class="visually-hidden"> italic</span></button>
          <button type="button" data-md="heading">Heading</button>
          <button type="button" data-md="link">Link</button>
          <button type="button" data-md="quote">Quote</button>
          <button type="button" data-md="list">List</button>
          <button type="button" data-preview aria-pressed="false">Preview</button>
        </div>
        <textarea id="body" name="body" rows="22">{{BODY:pre_escape}}</textarea>
        <section id="preview" class="nr-preview" aria-live="polite" aria-label="Preview" hidden></section>
        <p class="nr-autosave" id="autosave-status" role="status"></p>
      </div>
    </div>
    <div class="nr-editor-side">
      <fieldset>
        <legend>Publishing</legend>
        <p><label for="publish_at">Publish at (UTC, for scheduling)</label>
          <input id="publish_at" name="publish_at" type="datetime-local" value="{{PUBLISH_AT}}"></p>
        <p class="nr-buttons">
          {{#CAN_SAVE}}<button type="submit" name="action" value="save">Save draft</button>{{/CAN_SAVE}}
          {{#CAN_UPDATE}}<button type="submit" name="action" value="save" class="primary">Update</button>{{/CAN_UPDATE}}
          {{#CAN_SUBMIT}}<button type="submit" name="action" value="submit">Submit for review</button>{{/CAN_SUBMIT}}
          {{#CAN_SCHEDULE}}<button type="submit" name="action" value="schedule">Schedule</button>{{/CAN_SCHEDULE}}
          {{#CAN_PUBLISH}}<button type="submit" name="action" value="publish" class="primary">Publish</button>{{/CAN_PUBLISH}}
          {{#CAN_UNPUBLISH}}<button type="submit" name="action" value="unpublish">Unpublish</button>{{/CAN_UNPUBLISH}}
        </p>
      </fieldset>
      <p><label for="kind">Kind</label>
        <select id="kind" name="kind">{{#KIND_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/KIND_OPTION}}</select></p>
      {{#CHOOSE_AUTHOR}}<p><label for="author_id">Author</label>
        <select id="author_id" name="author_id">{{#AUTHOR_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/AUTHOR_OPTION}}</select></p>{{/CHOOSE_AUTHOR}}
      <fieldset class="nr-categories">
        <legend>Categories (the first ticked is the main one)</legend>
        {{#CATEGORY_OPTION}}<label><input type="checkbox" name="category" value="{{VALUE}}"{{#CHECKED}} checked{{/CHECKED}}> {{LABEL}}</label>{{/CATEGORY_OPTION}}
      </fieldset>
      <p><label for="tags">Tags (separated by commas)</label> <input id="tags" name="tags" value="{{TAGS}}"></p>
      <fieldset>
        <legend>Main image</legend>
        <p><label for="hero_media_id">Image number in the media library</label>
          <input id="hero_media_id" name="hero_media_id" inputmode="numeric" pattern="[0-9]*" value="{{HERO_MEDIA_ID}}"></p>
        {{#HERO}}<img class="nr-hero-thumb" src="{{HERO_THUMB}}" alt="{{HERO_ALT}}" width="{{HERO_W}}" height="{{HERO_H}}">
        {{#HERO_EDITABLE}}<p><label for="hero_alt">Alt text (what it shows)</label> <input id="hero_alt" name="hero_alt" value="{{HERO_ALT}}"></p>
        <p><label for="hero_caption">Caption</label> <input id="hero_caption" name="hero_caption" value="{{HERO_CAPTION}}"></p>
        <p><label for="hero_credit">Credit</label> <input id="hero_credit" name="hero_credit" value="{{HERO_CREDIT}}"></p>{{/HERO_EDITABLE}}
        {{#HERO_READONLY}}<p>Caption: {{HERO_CAPTION}}<br>Credit: {{HERO_CREDIT}}<br><span class="nr-muted">(changed by whoever uploaded it, or an editor)</span></p>{{/HERO_READONLY}}{{/HERO}}
        <p><a href="/admin/media">Open the media library</a></p>
      </fieldset>
      <p><label for="slug">Slug (address; empty = made from the title)</label> <input id="slug" name="slug" value="{{SLUG}}" pattern="[a-z0-9]+(-[a-z0-9]+)*"></p>
      <fieldset>
        <legend>Search engines</legend>
        <p><label for="seo_title">Title for search engines</label> <input id="seo_title" name="seo_title" value="{{SEO_TITLE}}"></p>
        <p><label for="seo_description">Description</label> <textarea id="seo_description" name="seo_description" rows="3">{{SEO_DESCRIPTION:pre_escape}}</textarea></p>
      </fieldset>
    </div>
  </form>
  {{#EXISTING}}<form method="post" action="/admin/articles/{{ID}}/preview-link" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><button type="submit">Make a preview link</button></p>
  </form>{{/EXISTING}}
</main>
{{>ADMIN_FOOT}}
