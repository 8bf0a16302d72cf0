#include "app/command_support.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "admin/newsroom.hpp"
#include "app/admin_routes.hpp"
#include "app/cached_site.hpp"
#include "app/config.hpp"
#include "app/corpus.hpp"
#include "app/data_dir_lock.hpp"
#include "app/demo.hpp"
#include "app/log_redaction.hpp"
#include "app/paths.hpp"
#include "app/site_routes.hpp"
#include "auth/auth_handlers.hpp"
#include "auth/auth_service.hpp"
#include "comments/comment_handlers.hpp"
#include "comments/comment_service.hpp"
#include "core/event_bus.hpp"
#include "feeds/feed_handlers.hpp"
#include "feeds/feed_service.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "insight/insight_admin_handlers.hpp"
#include "insight/insight_handlers.hpp"
#include "insight/insight_service.hpp"
#include "jobs/job_runner.hpp"
#include "mail/outbox_sender.hpp"
#include "media/media_handlers.hpp"
#include "newsletter/newsletter_admin_handlers.hpp"
#include "newsletter/newsletter_handlers.hpp"
#include "newsletter/newsletter_service.hpp"
#include "newsletter/subscriber_store.hpp"
#include "newsletter/subscription_service.hpp"
#include "publishing/editorial_service.hpp"
#include "publishing/newsroom_handlers.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/site_admin.hpp"
#include "publishing/site_admin_handlers.hpp"
#include "publishing/site_handlers.hpp"
#include "render/page_cache.hpp"
#include "render/theme.hpp"
#include "search/fts5_search_index.hpp"
#include "search/search_handlers.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace dossier::app {

int run_newsletter_send(GlobalOptions const& g, NewsletterCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  auto theme_dir = config->theme.dir.empty()
                       ? find_resource("themes/default")
                       : std::optional<std::filesystem::path>(config->theme.dir);
  if (!theme_dir) return fail("the default theme (themes/default) was not found"), kExitFailure;
  auto theme = render::Theme::load(*theme_dir);
  if (!theme) return fail(theme.error().message), kExitFailure;
  try {
    auto db = open_store(*config, 2);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    newsletter::SubscriptionService subscriptions(
        **db, now_utc, {config->site.url, publishing.settings().title, site_secret(**db)});
    newsletter::NewsletterService newsletters(**db, publishing, subscriptions, **theme, now_utc,
                                              config->site.url);
    std::optional<long long> send_id;
    long long total = 1;
    if (!command.test_email.empty()) {
      auto sent = newsletters.test_send(command.article, command.test_email);
      if (!sent) return fail(sent.error().message), kExitFailure;
      std::printf("Queued a test mail to %s\n", command.test_email.c_str());
    } else {
      auto report = newsletters.send_article(
          command.article,
          command.list.empty() ? std::vector<std::string>{} : std::vector{command.list},
          std::nullopt);
      if (!report) return fail(report.error().message), kExitFailure;
      send_id = report->send_id;
      total = report->recipients;
      std::printf("Queued \"%s\" for %lld subscribers (send %lld)\n", report->subject.c_str(),
                  report->recipients, report->send_id);
    }
    std::fflush(stdout);
    if (config->mail.smtp_url.empty()) {
      std::printf("mail.smtp_url is not set: the mail waits in the outbox\n");
      return kExitOk;
    }
    // Delivered here, alongside any running server: claims are transactional, so the two
    // share the work and never send a row twice.
    mail::SmtpTransport transport(
        {config->mail.smtp_url, config->mail.smtp_user, config->mail.smtp_password, 30});
    mail::OutboxSender sender(
        **db, now_utc, transport, sender_options(*config, publishing.settings().title),
        [](soci::session& sql, mail::OutboxRow const& row) {
          if (row.mail.subscriber_id)
            newsletter::SubscriptionService::mark_bounced(sql, *row.mail.subscriber_id, now_utc());
        });
    auto bar = progress_bar("Sending");
    while (true) {
      auto sent_now = sender.run_once();
      auto counts = newsletters.progress(send_id.value_or(0));
      auto done = send_id ? counts.sent + counts.failed : 1;
      bar(std::min(done, total), total);
      if (!send_id) break;
      if (counts.queued + counts.sending == 0 || (sent_now == 0 && counts.sending == 0)) {
        std::printf("Sent %lld, failed %lld", counts.sent, counts.failed);
        if (counts.queued > 0)
          std::printf(", %lld waiting to be retried (the server sends them)", counts.queued);
        std::printf("\n");
        break;
      }
      // Rows waiting for a retry, or sent by a server meanwhile: look again shortly.
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
  return kExitOk;
}

}  // namespace dossier::app
