#pragma once

#include "auth/user.hpp"

namespace dossier::auth {

// Published after a user's public profile (name, bio, photo) changed: the author's page and
// every article page showing the author's name are rendered again (cache key "author:ID").
struct AuthorChanged {
  Id user_id = 0;
};

}  // namespace dossier::auth
