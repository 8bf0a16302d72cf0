#pragma once

#include <optional>
#include <string>

#include "auth/user.hpp"

namespace soci {
class session;
}

namespace dossier::auth {

// An author who writes for the site without a newsroom account: a byline with a page. The demo
// loader, generated corpora and imports add them; publishing shows them through the `authors`
// view. `role` is one of to_string(Role)'s words.
struct Byline {
  std::string slug;
  std::string name;
  std::string bio;
  std::string role = "author";
  std::string email;  // empty: none
};

// Adds the byline in the caller's transaction; returns its user id.
Id add_byline(soci::session& sql, Byline const& byline, UnixTime now);

// For imports, in the caller's transaction: the user (any state, with or without a password)
// whose address this is, compared without case; and whether a user's slug is taken.
std::optional<Id> user_id_by_email(soci::session& sql, std::string const& email);
bool user_slug_taken(soci::session& sql, std::string const& slug);

}  // namespace dossier::auth
