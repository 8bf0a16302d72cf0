#include "comments/comment_store.hpp"

#include <array>

#include <soci/soci.h>

#include "publishing/article_counters.hpp"
#include "store/row.hpp"

namespace dossier::comments {

namespace {

constexpr std::array<std::string_view, 4> kStatusNames{"pending", "approved", "spam", "deleted"};

// Only the comments' own columns: the article's title and slug come from publishing's named
// function (with_articles), so this file's SQL names no table of another folder (issue 15).
constexpr char const* kColumns =
    "c.id, c.article_id, c.parent_id, c.status, c.author_name, c.author_email, c.author_url,"
    " c.user_id, c.body_markdown, c.body_html, c.created_at, c.notify_replies";

Comment comment_from(soci::row const& r) {
  Comment c;
  c.id = store::row_int(r, 0);
  c.article_id = store::row_int(r, 1);
  if (r.get_indicator(2) == soci::i_ok) c.parent_id = store::row_int(r, 2);
  c.status = parse_comment_status(store::row_text(r, 3)).value_or(CommentStatus::Pending);
  c.author_name = store::row_text(r, 4);
  c.author_email = store::row_text(r, 5);
  c.author_url = store::row_text(r, 6);
  if (r.get_indicator(7) == soci::i_ok) c.user_id = store::row_int(r, 7);
  c.body_markdown = store::row_text(r, 8);
  c.body_html = store::row_text(r, 9);
  c.created_at = store::row_int(r, 10);
  c.notify = static_cast<NotifyReplies>(store::row_int(r, 11));
  return c;
}

// Fills in each comment's article title and slug (any state: moderation lists comments on
// articles that are no longer public).
std::vector<Comment> with_articles(soci::session& sql, std::vector<Comment> comments) {
  std::vector<Id> ids;
  for (auto const& c : comments) ids.push_back(c.article_id);
  auto refs = publishing::article_refs(sql, ids);
  for (auto& c : comments) {
    if (auto it = refs.find(c.article_id); it != refs.end()) {
      c.article_title = it->second.title;
      c.article_slug = it->second.slug;
    }
  }
  return comments;
}

std::vector<Comment> read_comments(soci::rowset<soci::row>& rows) {
  std::vector<Comment> out;
  for (auto const& r : rows) out.push_back(comment_from(r));
  return out;
}

}  // namespace

std::string_view to_string(CommentStatus status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<CommentStatus> parse_comment_status(std::string_view text) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == text) return static_cast<CommentStatus>(i);
  return std::nullopt;
}

Id CommentStore::insert(soci::session& sql, Comment const& c, std::string const& ip_hash) {
  long long id = 0, parent = c.parent_id.value_or(0), user = c.user_id.value_or(0),
            created = c.created_at;
  auto parent_ind = c.parent_id ? soci::i_ok : soci::i_null;
  auto user_ind = c.user_id ? soci::i_ok : soci::i_null;
  std::string status = "pending";
  int notify = static_cast<int>(c.notify);
  sql << "INSERT INTO comments (article_id, parent_id, status, author_name, author_email,"
         " author_url, user_id, body_markdown, body_html, ip_hash, created_at, notify_replies)"
         " VALUES (:a, :p, :s, :n, :e, :u, :uid, :m, :h, :ip, :t, :nr) RETURNING id",
      soci::use(c.article_id), soci::use(parent, parent_ind), soci::use(status),
      soci::use(c.author_name), soci::use(c.author_email), soci::use(c.author_url),
      soci::use(user, user_ind), soci::use(c.body_markdown), soci::use(c.body_html),
      soci::use(ip_hash), soci::use(created), soci::use(notify), soci::into(id);
  return id;
}

std::optional<Comment> CommentStore::find(soci::session& sql, Id id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns << " FROM comments c WHERE c.id = :id", soci::use(id));
  auto found = with_articles(sql, read_comments(rows));
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Comment> CommentStore::approved(soci::session& sql, Id article_id, int limit) {
  long long l = limit;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns
                   << " FROM comments c"
                      " WHERE c.article_id = :a AND c.status = 'approved' ORDER BY c.id LIMIT :l",
       soci::use(article_id), soci::use(l));
  return with_articles(sql, read_comments(rows));
}

std::vector<Comment> CommentStore::by_status(soci::session& sql,
                                             std::optional<CommentStatus> status,
                                             std::optional<Id> article, int limit, int offset) {
  std::string s = status ? std::string(to_string(*status)) : "";
  long long l = limit, o = offset, a = article.value_or(0);
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns
                   << " FROM comments c"
                      " WHERE (:s1 = '' OR c.status = :s2) AND (:a1 = 0 OR c.article_id = :a2)"
                      " ORDER BY c.id DESC LIMIT :l OFFSET :o",
       soci::use(s), soci::use(s), soci::use(a), soci::use(a), soci::use(l), soci::use(o));
  return with_articles(sql, read_comments(rows));
}

long long CommentStore::count_by_status(soci::session& sql, std::optional<CommentStatus> status,
                                        std::optional<Id> article) {
  std::string s = status ? std::string(to_string(*status)) : "";
  long long n = 0, a = article.value_or(0);
  sql << "SELECT COUNT(*) FROM comments WHERE (:s1 = '' OR status = :s2)"
         " AND (:a1 = 0 OR article_id = :a2)",
      soci::use(s), soci::use(s), soci::use(a), soci::use(a), soci::into(n);
  return n;
}

CommentCounts CommentStore::counts(soci::session& sql) {
  CommentCounts c;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT status, COUNT(*) FROM comments GROUP BY status");
  for (auto const& r : rows) {
    auto s = parse_comment_status(store::row_text(r, 0));
    auto n = store::row_int(r, 1);
    if (!s) continue;
    switch (*s) {
      case CommentStatus::Pending: c.pending = n; break;
      case CommentStatus::Approved: c.approved = n; break;
      case CommentStatus::Spam: c.spam = n; break;
      case CommentStatus::Deleted: c.deleted = n; break;
    }
  }
  return c;
}

std::optional<CommentStatus> CommentStore::set_status(soci::session& sql, Id id,
                                                      CommentStatus status, UnixTime now) {
  std::string before;
  long long article = 0;
  sql << "SELECT status, article_id FROM comments WHERE id = :id", soci::use(id),
      soci::into(before), soci::into(article);
  if (!sql.got_data()) return std::nullopt;
  auto previous = parse_comment_status(before);
  auto after = std::string(to_string(status));
  if (before == after) return previous;
  long long t = now;
  sql << "UPDATE comments SET status = :s, moderated_at = :t WHERE id = :id", soci::use(after),
      soci::use(t), soci::use(id);
  // The counter moves with the state, in this transaction: no COUNT(*) per page view. The
  // column is publishing's: it is moved through publishing's named function.
  int delta = (after == "approved") - (before == "approved");
  publishing::add_to_comment_count(sql, article, delta);
  return previous;
}

void CommentStore::set_body(soci::session& sql, Id id, std::string const& markdown,
                            std::string const& html) {
  sql << "UPDATE comments SET body_markdown = :m, body_html = :h WHERE id = :id",
      soci::use(markdown), soci::use(html), soci::use(id);
}

bool CommentStore::has_approved_from(soci::session& sql, std::string const& email) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM comments WHERE author_email = :e AND status = 'approved'",
      soci::use(email), soci::into(n);
  return n > 0;
}

void CommentStore::set_notify(soci::session& sql, Id id, NotifyReplies notify) {
  int n = static_cast<int>(notify);
  sql << "UPDATE comments SET notify_replies = :n WHERE id = :id", soci::use(n), soci::use(id);
}

std::vector<std::string> CommentStore::moderator_addresses(soci::session& sql, Id author_id) {
  std::vector<std::string> out;
  // newsroom_contacts: active accounts with an address, the view auth publishes (0012).
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT DISTINCT email FROM newsroom_contacts"
                      " WHERE role IN ('admin', 'editor') OR id = :a ORDER BY email",
       soci::use(author_id));
  for (auto const& r : rows) out.push_back(store::row_text(r, 0));
  return out;
}

std::vector<Comment> CommentStore::recent_public(soci::session& sql, std::optional<Id> article,
                                                 UnixTime now, int limit) {
  long long l = limit, a = article.value_or(0), t = now;
  // public_articles: publishing's read contract (migration 0009) defines "public".
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns
                   << " FROM comments c JOIN public_articles a ON a.id = c.article_id"
                      " WHERE c.status = 'approved' AND (:a1 = 0 OR c.article_id = :a2)"
                      " AND a.published_at <= :t ORDER BY c.id DESC LIMIT :l",
       soci::use(a), soci::use(a), soci::use(t), soci::use(l));
  return with_articles(sql, read_comments(rows));
}

std::vector<Comment> CommentStore::by_email(soci::session& sql, std::string const& email) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT " << kColumns
                   << " FROM comments c WHERE c.author_email = :e ORDER BY c.id",
       soci::use(email));
  return with_articles(sql, read_comments(rows));
}

void CommentStore::scrub(soci::session& sql, Id id) {
  sql << "UPDATE comments SET author_name = '', author_email = '', author_url = '',"
         " body_markdown = '', body_html = '', ip_hash = '', notify_replies = 0 WHERE id = :id",
      soci::use(id);
}

long long CommentStore::forget_addresses(soci::session& sql, UnixTime before) {
  long long t = before;
  soci::statement st = (sql.prepare << "UPDATE comments SET ip_hash = '' WHERE ip_hash <> ''"
                                       " AND created_at < :t",
                        soci::use(t));
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace dossier::comments
