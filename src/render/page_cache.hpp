#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/memory_file.hpp"

namespace dossier::render {

// One representation of a page (plain or gzip) as an HTTP/1.1 keep-alive connection gets it:
// the server writes these bytes as they are (http::PreparedAnswer).
struct PreparedPage {
  std::string head;          // the 200's status line and headers, through the blank line
  std::string not_modified;  // the 304's
  // The head and the body in one in-memory file, sent with one sendfile(); null for a small
  // body (copying it costs less than the file) or when the system gave no file.
  std::shared_ptr<MemoryFile const> file;
};

// One rendered page, ready to send: both representations and their strong ETags.
struct CachedPage {
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<std::string const> body;
  std::shared_ptr<std::string const> gzip_body;  // null when gzip does not pay
  std::string etag;
  std::string gzip_etag;
  std::vector<std::string> keys;  // what the page shows ("article:12", "latest" ...)
  PreparedPage plain;
  PreparedPage gzip;  // empty when gzip_body is null

  std::size_t bytes() const;
};

// Rendered public pages kept in memory, keyed by request target. Bounded by bytes (least
// recently used pages go first). A page is dropped exactly when one of the keys it depends
// on changes (invalidate), so a change shows at once on every page it touches and nowhere
// else. Thread-safe.
class PageCache {
 public:
  explicit PageCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<CachedPage const> find(std::string const& target);

  // The generation to pass to store(): read it before rendering, so a page rendered from
  // data that changed meanwhile is never stored (invalidate() moves the generation on).
  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Keeps the page unless an invalidation happened since `generation` or it is too large.
  bool store(std::string const& target, std::shared_ptr<CachedPage const> page,
             std::uint64_t generation);

  // Drops every page that depends on any of keys; returns how many.
  std::size_t invalidate(std::vector<std::string> const& keys);
  void clear();

  struct Stats {
    std::size_t pages = 0;
    std::size_t bytes = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::uint64_t evictions = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::shared_ptr<CachedPage const> page;
    std::list<std::string>::iterator lru;
  };
  void erase_locked(std::string const& target);

  std::size_t const max_bytes_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> lru_;  // front = most recently used
  std::unordered_map<std::string, std::unordered_set<std::string>> dependents_;  // key -> targets
  std::size_t bytes_ = 0;
  std::atomic<std::uint64_t> generation_{0};
  std::uint64_t hits_ = 0, misses_ = 0, evictions_ = 0;
};

}  // namespace dossier::render
