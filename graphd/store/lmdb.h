// A small RAII layer over LMDB: environment, transactions, cursors, typed errors.
//
// Thread safety: an Env is shared by all threads. A Txn belongs to the thread that began it
// (the Env is opened with MDB_NOTLS so read transactions are not tied to threads, but a Txn
// object must not be used by two threads at once). Views returned by get() and by cursors
// point into the memory map and live until the transaction ends or, in a write transaction,
// until the next write to the same database.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include "graphd/store/errors.h"

namespace casegraph::lmdb {

// An LMDB call failed. `code()` is the LMDB or errno code; what() names the operation. A
// StoreError, so that callers outside the store need not know LMDB.
class Error : public StoreError {
 public:
  Error(int code, const std::string& what);
  int code() const { return code_; }
  bool mapFull() const { return code_ == MDB_MAP_FULL; }

 private:
  int code_;
};

[[noreturn]] void fail(int rc, std::string_view what);
inline void check(int rc, std::string_view what) {
  if (rc != MDB_SUCCESS) fail(rc, what);
}

inline MDB_val val(std::string_view s) { return MDB_val{s.size(), const_cast<char*>(s.data())}; }
inline std::string_view view(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

struct EnvOptions {
  size_t mapSize = size_t{1} << 30;
  unsigned maxDbs = 16;
  unsigned maxReaders = 512;
  bool noSync = false;    // do not fsync on commit (bulk import syncs once at the end)
  bool writeMap = false;  // MDB_WRITEMAP: write pages in place (bulk import)
};

class Txn;

class Env {
 public:
  // Opens (creating if needed) the environment in directory `path`.
  Env(const std::string& path, const EnvOptions& options);
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  MDB_env* get() const { return env_; }
  size_t mapSize() const;
  // Bytes of the data file in use (up to the last page written).
  uint64_t usedBytes() const;
  // Doubles the map size (at least to `minSize`). Waits until no transaction of this process is
  // open: every Txn holds `resizeLock()` shared for its lifetime.
  void growMap(size_t minSize = 0);
  void sync(bool force = true);
  std::shared_mutex& resizeLock() { return resizeLock_; }
  const std::string& path() const { return path_; }

 private:
  MDB_env* env_ = nullptr;
  std::string path_;
  std::shared_mutex resizeLock_;
};

class Txn {
 public:
  enum class Mode { READ, WRITE };
  Txn(Env& env, Mode mode);
  ~Txn();
  Txn(const Txn&) = delete;
  Txn& operator=(const Txn&) = delete;

  MDB_txn* get() const { return txn_; }
  bool readOnly() const { return mode_ == Mode::READ; }
  Env& env() const { return env_; }

  // Gives up the handle before committing: LMDB frees the transaction even when commit fails.
  void commit();
  void abort();

  MDB_dbi openDb(const char* name, unsigned flags);
  std::optional<std::string_view> get(MDB_dbi dbi, std::string_view key) const;
  void put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags = 0);
  // Reserves `size` bytes for the value and returns where to write them.
  char* reserve(MDB_dbi dbi, std::string_view key, size_t size, unsigned flags = 0);
  // Returns false when the key (or key/value pair for DUPSORT) was not there.
  bool del(MDB_dbi dbi, std::string_view key, const std::string_view* value = nullptr);

 private:
  Env& env_;
  Mode mode_;
  MDB_txn* txn_ = nullptr;
  std::shared_lock<std::shared_mutex> resizeGuard_;
};

class Cursor {
 public:
  Cursor(const Txn& txn, MDB_dbi dbi);
  ~Cursor();
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  MDB_cursor* get() const { return cursor_; }
  // Positions the cursor with `op`; returns false on MDB_NOTFOUND.
  bool op(MDB_cursor_op op, MDB_val& key, MDB_val& value);
  // Seeks to the first key >= `key`.
  bool seek(std::string_view key, std::string_view& foundKey, std::string_view& foundValue);
  bool next(std::string_view& foundKey, std::string_view& foundValue);
  void put(std::string_view key, std::string_view value, unsigned flags);
  void del(unsigned flags = 0);

 private:
  MDB_cursor* cursor_ = nullptr;
};

// Big-endian fixed-width encodings: they sort in numeric order as LMDB compares bytes.
inline void putU64(char* p, uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}
inline void putU32(char* p, uint32_t v) {
  for (int i = 3; i >= 0; --i) {
    p[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}
inline uint64_t getU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
inline uint32_t getU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return __builtin_bswap32(v);
}
inline std::string u64Key(uint64_t v) {
  std::string s(8, '\0');
  putU64(s.data(), v);
  return s;
}

}  // namespace casegraph::lmdb
