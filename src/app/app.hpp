#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace dossier::app {

// Options every subcommand takes.
struct GlobalOptions {
  std::filesystem::path data_dir = "data";
  std::optional<std::filesystem::path> config_file;
};

// Exit codes of the CLI.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int run_init(GlobalOptions const& g);
int run_demo(GlobalOptions const& g, int generated_articles);
// Rebuilds the search index from the articles, with a progress bar.
// insight_only: re-analyse every article (`reindex --insight`) instead of the search index.
int run_reindex(GlobalOptions const& g, bool insight_only = false);
// print_routes (`serve --routes`): build everything as for serving, print the route table
// (method and pattern, one a line, in the order they are tried) and exit without listening.
int run_serve(GlobalOptions const& g, std::optional<std::string> const& listen,
              bool print_routes = false);
int run_version();

// `dossier user ...`: accounts from the shell.
struct UserCommand {
  enum class Verb { Add, List, Passwd, Disable, Enable } verb = Verb::List;
  std::string email;
  std::string name;
  std::string role = "author";
  bool password_stdin = false;  // read the password from standard input
};
int run_user(GlobalOptions const& g, UserCommand const& command);

// `dossier newsletter send`: queue an article for a list, then deliver with a progress bar.
struct NewsletterCommand {
  std::string article;
  std::string list;        // empty = "all-news"
  std::string test_email;  // set: one test mail to this address only
};
int run_newsletter_send(GlobalOptions const& g, NewsletterCommand const& command);

// `dossier comments export|erase --email E`: data requests about a commenter.
struct CommentsCommand {
  enum class Verb { Export, Erase };
  Verb verb = Verb::Export;
  std::string email;
};
int run_comments(GlobalOptions const& g, CommentsCommand const& command);

// `dossier import wordpress FILE.xml [--media-dir DIR] [--dry-run]`: a WordPress export into a
// stopped site's data directory.
struct ImportCommand {
  std::string file;
  std::string media_dir;  // empty: attachments are listed as skipped
  bool dry_run = false;
};
int run_import_wordpress(GlobalOptions const& g, ImportCommand const& command);

// `dossier insight extract FILE`: the analysis of a plain-text article, as JSON on stdout.
int run_insight_extract(std::string const& file);
// `dossier insight eval --docs DIR --gold DIR [--json] [--errors | --summary]`: precision,
// recall and F1 against gold annotations.
struct InsightEvalCommand {
  std::string docs_dir;
  std::string gold_dir;
  bool as_json = false;
  bool errors = false;   // also list every miss and wrong speaker (for the dev set)
  bool summary = false;  // only the micro row: for a blind set nobody should read per document
};
int run_insight_eval(InsightEvalCommand const& command);

}  // namespace dossier::app
