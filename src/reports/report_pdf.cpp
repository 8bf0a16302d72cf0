#include "reports/report_pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

extern char** environ;

namespace dossier::reports {

namespace fs = std::filesystem;

namespace {

// How often a print's end is checked: chromium takes about a second, so this adds little.
constexpr auto kWaitStep = std::chrono::milliseconds(20);
// The last bytes of chromium's own messages put into an error (the reason is at the end).
constexpr std::size_t kMessageTail = 400;
// The names the engine goes by on PATH, Debian's first.
constexpr char const* kEngineNames[] = {"chromium", "chromium-browser"};

bool executable(fs::path const& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::string read_text(fs::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string tail_of(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.size() > kMessageTail) text = "…" + text.substr(text.size() - kMessageTail);
  return text;
}

// A directory of its own for one print (chromium's profile, the page, its messages), removed
// when the print ends whatever happens.
class WorkDir {
 public:
  explicit WorkDir(fs::path const& parent) {
    auto pattern = (parent / "print-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~WorkDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  WorkDir(WorkDir const&) = delete;
  WorkDir& operator=(WorkDir const&) = delete;
  fs::path const& path() const { return path_; }

 private:
  fs::path path_;
};

struct Outcome {
  bool finished = false;  // false: killed at the time limit
  int status = 0;         // exit status when finished
};

// Runs argv in a process group of its own, with stdout discarded and stderr to `log`, for at
// most `timeout`: past it the group (chromium's renderers with it) is killed. Only the group
// this call started is signalled.
Result<Outcome> run(std::vector<std::string> const& argv, fs::path const& log,
                    std::chrono::seconds timeout) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (auto const& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int spawned = ::posix_spawn(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0)
    return Error{ErrorKind::Internal,
                 fmt::format("could not start {}: {}", argv[0], std::strerror(spawned))};
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0) return Error{ErrorKind::Internal, "lost the print's process"};
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return Outcome{false, 0};
    }
    std::this_thread::sleep_for(kWaitStep);
  }
  // Renderers left behind by a chromium that exited go with their group.
  ::kill(-pid, SIGKILL);
  return Outcome{true, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)};
}

bool looks_like_pdf(fs::path const& p) {
  std::error_code ec;
  auto size = fs::file_size(p, ec);
  if (ec || size < kMinPdfBytes) return false;
  std::ifstream in(p, std::ios::binary);
  char head[5] = {};
  in.read(head, sizeof head);
  return in && std::string_view(head, sizeof head) == "%PDF-";
}

}  // namespace

std::string file_url(fs::path const& absolute) {
  std::string out = "file://";
  for (unsigned char c : absolute.string()) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      out.push_back(static_cast<char>(c));
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string content_digest(std::string const& text) {
  // FNV-1a (Fowler, Noll, Vo), 64-bit offset basis and prime.
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

Result<fs::path> locate_chromium(std::string const& configured) {
  if (!configured.empty()) {
    fs::path p(configured);
    if (!executable(p))
      return Error{ErrorKind::Internal, fmt::format("chromium not found at {}", configured)};
    return p;
  }
  char const* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (auto const* name : kEngineNames) {
    std::stringstream ss(dirs);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty() && executable(fs::path(dir) / name)) return fs::path(dir) / name;
  }
  return Error{ErrorKind::Internal,
               "chromium not found on PATH (install it, or set reports.chromium)"};
}

PdfBuilder::PdfBuilder(fs::path dir, PdfEngine engine)
    : dir_(fs::absolute(dir)), engine_(std::move(engine)) {}

std::shared_ptr<std::mutex> PdfBuilder::mutex_of(Id article_id) {
  std::lock_guard lock(mutexes_mutex_);
  auto& m = mutexes_[article_id];
  if (!m) m = std::make_shared<std::mutex>();
  return m;
}

std::optional<fs::path> PdfBuilder::kept(Id article_id, std::string const& revision) const {
  auto p = dir_ / fmt::format("{}-{}.pdf", article_id, revision);
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p;
  return std::nullopt;
}

std::optional<std::string> PdfBuilder::engine_problem() const {
  auto engine = locate_chromium(engine_.configured);
  if (!engine) return engine.error().message;
  return std::nullopt;
}

Result<fs::path> PdfBuilder::get(Id article_id, std::string const& revision,
                                 std::function<std::string()> const& html) {
  auto m = mutex_of(article_id);
  std::lock_guard lock(*m);
  // Checked under the article's lock: a request that waited for another's print finds its
  // file here and starts no second one.
  if (auto p = kept(article_id, revision)) return *p;
  return build(article_id, revision, html());
}

Result<fs::path> PdfBuilder::build(Id article_id, std::string const& revision,
                                   std::string const& html) {
  auto engine = locate_chromium(engine_.configured);
  if (!engine) return engine.error();
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    return Error{ErrorKind::Internal,
                 fmt::format("cannot create {}: {}", dir_.string(), ec.message())};
  WorkDir work(dir_);
  if (work.path().empty())
    return Error{ErrorKind::Internal,
                 fmt::format("cannot create a work folder in {}", dir_.string())};
  auto page = work.path() / "report.html";
  auto out = work.path() / "report.pdf";
  auto log = work.path() / "chromium.log";
  {
    std::ofstream f(page, std::ios::binary);
    f << html;
    if (!f) return Error{ErrorKind::Internal, "cannot write the page to print"};
  }
  std::vector<std::string> argv = {engine->string(), "--headless", "--no-sandbox", "--disable-gpu",
                                   "--disable-extensions", "--no-first-run",
                                   // The footer is the page's own (reports/print.tpl): chromium's
                                   // would add the file's path and the date.
                                   "--no-pdf-header-footer",
                                   // The page and its images are local files: a print reaches
                                   // no network, so an address in a report's text cannot make
                                   // the server fetch from another host or from its own
                                   // (every request goes to a proxy that is not there,
                                   // loopback included).
                                   "--proxy-server=socks5://127.0.0.1:9",
                                   "--proxy-bypass-list=<-loopback>",
                                   "--host-resolver-rules=MAP * ~NOTFOUND",
                                   "--user-data-dir=" + (work.path() / "profile").string(),
                                   "--print-to-pdf=" + out.string(), "file://" + page.string()};
  auto started = std::chrono::steady_clock::now();
  engine_runs_.fetch_add(1);
  auto ran = run(argv, log, engine_.timeout);
  if (!ran) return ran.error();
  if (!ran->finished)
    return Error{ErrorKind::Internal,
                 fmt::format("chromium did not finish within {} s", engine_.timeout.count())};
  if (!looks_like_pdf(out)) {
    auto said = tail_of(read_text(log));
    return Error{ErrorKind::Internal,
                 fmt::format("chromium exited with status {} without a PDF{}{}", ran->status,
                             said.empty() ? "" : ": ", said)};
  }
  auto kept_as = dir_ / fmt::format("{}-{}.pdf", article_id, revision);
  fs::rename(out, kept_as, ec);
  if (ec) return Error{ErrorKind::Internal, fmt::format("cannot keep the PDF: {}", ec.message())};
  // Earlier revisions of this article are never asked for again.
  auto prefix = fmt::format("{}-", article_id);
  for (auto const& entry : fs::directory_iterator(dir_, ec)) {
    auto name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.ends_with(".pdf") && entry.path() != kept_as)
      fs::remove(entry.path(), ec);
  }
  spdlog::info("report {}: PDF printed in {} ms", article_id,
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count());
  return kept_as;
}

}  // namespace dossier::reports
