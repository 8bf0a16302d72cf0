#pragma once

#include <string>

#include "app/app.hpp"
#include "app/config.hpp"
#include "clients/client_service.hpp"
#include "http/form.hpp"

namespace dossier::app {

// `dossier client ...`: client organisations from the shell.
struct ClientCommand {
  enum class Verb { Add, List, MemberAdd, Grant, Revoke, Link } verb = Verb::List;
  std::string name;                    // add: the organisation; member add: the member's name
  std::string seats;                   // add: "" = no limit
  std::string until;                   // add, grant: YYYY-MM-DD, that day included
  std::string from;                    // grant: YYYY-MM-DD, from 00:00 UTC
  std::string client;                  // member add, grant, revoke: the organisation's name
  std::string email;                   // member add, link
  std::string article, category, tag;  // grant, revoke: one of these, or all
  bool all = false;
  bool password_stdin = false;  // member add: read a password from standard input
};
int run_client(GlobalOptions const& g, ClientCommand const& command);

// `dossier article visibility --slug SLUG --set public|subscribers|clients`.
struct VisibilityCommand {
  std::string slug;
  std::string visibility;
};
int run_article_visibility(GlobalOptions const& g, VisibilityCommand const& command);

// Reader sessions follow the newsroom's [auth] settings: idle and absolute lifetimes, the
// password cost and the sign-in limits.
clients::ClientOptions client_options_of(Config const& c, std::string const& site_title);
// The reader's cookie is Secure when the site is served over TLS: auth.secure_cookies, or a
// site.url that starts with https://.
http::CookieSecurity reader_cookie_security(Config const& c);

}  // namespace dossier::app
