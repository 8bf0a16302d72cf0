#include "publishing/preview_links.hpp"

#include "core/strings.hpp"
#include "security/tokens.hpp"

namespace dossier::publishing {

namespace {
constexpr char const* kPreviewPath = "/preview/";
}

std::string PreviewLinks::make(Id article) const {
  auto token =
      security::sign_link(secret_, std::to_string(article), clock_() + kPreviewLinkSeconds);
  return site_url_ + kPreviewPath + token;
}

std::optional<Id> PreviewLinks::target(std::string const& token) const {
  auto payload = security::verify_link(secret_, token, clock_());
  if (!payload) return std::nullopt;
  return parse_id(*payload);
}

std::string PreviewLinks::verified(std::string const& link, Id article) const {
  // The editor's ?preview= parameter only carries a new link across its redirect; anyone can
  // put another link there and send an editor the address. Shown under "Preview link", a
  // foreign link would look like the newsroom's own, so only a link this server signed for
  // this article is shown, rebuilt from the site's URL and the verified token.
  auto prefix = site_url_ + kPreviewPath;
  if (!link.starts_with(prefix)) return {};
  auto token = link.substr(prefix.size());
  if (target(token) != article) return {};
  return prefix + token;
}

}  // namespace dossier::publishing
