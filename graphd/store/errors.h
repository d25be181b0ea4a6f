// The store's error types, shared by the LMDB layer and the graph store above it. Callers
// outside graphd/store catch these, never an LMDB type.
#pragma once

#include <stdexcept>

namespace casegraph {

// A store-level failure a caller cannot fix by retrying: bad data directory, corrupt record,
// LMDB error. The message names the table and key.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A write that is invalid as asked (unknown endpoint, bad argument). Nothing is written.
class InvalidWrite : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace casegraph
