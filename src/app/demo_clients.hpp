#pragma once

// The demo's client side: client-only reports' structured parts (the `[report]` table of a
// demo article's front matter), client organisations with members and grants, and access
// requests (demo/clients.toml). Parsed and checked in full before anything is written, as the
// rest of the demo (app/demo.hpp).

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/result.hpp"
#include "publishing/access.hpp"
#include "reports/report.hpp"

namespace dossier::clients {
class ClientService;
}
namespace dossier::reports {
class ReportService;
}
namespace dossier::store {
class Database;
}

namespace dossier::app {

// What the demo's client side is written through: the services, and the database and clock
// for the access requests (written through their store: see load_demo_clients).
struct DemoServices {
  clients::ClientService& clients;
  reports::ReportService& reports;
  store::Database& db;
  std::function<UnixTime()> clock;
};

// One grant as demo/clients.toml names it: a scope and the slug of its target.
struct DemoGrant {
  publishing::GrantScope scope = publishing::GrantScope::All;
  std::string target;  // a category's, tag's or report's slug; empty for All
};

struct DemoMember {
  std::string email;
  std::string name;
};

struct DemoClient {
  std::string name;
  std::optional<int> seats;
  std::string note;
  std::vector<DemoMember> members;
  std::vector<DemoGrant> grants;
};

struct DemoRequest {
  std::string report;        // the report's slug
  std::string report_title;  // for the newsroom's mail
  std::string name;
  std::string email;
  std::string organisation;
  std::string message;
};

struct DemoClients {
  std::vector<DemoClient> clients;
  std::vector<DemoRequest> requests;
};

// What the demo's client side wrote.
struct DemoClientCounts {
  int clients = 0;
  int members = 0;
  int grants = 0;
  int reports = 0;  // reports with structured parts
  int risks = 0;
  int requests = 0;
};

// A report's parts from the `[report]` table of its front matter; every field problem
// (reports::ReportService::validate) is an error naming the file.
Result<reports::ReportInput> demo_report_input(toml::table const& report, std::string const& where);

// demo/clients.toml, with every slug it names checked against what the demo defines
// (`reports`: the client-only reports' slugs and titles).
Result<DemoClients> parse_demo_clients(std::filesystem::path const& file,
                                       std::set<std::string> const& categories,
                                       std::set<std::string> const& tags,
                                       std::map<std::string, std::string> const& reports);

// Writes the organisations, members and grants through the services, and the requests. `ids` maps
// the slugs of categories, tags and articles (by kind: "category:", "tag:", "article:") to ids.
Result<DemoClientCounts> load_demo_clients(DemoServices const& services, DemoClients const& demo,
                                           std::map<std::string, publishing::Id> const& ids);

}  // namespace dossier::app
