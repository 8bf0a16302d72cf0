#include "comments/comment_service.hpp"
#include "security/email.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <soci/soci.h>

#include "comments/comment_store.hpp"
#include "comments/reader_markdown.hpp"
#include "core/event_bus.hpp"
#include "core/strings.hpp"
#include "mail/outbox.hpp"
#include "publishing/article_counters.hpp"
#include "publishing/messages.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::comments {

namespace msg {
constexpr char const* kAutomated =
    "Your comment could not be accepted because the form was filled in automatically.";
constexpr char const* kTooFast =
    "That was very quick: please take a moment to read your comment, then send it again.";
constexpr char const* kFormExpired = "The form had expired. Please send your comment again.";
constexpr char const* kOneMoreStep =
    "One more step, to keep robots out: check your comment below and send it again.";
constexpr char const* kClosed = "Comments on this article are closed.";
constexpr char const* kNameRequired = "Please give a name (at most {} characters).";
constexpr char const* kBadEmail =
    "Please give a valid email address (it is never shown; we use it only about your comment).";
constexpr char const* kBadUrl = "The website must be an address starting with http:// or https://.";
constexpr char const* kBodyRequired = "Please write a comment.";
constexpr char const* kBodyTooLong = "The comment is too long (at most {} characters).";
constexpr char const* kTooManyLinks = "Please keep to {} links or fewer in a comment.";
constexpr char const* kBlocked = "Your comment could not be accepted.";
constexpr char const* kTooOften =
    "You have commented a lot in a short time. Please try again later.";
constexpr char const* kNoParent = "The comment you reply to does not exist on this article.";
constexpr char const* kNotText = "The comment is not valid text (UTF-8).";
constexpr char const* kNoSuchComment = "There is no such comment.";
constexpr char const* kBadLink =
    "This link is not valid: it may have been copied incompletely, or it has expired.";
constexpr char const* kNoSuchArticle = publishing::msg::kNoSuchArticle;
}  // namespace msg

namespace {

constexpr UnixTime kDay = 24 * 3600;
constexpr UnixTime kConfirmLinkDays = 7;
constexpr UnixTime kLongLinkDays = 3650;  // delete and stop links work as long as the mail is kept
constexpr std::size_t kMailExcerptChars = 600;

// Link purposes: a link signed for one can never be used for another.
constexpr char const* kNotifyPurpose = "comment-notify";
constexpr char const* kStopPurpose = "comment-stop";
constexpr char const* kDeletePurpose = "comment-delete";

std::string excerpt(std::string const& text) {
  if (text.size() <= kMailExcerptChars) return text;
  auto cut = kMailExcerptChars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return text.substr(0, cut) + " …";
}

bool contains_ci(std::string const& haystack, std::string const& needle) {
  return !needle.empty() && to_lower(haystack).find(needle) != std::string::npos;
}

}  // namespace

CommentService::CommentService(store::Database& db, std::function<UnixTime()> clock,
                               CommentOptions options, EventBus const* events)
    : db_(db),
      clock_(std::move(clock)),
      options_(std::move(options)),
      events_(events),
      per_address_(db, "comments.address", options_.per_address_per_hour, std::chrono::hours(1)),
      per_email_(db, "comments.email", options_.per_email_per_hour, std::chrono::hours(1)),
      previews_per_address_(db, "comments.previews_address",
                            options_.per_address_per_hour * kPreviewsPerComment,
                            std::chrono::hours(1)) {}

void CommentService::touch(soci::session& sql, Touched& touched, Id article_id) {
  if (touched.contains(article_id)) return;
  if (auto where = publishing::placement(sql, article_id)) touched.emplace(article_id, *where);
}

void CommentService::announce(Touched const& touched) const {
  if (!events_) return;
  for (auto const& [article, where] : touched)
    events_->publish(ArticleCommentsChanged{article, where});
}

std::string CommentService::form_token(Id article_id) const {
  auto now = clock_();
  return security::sign_link(options_.secret, fmt::format("comment-{}-{}", article_id, now),
                             now + options_.max_form_age_days * kDay);
}

bool CommentService::token_usable(Id article_id, std::string const& token) const {
  auto payload = security::verify_link(options_.secret, token, clock_());
  return payload && payload->starts_with(fmt::format("comment-{}-", article_id));
}

std::string CommentService::address_hash(std::string const& remote) const {
  // Salted, so the stored value cannot be turned back into an address by trying them all.
  return security::token_hash(options_.secret + "|comments|" + remote);
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

Result<CommentService::Checked> CommentService::check(NewComment const& in,
                                                      ArticleForComments const& article,
                                                      UnixTime now) {
  // The rules run cheapest first; the Markdown is parsed last, once nothing else refuses, so a
  // refused comment (or preview) costs next to nothing whatever its size.
  if (!in.honeypot.empty()) return Error{ErrorKind::Forbidden, msg::kAutomated};
  // The article page is cached and shared, so its form has no token: a reader's browser fetches
  // one, and without JavaScript the first press gets the form back with one.
  if (in.form_token.empty()) return Error{ErrorKind::Conflict, msg::kOneMoreStep};
  auto payload = security::verify_link(options_.secret, in.form_token, now);
  auto prefix = fmt::format("comment-{}-", in.article_id);
  if (!payload || !payload->starts_with(prefix))
    return Error{ErrorKind::Conflict, msg::kFormExpired};
  auto issued = parse_id(payload->substr(prefix.size())).value_or(0);
  if (now - issued < options_.min_fill_seconds) return Error{ErrorKind::Conflict, msg::kTooFast};
  if (!open_for(article)) return Error{ErrorKind::Forbidden, msg::kClosed};
  if (trim(in.body).size() > kMaxBodyLength)
    return Error{ErrorKind::TooLarge, fmt::format(msg::kBodyTooLong, kMaxBodyLength)};

  Checked c;
  c.name = std::string(trim(in.name));
  c.url = std::string(trim(in.url));
  c.body = std::string(trim(in.body));
  for (std::string const* text :
       std::initializer_list<std::string const*>{&c.name, &c.url, &c.body, &in.email})
    if (!is_valid_utf8(*text)) return invalid(msg::kNotText);
  if (c.name.empty() || c.name.size() > kMaxNameLength ||
      c.name.find_first_of("\r\n<>") != std::string::npos)
    return invalid(fmt::format(msg::kNameRequired, kMaxNameLength));
  auto email = security::normalize_email(in.email);
  if (!email) return invalid(msg::kBadEmail);
  c.email = to_lower(*email);
  if (!c.url.empty() && (c.url.size() > kMaxUrlLength ||
                         !(c.url.starts_with("http://") || c.url.starts_with("https://")) ||
                         c.url.find_first_of(" \"'<>") != std::string::npos))
    return invalid(msg::kBadUrl);
  if (c.body.empty()) return invalid(msg::kBodyRequired);
  for (auto const& word : options_.blocked_words)
    if (contains_ci(c.body, word) || contains_ci(c.name, word) || contains_ci(c.url, word) ||
        contains_ci(c.email, word))
      return Error{ErrorKind::Forbidden, msg::kBlocked};
  if (std::find(options_.blocked_addresses.begin(), options_.blocked_addresses.end(),
                in.remote_address) != options_.blocked_addresses.end())
    return Error{ErrorKind::Forbidden, msg::kBlocked};
  c.address_hash = address_hash(in.remote_address);
  if (per_address_.retry_after(c.address_hash, now) > 0 || per_email_.retry_after(c.email, now) > 0)
    return Error{ErrorKind::RateLimited, msg::kTooOften};
  c.rendered = render_reader_markdown(c.body);
  // Bare addresses count as links too: a comment listing web addresses is the spam pattern.
  // Each link counts once: the address inside a Markdown link is not a bare one.
  if (c.rendered.link_count + c.rendered.bare_address_count > options_.max_links)
    return invalid(fmt::format(msg::kTooManyLinks, options_.max_links));
  return c;
}

Result<ReaderHtml> CommentService::preview(NewComment const& in,
                                           ArticleForComments const& article) {
  auto now = clock_();
  // Counted before the rules run: a refused preview is a request like any other.
  auto ip = address_hash(in.remote_address);
  if (previews_per_address_.retry_after(ip, now) > 0)
    return Error{ErrorKind::RateLimited, msg::kTooOften};
  previews_per_address_.record(ip, now);
  auto checked = check(in, article, now);
  if (!checked) return checked.error();
  return std::move(checked->rendered);
}

Result<PostResult> CommentService::post(NewComment const& in, ArticleForComments const& article) {
  auto now = clock_();
  auto checked = check(in, article, now);
  if (!checked) return checked.error();
  auto& [name, email, url, body, ip, rendered] = *checked;

  Id id = 0;
  bool trusted = false;
  Touched touched;
  {  // the connection goes back to the pool before the page cache hears of the change
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    Comment c;
    c.article_id = in.article_id;
    if (in.parent_id) {
      auto parent = CommentStore::find(sql, *in.parent_id);
      if (!parent || parent->article_id != in.article_id ||
          parent->status != CommentStatus::Approved)
        return invalid(msg::kNoParent);
      // One level of replies: a reply to a reply attaches to the thread's first comment.
      c.parent_id = parent->parent_id ? parent->parent_id : in.parent_id;
    }
    c.author_name = name;
    c.author_email = email;
    c.author_url = url;
    c.body_markdown = body;
    c.body_html = rendered.html;
    c.created_at = now;
    c.notify = in.notify_replies ? NotifyReplies::Asked : NotifyReplies::No;
    id = CommentStore::insert(sql, c, ip);
    c = *CommentStore::find(sql, id);
    trusted = options_.trust_approved_commenters && CommentStore::has_approved_from(sql, email);
    // The mail is queued in this transaction: a comment is never stored without its mail, nor
    // the other way round.
    if (c.notify == NotifyReplies::Asked) mail_confirmation(sql, c);
    if (trusted) {
      CommentStore::set_status(sql, id, CommentStatus::Approved, now);
      on_approved(sql, c);
      touch(sql, touched, in.article_id);
    } else if (options_.notify_moderators) {
      mail_moderators(sql, c);
    }
    tx.commit();
  }
  per_address_.record(ip, now);
  per_email_.record(email, now);
  announce(touched);
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

std::vector<Comment> CommentService::browse(std::optional<CommentStatus> status,
                                            std::optional<Id> article, int page, int per_page,
                                            long long& total) {
  soci::session sql(db_.pool());
  soci::transaction snapshot(sql);
  total = CommentStore::count_by_status(sql, status, article);
  return CommentStore::by_status(sql, status, article, per_page, (page - 1) * per_page);
}

Result<int> CommentService::moderate(std::vector<Id> const& ids, Moderation decision) {
  auto status = decision == Moderation::Approve  ? CommentStatus::Approved
                : decision == Moderation::Spam   ? CommentStatus::Spam
                : decision == Moderation::Delete ? CommentStatus::Deleted
                                                 : CommentStatus::Pending;
  Touched touched;
  int changed = 0;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    for (auto id : ids) {
      auto c = CommentStore::find(sql, id);
      if (!c) continue;
      if (c->status == CommentStatus::Approved || status == CommentStatus::Approved)
        touch(sql, touched, c->article_id);
      auto before = CommentStore::set_status(sql, id, status, clock_());
      if (!before) continue;
      ++changed;
      if (status == CommentStatus::Approved && *before != CommentStatus::Approved)
        on_approved(sql, *c);
    }
    tx.commit();
  }
  announce(touched);
  return changed;
}

Result<Unit> CommentService::edit(Id id, std::string const& body) {
  auto text = std::string(trim(body));
  if (text.empty()) return invalid(msg::kBodyRequired);
  if (text.size() > kMaxBodyLength || !is_valid_utf8(text))
    return invalid(fmt::format(msg::kBodyTooLong, kMaxBodyLength));
  Touched touched;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    auto c = CommentStore::find(sql, id);
    if (!c) return not_found(msg::kNoSuchComment);
    CommentStore::set_body(sql, id, text, render_reader_markdown(text).html);
    if (c->status == CommentStatus::Approved) touch(sql, touched, c->article_id);
    tx.commit();
  }
  announce(touched);
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
  Touched touched;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    auto parent = CommentStore::find(sql, parent_id);
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
    on_approved(sql, *CommentStore::find(sql, id));
    touch(sql, touched, parent->article_id);
    tx.commit();
  }
  announce(touched);
  return id;
}

Result<Id> CommentService::import_comment(Comment const& comment, WithinComment const& within) {
  auto text = std::string(trim(comment.body_markdown));
  if (text.size() > kMaxBodyLength || !is_valid_utf8(text))
    return invalid(fmt::format(msg::kBodyTooLong, kMaxBodyLength));
  Comment c = comment;
  c.body_markdown = text;
  c.body_html = render_reader_markdown(text).html;
  c.author_email = to_lower(c.author_email);
  Id id = 0;
  Touched touched;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    if (c.parent_id) {
      // Threads are one level deep here: a reply to a reply hangs under its thread's first
      // comment, as reply() does.
      auto parent = CommentStore::find(sql, *c.parent_id);
      if (!parent || parent->article_id != c.article_id) return not_found(msg::kNoSuchComment);
      if (parent->parent_id) c.parent_id = parent->parent_id;
    }
    id = CommentStore::insert(sql, c, "");
    // Inserted as pending, then moved: set_status keeps the article's counter.
    if (c.status != CommentStatus::Pending)
      CommentStore::set_status(sql, id, c.status, c.created_at);
    if (within)
      if (auto done = within(sql, id); !done) return done.error();
    touch(sql, touched, c.article_id);
    tx.commit();
  }
  announce(touched);
  return id;
}

long long CommentService::forget_old_addresses() {
  soci::session sql(db_.pool());
  return CommentStore::forget_addresses(sql, clock_() - options_.ip_retention_days * kDay);
}

void CommentService::mail_moderators(soci::session& sql, Comment const& c) {
  auto url = options_.site_url + "/admin/comments?article=" + std::to_string(c.article_id);
  auto refs = publishing::article_refs(sql, {c.article_id});
  auto author = refs.contains(c.article_id) ? refs.at(c.article_id).author_id : 0;
  for (auto const& to : CommentStore::moderator_addresses(sql, author)) {
    mail::Mail mail;
    mail.recipient = to;
    mail.subject = fmt::format("A comment awaits moderation: {}", c.article_title);
    mail.text_body = fmt::format(
        "{} wrote on \"{}\":\n\n{}\n\nApprove it, or mark it as spam, in the newsroom:\n{}\n",
        c.author_name, c.article_title, excerpt(c.body_markdown), url);
    mail::Outbox::enqueue(sql, mail, clock_());
  }
}

void CommentService::mail_confirmation(soci::session& sql, Comment const& c) {
  mail::Mail mail;
  mail.recipient = c.author_email;
  mail.subject = fmt::format("Confirm: mail me replies to my comment on \"{}\"", c.article_title);
  mail.text_body = fmt::format(
      "You asked {} to tell you when someone replies to your comment on \"{}\".\n\n"
      "Confirm by opening this link (it works for {} days):\n{}\n\n"
      "If you did not ask, ignore this mail: nothing will be sent.\n\n"
      "Delete your comment at any time:\n{}\n",
      options_.site_title, c.article_title, kConfirmLinkDays, confirm_link(c.id),
      delete_link(c.id));
  mail::Outbox::enqueue(sql, mail, clock_());
}

void CommentService::on_approved(soci::session& sql, Comment const& c) {
  if (!c.parent_id) return;
  auto parent = CommentStore::find(sql, *c.parent_id);
  if (!parent || parent->notify != NotifyReplies::Confirmed || parent->author_email.empty() ||
      parent->author_email == c.author_email || parent->status != CommentStatus::Approved)
    return;
  mail::Mail mail;
  mail.recipient = parent->author_email;
  mail.subject =
      fmt::format("{} replied to your comment on \"{}\"", c.author_name, c.article_title);
  mail.text_body = fmt::format(
      "{} replied to your comment on \"{}\":\n\n{}\n\nRead it on the site:\n{}{}#comment-{}\n\n"
      "Stop these mails:\n{}\n\nDelete your own comment:\n{}\n",
      c.author_name, c.article_title, excerpt(c.body_markdown), options_.site_url,
      "/articles/" + c.article_slug, c.id, stop_link(parent->id), delete_link(parent->id));
  // RFC 2369: mail a reader did not write to should say how to stop it.
  mail.headers.emplace_back("List-Unsubscribe", "<" + stop_link(parent->id) + ">");
  mail::Outbox::enqueue(sql, mail, clock_());
}

std::string CommentService::confirm_link(Id id) const {
  return options_.site_url + "/comments/notify/" +
         security::sign_link(options_.secret, fmt::format("{}-{}", kNotifyPurpose, id),
                             clock_() + kConfirmLinkDays * kDay);
}

std::string CommentService::stop_link(Id id) const {
  return options_.site_url + "/comments/stop/" +
         security::sign_link(options_.secret, fmt::format("{}-{}", kStopPurpose, id),
                             clock_() + kLongLinkDays * kDay);
}

std::string CommentService::delete_link(Id id) const {
  return options_.site_url + "/comments/delete/" +
         security::sign_link(options_.secret, fmt::format("{}-{}", kDeletePurpose, id),
                             clock_() + kLongLinkDays * kDay);
}

Result<std::pair<Id, Comment>> CommentService::verify(std::string const& token,
                                                      std::string_view purpose) {
  auto payload = security::verify_link(options_.secret, token, clock_());
  auto prefix = std::string(purpose) + "-";
  if (!payload || !payload->starts_with(prefix)) return invalid(msg::kBadLink);
  auto id = parse_id(payload->substr(prefix.size()));
  if (!id) return invalid(msg::kBadLink);
  soci::session sql(db_.pool());
  auto c = CommentStore::find(sql, *id);
  // An erased comment has no address left: its links lead nowhere.
  if (!c || c->author_email.empty()) return not_found(msg::kNoSuchComment);
  return std::pair{*id, *c};
}

Result<LinkOutcome> CommentService::confirm_notifications(std::string const& token) {
  auto found = verify(token, kNotifyPurpose);
  if (!found) return found.error();
  auto& [id, c] = *found;
  soci::session sql(db_.pool());
  // Idempotent: a second click, or a mail scanner's, confirms nothing new.
  if (c.notify == NotifyReplies::Asked) CommentStore::set_notify(sql, id, NotifyReplies::Confirmed);
  return LinkOutcome{id, c.article_slug, c.article_title};
}

Result<LinkOutcome> CommentService::stop_notifications(std::string const& token) {
  auto found = verify(token, kStopPurpose);
  if (!found) return found.error();
  auto& [id, c] = *found;
  soci::session sql(db_.pool());
  CommentStore::set_notify(sql, id, NotifyReplies::No);
  return LinkOutcome{id, c.article_slug, c.article_title};
}

Result<LinkOutcome> CommentService::check_delete(std::string const& token) {
  auto found = verify(token, kDeletePurpose);
  if (!found) return found.error();
  if (found->second.status == CommentStatus::Deleted) return not_found(msg::kNoSuchComment);
  return LinkOutcome{found->first, found->second.article_slug, found->second.article_title};
}

Result<LinkOutcome> CommentService::delete_own(std::string const& token) {
  auto found = verify(token, kDeletePurpose);
  if (!found) return found.error();
  auto& [id, c] = *found;
  Touched touched;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    CommentStore::set_status(sql, id, CommentStatus::Deleted, clock_());
    CommentStore::set_notify(sql, id, NotifyReplies::No);
    if (c.status == CommentStatus::Approved) touch(sql, touched, c.article_id);
    tx.commit();
  }
  announce(touched);
  return LinkOutcome{id, c.article_slug, c.article_title};
}

bool CommentService::closed_by_editor(Id article_id) {
  soci::session sql(db_.pool());
  return publishing::comments_closed(sql, article_id).value_or(false);
}

Result<Unit> CommentService::set_closed(Id article_id, bool closed) {
  Touched touched;  // its page shows the form or not
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    if (!publishing::set_comments_closed(sql, article_id, closed))
      return not_found(msg::kNoSuchArticle);
    touch(sql, touched, article_id);
    tx.commit();
  }
  announce(touched);
  return Unit{};
}

std::vector<Comment> CommentService::feed(std::optional<Id> article, int limit) {
  soci::session sql(db_.pool());
  return CommentStore::recent_public(sql, article, clock_(), limit);
}

std::vector<Comment> CommentService::written_by(std::string const& email) {
  soci::session sql(db_.pool());
  return CommentStore::by_email(sql, to_lower(std::string(trim(email))));
}

long long CommentService::erase(std::string const& email) {
  Touched touched;
  long long erased = 0;
  {
    soci::session sql(db_.pool());
    store::WriteTransaction tx(sql);
    for (auto const& c : CommentStore::by_email(sql, to_lower(std::string(trim(email))))) {
      if (c.status == CommentStatus::Approved) touch(sql, touched, c.article_id);
      CommentStore::set_status(sql, c.id, CommentStatus::Deleted, clock_());
      CommentStore::scrub(sql, c.id);
      ++erased;
    }
    tx.commit();
  }
  announce(touched);
  return erased;
}

}  // namespace dossier::comments
