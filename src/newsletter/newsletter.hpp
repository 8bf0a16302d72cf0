#pragma once

// The newsletter's types: sends (an article or the weekly digest) and what a send's mail says.

#include <string>

#include "core/time.hpp"
#include "mail/outbox.hpp"

namespace dossier::newsletter {

constexpr char const* kDefaultList = "all-news";
constexpr char const* kDigestList = "weekly-digest";
constexpr int kDigestArticles = 30;  // at most this many articles in one digest

enum class SendKind { Article, Digest };
enum class SendStatus { Draft, Queued };

struct SendSummary {
  long long id = 0;
  SendKind kind = SendKind::Article;
  SendStatus status = SendStatus::Queued;
  std::string subject;
  UnixTime created_at = 0;
  long long recipients = 0;
  mail::OutboxCounts progress;
};

struct SendReport {
  long long send_id = 0;
  long long recipients = 0;
  std::string subject;
};

// A newsletter's mail as rendered once for all its subscribers (links filled in per row).
struct NewsletterContent {
  std::string subject;
  std::string text;
  std::string html;
};

}  // namespace dossier::newsletter
