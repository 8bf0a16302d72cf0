#pragma once

#include <memory>
#include <string>

namespace dossier::mail {

// How one delivery attempt ended, in the terms the outbox needs (RFC 5321 section 4.2.1:
// 4yz replies are transient, 5yz permanent).
enum class Delivery { Sent, TryLater, Refused };

struct DeliveryResult {
  Delivery outcome = Delivery::Sent;
  long smtp_code = 0;  // the server's last reply code, 0 when none came
  std::string error;   // for the outbox's last_error and the logs
};

// Sends one ready-made message (RFC 5322 bytes) to one recipient.
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual DeliveryResult send(std::string const& envelope_from, std::string const& recipient,
                              std::string const& message) = 0;
};

struct SmtpOptions {
  std::string url;  // smtp://host:port or smtps://host:port; user:password@ may be in it
  std::string username;
  std::string password;
  long timeout_seconds = 30;
};

// SMTP through libcurl: STARTTLS when the server offers it (smtp://), implicit TLS for
// smtps://, AUTH when credentials are given. One connection is kept and reused between
// messages (libcurl's connection cache). Not thread-safe: one per sending thread.
class SmtpTransport : public MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions options);
  ~SmtpTransport() override;
  DeliveryResult send(std::string const& envelope_from, std::string const& recipient,
                      std::string const& message) override;

 private:
  SmtpOptions options_;
  void* curl_ = nullptr;  // CURL*, kept opaque so curl.h stays in one source file
};

// The bare address of "Name <addr@example.org>" or of a bare address.
std::string address_of(std::string const& mailbox);

}  // namespace dossier::mail
