#include "graphd/store/lmdb.h"

#include <sys/stat.h>

#include <mutex>
#include <utility>

namespace casegraph::lmdb {

Error::Error(int code, const std::string& what)
    : StoreError(what + ": " + mdb_strerror(code)), code_(code) {}

void fail(int rc, std::string_view what) { throw Error(rc, std::string(what)); }

Env::Env(const std::string& path, const EnvOptions& options) : path_(path) {
  check(mdb_env_create(&env_), "mdb_env_create");
  try {
    check(mdb_env_set_maxdbs(env_, options.maxDbs), "mdb_env_set_maxdbs");
    check(mdb_env_set_maxreaders(env_, options.maxReaders), "mdb_env_set_maxreaders");
    // Keep an existing, larger map: never shrink below the file size.
    struct stat st {};
    size_t mapSize = options.mapSize;
    if (::stat((path + "/data.mdb").c_str(), &st) == 0 &&
        static_cast<size_t>(st.st_size) > mapSize) {
      mapSize = static_cast<size_t>(st.st_size);
    }
    check(mdb_env_set_mapsize(env_, mapSize), "mdb_env_set_mapsize");
    unsigned flags = MDB_NOTLS | MDB_NORDAHEAD;
    if (options.noSync) flags |= MDB_NOSYNC;
    if (options.writeMap) flags |= MDB_WRITEMAP;
    check(mdb_env_open(env_, path.c_str(), flags, 0644), "opening LMDB environment in " + path);
  } catch (...) {
    mdb_env_close(env_);
    env_ = nullptr;
    throw;
  }
}

Env::~Env() {
  if (env_) mdb_env_close(env_);
}

size_t Env::mapSize() const {
  MDB_envinfo info;
  check(mdb_env_info(env_, &info), "mdb_env_info");
  return info.me_mapsize;
}

uint64_t Env::usedBytes() const {
  MDB_envinfo info;
  MDB_stat st;
  check(mdb_env_info(env_, &info), "mdb_env_info");
  check(mdb_env_stat(env_, &st), "mdb_env_stat");
  return (static_cast<uint64_t>(info.me_last_pgno) + 1) * st.ms_psize;
}

void Env::growMap(size_t minSize) {
  std::unique_lock lock(resizeLock_);
  size_t size = mapSize() * 2;
  while (size < minSize) size *= 2;
  check(mdb_env_set_mapsize(env_, size), "growing the LMDB map of " + path_);
}

void Env::sync(bool force) { check(mdb_env_sync(env_, force ? 1 : 0), "mdb_env_sync"); }

Txn::Txn(Env& env, Mode mode) : env_(env), mode_(mode), resizeGuard_(env.resizeLock()) {
  check(mdb_txn_begin(env.get(), nullptr, mode == Mode::READ ? MDB_RDONLY : 0, &txn_),
        mode == Mode::READ ? "beginning a read transaction" : "beginning a write transaction");
}

Txn::~Txn() {
  if (txn_) mdb_txn_abort(txn_);
}

void Txn::commit() {
  MDB_txn* t = std::exchange(txn_, nullptr);
  if (!t) throw Error(EINVAL, "commit of a finished transaction");
  const int rc = mdb_txn_commit(t);
  if (resizeGuard_.owns_lock()) resizeGuard_.unlock();
  check(rc, "committing a transaction");
}

void Txn::abort() {
  if (MDB_txn* t = std::exchange(txn_, nullptr)) mdb_txn_abort(t);
  if (resizeGuard_.owns_lock()) resizeGuard_.unlock();
}

MDB_dbi Txn::openDb(const char* name, unsigned flags) {
  MDB_dbi dbi;
  check(mdb_dbi_open(txn_, name, flags, &dbi), std::string("opening table ") + name);
  return dbi;
}

std::optional<std::string_view> Txn::get(MDB_dbi dbi, std::string_view key) const {
  MDB_val k = val(key), v;
  const int rc = mdb_get(txn_, dbi, &k, &v);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check(rc, "mdb_get");
  return view(v);
}

void Txn::put(MDB_dbi dbi, std::string_view key, std::string_view value, unsigned flags) {
  MDB_val k = val(key), v = val(value);
  check(mdb_put(txn_, dbi, &k, &v, flags), "mdb_put");
}

char* Txn::reserve(MDB_dbi dbi, std::string_view key, size_t size, unsigned flags) {
  MDB_val k = val(key), v{size, nullptr};
  check(mdb_put(txn_, dbi, &k, &v, flags | MDB_RESERVE), "mdb_put(reserve)");
  return static_cast<char*>(v.mv_data);
}

bool Txn::del(MDB_dbi dbi, std::string_view key, const std::string_view* value) {
  MDB_val k = val(key), v;
  if (value) v = val(*value);
  const int rc = mdb_del(txn_, dbi, &k, value ? &v : nullptr);
  if (rc == MDB_NOTFOUND) return false;
  check(rc, "mdb_del");
  return true;
}

Cursor::Cursor(const Txn& txn, MDB_dbi dbi) {
  check(mdb_cursor_open(txn.get(), dbi, &cursor_), "mdb_cursor_open");
}

Cursor::~Cursor() {
  if (cursor_) mdb_cursor_close(cursor_);
}

bool Cursor::op(MDB_cursor_op o, MDB_val& key, MDB_val& value) {
  const int rc = mdb_cursor_get(cursor_, &key, &value, o);
  if (rc == MDB_NOTFOUND) return false;
  check(rc, "mdb_cursor_get");
  return true;
}

bool Cursor::seek(std::string_view key, std::string_view& foundKey, std::string_view& foundValue) {
  MDB_val k = val(key), v;
  if (!op(MDB_SET_RANGE, k, v)) return false;
  foundKey = view(k);
  foundValue = view(v);
  return true;
}

bool Cursor::next(std::string_view& foundKey, std::string_view& foundValue) {
  MDB_val k, v;
  if (!op(MDB_NEXT, k, v)) return false;
  foundKey = view(k);
  foundValue = view(v);
  return true;
}

void Cursor::put(std::string_view key, std::string_view value, unsigned flags) {
  MDB_val k = val(key), v = val(value);
  check(mdb_cursor_put(cursor_, &k, &v, flags), "mdb_cursor_put");
}

void Cursor::del(unsigned flags) { check(mdb_cursor_del(cursor_, flags), "mdb_cursor_del"); }

}  // namespace casegraph::lmdb
