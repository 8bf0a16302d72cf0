#pragma once

// The newsroom driven over HTTP as a browser drives it: the demo's administrator signs in
// through the login form, then sends the newsroom's forms with the session's CSRF token.
// Shared by the end-to-end tests that need writes acknowledged by a running server.

#include <cctype>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {

inline std::string url_encode(std::string const& s) {
  std::string out;
  char const* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

inline std::string form_body(std::vector<std::pair<std::string, std::string>> const& fields) {
  std::string body;
  for (auto const& [k, v] : fields)
    body += (body.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  return body;
}

inline std::string hidden_field(std::string const& html, std::string const& name) {
  auto marker = "name=\"" + name + "\" value=\"";
  auto at = html.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return html.substr(at, html.find('"', at) - at);
}

// name=value of the Set-Cookie field for `name`, or empty.
inline std::string cookie_named(HttpResponse const& r, std::string const& name) {
  std::istringstream lines(r.header("set-cookie"));
  std::string line;
  while (std::getline(lines, line))
    if (line.starts_with(name + "=")) return line.substr(0, line.find(';'));
  return {};
}

// The password `dossier demo` wrote to DATA/demo-login.txt ("... with the password P").
inline std::string demo_admin_password(std::string const& data_dir) {
  std::ifstream in(data_dir + "/demo-login.txt");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string marker = "with the password ";
  auto at = text.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return text.substr(at, text.find_first_of("\r\n", at) - at);
}

class NewsroomClient {
 public:
  // Signs in as the demo's administrator; nullopt when that fails.
  static std::optional<NewsroomClient> sign_in_demo_admin(int port, std::string const& data_dir) {
    auto page = request(port, "GET", "/admin/login");
    if (!page) return std::nullopt;
    auto signed_in = request(port, "POST", "/admin/login",
                             {{"Cookie", cookie_named(*page, "dossier_login")},
                              {"Content-Type", "application/x-www-form-urlencoded"}},
                             form_body({{"_csrf", hidden_field(page->body, "_csrf")},
                                        {"email", "admin@example.org"},
                                        {"password", demo_admin_password(data_dir)}}));
    if (!signed_in) return std::nullopt;
    NewsroomClient client(port, cookie_named(*signed_in, "dossier_session"));
    if (client.cookie_.empty() || !client.refresh_csrf()) return std::nullopt;
    return client;
  }

  // The session survives a restart (sessions live in the database): point it at the new port.
  bool reconnect(int port) {
    port_ = port;
    return refresh_csrf();
  }

  // The session's cookie ("dossier_session=..."), for a GET of a newsroom page.
  std::string const& cookie() const { return cookie_; }

  std::optional<HttpResponse> post(std::string const& path,
                                   std::vector<std::pair<std::string, std::string>> fields) const {
    fields.emplace_back("_csrf", csrf_);
    return request(port_, "POST", path,
                   {{"Cookie", cookie_}, {"Content-Type", "application/x-www-form-urlencoded"}},
                   form_body(fields));
  }

  // Creates and publishes an article in one step. The answer's status (303 when done), or 0
  // when no answer came.
  int publish(std::string const& title, std::string const& body) const {
    auto r = post("/admin/articles",
                  {{"title", title}, {"kind", "news"}, {"body", body}, {"action", "publish"}});
    return r ? r->status : 0;
  }

  // A reply from the newsroom under comment `parent`: approved at once, and independent of
  // the public form's tokens and fill-time rule. The answer's status (303 when done), or 0.
  int reply_to_comment(long long parent, std::string const& body) const {
    auto r =
        post("/admin/comments/" + std::to_string(parent), {{"action", "reply"}, {"body", body}});
    return r ? r->status : 0;
  }

 private:
  NewsroomClient(int port, std::string cookie) : port_(port), cookie_(std::move(cookie)) {}

  bool refresh_csrf() {
    auto page = request(port_, "GET", "/admin/articles/new", {{"Cookie", cookie_}});
    if (!page || page->status != 200) return false;
    csrf_ = hidden_field(page->body, "_csrf");
    return !csrf_.empty();
  }

  int port_;
  std::string cookie_;
  std::string csrf_;
};

// The sqlite3 command on a file a running server may be writing: it waits up to 10 s for the
// server's write lock instead of failing at once with "database is locked" (its default).
inline RunResult sqlite_command(std::string const& db, std::string const& sql) {
  return run({"/usr/bin/sqlite3", "-cmd", ".timeout 10000", db, sql});
}

// One value from a SQLite file, through the sqlite3 command (what an operator would use).
inline std::string sqlite_value(std::string const& db, std::string const& query) {
  auto r = sqlite_command(db, query);
  auto out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// Every row of a one-column query.
inline std::set<std::string> sqlite_rows(std::string const& db, std::string const& query) {
  std::istringstream lines(sqlite_command(db, query).out);
  std::set<std::string> rows;
  std::string line;
  while (std::getline(lines, line)) rows.insert(line);
  return rows;
}

}  // namespace dossier::test
