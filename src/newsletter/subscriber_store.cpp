#include "newsletter/subscriber_store.hpp"

#include <array>

#include <soci/soci.h>

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

int SubscriberStore::ensure_category_lists(soci::session& sql) {
  soci::statement st =
      (sql.prepare << "INSERT INTO newsletter_lists (slug, name, description, position)"
                      " SELECT 'category-' || c.slug, c.name, 'New articles in ' || c.name || '.',"
                      " 10 + c.position FROM categories c WHERE c.parent_id IS NULL"
                      " AND NOT EXISTS (SELECT 1 FROM newsletter_lists l"
                      " WHERE l.slug = 'category-' || c.slug)");
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
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
