#include "mail/smtp_transport.hpp"

#include <cstring>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

namespace dossier::mail {

namespace {

struct Upload {
  std::string const* data;
  std::size_t offset = 0;
};

std::size_t read_chunk(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  auto left = up->data->size() - up->offset;
  auto n = std::min(left, size * count);
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

void ensure_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string address_of(std::string const& mailbox) {
  auto open = mailbox.rfind('<');
  auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open)
    return mailbox.substr(open + 1, close - open - 1);
  return mailbox;
}

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) {
  ensure_curl();
  curl_ = curl_easy_init();
}

SmtpTransport::~SmtpTransport() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

DeliveryResult SmtpTransport::send(std::string const& envelope_from, std::string const& recipient,
                                   std::string const& message) {
  auto* curl = static_cast<CURL*>(curl_);
  if (!curl) return {Delivery::TryLater, 0, "libcurl could not start"};
  curl_easy_reset(curl);
  Upload upload{&message};
  auto from = "<" + envelope_from + ">";
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + recipient + ">").c_str());
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_chunk);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  // STARTTLS whenever the server offers it; plain only when it does not (a local relay).
  curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, options_.timeout_seconds);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, std::min(options_.timeout_seconds, 10L));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!options_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  auto code = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  if (code == CURLE_OK) return {Delivery::Sent, reply, ""};
  auto text = fmt::format("{} (SMTP {}): {}", curl_easy_strerror(code), reply, error);
  // Refused credentials are the sender's problem, not the recipient's: keep the mail and say
  // so, rather than failing it (and bouncing a subscriber) for a wrong password.
  if (code == CURLE_LOGIN_DENIED) return {Delivery::TryLater, reply, text};
  // A 5yz reply is the server's final word for this message; anything else (4yz, no
  // connection, a timeout) may work later.
  if (reply >= 500 && reply < 600) return {Delivery::Refused, reply, text};
  return {Delivery::TryLater, reply, text};
}

}  // namespace dossier::mail
