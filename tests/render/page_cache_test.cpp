// The page cache on its own: exact invalidation by key, LRU by bytes, and the generation
// check that keeps a page rendered from stale data out.
#include <gtest/gtest.h>

#include "render/page_cache.hpp"

namespace dossier::render {
namespace {

std::shared_ptr<CachedPage const> page(std::string body, std::vector<std::string> keys) {
  auto p = std::make_shared<CachedPage>();
  p->content_type = "text/html";
  p->body = std::make_shared<std::string const>(std::move(body));
  p->etag = "\"x\"";
  p->keys = std::move(keys);
  return p;
}

TEST(PageCache, InvalidateDropsExactlyThePagesWithTheKey) {
  PageCache cache(1 << 20);
  ASSERT_TRUE(cache.store("/a", page("A", {"article:1", "latest"}), cache.generation()));
  ASSERT_TRUE(cache.store("/b", page("B", {"article:2", "latest"}), cache.generation()));
  ASSERT_TRUE(cache.store("/c", page("C", {"article:2"}), cache.generation()));
  EXPECT_EQ(cache.invalidate({"article:2"}), 2u);
  EXPECT_NE(cache.find("/a"), nullptr);
  EXPECT_EQ(cache.find("/b"), nullptr);
  EXPECT_EQ(cache.find("/c"), nullptr);
  EXPECT_EQ(cache.invalidate({"latest"}), 1u);
  EXPECT_EQ(cache.find("/a"), nullptr);
  EXPECT_EQ(cache.invalidate({"nothing"}), 0u);
}

TEST(PageCache, APageRenderedBeforeAnInvalidationIsNotStored) {
  PageCache cache(1 << 20);
  auto generation = cache.generation();  // a request starts rendering...
  cache.invalidate({"article:1"});       // ...meanwhile the article changes
  EXPECT_FALSE(cache.store("/a", page("stale", {"article:1"}), generation));
  EXPECT_EQ(cache.find("/a"), nullptr);
}

TEST(PageCache, LeastRecentlyUsedPagesGoFirstBeyondTheBudget) {
  std::string body(20 * 1024, 'x');
  PageCache cache(200 * 1024);  // room for about nine such pages
  for (int i = 0; i < 9; ++i)
    ASSERT_TRUE(cache.store("/p" + std::to_string(i), page(body, {"k"}), cache.generation()));
  ASSERT_NE(cache.find("/p0"), nullptr);  // /p0 is now the most recently used
  for (int i = 9; i < 12; ++i)
    ASSERT_TRUE(cache.store("/p" + std::to_string(i), page(body, {"k"}), cache.generation()));
  auto stats = cache.stats();
  EXPECT_LE(stats.bytes, 200u * 1024);
  EXPECT_GT(stats.evictions, 0u);
  EXPECT_NE(cache.find("/p0"), nullptr);
  EXPECT_EQ(cache.find("/p1"), nullptr);
  // Evicted pages leave no trace in the key index: invalidating counts only live pages.
  auto live = cache.stats().pages;
  EXPECT_EQ(cache.invalidate({"k"}), live);
  EXPECT_EQ(cache.stats().pages, 0u);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(PageCache, APageTooLargeForItsShareIsNotKept) {
  PageCache cache(64 * 1024);
  EXPECT_FALSE(cache.store("/big", page(std::string(32 * 1024, 'x'), {"k"}), cache.generation()));
  EXPECT_EQ(cache.find("/big"), nullptr);
}

}  // namespace
}  // namespace dossier::render
