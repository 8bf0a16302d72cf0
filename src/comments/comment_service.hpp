#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "auth/rate_limiter.hpp"
#include "comments/comment.hpp"
#include "core/result.hpp"

namespace dossier::store {
class Database;
}

namespace dossier::comments {

constexpr std::size_t kMaxNameLength = 80;
constexpr std::size_t kMaxUrlLength = 200;
constexpr std::size_t kMaxBodyLength = 10'000;
constexpr int kMaxCommentsShown = 500;

struct CommentOptions {
  std::string secret;               // signs form tokens; salts address hashes
  int min_fill_seconds = 3;         // a form sent faster is a robot's
  int max_form_age_days = 30;       // an older form is refreshed, not accepted
  int max_links = 2;
  int per_address_per_hour = 10;
  int per_email_per_hour = 5;
  int close_after_days = 0;         // 0 = never by age
  std::vector<std::string> closed_kinds = {"page"};
  std::vector<std::string> blocked_words;  // lower case
  std::vector<std::string> blocked_addresses;
  bool trust_approved_commenters = true;  // their next comments are published at once
  int ip_retention_days = 30;
};

// What the article page needs to know to show the form.
struct ArticleForComments {
  Id id = 0;
  std::string kind;  // "news", "page" ...
  UnixTime published_at = 0;
  bool closed = false;  // the article's own switch
};

struct NewComment {
  Id article_id = 0;
  std::optional<Id> parent_id;
  std::string name;
  std::string email;
  std::string url;
  std::string body;
  std::string remote_address;
  std::string honeypot;    // a field people do not see; robots fill it
  std::string form_token;  // the signed time the form was made
};

enum class Posted { Published, AwaitingModeration };
struct PostResult {
  Id id = 0;
  Posted posted = Posted::AwaitingModeration;
};

enum class Moderation { Approve, Spam, Delete, Unapprove };

// Readers' comments: the spam rules, the reader Markdown subset, moderation, and the
// article's comment counter (changed with every state change, in its transaction).
class CommentService {
 public:
  // on_count_change(article): an article's approved comments changed (its pages must be
  // rendered again).
  CommentService(store::Database& db, std::function<UnixTime()> clock, CommentOptions options,
                 std::function<void(Id)> on_count_change = {});

  std::string form_token(Id article_id) const;
  bool open_for(ArticleForComments const& article) const;
  // Every rule is checked before anything is stored; a refusal says which in words.
  Result<PostResult> post(NewComment const& input, ArticleForComments const& article);

  std::vector<Comment> approved(Id article_id);
  CommentCounts counts();
  std::vector<Comment> browse(std::optional<CommentStatus> status, int page, int per_page,
                              long long& total);
  // Applies one decision to several comments, all in one transaction.
  Result<int> moderate(std::vector<Id> const& ids, Moderation decision);
  Result<Unit> edit(Id id, std::string const& body);
  // A reply from the newsroom, published at once.
  Result<Id> reply(Id parent_id, std::string const& body, Id user_id, std::string const& name,
                   std::string const& email);
  long long forget_old_addresses();

 private:
  std::string address_hash(std::string const& remote) const;
  store::Database& db_;
  std::function<UnixTime()> clock_;
  CommentOptions options_;
  std::function<void(Id)> on_count_change_;
  auth::RateLimiter per_address_;
  auth::RateLimiter per_email_;
};

}  // namespace dossier::comments
