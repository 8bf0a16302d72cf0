#include "publishing/site_admin.hpp"

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/event_bus.hpp"
#include "core/slug.hpp"
#include "core/strings.hpp"
#include "publishing/events.hpp"
#include "publishing/publishing_service.hpp"
#include "publishing/taxonomy_store.hpp"
#include "store/database.hpp"

namespace dossier::publishing {

namespace msg {
constexpr char const* kTitleRequired = "The site needs a title.";
constexpr char const* kTooLong = "The {} is too long (at most {} characters).";
constexpr char const* kBadYear =
    "The copyright start year must be between 1900 and 2200, or empty.";
constexpr char const* kBadEmail = "The contact address is not an email address.";
constexpr char const* kBadLink =
    "Line {} of the links is not 'Label | address', with an address starting with https://, "
    "http:// or /.";
constexpr char const* kTooManyLinks = "At most {} links.";
constexpr char const* kNameRequired = "A name is needed.";
constexpr char const* kBadSlug =
    "The slug may hold only lower-case letters, digits and single hyphens.";
constexpr char const* kSlugTaken = "Another {} already has the slug '{}'.";
constexpr char const* kBadParent =
    "A category can sit only under a top-level category other than itself.";
constexpr char const* kNotFound = "There is no such {}.";
constexpr char const* kInUse =
    "The {} is used by {} articles. Move them to another one first (deleting would hide them "
    "from its archive).";
constexpr char const* kHasChildren = "The category has sub-categories. Move or delete them first.";
}  // namespace msg

namespace {

constexpr std::size_t kMaxTitle = 120;
constexpr std::size_t kMaxTagline = 200;
constexpr std::size_t kMaxAbout = 4000;
constexpr std::size_t kMaxDescription = 1000;

bool safe_url(std::string_view url) {
  // Only web addresses and paths on the site: javascript: or data: links in the menu would
  // run on every page.
  if (url.starts_with("/") && !url.starts_with("//")) return true;
  return url.starts_with("https://") || url.starts_with("http://");
}

}  // namespace

Result<std::vector<SiteLink>> parse_links(std::string const& text) {
  std::vector<SiteLink> out;
  int line_number = 0;
  for (auto line : split(text, '\n')) {
    ++line_number;
    line = trim(line);
    if (line.empty()) continue;
    auto bar = line.find('|');
    if (bar == std::string_view::npos) return invalid(fmt::format(msg::kBadLink, line_number));
    auto label = std::string(trim(line.substr(0, bar)));
    auto url = std::string(trim(line.substr(bar + 1)));
    if (label.empty() || label.size() > kMaxLinkLabel || url.size() > kMaxLinkUrl ||
        !safe_url(url) || url.find_first_of(" \t\"<>") != std::string::npos ||
        !is_valid_utf8(label))
      return invalid(fmt::format(msg::kBadLink, line_number));
    out.push_back({label, url});
    if (static_cast<int>(out.size()) > kMaxSiteLinks)
      return invalid(fmt::format(msg::kTooManyLinks, kMaxSiteLinks));
  }
  return out;
}

std::string format_links(std::vector<SiteLink> const& links) {
  std::string out;
  for (auto const& l : links) out += l.label + " | " + l.url + "\n";
  return out;
}

SiteAdmin::SiteAdmin(store::Database& db, PublishingService& publishing, EventBus const* events)
    : db_(db), publishing_(publishing), events_(events) {}

void SiteAdmin::changed(std::vector<std::string> keys) {
  publishing_.forget_site();
  if (events_) events_->publish(SiteChanged{std::move(keys)});
}

SiteSettings SiteAdmin::settings() {
  soci::session sql(db_.pool());
  return SiteSettingsStore::load(sql);
}

Result<Unit> SiteAdmin::save_settings(SiteSettings s) {
  s.title = std::string(trim(s.title));
  s.tagline = std::string(trim(s.tagline));
  s.contact_email = std::string(trim(s.contact_email));
  if (s.title.empty()) return invalid(msg::kTitleRequired);
  for (auto [text, name, limit] : {std::tuple{&s.title, "title", kMaxTitle},
                                   {&s.tagline, "tagline", kMaxTagline},
                                   {&s.about, "about text", kMaxAbout}}) {
    if (text->size() > limit || !is_valid_utf8(*text))
      return invalid(fmt::format(msg::kTooLong, name, limit));
  }
  if (s.copyright_start_year != 0 &&
      (s.copyright_start_year < 1900 || s.copyright_start_year > 2200))
    return invalid(msg::kBadYear);
  if (!s.contact_email.empty() &&
      (s.contact_email.find('@') == std::string::npos ||
       s.contact_email.find_first_of(" <>\"\r\n") != std::string::npos ||
       s.contact_email.size() > 254))
    return invalid(msg::kBadEmail);
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  SiteSettingsStore::save(sql, s);
  tx.commit();
  changed({"site"});
  return Unit{};
}

std::vector<TaxonomyRow> SiteAdmin::categories() {
  soci::session sql(db_.pool());
  std::vector<TaxonomyRow> out;
  for (auto const& c : TaxonomyStore::all_categories(sql))
    out.push_back({c.id, c.parent_id, c.slug, c.name, c.description, c.position,
                   TaxonomyStore::article_count(sql, TaxonomyStore::Kind::Category, c.id)});
  return out;
}

std::vector<TaxonomyRow> SiteAdmin::tags(std::string const& name_contains) {
  soci::session sql(db_.pool());
  std::vector<TaxonomyRow> out;
  for (auto const& t : TaxonomyStore::tags(sql, name_contains, kTagListLimit))
    out.push_back({t.id, std::nullopt, t.slug, t.name, "", 0,
                   TaxonomyStore::article_count(sql, TaxonomyStore::Kind::Tag, t.id)});
  return out;
}

Result<Unit> SiteAdmin::validate(Category& c, Id self) {
  c.name = std::string(trim(c.name));
  c.slug = std::string(trim(c.slug));
  if (c.name.empty()) return invalid(msg::kNameRequired);
  if (c.name.size() > kMaxTaxonomyName || !is_valid_utf8(c.name) ||
      c.description.size() > kMaxDescription || !is_valid_utf8(c.description))
    return invalid(fmt::format(msg::kTooLong, "name or description", kMaxTaxonomyName));
  if (c.slug.empty()) c.slug = make_slug(c.name);
  if (!is_valid_slug(c.slug)) return invalid(msg::kBadSlug);
  if (c.parent_id) {
    soci::session sql(db_.pool());
    auto parent = TaxonomyStore::category_by_id(sql, *c.parent_id);
    // Two levels at most: the navigation shows top-level categories and their children.
    if (!parent || parent->id == self || parent->parent_id ||
        (self != 0 && TaxonomyStore::child_count(sql, self) > 0))
      return invalid(msg::kBadParent);
  }
  return Unit{};
}

Result<Id> SiteAdmin::add_category(Category c, WithinWrite const& within) {
  if (auto ok = validate(c, 0); !ok) return ok.error();
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (TaxonomyStore::slug_taken(sql, TaxonomyStore::Kind::Category, c.slug, 0))
    return Error{ErrorKind::Conflict, fmt::format(msg::kSlugTaken, "category", c.slug)};
  auto id = TaxonomyStore::insert_category(sql, c);
  if (within)
    if (auto done = within(sql, id); !done) return done.error();
  tx.commit();
  changed({"site"});
  return id;
}

Result<Unit> SiteAdmin::edit_category(Category c) {
  if (auto ok = validate(c, c.id); !ok) return ok.error();
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto current = TaxonomyStore::category_by_id(sql, c.id);
  if (!current) return not_found(fmt::format(msg::kNotFound, "category"));
  if (TaxonomyStore::slug_taken(sql, TaxonomyStore::Kind::Category, c.slug, c.id))
    return Error{ErrorKind::Conflict, fmt::format(msg::kSlugTaken, "category", c.slug)};
  if (current->slug != c.slug)
    TaxonomyStore::remember_slug(sql, TaxonomyStore::Kind::Category, current->slug, c.id);
  TaxonomyStore::update_category(sql, c);
  tx.commit();
  // The name shows in the navigation (every page), and on the articles it files.
  changed({"site", fmt::format("category:{}", c.id)});
  return Unit{};
}

Result<Unit> SiteAdmin::delete_category(Id id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!TaxonomyStore::category_by_id(sql, id))
    return not_found(fmt::format(msg::kNotFound, "category"));
  if (auto n = TaxonomyStore::article_count(sql, TaxonomyStore::Kind::Category, id); n > 0)
    return Error{ErrorKind::Conflict, fmt::format(msg::kInUse, "category", n)};
  if (TaxonomyStore::child_count(sql, id) > 0) return Error{ErrorKind::Conflict, msg::kHasChildren};
  TaxonomyStore::delete_category(sql, id);
  tx.commit();
  changed({"site", fmt::format("category:{}", id)});
  return Unit{};
}

Result<Unit> SiteAdmin::validate(Tag& t) {
  t.name = std::string(trim(t.name));
  t.slug = std::string(trim(t.slug));
  if (t.name.empty()) return invalid(msg::kNameRequired);
  if (t.name.size() > kMaxTaxonomyName || !is_valid_utf8(t.name))
    return invalid(fmt::format(msg::kTooLong, "name", kMaxTaxonomyName));
  if (t.slug.empty()) t.slug = make_slug(t.name);
  if (!is_valid_slug(t.slug)) return invalid(msg::kBadSlug);
  return Unit{};
}

Result<Id> SiteAdmin::add_tag(Tag t, WithinWrite const& within) {
  if (auto ok = validate(t); !ok) return ok.error();
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (TaxonomyStore::slug_taken(sql, TaxonomyStore::Kind::Tag, t.slug, 0))
    return Error{ErrorKind::Conflict, fmt::format(msg::kSlugTaken, "tag", t.slug)};
  auto id = TaxonomyStore::insert_tag(sql, t);
  if (within)
    if (auto done = within(sql, id); !done) return done.error();
  tx.commit();
  // A new tag is on no page yet: nothing to render again.
  return id;
}

Result<Unit> SiteAdmin::edit_tag(Tag t) {
  if (auto ok = validate(t); !ok) return ok.error();
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  auto current = TaxonomyStore::tag_by_id(sql, t.id);
  if (!current) return not_found(fmt::format(msg::kNotFound, "tag"));
  if (TaxonomyStore::slug_taken(sql, TaxonomyStore::Kind::Tag, t.slug, t.id))
    return Error{ErrorKind::Conflict, fmt::format(msg::kSlugTaken, "tag", t.slug)};
  if (current->slug != t.slug)
    TaxonomyStore::remember_slug(sql, TaxonomyStore::Kind::Tag, current->slug, t.id);
  TaxonomyStore::update_tag(sql, t);
  tx.commit();
  changed({fmt::format("tag:{}", t.id)});
  return Unit{};
}

Result<Unit> SiteAdmin::delete_tag(Id id) {
  soci::session sql(db_.pool());
  store::WriteTransaction tx(sql);
  if (!TaxonomyStore::tag_by_id(sql, id)) return not_found(fmt::format(msg::kNotFound, "tag"));
  if (auto n = TaxonomyStore::article_count(sql, TaxonomyStore::Kind::Tag, id); n > 0)
    return Error{ErrorKind::Conflict, fmt::format(msg::kInUse, "tag", n)};
  TaxonomyStore::delete_tag(sql, id);
  tx.commit();
  changed({fmt::format("tag:{}", id)});
  return Unit{};
}

}  // namespace dossier::publishing
