#pragma once

// The client stack plus the API's keys and gate, wired as `serve` wires them (the directory
// from the real auth and clients services), with a small rate limit so tests reach it.
#include <memory>
#include <string>

#include "api/api_keys.hpp"
#include "api/gate.hpp"
#include "app/api_key_command.hpp"
#include "clients/client_stack.hpp"

namespace dossier::test {

class ApiKeyStack : public ClientStack {
 protected:
  static constexpr int kTestRate = 5;

  explicit ApiKeyStack(std::string_view prefix) : ClientStack(prefix) {
    keys_ =
        std::make_unique<api::ApiKeys>(*db_, moving_clock(), app::key_directory(*auth_, *clients_));
    gate_ =
        std::make_unique<api::KeyGate>(*keys_, *db_, moving_clock(), api::GateOptions{kTestRate});
  }

  static http::Request api_request(std::string const& target, std::string const& bearer = {},
                                   std::string const& address = "192.0.2.10") {
    http::Request req;
    req.target = target;
    auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = target.substr(q + 1);
    req.remote_address = address;
    if (!bearer.empty()) req.headers.emplace_back("authorization", "Bearer " + bearer);
    return req;
  }

  std::unique_ptr<api::ApiKeys> keys_;
  std::unique_ptr<api::KeyGate> gate_;
};

}  // namespace dossier::test
