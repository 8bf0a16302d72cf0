#pragma once

#include "admin/newsroom.hpp"

namespace dossier {
class EventBus;
}

namespace dossier::auth {

// Signing in and out, password links, the users page and one's own profile.
class AuthHandlers {
 public:
  // events: where auth::AuthorChanged (auth/events.hpp) goes after a user's public profile
  // (name, bio, photo) changed; may be null.
  AuthHandlers(admin::Newsroom& newsroom, AuthService& auth, EventBus const* events = nullptr)
      : newsroom_(newsroom), auth_(auth), events_(events) {}

  http::Response login_page(http::Request const& req, http::Params const& p);
  http::Response login(http::Request const& req, http::Params const& p);
  http::Response forgot_page(http::Request const& req, http::Params const& p);
  http::Response forgot(http::Request const& req, http::Params const& p);
  http::Response password_page(http::Request const& req, http::Params const& p);
  http::Response password(http::Request const& req, http::Params const& p);

  http::Response logout(admin::Visit& v);
  http::Response logout_everywhere(admin::Visit& v);
  http::Response users(admin::Visit& v);
  http::Response add_user(admin::Visit& v);
  http::Response change_user(admin::Visit& v);
  http::Response profile(admin::Visit& v);
  http::Response save_profile(admin::Visit& v);

 private:
  http::Response login_form(int status, std::string const& error, std::string const& email,
                            std::string const& next, std::string const& notice = {});
  http::Response users_page(admin::Visit& v, int status, std::string const& error,
                            std::string const& notice, std::string const& link);
  admin::Newsroom& newsroom_;
  AuthService& auth_;
  EventBus const* events_;
};

}  // namespace dossier::auth
