#include "clients/catalog.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/article_counters.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/public_articles.hpp"
#include "publishing/publishing_service.hpp"
#include "store/database.hpp"

namespace dossier::clients {

std::optional<Id> Catalog::article_id(std::string const& slug) {
  soci::session sql(db_.pool());
  return publishing::article_id(sql, slug);
}

Result<Id> Catalog::target_id(publishing::GrantScope scope, std::string const& slug) {
  using publishing::GrantScope;
  std::optional<Id> id;
  switch (scope) {
    case GrantScope::All: return Id{0};
    case GrantScope::Article: id = article_id(slug); break;
    case GrantScope::Category: {
      soci::session sql(db_.pool());
      id = publishing::category_id(sql, slug);
      break;
    }
    case GrantScope::Tag: {
      soci::session sql(db_.pool());
      id = publishing::tag_id(sql, slug);
      break;
    }
  }
  if (!id)
    return not_found(fmt::format("There is no {} with the slug {}.", to_string(scope), slug));
  return *id;
}

std::string Catalog::label(publishing::Grant const& grant) {
  using publishing::GrantScope;
  switch (grant.scope) {
    case GrantScope::All: return "Everything not public";
    case GrantScope::Article: {
      soci::session sql(db_.pool());
      auto refs = publishing::article_refs(sql, {grant.target});
      auto it = refs.find(grant.target);
      return it == refs.end() ? fmt::format("Article {} (deleted)", grant.target)
                              : fmt::format("Article: {} ({})", it->second.title, it->second.slug);
    }
    case GrantScope::Category:
      for (auto const& c : publishing_.categories())
        if (c.id == grant.target) return fmt::format("Category: {} ({})", c.name, c.slug);
      return fmt::format("Category {} (deleted)", grant.target);
    case GrantScope::Tag: {
      auto names = editorial_.tag_names({grant.target});
      return names.empty() ? fmt::format("Tag {} (deleted)", grant.target)
                           : fmt::format("Tag: {}", names.front());
    }
  }
  return {};
}

Result<Unit> Catalog::set_visibility(std::string const& slug, publishing::Visibility visibility) {
  auto id = article_id(slug);
  if (!id) return not_found(fmt::format("There is no article with the slug {}.", slug));
  auto draft = editorial_.load(*id);
  if (!draft) return not_found(fmt::format("There is no article with the slug {}.", slug));
  if (draft->input.visibility == visibility) return Unit{};
  auto input = draft->input;
  input.visibility = visibility;
  return publishing_.edit_article(*id, std::move(input));
}

}  // namespace dossier::clients
