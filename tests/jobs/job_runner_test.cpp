// The jobs thread runs below the request threads' priority (issue 14: a full re-analysis must
// not take the pages' CPU), and its tasks keep running after one fails.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include "jobs/job_runner.hpp"

namespace dossier::jobs {
namespace {

using namespace std::chrono_literals;

int own_nice() {
  return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
}

// Runs one JobRunner until its task has reported the nice value of the thread it ran on.
int nice_seen_by_a_task(int nice) {
  std::promise<int> seen;
  auto result = seen.get_future();
  std::atomic<bool> reported{false};
  JobRunner runner(10ms, nice);
  runner.add("report", [&] {
    if (!reported.exchange(true)) seen.set_value(own_nice());
  });
  runner.start();
  if (result.wait_for(10s) != std::future_status::ready) throw std::runtime_error("no run");
  runner.stop();
  return result.get();
}

TEST(JobRunnerTest, TasksRunBelowTheCallersPriority) {
  int before = own_nice();
  if (before >= kDefaultJobsNice) GTEST_SKIP() << "the test itself runs at nice " << before;
  EXPECT_EQ(nice_seen_by_a_task(kDefaultJobsNice), kDefaultJobsNice);
  EXPECT_EQ(own_nice(), before) << "only the jobs thread is lowered, never its creator";
}

// The scheduling policy of the thread a runner of `cpu` runs its tasks on.
int policy_seen_by_a_task(CpuClass cpu) {
  std::promise<int> seen;
  auto result = seen.get_future();
  std::atomic<bool> reported{false};
  JobRunner runner(10ms, kDefaultJobsNice, cpu);
  runner.add("report", [&] {
    if (!reported.exchange(true)) seen.set_value(sched_getscheduler(0));
  });
  runner.start();
  if (result.wait_for(10s) != std::future_status::ready) throw std::runtime_error("no run");
  runner.stop();
  return result.get();
}

TEST(JobRunnerTest, AnIdleClassRunnerYieldsTheCpuToEveryOtherThread) {
  EXPECT_EQ(policy_seen_by_a_task(CpuClass::Idle), SCHED_IDLE);
  EXPECT_EQ(policy_seen_by_a_task(CpuClass::Normal), SCHED_OTHER);
  EXPECT_EQ(sched_getscheduler(0), SCHED_OTHER) << "the runner's creator keeps its class";
}

TEST(JobRunnerTest, NiceZeroLeavesThePriorityAlone) {
  EXPECT_EQ(nice_seen_by_a_task(0), own_nice());
}

TEST(JobRunnerTest, AFailingTaskDoesNotStopTheOthers) {
  std::atomic<int> runs{0};
  JobRunner runner(5ms, 0);
  runner.add("fails", [] { throw std::runtime_error("broken"); });
  runner.add("counts", [&] { ++runs; });
  runner.start();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (runs < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  runner.stop();
  EXPECT_GE(runs.load(), 3);
}

// Issue 16: a backlog drained one slice per interval (one batch of analyses a second). A task
// that says more work waits runs again at once; the others keep their interval.
TEST(JobRunnerTest, ATaskWithMoreWorkRunsAgainWithoutWaitingTheInterval) {
  constexpr int kSlices = 20;
  std::atomic<int> slices{0}, other_runs{0};
  JobRunner runner(1h, 0);
  runner.add_draining("backlog",
                      [&] { return ++slices < kSlices ? Pending::More : Pending::None; });
  runner.add("other", [&] { ++other_runs; });
  runner.start();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (slices < kSlices && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(20ms);
  runner.stop();
  EXPECT_EQ(slices.load(), kSlices) << "the backlog waited the hour-long interval between slices";
  EXPECT_EQ(other_runs.load(), 1) << "the other tasks wait the interval as before";
}

// Once the interval has passed, every task runs again even while a backlog drains.
TEST(JobRunnerTest, TheOtherTasksStillRunEveryIntervalDuringABacklog) {
  std::atomic<int> other_runs{0};
  std::atomic<bool> draining{true};
  JobRunner runner(5ms, 0);
  runner.add_draining("backlog", [&] {
    std::this_thread::sleep_for(1ms);
    return draining ? Pending::More : Pending::None;
  });
  runner.add("other", [&] { ++other_runs; });
  runner.start();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (other_runs < 5 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  draining = false;
  runner.stop();
  EXPECT_GE(other_runs.load(), 5) << "a backlog never starves the other tasks";
}

TEST(JobRunnerTest, RunOnceSaysWhetherWorkIsWaiting) {
  JobRunner runner(1h, 0);
  bool more = true;
  runner.add("plain", [] {});
  runner.add_draining("backlog", [&] { return more ? Pending::More : Pending::None; });
  EXPECT_EQ(runner.run_once(), Pending::More);
  more = false;
  EXPECT_EQ(runner.run_once(), Pending::None);
}

}  // namespace
}  // namespace dossier::jobs
