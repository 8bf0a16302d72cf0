#include "newsletter/newsletter_handlers.hpp"

#include <algorithm>

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "http/cross_site.hpp"
#include "http/form.hpp"
#include "publishing/site_handlers.hpp"
#include "render/template_key.hpp"

namespace dossier::newsletter {

using render::operator""_key;

using ctemplate::TemplateDictionary;

namespace msg {
constexpr char const* kCheckMail =
    "If this address can receive our newsletter, a mail with a confirmation link is on its way. "
    "Open it to start receiving our news. Nothing is sent until you confirm.";
constexpr char const* kConfirmed =
    "You will receive our news at {}. You can choose lists or "
    "unsubscribe with the link at the bottom of every mail.";
constexpr char const* kUnsubscribed =
    "{} will receive no more newsletters from us. To subscribe again, use the form on any page.";
constexpr char const* kBadLink =
    "This link is not valid: it expired or was copied incompletely. Subscribe again to get a new "
    "one.";
}  // namespace msg

namespace {

// RFC 8058 section 3.2: a one-click unsubscription is a POST carrying the field
// List-Unsubscribe=One-Click, as application/x-www-form-urlencoded or multipart/form-data.
bool is_one_click(http::Request const& req) {
  auto form = http::Form::parse(req);
  return form && form->get("List-Unsubscribe") == "One-Click";
}

http::Response no_store(http::Response r) {
  // These pages are personal (they come from a mail's link): never cached or indexed.
  r.cache_keys.clear();
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Robots-Tag", "noindex");
  return r;
}

}  // namespace

http::Response NewsletterHandlers::page(int status, std::string const& title,
                                        std::string const& text, std::string const& error,
                                        std::string const& email) {
  publishing::PageMeta meta{"Newsletter", "Subscribe to our news by email.", "/subscribe", "",
                            false};
  auto lists = subscriptions_.lists();
  auto r = site_.themed(status, meta, "newsletter/subscribe.tpl", [&](TemplateDictionary& d) {
    d.SetValue("HEADING"_key, title);
    d.SetValue("TEXT"_key, text);
    d.SetValue("EMAIL"_key, email);
    if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
    for (auto const& l : lists) {
      auto* o = d.AddSectionDictionary("LIST"_key);
      o->SetIntValue("ID"_key, static_cast<long>(l.id));
      o->SetValue("NAME"_key, l.name);
      o->SetValue("DESCRIPTION"_key, l.description);
      if (&l == &lists.front()) o->ShowSection("CHECKED"_key);
    }
  });
  if (status == 200 && error.empty()) r.cache_keys = {"site"};
  return r;
}

http::Response NewsletterHandlers::message(int status, std::string const& title,
                                           std::string const& text) {
  publishing::PageMeta meta{"Newsletter", "", "/subscribe", "", true};
  return no_store(site_.themed(status, meta, "message.tpl", [&](TemplateDictionary& d) {
    d.SetValue("MESSAGE_TITLE"_key, title);
    d.SetValue("MESSAGE_TEXT"_key, text);
  }));
}

std::optional<http::Response> NewsletterHandlers::refuse_cross_site(http::Request const& req) {
  if (http::provenance(req, site_url_) == http::Provenance::ThisSite) return std::nullopt;
  return no_store(site_.error(403, http::kCrossSiteTitle, http::kCrossSiteText));
}

http::Response NewsletterHandlers::subscribe_page(http::Request const&, http::Params const&) {
  return page(200, "Subscribe to our newsletter",
              "Enter your email address to receive our news and analysis. We send a mail to "
              "confirm it first.");
}

http::Response NewsletterHandlers::subscribe(http::Request const& req, http::Params const&) {
  if (auto refused = refuse_cross_site(req)) return *refused;
  auto form = http::Form::parse(req);
  if (!form)
    return no_store(page(http::status_for(form.error().kind), "Subscribe to our newsletter", "",
                         form.error().message));
  std::vector<long long> lists;
  for (auto const& l : form->all("list"))
    if (auto id = parse_id(l)) lists.push_back(*id);
  auto done = subscriptions_.subscribe(form->get("email"), req.remote_address, lists);
  if (!done)
    return no_store(page(http::status_for(done.error().kind), "Subscribe to our newsletter", "",
                         done.error().message, form->get("email").substr(0, 254)));
  return message(200, "Check your mail", msg::kCheckMail);
}

http::Response NewsletterHandlers::confirm(http::Request const&, http::Params const& p) {
  auto done = subscriptions_.confirm(p.get("token"));
  if (!done) return message(404, "Link not valid", msg::kBadLink);
  return message(200, "You are subscribed", fmt::format(msg::kConfirmed, done->email));
}

http::Response NewsletterHandlers::unsubscribe_page(http::Request const&, http::Params const& p) {
  auto s = subscriptions_.subscriber_for(LinkPurpose::Unsubscribe, p.get("token"));
  if (!s) return message(404, "Link not valid", msg::kBadLink);
  // A page with one button rather than unsubscribing on GET: mail scanners open links to check
  // them, and must not unsubscribe anyone (RFC 8058 section 1). Mail programs use the
  // one-click POST of the List-Unsubscribe-Post header instead.
  publishing::PageMeta meta{"Unsubscribe", "", "/subscribe", "", true};
  return no_store(site_.themed(200, meta, "newsletter/unsubscribe.tpl", [&](TemplateDictionary& d) {
    d.SetValue("EMAIL"_key, s->email);
    d.SetValue("ACTION"_key, "/newsletter/unsubscribe/" + p.get("token"));
  }));
}

http::Response NewsletterHandlers::unsubscribe(http::Request const& req, http::Params const& p) {
  // RFC 8058: a POST to the List-Unsubscribe URL unsubscribes; the signed token in the URL is
  // what proves it comes from the mail, so no cookie or CSRF token is involved.
  // The one-click POST is exempt from the cross-site check: the mail provider sends it from its
  // own servers or its webmail's pages (another site by definition) when the reader presses
  // "Unsubscribe" there, and the token in the URL, known only to the mail's recipient, is the
  // proof of intent. Every other POST here is the page's own button and must come from it.
  if (!is_one_click(req))
    if (auto refused = refuse_cross_site(req)) return *refused;
  auto done = subscriptions_.unsubscribe(p.get("token"));
  if (!done) return message(404, "Link not valid", msg::kBadLink);
  return message(200, "You are unsubscribed", fmt::format(msg::kUnsubscribed, done->email));
}

http::Response NewsletterHandlers::preferences(http::Request const&, http::Params const& p) {
  auto s = subscriptions_.subscriber_for(LinkPurpose::Manage, p.get("token"));
  if (!s) return message(404, "Link not valid", msg::kBadLink);
  auto lists = subscriptions_.lists();
  publishing::PageMeta meta{"Newsletter preferences", "", "/subscribe", "", true};
  return no_store(site_.themed(200, meta, "newsletter/preferences.tpl", [&](TemplateDictionary& d) {
    d.SetValue("EMAIL"_key, s->email);
    d.SetValue("ACTION"_key, "/newsletter/preferences/" + p.get("token"));
    d.SetValue("STATUS"_key, std::string(to_string(s->status)));
    for (auto const& l : lists) {
      auto* o = d.AddSectionDictionary("LIST"_key);
      o->SetIntValue("ID"_key, static_cast<long>(l.id));
      o->SetValue("NAME"_key, l.name);
      o->SetValue("DESCRIPTION"_key, l.description);
      if (std::find(s->list_ids.begin(), s->list_ids.end(), l.id) != s->list_ids.end())
        o->ShowSection("CHECKED"_key);
    }
  }));
}

http::Response NewsletterHandlers::save_preferences(http::Request const& req,
                                                    http::Params const& p) {
  if (auto refused = refuse_cross_site(req)) return *refused;
  auto form = http::Form::parse(req);
  if (!form) return message(http::status_for(form.error().kind), "Not saved", form.error().message);
  if (form->get("action") == "unsubscribe") return unsubscribe(req, p);
  std::vector<long long> lists;
  for (auto const& l : form->all("list"))
    if (auto id = parse_id(l)) lists.push_back(*id);
  auto done = subscriptions_.set_lists(p.get("token"), lists);
  if (!done) return message(404, "Link not valid", msg::kBadLink);
  return message(200, "Preferences saved",
                 lists.empty() ? "You chose no list, so you will receive no newsletter."
                               : "Your choice of newsletters is saved.");
}

}  // namespace dossier::newsletter
