#include "newsletter/subscription_service.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/strings.hpp"
#include "newsletter/subscriber_store.hpp"
#include "publishing/taxonomy.hpp"
#include "security/email.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::newsletter {

namespace msg {
constexpr char const* kBadEmail = "Please enter a valid email address, such as name@example.org.";
constexpr char const* kTooOften =
    "Too many subscription requests from your network. Please try again in an hour.";
constexpr char const* kBadLink =
    "This link is not valid: it expired or was copied incompletely. Subscribe again to get a "
    "new one.";
constexpr char const* kCategoryListDescription = "New articles in {}.";
}  // namespace msg

namespace {

// Unsubscribe and preference links must keep working in old mails: ten years.
constexpr UnixTime kLongLinkSeconds = 10LL * 365 * 24 * 3600;

// A category's list is "category-" + its slug, shown after the site-wide lists (positions
// below this) in the category's own order.
constexpr char const* kCategoryListPrefix = "category-";
constexpr int kCategoryListPosition = 10;

char const* prefix_of(LinkPurpose p) {
  switch (p) {
    case LinkPurpose::Confirm: return "confirm";
    case LinkPurpose::Manage: return "manage";
    case LinkPurpose::Unsubscribe: return "unsub";
  }
  return "";
}

char const* path_of(LinkPurpose p) {
  switch (p) {
    case LinkPurpose::Confirm: return "/newsletter/confirm/";
    case LinkPurpose::Manage: return "/newsletter/preferences/";
    case LinkPurpose::Unsubscribe: return "/newsletter/unsubscribe/";
  }
  return "";
}

}  // namespace

std::optional<std::string> subscriber_email(std::string_view text) {
  auto email = security::normalize_email(text);
  if (!email) return std::nullopt;
  return to_lower(*email);
}

SubscriptionService::SubscriptionService(store::Database& db, std::function<UnixTime()> clock,
                                         SubscriptionOptions options)
    : db_(db),
      clock_(std::move(clock)),
      options_(std::move(options)),
      per_address_(db, "newsletter.requests_address", options_.requests_per_address,
                   std::chrono::hours(1)),
      per_email_(db, "newsletter.mails_email", options_.mails_per_email, std::chrono::hours(24)) {}

std::string SubscriptionService::link(LinkPurpose purpose, long long subscriber_id) const {
  auto ttl = purpose == LinkPurpose::Confirm ? options_.confirm_ttl.count() : kLongLinkSeconds;
  auto token = security::sign_link(
      options_.secret, fmt::format("{}-{}", prefix_of(purpose), subscriber_id), clock_() + ttl);
  return options_.site_url + path_of(purpose) + token;
}

std::vector<std::pair<std::string, std::string>> SubscriptionService::list_headers(
    long long subscriber_id) const {
  return {{"List-Unsubscribe", "<" + link(LinkPurpose::Unsubscribe, subscriber_id) + ">"},
          {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"}};
}

std::optional<Subscriber> SubscriptionService::subscriber_for(LinkPurpose purpose,
                                                              std::string const& token) {
  auto payload = security::verify_link(options_.secret, token, clock_());
  if (!payload) return std::nullopt;
  auto prefix = std::string(prefix_of(purpose)) + "-";
  if (!payload->starts_with(prefix)) return std::nullopt;
  auto id = parse_id(payload->substr(prefix.size()));
  if (!id) return std::nullopt;
  soci::session sql(db_.pool());
  return SubscriberStore::find(sql, *id);
}

mail::Mail SubscriptionService::confirmation_mail(Subscriber const& s) const {
  auto confirm = link(LinkPurpose::Confirm, s.id);
  mail::Mail m;
  m.recipient = s.email;
  m.subject = fmt::format("Confirm your subscription to {}", options_.site_title);
  m.text_body = fmt::format(
      "Hello,\n\nPlease confirm that you want to receive news from {} at this address:\n\n{}\n\n"
      "The link works for {} days. If you did not ask for this, ignore this mail: you will not "
      "be subscribed.\n",
      options_.site_title, confirm, options_.confirm_ttl.count() / 86400);
  m.html_body = fmt::format(
      "<!DOCTYPE html><html><body style=\"font-family:Georgia,serif;color:#1b1f24;\">"
      "<p>Hello,</p><p>Please confirm that you want to receive news from {} at this "
      "address.</p><p><a href=\"{}\" style=\"display:inline-block;padding:10px 16px;"
      "background:#0b4f8a;color:#ffffff;text-decoration:none;\">Confirm my subscription</a></p>"
      "<p style=\"color:#4a5360;\">The link works for {} days. If you did not ask for this, "
      "ignore this mail: you will not be subscribed.</p></body></html>",
      html_escape(options_.site_title), html_escape(confirm), options_.confirm_ttl.count() / 86400);
  m.subscriber_id = s.id;
  return m;
}

Result<Unit> SubscriptionService::subscribe(std::string const& email,
                                            std::string const& remote_address,
                                            std::vector<long long> const& list_ids) {
  auto now = clock_();
  auto address_key = "ip:" + remote_address;
  if (per_address_.retry_after(address_key, now) > 0)
    return Error{ErrorKind::RateLimited, msg::kTooOften};
  per_address_.record(address_key, now);
  auto normalized = subscriber_email(email);
  if (!normalized) return invalid(msg::kBadEmail);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto existing = SubscriberStore::find_by_email(sql, *normalized);
  if (existing && existing->status == SubscriberStatus::Active) {
    // Already receiving: nothing to send, and the answer is the same as for anyone.
    return Unit{};
  }
  long long id = existing ? existing->id : SubscriberStore::insert(sql, *normalized, now);
  if (!existing) {
    auto lists = list_ids;
    if (lists.empty())
      for (auto const& l : SubscriberStore::lists(sql)) {
        lists.push_back(l.id);
        break;  // the first list ("All news") by default
      }
    SubscriberStore::set_lists(sql, id, lists);
  }
  // The same address asked before: mail it again, but only a few times a day, so the form
  // cannot be used to flood someone's inbox.
  auto email_key = "email:" + *normalized;
  if (per_email_.retry_after(email_key, now) > 0) {
    tx.commit();
    return Unit{};
  }
  per_email_.record(email_key, now);
  auto subscriber = SubscriberStore::find(sql, id);
  mail::Outbox::enqueue(sql, confirmation_mail(*subscriber), now);
  SubscriberStore::confirm_sent(sql, id, now);
  tx.commit();
  return Unit{};
}

Result<Subscriber> SubscriptionService::confirm(std::string const& token) {
  auto s = subscriber_for(LinkPurpose::Confirm, token);
  if (!s) return invalid(msg::kBadLink);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (s->status != SubscriberStatus::Active)
    SubscriberStore::set_status(sql, s->id, SubscriberStatus::Active, clock_());
  auto updated = SubscriberStore::find(sql, s->id);
  tx.commit();
  return *updated;
}

Result<Subscriber> SubscriptionService::unsubscribe(std::string const& token) {
  auto s = subscriber_for(LinkPurpose::Unsubscribe, token);
  if (!s) s = subscriber_for(LinkPurpose::Manage, token);
  if (!s) return invalid(msg::kBadLink);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (s->status == SubscriberStatus::Active || s->status == SubscriberStatus::Pending)
    SubscriberStore::set_status(sql, s->id, SubscriberStatus::Unsubscribed, clock_());
  auto updated = SubscriberStore::find(sql, s->id);
  tx.commit();
  return *updated;
}

Result<Subscriber> SubscriptionService::set_lists(std::string const& token,
                                                  std::vector<long long> const& list_ids) {
  auto s = subscriber_for(LinkPurpose::Manage, token);
  if (!s) return invalid(msg::kBadLink);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  SubscriberStore::set_lists(sql, s->id, list_ids);
  auto updated = SubscriberStore::find(sql, s->id);
  tx.commit();
  return *updated;
}

std::vector<NewsletterList> SubscriptionService::lists() {
  soci::session sql(db_.pool());
  return SubscriberStore::lists(sql);
}

int SubscriptionService::ensure_category_lists(
    std::vector<publishing::Category> const& categories) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  int made = 0;
  for (auto const& c : categories) {
    if (c.parent_id) continue;
    NewsletterList list{0, kCategoryListPrefix + c.slug, c.name,
                        fmt::format(msg::kCategoryListDescription, c.name)};
    if (SubscriberStore::add_list_if_missing(sql, list, kCategoryListPosition + c.position)) ++made;
  }
  tx.commit();
  return made;
}

void SubscriptionService::mark_bounced(soci::session& sql, long long subscriber_id, UnixTime now) {
  auto s = SubscriberStore::find(sql, subscriber_id);
  // A refused confirmation mail bounces a pending address too: it will not be mailed again.
  if (s && (s->status == SubscriberStatus::Active || s->status == SubscriberStatus::Pending))
    SubscriberStore::set_status(sql, subscriber_id, SubscriberStatus::Bounced, now);
}

}  // namespace dossier::newsletter
