// Compiled with comments' include root by the CTest structure.other_store, which expects the
// compile to FAIL: comments may use publishing, but not publishing's store.
#include "publishing/article_store.hpp"
