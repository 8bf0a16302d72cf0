#include "newsletter/newsletter_service.hpp"

#include <ctemplate/template.h>
#include <fmt/format.h>
#include <soci/soci.h>

#include "core/strings.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/urls.hpp"
#include "render/markdown.hpp"
#include "render/theme.hpp"
#include "store/database.hpp"
#include "store/row.hpp"

namespace dossier::newsletter {

namespace msg {
constexpr char const* kNoArticle = "There is no published, public article '{}' to send.";
constexpr char const* kNoList = "There is no newsletter list '{}'.";
constexpr char const* kBadEmail = "The test address is not a valid email address.";
}  // namespace msg

namespace {

// Stand-ins replaced per subscriber: the mail is rendered once, its links filled per row.
constexpr char const* kUnsubscribeMark = "%%DOSSIER-UNSUBSCRIBE%%";
constexpr char const* kManageMark = "%%DOSSIER-MANAGE%%";

void fill_links(std::string& text, std::string const& unsubscribe, std::string const& manage) {
  for (auto [mark, value] : {std::pair{kUnsubscribeMark, &unsubscribe}, {kManageMark, &manage}})
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
      text.replace(at, std::string_view(mark).size(), *value), at += value->size();
}

}  // namespace

NewsletterService::NewsletterService(store::Database& db, publishing::PublishingService& publishing,
                                     SubscriptionService& subscriptions, render::Theme const& theme,
                                     std::function<UnixTime()> clock, std::string site_url)
    : db_(db),
      publishing_(publishing),
      subscriptions_(subscriptions),
      theme_(theme),
      clock_(std::move(clock)),
      site_url_(std::move(site_url)) {}

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
  d.SetValue("SITE_TITLE", settings.title);
  d.SetValue("SITE_URL", site_url_);
  d.SetValue("TITLE", a.title);
  d.SetValue("DEK", a.dek);
  d.SetValue("AUTHOR", view->author.name);
  d.SetValue("URL", url);
  // HTML the server produced itself (cmark-gfm, safe mode), as on the article page.
  d.SetValue("BODY_HTML", a.body_html);
  d.SetValue("MANAGE_URL", kManageMark);
  d.SetValue("UNSUBSCRIBE_URL", kUnsubscribeMark);
  if (view->hero) {
    auto* hero = d.AddSectionDictionary("HERO");
    // Mail clients need absolute image addresses.
    hero->SetValue("HERO_URL", site_url_ + "/media/" + view->hero->file);
    hero->SetValue("HERO_ALT", view->hero->alt);
    hero->SetValue("HERO_CAPTION", view->hero->caption);
    hero->SetValue("HERO_CREDIT", view->hero->credit);
  }
  r.html = theme_.render("email/article.tpl", d);
  return r;
}

Result<SendReport> NewsletterService::send_article(std::string const& slug,
                                                   std::string const& list_slug,
                                                   std::optional<long long> user_id) {
  auto rendered = render_article(slug);
  if (!rendered) return rendered.error();
  auto list = list_slug.empty() ? std::string(kDefaultList) : list_slug;
  auto now = clock_();
  soci::session sql(db_.pool());
  soci::transaction tx(sql);
  long long list_id = 0;
  sql << "SELECT id FROM newsletter_lists WHERE slug = :s", soci::use(list), soci::into(list_id);
  if (!sql.got_data()) return not_found(fmt::format(msg::kNoList, list));
  auto article = publishing_.read_article(slug);
  long long article_id = article->article.id, created = now, send_id = 0;
  long long user = user_id.value_or(0);
  auto user_ind = user_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO newsletter_sends (article_id, list_id, subject, created_at, created_by)"
         " VALUES (:a, :l, :s, :t, :u) RETURNING id",
      soci::use(article_id), soci::use(list_id), soci::use(rendered->subject), soci::use(created),
      soci::use(user, user_ind), soci::into(send_id);
  std::vector<std::pair<long long, std::string>> recipients;
  {
    soci::rowset<soci::row> rows =
        (sql.prepare << "SELECT s.id, s.email FROM subscriptions x"
                        " JOIN subscribers s ON s.id = x.subscriber_id"
                        " WHERE x.list_id = :l AND s.status = 'active' ORDER BY s.id",
         soci::use(list_id));
    for (auto const& r : rows) recipients.emplace_back(store::row_int(r, 0), store::row_text(r, 1));
  }
  for (auto const& [id, email] : recipients) {
    Mail m;
    m.recipient = email;
    m.subject = rendered->subject;
    m.text_body = rendered->text;
    m.html_body = rendered->html;
    auto unsubscribe = subscriptions_.link(LinkPurpose::Unsubscribe, id);
    auto manage = subscriptions_.link(LinkPurpose::Manage, id);
    fill_links(m.text_body, unsubscribe, manage);
    fill_links(m.html_body, html_escape(unsubscribe), html_escape(manage));
    m.headers = subscriptions_.list_headers(id);
    m.subscriber_id = id;
    m.send_id = send_id;
    Outbox::enqueue(sql, m, now);
  }
  long long count = static_cast<long long>(recipients.size());
  sql << "UPDATE newsletter_sends SET recipients = :n WHERE id = :id", soci::use(count),
      soci::use(send_id);
  tx.commit();
  return SendReport{send_id, count, rendered->subject};
}

Result<Unit> NewsletterService::test_send(std::string const& slug, std::string const& email) {
  auto address = subscriber_email(email);
  if (!address) return invalid(msg::kBadEmail);
  auto rendered = render_article(slug);
  if (!rendered) return rendered.error();
  Mail m;
  m.recipient = *address;
  m.subject = "[Test] " + rendered->subject;
  m.text_body = rendered->text;
  m.html_body = rendered->html;
  auto placeholder = site_url_ + "/subscribe";
  fill_links(m.text_body, placeholder, placeholder);
  fill_links(m.html_body, placeholder, placeholder);
  soci::session sql(db_.pool());
  Outbox::enqueue(sql, m, clock_());
  return Unit{};
}

OutboxCounts NewsletterService::progress(long long send_id) {
  soci::session sql(db_.pool());
  return Outbox::counts(sql, send_id);
}

}  // namespace dossier::newsletter
