#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace dossier::site {

// How many entries one fragment cache keeps before it starts again from empty: the article
// page's parts of the most read articles, a few kilobytes each (a few megabytes in all).
// Clearing whole is crude, but a full cache only costs the reads it saved.
constexpr std::size_t kMaxFragmentEntries = 4096;

// How many writes this process has committed to the database (store::Database::commits()):
// a fragment cache keeps its values while it stays the same.
using ChangeCounter = std::atomic<std::uint64_t>;

// The read parts of a page that do not change between requests (an article's view, its
// approved comments, its "In this article" box, its related articles), kept in memory by key
// until the database's commit counter moves: any write empties them all, so a cache never
// needs to know which change touches which of its entries (writes are rare next to reads;
// the cost is a few extra reads after each one). Safe on any number of request threads: a
// mutex guards the map, and a value is kept only when the counter did not move while it was
// read. The counter also moves after each commit is visible to readers (store/database.cpp),
// so a value read from just before a commit is never kept past it.
template <typename Key, typename Value>
class FragmentCache {
 public:
  explicit FragmentCache(ChangeCounter const& changes,
                         std::size_t max_entries = kMaxFragmentEntries)
      : changes_(changes), max_entries_(max_entries) {}
  FragmentCache(FragmentCache const&) = delete;
  FragmentCache& operator=(FragmentCache const&) = delete;

  // The value under `key`, from `load()` when it is not kept (or the database changed since).
  template <typename Load>
  std::shared_ptr<Value const> get(Key const& key, Load&& load) {
    return get_if(key, [&] { return std::optional<Value>(load()); });
  }

  // As get, for a value that may not exist: `load()` gives an optional, and only a value
  // found is kept (null when none), so missing keys (a crawler's 404s) never fill the cache.
  template <typename Load>
  std::shared_ptr<Value const> get_if(Key const& key, Load&& load) {
    auto seen = changes_.load(std::memory_order_acquire);
    {
      std::lock_guard lock(mutex_);
      if (entries_seen_ != seen) {
        entries_.clear();
        entries_seen_ = seen;
      } else if (auto it = entries_.find(key); it != entries_.end()) {
        return it->second;
      }
    }
    // Loaded without the lock: a slow read must not hold up the other request threads.
    std::optional<Value> loaded = load();
    if (!loaded) return nullptr;
    auto value = std::make_shared<Value const>(std::move(*loaded));
    std::lock_guard lock(mutex_);
    if (changes_.load(std::memory_order_acquire) == seen && entries_seen_ == seen) {
      if (entries_.size() >= max_entries_) entries_.clear();
      entries_.emplace(key, value);
    }
    return value;
  }

  // How many values are kept (for tests).
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  ChangeCounter const& changes_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::uint64_t entries_seen_ = 0;
  std::unordered_map<Key, std::shared_ptr<Value const>> entries_;
};

}  // namespace dossier::site
