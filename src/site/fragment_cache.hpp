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

// The site's "something changed" counter, shared by every fragment cache. The composition
// root advances it after every committed change a reader could see (each event the page
// cache listens to, and each form or API write), so a cache never needs to know which change
// touches which of its entries: any change empties them all. Writes are rare next to reads,
// so the cost is a few extra reads after each one.
class FragmentEpoch {
 public:
  void advance() { value_.fetch_add(1, std::memory_order_acq_rel); }
  std::uint64_t value() const { return value_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// The read parts of a page that do not change between requests (an article's view, its
// approved comments, its "In this article" box, its related articles), kept in memory by key
// until the epoch advances. Safe on any number of request threads: a mutex guards the map,
// and a value read while a change was being committed is returned but never kept, since the
// epoch it was read under is gone by the time it would be stored (changes advance the epoch
// after they commit).
template <typename Key, typename Value>
class FragmentCache {
 public:
  explicit FragmentCache(FragmentEpoch const& epoch, std::size_t max_entries = kMaxFragmentEntries)
      : epoch_(epoch), max_entries_(max_entries) {}
  FragmentCache(FragmentCache const&) = delete;
  FragmentCache& operator=(FragmentCache const&) = delete;

  // The value under `key`, from `load()` when it is not kept (or the site changed since).
  template <typename Load>
  std::shared_ptr<Value const> get(Key const& key, Load&& load) {
    return get_if(key, [&] { return std::optional<Value>(load()); });
  }

  // As get, for a value that may not exist: `load()` gives an optional, and only a value
  // found is kept (null when none), so missing keys (a crawler's 404s) never fill the cache.
  template <typename Load>
  std::shared_ptr<Value const> get_if(Key const& key, Load&& load) {
    auto seen = epoch_.value();
    {
      std::lock_guard lock(mutex_);
      if (entries_epoch_ != seen) {
        entries_.clear();
        entries_epoch_ = seen;
      } else if (auto it = entries_.find(key); it != entries_.end()) {
        return it->second;
      }
    }
    // Loaded without the lock: a slow read must not hold up the other request threads.
    std::optional<Value> loaded = load();
    if (!loaded) return nullptr;
    auto value = std::make_shared<Value const>(std::move(*loaded));
    std::lock_guard lock(mutex_);
    if (epoch_.value() == seen && entries_epoch_ == seen) {
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
  FragmentEpoch const& epoch_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::uint64_t entries_epoch_ = 0;
  std::unordered_map<Key, std::shared_ptr<Value const>> entries_;
};

}  // namespace dossier::site
