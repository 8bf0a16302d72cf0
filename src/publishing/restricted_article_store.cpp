#include "publishing/restricted_article_store.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <soci/soci.h>

#include "publishing/article_summary_store.hpp"

namespace dossier::publishing {

namespace {

// The summary columns (article_summary_store.hpp's order), then the facts' own: status and
// visibility. Read from the articles table itself: public_articles holds none of these rows.
// The (status, visibility, published_at DESC, kind) index (migration 0003) serves both
// visibilities' ranges; the hero image is left out (the portal shows no pictures).
constexpr char const* kSelect =
    "SELECT a.id, a.slug, a.kind, a.title, a.dek, COALESCE(a.published_at, 0),"
    " a.comment_count, a.word_count, u.name, u.slug, COALESCE(c.name, ''),"
    " COALESCE(c.slug, ''), '', '', 0, 0, a.status, a.visibility"
    " FROM articles a JOIN authors u ON u.id = a.author_id"
    " LEFT JOIN article_categories pc ON pc.article_id = a.id AND pc.position = 0"
    " LEFT JOIN categories c ON c.id = pc.category_id"
    " WHERE a.status = 'published' AND a.visibility IN ('subscribers', 'clients')"
    " AND a.kind <> 'page'";

struct Row {
  SummaryRow summary;
  std::string status, visibility;
  void bind(soci::statement& st) {
    summary.bind(st);
    st.exchange(soci::into(status));
    st.exchange(soci::into(visibility));
  }
  RestrictedArticle take() {
    RestrictedArticle r;
    r.summary = summary.take();
    r.facts.id = r.summary.id;
    r.facts.status = parse_status(status).value_or(ArticleStatus::Draft);
    r.facts.visibility = parse_visibility(visibility).value_or(Visibility::Clients);
    if (r.summary.published_at > 0) r.facts.published_at = r.summary.published_at;
    return r;
  }
};

template <typename Bind, typename Each>
void run(soci::statement& st, std::string const& query, Bind bind, Each each) {
  bind(st);
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) each();
}

}  // namespace

std::vector<RestrictedArticle> RestrictedArticleStore::newest(soci::session& sql, int limit) {
  std::vector<RestrictedArticle> out;
  int n = std::clamp(limit, 0, kMaxRestrictedList);
  Row row;
  soci::statement st(sql);
  st.exchange(soci::use(n));
  run(
      st, std::string(kSelect) + " ORDER BY a.published_at DESC, a.id DESC LIMIT :n",
      [&](soci::statement& s) { row.bind(s); }, [&] { out.push_back(row.take()); });
  return out;
}

std::optional<RestrictedArticle> RestrictedArticleStore::one(soci::session& sql,
                                                             std::string const& slug, Id id) {
  std::vector<RestrictedArticle> out;
  Row row;
  soci::statement st(sql);
  long long key = id;
  if (slug.empty())
    st.exchange(soci::use(key));
  else
    st.exchange(soci::use(slug));
  run(
      st, std::string(kSelect) + (slug.empty() ? " AND a.id = :id" : " AND a.slug = :slug"),
      [&](soci::statement& s) { row.bind(s); }, [&] { out.push_back(row.take()); });
  if (out.empty()) return std::nullopt;
  terms(sql, out);
  return out.front();
}

void RestrictedArticleStore::terms(soci::session& sql, std::vector<RestrictedArticle>& articles) {
  if (articles.empty()) return;
  std::map<Id, AccessFacts*> by_id;
  std::string ids;
  for (auto& a : articles) {
    by_id[a.facts.id] = &a.facts;
    ids += fmt::format("{}{}", ids.empty() ? "" : ",", a.facts.id);
  }
  // The ids are the store's own integers, not reader input: formatting them into the IN list
  // binds nothing a reader typed.
  for (bool categories : {true, false}) {
    auto query = categories ? fmt::format(
                                  "SELECT article_id, category_id FROM article_categories"
                                  " WHERE article_id IN ({}) ORDER BY article_id, position",
                                  ids)
                            : fmt::format(
                                  "SELECT article_id, tag_id FROM article_tags"
                                  " WHERE article_id IN ({})",
                                  ids);
    long long article = 0, term = 0;
    soci::statement st(sql);
    run(
        st, query,
        [&](soci::statement& s) {
          s.exchange(soci::into(article));
          s.exchange(soci::into(term));
        },
        [&] {
          auto* facts = by_id[article];
          (categories ? facts->category_ids : facts->tag_ids).push_back(term);
        });
  }
}

}  // namespace dossier::publishing
