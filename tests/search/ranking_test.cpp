// dossier_bm25 (search/fts5_ranking.hpp) against FTS5's own bm25() over the hand-made
// archive: the same scores when every phrase's document count is given or counted, and the
// same order when a count no order depends on is left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>

#include "search/fts5_ranking.hpp"
#include "search/search_fixture.hpp"

namespace dossier {
namespace {

class RankingTest : public test::SearchFixture {
 protected:
  struct Row {
    long long id = 0;
    double bm25 = 0, ours = 0;
  };

  // Every row `match` finds, scored by bm25() and by dossier_bm25 with `counts`.
  std::vector<Row> score(std::string const& match,
                         std::vector<std::optional<long long>> const& counts) {
    soci::session sql(db_->pool());
    search::ensure_rank_function(sql);
    std::string arguments;
    for (auto const& n : counts) arguments += n ? fmt::format(", {}", *n) : ", NULL";
    std::vector<Row> rows;
    Row row;
    soci::statement st =
        (sql.prepare << fmt::format("SELECT rowid, bm25(search_index, 10, 4, 3, 2, 0, 1),"
                                    " {}(search_index, 10, 4, 3, 2, 0, 1{}) FROM search_index"
                                    " WHERE search_index MATCH :match",
                                    search::kRankFunction, arguments),
         soci::use(match), soci::into(row.id), soci::into(row.bm25), soci::into(row.ours));
    st.execute();
    while (st.fetch()) rows.push_back(row);
    return rows;
  }

  std::vector<std::optional<long long>> counts_for(std::string const& match,
                                                   std::size_t facet_phrases = 0) {
    soci::session sql(db_->pool());
    return search::phrase_documents(sql, match, facet_phrases);
  }

  static std::vector<long long> order(std::vector<Row> rows, bool ours) {
    std::stable_sort(rows.begin(), rows.end(), [&](Row const& a, Row const& b) {
      double x = ours ? a.ours : a.bm25, y = ours ? b.ours : b.bm25;
      return x < y || (x == y && a.id > b.id);
    });
    std::vector<long long> ids;
    for (auto const& r : rows) ids.push_back(r.id);
    return ids;
  }
};

TEST_F(RankingTest, GivenOrCountedDocumentCountsGiveBm25sScores) {
  for (std::string match :
       {"(\"pipeline\" \"gas\")", "(\"hydrogen\" OR \"port\") AND \"trucks\"",
        "(\"desalin\" * \"water\")", "(\"coast guard\" \"patrol\")", "(\"gas\" NOT \"ammonia\")"}) {
    SCOPED_TRACE(match);
    auto counts = counts_for(match);
    ASSERT_GE(counts.size(), 2u);
    for (auto const& given : {counts, std::vector<std::optional<long long>>(counts.size())}) {
      auto rows = score(match, given);
      for (auto const& r : rows) EXPECT_NEAR(r.ours, r.bm25, 1e-9 * std::abs(r.bm25)) << r.id;
    }
    // Counts that are not one per phrase are ignored: every phrase is counted.
    for (auto const& r : score(match, {std::optional<long long>(1)}))
      EXPECT_NEAR(r.ours, r.bm25, 1e-9 * std::abs(r.bm25)) << r.id;
  }
}

TEST_F(RankingTest, CountsNoOrderDependsOnAreLeftOut) {
  for (auto [match, facets] : {std::pair<std::string, std::size_t>{"(\"pipeline deal\")", 0},
                               {"(\"gas\")", 0},
                               {"(\"gas\") AND facets : \"kindnews\"", 1},
                               {"(\"gas\" \"pipeline\") AND facets : \"kindnews\"", 1}}) {
    SCOPED_TRACE(match);
    auto counts = counts_for(match, facets);
    auto rows = score(match, counts);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(order(rows, true), order(rows, false));
  }
}

}  // namespace
}  // namespace dossier
