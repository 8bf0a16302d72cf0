#include "http/static_files.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/strings.hpp"

namespace dossier::http {

namespace {

constexpr char const* kImmutable = "public, max-age=31536000, immutable";
constexpr char const* kMediaCache = "public, max-age=604800";
constexpr std::uintmax_t kMaxServedFileBytes = 64ull * 1024 * 1024;

std::optional<std::string> read_all(std::filesystem::path const& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::uint32_t fnv1a32(std::string_view data) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : data) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

}  // namespace

std::string content_type_for(std::filesystem::path const& path) {
  auto ext = to_lower(path.extension().string());
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".gif") return "image/gif";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

StaticAssets StaticAssets::load(std::filesystem::path const& dir) {
  StaticAssets out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (auto const& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    auto name = entry.path().filename().string();
    if (!is_safe_segment(name)) continue;
    auto content = read_all(entry.path());
    if (!content) continue;
    auto stem = entry.path().stem().string();
    auto ext = entry.path().extension().string();
    auto fingerprinted = fmt::format("{}.{:08x}{}", stem, fnv1a32(*content), ext);
    out.fingerprinted_to_name_[fingerprinted] = name;
    out.by_name_[name] = Asset{std::move(*content), content_type_for(entry.path()), fingerprinted};
  }
  return out;
}

std::string StaticAssets::url_for(std::string const& name) const {
  auto it = by_name_.find(name);
  return "/static/" + (it == by_name_.end() ? name : it->second.fingerprinted_name);
}

std::optional<Response> StaticAssets::serve(std::string const& file_name) const {
  bool fingerprinted = true;
  auto it = fingerprinted_to_name_.find(file_name);
  std::string name;
  if (it != fingerprinted_to_name_.end()) {
    name = it->second;
  } else {
    name = file_name;
    fingerprinted = false;
  }
  auto asset = by_name_.find(name);
  if (asset == by_name_.end()) return std::nullopt;
  Response r;
  r.content_type = asset->second.content_type;
  r.body = asset->second.content;
  // The plain name may change content at any deploy, so it is revalidated every time.
  r.set_header("Cache-Control", fingerprinted ? kImmutable : "no-cache");
  return r;
}

bool is_safe_segment(std::string_view segment) {
  if (segment.empty() || segment.front() == '.') return false;
  for (unsigned char c : segment) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') return false;
  }
  return true;
}

std::optional<Response> serve_file(std::filesystem::path const& root, std::string const& rel) {
  std::filesystem::path path = root;
  for (auto segment : split(rel, '/')) {
    if (!is_safe_segment(segment)) return std::nullopt;
    path /= std::string(segment);
  }
  std::error_code ec;
  auto status = std::filesystem::symlink_status(path, ec);
  if (ec || !std::filesystem::is_regular_file(status)) return std::nullopt;
  if (std::filesystem::file_size(path, ec) > kMaxServedFileBytes || ec) return std::nullopt;
  auto content = read_all(path);
  if (!content) return std::nullopt;
  Response r;
  r.content_type = content_type_for(path);
  r.body = std::move(*content);
  r.set_header("Cache-Control", kMediaCache);
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace dossier::http
