#include "app/command_support.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "security/email.hpp"

namespace dossier::app {

int run_comments(GlobalOptions const& g, CommentsCommand const& command) {
  auto config = load(g);
  if (!config) return fail(config.error().message), kExitUsage;
  if (!require_data_dir(*config)) return kExitFailure;
  if (!security::normalize_email(command.email))
    return fail("--email must be an email address"), kExitUsage;
  try {
    auto db = open_store(*config, 2);
    if (!db) return fail(db.error().message), kExitFailure;
    publishing::PublishingService publishing(**db, now_utc);
    comments::CommentService comments(
        **db, now_utc, comment_options_of(*config, site_secret(**db), publishing.settings().title));
    if (command.verb == CommentsCommand::Verb::Export) {
      // Everything stored about the address, as JSON (a data subject's access request).
      auto all = nlohmann::json::array();
      for (auto const& c : comments.written_by(command.email))
        all.push_back({{"id", c.id},
                       {"article", c.article_slug},
                       {"article_title", c.article_title},
                       {"status", comments::to_string(c.status)},
                       {"name", c.author_name},
                       {"email", c.author_email},
                       {"website", c.author_url},
                       {"text", c.body_markdown},
                       {"written_at", format_rfc3339(c.created_at)},
                       {"reply_to", c.parent_id ? nlohmann::json(*c.parent_id) : nlohmann::json()},
                       {"mail_about_replies", c.notify == comments::NotifyReplies::Confirmed}});
      std::printf("%s\n",
                  nlohmann::json{{"email", command.email}, {"comments", all}}.dump(2).c_str());
      return kExitOk;
    }
    auto erased = comments.erase(command.email);
    std::printf("Erased %lld comment%s written with %s\n", erased, erased == 1 ? "" : "s",
                command.email.c_str());
    // A running server hears of nothing: pages it has cached show the comments until their
    // next change, so say so.
    if (erased > 0)
      std::printf(
          "A running server's page cache keeps the old pages until a restart or the "
          "articles' next change.\n");
    return kExitOk;
  } catch (std::exception const& e) {
    return fail(e.what()), kExitFailure;
  }
}

}  // namespace dossier::app
