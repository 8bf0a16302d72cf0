#pragma once

#include <string>

#include "core/time.hpp"

namespace soci {
class session;
}

namespace dossier::newsletter {

struct Mail {
  std::string recipient;
  std::string subject;
  std::string text_body;
  std::string html_body;  // empty = text only
};

// The durable mail queue (outbox table). Mail is queued inside the transaction of the change
// that causes it; the sender (a background job) delivers it later.
class Outbox {
 public:
  static long long enqueue(soci::session& sql, Mail const& mail, UnixTime now);
};

}  // namespace dossier::newsletter
