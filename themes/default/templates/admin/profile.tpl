{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main nr-narrow">
  <h1>Your profile</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<p class="nr-notice" role="status">{{NOTICE}}</p>{{/HAS_NOTICE}}
  <form method="post" action="/admin/profile" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><label for="name">Name</label> <input id="name" name="name" required value="{{NAME}}"></p>
    <p><label for="bio">Biography (shown on your author page)</label>
      <textarea id="bio" name="bio" rows="5">{{BIO:pre_escape}}</textarea></p>
    <p><label for="photo_media_id">Photo (image number in the <a href="/admin/media">media library</a>; empty for none)</label>
      <input id="photo_media_id" name="photo_media_id" inputmode="numeric" pattern="[0-9]*" value="{{PHOTO}}"></p>
    <fieldset>
      <legend>Change your password (leave empty to keep it)</legend>
      <input type="text" name="username" autocomplete="username" value="{{EMAIL}}" hidden>
      <p><label for="current_password">Current password</label>
        <input id="current_password" name="current_password" type="password" autocomplete="current-password"></p>
      <p><label for="new_password">New password (at least {{MIN_LENGTH}} characters)</label>
        <input id="new_password" name="new_password" type="password" autocomplete="new-password"></p>
      <p><label for="confirm">The same again</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password"></p>
    </fieldset>
    <p><button type="submit" class="primary">Save</button></p>
  </form>
  <form method="post" action="/admin/logout-everywhere" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><button type="submit">Sign out on every device</button></p>
  </form>
</main>
{{>ADMIN_FOOT}}
