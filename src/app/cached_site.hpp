#pragma once

#include <functional>
#include <optional>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/server.hpp"
#include "publishing/events.hpp"
#include "render/page_cache.hpp"

namespace dossier::app {

// The page cache in front of the site: a hit is answered on the I/O thread from memory
// (with the right encoding, ETag and 304), a miss is rendered on a worker and kept when the
// handler declared what the page shows (Response::cache_keys). Requests that carry a
// session cookie, and methods other than GET/HEAD, pass straight through.
class CachedSite {
 public:
  using Render = std::function<http::Response(http::Request const&)>;

  // cache may be null: the cache is disabled and every request renders.
  CachedSite(render::PageCache* cache, Render render) : cache_(cache), render_(std::move(render)) {}

  std::optional<http::Response> lookup(http::Request const& req);
  // The same lookup for an HTTP/1.1 keep-alive request: the page's bytes made ahead, sent as
  // they are (http::Server's prepared path).
  std::optional<http::PreparedAnswer> prepared(http::Request const& req);
  http::Response handle(http::Request const& req);
  // Drops every page: another process wrote to the database (store::Database::
  // other_process_wrote), and what its write touched is not known here.
  void clear() {
    if (cache_) cache_->clear();
  }
  // Drops the pages another server's change touched (its typed events' keys, carried by a
  // PostgreSQL change notice).
  void invalidate(std::vector<std::string> const& keys) {
    if (cache_) cache_->invalidate(keys);
  }

 private:
  render::PageCache* cache_;
  Render render_;
};

// The cookies that mark a signed-in person (the newsroom's, and a reader's: client members and
// subscribers, clients/): their pages differ.
constexpr char const* kSessionCookie = "dossier_session=";
constexpr char const* kReaderCookie = "dossier_reader=";

// The cache keys an article change touches: the article itself and, for its placement
// before and after (when public), its author's, categories' and tags' archives and the
// site-wide lists ("latest"). A change to an article no reader could see touches nothing.
std::vector<std::string> cache_keys_for(publishing::ArticleChanged const& change);

// A rendered 200 response turned into a cache entry: gzip computed once, both ETags, and
// each representation's head (and file) for the prepared path.
std::shared_ptr<render::CachedPage const> make_cached_page(http::Response response);
// The response a cached page gives this request: encoding, ETag, 304, shared body.
http::Response respond_from(render::CachedPage const& page, http::Request const& req);

}  // namespace dossier::app
