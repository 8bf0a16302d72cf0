#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/event_bus.hpp"

namespace dossier::admin {
class Newsroom;
}
namespace dossier::http {
class Router;
class StaticAssets;
}  // namespace dossier::http
namespace dossier::publishing {
class PublishingService;
class ArticleSections;
}  // namespace dossier::publishing
namespace dossier::render {
class Theme;
}
namespace dossier::store {
class Database;
}
namespace dossier::reports {
class ReportService;
class ReportSections;
class ReportHandlers;
}  // namespace dossier::reports

namespace dossier::app {

struct Config;

struct ReportsOf {
  Config const& config;
  store::Database& db;
  publishing::PublishingService& publishing;
  render::Theme const& theme;
  http::StaticAssets const& assets;
  EventBus const& events;
  admin::Newsroom& newsroom;
};

// Client reports' parts (reports/): the service, the article page's two sections and the
// newsroom's report routes. Kept alive by the caller for as long as the server runs.
struct Reports {
  std::unique_ptr<reports::ReportService> service;
  std::unique_ptr<reports::ReportSections> sections;
  std::unique_ptr<reports::ReportHandlers> handlers;
  ~Reports();
};

// Builds the reports' parts, adds their sections to the article page (the lead on teasers
// too) and their routes to the newsroom's table. Call before any request thread starts.
std::unique_ptr<Reports> wire_reports(http::Router& router, publishing::ArticleSections& sections,
                                      ReportsOf const& of);

// The PDF engine configured: reports.chromium, over it DOSSIER_CHROMIUM, else PATH.
std::string configured_chromium(Config const& config);

}  // namespace dossier::app
