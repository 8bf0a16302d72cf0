#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "comments/comment.hpp"
#include "comments/events.hpp"
#include "comments/reader_markdown.hpp"
#include "core/result.hpp"
#include "security/rate_limiter.hpp"

namespace dossier {
class EventBus;
}
namespace dossier::store {
class Database;
}
namespace soci {
class session;
}

namespace dossier::comments {

constexpr std::size_t kMaxNameLength = 80;
constexpr std::size_t kMaxUrlLength = 200;
constexpr std::size_t kMaxBodyLength = 10'000;
constexpr int kMaxCommentsShown = 500;
// A reader previews a comment a few times before posting it: previews per address and hour are
// this many times comments.per_address_per_hour.
constexpr int kPreviewsPerComment = 10;

struct CommentOptions {
  std::string secret;    // signs form tokens and mailed links; salts address hashes
  std::string site_url;  // canonical base for links in mail, no trailing slash
  std::string site_title;
  bool notify_moderators = true;  // mail editors and the author about pending comments
  int min_fill_seconds = 3;       // a form sent faster is a robot's
  int max_form_age_days = 30;     // an older form is refreshed, not accepted
  int max_links = 2;
  int per_address_per_hour = 10;
  int per_email_per_hour = 5;
  int close_after_days = 0;  // 0 = never by age
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
  std::string honeypot;         // a field people do not see; robots fill it
  std::string form_token;       // the signed time the form was made
  bool notify_replies = false;  // asks for mail about replies (confirmed by a mailed link)
};

enum class Posted { Published, AwaitingModeration };
struct PostResult {
  Id id = 0;
  Posted posted = Posted::AwaitingModeration;
};

enum class Moderation { Approve, Spam, Delete, Unapprove };

// What a mailed link did, for the page that answers it.
struct LinkOutcome {
  Id comment_id = 0;
  std::string article_slug;
  std::string article_title;
};

// Readers' comments: the spam rules, the reader Markdown subset, moderation, and the
// article's comment counter (changed with every state change, in its transaction).
class CommentService {
 public:
  // events: where ArticleCommentsChanged goes after each committed change to what an article's
  // comment section or counter shows (the page cache listens); may be null (tools).
  CommentService(store::Database& db, std::function<UnixTime()> clock, CommentOptions options,
                 EventBus const* events = nullptr);

  // The signed time a form was handed out, for one article. Never put in a page many readers
  // share (a cached page): the fill-time rule counts from the moment this is called.
  std::string form_token(Id article_id) const;
  // Whether a token is this article's and has not expired (whatever its age otherwise): a
  // refused or previewed form keeps it, so the fill-time rule still counts from its start.
  bool token_usable(Id article_id, std::string const& token) const;
  bool open_for(ArticleForComments const& article) const;
  // Every rule is checked before anything is stored; a refusal says which in words.
  Result<PostResult> post(NewComment const& input, ArticleForComments const& article);
  // The comment as it would appear. Every rule of post() bounds a preview too (token, fill
  // time, length, links, blocklists, the rate limits of posting), the cheap ones before the
  // Markdown is parsed, and previews have a rate limit of their own; nothing is stored.
  Result<ReaderHtml> preview(NewComment const& input, ArticleForComments const& article);

  std::vector<Comment> approved(Id article_id);
  CommentCounts counts();
  std::vector<Comment> browse(std::optional<CommentStatus> status, std::optional<Id> article,
                              int page, int per_page, long long& total);
  // Applies one decision to several comments, all in one transaction.
  Result<int> moderate(std::vector<Id> const& ids, Moderation decision);
  Result<Unit> edit(Id id, std::string const& body);
  // A reply from the newsroom, published at once.
  Result<Id> reply(Id parent_id, std::string const& body, Id user_id, std::string const& name,
                   std::string const& email);
  // A comment another system kept (an import): its name, address, website, date, parent and
  // state as given, none of the readers' rules (fill time, rate limits, links) applied, no mail
  // sent; the article's counter moves with an approved one. The body is the reader Markdown
  // subset's, rendered as any reader's. `within` runs in its transaction.
  using WithinComment = std::function<Result<Unit>(soci::session&, Id)>;
  Result<Id> import_comment(Comment const& comment, WithinComment const& within = {});
  long long forget_old_addresses();

  // The per-article switch, from the moderation page.
  bool closed_by_editor(Id article_id);
  Result<Unit> set_closed(Id article_id, bool closed);

  // Links mailed to a commenter, each signed for one purpose and one comment.
  std::string confirm_link(Id comment_id) const;
  std::string stop_link(Id comment_id) const;
  std::string delete_link(Id comment_id) const;
  Result<LinkOutcome> confirm_notifications(std::string const& token);
  Result<LinkOutcome> stop_notifications(std::string const& token);
  // Checks a delete link without using it (the page asks before deleting).
  Result<LinkOutcome> check_delete(std::string const& token);
  Result<LinkOutcome> delete_own(std::string const& token);

  // Approved comments on public articles, newest first: the site's or one article's feed.
  std::vector<Comment> feed(std::optional<Id> article, int limit);

  // Data requests: every comment written with an address, and erasing them (the text and
  // everything identifying is blanked and the comment leaves the page; replies stay).
  std::vector<Comment> written_by(std::string const& email);
  long long erase(std::string const& email);

 private:
  // A comment the rules accepted: its cleaned fields and its HTML.
  struct Checked {
    std::string name;
    std::string email;  // normalized, lower case
    std::string url;
    std::string body;
    std::string address_hash;
    ReaderHtml rendered;
  };
  Result<Checked> check(NewComment const& input, ArticleForComments const& article, UnixTime now);
  std::string address_hash(std::string const& remote) const;
  // Called inside the transaction that approved `c`: mail to the commenter it answers.
  void on_approved(soci::session& sql, Comment const& c);
  void mail_moderators(soci::session& sql, Comment const& c);
  void mail_confirmation(soci::session& sql, Comment const& c);
  Result<std::pair<Id, Comment>> verify(std::string const& token, std::string_view purpose);
  // The articles whose comment section one transaction changed, with where they are listed:
  // gathered inside the transaction, announced after it commits.
  using Touched = std::map<Id, publishing::ArticlePlacement>;
  static void touch(soci::session& sql, Touched& touched, Id article_id);
  void announce(Touched const& touched) const;
  store::Database& db_;
  std::function<UnixTime()> clock_;
  CommentOptions options_;
  EventBus const* events_;
  security::RateLimiter per_address_;
  security::RateLimiter per_email_;
  security::RateLimiter previews_per_address_;
};

}  // namespace dossier::comments
