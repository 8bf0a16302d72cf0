#include "newsletter/outbox.hpp"

#include <soci/soci.h>

namespace dossier::newsletter {

long long Outbox::enqueue(soci::session& sql, Mail const& mail, UnixTime now) {
  long long id = 0;
  long long t = now;
  sql << "INSERT INTO outbox (recipient, subject, text_body, html_body, next_attempt_at,"
         " created_at) VALUES (:r, :s, :tb, :hb, :n, :c) RETURNING id",
      soci::use(mail.recipient), soci::use(mail.subject), soci::use(mail.text_body),
      soci::use(mail.html_body), soci::use(t), soci::use(t), soci::into(id);
  return id;
}

}  // namespace dossier::newsletter
