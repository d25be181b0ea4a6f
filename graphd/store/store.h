// The CaseGraph property-graph store on LMDB. Start here.
//
//   auto store = GraphStore::open({.path = "data"});
//   uint64_t id = store->write([&](WriteTxn& w) { return w.createNode({"Person"}, props); });
//   auto snap = store->snapshot();                 // an MVCC read snapshot
//   snap->forEachNeighbor(id, Direction::BOTH, {}, [](const AdjEntry& e) { ...; return true; });
//
// Every read (by id, label scan, property lookup, adjacency) goes through `Reader`; that is
// the one place where a visibility filter will sit. Writes go through GraphStore::write, which
// runs one writer at a time and commits a batch atomically.
//
// Tables and encodings are documented in docs/storage-format.md.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graphd/store/errors.h"
#include "graphd/store/lmdb.h"
#include "schema/model/value.h"

namespace casegraph {

// 2: durations (Value.duration); 3: compact records of plain relationships (store.cpp)
inline constexpr uint32_t FORMAT_VERSION = 3;
inline constexpr std::string_view FORMAT_MAGIC = "casegraph-store";

enum class Direction : uint8_t { OUT = 0, IN = 1, BOTH = 2 };

// One adjacency entry as stored: the relationship's type, the node at its other end, its id.
struct AdjEntry {
  uint32_t type;
  uint64_t neighbour;
  uint64_t edge;
  Direction direction;  // OUT: this node is the start
};

inline constexpr size_t ADJ_ENTRY_SIZE = 20;  // type u32 BE, neighbour u64 BE, edge u64 BE

// The fields of one stored adjacency entry (ADJ_ENTRY_SIZE bytes at `p`), for callers that
// walk adjacency pages (Reader::forEachAdjPage) without decoding whole entries.
inline uint32_t adjEntryType(const char* p) { return lmdb::getU32(p); }
inline uint64_t adjEntryNeighbour(const char* p) { return lmdb::getU64(p + 4); }
inline uint64_t adjEntryEdge(const char* p) { return lmdb::getU64(p + 12); }

struct StoreOptions {
  std::string path;
  size_t mapSize = size_t{1} << 30;  // initial; grows when full
  bool noSync = false;
  bool writeMap = false;  // faster bulk writes; the file is sized to the map (sparse)
  bool readOnly = false;  // open an existing store only
};

struct Counts {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  std::vector<std::pair<std::string, uint64_t>> labels;  // sorted by name
  std::vector<std::pair<std::string, uint64_t>> types;
};

class GraphStore;

// Interned names: labels, relationship types, property keys, agencies, handling tags share one
// id space. The in-memory table is a superset of the `tokens` table: a writer assigns an id
// here first and writes it in its transaction; if that transaction aborts, the id stays
// reserved and is written again by the next transaction that needs the name. Ids are never
// reused, so a name's id is stable for the life of the store. Thread-safe.
class Tokens {
 public:
  std::optional<uint32_t> find(std::string_view name) const;
  std::string name(uint32_t id) const;  // throws StoreError for unknown ids
  // Returns the name's id, assigning the next free id when it is new.
  uint32_t ensure(std::string_view name);

 private:
  friend class GraphStore;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> names_;  // index = id; names_[0] = ""
};

// Reads over one LMDB transaction. Not thread-safe; one per thread.
class Reader {
 public:
  virtual ~Reader();

  std::optional<Node> node(uint64_t id) const;
  std::optional<Edge> edge(uint64_t id) const;
  bool nodeExists(uint64_t id) const;
  // Labels only (cheaper than node()).
  std::vector<uint32_t> nodeLabelIds(uint64_t id) const;

  // Calls fn(id) for each node with `label`, in id order, until fn returns false.
  void scanLabel(std::string_view label, const std::function<bool(uint64_t)>& fn) const;
  // All nodes in id order.
  void scanNodes(const std::function<bool(uint64_t)>& fn) const;
  void scanEdges(const std::function<bool(uint64_t)>& fn) const;
  // Nodes with `label` whose property `key` equals `value`, of the same type (0.0 and -0.0
  // are one float).
  void findEqual(std::string_view label, std::string_view key, const Value& value,
                 const std::function<bool(uint64_t)>& fn) const;
  // The same, with numbers compared across types as Cypher's `=` compares them (an integer
  // with a float as doubles): 1 finds 1 and 1.0, 0.0 finds 0, 0.0 and -0.0.
  void findEqualByValue(std::string_view label, std::string_view key, const Value& value,
                        const std::function<bool(uint64_t)>& fn) const;
  // Nodes with `label` whose string property `key` starts with `prefix` (of any length).
  void findPrefix(std::string_view label, std::string_view key, std::string_view prefix,
                  const std::function<bool(uint64_t)>& fn) const;

  // Adjacency of `node` in `dir`, optionally only relationship type `type` (a token id),
  // read a page at a time. fn returns false to stop. Returns false if stopped early.
  bool forEachNeighbor(uint64_t node, Direction dir, std::optional<uint32_t> type,
                       const std::function<bool(const AdjEntry&)>& fn) const;
  // Raw page access for hot loops: calls fn(entries, count, direction) with pointers into the
  // map (valid during the call) holding `count` packed ADJ_ENTRY_SIZE-byte entries. When fn
  // returns bool, false stops the scan (no further pages are read).
  template <typename Fn>
  void forEachAdjPage(uint64_t node, Direction dir, Fn&& fn) const;
  uint64_t degree(uint64_t node, Direction dir) const;
  // Every adjacency page of the store in key order (node, direction): a sequential scan for
  // whole-graph work. fn(node, direction, entries, count); pointers valid during the call.
  void scanAdjacency(const std::function<void(uint64_t, Direction, const char*, size_t)>& fn) const;

  Counts counts() const;
  // One more than the highest node id ever assigned (ids are below this).
  uint64_t nodeIdBound() const;
  const Tokens& tokens() const { return tokens_; }
  std::optional<uint32_t> tokenId(std::string_view name) const { return tokens_.find(name); }

  // Resolves a source system's record id to a node id (provenance lookup).
  std::optional<uint64_t> nodeBySource(std::string_view agency, std::string_view recordId) const;

  lmdb::Txn& txn() const { return *txn_; }

 protected:
  Reader(const GraphStore& store, std::unique_ptr<lmdb::Txn> txn);
  // Pages of one node's adjacency; with `fromType`, starting at the page that holds the first
  // entry of that type (MDB_GET_BOTH_RANGE), whose earlier entries the caller skips.
  bool adjPages(uint64_t node, Direction dir,
                const std::function<bool(const char*, size_t, Direction)>& fn,
                std::optional<uint32_t> fromType = std::nullopt) const;
  bool adjPagesBoth(uint64_t node,
                    const std::function<bool(const char*, size_t, Direction)>& fn) const;
  const GraphStore& store_;
  const Tokens& tokens_;
  std::unique_ptr<lmdb::Txn> txn_;
  // Adjacency cursors, reused across calls. Reads nest (a callback of one adjacency scan may
  // ask another node's degree), so each nesting level has its own cursor: sharing one would
  // move it under the outer scan.
  // One index lookup; false when fn stopped it.
  bool seekEqual(uint32_t labelId, uint32_t keyId, std::string_view key, const Value& value,
                 const std::function<bool(uint64_t)>& fn) const;
  bool seekEqual(uint32_t labelId, uint32_t keyId, std::string_view key, const Value& value,
                 std::string_view encoded, const std::function<bool(uint64_t)>& fn) const;
  class AdjCursor;
  mutable std::vector<std::unique_ptr<lmdb::Cursor>> adjCursors_;
  mutable size_t adjInUse_ = 0;
  void resetCursors() const;
};

// A read-only MVCC snapshot. Keep it short-lived: it pins old pages.
class Snapshot final : public Reader {
 public:
  explicit Snapshot(const GraphStore& store);
};

// The write side. Obtained only inside GraphStore::write. Reads see the transaction's own
// writes.
class WriteTxn final : public Reader {
 public:
  uint64_t createNode(const std::vector<std::string>& labels, const PropertyMap& props,
                      const Provenance& provenance = {}, std::string_view handling = HANDLING_OPEN);
  // Throws InvalidWrite when start or end does not exist.
  uint64_t createEdge(std::string_view type, uint64_t start, uint64_t end, const PropertyMap& props,
                      const Provenance& provenance = {}, std::string_view handling = HANDLING_OPEN,
                      int64_t validFrom = TIME_MIN, int64_t validTo = TIME_MAX);
  // Sets (non-null) and removes (null value) properties; adds/removes labels. false = no node.
  bool updateNode(uint64_t id, const PropertyMap& set,
                  const std::vector<std::string>& addLabels = {},
                  const std::vector<std::string>& removeLabels = {});
  bool updateEdge(uint64_t id, const PropertyMap& set);
  enum class DeleteResult { DELETED, NOT_FOUND, HAS_RELATIONSHIPS };
  // Without `detach`, a node that still has relationships is not deleted.
  DeleteResult deleteNode(uint64_t id, bool detach);
  bool deleteEdge(uint64_t id);
  // Replaces a whole node (labels, properties) keeping its id. false = no node.
  bool putNode(const Node& node);

  uint32_t intern(std::string_view name);

 private:
  friend class GraphStore;
  friend class BulkLoader;
  WriteTxn(GraphStore& store, std::unique_ptr<lmdb::Txn> txn);
  void commit();
  void writeNode(uint64_t id, const Node& n, const std::vector<uint32_t>& labelIds, bool append);
  void indexNode(uint64_t id, const std::vector<uint32_t>& labelIds, const Node& n, bool add);
  void bumpCount(std::string_view counter, int64_t delta);
  uint64_t nextId(std::string_view counter);
  void removeEdgeRecord(uint64_t id, const Edge& e);
  GraphStore& wstore_;
  std::unordered_map<uint32_t, bool> writtenTokens_;  // token ids known to be in this txn's db
  std::unordered_map<std::string, int64_t> countDeltas_;
};

class GraphStore {
 public:
  // Opens or creates the store in directory options.path. Throws StoreError with a readable
  // message for a directory that is not a CaseGraph store or is of a newer format.
  static std::unique_ptr<GraphStore> open(const StoreOptions& options);
  ~GraphStore();
  GraphStore(const GraphStore&) = delete;
  GraphStore& operator=(const GraphStore&) = delete;

  std::unique_ptr<Snapshot> snapshot() const { return std::make_unique<Snapshot>(*this); }

  // Runs fn in a write transaction and commits it; one writer at a time. When the map is full
  // the transaction is rolled back, the map grown and fn run again, so fn must be repeatable
  // (build its effects only through the WriteTxn). If fn throws, nothing is written.
  template <typename Fn>
  auto write(Fn&& fn) -> decltype(fn(std::declval<WriteTxn&>()));

  const Tokens& tokens() const { return tokens_; }
  Tokens& tokens() { return tokens_; }
  lmdb::Env& env() const { return *env_; }
  const std::string& path() const { return path_; }
  void sync() { env_->sync(true); }

  struct Tables {
    MDB_dbi meta, tokens, nodes, edges, adj, labels, props, sources, audit;
  };
  const Tables& tables() const { return tables_; }

 private:
  friend class Reader;
  friend class WriteTxn;
  friend class BulkLoader;
  GraphStore() = default;
  void loadTokens();
  std::unique_ptr<WriteTxn> beginWrite();

  std::string path_;
  std::unique_ptr<lmdb::Env> env_;
  Tables tables_{};
  Tokens tokens_;
  std::mutex writeMutex_;
};

// --- key encodings (docs/storage-format.md) ---------------------------------------------------
namespace keys {
std::string adj(uint64_t node, Direction dir);  // 9 bytes
void encodeAdj(char* out, uint32_t type, uint64_t neighbour, uint64_t edge);
std::string label(uint32_t label, uint64_t node);  // 12 bytes
// Order-preserving encoding of an indexable value; false if the value is not indexed.
bool indexValue(const Value& v, std::string& out);
// The key earlier builds wrote for -0.0, now keyed as 0.0: lookups and deletes of a float
// zero also visit it, so a store written by them stays correct.
std::string legacyNegativeZero();
std::string prop(uint32_t label, uint32_t key, std::string_view encodedValue, uint64_t node);
std::string source(uint32_t agency, std::string_view recordId);
}  // namespace keys

// --- records ---------------------------------------------------------------------------------
// Serialises records as packed Cap'n Proto NodeRecord / EdgeRecord, or a plain relationship (no
// properties, source record id, handling tag or valid time) in a compact form of its own
// (docs/storage-format.md). Names (property keys, agency, handling tag) become token ids
// through `intern`; the WriteTxn forms intern and persist them in the transaction.
using TokenFn = std::function<uint32_t(std::string_view)>;
std::string encodeNode(const Node& n, const std::vector<uint32_t>& labelIds, const TokenFn& intern);
std::string encodeEdge(const Edge& e, uint32_t typeId, const TokenFn& intern);
std::string encodeNode(const Node& n, const std::vector<uint32_t>& labelIds, WriteTxn& w);
std::string encodeEdge(const Edge& e, uint32_t typeId, WriteTxn& w);

template <typename Fn>
void Reader::forEachAdjPage(uint64_t node, Direction dir, Fn&& fn) const {
  adjPages(node, dir, [&](const char* p, size_t n, Direction d) {
    if constexpr (std::is_same_v<decltype(fn(p, n, d)), bool>) {
      return fn(p, n, d);
    } else {
      fn(p, n, d);
      return true;
    }
  });
}

template <typename Fn>
auto GraphStore::write(Fn&& fn) -> decltype(fn(std::declval<WriteTxn&>())) {
  std::lock_guard lock(writeMutex_);
  for (;;) {
    try {
      auto w = beginWrite();
      if constexpr (std::is_void_v<decltype(fn(*w))>) {
        fn(*w);
        w->commit();
        return;
      } else {
        auto result = fn(*w);
        w->commit();
        return result;
      }
    } catch (const lmdb::Error& e) {
      if (!e.mapFull()) throw;
      env_->growMap();
    }
  }
}

}  // namespace casegraph
