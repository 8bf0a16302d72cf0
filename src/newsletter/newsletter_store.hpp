#pragma once

#include <optional>
#include <string>
#include <vector>

#include "newsletter/newsletter.hpp"

namespace soci {
class session;
}

namespace dossier::newsletter {

// A send's stored content and state.
struct StoredSend {
  NewsletterContent content;
  SendStatus status = SendStatus::Queued;
};

// The newsletter_sends table's SQL: one row per newsletter (an article sent to lists, or a
// weekly digest, a draft until an editor sends it). Callers hold the session and transaction.
class NewsletterStore {
 public:
  static long long insert_article_send(soci::session& sql, long long article_id,
                                       std::string const& subject, UnixTime now,
                                       std::optional<long long> user_id);
  static long long insert_digest_draft(soci::session& sql, NewsletterContent const& content,
                                       UnixTime period_start, UnixTime now);
  static bool digest_exists(soci::session& sql, UnixTime period_start);
  static std::optional<StoredSend> find(soci::session& sql, long long send_id);
  static void set_created_by(soci::session& sql, long long send_id,
                             std::optional<long long> user_id);
  // The send's mail is in the outbox: how many recipients, since when.
  static void mark_queued(soci::session& sql, long long send_id, long long recipients,
                          UnixTime now);
  // Newest first; progress left empty (the outbox counts it).
  static std::vector<SendSummary> recent(soci::session& sql, int limit);
  static std::optional<SendSummary> summary(soci::session& sql, long long send_id);
};

}  // namespace dossier::newsletter
