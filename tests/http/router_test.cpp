// Router: literal and {param} segments, HEAD on GET routes, 405 detection; Params::page.
#include <gtest/gtest.h>

#include <string>

#include "http/router.hpp"

namespace dossier::http {
namespace {

// A handler that answers with a fixed name, so a test can tell which route matched.
Handler named(std::string name) {
  return [name](Request const&, Params const&) { return Response::text(200, name); };
}

std::string run(Router::Match const& m) {
  if (!m.handler) return "<none>";
  return (*m.handler)(Request{}, m.params).body;
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.get("/", named("home"));
    router_.get("/articles/{slug}", named("article"));
    router_.get("/category/{slug}/page/{n}", named("category-page"));
    router_.get("/category/{slug}", named("category"));
    router_.post("/subscribe", named("subscribe-post"));
    router_.get("/subscribe", named("subscribe-get"));
    router_.post("/comments", named("comments"));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralPaths) {
  EXPECT_EQ(run(router_.match(Method::Get, "/")), "home");
  EXPECT_EQ(run(router_.match(Method::Get, "/subscribe")), "subscribe-get");
  EXPECT_EQ(run(router_.match(Method::Post, "/subscribe")), "subscribe-post");
}

TEST_F(RouterTest, CapturesParameters) {
  auto m = router_.match(Method::Get, "/category/world/page/3");
  EXPECT_EQ(run(m), "category-page");
  EXPECT_EQ(m.params.get("slug"), "world");
  EXPECT_EQ(m.params.get("n"), "3");
  EXPECT_EQ(m.params.page("n"), 3);
  EXPECT_EQ(m.params.get("missing"), "");

  auto a = router_.match(Method::Get, "/articles/geneva-talks");
  EXPECT_EQ(run(a), "article");
  EXPECT_EQ(a.params.get("slug"), "geneva-talks");
}

TEST_F(RouterTest, SegmentCountMustMatch) {
  EXPECT_EQ(run(router_.match(Method::Get, "/articles")), "<none>");
  EXPECT_EQ(run(router_.match(Method::Get, "/articles/a/b")), "<none>");
  EXPECT_EQ(run(router_.match(Method::Get, "/category/world/page")), "<none>");
  EXPECT_EQ(run(router_.match(Method::Get, "/nothing")), "<none>");
  EXPECT_FALSE(router_.match(Method::Get, "/nothing").path_known);
}

TEST_F(RouterTest, LiteralSegmentsMustBeEqual) {
  EXPECT_EQ(run(router_.match(Method::Get, "/category/world/pages/3")), "<none>");
  EXPECT_EQ(run(router_.match(Method::Get, "/Articles/x")), "<none>");
}

TEST_F(RouterTest, HeadMatchesGetRoutes) {
  EXPECT_EQ(run(router_.match(Method::Head, "/")), "home");
  auto m = router_.match(Method::Head, "/articles/x");
  EXPECT_EQ(run(m), "article");
  EXPECT_EQ(m.params.get("slug"), "x");
  // But not POST routes.
  auto post_only = router_.match(Method::Head, "/comments");
  EXPECT_EQ(post_only.handler, nullptr);
  EXPECT_TRUE(post_only.path_known);
}

TEST_F(RouterTest, KnownPathWithAnotherMethodIsFlaggedFor405) {
  auto m = router_.match(Method::Post, "/articles/x");
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_TRUE(m.path_known);
  auto d = router_.match(Method::Delete, "/");
  EXPECT_EQ(d.handler, nullptr);
  EXPECT_TRUE(d.path_known);
  // A path some route matches with the right method is not flagged.
  EXPECT_FALSE(router_.match(Method::Get, "/articles/x").path_known);
}

TEST(RouterOrder, FirstAddedRouteWins) {
  Router r;
  r.get("/tag/{slug}", named("param"));
  r.get("/tag/special", named("literal"));
  EXPECT_EQ(run(r.match(Method::Get, "/tag/special")), "param");
}

TEST(ParamsPage, AcceptsOnlyCanonicalPositiveNumbers) {
  Params p;
  auto page = [&](std::string text) {
    p.set("n", std::move(text));
    return p.page("n");
  };
  EXPECT_EQ(page("1"), 1);
  EXPECT_EQ(page("2"), 2);
  EXPECT_EQ(page("1000000"), 1000000);
  EXPECT_EQ(page("0"), 0);
  EXPECT_EQ(page("01"), 0);
  EXPECT_EQ(page("abc"), 0);
  EXPECT_EQ(page("2abc"), 0);
  EXPECT_EQ(page("-1"), 0);
  EXPECT_EQ(page("+2"), 0);
  EXPECT_EQ(page(""), 0);
  EXPECT_EQ(page("99999999"), 0);
  EXPECT_EQ(page("99999999999999999999"), 0);
  EXPECT_EQ(Params{}.page("n"), 0);
}

TEST(Router, RestCaptureTakesTheRemainingSegments) {
  Router r;
  r.get("/media/{path...}", [](Request const&, Params const&) { return Response{}; });
  auto nested = r.match(Method::Get, "/media/2026/11/map.jpg");
  ASSERT_NE(nested.handler, nullptr);
  EXPECT_EQ(nested.params.get("path"), "2026/11/map.jpg");
  auto one = r.match(Method::Get, "/media/map.jpg");
  ASSERT_NE(one.handler, nullptr);
  EXPECT_EQ(one.params.get("path"), "map.jpg");
  EXPECT_EQ(r.match(Method::Get, "/media").handler, nullptr);
  EXPECT_EQ(r.match(Method::Get, "/other/map.jpg").handler, nullptr);
}

TEST(Router, ListsEveryRouteInTheOrderItWasAdded) {
  Router r;
  auto ok = [](Request const&, Params const&) { return Response::text(200, ""); };
  r.get("/", ok);
  r.post("/api/admin/v1/articles", ok);
  r.add(Method::Delete, "/api/admin/v1/articles/{id}", ok);
  r.get("/media/{path...}", ok);
  auto routes = r.routes();
  ASSERT_EQ(routes.size(), 4u);
  EXPECT_EQ(routes[0].method, Method::Get);
  EXPECT_EQ(routes[0].pattern, "/");
  EXPECT_EQ(routes[1].method, Method::Post);
  EXPECT_EQ(routes[1].pattern, "/api/admin/v1/articles");
  EXPECT_EQ(routes[2].method, Method::Delete);
  EXPECT_EQ(routes[2].pattern, "/api/admin/v1/articles/{id}");
  EXPECT_EQ(routes[3].pattern, "/media/{path...}");
}

}  // namespace
}  // namespace dossier::http
