{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Categories and tags</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <p>Renaming a slug keeps the old address working: it answers with a permanent redirect.</p>
  <h2>Categories</h2>
  <table class="nr-table">
    <caption class="visually-hidden">Categories in navigation order</caption>
    <thead><tr><th scope="col">Category</th><th scope="col">Articles</th><th scope="col">Change</th></tr></thead>
    <tbody>
    {{#CATEGORY}}<tr>
      <th scope="row">{{#IS_CHILD}}— {{/IS_CHILD}}{{NAME}} <span class="nr-muted">/category/{{SLUG}}</span></th>
      <td>{{ARTICLES}}</td>
      <td>
        <form method="post" action="/admin/categories/{{ID}}" class="nr-inline-form">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <label for="cat-name-{{ID}}">Name</label> <input id="cat-name-{{ID}}" name="name" value="{{NAME}}" required>
          <label for="cat-slug-{{ID}}">Slug</label> <input id="cat-slug-{{ID}}" name="slug" value="{{SLUG}}">
          <label for="cat-parent-{{ID}}">Under</label>
          <select id="cat-parent-{{ID}}" name="parent_id"><option value="">(top level)</option>{{#PARENT_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/PARENT_OPTION}}</select>
          <label for="cat-pos-{{ID}}">Position</label> <input id="cat-pos-{{ID}}" name="position" inputmode="numeric" value="{{POSITION}}">
          <label for="cat-desc-{{ID}}">Description</label> <input id="cat-desc-{{ID}}" name="description" value="{{DESCRIPTION}}">
          <button type="submit" name="action" value="save">Save</button>
          <button type="submit" name="action" value="delete">Delete</button>
        </form>
      </td>
    </tr>{{/CATEGORY}}
    </tbody>
  </table>
  <h3>Add a category</h3>
  <form method="post" action="/admin/categories" class="nr-form nr-inline-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <label for="new-cat-name">Name</label> <input id="new-cat-name" name="name" required>
    <label for="new-cat-slug">Slug (optional)</label> <input id="new-cat-slug" name="slug">
    <label for="new-cat-parent">Under</label>
    <select id="new-cat-parent" name="parent_id"><option value="">(top level)</option>{{#NEW_PARENT_OPTION}}<option value="{{VALUE}}">{{LABEL}}</option>{{/NEW_PARENT_OPTION}}</select>
    <label for="new-cat-pos">Position</label> <input id="new-cat-pos" name="position" inputmode="numeric" value="0">
    <button type="submit" class="primary">Add</button>
  </form>
  <h2>Tags</h2>
  <form method="get" action="/admin/taxonomy" class="nr-filters" role="search" aria-label="Find tags">
    <p><label for="tag_q">Tag name contains</label> <input id="tag_q" name="tag_q" type="search" value="{{TAG_Q}}"></p>
    <p><button type="submit">Find</button></p>
  </form>
  {{#NO_TAGS}}<p>No tag matches.</p>{{/NO_TAGS}}
  <table class="nr-table">
    <caption class="visually-hidden">Tags by name (at most 200)</caption>
    <thead><tr><th scope="col">Tag</th><th scope="col">Articles</th><th scope="col">Change</th></tr></thead>
    <tbody>
    {{#TAG}}<tr>
      <th scope="row">{{NAME}} <span class="nr-muted">/tag/{{SLUG}}</span></th>
      <td>{{ARTICLES}}</td>
      <td>
        <form method="post" action="/admin/tags/{{ID}}" class="nr-inline-form">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <label for="tag-name-{{ID}}">Name</label> <input id="tag-name-{{ID}}" name="name" value="{{NAME}}" required>
          <label for="tag-slug-{{ID}}">Slug</label> <input id="tag-slug-{{ID}}" name="slug" value="{{SLUG}}">
          <button type="submit" name="action" value="save">Save</button>
          <button type="submit" name="action" value="delete">Delete</button>
        </form>
      </td>
    </tr>{{/TAG}}
    </tbody>
  </table>
</main>
{{>ADMIN_FOOT}}
