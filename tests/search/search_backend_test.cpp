// What both search engines must do alike, run on each (DOSSIER_TEST_BACKEND): accents folded
// both ways, a restricted article absent from the documents, the vocabulary and every answer;
// and the tsquery PostgreSQL is given for the reader's terms.
#include <gtest/gtest.h>

#include <soci/soci.h>

#include "search/pg_search_store.hpp"
#include "search/query_parser.hpp"
#include "search/search_fixture.hpp"

namespace dossier {
namespace {

using publishing::Visibility;

TEST(SearchTsquery, EachOperatorHasItsTsqueryForm) {
  using search::parse_query;
  using search::pg_tsquery;
  EXPECT_EQ(pg_tsquery(parse_query("pipeline")), "'pipeline'");
  EXPECT_EQ(pg_tsquery(parse_query("grain corridor")), "'grain' & 'corridor'");
  // A phrase is one operand: to_tsquery joins its words with <->.
  EXPECT_EQ(pg_tsquery(parse_query("\"grain corridor\" port")), "'grain corridor' & 'port'");
  EXPECT_EQ(pg_tsquery(parse_query("desalin*")), "'desalin':*");
  // OR binds tighter than the implied AND, as in the reader's language.
  EXPECT_EQ(pg_tsquery(parse_query("a OR b c")), "('a' | 'b') & 'c'");
  EXPECT_EQ(pg_tsquery(parse_query("election -parliament -\"coalition talks\"")),
            "'election' & !'parliament' & !'coalition talks'");
  // Filters are not terms; exclusions alone search for nothing.
  EXPECT_EQ(pg_tsquery(parse_query("category:energy kind:news")), "");
  EXPECT_EQ(pg_tsquery(parse_query("-gas")), "");
}

TEST(SearchTsquery, TsquerySyntaxTypedByAReaderIsText) {
  using search::parse_query;
  using search::pg_tsquery;
  // Quotes are doubled and backslashes escaped inside the quoted operand, so `&`, `|`, `!`,
  // `<->`, `:` and quotes are only ever text.
  EXPECT_EQ(pg_tsquery(parse_query("it's")), "'it''s'");
  EXPECT_EQ(pg_tsquery(parse_query("a\\b")), "'a\\\\b'");
  EXPECT_EQ(pg_tsquery(parse_query("x&y|!z<->w:1")), "'x&y|!z<->w:1'");
  EXPECT_EQ(pg_tsquery(parse_query("'quoted' OR o'brien*")), "('''quoted''' | 'o''brien':*)");
}

class SearchBackendTest : public test::SearchFixture {
 protected:
  publishing::Id add(std::string const& slug, std::string const& title, std::string const& body,
                     Visibility visibility = Visibility::Public) {
    publishing::ArticleInput in;
    in.slug = slug;
    in.kind = publishing::ArticleKind::News;
    in.title = title;
    in.body_markdown = body;
    in.status = publishing::ArticleStatus::Published;
    in.visibility = visibility;
    in.author_id = authors_.at("lena-varga");
    in.published_at = test::kSearchNow - test::kDay;
    auto id = publishing_->add_article(in);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }
};

TEST_F(SearchBackendTest, AccentsAreFoldedInTextAndQueryAlike) {
  add("banks-in-zurich", "Banks in Zurich report a quiet year", "Deposits grew slowly.");
  add("sao-paulo-port", "Cargo through São Paulo doubles", "The port of São Paulo grew.");
  for (auto const* query : {"Zürich", "zurich", "ZURICH", "zür*"}) {
    SCOPED_TRACE(query);
    auto r = find(query);
    ASSERT_EQ(r.total, 1);
    EXPECT_EQ(r.hits.at(0).article.slug, "banks-in-zurich");
  }
  for (auto const* query : {"Sao Paulo", "são paulo", "\"sao paulo\""}) {
    SCOPED_TRACE(query);
    auto r = find(query);
    ASSERT_EQ(r.total, 1);
    EXPECT_EQ(r.hits.at(0).article.slug, "sao-paulo-port");
  }
}

TEST_F(SearchBackendTest, RestrictedArticleIsNeverIndexedOrFound) {
  auto id = add("clients-wombat-note", "Wombat logistics for clients",
                "Only clients may read about wombats.", Visibility::Clients);
  ASSERT_NE(id, 0);
  EXPECT_EQ(find("wombat").total, 0);
  EXPECT_EQ(find("wombat*").total, 0);
  EXPECT_EQ(find("\"wombat logistics\"").total, 0);
  EXPECT_FALSE(find("wombat").suggestion.has_value());
  soci::session sql(db_->pool());
  long long documents = -1, terms = -1;
  sql << "SELECT count(*) FROM search_documents WHERE article_id = :id", soci::use(id),
      soci::into(documents);
  EXPECT_EQ(documents, 0);
  // Not even its words reach the vocabulary "did you mean" reads.
  sql << "SELECT count(*) FROM search_terms WHERE term = 'wombat'", soci::into(terms);
  EXPECT_EQ(terms, 0);
  // A rebuild reads the articles again: still nothing restricted.
  search_index_->rebuild({});
  EXPECT_EQ(find("wombat").total, 0);
  sql << "SELECT count(*) FROM search_documents WHERE article_id = :id", soci::use(id),
      soci::into(documents);
  EXPECT_EQ(documents, 0);
}

}  // namespace
}  // namespace dossier
