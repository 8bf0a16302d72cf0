#include "newsletter/newsletter_service.hpp"

#include <algorithm>
#include <set>

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>

#include "core/strings.hpp"
#include "newsletter/newsletter_store.hpp"
#include "newsletter/subscriber_store.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/urls.hpp"
#include "render/markdown.hpp"
#include "render/template_key.hpp"
#include "render/theme.hpp"
#include "store/database.hpp"

namespace dossier::newsletter {

using render::operator""_key;

namespace msg {
constexpr char const* kNoArticle = "There is no published, public article '{}' to send.";
constexpr char const* kNoList = "There is no newsletter list '{}'.";
constexpr char const* kBadEmail = "The test address is not a valid email address.";
constexpr char const* kNoDraft = "There is no draft newsletter {} (it may have been sent already).";
}  // namespace msg

namespace {

constexpr UnixTime kDay = 24 * 3600;
constexpr UnixTime kWeek = 7 * kDay;

// Stand-ins replaced per subscriber: the mail is rendered once, its links filled per row.
constexpr char const* kUnsubscribeMark = "%%DOSSIER-UNSUBSCRIBE%%";
constexpr char const* kManageMark = "%%DOSSIER-MANAGE%%";

// The values every mail's frame shows: the site, and the marks each recipient's links replace.
void fill_email_frame(ctemplate::TemplateDictionary& d, std::string const& site_title,
                      std::string const& site_url) {
  d.SetValue("SITE_TITLE"_key, site_title);
  d.SetValue("SITE_URL"_key, site_url);
  d.SetValue("MANAGE_URL"_key, kManageMark);
  d.SetValue("UNSUBSCRIBE_URL"_key, kUnsubscribeMark);
}

void fill_links(std::string& text, std::string const& unsubscribe, std::string const& manage) {
  for (auto [mark, value] : {std::pair{kUnsubscribeMark, &unsubscribe}, {kManageMark, &manage}})
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
      text.replace(at, std::string_view(mark).size(), *value), at += value->size();
}

}  // namespace

NewsletterService::NewsletterService(store::Database& db, publishing::PublishingService& publishing,
                                     SubscriptionService& subscriptions, render::Theme const& theme,
                                     std::function<UnixTime()> clock, std::string site_url,
                                     DigestSchedule schedule)
    : db_(db),
      publishing_(publishing),
      subscriptions_(subscriptions),
      theme_(theme),
      clock_(std::move(clock)),
      site_url_(std::move(site_url)),
      schedule_(schedule) {}

Result<NewsletterService::Rendered> NewsletterService::render_article(std::string const& slug) {
  auto view = publishing_.read_article(slug);
  if (!view) return not_found(fmt::format(msg::kNoArticle, slug));
  auto const& a = view->article;
  auto settings = publishing_.settings();
  auto url = site_url_ + publishing::article_url(a.slug);
  Rendered r;
  r.subject = a.title;
  auto plain = render::render_markdown(a.body_markdown).plain_text;
  r.text = fmt::format(
      "{}\n\n{}\n\nBy {}\n\n{}\n\nRead it on the site: {}\n\n--\n{}\nChoose your newsletters: "
      "{}\nUnsubscribe: {}\n",
      a.title, a.dek, view->author.name, plain, url, settings.title, kManageMark, kUnsubscribeMark);
  ctemplate::TemplateDictionary d("email");
  fill_email_frame(d, settings.title, site_url_);
  auto* item = d.AddSectionDictionary("ARTICLE"_key);
  item->SetValue("TITLE"_key, a.title);
  item->SetValue("DEK"_key, a.dek);
  item->SetValue("AUTHOR"_key, view->author.name);
  item->SetValue("URL"_key, url);
  // HTML the server produced itself (cmark-gfm, safe mode), as on the article page.
  item->SetValue("BODY_HTML"_key, a.body_html);
  if (view->hero) {
    auto* hero = item->AddSectionDictionary("HERO"_key);
    // Mail clients need absolute image addresses.
    hero->SetValue("HERO_URL"_key, site_url_ + "/media/" + view->hero->file);
    hero->SetValue("HERO_ALT"_key, view->hero->alt);
    hero->SetValue("HERO_CAPTION"_key, view->hero->caption);
    hero->SetValue("HERO_CREDIT"_key, view->hero->credit);
  }
  r.html = theme_.render("email/newsletter.tpl", d);
  return r;
}

NewsletterService::Rendered NewsletterService::render_digest(UnixTime from, UnixTime to) {
  auto settings = publishing_.settings();
  auto page = publishing_.browse({}, 1, kDigestArticles);
  Rendered r;
  r.subject = fmt::format("{}: the week to {}", settings.title, format_long_date(to - 1));
  ctemplate::TemplateDictionary d("email");
  fill_email_frame(d, settings.title, site_url_);
  auto* digest = d.AddSectionDictionary("DIGEST"_key);
  digest->SetValue("DIGEST_TITLE"_key, r.subject);
  std::string text = r.subject + "\n\n";
  int count = 0;
  for (auto const& a : page.items) {
    if (a.published_at < from || a.published_at >= to) continue;
    ++count;
    auto url = site_url_ + publishing::article_url(a.slug);
    auto* item = digest->AddSectionDictionary("ITEM"_key);
    item->SetValue("TITLE"_key, a.title);
    item->SetValue("DEK"_key, a.dek);
    item->SetValue("URL"_key, url);
    item->SetValue("KIND"_key, std::string(publishing::kind_label(a.kind)));
    text += fmt::format("{}\n{}\n{}\n\n", a.title, a.dek, url);
  }
  if (count == 0) {
    digest->ShowSection("EMPTY"_key);
    text += "Nothing new was published this week.\n\n";
  }
  r.text = text + fmt::format("--\n{}\nChoose your newsletters: {}\nUnsubscribe: {}\n",
                              settings.title, kManageMark, kUnsubscribeMark);
  r.html = theme_.render("email/newsletter.tpl", d);
  return r;
}

long long NewsletterService::queue(soci::session& sql, long long send_id,
                                   std::vector<long long> const& list_ids, Rendered const& r,
                                   UnixTime now) {
  // A subscriber of several chosen lists gets one mail.
  std::set<std::pair<long long, std::string>> recipients;
  for (auto list_id : list_ids)
    for (auto& member : SubscriberStore::active_members(sql, list_id))
      recipients.insert(std::move(member));
  for (auto const& [id, email] : recipients) {
    mail::Mail m;
    m.recipient = email;
    m.subject = r.subject;
    m.text_body = r.text;
    m.html_body = r.html;
    auto unsubscribe = subscriptions_.link(LinkPurpose::Unsubscribe, id);
    auto manage = subscriptions_.link(LinkPurpose::Manage, id);
    fill_links(m.text_body, unsubscribe, manage);
    fill_links(m.html_body, html_escape(unsubscribe), html_escape(manage));
    m.headers = subscriptions_.list_headers(id);
    m.subscriber_id = id;
    m.send_id = send_id;
    mail::Outbox::enqueue(sql, m, now);
  }
  auto count = static_cast<long long>(recipients.size());
  NewsletterStore::mark_queued(sql, send_id, count, now);
  return count;
}

Result<SendReport> NewsletterService::send_article(std::string const& slug,
                                                   std::vector<std::string> list_slugs,
                                                   std::optional<long long> user_id) {
  auto rendered = render_article(slug);
  if (!rendered) return rendered.error();
  if (list_slugs.empty()) list_slugs.push_back(kDefaultList);
  auto article = publishing_.read_article(slug);
  auto now = clock_();
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  std::vector<long long> list_ids;
  for (auto const& list : list_slugs) {
    auto id = SubscriberStore::list_id(sql, list);
    if (!id) return not_found(fmt::format(msg::kNoList, list));
    list_ids.push_back(*id);
  }
  auto send_id = NewsletterStore::insert_article_send(sql, article->article.id, rendered->subject,
                                                      now, user_id);
  auto count = queue(sql, send_id, list_ids, *rendered, now);
  tx.commit();
  return SendReport{send_id, count, rendered->subject};
}

Result<Unit> NewsletterService::queue_test(Rendered const& r, std::string const& email) {
  auto address = subscriber_email(email);
  if (!address) return invalid(msg::kBadEmail);
  mail::Mail m;
  m.recipient = *address;
  m.subject = "[Test] " + r.subject;
  m.text_body = r.text;
  m.html_body = r.html;
  auto placeholder = site_url_ + "/subscribe";
  fill_links(m.text_body, placeholder, placeholder);
  fill_links(m.html_body, placeholder, placeholder);
  soci::session sql(db_.pool());
  mail::Outbox::enqueue(sql, m, clock_());
  return Unit{};
}

Result<Unit> NewsletterService::test_send(std::string const& slug, std::string const& email) {
  auto rendered = render_article(slug);
  if (!rendered) return rendered.error();
  return queue_test(*rendered, email);
}

UnixTime NewsletterService::digest_period_start(UnixTime now) const {
  // 1970-01-01 was a Thursday (weekday 4).
  auto day_start = now - now % kDay;
  auto weekday = static_cast<int>((day_start / kDay + 4) % 7);
  auto slot = day_start - ((weekday - schedule_.weekday + 7) % 7) * kDay + schedule_.hour * 3600;
  if (slot > now) slot -= kWeek;
  return slot - kWeek;
}

std::optional<long long> NewsletterService::make_digest_if_due() {
  auto now = clock_();
  auto start = digest_period_start(now);
  soci::session sql(db_.pool());
  if (NewsletterStore::digest_exists(sql, start)) return std::nullopt;
  auto r = render_digest(start, start + kWeek);
  store::WriteTransaction tx(sql);
  auto id = NewsletterStore::insert_digest_draft(sql, r, start, now);
  tx.commit();
  return id;
}

Result<SendReport> NewsletterService::send_draft(long long send_id,
                                                 std::optional<long long> user_id) {
  auto now = clock_();
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto stored = NewsletterStore::find(sql, send_id);
  // Checked inside the transaction: two editors pressing Send at once queue it once.
  if (!stored || stored->status != SendStatus::Draft)
    return not_found(fmt::format(msg::kNoDraft, send_id));
  auto list_id = SubscriberStore::list_id(sql, kDigestList);
  if (!list_id) return not_found(fmt::format(msg::kNoList, kDigestList));
  NewsletterStore::set_created_by(sql, send_id, user_id);
  auto count = queue(sql, send_id, {*list_id}, stored->content, now);
  tx.commit();
  return SendReport{send_id, count, stored->content.subject};
}

Result<Unit> NewsletterService::test_send_draft(long long send_id, std::string const& email) {
  std::optional<StoredSend> stored;
  {
    soci::session sql(db_.pool());
    stored = NewsletterStore::find(sql, send_id);
  }
  if (!stored) return not_found(fmt::format(msg::kNoDraft, send_id));
  return queue_test(stored->content, email);
}

std::optional<std::string> NewsletterService::draft_html(long long send_id) {
  soci::session sql(db_.pool());
  auto stored = NewsletterStore::find(sql, send_id);
  if (!stored) return std::nullopt;
  auto html = std::move(stored->content.html);
  auto placeholder = site_url_ + "/subscribe";
  fill_links(html, placeholder, placeholder);
  return html;
}

mail::OutboxCounts NewsletterService::progress(long long send_id) {
  soci::session sql(db_.pool());
  return mail::Outbox::counts(sql, send_id);
}

std::vector<SendSummary> NewsletterService::sends(int limit) {
  soci::session sql(db_.pool());
  auto out = NewsletterStore::recent(sql, limit);
  for (auto& s : out) s.progress = mail::Outbox::counts(sql, s.id);
  return out;
}

std::optional<SendSummary> NewsletterService::send(long long send_id) {
  soci::session sql(db_.pool());
  auto out = NewsletterStore::summary(sql, send_id);
  if (out) out->progress = mail::Outbox::counts(sql, send_id);
  return out;
}

}  // namespace dossier::newsletter
