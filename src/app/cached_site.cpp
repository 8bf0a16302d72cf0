#include "app/cached_site.hpp"

#include <fmt/format.h>

namespace dossier::app {

namespace {

// Below this size a body is copied to the socket with its head (one sendmsg); from it on it
// goes from a file with sendfile(), which spares the copy but costs more to set up. An
// article page is ~25 KB plain and ~6 KB gzipped.
constexpr std::size_t kSendFileMinBytes = 16 * 1024;

bool may_use_cache(http::Request const& req) {
  if (req.method != http::Method::Get && req.method != http::Method::Head) return false;
  auto cookies = req.header("cookie");
  return cookies.find(kSessionCookie) == std::string_view::npos &&
         cookies.find(kReaderCookie) == std::string_view::npos;
}

// What an HTTP/1.1 keep-alive GET of this representation gets, serialized once: the response
// respond_from gives it, with what the server's finalize() adds (the security headers). A
// page whose headers may not go out stays unprepared: the general path answers it (500).
render::PreparedPage prepare(render::CachedPage const& page, bool gzip) {
  http::Request req;
  if (gzip) req.headers.emplace_back("accept-encoding", "gzip");
  auto ok = respond_from(page, req);
  http::finalize(req, ok);
  render::PreparedPage out;
  if (http::unsafe_header(ok)) return out;
  out.head = http::serialize_head(ok);
  if (ok.body_size() >= kSendFileMinBytes) out.file = MemoryFile::make(out.head, *ok.shared_body);
  req.headers.emplace_back("if-none-match", gzip ? page.gzip_etag : page.etag);
  auto not_modified = respond_from(page, req);
  http::finalize(req, not_modified);
  out.not_modified = http::serialize_head(not_modified);
  return out;
}

}  // namespace

std::vector<std::string> cache_keys_for(publishing::ArticleChanged const& change) {
  std::vector<std::string> keys;
  bool visible = false;
  for (auto const* p : {&change.before, &change.after}) {
    if (!p->has_value() || !(*p)->is_public) continue;
    visible = true;
    keys.push_back(fmt::format("author:{}", (*p)->author_id));
    for (auto c : (*p)->category_ids) keys.push_back(fmt::format("category:{}", c));
    for (auto t : (*p)->tag_ids) keys.push_back(fmt::format("tag:{}", t));
  }
  if (!visible) return {};
  keys.push_back(fmt::format("article:{}", change.id));
  keys.push_back("latest");
  return keys;
}

std::shared_ptr<render::CachedPage const> make_cached_page(http::Response response) {
  auto page = std::make_shared<render::CachedPage>();
  page->content_type = response.content_type;
  for (auto& h : response.headers)
    if (h.first != "ETag" && h.first != "Vary") page->headers.push_back(std::move(h));
  page->keys = std::move(response.cache_keys);
  page->etag = http::strong_etag(response.body, false);
  if (http::is_compressible(response.content_type, response.body.size())) {
    auto compressed = http::gzip(response.body);
    if (!compressed.empty() && compressed.size() < response.body.size()) {
      page->gzip_etag = http::strong_etag(response.body, true);
      page->gzip_body = std::make_shared<std::string const>(std::move(compressed));
    }
  }
  page->body = std::make_shared<std::string const>(std::move(response.body));
  page->plain = prepare(*page, false);
  if (page->gzip_body) page->gzip = prepare(*page, true);
  return page;
}

http::Response respond_from(render::CachedPage const& page, http::Request const& req) {
  http::Response r;
  r.finalized = true;
  r.content_type = page.content_type;
  r.headers = page.headers;
  bool gz = page.gzip_body && http::accepts_gzip(req.header("accept-encoding"));
  auto const& etag = gz ? page.gzip_etag : page.etag;
  r.set_header("ETag", etag);
  if (page.gzip_body) r.set_header("Vary", "Accept-Encoding");
  auto inm = req.header("if-none-match");
  if (!inm.empty() && http::etag_matches(inm, etag)) {
    r.status = 304;
    return r;
  }
  if (gz) r.set_header("Content-Encoding", "gzip");
  r.shared_body = gz ? page.gzip_body : page.body;
  return r;
}

std::optional<http::Response> CachedSite::lookup(http::Request const& req) {
  if (!cache_ || !may_use_cache(req)) return std::nullopt;
  auto page = cache_->find(req.target);
  if (!page) return std::nullopt;
  return respond_from(*page, req);
}

std::optional<http::PreparedAnswer> CachedSite::prepared(http::Request const& req) {
  if (!cache_ || !may_use_cache(req)) return std::nullopt;
  auto page = cache_->find(req.target);
  if (!page) return std::nullopt;
  bool gz = page->gzip_body && http::accepts_gzip(req.header("accept-encoding"));
  auto const& bytes = gz ? page->gzip : page->plain;
  if (bytes.head.empty()) return std::nullopt;
  auto inm = req.header("if-none-match");
  if (!inm.empty() && http::etag_matches(inm, gz ? page->gzip_etag : page->etag))
    return http::PreparedAnswer{page, bytes.not_modified, {}, -1, 304};
  if (req.method == http::Method::Head) return http::PreparedAnswer{page, bytes.head, {}, -1, 200};
  auto const& body = gz ? *page->gzip_body : *page->body;
  return http::PreparedAnswer{page, bytes.head, body, bytes.file ? bytes.file->fd() : -1, 200};
}

http::Response CachedSite::handle(http::Request const& req) {
  if (!cache_ || !may_use_cache(req)) return render_(req);
  auto generation = cache_->generation();
  auto response = render_(req);
  if (response.status != 200 || response.cache_keys.empty()) return response;
  auto page = make_cached_page(std::move(response));
  cache_->store(req.target, page, generation);
  return respond_from(*page, req);
}

}  // namespace dossier::app
