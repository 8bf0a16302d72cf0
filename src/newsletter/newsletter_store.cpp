#include "newsletter/newsletter_store.hpp"

#include <soci/soci.h>

#include "store/row.hpp"

namespace dossier::newsletter {

namespace {

// The columns summary_of reads, in its order.
constexpr char const* kSummaryColumns = "id, kind, status, subject, created_at, recipients";

SendStatus status_of(std::string const& text) {
  return text == "draft" ? SendStatus::Draft : SendStatus::Queued;
}

SendSummary summary_of(soci::row const& r) {
  SendSummary s;
  s.id = store::row_int(r, 0);
  s.kind = store::row_text(r, 1) == "digest" ? SendKind::Digest : SendKind::Article;
  s.status = status_of(store::row_text(r, 2));
  s.subject = store::row_text(r, 3);
  s.created_at = store::row_int(r, 4);
  s.recipients = store::row_int(r, 5);
  return s;
}

}  // namespace

long long NewsletterStore::insert_article_send(soci::session& sql, long long article_id,
                                               std::string const& subject, UnixTime now,
                                               std::optional<long long> user_id) {
  long long created = now, send_id = 0, user = user_id.value_or(0);
  auto user_ind = user_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO newsletter_sends (kind, status, article_id, subject, created_at, created_by)"
         " VALUES ('article', 'queued', :a, :s, :t, :u) RETURNING id",
      soci::use(article_id), soci::use(subject), soci::use(created), soci::use(user, user_ind),
      soci::into(send_id);
  return send_id;
}

long long NewsletterStore::insert_digest_draft(soci::session& sql, NewsletterContent const& content,
                                               UnixTime period_start, UnixTime now) {
  long long id = 0, start = period_start, created = now;
  sql << "INSERT INTO newsletter_sends (kind, status, subject, text_body, html_body, period_start,"
         " created_at) VALUES ('digest', 'draft', :s, :tb, :hb, :p, :t) RETURNING id",
      soci::use(content.subject), soci::use(content.text), soci::use(content.html),
      soci::use(start), soci::use(created), soci::into(id);
  return id;
}

bool NewsletterStore::digest_exists(soci::session& sql, UnixTime period_start) {
  long long existing = 0, start = period_start;
  sql << "SELECT COUNT(*) FROM newsletter_sends WHERE kind = 'digest' AND period_start = :p",
      soci::use(start), soci::into(existing);
  return existing > 0;
}

std::optional<StoredSend> NewsletterStore::find(soci::session& sql, long long send_id) {
  StoredSend s;
  std::string status;
  sql << "SELECT subject, text_body, html_body, status FROM newsletter_sends WHERE id = :id",
      soci::use(send_id), soci::into(s.content.subject), soci::into(s.content.text),
      soci::into(s.content.html), soci::into(status);
  if (!sql.got_data()) return std::nullopt;
  s.status = status_of(status);
  return s;
}

void NewsletterStore::set_created_by(soci::session& sql, long long send_id,
                                     std::optional<long long> user_id) {
  long long user = user_id.value_or(0);
  auto user_ind = user_id ? soci::i_ok : soci::i_null;
  sql << "UPDATE newsletter_sends SET created_by = :u WHERE id = :id", soci::use(user, user_ind),
      soci::use(send_id);
}

void NewsletterStore::mark_queued(soci::session& sql, long long send_id, long long recipients,
                                  UnixTime now) {
  long long t = now;
  sql << "UPDATE newsletter_sends SET recipients = :n, status = 'queued', sent_at = :t"
         " WHERE id = :id",
      soci::use(recipients), soci::use(t), soci::use(send_id);
}

std::vector<SendSummary> NewsletterStore::recent(soci::session& sql, int limit) {
  long long l = limit;
  std::vector<SendSummary> out;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT " << kSummaryColumns
                                              << " FROM newsletter_sends ORDER BY id DESC LIMIT :l",
                                  soci::use(l));
  for (auto const& r : rows) out.push_back(summary_of(r));
  return out;
}

std::optional<SendSummary> NewsletterStore::summary(soci::session& sql, long long send_id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kSummaryColumns << " FROM newsletter_sends WHERE id = :id",
       soci::use(send_id));
  for (auto const& r : rows) return summary_of(r);
  return std::nullopt;
}

}  // namespace dossier::newsletter
