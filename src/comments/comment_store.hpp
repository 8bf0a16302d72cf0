#pragma once

#include <optional>
#include <string>
#include <vector>

#include "comments/comment.hpp"

namespace soci {
class session;
}

namespace dossier::comments {

// The comments' SQL. Callers hold the transaction; set_status keeps articles.comment_count
// (approved comments) right in the same transaction.
class CommentStore {
 public:
  static Id insert(soci::session& sql, Comment const& c, std::string const& ip_hash);
  static std::optional<Comment> find(soci::session& sql, Id id);
  // Approved comments of an article, oldest first (replies after their parent by the caller).
  static std::vector<Comment> approved(soci::session& sql, Id article_id, int limit);
  static std::vector<Comment> by_status(soci::session& sql, std::optional<CommentStatus> status,
                                        int limit, int offset);
  static long long count_by_status(soci::session& sql, std::optional<CommentStatus> status);
  static CommentCounts counts(soci::session& sql);
  // Changes a comment's state and the article's counter; returns false when it did not exist.
  static bool set_status(soci::session& sql, Id id, CommentStatus status, UnixTime now);
  static void set_body(soci::session& sql, Id id, std::string const& markdown,
                       std::string const& html);
  static bool has_approved_from(soci::session& sql, std::string const& email);
  // Forgets the network-address hashes of comments older than `before`; returns how many.
  static long long forget_addresses(soci::session& sql, UnixTime before);
};

}  // namespace dossier::comments
