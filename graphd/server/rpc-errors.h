// How the RPC server reports errors: as kj exceptions whose description starts with a category
// ("not_found: ...", docs/rpc.md). Shared by the Session methods (graphd/server/rpc-server.cpp) and
// the query call (graphd/server/rpc-query.cpp).
#pragma once

#include <kj/exception.h>

#include <new>
#include <stdexcept>
#include <string>

#include "graphd/store/lmdb.h"
#include "graphd/server/log.h"
#include "graphd/store/store.h"

namespace casegraph {

// Throws the RPC error "category: message".
[[noreturn]] inline void rpcFail(const char* category, const std::string& message,
                                 kj::Exception::Type type = kj::Exception::Type::FAILED) {
  kj::throwFatalException(
      kj::Exception(type, __FILE__, __LINE__, kj::str(category, ": ", message.c_str())));
}

// Runs `fn`, turning store and argument errors into categorised RPC errors.
template <typename Fn>
auto translateErrors(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const kj::Exception&) {
    throw;
  } catch (const InvalidWrite& e) {
    rpcFail("invalid_argument", e.what());
  } catch (const StoreError& e) {  // LMDB failures included
    logMessage(LogLevel::ERROR, std::string("store error: ") + e.what());
    rpcFail("internal", e.what());
  } catch (const std::bad_alloc&) {
    rpcFail("overloaded", "out of memory", kj::Exception::Type::OVERLOADED);
  } catch (const std::exception& e) {
    logMessage(LogLevel::ERROR, std::string("unexpected error: ") + e.what());
    rpcFail("internal", e.what());
  }
}

}  // namespace casegraph
