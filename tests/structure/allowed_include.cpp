// Compiled with comments' include root by the CTest structure.allowed_include, which expects
// the compile to succeed: the control that shows the two failures above fail for their reason,
// not because the include root is broken.
#include "core/result.hpp"
#include "publishing/article.hpp"
