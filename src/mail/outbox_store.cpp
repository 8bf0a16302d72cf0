#include "mail/outbox_store.hpp"

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "store/database.hpp"
#include "store/row.hpp"

namespace dossier::mail {

long long OutboxStore::insert(soci::session& sql, Mail const& mail, UnixTime now) {
  long long id = 0;
  long long t = now;
  auto headers = nlohmann::json(mail.headers).dump();
  long long subscriber = mail.subscriber_id.value_or(0), send = mail.send_id.value_or(0);
  auto subscriber_ind = mail.subscriber_id ? soci::i_ok : soci::i_null;
  auto send_ind = mail.send_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO outbox (recipient, subject, text_body, html_body, headers, subscriber_id,"
         " send_id, next_attempt_at, created_at)"
         " VALUES (:r, :s, :tb, :hb, :h, :sub, :send, :n, :c) RETURNING id",
      soci::use(mail.recipient), soci::use(mail.subject), soci::use(mail.text_body),
      soci::use(mail.html_body), soci::use(headers), soci::use(subscriber, subscriber_ind),
      soci::use(send, send_ind), soci::use(t), soci::use(t), soci::into(id);
  return id;
}

std::vector<OutboxRow> OutboxStore::claim(soci::session& sql, UnixTime now, int limit,
                                          std::string const& token) {
  long long t = now, l = limit;
  std::vector<OutboxRow> out;
  store::ClaimTransaction tx(sql);
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT id, recipient, subject, text_body, html_body, headers,"
                        " subscriber_id, send_id, attempts, created_at FROM outbox"
                        " WHERE status = 'queued' AND next_attempt_at <= :t ORDER BY id LIMIT :l" +
                            store::claim_lock_clause(sql),
         soci::use(t), soci::use(l));
    for (auto const& r : rows) {
      OutboxRow row;
      row.id = store::row_int(r, 0);
      row.mail.recipient = store::row_text(r, 1);
      row.mail.subject = store::row_text(r, 2);
      row.mail.text_body = store::row_text(r, 3);
      row.mail.html_body = store::row_text(r, 4);
      auto headers = nlohmann::json::parse(store::row_text(r, 5), nullptr, false);
      if (headers.is_array())
        for (auto const& h : headers)
          if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
            row.mail.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
      if (r.get_indicator(6) == soci::i_ok) row.mail.subscriber_id = store::row_int(r, 6);
      if (r.get_indicator(7) == soci::i_ok) row.mail.send_id = store::row_int(r, 7);
      row.attempts = static_cast<int>(store::row_int(r, 8));
      row.created_at = store::row_int(r, 9);
      out.push_back(std::move(row));
    }
  }
  for (auto const& row : out)
    sql << "UPDATE outbox SET status = 'sending', claimed_at = :t, claim_token = :k WHERE id = :id",
        soci::use(t), soci::use(token), soci::use(row.id);
  tx.commit();
  return out;
}

bool OutboxStore::renew(soci::session& sql, long long id, std::string const& token, UnixTime now) {
  long long t = now;
  soci::statement st = (sql.prepare << "UPDATE outbox SET claimed_at = :t WHERE id = :id"
                                       " AND status = 'sending' AND claim_token = :k",
                        soci::use(t), soci::use(id), soci::use(token));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void OutboxStore::mark_sent(soci::session& sql, long long id, std::string const& message_id,
                            UnixTime now) {
  long long t = now;
  sql << "UPDATE outbox SET status = 'sent', sent_at = :t, message_id = :m,"
         " attempts = attempts + 1, last_error = '' WHERE id = :id",
      soci::use(t), soci::use(message_id), soci::use(id);
}

void OutboxStore::retry_later(soci::session& sql, long long id, UnixTime at,
                              std::string const& error) {
  long long t = at;
  sql << "UPDATE outbox SET status = 'queued', next_attempt_at = :t, attempts = attempts + 1,"
         " last_error = :e WHERE id = :id",
      soci::use(t), soci::use(error), soci::use(id);
}

void OutboxStore::mark_failed(soci::session& sql, long long id, std::string const& error) {
  sql << "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = :e"
         " WHERE id = :id",
      soci::use(error), soci::use(id);
}

long long OutboxStore::release_claims(soci::session& sql, UnixTime claimed_before) {
  long long t = claimed_before;
  soci::statement st =
      (sql.prepare
           << "UPDATE outbox SET status = 'queued', claim_token = '' WHERE status = 'sending'"
              " AND (claimed_at IS NULL OR claimed_at <= :t)",
       soci::use(t));
  st.execute(true);
  return st.get_affected_rows();
}

void OutboxStore::release(soci::session& sql, long long id, std::string const& token) {
  sql << "UPDATE outbox SET status = 'queued', claim_token = '' WHERE id = :id"
         " AND status = 'sending' AND claim_token = :k",
      soci::use(id), soci::use(token);
}

OutboxCounts OutboxStore::counts(soci::session& sql, std::optional<long long> send_id) {
  OutboxCounts c;
  long long send = send_id.value_or(0);
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT status, COUNT(*) FROM outbox WHERE (:a = 0 OR send_id = :b)"
                      " GROUP BY status",
       soci::use(send), soci::use(send));
  for (auto const& r : rows) {
    auto status = store::row_text(r, 0);
    auto n = store::row_int(r, 1);
    if (status == "queued")
      c.queued = n;
    else if (status == "sending")
      c.sending = n;
    else if (status == "sent")
      c.sent = n;
    else if (status == "failed")
      c.failed = n;
  }
  return c;
}

}  // namespace dossier::mail
