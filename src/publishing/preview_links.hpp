#pragma once

#include <optional>
#include <string>

#include "publishing/publishing_service.hpp"

namespace dossier::publishing {

// How long a preview link works after it was made.
constexpr long long kPreviewLinkSeconds = 7 * 24 * 3600;

// Preview links: an unpublished article shown to whoever holds the link, signed with the
// site's secret and expiring (security/tokens.hpp), so the link itself is the permission.
class PreviewLinks {
 public:
  PreviewLinks(std::string secret, std::string site_url, Clock clock)
      : secret_(std::move(secret)), site_url_(std::move(site_url)), clock_(std::move(clock)) {}

  // A new link to `article`'s preview, valid for kPreviewLinkSeconds.
  std::string make(Id article) const;

  // The article id of a link's token, when the signature holds and it has not expired.
  std::optional<Id> target(std::string const& token) const;

  // `link` rebuilt from the site's URL and its token when this server signed it for
  // `article`, else empty.
  std::string verified(std::string const& link, Id article) const;

 private:
  std::string secret_;
  std::string site_url_;
  Clock clock_;
};

}  // namespace dossier::publishing
