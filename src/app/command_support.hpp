#pragma once

// What the subcommands share: loading the configuration, opening the store, and turning the
// configuration into each service's options. Each subcommand has its own file (*_command.cpp).

#include <memory>
#include <string>

#include "app/app.hpp"
#include "app/config.hpp"
#include "auth/auth_service.hpp"
#include "comments/comment_service.hpp"
#include "core/result.hpp"
#include "mail/outbox_sender.hpp"
#include "mail/smtp_transport.hpp"
#include "publishing/publishing_service.hpp"
#include "render/theme.hpp"
#include "search/make_search_index.hpp"
#include "search/search_index.hpp"
#include "store/database.hpp"

namespace dossier::app {

void fail(std::string const& message);
search::RankingOptions ranking_of(Config const& config);
publishing::ArticleWriteHook index_on_write(search::SearchIndex& index);
search::Progress progress_bar(char const* label);
void reindex(search::SearchIndex& index);
Result<Config> load(GlobalOptions const& g);
void set_log_level(Config const& c);
int cores();
Result<std::unique_ptr<store::Database>> open_store(Config const& c, std::size_t pool_size);
auth::AuthOptions auth_options(Config const& c, std::string const& site_title);
std::string site_secret(store::Database& db);
std::string host_of(std::string const& url);
mail::SenderOptions sender_options(Config const& c, std::string const& site_title);

// The SMTP transport and the outbox's sender over it, kept together: the sender holds the
// transport by reference. Neither can move, so it lives behind a unique_ptr.
struct MailDelivery {
  MailDelivery(mail::SmtpOptions smtp, store::Database& db, mail::SenderOptions options);
  mail::SmtpTransport transport;
  mail::OutboxSender sender;
};
// The mail sender of `serve` and `newsletter send`, set up from [mail]; a mail refused for good
// (5yz) bounces its subscriber. nullptr when mail.smtp_url is not set. Claims a stopped sender
// left are not released here: only `serve` does that, at its start (recover()).
std::unique_ptr<MailDelivery> make_mail_sender(Config const& c, store::Database& db,
                                               std::string const& site_title);
Result<Unit> ensure_demo_admin(store::Database& db, Config const& c,
                               publishing::PublishingService& publishing);
bool require_data_dir(Config const& c);
// The theme `theme.dir` names, or the default theme shipped with Dossier.
Result<std::unique_ptr<render::Theme>> load_theme(Config const& c);
comments::CommentOptions comment_options_of(Config const& config, std::string const& secret,
                                            std::string const& site_title);

}  // namespace dossier::app
