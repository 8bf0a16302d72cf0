// /search and /api/search through the site's dispatch (no sockets): results, highlights,
// facets, suggestions, escaping, and malformed queries that never become a 500.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "core/strings.hpp"
#include "search/search_fixture.hpp"

namespace dossier {
namespace {

class SearchHandlersTest : public test::SearchFixture {
 protected:
  http::Response search(std::string const& q, std::string const& path = "/search") {
    http::Request req;
    req.method = http::Method::Get;
    req.path = path;
    req.query = "q=" + percent_encode(q);
    req.target = path + "?" + req.query;
    return app::dispatch(router_, *site_, req);
  }
};

TEST_F(SearchHandlersTest, ResultsPageShowsCountHitsHighlightsAndFacets) {
  auto r = search("reverse osmosis");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<strong>1</strong> result for"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/articles/desalination-plant-opens\""), std::string::npos);
  EXPECT_NE(r.body.find("<mark>osmosis</mark>"), std::string::npos);
  EXPECT_NE(r.body.find("Narrow the search"), std::string::npos);
  EXPECT_NE(r.body.find("category%3Aenergy"), std::string::npos);
  // Results are never kept in the page cache: a publish must be found at once.
  EXPECT_TRUE(r.cache_keys.empty());
  EXPECT_NE(r.body.find("<meta name=\"robots\" content=\"noindex\">"), std::string::npos);
}

TEST_F(SearchHandlersTest, EveryPageHasTheHeaderSearchBox) {
  for (auto const* path : {"/", "/articles/hydrogen-hub-port", "/category/energy"}) {
    auto r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_NE(r.body.find("role=\"search\" action=\"/search\""), std::string::npos) << path;
    EXPECT_NE(r.body.find("role=\"combobox\""), std::string::npos) << path;
  }
}

TEST_F(SearchHandlersTest, SuggestionLinksToTheCorrectedQuery) {
  auto r = search("desalinaton");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Did you mean <a href=\"/search?q=desalination\">desalination</a>"),
            std::string::npos);
}

TEST_F(SearchHandlersTest, HostileQueryAndTitlesAreEscaped) {
  auto in = publishing::ArticleInput{};
  in.title = "<script>alert(1)</script> hydrogen";
  in.body_markdown = "hydrogen <img src=x onerror=alert(2)> text";
  in.status = publishing::ArticleStatus::Published;
  in.author_id = authors_.at("lena-varga");
  in.published_at = test::kSearchNow;
  ASSERT_TRUE(publishing_->add_article(in).ok());
  auto r = search("hydrogen \"><script>alert(3)</script>");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(r.body.find("<img src=x"), std::string::npos);
  auto plain = search("hydrogen");
  EXPECT_NE(plain.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(SearchHandlersTest, ApiAnswersJsonWithTheSameParameters) {
  auto r = search("hydrogen", "/api/search");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["total"], 2);
  ASSERT_EQ(j["results"].size(), 2u);
  std::set<std::string> urls{j["results"][0]["url"], j["results"][1]["url"]};
  EXPECT_EQ(urls, (std::set<std::string>{"/articles/hydrogen-hub-port",
                                         "/articles/hydrogen-trucks-trial"}));
  EXPECT_EQ(j["results"][0]["snippet"].size() > 0, true);
  EXPECT_TRUE(j["facets"]["kind"].is_array());
  // Search as you type: a prefix, five titles, no facets.
  http::Request req;
  req.path = "/api/search";
  req.query = "q=hydro*&per_page=5&facets=0";
  req.target = req.path + "?" + req.query;
  auto typed = nlohmann::json::parse(app::dispatch(router_, *site_, req).body);
  EXPECT_EQ(typed["total"], 2);
  EXPECT_FALSE(typed.contains("facets"));
}

// What the API echoes (the query, "did you mean", titles, snippets) is JSON a browser cannot
// take for HTML: the type is final (nosniff) and no '<', '>' or '&' stands in the bytes, while
// the values decode unchanged.
TEST_F(SearchHandlersTest, ApiEchoesNoMarkupAndTheValuesSurviveTheEscapes) {
  auto in = publishing::ArticleInput{};
  in.title = "<script>alert(1)</script> hydrogen & salt";
  in.body_markdown = "hydrogen <img src=x onerror=alert(2)> text";
  in.status = publishing::ArticleStatus::Published;
  in.author_id = authors_.at("lena-varga");
  in.published_at = test::kSearchNow;
  ASSERT_TRUE(publishing_->add_article(in).ok());
  for (auto const& q : {std::string("hydrogen"), std::string("<script>alert(3)</script>"),
                        std::string("desalinaton \"><b>x</b> & y"),
                        std::string("hydrogen \"</script><script>alert(4)</script>")}) {
    auto r = search(q, "/api/search");
    ASSERT_EQ(r.status, 200) << q;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff") << q;
    EXPECT_EQ(r.body.find_first_of("<>&"), std::string::npos) << r.body;
    EXPECT_NO_THROW((void)nlohmann::json::parse(r.body)) << r.body;
  }
  auto j = nlohmann::json::parse(search("hydrogen", "/api/search").body);
  bool found = false;
  for (auto const& hit : j["results"])
    found = found || hit["title"] == "<script>alert(1)</script> hydrogen & salt";
  EXPECT_TRUE(found) << j.dump();
  // The results page escapes the same echoes for HTML, the suggestion included.
  auto page = search("desalinaton \"><b>x</b><script>alert(5)</script>");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.body.find("<b>x</b>"), std::string::npos);
}

TEST_F(SearchHandlersTest, MalformedQueriesAreAnsweredNeverFailed) {
  std::vector<std::string> queries = {"\"unbalanced",
                                      "OR",
                                      "-",
                                      "*",
                                      "a OR OR b",
                                      "\"\"",
                                      "NEAR(a b)",
                                      "title:x",
                                      "^start",
                                      "(((",
                                      ")))",
                                      "a AND",
                                      "\x01\x02 control",
                                      "\xff\xfe bad utf-8",
                                      "kind:blog",
                                      "before:2024-13-45",
                                      "-only -excluded",
                                      "\\",
                                      "'",
                                      std::string(10 * 1024, 'x'),
                                      std::string(10 * 1024, '"')};
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "w" + std::to_string(i) + " OR ";
  queries.push_back(many);
  for (auto const& q : queries) {
    for (auto const* path : {"/search", "/api/search"}) {
      auto r = search(q, path);
      EXPECT_EQ(r.status, 200) << path << " q=" << q.substr(0, 40);
    }
  }
  auto explained = search("\"grain corridor");
  EXPECT_NE(explained.body.find("class=\"search-notes\""), std::string::npos);
}

}  // namespace
}  // namespace dossier
