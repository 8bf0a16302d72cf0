{{%AUTOESCAPE context="HTML"}}
<form class="comment-form" id="comment-form" method="post" action="{{ACTION}}" data-token-url="{{TOKEN_URL}}">
  <input type="hidden" name="token" value="{{TOKEN}}">
  <input type="hidden" name="parent" value="{{PARENT}}">
  <p class="comment-form__trap" aria-hidden="true"><label for="website_confirm">Leave this empty</label> <input id="website_confirm" name="website_confirm" tabindex="-1" autocomplete="off"></p>
  <p><label for="comment-name">Name</label> <input id="comment-name" name="name" required maxlength="80" autocomplete="name" value="{{NAME}}"></p>
  <p><label for="comment-email">Email (never shown)</label> <input id="comment-email" name="email" type="email" required maxlength="254" autocomplete="email" value="{{EMAIL}}"></p>
  <p><label for="comment-url">Website (optional)</label> <input id="comment-url" name="url" type="url" maxlength="200" autocomplete="url" value="{{URL}}"></p>
  <p><label for="comment-body">Comment</label> <textarea id="comment-body" name="body" rows="6" required maxlength="10000">{{BODY:pre_escape}}</textarea></p>
  <p class="comment-form__notify"><input type="checkbox" id="comment-notify" name="notify" value="1"{{#NOTIFY_CHECKED}} checked{{/NOTIFY_CHECKED}}> <label for="comment-notify">Mail me when someone replies (we send a link to confirm first)</label></p>
  <p class="comment-form__help">You can use *emphasis*, **bold**, [links](https://example.org) and &gt; quotes. First comments are read by an editor before they appear.</p>
  <p><button type="submit" name="action" value="preview">Preview</button> <button type="submit" name="action" value="post">Post comment</button></p>
</form>
