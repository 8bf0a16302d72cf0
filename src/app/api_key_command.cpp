#include "app/api_key_command.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "app/client_command.hpp"
#include "app/command_support.hpp"
#include "auth/auth_service.hpp"
#include "clients/client_service.hpp"
#include "publishing/publishing_service.hpp"
#include "store/database.hpp"

namespace dossier::app {

namespace {

struct Tools {
  api::ApiKeys& keys;
  auth::AuthService& auth;
  clients::ClientService& clients;
};

int fail_with(Error const& e) {
  fail(e.message);
  return e.kind == ErrorKind::Invalid || e.kind == ErrorKind::NotFound ? kExitUsage : kExitFailure;
}

Result<api::NewKey> new_key_of(Tools const& t, ApiKeyCommand const& c) {
  api::NewKey in;
  in.name = c.name;
  if (c.kind == "admin")
    in.kind = api::KeyKind::Admin;
  else if (c.kind == "content")
    in.kind = api::KeyKind::Content;
  else
    return invalid("--kind is content or admin");
  if (!c.user.empty()) {
    auto user = t.auth.user_by_email(c.user);
    if (!user) return invalid(fmt::format("no staff account has the address {}", c.user));
    in.user_id = user->id;
  }
  for (auto const& name : c.scopes) {
    auto scope = api::parse_scope(name);
    if (!scope)
      return invalid(
          fmt::format("unknown scope {} (articles:read, articles:write, "
                      "articles:publish, media:write, taxonomy:write, "
                      "comments:moderate, subscribers:write)",
                      name));
    in.scopes.push_back(*scope);
  }
  if (!c.client.empty()) {
    for (auto const& org : t.clients.clients())
      if (org.slug == c.client || org.name == c.client) in.client_id = org.id;
    if (!in.client_id) return invalid(fmt::format("no client organisation is called {}", c.client));
  }
  return in;
}

int create(Tools const& t, ApiKeyCommand const& c) {
  auto in = new_key_of(t, c);
  if (!in) return fail_with(in.error());
  auto made = t.keys.create(*in);
  if (!made) return fail_with(made.error());
  // The secret alone on standard output, so a script can take it; the rest on standard error.
  std::fprintf(stderr, "key %lld \"%s\" created; its secret is shown this once:\n", made->key.id,
               made->key.name.c_str());
  std::printf("%s\n", made->secret.c_str());
  return kExitOk;
}

int list(Tools const& t) {
  std::printf("%-6s %-28s %-8s %-13s %-10s %s\n", "ID", "NAME", "KIND", "PREFIX", "STATE",
              "SCOPES / CLIENT");
  for (auto const& k : t.keys.list()) {
    std::string detail;
    for (auto s : k.scopes) detail += (detail.empty() ? "" : " ") + std::string(api::to_string(s));
    if (k.user_id)
      if (auto u = t.auth.user(*k.user_id)) detail += " as " + u->email;
    if (k.client_id)
      if (auto org = t.clients.client(*k.client_id)) detail += org->name;
    std::printf("%-6lld %-28s %-8s %-13s %-10s %s\n", k.id, k.name.c_str(),
                k.kind == api::KeyKind::Admin ? "admin" : "content", k.prefix.c_str(),
                k.revoked_at ? "revoked" : "live", detail.c_str());
  }
  return kExitOk;
}

int revoke(Tools const& t, ApiKeyCommand const& c) {
  auto done = t.keys.revoke(c.id);
  if (!done) return fail_with(done.error());
  std::printf("key %lld revoked\n", c.id);
  return kExitOk;
}

}  // namespace

api::KeyDirectory key_directory(auth::AuthService& auth, clients::ClientService& clients) {
  return {
      [&auth](api::Id id) { return auth.user(id); },
      [&clients](api::Id id) -> std::optional<publishing::Viewer> {
        auto client = clients.client(id);
        if (!client) return std::nullopt;
        publishing::Viewer v;
        v.kind = publishing::ViewerKind::Client;
        v.client_id = client->id;
        v.client_name = client->name;
        v.client_until = client->until;
        for (auto const& g : clients.grants(client->id)) v.grants.push_back(g.grant);
        return v;
      },
  };
}

std::vector<api::ClientChoice> client_choices(clients::ClientService& clients) {
  std::vector<api::ClientChoice> out;
  for (auto const& c : clients.clients()) out.push_back({c.id, c.name, c.slug});
  return out;
}

int run_api_key(GlobalOptions const& g, ApiKeyCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    auto title = publishing.settings().title;
    auth::AuthService auth(**db, now_utc, auth_options(*config, title));
    clients::ClientService clients(**db, now_utc, client_options_of(*config, title));
    api::ApiKeys keys(**db, now_utc, key_directory(auth, clients));
    Tools tools{keys, auth, clients};
    switch (command.verb) {
      case ApiKeyCommand::Verb::Create: return create(tools, command);
      case ApiKeyCommand::Verb::List: return list(tools);
      case ApiKeyCommand::Verb::Revoke: return revoke(tools, command);
    }
    return kExitUsage;
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
}

}  // namespace dossier::app
