#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace dossier::http {

// Values captured by a route pattern's {name} segments.
class Params {
 public:
  void set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }
  std::string const& get(std::string const& name) const;
  // A {n} segment as a positive page number, or 0 when it is not one.
  int page(std::string const& name) const;

 private:
  std::map<std::string, std::string> values_;
};

using Handler = std::function<Response(Request const&, Params const&)>;

// Maps a method and a path pattern to a handler. Patterns are literal segments and
// {name} captures of one segment: "/category/{slug}/page/{n}"; a last segment {name...}
// captures the rest of the path, one segment or more, joined by "/". Routes are tried in the
// order they were added; GET routes answer HEAD too.
class Router {
 public:
  void add(Method method, std::string pattern, Handler handler);
  void get(std::string pattern, Handler handler) {
    add(Method::Get, std::move(pattern), std::move(handler));
  }
  void post(std::string pattern, Handler handler) {
    add(Method::Post, std::move(pattern), std::move(handler));
  }
  void patch(std::string pattern, Handler handler) {
    add(Method::Patch, std::move(pattern), std::move(handler));
  }
  void del(std::string pattern, Handler handler) {
    add(Method::Delete, std::move(pattern), std::move(handler));
  }

  struct Match {
    Handler const* handler = nullptr;
    Params params;
    bool path_known = false;  // some route has this path, with another method (405)
    std::string allow;        // those methods, for the Allow header: "GET, HEAD"
  };
  Match match(Method method, std::string_view path) const;

  // One line of the route table: its method and pattern, as added.
  struct RouteInfo {
    Method method;
    std::string pattern;  // "/api/content/v1/articles/{slug}"
  };
  // Every route in the order it was added (the order match() tries them), for checks that
  // hold the table against a document of it: the OpenAPI document's test, `serve --routes`.
  std::vector<RouteInfo> routes() const;

 private:
  struct Route {
    Method method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace dossier::http
