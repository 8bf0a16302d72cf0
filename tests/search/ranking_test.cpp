// dossier_bm25 (search/fts5_ranking.hpp) against FTS5's own bm25() over the hand-made
// archive: the same scores when every phrase's document count is given or counted, and the
// same order when a count no order depends on is left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
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
  void SetUp() override {
    // dossier_bm25 is an FTS5 auxiliary function; PostgreSQL ranks with ts_rank_cd, whose
    // order the relevance cases check on both engines.
    if (test::on_postgres()) GTEST_SKIP() << "FTS5's ranking function: SQLite only";
    SearchFixture::SetUp();
  }

  struct Row {
    long long id = 0;
    double bm25 = 0, ours = 0;
  };

  // Every row `match` finds, scored by bm25() and by dossier_bm25 with `counts`.
  std::vector<Row> score(std::string const& match, std::vector<search::PhraseCount> const& counts,
                         std::string const& reference_match = "") {
    soci::session sql(db_->pool());
    search::ensure_rank_function(sql);
    std::string arguments;
    for (auto const& p : counts)
      arguments += p.documents ? fmt::format(", {}, {}", p.group, *p.documents)
                               : fmt::format(", {}, NULL", p.group);
    if (!reference_match.empty()) {
      // bm25() of `reference_match` next to dossier_bm25 of `match`, row by row.
      std::map<long long, double> reference;
      {
        long long id = 0;
        double bm25 = 0;
        soci::statement st = (sql.prepare << "SELECT rowid, bm25(search_index, 10, 4, 3, 2, 0, 1)"
                                             " FROM search_index WHERE search_index MATCH :m",
                              soci::use(reference_match), soci::into(id), soci::into(bm25));
        st.execute();
        while (st.fetch()) reference[id] = bm25;
      }
      std::vector<Row> rows;
      Row row;
      soci::statement st =
          (sql.prepare << fmt::format("SELECT rowid, {}(search_index, 10, 4, 3, 2, 0, 1{})"
                                      " FROM search_index WHERE search_index MATCH :match",
                                      search::kRankFunction, arguments),
           soci::use(match), soci::into(row.id), soci::into(row.ours));
      st.execute();
      while (st.fetch()) {
        row.bm25 = reference.count(row.id) ? reference[row.id] : 0.0;
        rows.push_back(row);
      }
      EXPECT_EQ(rows.size(), reference.size());
      return rows;
    }
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

  // Each phrase its own group, unless `groups` says otherwise.
  std::vector<search::PhraseCount> counts_for(std::string const& match,
                                              std::size_t facet_phrases = 0,
                                              std::vector<int> groups = {}) {
    soci::session sql(db_->pool());
    if (groups.empty())
      for (std::size_t i = 0; i < 32; ++i) groups.push_back(static_cast<int>(i));
    auto phrases = std::count(match.begin(), match.end(), '"') / 2;
    groups.resize(static_cast<std::size_t>(phrases));
    return search::phrase_documents(sql, match, groups, facet_phrases);
  }

  // The terms of search_terms that begin with `prefix`.
  std::vector<std::string> terms_with(std::string const& prefix) {
    soci::session sql(db_->pool());
    std::vector<std::string> out;
    std::string term;
    soci::statement st = (sql.prepare << "SELECT term FROM search_terms WHERE substr(term, 1,"
                                         " length(:p)) = :p ORDER BY term",
                          soci::use(prefix, "p"), soci::into(term));
    st.execute();
    while (st.fetch()) out.push_back(term);
    return out;
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
    auto counted = counts;
    for (auto& p : counted) p.documents.reset();
    for (auto const& given : {counts, counted}) {
      auto rows = score(match, given);
      for (auto const& r : rows) EXPECT_NEAR(r.ours, r.bm25, 1e-9 * std::abs(r.bm25)) << r.id;
    }
    // Counts that are not one per phrase are ignored: every phrase is counted.
    for (auto const& r : score(match, {search::PhraseCount{0, 1}}))
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

// A prefix written out as its terms, the terms one group, scores as FTS5's prefix query: the
// same scores beside another word, the same order alone.
TEST_F(RankingTest, TermsOfAPrefixInOneGroupScoreAsThePrefix) {
  for (std::string prefix : {"pip", "ga", "desalin", "port"}) {
    SCOPED_TRACE(prefix);
    auto terms = terms_with(prefix);
    ASSERT_FALSE(terms.empty());
    std::string written;
    for (auto const& t : terms) written += (written.empty() ? "(\"" : " OR \"") + t + "\"";
    written += ")";
    std::vector<int> groups(terms.size(), 0);
    auto alone = score(written, counts_for(written, 0, groups), "\"" + prefix + "\" *");
    ASSERT_FALSE(alone.empty());
    EXPECT_EQ(order(alone, true), order(alone, false));
    auto both = written + " AND \"gas\"";
    groups.push_back(1);
    for (auto const& r :
         score(both, counts_for(both, 0, groups), "\"" + prefix + "\" * AND \"gas\""))
      EXPECT_NEAR(r.ours, r.bm25, 1e-9 * std::abs(r.bm25)) << r.id;
  }
}

}  // namespace
}  // namespace dossier
