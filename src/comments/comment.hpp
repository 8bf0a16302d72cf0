#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace dossier::comments {

using Id = long long;

enum class CommentStatus { Pending, Approved, Spam, Deleted };
std::string_view to_string(CommentStatus status);
std::optional<CommentStatus> parse_comment_status(std::string_view text);

// Whether the commenter gets mail about replies (double opt-in).
enum class NotifyReplies { No = 0, Asked = 1, Confirmed = 2 };

struct Comment {
  Id id = 0;
  Id article_id = 0;
  std::optional<Id> parent_id;
  CommentStatus status = CommentStatus::Pending;
  std::string author_name;
  std::string author_email;  // never shown to readers
  std::string author_url;
  std::optional<Id> user_id;  // written from the newsroom
  std::string body_markdown;
  std::string body_html;
  UnixTime created_at = 0;
  std::string article_title;  // for the moderation list
  std::string article_slug;
  NotifyReplies notify = NotifyReplies::No;
};

struct CommentCounts {
  long long pending = 0;
  long long approved = 0;
  long long spam = 0;
  long long deleted = 0;
};

}  // namespace dossier::comments
