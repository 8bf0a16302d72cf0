#include "jobs/job_runner.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

namespace dossier::jobs {

void JobRunner::add(std::string name, std::function<void()> task) {
  add_draining(std::move(name), [task = std::move(task)] {
    task();
    return Pending::None;
  });
}

void JobRunner::add_draining(std::string name, std::function<Pending()> task) {
  tasks_.emplace_back(std::move(name), std::move(task));
}

void JobRunner::start() {
  thread_ = std::thread([this] { loop(); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Pending JobRunner::run_once() {
  auto pending = Pending::None;
  for (auto const& [name, task] : tasks_) {
    try {
      if (task() == Pending::More) pending = Pending::More;
    } catch (std::exception const& e) {
      // A failing task is not retried at once: it waits for the interval like any other.
      spdlog::error("job '{}' failed: {}", name, e.what());
    }
  }
  return pending;
}

void JobRunner::loop() {
  // On Linux a nice value belongs to a thread (setpriority with a thread id, see
  // setpriority(2), BUGS), so this lowers the jobs thread alone. Raising priority needs
  // privileges a server should not have, hence only values from 0 up.
  if (nice_ > 0 &&
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), std::min(nice_, kMaxNice)) != 0)
    spdlog::warn("could not lower the jobs thread's priority; it competes with requests");
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto pending = run_once();
    lock.lock();
    if (pending == Pending::None) wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace dossier::jobs
