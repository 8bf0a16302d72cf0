#include "comments/comment_service.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <soci/soci.h>

#include "auth/auth_service.hpp"
#include "auth/tokens.hpp"
#include "comments/comment_store.hpp"
#include "comments/reader_markdown.hpp"
#include "core/strings.hpp"
#include "store/database.hpp"

namespace dossier::comments {

namespace msg {
constexpr char const* kAutomated =
    "Your comment could not be accepted because the form was filled in automatically.";
constexpr char const* kTooFast =
    "That was very quick: please take a moment to read your comment, then send it again.";
constexpr char const* kFormExpired = "The form had expired. Please send your comment again.";
constexpr char const* kClosed = "Comments on this article are closed.";
constexpr char const* kNameRequired = "Please give a name (at most {} characters).";
constexpr char const* kBadEmail =
    "Please give a valid email address (it is never shown; we use it only about your comment).";
constexpr char const* kBadUrl = "The website must be an address starting with http:// or https://.";
constexpr char const* kBodyRequired = "Please write a comment.";
constexpr char const* kBodyTooLong = "The comment is too long (at most {} characters).";
constexpr char const* kTooManyLinks = "Please keep to {} links or fewer in a comment.";
constexpr char const* kBlocked = "Your comment could not be accepted.";
constexpr char const* kTooOften = "You have commented a lot in a short time. Please try again later.";
constexpr char const* kNoParent = "The comment you reply to does not exist on this article.";
constexpr char const* kNotText = "The comment is not valid text (UTF-8).";
constexpr char const* kNoSuchComment = "There is no such comment.";
}  // namespace msg

namespace {

constexpr UnixTime kDay = 24 * 3600;

bool contains_ci(std::string const& haystack, std::string const& needle) {
  return !needle.empty() && to_lower(haystack).find(needle) != std::string::npos;
}

}  // namespace

CommentService::CommentService(store::Database& db, std::function<UnixTime()> clock,
                               CommentOptions options, std::function<void(Id)> on_count_change)
    : db_(db),
      clock_(std::move(clock)),
      options_(std::move(options)),
      on_count_change_(std::move(on_count_change)),
      per_address_(options_.per_address_per_hour, std::chrono::hours(1)),
      per_email_(options_.per_email_per_hour, std::chrono::hours(1)) {}

std::string CommentService::form_token(Id article_id) const {
  auto now = clock_();
  return auth::sign_link(options_.secret, fmt::format("comment-{}-{}", article_id, now),
                         now + options_.max_form_age_days * kDay);
}

std::string CommentService::address_hash(std::string const& remote) const {
  // Salted, so the stored value cannot be turned back into an address by trying them all.
  return auth::token_hash(options_.secret + "|comments|" + remote);
}

bool CommentService::open_for(ArticleForComments const& a) const {
  if (a.closed) return false;
  if (std::find(options_.closed_kinds.begin(), options_.closed_kinds.end(), a.kind) !=
      options_.closed_kinds.end())
    return false;
  if (options_.close_after_days > 0 && a.published_at > 0 &&
      clock_() > a.published_at + options_.close_after_days * kDay)
    return false;
  return true;
}

Result<PostResult> CommentService::post(NewComment const& in, ArticleForComments const& article) {
  auto now = clock_();
  if (!in.honeypot.empty()) return Error{ErrorKind::Forbidden, msg::kAutomated};
  auto payload = auth::verify_link(options_.secret, in.form_token, now);
  auto prefix = fmt::format("comment-{}-", in.article_id);
  if (!payload || !payload->starts_with(prefix))
    return Error{ErrorKind::Conflict, msg::kFormExpired};
  auto issued = parse_id(payload->substr(prefix.size())).value_or(0);
  if (now - issued < options_.min_fill_seconds) return Error{ErrorKind::Conflict, msg::kTooFast};
  if (!open_for(article)) return Error{ErrorKind::Forbidden, msg::kClosed};

  auto name = std::string(trim(in.name));
  auto url = std::string(trim(in.url));
  auto body = std::string(trim(in.body));
  for (std::string const* text : std::initializer_list<std::string const*>{&name, &url, &body, &in.email})
    if (!is_valid_utf8(*text)) return invalid(msg::kNotText);
  if (name.empty() || name.size() > kMaxNameLength ||
      name.find_first_of("\r\n<>") != std::string::npos)
    return invalid(fmt::format(msg::kNameRequired, kMaxNameLength));
  auto email = auth::normalize_email(in.email);
  if (!email) return invalid(msg::kBadEmail);
  *email = to_lower(*email);
  if (!url.empty() && (url.size() > kMaxUrlLength ||
                       !(url.starts_with("http://") || url.starts_with("https://")) ||
                       url.find_first_of(" \"'<>") != std::string::npos))
    return invalid(msg::kBadUrl);
  if (body.empty()) return invalid(msg::kBodyRequired);
  if (body.size() > kMaxBodyLength)
    return Error{ErrorKind::TooLarge, fmt::format(msg::kBodyTooLong, kMaxBodyLength)};
  auto rendered = render_reader_markdown(body);
  // Bare addresses count as links too: a comment listing web addresses is the spam pattern.
  int links = rendered.link_count;
  for (std::size_t at = body.find("://"); at != std::string::npos; at = body.find("://", at + 3))
    ++links;
  if (std::max(links, rendered.link_count) > options_.max_links)
    return invalid(fmt::format(msg::kTooManyLinks, options_.max_links));
  for (auto const& word : options_.blocked_words)
    if (contains_ci(body, word) || contains_ci(name, word) || contains_ci(url, word) ||
        contains_ci(*email, word))
      return Error{ErrorKind::Forbidden, msg::kBlocked};
  if (std::find(options_.blocked_addresses.begin(), options_.blocked_addresses.end(),
                in.remote_address) != options_.blocked_addresses.end())
    return Error{ErrorKind::Forbidden, msg::kBlocked};
  auto ip = address_hash(in.remote_address);
  if (per_address_.retry_after(ip, now) > 0 || per_email_.retry_after(*email, now) > 0)
    return Error{ErrorKind::RateLimited, msg::kTooOften};

  Id id = 0;
  bool trusted = false;
  {  // the connection goes back to the pool before the page cache hears of the change
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (in.parent_id) {
    auto parent = CommentStore::find(sql, *in.parent_id);
    // One level of replies: a reply to a reply attaches to the thread's first comment.
    if (!parent || parent->article_id != in.article_id || parent->status != CommentStatus::Approved)
      return invalid(msg::kNoParent);
  }
  Comment c;
  c.article_id = in.article_id;
  if (in.parent_id) {
    auto parent = CommentStore::find(sql, *in.parent_id);
    c.parent_id = parent->parent_id ? parent->parent_id : in.parent_id;
  }
  c.author_name = name;
  c.author_email = *email;
  c.author_url = url;
  c.body_markdown = body;
  c.body_html = rendered.html;
  c.created_at = now;
  id = CommentStore::insert(sql, c, ip);
  trusted = options_.trust_approved_commenters && CommentStore::has_approved_from(sql, *email);
  if (trusted) CommentStore::set_status(sql, id, CommentStatus::Approved, now);
  tx.commit();
  }
  per_address_.record(ip, now);
  per_email_.record(*email, now);
  if (trusted && on_count_change_) on_count_change_(in.article_id);
  return PostResult{id, trusted ? Posted::Published : Posted::AwaitingModeration};
}

std::vector<Comment> CommentService::approved(Id article_id) {
  soci::session sql(db_.pool());
  return CommentStore::approved(sql, article_id, kMaxCommentsShown);
}

CommentCounts CommentService::counts() {
  soci::session sql(db_.pool());
  return CommentStore::counts(sql);
}

std::vector<Comment> CommentService::browse(std::optional<CommentStatus> status, int page,
                                            int per_page, long long& total) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  total = CommentStore::count_by_status(sql, status);
  return CommentStore::by_status(sql, status, per_page, (page - 1) * per_page);
}

Result<int> CommentService::moderate(std::vector<Id> const& ids, Moderation decision) {
  auto status = decision == Moderation::Approve   ? CommentStatus::Approved
                : decision == Moderation::Spam    ? CommentStatus::Spam
                : decision == Moderation::Delete  ? CommentStatus::Deleted
                                                  : CommentStatus::Pending;
  std::set<Id> articles;
  int changed = 0;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    for (auto id : ids) {
      auto c = CommentStore::find(sql, id);
      if (!c) continue;
      if (c->status == CommentStatus::Approved || status == CommentStatus::Approved)
        articles.insert(c->article_id);
      changed += CommentStore::set_status(sql, id, status, clock_());
    }
    tx.commit();
  }
  if (on_count_change_)
    for (auto a : articles) on_count_change_(a);
  return changed;
}

Result<Unit> CommentService::edit(Id id, std::string const& body) {
  auto text = std::string(trim(body));
  if (text.empty()) return invalid(msg::kBodyRequired);
  if (text.size() > kMaxBodyLength || !is_valid_utf8(text))
    return invalid(fmt::format(msg::kBodyTooLong, kMaxBodyLength));
  std::optional<Comment> c;
  {
    soci::session sql(db_.pool());
    c = CommentStore::find(sql, id);
    if (!c) return not_found(msg::kNoSuchComment);
    CommentStore::set_body(sql, id, text, render_reader_markdown(text).html);
  }
  if (c->status == CommentStatus::Approved && on_count_change_) on_count_change_(c->article_id);
  return Unit{};
}

Result<Id> CommentService::reply(Id parent_id, std::string const& body, Id user_id,
                                 std::string const& name, std::string const& email) {
  auto text = std::string(trim(body));
  if (text.empty()) return invalid(msg::kBodyRequired);
  if (text.size() > kMaxBodyLength || !is_valid_utf8(text))
    return invalid(fmt::format(msg::kBodyTooLong, kMaxBodyLength));
  auto now = clock_();
  Id id = 0;
  std::optional<Comment> parent;
  {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  parent = CommentStore::find(sql, parent_id);
  if (!parent) return not_found(msg::kNoSuchComment);
  Comment c;
  c.article_id = parent->article_id;
  c.parent_id = parent->parent_id ? parent->parent_id : std::optional<Id>(parent_id);
  c.author_name = name;
  c.author_email = to_lower(email);
  c.user_id = user_id;
  c.body_markdown = text;
  c.body_html = render_reader_markdown(text).html;
  c.created_at = now;
  id = CommentStore::insert(sql, c, "");
  CommentStore::set_status(sql, id, CommentStatus::Approved, now);
  // Answering a comment in the newsroom approves it: a reply under a hidden comment would be
  // out of place.
  CommentStore::set_status(sql, parent_id, CommentStatus::Approved, now);
  tx.commit();
  }
  if (on_count_change_) on_count_change_(parent->article_id);
  return id;
}

long long CommentService::forget_old_addresses() {
  soci::session sql(db_.pool());
  return CommentStore::forget_addresses(sql, clock_() - options_.ip_retention_days * kDay);
}

}  // namespace dossier::comments
