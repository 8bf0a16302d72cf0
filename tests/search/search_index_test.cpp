// The FTS5 index kept in step with the articles: found at once after a publish, gone at
// once after an unpublish or a restriction, never showing what a reader may not see (in
// results, counts, facets or snippets); facets, ordering, paging, "did you mean", rebuild.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <fmt/format.h>

#include <soci/soci.h>

#include "publishing/article_store.hpp"
#include "search/search_fixture.hpp"

namespace dossier {
namespace {

using publishing::ArticleStatus;
using publishing::Visibility;

class SearchIndexTest : public test::SearchFixture {
 protected:
  publishing::ArticleInput input_of(std::string const& slug) {
    soci::session sql(db_->pool());
    auto a = publishing::ArticleStore::find_by_slug(sql, slug).value();
    publishing::ArticleInput in;
    in.slug = a.slug;
    in.kind = a.kind;
    in.title = a.title;
    in.dek = a.dek;
    in.body_markdown = a.body_markdown;
    in.status = a.status;
    in.visibility = a.visibility;
    in.author_id = a.author_id;
    in.published_at = a.published_at;
    for (auto const& c : publishing::ArticleStore::categories_of(sql, a.id))
      in.category_ids.push_back(c.id);
    for (auto const& t : publishing::ArticleStore::tags_of(sql, a.id)) in.tag_ids.push_back(t.id);
    return in;
  }

  std::string all_text(search::SearchResults const& r) {
    std::string text;
    for (auto const& hit : r.hits) {
      text += hit.article.title + "\n" + hit.article.dek + "\n";
      for (auto const& part : hit.snippet) text += part.text;
    }
    for (auto const* facet : {&r.categories, &r.kinds, &r.years})
      for (auto const& v : *facet) text += v.label + "\n";
    return text;
  }
};

TEST_F(SearchIndexTest, PublishedArticleIsFoundAtOnce) {
  EXPECT_EQ(find("quokka").total, 0);
  auto in = input_of("steel-tariffs-raised");
  in.slug = "quokka-census";
  in.title = "A census of quokkas";
  in.body_markdown = "Rangers counted **quokkas** on the island.";
  ASSERT_TRUE(publishing_->add_article(in).ok());
  auto r = find("quokka");
  ASSERT_EQ(r.total, 1);
  EXPECT_EQ(r.hits.at(0).article.slug, "quokka-census");
  // The body is indexed without its Markdown: the snippet shows no asterisks.
  EXPECT_EQ(all_text(r).find("**"), std::string::npos);
}

TEST_F(SearchIndexTest, UnpublishedOrRestrictedArticleIsGoneAtOnce) {
  auto id = articles_.at("desalination-plant-opens");
  ASSERT_EQ(find("desalination").total, 1);
  auto in = input_of("desalination-plant-opens");
  in.status = ArticleStatus::Draft;
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  EXPECT_EQ(find("desalination").total, 0);
  in.status = ArticleStatus::Published;
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  EXPECT_EQ(find("desalination").total, 1);
  in.visibility = Visibility::Clients;
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  auto r = find("desalination");
  EXPECT_EQ(r.total, 0);
  EXPECT_TRUE(r.kinds.empty());
  EXPECT_TRUE(r.categories.empty());
}

TEST_F(SearchIndexTest, EditedTextReplacesTheOldTextInTheIndex) {
  auto in = input_of("rail-link-reopens");
  in.body_markdown = "The bridge is repaired; services start on Monday.";
  ASSERT_TRUE(publishing_->edit_article(articles_.at("rail-link-reopens"), in).ok());
  EXPECT_EQ(find("kyiv").total, 0);
  EXPECT_EQ(find("bridge repaired").total, 1);
}

TEST_F(SearchIndexTest, RestrictedTextNeverReachesResultsFacetsOrSnippets) {
  // "report" matches public and restricted articles alike; only public ones may count.
  auto r = find("zeppelin OR report OR memo OR brief");
  for (auto const& hit : r.hits) EXPECT_EQ(hit.article.title.find("Zeppelin"), std::string::npos);
  EXPECT_EQ(all_text(r).find("zeppelin"), std::string::npos);
  long long kinds = 0;
  for (auto const& k : r.kinds) kinds += k.count;
  EXPECT_EQ(kinds, r.total);
  // Counting by category can only see what the kinds saw.
  for (auto const& c : r.categories) EXPECT_LE(c.count, r.total);
}

TEST_F(SearchIndexTest, FacetsCountEveryMatchAndNarrowTheSearch) {
  auto r = find("election OR hydrogen OR pipeline");
  ASSERT_GT(r.total, 0);
  long long by_kind = 0, by_year = 0;
  for (auto const& k : r.kinds) by_kind += k.count;
  for (auto const& y : r.years) by_year += y.count;
  EXPECT_EQ(by_kind, r.total);
  EXPECT_EQ(by_year, r.total);
  auto energy = std::find_if(r.categories.begin(), r.categories.end(),
                             [](auto const& v) { return v.filter == "category:energy"; });
  ASSERT_NE(energy, r.categories.end());
  auto narrowed = find("election OR hydrogen OR pipeline " + energy->filter);
  EXPECT_EQ(narrowed.total, energy->count);
  for (auto const& y : r.years) {
    auto by_year_filter = find("election OR hydrogen OR pipeline " + y.filter);
    EXPECT_EQ(by_year_filter.total, y.count) << y.filter;
  }
}

TEST_F(SearchIndexTest, NewestOrderAndPagesCoverEveryResultOnce) {
  auto all = find("the", search::SearchOrder::Newest, 1, 50);
  ASSERT_GT(all.total, 6);
  for (std::size_t i = 1; i < all.hits.size(); ++i)
    EXPECT_GE(all.hits[i - 1].article.published_at, all.hits[i].article.published_at);
  std::set<std::string> seen;
  auto first = find("the", search::SearchOrder::Relevance, 1, 3);
  EXPECT_EQ(first.page_count(), (all.total + 2) / 3);
  for (int page = 1; page <= first.page_count(); ++page)
    for (auto const& hit : find("the", search::SearchOrder::Relevance, page, 3).hits)
      EXPECT_TRUE(seen.insert(hit.article.slug).second) << hit.article.slug;
  EXPECT_EQ(static_cast<long long>(seen.size()), all.total);
}

TEST_F(SearchIndexTest, FiltersAloneListMatchingArticlesNewestFirst) {
  auto r = find("category:energy");
  EXPECT_EQ(r.total, 5);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits.front().article.slug, "winter-gas-outlook");
}

TEST_F(SearchIndexTest, UnknownFilterValueExplainsAndFindsNothing) {
  auto r = find("hydrogen category:atlantis");
  EXPECT_EQ(r.total, 0);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes.back().find("atlantis"), std::string::npos);
}

TEST_F(SearchIndexTest, MisspelledWordGetsTheClosestIndexedWord) {
  auto r = find("desalinaton");
  EXPECT_EQ(r.total, 0);
  ASSERT_TRUE(r.suggestion.has_value());
  EXPECT_EQ(*r.suggestion, "desalination");
  auto followed = find(*r.suggestion);
  EXPECT_EQ(followed.total, 1);
  auto two = find("hydrogen portt");
  ASSERT_TRUE(two.suggestion.has_value());
  EXPECT_EQ(*two.suggestion, "hydrogen port");
  EXPECT_FALSE(find("hydrogen port").suggestion.has_value());
}

TEST_F(SearchIndexTest, SnippetsMarkTheMatchedWords) {
  auto r = find("osmosis");
  ASSERT_EQ(r.hits.size(), 1u);
  bool marked = false;
  for (auto const& part : r.hits[0].snippet)
    if (part.match) marked = marked || part.text == "osmosis";
  EXPECT_TRUE(marked);
}

TEST_F(SearchIndexTest, RebuildGivesTheSameAnswers) {
  auto before = find("pipeline");
  EXPECT_FALSE(search_index_->needs_rebuild());
  {
    soci::session sql(db_->pool());
    sql << "DELETE FROM search_documents";
  }
  EXPECT_TRUE(search_index_->needs_rebuild());
  EXPECT_EQ(find("pipeline").total, 0);
  long long last = 0, reported_total = 0;
  auto indexed = search_index_->rebuild([&](long long done, long long total) {
    EXPECT_EQ(done, last + 1);
    last = done;
    reported_total = total;
  });
  EXPECT_EQ(indexed, last);
  EXPECT_EQ(indexed, reported_total);
  auto after = find("pipeline");
  ASSERT_EQ(after.total, before.total);
  for (std::size_t i = 0; i < after.hits.size(); ++i)
    EXPECT_EQ(after.hits[i].article.slug, before.hits[i].article.slug);
  // The triggers came back: a publish after a rebuild is indexed.
  auto in = input_of("hydrogen-trucks-trial");
  in.slug = "axolotl-survey";
  in.title = "Axolotl survey";
  ASSERT_TRUE(publishing_->add_article(in).ok());
  EXPECT_EQ(find("axolotl").total, 1);
}

TEST_F(SearchIndexTest, IntegrityCheckPassesAfterEditsAndRebuild) {
  // FTS5's integrity-check compares an external-content index with its table; PostgreSQL's
  // tsvector is a generated column of the row itself and cannot disagree with it.
  if (test::on_postgres()) GTEST_SKIP() << "FTS5's integrity check: SQLite only";
  auto in = input_of("fishing-quotas-agreed");
  in.body_markdown = "New text about sprat.";
  ASSERT_TRUE(publishing_->edit_article(articles_.at("fishing-quotas-agreed"), in).ok());
  soci::session sql(db_->pool());
  // FTS5 raises an error when the index and the content table disagree.
  EXPECT_NO_THROW(sql << "INSERT INTO search_index (search_index) VALUES ('integrity-check')");
  search_index_->rebuild({});
  EXPECT_NO_THROW(sql << "INSERT INTO search_index (search_index) VALUES ('integrity-check')");
}

// A prefix query written out as the terms it stands for finds exactly what FTS5's own prefix
// query finds, and marks only words with the prefix; so does one with too many terms to write out,
// which stays a prefix query; and so does a phrase ending in a prefix.
TEST_F(SearchIndexTest, PrefixQueriesFindWhatTheIndexPrefixFinds) {
  auto in = input_of("hydrogen-trucks-trial");
  in.slug = "zq-word-list";
  in.title = "A word list";
  // 40 distinct words starting with "zq": more than a prefix is written out as.
  in.body_markdown.clear();
  for (char a = 'a'; a <= 'd'; ++a)
    for (char b = 'a'; b <= 'j'; ++b) in.body_markdown += fmt::format("zq{}{}x ", a, b);
  ASSERT_TRUE(publishing_->add_article(in).ok());
  auto ids_of = [](search::SearchResults const& r) {
    std::set<publishing::Id> ids;
    for (auto const& hit : r.hits) ids.insert(hit.article.id);
    return ids;
  };
  for (std::string prefix : {"desalin", "pip", "sa", "gas", "port", "ha", "agr", "zq", "zqa"}) {
    SCOPED_TRACE(prefix);
    std::set<publishing::Id> expected;
    {
      soci::session sql(db_->pool());
      publishing::Id id = 0;
      // Bound by reference: it must outlive the statement (a temporary would not). On
      // PostgreSQL the reference is every document holding a lexeme that begins with the
      // prefix, read from the lexemes themselves rather than through a tsquery.
      std::string const match = test::on_postgres() ? prefix + "%" : "\"" + prefix + "\" *";
      soci::statement st =
          test::on_postgres()
              ? (sql.prepare << "SELECT d.article_id FROM search_documents d JOIN public_articles a"
                                " ON a.id = d.article_id WHERE EXISTS (SELECT 1 FROM"
                                " unnest(tsvector_to_array(d.document)) l WHERE l LIKE :m)",
                 soci::use(match), soci::into(id))
              : (sql.prepare << "SELECT d.rowid FROM search_index d JOIN public_articles a"
                                " ON a.id = d.rowid WHERE search_index MATCH :m",
                 soci::use(match), soci::into(id));
      st.execute();
      while (st.fetch()) expected.insert(id);
    }
    auto r = find(prefix + "*", search::SearchOrder::Relevance, 1, search::kMaxPerPage);
    EXPECT_EQ(ids_of(r), expected);
    EXPECT_EQ(r.total, static_cast<long long>(expected.size()));
    // What a snippet marks is a word with the prefix (the body may hold none).
    for (auto const& hit : r.hits)
      for (auto const& part : hit.snippet) {
        std::string lower;
        for (char ch : part.text) lower.push_back(static_cast<char>(std::tolower(ch)));
        if (part.match) EXPECT_TRUE(lower.starts_with(prefix)) << hit.article.slug << ": " << lower;
      }
  }
  EXPECT_EQ(find("zq*").total, 1);
  EXPECT_EQ(find("hydrogen-tru*").total, find("\"hydrogen trucks\"").total);
  // FTS5's own prefix queries are the reference below: a written-out prefix must find what
  // they find. PostgreSQL writes no prefix out.
  if (test::on_postgres()) return;
  // Written out inside a larger expression: with other words, excluded, as an alternative.
  for (std::string query :
       {"pip* gas", "gas -pip*", "gas -desalin*", "gas OR desalin*", "port* hydrogen OR zq*"}) {
    SCOPED_TRACE(query);
    std::set<publishing::Id> expected;
    {
      soci::session sql(db_->pool());
      publishing::Id id = 0;
      auto fts = search::parse_query(query).fts;  // FTS5's own prefix queries
      soci::statement st = (sql.prepare << "SELECT rowid FROM search_index"
                                           " WHERE search_index MATCH :m",
                            soci::use(fts), soci::into(id));
      st.execute();
      while (st.fetch()) expected.insert(id);
    }
    EXPECT_EQ(ids_of(find(query, search::SearchOrder::Relevance, 1, search::kMaxPerPage)),
              expected);
  }
  EXPECT_GT(find("gas -desalin*").total, 0);
}

// search_terms (what "did you mean" reads) holds the document count of every term of the
// index, after adds, edits, unpublishing, republishing and a rebuild. The reference is
// fts5vocab once FTS5 has merged its segments: before that, it still counts the terms of
// deleted rows.
TEST_F(SearchIndexTest, TermCountsFollowTheIndexThroughEveryChange) {
  auto counts = [](soci::session& sql, std::string const& query) {
    std::map<std::string, long long> out;
    std::string term;
    long long documents = 0;
    soci::statement st = (sql.prepare << query, soci::into(term), soci::into(documents));
    st.execute();
    while (st.fetch()) out[term] = documents;
    return out;
  };
  auto expect_in_step = [&](char const* when) {
    soci::session sql(db_->pool());
    auto counted = counts(sql, "SELECT term, documents FROM search_terms");
    std::map<std::string, long long> indexed;
    if (test::on_postgres()) {
      // ts_stat counts the documents of every lexeme of the stored tsvectors.
      indexed =
          counts(sql, "SELECT word, ndoc FROM ts_stat('SELECT document FROM search_documents')");
    } else {
      sql << "INSERT INTO search_index (search_index) VALUES ('optimize')";
      indexed = counts(sql, "SELECT term, doc FROM search_vocabulary");
    }
    EXPECT_GT(indexed.size(), 100u) << when;
    EXPECT_EQ(counted, indexed) << when;
  };
  expect_in_step("after the corpus was added");
  auto id = articles_.at("fishing-quotas-agreed");
  auto in = input_of("fishing-quotas-agreed");
  in.body_markdown = "New text about sprat and the quota of herring.";
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  expect_in_step("after an edit");
  in.status = ArticleStatus::Draft;
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  expect_in_step("after unpublishing");
  in.status = ArticleStatus::Published;
  ASSERT_TRUE(publishing_->edit_article(id, in).ok());
  expect_in_step("after republishing");
  search_index_->rebuild({});
  expect_in_step("after a rebuild");
}

}  // namespace
}  // namespace dossier

namespace dossier {
namespace {

// More matches than a search ranks: the newest are ranked, the total is counted in FTS5,
// and the page says what it did.
class SearchWindowTest : public test::SearchFixture {};

TEST_F(SearchWindowTest, LargeResultSetsRankTheNewestWindowAndCountBeyondIt) {
  constexpr int kArticles = 620;  // more than the window of 500
  publishing::ArticleInput in;
  in.kind = publishing::ArticleKind::News;
  in.body_markdown = "The lighthouse keepers met again.";
  in.status = ArticleStatus::Published;
  in.author_id = authors_.at("lena-varga");
  in.category_ids = {categories_.at("europe")};
  for (int i = 0; i < kArticles; ++i) {
    in.title = "Lighthouse bulletin number " + std::to_string(i);
    in.slug = "lighthouse-" + std::to_string(i);
    in.published_at = test::kSearchNow - (kArticles - i) * 3600;
    ASSERT_TRUE(publishing_->add_article(in).ok());
  }
  auto r = find("lighthouse");
  EXPECT_EQ(r.total, kArticles);  // counted exactly: below the count cap
  EXPECT_FALSE(r.total_is_lower_bound);
  EXPECT_EQ(r.window, 500u);
  long long in_facets = 0;
  for (auto const& k : r.kinds) in_facets += k.count;
  EXPECT_EQ(in_facets, 500);
  // The newest article ranks first among equals.
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits.front().article.slug, "lighthouse-619");
  // Category, tag, author and kind filters are index tokens: still counted exactly.
  auto by_category = find("lighthouse category:europe");
  EXPECT_FALSE(by_category.total_is_lower_bound);
  EXPECT_EQ(by_category.total, kArticles);
  EXPECT_EQ(find("category:europe kind:news lighthouse").total, kArticles);
  // A date filter would need a join per match: the total beyond the window is a lower bound.
  auto dated = find("lighthouse after:2020-01-01");
  EXPECT_TRUE(dated.total_is_lower_bound);
  EXPECT_EQ(dated.total, 500);
  // The results page says so.
  http::Request req;
  req.path = "/search";
  req.query = "q=lighthouse+after%3A2020-01-01";
  req.target = req.path + "?" + req.query;
  auto page = app::dispatch(router_, *site_, req);
  EXPECT_NE(page.body.find("more than 500"), std::string::npos);
  EXPECT_NE(page.body.find("ranked among the 500 most recent matches"), std::string::npos);
}

}  // namespace
}  // namespace dossier
