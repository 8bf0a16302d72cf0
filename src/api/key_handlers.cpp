#include "api/key_handlers.hpp"

#include <charconv>
#include <map>

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "render/template_key.hpp"

namespace dossier::api {

using render::operator""_key;

namespace msg {
constexpr char const* kBadKind = "Choose a content key or an admin key.";
constexpr char const* kBadUser = "Choose the staff account the admin key acts as.";
constexpr char const* kBadClient = "Choose a client organisation, or none.";
constexpr char const* kBadScope = "The form named a scope that does not exist.";
constexpr char const* kConfirm = "Tick the box to confirm: integrations using the key will stop.";
constexpr char const* kBadId = "There is no such key.";
constexpr char const* kCreated =
    "Key \"{}\" created. Copy it now: it is shown this once and cannot be shown again.";
constexpr char const* kRevoked = "Key \"{}\" revoked: calls with it are now refused.";
}  // namespace msg

namespace {

constexpr char const* kNever = "never";

std::optional<Id> id_of(std::string const& text) {
  Id id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

std::string scopes_label(std::vector<Scope> const& scopes) {
  std::string out;
  for (auto s : scopes) out += (out.empty() ? "" : ", ") + std::string(to_string(s));
  return out;
}

constexpr Scope kAllScopes[] = {
    Scope::ArticlesRead,  Scope::ArticlesWrite,    Scope::ArticlesPublish, Scope::MediaWrite,
    Scope::TaxonomyWrite, Scope::CommentsModerate, Scope::SubscribersWrite};
static_assert(std::size(kAllScopes) == kScopeCount, "every scope is offered on the form");

}  // namespace

http::Response KeyHandlers::page(admin::Visit& v, int status, std::string const& error,
                                 std::string const& notice, CreatedKey const* created) {
  auto keys = ctx_.keys.list();
  auto users = ctx_.users();
  auto clients = ctx_.clients();
  std::map<Id, std::string> user_names, client_names;
  for (auto const& u : users) user_names[u.id] = u.name.empty() ? u.email : u.name;
  for (auto const& c : clients) client_names[c.id] = c.name;
  return ctx_.newsroom.render(
      v, status, "Integrations", "admin/integrations.tpl", [&](ctemplate::TemplateDictionary& d) {
        if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
        if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
        if (created) d.SetValueAndShowSection("SECRET"_key, created->secret, "HAS_SECRET");
        d.ShowSection(keys.empty() ? "NO_KEYS"_key : "HAS_KEYS"_key);
        for (auto const& k : keys) {
          auto* row = d.AddSectionDictionary("KEY"_key);
          row->SetIntValue("ID"_key, static_cast<long>(k.id));
          row->SetValue("NAME"_key, k.name);
          row->SetValue("KIND"_key, k.kind == KeyKind::Admin ? "Admin" : "Content");
          row->SetValue("PREFIX"_key, k.prefix);
          row->SetValue("SCOPES"_key, scopes_label(k.scopes));
          row->SetValue("USER"_key, k.user_id ? user_names[*k.user_id] : "");
          row->SetValue("CLIENT"_key, k.client_id ? client_names[*k.client_id] : "");
          row->SetValue("CREATED"_key, format_rfc3339(k.created_at));
          row->SetValue("LAST_USED"_key, k.last_used_at ? format_rfc3339(*k.last_used_at) : kNever);
          if (k.revoked_at)
            row->SetValueAndShowSection("REVOKED"_key, format_rfc3339(*k.revoked_at), "IS_REVOKED");
          else
            row->ShowSection("IS_LIVE"_key);
        }
        for (auto const& u : users) {
          if (u.status != auth::UserStatus::Active) continue;
          auto* row = d.AddSectionDictionary("USER_CHOICE"_key);
          row->SetIntValue("USER_ID"_key, static_cast<long>(u.id));
          row->SetValue("USER_NAME"_key, u.name.empty() ? u.email : u.name);
          row->SetValue("USER_ROLE"_key, std::string(auth::role_label(u.role)));
        }
        for (auto const& c : clients) {
          auto* row = d.AddSectionDictionary("CLIENT_CHOICE"_key);
          row->SetIntValue("CLIENT_ID"_key, static_cast<long>(c.id));
          row->SetValue("CLIENT_NAME"_key, c.name);
        }
        for (auto s : kAllScopes) {
          auto* row = d.AddSectionDictionary("SCOPE_CHOICE"_key);
          row->SetValue("SCOPE"_key, std::string(to_string(s)));
        }
        // Keep what was typed after an error (never the secret: there is none then).
        if (!error.empty()) d.SetValue("FORM_NAME"_key, v.form.get("name"));
      });
}

http::Response KeyHandlers::browse(admin::Visit& v) {
  return page(v, 200, "", "", nullptr);
}

http::Response KeyHandlers::add(admin::Visit& v) {
  NewKey in;
  in.name = v.form.get("name");
  auto kind = v.form.get("kind");
  if (kind == "admin")
    in.kind = KeyKind::Admin;
  else if (kind == "content")
    in.kind = KeyKind::Content;
  else
    return page(v, 400, msg::kBadKind, "", nullptr);
  if (in.kind == KeyKind::Admin) {
    in.user_id = id_of(v.form.get("user"));
    if (!in.user_id) return page(v, 400, msg::kBadUser, "", nullptr);
    for (auto const& name : v.form.all("scope")) {
      auto s = parse_scope(name);
      if (!s) return page(v, 400, msg::kBadScope, "", nullptr);
      in.scopes.push_back(*s);
    }
  } else if (auto client = v.form.get("client"); !client.empty()) {
    in.client_id = id_of(client);
    if (!in.client_id) return page(v, 400, msg::kBadClient, "", nullptr);
  }
  auto created = ctx_.keys.create(in);
  if (!created)
    return page(v, http::status_for(created.error().kind), created.error().message, "", nullptr);
  return page(v, 201, "", fmt::format(msg::kCreated, created->key.name), &*created);
}

http::Response KeyHandlers::revoke(admin::Visit& v) {
  auto id = id_of(v.params.get("id"));
  auto key = id ? ctx_.keys.key(*id) : std::nullopt;
  if (!key) return page(v, 404, msg::kBadId, "", nullptr);
  if (v.form.get("confirm") != "yes") return page(v, 400, msg::kConfirm, "", nullptr);
  auto done = ctx_.keys.revoke(*id);
  if (!done) return page(v, http::status_for(done.error().kind), done.error().message, "", nullptr);
  return page(v, 200, "", fmt::format(msg::kRevoked, key->name), nullptr);
}

}  // namespace dossier::api
