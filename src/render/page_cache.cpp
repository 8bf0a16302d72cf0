#include "render/page_cache.hpp"

#include <algorithm>

namespace dossier::render {

namespace {

// A single page may take at most this share of the budget, so one huge page cannot flush
// everything else.
constexpr std::size_t kMaxShareOfBudget = 8;
constexpr std::size_t kEntryOverhead = 256;

}  // namespace

std::size_t CachedPage::bytes() const {
  std::size_t n = kEntryOverhead + content_type.size() + etag.size() + gzip_etag.size();
  if (body) n += body->size();
  if (gzip_body) n += gzip_body->size();
  for (auto const& [k, v] : headers) n += k.size() + v.size();
  for (auto const& k : keys) n += k.size();
  for (auto const* p : {&plain, &gzip}) {
    n += p->head.size() + p->not_modified.size();
    if (p->file) n += p->file->size();  // a second copy of the head and body, in the kernel
  }
  return n;
}

std::shared_ptr<CachedPage const> PageCache::find(std::string const& target) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(target);
  if (it == entries_.end()) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  return it->second.page;
}

bool PageCache::store(std::string const& target, std::shared_ptr<CachedPage const> page,
                      std::uint64_t generation) {
  auto size = page->bytes();
  if (size > max_bytes_ / kMaxShareOfBudget) return false;
  std::lock_guard lock(mutex_);
  if (generation != generation_.load(std::memory_order_acquire)) return false;
  erase_locked(target);
  for (auto const& key : page->keys) dependents_[key].insert(target);
  lru_.push_front(target);
  entries_[target] = Entry{std::move(page), lru_.begin()};
  bytes_ += size;
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    auto victim = lru_.back();
    erase_locked(victim);
    ++evictions_;
  }
  return true;
}

void PageCache::erase_locked(std::string const& target) {
  auto it = entries_.find(target);
  if (it == entries_.end()) return;
  bytes_ -= it->second.page->bytes();
  lru_.erase(it->second.lru);
  for (auto const& key : it->second.page->keys) {
    auto dep = dependents_.find(key);
    if (dep == dependents_.end()) continue;
    dep->second.erase(target);
    if (dep->second.empty()) dependents_.erase(dep);
  }
  entries_.erase(it);
}

std::size_t PageCache::invalidate(std::vector<std::string> const& keys) {
  std::lock_guard lock(mutex_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  std::size_t dropped = 0;
  for (auto const& key : keys) {
    auto it = dependents_.find(key);
    if (it == dependents_.end()) continue;
    // erase_locked edits the dependents' sets, so work on a copy of this one.
    auto targets = std::vector<std::string>(it->second.begin(), it->second.end());
    for (auto const& target : targets) {
      erase_locked(target);
      ++dropped;
    }
  }
  return dropped;
}

void PageCache::clear() {
  std::lock_guard lock(mutex_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  entries_.clear();
  lru_.clear();
  dependents_.clear();
  bytes_ = 0;
}

PageCache::Stats PageCache::stats() const {
  std::lock_guard lock(mutex_);
  return {entries_.size(), bytes_, hits_, misses_, evictions_};
}

}  // namespace dossier::render
