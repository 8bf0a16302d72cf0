{{%AUTOESCAPE context="HTML"}}
{{>ADMIN_HEAD}}
<main id="main" class="nr-main">
  <h1>Users</h1>
  {{#HAS_ERROR}}<p class="nr-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  {{#HAS_NOTICE}}<div class="nr-notice" role="status"><p>{{NOTICE}}</p>{{#HAS_LINK}}<p><code class="nr-link">{{LINK}}</code></p>{{/HAS_LINK}}</div>{{/HAS_NOTICE}}
  <table class="nr-table">
    <caption>Everyone who can sign in to the newsroom</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
    <tbody>
    {{#USER}}<tr>
      <th scope="row">{{NAME}}</th><td>{{EMAIL}}</td><td>{{ROLE}}</td><td>{{STATUS}}</td>
      <td class="nr-actions">
        <form method="post" action="/admin/users/{{ID}}">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          <input type="hidden" name="action" value="role">
          <label for="role-{{ID}}" class="visually-hidden">Role of {{NAME}}</label>
          <select id="role-{{ID}}" name="role">{{#ROLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/ROLE_OPTION}}</select>
          <button type="submit">Change role</button>
        </form>
        <form method="post" action="/admin/users/{{ID}}">
          <input type="hidden" name="_csrf" value="{{CSRF}}">
          {{#CAN_DISABLE}}<button type="submit" name="action" value="disable">Disable</button>{{/CAN_DISABLE}}
          {{#CAN_ENABLE}}<button type="submit" name="action" value="enable">Enable</button>{{/CAN_ENABLE}}
          <button type="submit" name="action" value="link">Password link</button>
        </form>
      </td>
    </tr>{{/USER}}
    </tbody>
  </table>
  <h2>Add someone</h2>
  <form method="post" action="/admin/users" class="nr-form">
    <input type="hidden" name="_csrf" value="{{CSRF}}">
    <p><label for="new-name">Name</label> <input id="new-name" name="name" required></p>
    <p><label for="new-email">Email address</label> <input id="new-email" name="email" type="email" required></p>
    <p><label for="new-role">Role</label>
      <select id="new-role" name="role">
        <option value="contributor">Contributor</option><option value="author" selected>Author</option>
        <option value="editor">Editor</option><option value="admin">Administrator</option>
      </select></p>
    <p><button type="submit" class="primary">Add</button></p>
  </form>
</main>
{{>ADMIN_FOOT}}
