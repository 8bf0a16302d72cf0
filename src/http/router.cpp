#include "http/router.hpp"

#include <charconv>

#include "core/strings.hpp"

namespace dossier::http {

namespace {

constexpr int kMaxPageNumber = 1'000'000;

std::vector<std::string_view> path_segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (auto s : split(path, '/'))
    if (!s.empty()) out.push_back(s);
  return out;
}

}  // namespace

std::string const& Params::get(std::string const& name) const {
  static std::string const empty;
  auto it = values_.find(name);
  return it == values_.end() ? empty : it->second;
}

int Params::page(std::string const& name) const {
  auto const& text = get(name);
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > kMaxPageNumber)
    return 0;
  // "/page/01" would be a second URL for page 1: only the canonical spelling is a page.
  if (text.front() == '0') return 0;
  return n;
}

void Router::add(Method method, std::string pattern, Handler handler) {
  Route r{method, {}, std::move(handler)};
  for (auto s : path_segments(pattern)) r.segments.emplace_back(s);
  routes_.push_back(std::move(r));
}

std::vector<Router::RouteInfo> Router::routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (auto const& route : routes_) {
    std::string pattern;
    for (auto const& s : route.segments) pattern += "/" + s;
    out.push_back({route.method, pattern.empty() ? "/" : pattern});
  }
  return out;
}

namespace {

bool is_capture(std::string const& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// "{name...}" as the last segment takes the rest of the path (one segment or more).
bool is_rest_capture(std::string const& segment) {
  return is_capture(segment) && segment.size() > 5 &&
         segment.compare(segment.size() - 4, 4, "...}") == 0;
}

}  // namespace

Router::Match Router::match(Method method, std::string_view path) const {
  Match result;
  auto segments = path_segments(path);
  for (auto const& route : routes_) {
    bool rest = !route.segments.empty() && is_rest_capture(route.segments.back());
    if (rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size())
      continue;
    Params params;
    bool ok = true;
    for (std::size_t i = 0; i < route.segments.size() && ok; ++i) {
      auto const& want = route.segments[i];
      if (rest && i + 1 == route.segments.size()) {
        std::string joined;
        for (std::size_t k = i; k < segments.size(); ++k)
          joined += (k > i ? "/" : "") + std::string(segments[k]);
        params.set(want.substr(1, want.size() - 5), std::move(joined));
      } else if (is_capture(want)) {
        params.set(want.substr(1, want.size() - 2), std::string(segments[i]));
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    bool method_ok =
        route.method == method || (route.method == Method::Get && method == Method::Head);
    if (!method_ok) {
      result.path_known = true;
      auto name = std::string(to_string(route.method));
      if (result.allow.find(name) == std::string::npos)
        result.allow += (result.allow.empty() ? "" : ", ") + name;
      if (route.method == Method::Get && result.allow.find("HEAD") == std::string::npos)
        result.allow += ", HEAD";
      continue;
    }
    result.handler = &route.handler;
    result.params = std::move(params);
    return result;
  }
  return result;
}

}  // namespace dossier::http
