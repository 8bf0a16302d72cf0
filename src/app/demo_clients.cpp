#include "app/demo_clients.hpp"

#include <fmt/format.h>

#include <soci/soci.h>

#include "clients/client_service.hpp"
#include "clients/request_store.hpp"
#include "core/strings.hpp"
#include "reports/report_service.hpp"
#include "security/email.hpp"
#include "store/database.hpp"

namespace dossier::app {

namespace {

std::string text(toml::table const& t, std::string_view key) {
  return t[key].value_or(std::string());
}

// Each "[[clients]]" entry's grants: { scope = "all" } or { scope = "category", target = SLUG }.
Result<DemoGrant> parse_grant(toml::table const& t, std::string const& where) {
  DemoGrant g;
  auto scope = clients::parse_scope(text(t, "scope"));
  if (!scope)
    return invalid(fmt::format("{}: a grant's scope must be all, article, category or tag", where));
  g.scope = *scope;
  g.target = text(t, "target");
  if ((g.scope == publishing::GrantScope::All) != g.target.empty())
    return invalid(fmt::format("{}: a grant names a target unless its scope is all", where));
  return g;
}

}  // namespace

Result<reports::ReportInput> demo_report_input(toml::table const& report,
                                               std::string const& where) {
  reports::ReportInput in;
  in.summary = text(report, "summary");
  in.recommendations = text(report, "recommendations");
  in.methodology = text(report, "methodology");
  in.sources = text(report, "sources");
  auto teaser = text(report, "teaser_findings");
  if (teaser == "headings")
    in.teaser_findings = reports::TeaserFindings::Headings;
  else if (!teaser.empty() && teaser != "hidden")
    return invalid(fmt::format("{}: teaser_findings must be \"headings\" or \"hidden\"", where));
  if (auto const* findings = report["findings"].as_array())
    for (auto const& node : *findings)
      if (auto const* f = node.as_table())
        in.findings.push_back({text(*f, "heading"), text(*f, "detail"), {}});
  if (auto const* risks = report["risks"].as_array())
    for (auto const& node : *risks)
      if (auto const* r = node.as_table())
        in.risks.push_back({text(*r, "name"), (*r)["likelihood"].value_or(0),
                            (*r)["impact"].value_or(0), text(*r, "note")});
  auto problems = reports::ReportService::validate(in, publishing::ArticleKind::Report);
  if (!problems.empty())
    return invalid(
        fmt::format("{}: report.{}: {}", where, problems.front().field, problems.front().message));
  return in;
}

Result<DemoClients> parse_demo_clients(std::filesystem::path const& file,
                                       std::set<std::string> const& categories,
                                       std::set<std::string> const& tags,
                                       std::map<std::string, std::string> const& reports) {
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (toml::parse_error const& e) {
    return invalid(fmt::format("{}:{}: {}", file.string(), e.source().begin.line, e.description()));
  }
  DemoClients out;
  if (auto const* list = doc["clients"].as_array()) {
    for (auto const& node : *list) {
      auto const& t = *node.as_table();
      DemoClient c;
      c.name = text(t, "name");
      auto where = fmt::format("clients.toml: client '{}'", c.name);
      if (c.name.empty()) return invalid("clients.toml: a client needs a name");
      if (auto seats = t["seats"].value<int>()) c.seats = *seats;
      c.note = text(t, "note");
      if (auto const* members = t["members"].as_array())
        for (auto const& m : *members)
          c.members.push_back({text(*m.as_table(), "email"), text(*m.as_table(), "name")});
      if (c.seats && static_cast<int>(c.members.size()) > *c.seats)
        return invalid(fmt::format("{}: more members than seats", where));
      if (auto const* grants = t["grants"].as_array()) {
        for (auto const& g : *grants) {
          if (!g.as_table()) return invalid(fmt::format("{}: a grant is a table", where));
          auto grant = parse_grant(*g.as_table(), where);
          if (!grant) return grant.error();
          using publishing::GrantScope;
          bool known = grant->scope == GrantScope::All ||
                       (grant->scope == GrantScope::Category && categories.count(grant->target)) ||
                       (grant->scope == GrantScope::Tag && tags.count(grant->target)) ||
                       (grant->scope == GrantScope::Article && reports.count(grant->target));
          if (!known)
            return invalid(fmt::format("{}: unknown grant target '{}'", where, grant->target));
          c.grants.push_back(*grant);
        }
      }
      out.clients.push_back(std::move(c));
    }
  }
  if (auto const* list = doc["requests"].as_array()) {
    for (auto const& node : *list) {
      auto const& t = *node.as_table();
      DemoRequest r{text(t, "report"),       {},
                    text(t, "name"),         text(t, "email"),
                    text(t, "organisation"), text(t, "message")};
      auto report = reports.find(r.report);
      if (report == reports.end())
        return invalid(
            fmt::format("clients.toml: a request names an unknown report '{}'", r.report));
      r.report_title = report->second;
      out.requests.push_back(std::move(r));
    }
  }
  return out;
}

Result<DemoClientCounts> load_demo_clients(DemoServices const& services, DemoClients const& demo,
                                           std::map<std::string, publishing::Id> const& ids) {
  DemoClientCounts counts;
  auto id_of = [&ids](std::string const& key) {
    auto it = ids.find(key);
    return it == ids.end() ? publishing::Id{0} : it->second;
  };
  for (auto const& c : demo.clients) {
    auto added = services.clients.add_client({c.name, c.seats, std::nullopt, c.note});
    if (!added) return Error{added.error().kind, c.name + ": " + added.error().message};
    ++counts.clients;
    for (auto const& m : c.members) {
      auto member = services.clients.add_member(added->id, m.email, m.name);
      if (!member) return Error{member.error().kind, m.email + ": " + member.error().message};
      ++counts.members;
    }
    for (auto const& g : c.grants) {
      publishing::Grant grant;
      grant.scope = g.scope;
      using publishing::GrantScope;
      if (g.scope == GrantScope::Category) grant.target = id_of("category:" + g.target);
      if (g.scope == GrantScope::Tag) grant.target = id_of("tag:" + g.target);
      if (g.scope == GrantScope::Article) grant.target = id_of("article:" + g.target);
      auto granted = services.clients.grant(added->id, grant);
      if (!granted) return Error{granted.error().kind, c.name + ": " + granted.error().message};
      ++counts.grants;
    }
  }
  // The requests are written through the store: RequestService::request_access would queue a
  // mail to every editor and admin (the demo's authors, at demo.invalid addresses), and a
  // demo's first start must send no mail. The checks the service makes on a reader's request
  // are made here too, so the row is one the service could have written.
  auto now = services.clock();
  soci::session sql(services.db.pool());
  store::WriteTransaction tx(sql);
  for (auto const& r : demo.requests) {
    clients::ClientRequest row;
    row.kind = clients::RequestKind::Access;
    row.article_id = id_of("article:" + r.report);
    row.name = std::string(trim(r.name));
    row.organisation = std::string(trim(r.organisation));
    row.details = std::string(trim(r.message));
    auto email = security::normalize_email(r.email);
    if (!email) return invalid(fmt::format("request from '{}': not an email address", r.email));
    row.email = to_lower(*email);
    if (row.name.empty() || row.name.size() > clients::kMaxRequestName ||
        row.organisation.empty() || row.organisation.size() > clients::kMaxRequestOrganisation ||
        row.details.size() > clients::kMaxRequestDetails)
      return invalid(
          fmt::format("request from '{}': a name and an organisation, within their "
                      "limits, are required",
                      r.email));
    row.state = clients::RequestState::New;
    row.created_at = row.updated_at = now;
    clients::RequestStore::insert(sql, row);
    ++counts.requests;
  }
  tx.commit();
  return counts;
}

}  // namespace dossier::app
