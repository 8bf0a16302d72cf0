#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dossier::jobs {

// How much the jobs thread yields to the request threads: its Linux nice value (0 to 19). At
// 10 the scheduler gives it about a tenth of a core while requests keep both cores busy, and
// all the idle time otherwise: a full re-analysis never takes the pages' CPU (issue 14).
constexpr int kDefaultJobsNice = 10;
constexpr int kMaxNice = 19;

// How the runner's thread competes for the CPU, beyond its nice value.
enum class CpuClass {
  // The nice value alone: about a tenth of a core while requests keep both cores busy.
  Normal,
  // Linux's SCHED_IDLE as well: the CPU only when no other thread wants it, and a request's
  // thread takes it back the moment it wakes (the scheduler preempts an idle-class thread at
  // once, where a nice one waits for its slice). For a backlog (an archive's analysis),
  // which may wait: under steady full load it barely runs. Issue 16 measured the uncached
  // article's p95 at 2.6x its idle figure while a 10k archive was analysed at nice 10.
  Idle,
};

// What a task says after a run: whether work is still waiting (a backlog it drains a bounded
// slice at a time).
enum class Pending { None, More };

// The jobs thread (DESIGN.md): runs each registered task every `interval`, one after the
// other, off the request threads and at a lower priority than them (`nice`). A task that
// answers Pending::More is run again at once, alone, until it answers None or the interval
// has passed and every task takes its turn again: a backlog drains at the speed of the work
// and not one slice per interval (issue 16: an archive's analysis ran one batch a second),
// and the other tasks still run once per interval. A task's exception is logged and the task
// runs again next time; stop() (or the destructor) waits for the running task and ends the
// thread.
class JobRunner {
 public:
  explicit JobRunner(std::chrono::milliseconds interval, int nice = kDefaultJobsNice,
                     CpuClass cpu = CpuClass::Normal)
      : interval_(interval), nice_(nice), cpu_(cpu) {}
  ~JobRunner() { stop(); }
  JobRunner(JobRunner const&) = delete;
  JobRunner& operator=(JobRunner const&) = delete;

  // Register before start().
  void add(std::string name, std::function<void()> task);
  // A task that drains a backlog (see Pending).
  void add_draining(std::string name, std::function<Pending()> task);
  void start();
  void stop();
  // Runs every task once now, on the caller's thread (CLI commands and tests); More when a
  // task has work waiting.
  Pending run_once();

 private:
  void loop();
  std::chrono::milliseconds interval_;
  int nice_;
  CpuClass cpu_;
  struct Task {
    std::string name;
    std::function<Pending()> run;
    Pending last = Pending::None;  // what its last run answered
  };
  // Runs the task, logging its exception; returns what it answered (None when it threw).
  static Pending run_task(Task& task);
  std::vector<Task> tasks_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dossier::jobs
