// The article page's in-memory fragments: kept while the commit counter stays, emptied when
// it moves, never keeping a value read while a commit happened, never keeping a missing key,
// and bounded; several threads at once (run under ThreadSanitizer in CI).
#include "site/fragment_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace dossier::site {
namespace {

TEST(FragmentCacheTest, AValueIsReadOnceUntilTheCounterMoves) {
  ChangeCounter changes{0};
  FragmentCache<long long, std::string> cache(changes);
  int reads = 0;
  auto load = [&] {
    ++reads;
    return "value " + std::to_string(reads);
  };
  EXPECT_EQ(*cache.get(1, load), "value 1");
  EXPECT_EQ(*cache.get(1, load), "value 1") << "kept";
  EXPECT_EQ(reads, 1);
  changes.fetch_add(1);
  EXPECT_EQ(*cache.get(1, load), "value 2") << "a commit anywhere reads it again";
  EXPECT_EQ(reads, 2);
}

TEST(FragmentCacheTest, AValueReadWhileACommitHappenedIsNeverKept) {
  ChangeCounter changes{0};
  FragmentCache<long long, std::string> cache(changes);
  // The commit lands while the value is being read: what was read may be from before it.
  EXPECT_EQ(*cache.get(7,
                       [&] {
                         changes.fetch_add(1);
                         return std::string("maybe old");
                       }),
            "maybe old");
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(*cache.get(7, [] { return std::string("new"); }), "new");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(FragmentCacheTest, AMissingValueIsNotKept) {
  ChangeCounter changes{0};
  FragmentCache<std::string, int> cache(changes);
  int reads = 0;
  auto none = [&] {
    ++reads;
    return std::optional<int>();
  };
  EXPECT_EQ(cache.get_if("no-such-article", none), nullptr);
  EXPECT_EQ(cache.get_if("no-such-article", none), nullptr);
  EXPECT_EQ(reads, 2) << "a crawler's 404s never fill the cache";
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(*cache.get_if("article", [] { return std::optional<int>(3); }), 3);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(FragmentCacheTest, AFullCacheStartsAgainFromEmpty) {
  constexpr std::size_t kMax = 3;
  ChangeCounter changes{0};
  FragmentCache<long long, long long> cache(changes, kMax);
  for (long long k = 0; k < 10; ++k) cache.get(k, [k] { return k * 2; });
  EXPECT_LE(cache.size(), kMax);
  EXPECT_EQ(*cache.get(9, [] { return -1LL; }), 18) << "the newest stays";
}

TEST(FragmentCacheTest, ManyThreadsReadWhileCommitsLand) {
  constexpr int kThreads = 4, kRounds = 2000;
  ChangeCounter changes{0};
  FragmentCache<long long, long long> cache(changes, 16);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kRounds; ++i) {
        // The value is the counter it was read under: a kept one is never older than the last
        // commit that finished before the read began.
        auto before = changes.load();
        auto got = *cache.get(i % 20, [&] { return static_cast<long long>(changes.load()); });
        EXPECT_GE(got, static_cast<long long>(before));
      }
    });
  threads.emplace_back([&] {
    for (int i = 0; i < kRounds; ++i) changes.fetch_add(1);
  });
  for (auto& t : threads) t.join();
}

}  // namespace
}  // namespace dossier::site
