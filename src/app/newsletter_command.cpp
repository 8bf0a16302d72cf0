#include "app/command_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "app/paths.hpp"
#include "newsletter/newsletter_service.hpp"
#include "newsletter/subscription_service.hpp"
#include "render/theme.hpp"

namespace dossier::app {

int run_newsletter_send(GlobalOptions const& g, NewsletterCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  auto theme = load_theme(*config);
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
    // Delivered here, alongside any running server: claims are transactional, so the two
    // share the work and never send a row twice.
    auto delivery = make_mail_sender(*config, **db, publishing.settings().title);
    if (!delivery) {
      std::printf("mail.smtp_url is not set: the mail waits in the outbox\n");
      return kExitOk;
    }
    auto bar = progress_bar("Sending");
    while (true) {
      auto sent_now = delivery->sender.run_once();
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
