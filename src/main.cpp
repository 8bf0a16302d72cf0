// The dossier command: parses the subcommand and hands off to app/. Nothing else.
#include <CLI/CLI.hpp>

#include "app/api_key_command.hpp"
#include "app/app.hpp"
#include "app/backup_command.hpp"
#include "app/client_command.hpp"
#include "app/db_command.hpp"

int main(int argc, char** argv) {
  using namespace dossier::app;
  CLI::App cli{"Dossier: a publishing and analysis platform for international affairs"};
  cli.require_subcommand(1);
  GlobalOptions g;
  std::string data = "data";
  std::string config;
  cli.add_option("--data", data, "data directory (database, media, dossier.toml)")
      ->envname("DOSSIER_DATA")
      ->capture_default_str();
  cli.add_option("--config", config, "configuration file (default: DATA/dossier.toml if present)")
      ->envname("DOSSIER_CONFIG");

  auto* init = cli.add_subcommand("init", "create or migrate a data directory");
  auto* demo = cli.add_subcommand("demo", "fill the data directory with demo content");
  int articles = 0;
  demo->add_option("--articles", articles, "also add N generated articles (for load tests)")
      ->check(CLI::Range(0, 10'000'000));
  auto* serve = cli.add_subcommand("serve", "serve the site over HTTP");
  std::string listen;
  serve->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  bool print_routes = false;
  serve->add_flag("--routes", print_routes,
                  "print the route table (method and pattern, in order) and exit");
  auto* reindex = cli.add_subcommand("reindex", "rebuild the search index from the articles");
  bool reindex_insight = false;
  reindex->add_flag("--insight", reindex_insight,
                    "re-analyse every article (people, countries, quotes, figures) instead");
  auto* user = cli.add_subcommand("user", "manage newsroom accounts");
  user->require_subcommand(1);
  UserCommand uc;
  auto* user_add =
      user->add_subcommand("add", "add an account (prints a link to set its password)");
  user_add->add_option("--email", uc.email, "email address (the login)")->required();
  user_add->add_option("--name", uc.name, "the person's name")->required();
  user_add->add_option("--role", uc.role, "admin, editor, author or contributor")
      ->capture_default_str();
  user_add->add_flag("--password-stdin", uc.password_stdin,
                     "read the password from standard input instead of printing a link");
  user->add_subcommand("list", "list the accounts");
  auto* user_passwd = user->add_subcommand("passwd", "set an account's password");
  user_passwd->add_option("--email", uc.email, "the account")->required();
  user_passwd->add_flag("--password-stdin", uc.password_stdin,
                        "read the password from standard input instead of printing a link");
  auto* user_disable = user->add_subcommand("disable", "disable an account and end its sessions");
  user_disable->add_option("--email", uc.email, "the account")->required();
  auto* user_enable = user->add_subcommand("enable", "enable a disabled account");
  user_enable->add_option("--email", uc.email, "the account")->required();
  auto* newsletter = cli.add_subcommand("newsletter", "send newsletters");
  newsletter->require_subcommand(1);
  NewsletterCommand nc;
  auto* newsletter_send =
      newsletter->add_subcommand("send", "send an article to a list's subscribers, with progress");
  newsletter_send->add_option("--article", nc.article, "the article's slug")->required();
  newsletter_send->add_option("--list", nc.list, "the list's slug (default all-news)");
  newsletter_send->add_option("--test", nc.test_email, "send one test mail to this address only");
  auto* comments = cli.add_subcommand("comments", "data requests about readers' comments");
  comments->require_subcommand(1);
  CommentsCommand cc;
  auto* comments_export =
      comments->add_subcommand("export", "print every comment written with an address, as JSON");
  comments_export->add_option("--email", cc.email, "the commenter's address")->required();
  auto* comments_erase = comments->add_subcommand(
      "erase", "erase every comment written with an address (text, name, address)");
  comments_erase->add_option("--email", cc.email, "the commenter's address")->required();
  auto* import = cli.add_subcommand("import", "bring content in from another system");
  import->require_subcommand(1);
  ImportCommand ic;
  auto* import_wordpress = import->add_subcommand(
      "wordpress", "import a WordPress export (WXR): authors, categories, posts, media, comments");
  import_wordpress->add_option("file", ic.file, "the export (Tools > Export in WordPress)")
      ->required()
      ->check(CLI::ExistingFile);
  import_wordpress
      ->add_option("--media-dir", ic.media_dir, "a copy of the old site's wp-content/uploads")
      ->check(CLI::ExistingDirectory);
  import_wordpress->add_flag("--dry-run", ic.dry_run,
                             "print what would be imported, write nothing");
  auto* insight = cli.add_subcommand("insight", "the analyzer: people, countries, quotes, figures");
  insight->require_subcommand(1);
  std::string insight_file;
  InsightEvalCommand ie;
  auto* insight_extract = insight->add_subcommand(
      "extract", "analyze a plain-text article (title, blank line, paragraphs) and print JSON");
  insight_extract->add_option("FILE", insight_file, "the article")->required();
  auto* insight_eval =
      insight->add_subcommand("eval", "score the analyzer on documents against gold annotations");
  insight_eval->add_option("--docs", ie.docs_dir, "folder of NN.txt articles")->required();
  insight_eval->add_option("--gold", ie.gold_dir, "folder of NN.json annotations")->required();
  insight_eval->add_flag("--json", ie.as_json, "print the scores as JSON");
  auto* eval_errors = insight_eval->add_flag(
      "--errors", ie.errors, "also list every miss, extra and wrong speaker, per document");
  insight_eval
      ->add_flag("--summary", ie.summary,
                 "print only the micro scores (for a blind set: nothing per document)")
      ->excludes(eval_errors);
  auto* backup = cli.add_subcommand(
      "backup", "copy the database to FILE while the server runs (checked, then renamed)");
  BackupCommand bc;
  backup->add_option("FILE", bc.file, "the backup file to write")->required();
  backup->add_flag("--force", bc.force, "replace FILE if it exists");
  backup
      ->add_option("--with-media", bc.media_copy,
                   "also copy the media folder (uploaded images) into DIR")
      ->type_name("DIR");
  auto* restore = cli.add_subcommand(
      "restore", "put a backup in place of the database (the server must be stopped)");
  RestoreCommand rs;
  restore->add_option("FILE", rs.file, "the backup file")->required();
  auto* client = cli.add_subcommand("client", "client organisations, their members and grants");
  client->require_subcommand(1);
  ClientCommand kc;
  auto* client_add = client->add_subcommand("add", "add a client organisation");
  client_add->add_option("--name", kc.name, "the organisation's name")->required();
  client_add->add_option("--seats", kc.seats, "members who may sign in (default: no limit)");
  client_add->add_option("--until", kc.until,
                         "the contract's last day, YYYY-MM-DD (UTC; that day included)");
  auto* client_list = client->add_subcommand("list", "list the organisations and their grants");
  auto* client_member = client->add_subcommand("member", "manage an organisation's members");
  client_member->require_subcommand(1);
  auto* member_add = client_member->add_subcommand("add", "add a member (a reader)");
  member_add->add_option("--client", kc.client, "the organisation's name")->required();
  member_add->add_option("--email", kc.email, "the member's email address")->required();
  member_add->add_option("--name", kc.name, "the member's name");
  member_add->add_flag("--password-stdin", kc.password_stdin,
                       "read a password from standard input (members may also use links)");
  auto* client_grant = client->add_subcommand(
      "grant", "let an organisation read an article, a category, a tag or everything");
  auto* client_revoke = client->add_subcommand("revoke", "end a grant");
  for (auto* sub : {client_grant, client_revoke}) {
    sub->add_option("--client", kc.client, "the organisation's name")->required();
    sub->add_option("--article", kc.article, "an article's slug");
    sub->add_option("--category", kc.category, "a category's slug");
    sub->add_option("--tag", kc.tag, "a tag's slug");
    sub->add_flag("--all", kc.all, "everything that is not public");
  }
  client_grant->add_option("--from", kc.from, "first day, YYYY-MM-DD (from 00:00 UTC)");
  client_grant->add_option("--until", kc.until,
                           "last day, YYYY-MM-DD (UTC; that day included, closes at the next "
                           "day's 00:00)");
  auto* client_link = client->add_subcommand("link", "print a one-time sign-in link for a member");
  client_link->add_option("--email", kc.email, "the member's email address")->required();
  auto* article = cli.add_subcommand("article", "articles from the shell");
  article->require_subcommand(1);
  VisibilityCommand vc;
  auto* article_visibility = article->add_subcommand(
      "visibility", "who may read an article: public, subscribers, clients");
  article_visibility->add_option("--slug", vc.slug, "the article's slug")->required();
  article_visibility->add_option("--set", vc.visibility, "public, subscribers or clients")
      ->required();
  auto* db = cli.add_subcommand("db", "the database as a whole");
  db->require_subcommand(1);
  DbCopyCommand dc;
  auto* db_copy = db->add_subcommand(
      "copy", "copy every row into a new, empty database (SQLite to PostgreSQL and back)");
  db_copy->add_option("--to", dc.to, "from the data directory's database into URL")
      ->type_name("URL");
  db_copy->add_option("--from", dc.from, "from URL into the data directory's new SQLite file")
      ->type_name("URL");
  auto* api_key = cli.add_subcommand("api-key", "the Content and Admin APIs' keys");
  api_key->require_subcommand(1);
  ApiKeyCommand ak;
  auto* api_key_create =
      api_key->add_subcommand("create", "create a key and print its secret (shown this once)");
  api_key_create->add_option("--name", ak.name, "what uses the key")->required();
  api_key_create->add_option("--kind", ak.kind, "content or admin")->required();
  api_key_create->add_option("--user", ak.user, "admin keys: the staff account's email");
  api_key_create->add_option("--scope", ak.scopes, "admin keys: a scope (repeat for more)");
  api_key_create->add_option("--client", ak.client,
                             "content keys: the client organisation's slug, for its grants");
  auto* api_key_list = api_key->add_subcommand("list", "list the keys (never their secrets)");
  auto* api_key_revoke = api_key->add_subcommand("revoke", "revoke a key: calls with it stop");
  api_key_revoke->add_option("ID", ak.id, "the key's id (from list)")->required();
  auto* version = cli.add_subcommand("version", "print the version");

  CLI11_PARSE(cli, argc, argv);
  g.data_dir = data;
  if (!config.empty()) g.config_file = config;

  if (*init) return run_init(g);
  if (*demo) return run_demo(g, articles);
  if (*serve)
    return run_serve(g, listen.empty() ? std::nullopt : std::optional(listen), print_routes);
  if (*reindex) return run_reindex(g, reindex_insight);
  if (*version) return run_version();
  if (*backup) return run_backup(g, bc);
  if (*restore) return run_restore(g, rs);
  if (*db_copy) return run_db_copy(g, dc);
  if (*newsletter_send) return run_newsletter_send(g, nc);
  if (*insight_extract) return run_insight_extract(insight_file);
  if (*insight_eval) return run_insight_eval(ie);
  if (*comments) {
    cc.verb = *comments_erase ? CommentsCommand::Verb::Erase : CommentsCommand::Verb::Export;
    return run_comments(g, cc);
  }
  if (*import_wordpress) return run_import_wordpress(g, ic);
  if (*article_visibility) return run_article_visibility(g, vc);
  if (*client) {
    using V = ClientCommand::Verb;
    kc.verb = *client_add      ? V::Add
              : *client_list   ? V::List
              : *member_add    ? V::MemberAdd
              : *client_grant  ? V::Grant
              : *client_revoke ? V::Revoke
              : *client_link   ? V::Link
                               : V::List;
    return run_client(g, kc);
  }
  if (*api_key) {
    using V = ApiKeyCommand::Verb;
    ak.verb = *api_key_list ? V::List : *api_key_create ? V::Create : V::Revoke;
    return run_api_key(g, ak);
  }
  if (*user) {
    using V = UserCommand::Verb;
    uc.verb = *user_add       ? V::Add
              : *user_passwd  ? V::Passwd
              : *user_disable ? V::Disable
              : *user_enable  ? V::Enable
                              : V::List;
    return run_user(g, uc);
  }
  return kExitUsage;
}
