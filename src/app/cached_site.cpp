#include "app/cached_site.hpp"

#include <fmt/format.h>

namespace dossier::app {

namespace {

bool may_use_cache(http::Request const& req) {
  if (req.method != http::Method::Get && req.method != http::Method::Head) return false;
  return req.header("cookie").find(kSessionCookie) == std::string_view::npos;
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
