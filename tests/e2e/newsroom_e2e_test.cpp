// The newsroom through the real binary: accounts from the CLI, signing in over HTTP, the
// CSRF check, rate limits, a scheduled article going live by the jobs thread, and no link
// secret in the server's log.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "newsroom_client.hpp"
#include "test_client.hpp"
#include "test_process.hpp"

namespace dossier::test {
namespace {

// name=value of the Set-Cookie field for `name`, or empty.
class NewsroomE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = make_temp_dir("dossier-newsroom-e2e");
    ASSERT_EQ(run({dossier_binary(), "--data", data_, "init"}).exit_code, 0);
    auto demo = run({dossier_binary(), "--data", data_, "demo"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    ASSERT_NE(demo.out.find("admin@example.org"), std::string::npos) << demo.out;
    server_ = std::make_unique<ServerProcess>(
        data_, std::map<std::string, std::string>{{"DOSSIER_JOBS_INTERVAL_MS", "200"},
                                                  {"DOSSIER_SERVER_MAX_BODY_BYTES", "65536"},
                                                  {"DOSSIER_MEDIA_MAX_UPLOAD_BYTES", "1048576"}});
    ASSERT_TRUE(server_->started()) << server_->first_line();
  }
  static void TearDownTestSuite() {
    if (server_) EXPECT_EQ(server_->terminate(), 0);
    server_.reset();
    remove_tree(data_);
  }

  static HttpResponse send(std::string const& method, std::string const& target,
                           std::string const& cookie, std::string const& body = {}) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    if (method == "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
    auto r = request(server_->port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(HttpResponse{});
  }

  // Signs in through the form; returns the session cookie ("dossier_session=...").
  static std::string sign_in(std::string const& email, std::string const& password,
                             int* status = nullptr) {
    auto page = send("GET", "/admin/login", "");
    auto login_cookie = cookie_named(page, "dossier_login");
    auto r = send("POST", "/admin/login", login_cookie,
                  form_body({{"_csrf", hidden_field(page.body, "_csrf")},
                             {"email", email},
                             {"password", password}}));
    if (status) *status = r.status;
    return cookie_named(r, "dossier_session");
  }

  // Makes an editor through the CLI and its one-time link; returns the password.
  static std::string make_editor(std::string const& email) {
    auto added = run({dossier_binary(), "--data", data_, "user", "add", "--email", email, "--name",
                      "Desk Editor", "--role", "editor"});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    auto at = added.out.find("/admin/password/");
    EXPECT_NE(at, std::string::npos) << added.out;
    auto token = added.out.substr(at + 16, 43);
    auto set = send(
        "POST", "/admin/password/" + token, "",
        form_body({{"password", "an editor's password"}, {"confirm", "an editor's password"}}));
    EXPECT_EQ(set.status, 200) << set.body;
    return "an editor's password";
  }

  static inline std::string data_;
  static inline std::unique_ptr<ServerProcess> server_;
};

TEST_F(NewsroomE2e, CliAccountsSignInAndListing) {
  auto password = make_editor("desk@example.org");
  auto list = run({dossier_binary(), "--data", data_, "user", "list"});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("desk@example.org"), std::string::npos);
  EXPECT_NE(list.out.find("editor"), std::string::npos);
  auto session = sign_in("desk@example.org", password);
  ASSERT_FALSE(session.empty());
  auto page = send("GET", "/admin/articles", session);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("cache-control"), "no-store");
  EXPECT_NE(page.body.find("Geneva"), std::string::npos) << "the demo articles are listed";

  auto bad = run({dossier_binary(), "--data", data_, "user", "add", "--email", "not-an-email",
                  "--name", "X", "--role", "editor"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("valid email"), std::string::npos) << bad.err;
  auto role = run({dossier_binary(), "--data", data_, "user", "add", "--email", "r@example.org",
                   "--name", "X", "--role", "emperor"});
  EXPECT_NE(role.exit_code, 0);

  // Disabling from the shell ends the browser session at once.
  EXPECT_EQ(
      run({dossier_binary(), "--data", data_, "user", "disable", "--email", "desk@example.org"})
          .exit_code,
      0);
  EXPECT_EQ(send("GET", "/admin/articles", session).status, 303);
}

TEST_F(NewsroomE2e, CsrfRefusalAndOversizeBodyChangeNothing) {
  auto password = make_editor("csrf@example.org");
  auto session = sign_in("csrf@example.org", password);
  auto no_token = send("POST", "/admin/articles", session,
                       form_body({{"title", "Forged"}, {"kind", "news"}, {"action", "publish"}}));
  EXPECT_EQ(no_token.status, 403);
  auto list = send("GET", "/admin/articles?q=Forged", session);
  EXPECT_NE(list.body.find("0 articles"), std::string::npos);
  auto huge = send("POST", "/admin/articles", session, std::string(70000, 'x'));
  EXPECT_EQ(huge.status, 413);
}

TEST_F(NewsroomE2e, RepeatedFailuresAreRateLimited) {
  int status = 0;
  for (int i = 0; i < 5; ++i) sign_in("admin@example.org", "not the password", &status);
  EXPECT_EQ(status, 401);
  sign_in("admin@example.org", "still not the password", &status);
  EXPECT_EQ(status, 429);
}

// The real binary serving a data dir with everything it logs (stdout and stderr, the access
// log included) going to one file, which stop() returns.
class LoggedServer {
 public:
  LoggedServer(std::string const& data, std::string log_path) : log_path_(std::move(log_path)) {
    std::vector<std::string> argv{dossier_binary(), "--data",   data,
                                  "serve",          "--listen", "127.0.0.1:0"};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    std::vector<std::string> env{"DOSSIER_SERVER_ACCESS_LOG=true", "DOSSIER_LOG_LEVEL=debug"};
    for (char** e = environ; *e; ++e)
      if (!std::string_view(*e).starts_with("DOSSIER_")) env.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    // The server prints "... on http://127.0.0.1:PORT/" once it listens.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (pid_ > 0 && port_ == 0 && std::chrono::steady_clock::now() < deadline) {
      auto text = read_log();
      auto at = text.find("http://127.0.0.1:");
      if (at != std::string::npos && text.find('/', at + 17) != std::string::npos)
        port_ = std::atoi(text.c_str() + at + 17);
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~LoggedServer() { stop(); }
  LoggedServer(LoggedServer const&) = delete;
  LoggedServer& operator=(LoggedServer const&) = delete;

  int port() const { return port_; }
  // Stops the server (SIGTERM, it drains) and returns all it logged.
  std::string stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    return read_log();
  }

 private:
  std::string read_log() const {
    std::ifstream in(log_path_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// Password links (invitations from the CLI and the users page, resets asked for on the sign-in
// page) and preview links open an account or a draft for whoever holds them: with the access
// log on, the server's log shows where they were used but never their secret.
TEST(NewsroomLogE2e, LinkSecretsNeverReachTheServerLog) {
  auto data = make_temp_dir("dossier-log-e2e");
  ASSERT_EQ(run({dossier_binary(), "--data", data, "init"}).exit_code, 0);
  auto added = run({dossier_binary(), "--data", data, "user", "add", "--email", "chief@example.org",
                    "--name", "Chief Editor", "--role", "admin"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto at = added.out.find("/admin/password/");
  ASSERT_NE(at, std::string::npos) << added.out;
  std::vector<std::string> secrets{added.out.substr(at + 16, 43)};

  LoggedServer server(data, data + "/server.log");
  ASSERT_NE(server.port(), 0) << server.stop();
  auto send = [&](std::string const& method, std::string const& target, std::string const& cookie,
                  std::string const& body = {}) {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    if (method == "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
    auto r = request(server.port(), method, target, headers, body);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(HttpResponse{});
  };
  std::string const password = "the chief's password";

  // The CLI's invitation: opened, used, then refused as used.
  auto invitation = "/admin/password/" + secrets[0];
  EXPECT_EQ(send("GET", invitation, "").status, 200);
  EXPECT_EQ(send("POST", invitation, "", form_body({{"password", password}, {"confirm", password}}))
                .status,
            200);
  EXPECT_EQ(send("GET", invitation, "").status, 404);

  // "Forgot your password?": the reset link goes to the outbox only.
  auto forgot = send("GET", "/admin/forgot", "");
  auto reset = send(
      "POST", "/admin/forgot", cookie_named(forgot, "dossier_login"),
      form_body({{"_csrf", hidden_field(forgot.body, "_csrf")}, {"email", "chief@example.org"}}));
  EXPECT_EQ(reset.status, 200) << reset.body;

  // Signed in, the admin invites a colleague; the link is on the admin's page.
  auto login = send("GET", "/admin/login", "");
  auto signed_in = send("POST", "/admin/login", cookie_named(login, "dossier_login"),
                        form_body({{"_csrf", hidden_field(login.body, "_csrf")},
                                   {"email", "chief@example.org"},
                                   {"password", password}}));
  auto session = cookie_named(signed_in, "dossier_session");
  ASSERT_FALSE(session.empty()) << signed_in.status << signed_in.body;
  auto csrf = hidden_field(send("GET", "/admin/users", session).body, "_csrf");
  auto invited = send(
      "POST", "/admin/users", session,
      form_body(
          {{"_csrf", csrf}, {"email", "desk@example.org"}, {"name", "Desk"}, {"role", "author"}}));
  ASSERT_EQ(invited.status, 201) << invited.body;
  at = invited.body.find("/admin/password/");
  ASSERT_NE(at, std::string::npos) << invited.body;
  secrets.push_back(invited.body.substr(at + 16, 43));
  EXPECT_EQ(send("GET", "/admin/password/" + secrets.back(), "").status, 200);

  // A preview link travels in the editor's redirect, then is opened by a reader.
  auto made = send("POST", "/admin/articles", session,
                   form_body({{"_csrf", csrf},
                              {"title", "Embargoed budget analysis"},
                              {"kind", "analysis"},
                              {"body", "Figures under embargo."},
                              {"action", "save"}}));
  ASSERT_EQ(made.status, 303) << made.body;
  auto article = made.header("location").substr(0, made.header("location").find('?'));
  auto linked = send("POST", article + "/preview-link", session, form_body({{"_csrf", csrf}}));
  ASSERT_EQ(linked.status, 303) << linked.body;
  auto editor = send("GET", linked.header("location"), session);
  auto notice = editor.body.find("Preview link");
  ASSERT_NE(notice, std::string::npos) << editor.body;
  at = editor.body.find("/preview/", notice);
  ASSERT_NE(at, std::string::npos) << editor.body;
  secrets.push_back(editor.body.substr(at + 9, editor.body.find('"', at) - at - 9));
  EXPECT_EQ(send("GET", "/preview/" + secrets.back(), "").status, 200);

  auto log = server.stop();
  // The access log was on and saw each of these requests.
  EXPECT_NE(log.find("\"GET /admin/password/[redacted]\" 200"), std::string::npos) << log;
  EXPECT_NE(log.find("\"POST /admin/password/[redacted]\" 200"), std::string::npos) << log;
  EXPECT_NE(log.find("?preview=[redacted]\" 200"), std::string::npos) << log;
  EXPECT_NE(log.find("\"GET /preview/[redacted]\" 200"), std::string::npos) << log;
  for (auto const& secret : secrets) {
    ASSERT_GT(secret.size(), 20u);
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in\n" << log;
  }
  // The reset link, which the test never saw, is not there either.
  for (auto p = log.find("/admin/password/"); p != std::string::npos;
       p = log.find("/admin/password/", p + 1))
    EXPECT_EQ(log.compare(p + 16, 10, "[redacted]"), 0) << log.substr(p, 80);
  remove_tree(data);
}

TEST_F(NewsroomE2e, AScheduledArticleGoesLiveByItself) {
  auto password = make_editor("sched@example.org");
  auto session = sign_in("sched@example.org", password);
  auto editor = send("GET", "/admin/articles/new", session);
  auto csrf = hidden_field(editor.body, "_csrf");
  // Warm the page cache with the list the article will join.
  auto before = send("GET", "/latest", "");
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body.find("Observers arrive at the border"), std::string::npos);
  // Two seconds from now, as the editor's datetime field sends it (UTC).
  auto when = std::chrono::system_clock::now() + std::chrono::seconds(3);
  auto t = std::chrono::system_clock::to_time_t(when);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", std::gmtime(&t));
  auto r = send("POST", "/admin/articles", session,
                form_body({{"_csrf", csrf},
                           {"title", "Observers arrive at the border"},
                           {"kind", "news"},
                           {"body", "The mission's first team crossed at dawn."},
                           {"publish_at", stamp},
                           {"action", "schedule"}}));
  ASSERT_EQ(r.status, 303) << r.body;
  auto slug = std::string("/articles/observers-arrive-at-the-border");
  EXPECT_EQ(send("GET", slug, "").status, 404) << "not before its time";
  int status = 0;
  for (int i = 0; i < 60 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    status = send("GET", slug, "").status;
  }
  EXPECT_EQ(status, 200);
  // The cached list was invalidated by the publish, as a manual publish would.
  EXPECT_NE(send("GET", "/latest", "").body.find("Observers arrive at the border"),
            std::string::npos);
}

// The form's action on the media page, as a browser without JavaScript posts it.
std::string upload_action(std::string const& html) {
  auto at = html.find("enctype=\"multipart/form-data\"");
  auto start = html.rfind("action=\"", at);
  if (at == std::string::npos || start == std::string::npos) return {};
  start += 8;
  return html.substr(start, html.find('"', start) - start);
}

std::string multipart_body(std::string const& csrf, std::string const& bytes,
                           std::string const& padding = {}) {
  std::string body =
      "--b0undary\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n";
  // A field the handler does not read: it makes a small image's form larger than the
  // server's 64 KB body limit, so the upload needs the gate's admission.
  if (!padding.empty())
    body +=
        "--b0undary\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + padding + "\r\n";
  body +=
      "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n" +
      bytes + "\r\n--b0undary--\r\n";
  return body;
}

std::string read_file(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(NewsroomE2e, UploadsMayExceedTheBodyLimitUpToTheirOwn) {
  auto password = make_editor("media@example.org");
  auto session = sign_in("media@example.org", password);
  auto page = send("GET", "/admin/media", session);
  ASSERT_EQ(page.status, 200);
  auto csrf = hidden_field(page.body, "_csrf");
  // The CSRF token travels in the URL too: the server needs it before it reads the body.
  auto action = upload_action(page.body);
  EXPECT_EQ(action, "/admin/media?csrf=" + csrf);
  auto multipart = [&](std::string const& bytes) {
    std::map<std::string, std::string> headers{
        {"Cookie", session}, {"Content-Type", "multipart/form-data; boundary=b0undary"}};
    return request(server_->port(), "POST", action, headers, multipart_body(csrf, bytes))
        .value_or(HttpResponse{});
  };
  // 200 KB passes the server's 64 KB limit (uploads have their own) and reaches the check of
  // its content, which refuses it: it is not an image, whatever its name says.
  auto not_image = multipart(std::string(200 * 1024, 'x'));
  EXPECT_EQ(not_image.status, 415);
  EXPECT_NE(not_image.body.find("not a JPEG, PNG, WebP or GIF"), std::string::npos);
  // Beyond the upload limit the server refuses before reading it all.
  EXPECT_EQ(multipart(std::string(1200 * 1024, 'x')).status, 413);
  // Other paths keep the small limit.
  EXPECT_EQ(send("POST", "/admin/profile", session, std::string(100 * 1024, 'x')).status, 413);
}

TEST_F(NewsroomE2e, ALargeUploadWithTheTokenIsStored) {
  auto password = make_editor("gate@example.org");
  auto session = sign_in("gate@example.org", password);
  auto page = send("GET", "/admin/media", session);
  ASSERT_EQ(page.status, 200);
  auto csrf = hidden_field(page.body, "_csrf");
  auto image = read_file(data_ + "/media/demo/geneva-talks.jpg");
  ASSERT_GT(image.size(), 1000u);
  auto body = multipart_body(csrf, image, std::string(80 * 1024, 'p'));
  ASSERT_GT(body.size(), 65536u) << "larger than the server's body limit";
  std::map<std::string, std::string> headers{
      {"Cookie", session}, {"Content-Type", "multipart/form-data; boundary=b0undary"}};
  // As the form posts it (no JavaScript): the token in the action's query.
  auto r = request(server_->port(), "POST", upload_action(page.body), headers, body);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 303) << r->body;
  EXPECT_NE(r->header("location").find("/admin/media?uploaded="), std::string::npos);
  // As a script sends it: the token in X-CSRF-Token.
  headers["X-CSRF-Token"] = csrf;
  auto by_header = request(server_->port(), "POST", "/admin/media", headers, body);
  ASSERT_TRUE(by_header.has_value());
  EXPECT_EQ(by_header->status, 303) << by_header->body;
}

// Sends only the headers of an upload declaring `length` bytes; the answer must come before
// any byte of the body (within a second, far less than the server's body timeout).
std::optional<HttpResponse> upload_headers_only(int port, std::string const& target,
                                                std::string const& cookie, std::size_t length) {
  Connection c(port);
  std::string head = "POST " + target +
                     " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                     "boundary=b0undary\r\nContent-Length: " +
                     std::to_string(length) + "\r\n";
  if (!cookie.empty()) head += "Cookie: " + cookie + "\r\n";
  if (!c.send(head + "\r\n")) return std::nullopt;
  return c.read_response(false, std::chrono::milliseconds(1000));
}

TEST_F(NewsroomE2e, ALargeUploadIsRefusedBeforeItsBodyWithoutSessionOrToken) {
  constexpr std::size_t kTwentyMegabytes = 20 * 1024 * 1024;
  constexpr std::size_t kWithinTheUploadLimit = 900 * 1024;
  // Nobody signed in: 401 at once, whatever the size declared (20 MB is over this server's
  // 1 MB upload limit, 900 KB within it: who may upload is decided first).
  auto signed_out = upload_headers_only(server_->port(), "/admin/media", "", kWithinTheUploadLimit);
  ASSERT_TRUE(signed_out.has_value()) << "the answer waited for the body";
  EXPECT_EQ(signed_out->status, 401);
  auto huge = upload_headers_only(server_->port(), "/admin/media", "", kTwentyMegabytes);
  ASSERT_TRUE(huge.has_value());
  EXPECT_EQ(huge->status, 401);
  auto forged = upload_headers_only(server_->port(), "/admin/media?csrf=guess",
                                    "dossier_session=not-a-session", kWithinTheUploadLimit);
  ASSERT_TRUE(forged.has_value());
  EXPECT_EQ(forged->status, 401);
  // Signed in, but without the token (or a wrong one): 403 before the body.
  auto password = make_editor("notoken@example.org");
  auto session = sign_in("notoken@example.org", password);
  auto no_token =
      upload_headers_only(server_->port(), "/admin/media", session, kWithinTheUploadLimit);
  ASSERT_TRUE(no_token.has_value()) << "the answer waited for the body";
  EXPECT_EQ(no_token->status, 403);
  auto wrong = upload_headers_only(server_->port(), "/admin/media?csrf=guess", session,
                                   kWithinTheUploadLimit);
  ASSERT_TRUE(wrong.has_value());
  EXPECT_EQ(wrong->status, 403);
  // A chunked body has no declared size: the gate is asked all the same.
  Connection chunked(server_->port());
  ASSERT_TRUE(
      chunked.send("POST /admin/media HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                   "boundary=b0undary\r\nTransfer-Encoding: chunked\r\n\r\n"));
  auto chunked_answer = chunked.read_response(false, std::chrono::milliseconds(1000));
  ASSERT_TRUE(chunked_answer.has_value());
  EXPECT_EQ(chunked_answer->status, 401);
}

}  // namespace
}  // namespace dossier::test
