#pragma once

#include <functional>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace dossier {

// Side effects travel as events (STYLE.md, Flow): a service publishes "article changed" and
// whoever cares — the page cache now, the search index and the analyzer later — subscribes.
// Subscriptions are made while wiring, before any thread publishes; after that the bus is
// only read, so publishing needs no lock.
class EventBus {
 public:
  template <typename Event>
  void subscribe(std::function<void(Event const&)> listener) {
    listeners_[typeid(Event)].push_back([listener = std::move(listener)](void const* e) {
      listener(*static_cast<Event const*>(e));
    });
  }

  template <typename Event>
  void publish(Event const& event) const {
    auto it = listeners_.find(typeid(Event));
    if (it == listeners_.end()) return;
    for (auto const& l : it->second) l(&event);
  }

 private:
  std::unordered_map<std::type_index, std::vector<std::function<void(void const*)>>> listeners_;
};

}  // namespace dossier
