#pragma once

// A reader's private Atom feed (RFC 4287): what the reader may read now (titles, deks,
// links; never a body), at a secret address. The token is random (security/tokens.hpp) and
// kept hashed (table reader_feeds), like a session: so its address is shown once, when it is
// made, and a reader who lost it makes a new one (which revokes the old). SQL in
// reader_feed_store.*.

#include <optional>
#include <string>
#include <vector>

#include "clients/portal_types.hpp"
#include "publishing/article.hpp"

namespace dossier::store {
class Database;
}
namespace dossier::render {
class Theme;
}

namespace dossier::clients {

// The most entries a private feed lists (the newest readable reports).
constexpr int kReaderFeedEntries = 50;

struct ReaderFeedState {
  UnixTime created_at = 0;  // the live address was made then
};

class ReaderFeeds {
 public:
  ReaderFeeds(store::Database& db, Clock clock) : db_(db), clock_(std::move(clock)) {}

  // A new address for the member: every earlier one is revoked in the same transaction.
  // Returns the token (shown to the reader once).
  std::string renew(Id member_id);
  // Revokes the member's live address, if any; returns whether there was one.
  bool revoke(Id member_id);
  // The member's live address, if any (its time; the token itself is not kept).
  std::optional<ReaderFeedState> current(Id member_id);
  // The member a live token belongs to; nullopt for an unknown or revoked one.
  std::optional<Id> member_of(std::string const& token);

 private:
  store::Database& db_;
  Clock clock_;
};

// The feed's path for a token: /portal/feed/TOKEN.xml.
std::string reader_feed_path(std::string const& token);

// The Atom document of a private feed.
struct ReaderFeedView {
  std::string site_url;    // canonical base, no trailing slash
  std::string site_title;  // the feed's title names the site and the organisation
  std::string organisation;
  std::string self_path;
  std::vector<publishing::ArticleSummary> entries;  // newest first
  UnixTime now = 0;                                 // the feed's <updated> when it lists nothing
};
std::string render_reader_feed(render::Theme const& theme, ReaderFeedView const& view);

}  // namespace dossier::clients
