// MediaPool: jobs run on its own low-priority threads, a full queue and a busy user are refused
// at once without running the job, the bound on jobs in flight holds under many callers, and the
// queue is cut below the request workers so pages always find a free one.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "media/media_pool.hpp"

namespace dossier::media {
namespace {

using namespace std::chrono_literals;

// Holds a media thread until released, so a test can fill the pool in a known order.
class Blocker {
 public:
  Blocker(MediaPool& pool, long long user) {
    thread_ = std::thread([this, &pool, user] {
      refusal_ = pool.run(user, [this] {
        started_.set_value();
        gate_.wait();
      });
    });
  }
  ~Blocker() {
    release();
    thread_.join();
  }
  void wait_until_running() { started_.get_future().wait(); }
  void release() {
    if (!released_.exchange(true)) open_.set_value();
  }

 private:
  std::promise<void> started_;
  std::promise<void> open_;
  std::shared_future<void> gate_ = open_.get_future().share();
  std::atomic<bool> released_ = false;
  std::optional<Refusal> refusal_;
  std::thread thread_;
};

// Waits (up to a generous bound) until the pool holds n jobs.
bool wait_for_in_flight(MediaPool const& pool, int n) {
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (pool.in_flight() != n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST(MediaPool, RunsTheJobOnAMediaThreadAtALowerPriority) {
  MediaPool pool({1, 1, 1});
  pid_t caller = gettid();
  pid_t worker = 0;
  int nice = 0;
  int caller_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(caller));
  auto refusal = pool.run(7, [&] {
    worker = gettid();
    errno = 0;
    nice = getpriority(PRIO_PROCESS, static_cast<id_t>(worker));
  });
  EXPECT_FALSE(refusal.has_value());
  EXPECT_NE(worker, 0);
  EXPECT_NE(worker, caller);
  EXPECT_EQ(nice, kMediaNice);
  // Only the media thread was lowered, not the caller (a request worker in the server).
  EXPECT_EQ(getpriority(PRIO_PROCESS, static_cast<id_t>(caller)), caller_nice);
  EXPECT_EQ(pool.in_flight(), 0);
}

TEST(MediaPool, AFullQueueRefusesAtOnceWithoutRunningTheJob) {
  MediaPool pool({1, 1, 5});
  Blocker running(pool, 1);
  running.wait_until_running();
  Blocker waiting(pool, 2);
  ASSERT_TRUE(wait_for_in_flight(pool, 2));

  bool ran = false;
  auto started = std::chrono::steady_clock::now();
  auto refusal = pool.run(3, [&] { ran = true; });
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(*refusal, Refusal::Busy);
  EXPECT_FALSE(ran);
  EXPECT_EQ(pool.in_flight(), 2);

  running.release();
  waiting.release();
  ASSERT_TRUE(wait_for_in_flight(pool, 0));
  EXPECT_FALSE(pool.run(3, [&] { ran = true; }).has_value());
  EXPECT_TRUE(ran);
}

TEST(MediaPool, AUserWithTooManyJobsInFlightIsRefusedWhileOthersAreTaken) {
  MediaPool pool({1, 3, 1});
  Blocker mine(pool, 42);
  mine.wait_until_running();

  bool ran = false;
  auto refusal = pool.run(42, [&] { ran = true; });
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(*refusal, Refusal::UserBusy);
  EXPECT_FALSE(ran);

  // Someone else's job waits its turn and runs once the first is done.
  std::thread other([&] { EXPECT_FALSE(pool.run(43, [&] { ran = true; }).has_value()); });
  ASSERT_TRUE(wait_for_in_flight(pool, 2));
  mine.release();
  other.join();
  EXPECT_TRUE(ran);
}

TEST(MediaPool, AnExceptionInTheJobReachesTheCaller) {
  MediaPool pool({1, 0, 1});
  EXPECT_THROW(pool.run(1, [] { throw std::runtime_error("encoder failed"); }), std::runtime_error);
  // The slot was given back.
  EXPECT_EQ(pool.in_flight(), 0);
  EXPECT_FALSE(pool.run(1, [] {}).has_value());
}

TEST(MediaPool, ManyCallersNeverExceedTheThreadsOrTheQueue) {
  constexpr int kCallers = 16;
  constexpr int kRounds = 20;
  MediaPool pool({2, 3, 1000});
  std::atomic<int> running = 0;
  std::atomic<int> most_running = 0;
  std::atomic<int> most_in_flight = 0;
  std::atomic<int> done = 0;
  std::atomic<int> refused = 0;
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c)
    callers.emplace_back([&, c] {
      for (int i = 0; i < kRounds; ++i) {
        auto refusal = pool.run(c, [&] {
          int now = ++running;
          int seen = most_running.load();
          while (now > seen && !most_running.compare_exchange_weak(seen, now)) {
          }
          int flight = pool.in_flight();
          seen = most_in_flight.load();
          while (flight > seen && !most_in_flight.compare_exchange_weak(seen, flight)) {
          }
          std::this_thread::sleep_for(200us);
          --running;
        });
        ++(refusal ? refused : done);
      }
    });
  for (auto& t : callers) t.join();
  EXPECT_EQ(done + refused, kCallers * kRounds);
  EXPECT_GT(done.load(), 0);
  EXPECT_LE(most_running.load(), 2);
  EXPECT_LE(most_in_flight.load(), 2 + 3);
  EXPECT_EQ(pool.in_flight(), 0);
}

TEST(MediaPool, JobsInFlightStayBelowTheRequestWorkers) {
  // The defaults on a 2-core server (4 request workers): 1 converting, 2 waiting, 1 worker free.
  auto two_cores = bounded_by_request_workers({1, 4, 2}, 4);
  EXPECT_EQ(two_cores.workers, 1);
  EXPECT_EQ(two_cores.queue, 2);
  EXPECT_EQ(two_cores.per_user, 2);
  // Enough request workers: the configuration stands.
  auto eight_cores = bounded_by_request_workers({1, 4, 2}, 16);
  EXPECT_EQ(eight_cores.workers, 1);
  EXPECT_EQ(eight_cores.queue, 4);
  // More media threads than request workers could ever feed.
  auto greedy = bounded_by_request_workers({8, 4, 2}, 4);
  EXPECT_EQ(greedy.workers, 3);
  EXPECT_EQ(greedy.queue, 0);
  // A single request worker cannot keep one free; one upload at a time is still possible.
  auto single = bounded_by_request_workers({1, 4, 2}, 1);
  EXPECT_EQ(single.workers, 1);
  EXPECT_EQ(single.queue, 0);
}

}  // namespace
}  // namespace dossier::media
