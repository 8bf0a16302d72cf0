#include "api/api_access.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace dossier::api {

namespace {

constexpr std::array<std::pair<Scope, std::string_view>, kScopeCount> kScopeNames{{
    {Scope::ArticlesRead, "articles:read"},
    {Scope::ArticlesWrite, "articles:write"},
    {Scope::ArticlesPublish, "articles:publish"},
    {Scope::MediaWrite, "media:write"},
    {Scope::TaxonomyWrite, "taxonomy:write"},
    {Scope::CommentsModerate, "comments:moderate"},
    {Scope::SubscribersWrite, "subscribers:write"},
}};

}  // namespace

std::string_view to_string(Scope scope) {
  for (auto const& [s, name] : kScopeNames)
    if (s == scope) return name;
  return "";
}

std::optional<Scope> parse_scope(std::string_view text) {
  for (auto const& [s, name] : kScopeNames)
    if (name == text) return s;
  return std::nullopt;
}

bool ApiCaller::has(Scope scope) const {
  return key && key->kind == KeyKind::Admin &&
         std::find(key->scopes.begin(), key->scopes.end(), scope) != key->scopes.end();
}

}  // namespace dossier::api
