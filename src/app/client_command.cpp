#include "app/client_command.hpp"

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "app/command_support.hpp"
#include "clients/catalog.hpp"
#include "clients/client_admin_handlers.hpp"
#include "publishing/editorial_service.hpp"

namespace dossier::app {

namespace {

using clients::ClientService;
using publishing::GrantScope;

// The scope and slug of --article, --category, --tag or --all: exactly one.
Result<std::pair<GrantScope, std::string>> scope_of(ClientCommand const& c) {
  std::vector<std::pair<GrantScope, std::string>> given;
  if (!c.article.empty()) given.emplace_back(GrantScope::Article, c.article);
  if (!c.category.empty()) given.emplace_back(GrantScope::Category, c.category);
  if (!c.tag.empty()) given.emplace_back(GrantScope::Tag, c.tag);
  if (c.all) given.emplace_back(GrantScope::All, "");
  if (given.size() != 1)
    return invalid("give exactly one of --article SLUG, --category SLUG, --tag SLUG or --all");
  return given.front();
}

std::string first_line_of_stdin() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

struct Tools {
  ClientService& clients;
  clients::Catalog& catalog;
};

int list(Tools const& t) {
  std::printf("%-32s %-14s %-12s %s\n", "NAME", "SEATS", "UNTIL", "GRANTS");
  for (auto const& c : t.clients.clients()) {
    auto seats = fmt::format("{}/{}", c.active_members,
                             c.seats ? std::to_string(*c.seats) : std::string("-"));
    auto until = c.until ? clients::end_day(*c.until) : std::string("-");
    std::printf("%-32s %-14s %-12s %lld\n", c.name.c_str(), seats.c_str(), until.c_str(),
                c.live_grants);
    for (auto const& g : t.clients.grants(c.id)) {
      auto window = fmt::format(
          "{} .. {}", g.grant.from ? clients::start_day(*g.grant.from) : std::string("-"),
          g.grant.until ? clients::end_day(*g.grant.until) : std::string("-"));
      std::printf("    %s  [%s]\n", t.catalog.label(g.grant).c_str(), window.c_str());
    }
  }
  return kExitOk;
}

int run_verb(Tools const& t, ClientCommand const& c) {
  using V = ClientCommand::Verb;
  if (c.verb == V::List) return list(t);
  if (c.verb == V::Add) {
    auto seats = clients::parse_seats(c.seats);
    if (!seats) return fail("--seats: " + seats.error().message), kExitUsage;
    auto until = clients::parse_until(c.until);
    if (!until) return fail("--until: " + until.error().message), kExitUsage;
    auto added = t.clients.add_client({c.name, *seats, *until, ""});
    if (!added) return fail(added.error().message), kExitFailure;
    std::printf("Added the client %s (%s seats, until %s)\n", added->name.c_str(),
                added->seats ? std::to_string(*added->seats).c_str() : "unlimited",
                added->until ? clients::end_day(*added->until).c_str() : "no end");
    return kExitOk;
  }
  if (c.verb == V::Link) {
    auto member = t.clients.member_by_email(c.email);
    if (!member)
      return fail(fmt::format("no client member has the email {}", c.email)), kExitFailure;
    auto link = t.clients.sign_in_link(member->id);
    if (!link) return fail(link.error().message), kExitFailure;
    // Printed to the operator's terminal, never logged: whoever has it signs in as the member.
    std::printf("One-time sign-in link for %s (valid %lld minutes):\n%s\n", member->email.c_str(),
                static_cast<long long>(t.clients.options().link_ttl.count() / 60), link->c_str());
    return kExitOk;
  }
  auto client = t.clients.client_by_name(c.client);
  if (!client) return fail(fmt::format("there is no client named {}", c.client)), kExitFailure;
  if (c.verb == V::MemberAdd) {
    std::string password;
    if (c.password_stdin) {
      password = first_line_of_stdin();
      if (auto problem = auth::password_problem(password)) return fail(*problem), kExitUsage;
    }
    auto added = t.clients.add_member(client->id, c.email, c.name);
    if (!added) return fail(added.error().message), kExitFailure;
    if (c.password_stdin)
      if (auto done = t.clients.set_member_password(added->id, password); !done)
        return fail(done.error().message), kExitFailure;
    std::printf("Added %s to %s\n", added->email.c_str(), client->name.c_str());
    return kExitOk;
  }
  auto scope = scope_of(c);
  if (!scope) return fail(scope.error().message), kExitUsage;
  auto target = t.catalog.target_id(scope->first, scope->second);
  if (!target) return fail(target.error().message), kExitFailure;
  if (c.verb == V::Revoke) {
    auto done = t.clients.revoke(client->id, scope->first, *target);
    if (!done) return fail(done.error().message), kExitFailure;
    std::printf("Revoked\n");
    return kExitOk;
  }
  auto from = clients::parse_from(c.from);
  if (!from) return fail("--from: " + from.error().message), kExitUsage;
  auto until = clients::parse_until(c.until);
  if (!until) return fail("--until: " + until.error().message), kExitUsage;
  auto granted = t.clients.grant(client->id, {scope->first, *target, *from, *until});
  if (!granted) return fail(granted.error().message), kExitFailure;
  std::printf("Granted %s to %s\n", t.catalog.label({scope->first, *target, *from, *until}).c_str(),
              client->name.c_str());
  return kExitOk;
}

}  // namespace

clients::ClientOptions client_options_of(Config const& c, std::string const& site_title) {
  auto a = auth_options(c, site_title);
  clients::ClientOptions o;
  o.cost = a.cost;
  o.session_idle = a.session_idle;
  o.session_absolute = a.session_absolute;
  o.attempts_per_address = a.attempts_per_address;
  o.failures_per_member = a.failures_per_account;
  o.attempt_window = a.attempt_window;
  o.site_url = c.site.url;
  o.site_title = site_title;
  return o;
}

http::CookieSecurity reader_cookie_security(Config const& c) {
  return c.auth.secure_cookies || c.site.url.starts_with("https://")
             ? http::CookieSecurity::TlsOnly
             : http::CookieSecurity::AnyConnection;
}

int run_client(GlobalOptions const& g, ClientCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    publishing::EditorialService editorial(**db, publishing, now_utc);
    ClientService clients(**db, now_utc, client_options_of(*config, publishing.settings().title));
    clients::Catalog catalog(**db, publishing, editorial);
    return run_verb({clients, catalog}, command);
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
}

int run_article_visibility(GlobalOptions const& g, VisibilityCommand const& command) {
  auto visibility = publishing::parse_visibility(command.visibility);
  if (!visibility) return fail("--set must be public, subscribers or clients"), kExitUsage;
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  try {
    auto db = open_store(*config, 1);
    if (!db) return fail(db.error().message), kExitFailure;
    // The search index follows the change in its transaction, as with any article save; a
    // running server's page cache learns of it by the cross-process change notice.
    auto index_owner = search::make_search_index(**db, ranking_of(*config), now_utc);
    auto& index = *index_owner;
    publishing::PublishingService publishing(**db, now_utc, nullptr, index_on_write(index));
    publishing::EditorialService editorial(**db, publishing, now_utc);
    clients::Catalog catalog(**db, publishing, editorial);
    auto done = catalog.set_visibility(command.slug, *visibility);
    if (!done) return fail(done.error().message), kExitFailure;
    std::printf("%s is %s now\n", command.slug.c_str(),
                std::string(publishing::to_string(*visibility)).c_str());
    return kExitOk;
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
}

}  // namespace dossier::app
