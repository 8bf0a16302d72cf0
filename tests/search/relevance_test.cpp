// Ranking over a hand-made archive: stemming, diacritics, phrases, field weights, recency,
// operators and filters, each case in tests/fixtures/search/relevance.toml.
#include <gtest/gtest.h>

#include <algorithm>

#include "search/search_fixture.hpp"
#include "support/test_paths.hpp"

namespace dossier {
namespace {

class RelevanceTest : public test::SearchFixture {};

TEST_F(RelevanceTest, EveryCaseRanksItsExpectedArticleFirst) {
  auto cases = toml::parse_file(::dossier::test::test_dir() + "/fixtures/search/relevance.toml");
  int checked = 0;
  for (auto const& c : *cases["case"].as_array()) {
    auto const& t = *c.as_table();
    auto query = t["query"].value_or(std::string());
    SCOPED_TRACE(t["why"].value_or(std::string()) + " — query: " + query);
    auto results = find(query);
    std::vector<std::string> slugs;
    for (auto const& hit : results.hits) slugs.push_back(hit.article.slug);
    auto first = t["first"].value<std::string>();
    if (auto other = t["postgresql_first"].value<std::string>(); other && test::on_postgres()) {
      SCOPED_TRACE("on PostgreSQL: " + t["postgresql_why"].value_or(std::string()));
      ASSERT_FALSE(slugs.empty());
      EXPECT_EQ(slugs.front(), *other) << "ranked: " << ::testing::PrintToString(slugs);
      first.reset();
    }
    if (first) {
      ASSERT_FALSE(slugs.empty());
      EXPECT_EQ(slugs.front(), *first) << "ranked: " << ::testing::PrintToString(slugs);
    }
    if (auto total = t["total"].value<int64_t>()) EXPECT_EQ(results.total, *total);
    if (auto const* absent = t["absent"].as_array())
      for (auto const& a : *absent)
        EXPECT_EQ(std::count(slugs.begin(), slugs.end(), *a.value<std::string>()), 0);
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

}  // namespace
}  // namespace dossier
