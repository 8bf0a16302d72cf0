#pragma once

// Who is calling the Content and Admin APIs (/api/content/v1/, /api/admin/v1/) and what they
// may do: one key per integration, created in the newsroom (/admin/integrations), shown once,
// stored hashed (security/tokens.hpp), revocable. The gate (ApiGate) reads the key from
// `Authorization: Bearer KEY` (either API) or `?key=KEY` (Content API only, as Ghost's is),
// checks it, counts it against its rate limit and hands the handler an ApiCaller; every
// refusal is an RFC 9457 problem (api/problem.hpp).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/user.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "publishing/access.hpp"

namespace dossier::api {

using Id = long long;

enum class KeyKind { Content, Admin };

// The Admin API's scopes: what a staff key may do, on top of what its user's role allows
// (auth::allowed decides that, exactly as in the newsroom).
enum class Scope {
  ArticlesRead,      // articles:read   (drafts and scheduled articles through the Admin API)
  ArticlesWrite,     // articles:write  (create, update)
  ArticlesPublish,   // articles:publish (publish, schedule, unpublish)
  MediaWrite,        // media:write
  TaxonomyWrite,     // taxonomy:write  (categories and tags)
  CommentsModerate,  // comments:moderate
  SubscribersWrite,  // subscribers:write
};
inline constexpr int kScopeCount = 7;
std::string_view to_string(Scope scope);
std::optional<Scope> parse_scope(std::string_view text);

// A key as stored (never its secret).
struct ApiKey {
  Id id = 0;
  std::string name;  // "CRM sync", "Data desk scripts"
  KeyKind kind = KeyKind::Content;
  std::string prefix;           // the first characters of the secret, to tell keys apart in lists
  std::vector<Scope> scopes;    // Admin keys only
  std::optional<Id> user_id;    // Admin keys: the staff account it acts as
  std::optional<Id> client_id;  // Content keys may carry a client organisation's grants
  UnixTime created_at = 0;
  std::optional<UnixTime> last_used_at;
  std::optional<UnixTime> revoked_at;
};

// The caller a handler serves: the key, and for the Content API the reader it reads as
// (anonymous without a key or with a plain content key; the organisation's grants with a
// client key), for the Admin API the staff user (re-read at each call: a disabled user's key
// does nothing).
struct ApiCaller {
  std::optional<ApiKey> key;       // none: an anonymous Content API call (public content only)
  publishing::Viewer viewer;       // for publishing::access_to
  std::optional<auth::User> user;  // Admin API calls
  bool has(Scope scope) const;
};

}  // namespace dossier::api
