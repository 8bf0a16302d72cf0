#pragma once

// Happens-before edges that ThreadSanitizer cannot see by itself. Only for synchronization made
// by uninstrumented code: GLib's GMutex and GCond are built on raw futex calls on Linux, so when
// libvips' worker threads call back into Dossier (progress signals), the ordering GLib gives
// between them and the thread that started the computation is invisible, and every access to
// the callback's state looks like a race. Release where the state is handed over, acquire
// where it is taken. Outside a ThreadSanitizer build these are empty.

#if defined(__SANITIZE_THREAD__)
#define DOSSIER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DOSSIER_TSAN 1
#endif
#endif

#ifdef DOSSIER_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace dossier {

inline void tsan_release([[maybe_unused]] void* address) {
#ifdef DOSSIER_TSAN
  __tsan_release(address);
#endif
}

inline void tsan_acquire([[maybe_unused]] void* address) {
#ifdef DOSSIER_TSAN
  __tsan_acquire(address);
#endif
}

}  // namespace dossier
