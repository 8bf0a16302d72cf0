#include "clients/client_admin_handlers.hpp"

#include <charconv>

#include <ctemplate/template.h>
#include <fmt/format.h>

#include "core/strings.hpp"
#include "render/template_key.hpp"

namespace dossier::clients {

using render::operator""_key;

namespace msg {
constexpr char const* kBadSeats =
    "Seats must be a whole number from 0 to {}, or empty for no limit.";
constexpr char const* kBadDate = "Dates are written YYYY-MM-DD (for example 2026-12-31).";
constexpr char const* kNoSuchClient = "There is no such client organisation.";
constexpr char const* kBadScope =
    "Choose what to grant: an article, a category, a tag or everything.";
constexpr char const* kSlugMissing = "Enter the slug of the article, category or tag to grant.";
constexpr char const* kUnknownAction = "This form asked for something the page does not do.";
}  // namespace msg

namespace {

constexpr char const* kNoLimit = "no limit";
constexpr char const* kNoEnd = "no end";

}  // namespace

Result<std::optional<int>> parse_seats(std::string const& text) {
  auto t = trim(text);
  if (t.empty()) return std::optional<int>{};
  int seats = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), seats);
  if (ec != std::errc{} || end != t.data() + t.size() || seats < 0 || seats > kMaxSeats)
    return invalid(fmt::format(msg::kBadSeats, kMaxSeats));
  return std::optional<int>(seats);
}

Result<std::optional<UnixTime>> parse_until(std::string const& text) {
  auto t = trim(text);
  if (t.empty()) return std::optional<UnixTime>{};
  auto end = day_end_exclusive(t);
  if (!end) return invalid(msg::kBadDate);
  return std::optional<UnixTime>(*end);
}

Result<std::optional<UnixTime>> parse_from(std::string const& text) {
  auto t = trim(text);
  if (t.empty()) return std::optional<UnixTime>{};
  auto start = day_start(t);
  if (!start) return invalid(msg::kBadDate);
  return std::optional<UnixTime>(*start);
}

http::Response ClientAdminHandlers::list_page(admin::Visit& v, int status, std::string const& error,
                                              std::string const& notice) {
  auto all = clients_.clients();
  auto now = now_utc();
  return newsroom_.render(
      v, status, "Clients", "admin/clients.tpl", [&](ctemplate::TemplateDictionary& d) {
        if (!error.empty()) {
          d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
          // Keep what was typed.
          d.SetValue("NAME"_key, v.form.get("name"));
          d.SetValue("SEATS"_key, v.form.get("seats"));
          d.SetValue("UNTIL"_key, v.form.get("until"));
          d.SetValue("NOTE"_key, v.form.get("note"));
        }
        if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
        if (all.empty())
          d.ShowSection("EMPTY"_key);
        else
          d.ShowSection("HAS_CLIENTS"_key);
        for (auto const& c : all) {
          auto* row = d.AddSectionDictionary("CLIENT"_key);
          row->SetIntValue("ID"_key, static_cast<long>(c.id));
          row->SetValue("NAME"_key, c.name);
          row->SetIntValue("SEATS_USED"_key, static_cast<long>(c.active_members));
          row->SetValue("SEATS"_key, c.seats ? std::to_string(*c.seats) : kNoLimit);
          row->SetValue("UNTIL"_key, c.until ? end_day(*c.until) : kNoEnd);
          row->SetIntValue("GRANTS"_key, static_cast<long>(c.live_grants));
          if (!c.active_at(now)) row->ShowSection("ENDED"_key);
        }
      });
}

http::Response ClientAdminHandlers::browse(admin::Visit& v) {
  return list_page(v, 200, "", "");
}

http::Response ClientAdminHandlers::add(admin::Visit& v) {
  ClientInput in;
  in.name = v.form.get("name");
  in.note = std::string(trim(v.form.get("note")));
  auto seats = parse_seats(v.form.get("seats"));
  if (!seats) return list_page(v, 400, seats.error().message, "");
  auto until = parse_until(v.form.get("until"));
  if (!until) return list_page(v, 400, until.error().message, "");
  in.seats = *seats;
  in.until = *until;
  auto added = clients_.add_client(in);
  if (!added) return list_page(v, http::status_for(added.error().kind), added.error().message, "");
  return admin::Newsroom::see_other(fmt::format("/admin/clients/{}", added->id));
}

http::Response ClientAdminHandlers::client_page(admin::Visit& v, Id id, int status,
                                                std::string const& error, std::string const& notice,
                                                std::string const& link) {
  auto client = clients_.client(id);
  if (!client) return newsroom_.message(v, 404, "Clients", msg::kNoSuchClient);
  auto members = clients_.members(id);
  auto grants = clients_.grants(id);
  long active = 0;
  for (auto const& m : members) active += m.status == MemberStatus::Active ? 1 : 0;
  return newsroom_.render(
      v, status, client->name, "admin/client.tpl", [&](ctemplate::TemplateDictionary& d) {
        d.SetIntValue("ID"_key, static_cast<long>(client->id));
        d.SetValue("NAME"_key, client->name);
        d.SetValue("SEATS"_key, client->seats ? std::to_string(*client->seats) : "");
        d.SetIntValue("SEATS_USED"_key, active);
        d.SetValue("UNTIL"_key, client->until ? end_day(*client->until) : "");
        d.SetValue("NOTE"_key, client->note);
        if (!error.empty()) d.SetValueAndShowSection("ERROR"_key, error, "HAS_ERROR");
        if (!notice.empty()) d.SetValueAndShowSection("NOTICE"_key, notice, "HAS_NOTICE");
        if (!link.empty()) d.SetValueAndShowSection("LINK"_key, link, "HAS_LINK");
        d.ShowSection(members.empty() ? "NO_MEMBERS"_key : "HAS_MEMBERS"_key);
        for (auto const& m : members) {
          auto* row = d.AddSectionDictionary("MEMBER"_key);
          row->SetIntValue("MEMBER_ID"_key, static_cast<long>(m.id));
          row->SetValue("MEMBER_NAME"_key, m.name.empty() ? m.email : m.name);
          row->SetValue("EMAIL"_key, m.email);
          row->SetValue("STATUS"_key, m.status == MemberStatus::Active ? "Active" : "Removed");
          row->SetValue("LAST_SIGN_IN"_key,
                        m.last_sign_in_at ? format_rfc3339(*m.last_sign_in_at) : "never");
          if (m.status == MemberStatus::Active) row->ShowSection("IS_ACTIVE"_key);
        }
        d.ShowSection(grants.empty() ? "NO_GRANTS"_key : "HAS_GRANTS"_key);
        for (auto const& g : grants) {
          auto* row = d.AddSectionDictionary("GRANT"_key);
          row->SetIntValue("GRANT_ID"_key, static_cast<long>(g.id));
          row->SetValue("LABEL"_key, catalog_.label(g.grant));
          row->SetValue("FROM"_key, g.grant.from ? start_day(*g.grant.from) : "—");
          row->SetValue("UNTIL"_key, g.grant.until ? end_day(*g.grant.until) : "—");
        }
      });
}

http::Response ClientAdminHandlers::read(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id) return newsroom_.message(v, 404, "Clients", msg::kNoSuchClient);
  return client_page(v, *id, 200, "", "");
}

http::Response ClientAdminHandlers::result_page(admin::Visit& v, Id id,
                                                Result<std::string> const& done) {
  if (!done)
    return client_page(v, id, http::status_for(done.error().kind), done.error().message, "");
  return client_page(v, id, 200, "", *done);
}

http::Response ClientAdminHandlers::change(admin::Visit& v) {
  auto id = parse_id(v.params.get("id"));
  if (!id || !clients_.client(*id)) return newsroom_.message(v, 404, "Clients", msg::kNoSuchClient);
  auto const& f = v.form;
  auto action = f.get("action");
  auto fail = [](Error const& e) { return Result<std::string>(e); };

  if (action == "edit") {
    auto seats = parse_seats(f.get("seats"));
    if (!seats) return result_page(v, *id, fail(seats.error()));
    auto until = parse_until(f.get("until"));
    if (!until) return result_page(v, *id, fail(until.error()));
    auto done = clients_.edit_client(*id, {"", *seats, *until, std::string(trim(f.get("note")))});
    if (!done) return result_page(v, *id, fail(done.error()));
    return result_page(v, *id, std::string("The contract is saved."));
  }
  if (action == "add-member") {
    auto added = clients_.add_member(*id, f.get("email"), f.get("name"));
    if (!added) return result_page(v, *id, fail(added.error()));
    return result_page(v, *id, fmt::format("{} is a member now.", added->email));
  }
  if (action == "remove-member" || action == "link") {
    auto member = parse_id(f.get("member"));
    if (!member) return result_page(v, *id, fail(not_found("There is no such member.")));
    if (action == "remove-member") {
      auto done = clients_.remove_member(*id, *member);
      if (!done) return result_page(v, *id, fail(done.error()));
      return result_page(v, *id, std::string("The member is removed and signed out."));
    }
    bool of_client = false;
    for (auto const& m : clients_.members(*id)) of_client = of_client || m.id == *member;
    if (!of_client) return result_page(v, *id, fail(not_found("There is no such member.")));
    auto link = clients_.sign_in_link(*member);
    if (!link) return result_page(v, *id, fail(link.error()));
    return client_page(v, *id, 200, "",
                       fmt::format("A one-time sign-in link, valid {} minutes. Hand it to the "
                                   "member only: whoever opens it signs in as them.",
                                   clients_.options().link_ttl.count() / 60),
                       *link);
  }
  if (action == "grant") {
    auto scope = parse_scope(f.get("scope"));
    if (!scope) return result_page(v, *id, fail(invalid(msg::kBadScope)));
    auto slug = std::string(trim(f.get("slug")));
    if (*scope != publishing::GrantScope::All && slug.empty())
      return result_page(v, *id, fail(invalid(msg::kSlugMissing)));
    auto target = catalog_.target_id(*scope, slug);
    if (!target) return result_page(v, *id, fail(target.error()));
    auto from = parse_from(f.get("from"));
    if (!from) return result_page(v, *id, fail(from.error()));
    auto until = parse_until(f.get("until"));
    if (!until) return result_page(v, *id, fail(until.error()));
    auto granted = clients_.grant(*id, {*scope, *target, *from, *until});
    if (!granted) return result_page(v, *id, fail(granted.error()));
    return result_page(v, *id, std::string("Granted."));
  }
  if (action == "revoke") {
    auto grant = parse_id(f.get("grant"));
    if (!grant) return result_page(v, *id, fail(not_found("The client holds no such grant.")));
    auto done = clients_.revoke_grant(*id, *grant);
    if (!done) return result_page(v, *id, fail(done.error()));
    return result_page(v, *id, std::string("Revoked."));
  }
  return result_page(v, *id, fail(invalid(msg::kUnknownAction)));
}

}  // namespace dossier::clients
