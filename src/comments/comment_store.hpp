#pragma once

#include <optional>
#include <string>
#include <vector>

#include "comments/comment.hpp"

namespace soci {
class session;
}

namespace dossier::comments {

// The comments' SQL: it names only the comments table and publishing's public_articles view
// (and auth's newsroom_contacts view); what comments change on an article goes through
// publishing/article_counters.hpp. Callers hold the transaction; set_status keeps the
// article's approved-comment counter right in the same transaction.
class CommentStore {
 public:
  static Id insert(soci::session& sql, Comment const& c, std::string const& ip_hash);
  static std::optional<Comment> find(soci::session& sql, Id id);
  // Approved comments of an article, oldest first (replies after their parent by the caller).
  static std::vector<Comment> approved(soci::session& sql, Id article_id, int limit);
  // The newest first; all states when status is empty, all articles when article is.
  static std::vector<Comment> by_status(soci::session& sql, std::optional<CommentStatus> status,
                                        std::optional<Id> article, int limit, int offset);
  static long long count_by_status(soci::session& sql, std::optional<CommentStatus> status,
                                   std::optional<Id> article);
  static CommentCounts counts(soci::session& sql);
  // Changes a comment's state and the article's counter; returns the state it had before,
  // nullopt when there is no such comment.
  static std::optional<CommentStatus> set_status(soci::session& sql, Id id, CommentStatus status,
                                                 UnixTime now);
  static void set_notify(soci::session& sql, Id id, NotifyReplies notify);
  // Who hears of a comment awaiting moderation: active editors and admins, and the article's
  // author, when they have an address.
  static std::vector<std::string> moderator_addresses(soci::session& sql, Id author_id);
  // Approved comments on public, published articles (one article's, or the site's): feeds.
  static std::vector<Comment> recent_public(soci::session& sql, std::optional<Id> article,
                                            UnixTime now, int limit);
  // Everything written with an address, for data requests; scrub() blanks what identifies.
  static std::vector<Comment> by_email(soci::session& sql, std::string const& email);
  static void scrub(soci::session& sql, Id id);
  static void set_body(soci::session& sql, Id id, std::string const& markdown,
                       std::string const& html);
  static bool has_approved_from(soci::session& sql, std::string const& email);
  // Forgets the network-address hashes of comments older than `before`; returns how many.
  static long long forget_addresses(soci::session& sql, UnixTime before);
};

}  // namespace dossier::comments
