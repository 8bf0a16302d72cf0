#include "clients/reader_feed.hpp"

#include <ctemplate/template.h>
#include <soci/soci.h>

#include "clients/reader_feed_store.hpp"
#include "publishing/urls.hpp"
#include "render/template_key.hpp"
#include "render/theme.hpp"
#include "security/tokens.hpp"
#include "store/database.hpp"

namespace dossier::clients {

using ctemplate::TemplateDictionary;
using render::operator""_key;

std::string ReaderFeeds::renew(Id member_id) {
  auto token = security::random_token();
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto now = clock_();
  ReaderFeedStore::revoke_all(sql, member_id, now);
  ReaderFeedStore::insert(sql, security::token_hash(token), member_id, now);
  tx.commit();
  return token;
}

bool ReaderFeeds::revoke(Id member_id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto n = ReaderFeedStore::revoke_all(sql, member_id, clock_());
  tx.commit();
  return n > 0;
}

std::optional<ReaderFeedState> ReaderFeeds::current(Id member_id) {
  soci::session sql(db_.pool());
  auto since = ReaderFeedStore::live_since(sql, member_id);
  if (!since) return std::nullopt;
  return ReaderFeedState{*since};
}

std::optional<Id> ReaderFeeds::member_of(std::string const& token) {
  // A token is 43 URL-safe characters (security::random_token); anything else is not one, and
  // costs no query.
  if (token.size() != 43 ||
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
          std::string::npos)
    return std::nullopt;
  soci::session sql(db_.pool());
  return ReaderFeedStore::live_member(sql, security::token_hash(token));
}

std::string reader_feed_path(std::string const& token) {
  return "/portal/feed/" + token + ".xml";
}

std::string render_reader_feed(render::Theme const& theme, ReaderFeedView const& view) {
  TemplateDictionary d("reader_feed");
  auto self = view.site_url + view.self_path;
  d.SetValue("SELF_URL"_key, self);
  d.SetValue("TITLE"_key, view.site_title + ": reports for " + view.organisation);
  d.SetValue("LINK"_key, view.site_url + "/portal");
  UnixTime updated = view.entries.empty() ? view.now : view.entries.front().published_at;
  d.SetValue("UPDATED"_key, format_rfc3339(updated));
  for (auto const& s : view.entries) {
    auto* e = d.AddSectionDictionary("ENTRY"_key);
    auto url = view.site_url + publishing::article_url(s.slug);
    e->SetValue("URL"_key, url);
    e->SetValue("TITLE"_key, s.title);
    e->SetValue("PUBLISHED"_key, format_rfc3339(s.published_at));
    e->SetValue("AUTHOR_NAME"_key, s.author_name);
    if (!s.dek.empty()) e->SetValueAndShowSection("SUMMARY"_key, s.dek, "HAS_SUMMARY");
  }
  return theme.render("portal/feed.tpl", d);
}

}  // namespace dossier::clients
