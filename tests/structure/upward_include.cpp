// Compiled with publishing's include root by the CTest structure.upward_include, which
// expects the compile to FAIL: publishing sits below comments, so it cannot see it.
#include "comments/comment_service.hpp"
