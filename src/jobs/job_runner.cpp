#include "jobs/job_runner.hpp"

#include <algorithm>

#include <pthread.h>
#include <sched.h>
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
  tasks_.push_back({std::move(name), std::move(task)});
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

Pending JobRunner::run_task(Task& task) {
  try {
    task.last = task.run();
  } catch (std::exception const& e) {
    // A failing task is not retried at once: it waits for the interval like any other.
    spdlog::error("job '{}' failed: {}", task.name, e.what());
    task.last = Pending::None;
  }
  return task.last;
}

Pending JobRunner::run_once() {
  auto pending = Pending::None;
  for (auto& task : tasks_)
    if (run_task(task) == Pending::More) pending = Pending::More;
  return pending;
}

void JobRunner::loop() {
  // On Linux a nice value belongs to a thread (setpriority with a thread id, see
  // setpriority(2), BUGS), so this lowers the jobs thread alone. Raising priority needs
  // privileges a server should not have, hence only values from 0 up.
  if (nice_ > 0 &&
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), std::min(nice_, kMaxNice)) != 0)
    spdlog::warn("could not lower the jobs thread's priority; it competes with requests");
  // Lowering the policy needs no privilege either (sched(7)); it stays for the thread's life
  // (going back would need CAP_SYS_NICE or an RLIMIT_NICE a server should not have).
  sched_param idle{};
  if (cpu_ == CpuClass::Idle && pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle) != 0)
    spdlog::warn("could not move the jobs thread to the idle class; it competes with requests");
  using Clock = std::chrono::steady_clock;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto round = Clock::now() + interval_;
    auto pending = run_once();
    // Between rounds, only the tasks with work waiting run, one after the other.
    while (pending == Pending::More && Clock::now() < round) {
      {
        std::lock_guard stop_check(mutex_);
        if (stopping_) break;
      }
      pending = Pending::None;
      for (auto& task : tasks_)
        if (task.last == Pending::More && run_task(task) == Pending::More) pending = Pending::More;
    }
    lock.lock();
    if (pending == Pending::None) wake_.wait_until(lock, round, [this] { return stopping_; });
  }
}

}  // namespace dossier::jobs
