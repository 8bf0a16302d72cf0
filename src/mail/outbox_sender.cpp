#include "mail/outbox_sender.hpp"

#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "mail/mime.hpp"
#include "mail/outbox_store.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::mail {

namespace {

constexpr UnixTime kFirstRetry = 30;
constexpr UnixTime kMaxRetry = 6 * 3600;

}  // namespace

OutboxSender::OutboxSender(store::Database& db, std::function<UnixTime()> clock,
                           MailTransport& transport, SenderOptions options, OnRefused on_refused)
    : db_(db),
      clock_(std::move(clock)),
      transport_(transport),
      options_(std::move(options)),
      on_refused_(std::move(on_refused)),
      token_(security::random_token()) {}

UnixTime OutboxSender::backoff(int attempts) {
  UnixTime delay = kFirstRetry;
  for (int i = 1; i < attempts && delay < kMaxRetry; ++i) delay *= 4;
  return std::min(delay, kMaxRetry);
}

long long OutboxSender::recover(Recovery which) {
  soci::session sql(db_.pool());
  auto before = which == Recovery::AllClaims ? clock_() : clock_() - options_.claim_lease.count();
  auto released = OutboxStore::release_claims(sql, before);
  if (released > 0)
    spdlog::warn("mail: {} messages left claimed by a stopped sender are queued again", released);
  return released;
}

int OutboxSender::run_once() {
  int sent = 0;
  auto gap = std::chrono::duration<double>(1.0 / std::max(options_.rate_per_second, 0.001));
  recover();
  while (!stopping_) {
    std::vector<OutboxRow> rows;
    {
      soci::session sql(db_.pool());
      rows = OutboxStore::claim(sql, clock_(), options_.batch, token_);
    }
    if (rows.empty()) break;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (stopping_) {
        // Unsent claims of this batch go back to the queue at once.
        soci::session sql(db_.pool());
        for (std::size_t j = i; j < rows.size(); ++j) OutboxStore::release(sql, rows[j].id, token_);
        return sent;
      }
      {
        // The batch may have outlived the lease (a slow server): a row recovery took back is
        // another sender's now.
        soci::session sql(db_.pool());
        if (!OutboxStore::renew(sql, rows[i].id, token_, clock_())) continue;
      }
      auto started = std::chrono::steady_clock::now();
      deliver(rows[i]);
      ++sent;
      std::this_thread::sleep_until(started + gap);
    }
  }
  return sent;
}

void OutboxSender::deliver(OutboxRow const& row) {
  MimeMessage m;
  m.from = options_.from;
  m.to = row.mail.recipient;
  m.subject = row.mail.subject;
  m.text_body = row.mail.text_body;
  m.html_body = row.mail.html_body;
  m.extra_headers = row.mail.headers;
  m.message_id_domain = options_.message_id_domain;
  // Stable per row: sent again after a crash, it is the same message (receivers dedupe it).
  m.message_id_local = fmt::format("dossier.{}.{}", row.id, row.created_at);
  m.date = clock_();
  auto built = build_mime(m);
  soci::session sql(db_.pool());
  if (!built) {
    // A message we cannot build will not build next time either.
    spdlog::error("mail {} to {} cannot be built: {}", row.id, row.mail.recipient,
                  built.error().message);
    store::WriteTransaction tx(sql);
    OutboxStore::mark_failed(sql, row.id, built.error().message);
    tx.commit();
    return;
  }
  auto result = transport_.send(address_of(options_.from), row.mail.recipient, built->data);
  store::WriteTransaction tx(sql);
  switch (result.outcome) {
    case Delivery::Sent: OutboxStore::mark_sent(sql, row.id, built->message_id, clock_()); break;
    case Delivery::TryLater:
      if (row.attempts + 1 >= options_.max_attempts) {
        OutboxStore::mark_failed(sql, row.id, result.error);
        spdlog::error("mail {} to {} failed after {} attempts: {}", row.id, row.mail.recipient,
                      row.attempts + 1, result.error);
      } else {
        OutboxStore::retry_later(sql, row.id, clock_() + backoff(row.attempts + 1), result.error);
        spdlog::warn("mail {} to {}: {}; trying again later", row.id, row.mail.recipient,
                     result.error);
      }
      break;
    case Delivery::Refused:
      OutboxStore::mark_failed(sql, row.id, result.error);
      if (on_refused_) on_refused_(sql, row);
      spdlog::warn("mail {} to {} refused: {}", row.id, row.mail.recipient, result.error);
      break;
  }
  tx.commit();
}

}  // namespace dossier::mail
