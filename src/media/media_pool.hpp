#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace dossier::media {

// One thread decodes and encodes images by default: with 2 x cores request workers and the
// network threads beside it, one busy core is the most image work a small server should give.
constexpr int kDefaultMediaWorkers = 1;
// Jobs that may wait for a media thread. Each waiting job holds a request worker (the upload's
// request waits for its result), so this is also how many request workers uploads may hold.
constexpr int kDefaultMediaQueue = 4;
// One person's uploads in flight (running or waiting): two lets a second file wait its turn
// while the first is processed, without one person's batch filling the queue for everyone.
constexpr int kDefaultMediaPerUser = 2;
// Media threads run at this nice value (setpriority(2)). Linux keeps the nice value per
// thread, so only the media threads, and the libvips threads they start, are lowered.
constexpr int kMediaNice = 10;

struct MediaPoolOptions {
  int workers = kDefaultMediaWorkers;
  int queue = kDefaultMediaQueue;
  int per_user = kDefaultMediaPerUser;
};

// Why a job was not taken. Neither ran the job; both are worth retrying later.
enum class Refusal {
  Busy,      // every media thread is busy and the queue is full (HTTP 503)
  UserBusy,  // this user already has per_user jobs in flight (HTTP 429)
};

// The pool's options with the queue cut so that jobs in flight (running + waiting) stay below
// the number of request workers: every job in flight holds the worker of the request that
// waits for it, and at least one worker must always be free for pages. With a single request
// worker that cannot hold; one job is then allowed (an upload makes pages wait).
MediaPoolOptions bounded_by_request_workers(MediaPoolOptions options, int request_workers);

// A fixed set of low-priority threads for image work, with a bounded queue and a per-user
// bound, so image decoding never runs on (or piles up behind) the request workers.
class MediaPool {
 public:
  explicit MediaPool(MediaPoolOptions options);
  ~MediaPool();  // runs the jobs already taken, then joins the threads
  MediaPool(MediaPool const&) = delete;
  MediaPool& operator=(MediaPool const&) = delete;

  // Takes the job, or refuses it at once when the pool or the user has no room. A taken job
  // runs on a media thread while the caller waits; an exception it throws is thrown here.
  std::optional<Refusal> run(long long user, std::function<void()> const& job);

  MediaPoolOptions const& options() const { return options_; }
  // Jobs running or waiting now (for tests and logs).
  int in_flight() const;

 private:
  struct Job {
    std::function<void()> const* work;
    bool done = false;
    std::exception_ptr failure;
  };
  void work_loop();

  MediaPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      // a job was queued, or the pool is stopping
  std::condition_variable finished_;  // a job is done
  std::deque<Job*> queue_;
  std::map<long long, int> per_user_;
  int in_flight_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace dossier::media
