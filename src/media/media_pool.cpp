#include "media/media_pool.hpp"

#include <algorithm>

#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include "media/upload.hpp"

namespace dossier::media {

namespace {

// Lowers the calling thread only. POSIX gives setpriority(PRIO_PROCESS) to the whole process,
// but on Linux the nice value belongs to each thread and a thread id selects one (setpriority(2),
// NOTES). Threads the media thread starts later (libvips' workers) inherit its value.
//
// Why nice 10 and not SCHED_IDLE: under SCHED_IDLE a thread gets CPU only when nothing else
// wants it, so steady page traffic could starve an upload until its time budget refuses it.
// Nice 10 weighs about a tenth of a normal thread (the kernel's weights: 110 against 1024):
// pages win whenever both want the CPU, and an idle machine still gives uploads a whole core.
void lower_priority() {
  if (setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kMediaNice) != 0)
    spdlog::warn("cannot lower the media thread's priority; image work competes with pages");
}

}  // namespace

MediaPoolOptions bounded_by_request_workers(MediaPoolOptions options, int request_workers) {
  int most_in_flight = std::max(1, request_workers - 1);
  options.workers = std::clamp(options.workers, 1, most_in_flight);
  options.queue = std::clamp(options.queue, 0, most_in_flight - options.workers);
  options.per_user = std::max(1, options.per_user);
  return options;
}

MediaPool::MediaPool(MediaPoolOptions options) : options_(options) {
  options_.workers = std::max(1, options_.workers);
  options_.queue = std::max(0, options_.queue);
  options_.per_user = std::max(1, options_.per_user);
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { work_loop(); });
}

MediaPool::~MediaPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

std::optional<Refusal> MediaPool::run(long long user, std::function<void()> const& job) {
  Job entry{&job};
  std::unique_lock lock(mutex_);
  // The user's own bound first: "you have uploads in flight" says more than "the server is
  // busy" when both hold.
  if (per_user_[user] >= options_.per_user) return Refusal::UserBusy;
  if (in_flight_ >= options_.workers + options_.queue) return Refusal::Busy;
  ++per_user_[user];
  ++in_flight_;
  queue_.push_back(&entry);
  wake_.notify_one();
  finished_.wait(lock, [&] { return entry.done; });
  --in_flight_;
  if (--per_user_[user] == 0) per_user_.erase(user);
  lock.unlock();
  if (entry.failure) std::rethrow_exception(entry.failure);
  return std::nullopt;
}

int MediaPool::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

void MediaPool::work_loop() {
  pthread_setname_np(pthread_self(), "dossier-media");
  lower_priority();
  // libvips is started here, and creates its worker threads from the thread that first needs
  // them: in the server only media threads use it, so its workers inherit the lowered priority
  // (bench/media_load.py lists the server's threads with their nice values).
  start_vips();
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and every job taken has run
    Job* job = queue_.front();
    queue_.pop_front();
    lock.unlock();
    std::exception_ptr failure;
    try {
      (*job->work)();
    } catch (...) {
      failure = std::current_exception();
    }
    lock.lock();
    job->failure = failure;
    job->done = true;
    finished_.notify_all();
  }
}

}  // namespace dossier::media
