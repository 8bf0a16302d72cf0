#pragma once

#include "admin/newsroom.hpp"

namespace dossier {
class EventBus;
}

namespace dossier::admin {

// Signing in and out, password links, the users page and one's own profile.
class AccountHandlers {
 public:
  // events: where auth::AuthorChanged (auth/events.hpp) goes after a user's public profile
  // (name, bio, photo) changed; may be null.
  AccountHandlers(Newsroom& newsroom, auth::AuthService& auth, EventBus const* events = nullptr)
      : newsroom_(newsroom), auth_(auth), events_(events) {}

  http::Response login_page(http::Request const& req, http::Params const& p);
  http::Response login(http::Request const& req, http::Params const& p);
  http::Response forgot_page(http::Request const& req, http::Params const& p);
  http::Response forgot(http::Request const& req, http::Params const& p);
  http::Response password_page(http::Request const& req, http::Params const& p);
  http::Response password(http::Request const& req, http::Params const& p);

  http::Response logout(Visit& v);
  http::Response logout_everywhere(Visit& v);
  http::Response users(Visit& v);
  http::Response add_user(Visit& v);
  http::Response change_user(Visit& v);
  http::Response profile(Visit& v);
  http::Response save_profile(Visit& v);

 private:
  http::Response login_form(int status, std::string const& error, std::string const& email,
                            std::string const& next, std::string const& notice = {});
  http::Response users_page(Visit& v, int status, std::string const& error,
                            std::string const& notice, std::string const& link);
  Newsroom& newsroom_;
  auth::AuthService& auth_;
  EventBus const* events_;
};

}  // namespace dossier::admin
