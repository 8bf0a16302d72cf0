// Raw bytes from a client, through the whole public site: Beast's request parser with the
// server's limits, the conversion to http::Request, and dispatch through the real route table
// over a real SQLite file (tests/support/site_stack.hpp, built once), then finalize() (ETag,
// gzip, HEAD). Up to kMaxPipelined requests are read from one input, as a keep-alive
// connection reads them from one buffer.
//
// Besides not crashing, every answer must hold: no 5xx (an exception in a handler is turned
// into the theme's 500 page, which would hide the bug from a crash-only fuzzer), no header
// value with a CR or LF (response splitting, RFC 9112 section 2.2), and no file from outside
// the media and static folders (a secret file sits next to them).
#include <utility>  // before Asio: Boost 1.74 + g++ 12 in C++20 (DESIGN.md, known pitfalls)

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <soci/soci.h>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/strings.hpp"
#include "fuzz_check.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/server.hpp"
#include "publishing/taxonomy_store.hpp"
#include "support/site_stack.hpp"

namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using dossier::fuzz::check;
using namespace dossier;

constexpr UnixTime kNow = 1'790'000'000;  // a fixed clock, as the unit tests use
constexpr int kMaxPipelined = 4;
// The secret file's content. Pages may echo what a request says (a search query), but always
// escaped: HTML and XML escape '<' and '&', JSON escapes the control character. Only the raw
// file itself holds these bytes as they are.
constexpr std::string_view kSecret = "<fuzz-secret\x01&3f9a1c>";
// The same room for the upload form as server.cpp's kUploadFormOverhead.
constexpr std::size_t kUploadFormOverhead = 64 * 1024;
constexpr std::size_t kMaxUploadBytes = 20 * 1024 * 1024;  // app/config.hpp's default

// The site with a few rows, so the article, tag, author and category routes find something.
class FuzzSite : public test::SiteStack {
 public:
  FuzzSite() : SiteStack("dossier-fuzz-http", kNow) {
    soci::session sql(db_->pool());
    auto author = publishing::TaxonomyStore::insert_author(
        sql, {0, "ada-reporter", "Ada Reporter", "Covers Europe.", "author"}, "", kNow);
    auto category =
        publishing::TaxonomyStore::insert_category(sql, {0, {}, "europe", "Europe", "", 1});
    auto tag = publishing::TaxonomyStore::insert_tag(sql, {0, "baltic-sea", "Baltic Sea"});
    for (auto const& [title, body] :
         {std::pair{"Pipeline talks resume", "Ministers *met* in [Riga](https://example.org)."},
          std::pair{"Gas prices fall", "Prices fell by 12 percent, the agency said."}}) {
      publishing::ArticleInput in;
      in.title = title;
      in.body_markdown = body;
      in.status = publishing::ArticleStatus::Published;
      in.author_id = author;
      in.published_at = kNow - 3600;
      in.category_ids = {category};
      in.tag_ids = {tag};
      if (auto id = publishing_->add_article(in); !id) throw std::runtime_error(id.error().message);
    }
    dir_.write("media/2026/09/photo.txt", "a media file");
    dir_.write("secret.txt", kSecret);
  }

  http::Response handle(http::Request const& req) { return app::dispatch(router_, *site_, req); }
};

FuzzSite& fuzz_site() {
  static auto* s = new FuzzSite();  // never destroyed: the fuzzer may exit from any thread
  return *s;
}

http::Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get: return http::Method::Get;
    case bhttp::verb::head: return http::Method::Head;
    case bhttp::verb::post: return http::Method::Post;
    case bhttp::verb::put: return http::Method::Put;
    case bhttp::verb::patch: return http::Method::Patch;
    case bhttp::verb::delete_: return http::Method::Delete;
    case bhttp::verb::options: return http::Method::Options;
    default: return http::Method::Other;
  }
}

// Feeds bytes to the parser until it wants no more (or has none); returns the bytes used, or
// nullopt when the request is malformed, over a limit or incomplete (the server answers 4xx
// or closes the connection, and reads nothing more from it).
std::optional<std::size_t> feed(bhttp::request_parser<bhttp::string_body>& parser,
                                std::string_view bytes, bool until_done) {
  auto finished = [&] { return until_done ? parser.is_done() : parser.is_header_done(); };
  std::size_t used = 0;
  while (!finished()) {
    beast::error_code ec;
    std::size_t n = 0;
    if (used < bytes.size())
      n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec && ec != bhttp::error::need_more) return std::nullopt;
    if (n == 0) {
      // No progress: the input has ended, which is the end of the stream. A body delimited by
      // the connection closing ends here; anything else is a partial message.
      beast::error_code eof;
      parser.put_eof(eof);
      if (eof || !finished()) return std::nullopt;
    }
  }
  return used;
}

void check_response(http::Request const& req, http::Response const& res) {
  check(res.status >= 100 && res.status < 500, "a 5xx answer (an exception in a handler?)",
        req.target);
  for (auto const& [name, value] : res.headers) {
    check(name.find_first_of("\r\n:") == std::string::npos, "a header name with CR, LF or ':'",
          name);
    check(value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos,
          "a header value with CR, LF or NUL (response splitting)", value);
  }
  auto const& body = res.shared_body ? *res.shared_body : res.body;
  check(body.find(kSecret) == std::string::npos, "a file outside the served folders was sent",
        req.target);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz_site();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view input(reinterpret_cast<char const*>(data), size);
  http::ServerOptions const options;  // the server's defaults, as app.cpp's config defaults
  for (int n = 0; n < kMaxPipelined && !input.empty(); ++n) {
    // What server.cpp's read_header / on_header / on_body do, repeated here because that file
    // keeps Beast and the socket together; keep the two in step.
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(std::max(options.max_body_bytes, kMaxUploadBytes + kUploadFormOverhead));
    auto header_used = feed(parser, input, false);
    if (!header_used) return 0;
    input.remove_prefix(*header_used);
    auto const& h = parser.get();
    if (h.target().size() > options.max_url_bytes) return 0;  // 414
    bool upload =
        h.method() == bhttp::verb::post && std::string_view(h.target()).starts_with("/admin/media");
    auto limit = upload ? kMaxUploadBytes + kUploadFormOverhead : options.max_body_bytes;
    if (auto declared = parser.content_length(); declared && *declared > limit) return 0;  // 413
    parser.body_limit(limit);
    auto body_used = parser.is_done() ? std::optional<std::size_t>(0) : feed(parser, input, true);
    if (!body_used) return 0;
    input.remove_prefix(*body_used);

    auto message = parser.release();
    http::Request req;
    req.method = to_method(message.method());
    req.target = std::string(message.target());
    req.remote_address = "127.0.0.1";
    auto q = req.target.find('?');
    auto raw_path = std::string_view(req.target).substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    auto decoded = percent_decode(raw_path);
    if (raw_path.empty() || raw_path.front() != '/' || !decoded || !is_valid_utf8(*decoded))
      return 0;  // 400
    req.path = std::move(*decoded);
    for (auto const& field : message)
      req.headers.emplace_back(to_lower(field.name_string()), std::string(field.value()));
    req.body = std::move(message.body());

    auto res = fuzz_site().handle(req);
    http::finalize(req, res);
    check_response(req, res);
    if (!message.keep_alive()) return 0;
  }
  return 0;
}
