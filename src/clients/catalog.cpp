#include "clients/catalog.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/article_counters.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/public_articles.hpp"
#include "publishing/publishing_service.hpp"
#include "store/database.hpp"

namespace dossier::clients {

namespace {

// Rows per page when looking an article up in the newsroom's list (below).
constexpr int kArticleScanPage = 500;

}  // namespace

std::optional<Id> Catalog::article_id(std::string const& slug) {
  // Publishing names categories and tags by slug in any state (public_articles.hpp), and
  // articles only when public. Until it has an article_id(slug) for every state, this walks
  // the newsroom's list (every state, newest change first): a CLI and newsroom path, never a
  // reader's, so its cost growing with the archive stays off the request paths that matter.
  if (auto view = publishing_.read_article(slug)) return view->article.id;
  publishing::NewsroomQuery q;
  q.per_page = kArticleScanPage;
  for (q.page = 1;; ++q.page) {
    auto page = editorial_.browse(q);
    for (auto const& row : page.items)
      if (row.slug == slug) return row.id;
    if (q.page >= page.page_count() || page.items.empty()) return std::nullopt;
  }
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
