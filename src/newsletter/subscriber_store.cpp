#include "newsletter/subscriber_store.hpp"

#include <array>

#include <fmt/format.h>
#include <soci/soci.h>

#include "core/strings.hpp"
#include "store/dialect.hpp"
#include "store/row.hpp"

namespace dossier::newsletter {

namespace {

constexpr std::array<std::string_view, 4> kStatusNames{"pending", "active", "unsubscribed",
                                                       "bounced"};

std::optional<Subscriber> first(soci::session& sql, soci::rowset<soci::row>& rows) {
  for (auto const& r : rows) {
    Subscriber s;
    s.id = store::row_int(r, 0);
    s.email = store::row_text(r, 1);
    s.status = parse_subscriber_status(store::row_text(r, 2)).value_or(SubscriberStatus::Pending);
    s.created_at = store::row_int(r, 3);
    if (r.get_indicator(4) == soci::i_ok) s.confirmed_at = store::row_int(r, 4);
    soci::rowset<soci::row> lists =
        (sql.prepare
             << "SELECT list_id FROM subscriptions WHERE subscriber_id = :id ORDER BY list_id",
         soci::use(s.id));
    for (auto const& l : lists) s.list_ids.push_back(store::row_int(l, 0));
    return s;
  }
  return std::nullopt;
}

// A LIKE pattern matching addresses that contain `text`, its wildcards escaped with a backslash.
std::string contains_pattern(std::string const& text) {
  std::string pattern = "%";
  for (char c : to_lower(text)) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

std::string status_text(std::optional<SubscriberStatus> status) {
  return status ? std::string(to_string(*status)) : "";
}

}  // namespace

std::string_view to_string(SubscriberStatus status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<SubscriberStatus> parse_subscriber_status(std::string_view text) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i)
    if (kStatusNames[i] == text) return static_cast<SubscriberStatus>(i);
  return std::nullopt;
}

std::optional<Subscriber> SubscriberStore::find(soci::session& sql, long long id) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, email, status, created_at, confirmed_at FROM subscribers"
                      " WHERE id = :id",
       soci::use(id));
  return first(sql, rows);
}

std::optional<Subscriber> SubscriberStore::find_by_email(soci::session& sql,
                                                         std::string const& email) {
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, email, status, created_at, confirmed_at FROM subscribers"
                      " WHERE email = :e",
       soci::use(email));
  return first(sql, rows);
}

std::optional<std::pair<long long, std::string>> SubscriberStore::find_active(soci::session& sql,
                                                                              long long id) {
  long long found = 0;
  std::string email;
  sql << "SELECT id, email FROM subscribers WHERE id = :id AND status = 'active'", soci::use(id),
      soci::into(found), soci::into(email);
  if (!sql.got_data()) return std::nullopt;
  return std::make_pair(found, email);
}

std::optional<std::pair<long long, std::string>> SubscriberStore::find_active_by_email(
    soci::session& sql, std::string const& email) {
  long long found = 0;
  std::string stored;
  sql << "SELECT id, email FROM subscribers WHERE email = :e AND status = 'active'",
      soci::use(email), soci::into(found), soci::into(stored);
  if (!sql.got_data()) return std::nullopt;
  return std::make_pair(found, stored);
}

long long SubscriberStore::insert(soci::session& sql, std::string const& email, UnixTime now) {
  long long id = 0, t = now;
  sql << "INSERT INTO subscribers (email, status, created_at) VALUES (:e, 'pending', :t)"
         " RETURNING id",
      soci::use(email), soci::use(t), soci::into(id);
  return id;
}

void SubscriberStore::set_status(soci::session& sql, long long id, SubscriberStatus status,
                                 UnixTime now) {
  long long t = now;
  std::string s(to_string(status));
  switch (status) {
    case SubscriberStatus::Active:
      sql << "UPDATE subscribers SET status = :s, confirmed_at = :t WHERE id = :id", soci::use(s),
          soci::use(t), soci::use(id);
      break;
    case SubscriberStatus::Unsubscribed:
      sql << "UPDATE subscribers SET status = :s, unsubscribed_at = :t WHERE id = :id",
          soci::use(s), soci::use(t), soci::use(id);
      break;
    case SubscriberStatus::Bounced:
      sql << "UPDATE subscribers SET status = :s, bounced_at = :t WHERE id = :id", soci::use(s),
          soci::use(t), soci::use(id);
      break;
    case SubscriberStatus::Pending:
      sql << "UPDATE subscribers SET status = :s WHERE id = :id", soci::use(s), soci::use(id);
      break;
  }
}

void SubscriberStore::confirm_sent(soci::session& sql, long long id, UnixTime now) {
  long long t = now;
  sql << "UPDATE subscribers SET confirm_sent_at = :t WHERE id = :id", soci::use(t), soci::use(id);
}

std::vector<NewsletterList> SubscriberStore::lists(soci::session& sql) {
  std::vector<NewsletterList> out;
  soci::rowset<soci::row> rows =
      (sql.prepare
       << "SELECT id, slug, name, description FROM newsletter_lists ORDER BY position, id");
  for (auto const& r : rows)
    out.push_back({store::row_int(r, 0), store::row_text(r, 1), store::row_text(r, 2),
                   store::row_text(r, 3)});
  return out;
}

std::optional<long long> SubscriberStore::list_id(soci::session& sql, std::string const& slug) {
  long long id = 0;
  sql << "SELECT id FROM newsletter_lists WHERE slug = :s", soci::use(slug), soci::into(id);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

bool SubscriberStore::add_list_if_missing(soci::session& sql, NewsletterList const& list,
                                          int position) {
  soci::statement st =
      (sql.prepare << "INSERT INTO newsletter_lists (slug, name, description, position)"
                      " SELECT :s, :n, :d, :p WHERE NOT EXISTS"
                      " (SELECT 1 FROM newsletter_lists WHERE slug = :s2)",
       soci::use(list.slug), soci::use(list.name), soci::use(list.description), soci::use(position),
       soci::use(list.slug));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<std::pair<long long, std::string>> SubscriberStore::active_members(soci::session& sql,
                                                                               long long list_id) {
  std::vector<std::pair<long long, std::string>> out;
  soci::rowset<soci::row> rows = (sql.prepare << "SELECT s.id, s.email FROM subscriptions x"
                                                 " JOIN subscribers s ON s.id = x.subscriber_id"
                                                 " WHERE x.list_id = :l AND s.status = 'active'",
                                  soci::use(list_id));
  for (auto const& r : rows) out.emplace_back(store::row_int(r, 0), store::row_text(r, 1));
  return out;
}

std::vector<std::pair<SubscriberStatus, long long>> SubscriberStore::count_by_status(
    soci::session& sql) {
  std::vector<std::pair<SubscriberStatus, long long>> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT status, COUNT(*) FROM subscribers GROUP BY status");
  for (auto const& r : rows)
    if (auto status = parse_subscriber_status(store::row_text(r, 0)))
      out.emplace_back(*status, store::row_int(r, 1));
  return out;
}

long long SubscriberStore::count_matching(soci::session& sql, std::string const& email_contains,
                                          std::optional<SubscriberStatus> status) {
  auto pattern = contains_pattern(email_contains);
  auto s = status_text(status);
  long long total = 0;
  sql << "SELECT COUNT(*) FROM subscribers WHERE lower(email) LIKE lower(:p) ESCAPE '\\'"
         " AND (:s1 = '' OR status = :s2)",
      soci::use(pattern), soci::use(s), soci::use(s), soci::into(total);
  return total;
}

std::vector<long long> SubscriberStore::find_matching(soci::session& sql,
                                                      std::string const& email_contains,
                                                      std::optional<SubscriberStatus> status,
                                                      int limit, long long offset) {
  auto pattern = contains_pattern(email_contains);
  auto s = status_text(status);
  long long l = limit;
  std::vector<long long> ids;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id FROM subscribers WHERE lower(email) LIKE lower(:p) ESCAPE '\\'"
                      " AND (:s1 = '' OR status = :s2) ORDER BY id DESC LIMIT :l OFFSET :o",
       soci::use(pattern), soci::use(s), soci::use(s), soci::use(l), soci::use(offset));
  for (auto const& r : rows) ids.push_back(store::row_int(r, 0));
  return ids;
}

std::vector<UnixTime> SubscriberStore::confirmation_times(soci::session& sql) {
  std::vector<UnixTime> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT confirmed_at FROM subscribers WHERE confirmed_at IS NOT NULL");
  for (auto const& r : rows) out.push_back(store::row_int(r, 0));
  return out;
}

std::vector<ExportRow> SubscriberStore::export_rows(soci::session& sql) {
  std::vector<ExportRow> out;
  // SQLite's group_concat is PostgreSQL's string_agg: the one SQL difference here.
  char const* joined =
      store::is_postgres(sql) ? "string_agg(l.slug, ' ')" : "group_concat(l.slug, ' ')";
  soci::rowset<soci::row> rows =
      (sql.prepare << fmt::format(
           "SELECT s.email, s.status, s.created_at, s.confirmed_at,"
           " COALESCE((SELECT {} FROM subscriptions x"
           " JOIN newsletter_lists l ON l.id = x.list_id WHERE x.subscriber_id = s.id), '')"
           " FROM subscribers s ORDER BY s.id",
           joined));
  for (auto const& r : rows) {
    ExportRow e{store::row_text(r, 0), store::row_text(r, 1), store::row_int(r, 2), std::nullopt,
                store::row_text(r, 4)};
    if (r.get_indicator(3) == soci::i_ok) e.confirmed_at = store::row_int(r, 3);
    out.push_back(std::move(e));
  }
  return out;
}

void SubscriberStore::set_lists(soci::session& sql, long long id,
                                std::vector<long long> const& list_ids) {
  sql << "DELETE FROM subscriptions WHERE subscriber_id = :id", soci::use(id);
  for (auto list : list_ids)
    sql << "INSERT INTO subscriptions (subscriber_id, list_id)"
           " SELECT :s, id FROM newsletter_lists WHERE id = :l",
        soci::use(id), soci::use(list);
}

}  // namespace dossier::newsletter
