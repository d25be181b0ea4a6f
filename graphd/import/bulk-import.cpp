#include "graphd/import/bulk-import.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "schema/model/catalogue.h"
#include "graphd/import/key-sort.h"
#include "graphd/store/store.h"

namespace casegraph {

using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t MAX_WARNING_SAMPLES = 5;
constexpr size_t MAX_UNKNOWN_ID_LINES = 20;

std::string where(const CsvReader& r) { return r.path() + ":" + std::to_string(r.line()); }

// A relationship waiting for its adjacency entries.
struct PendingEdge {
  uint64_t start;
  uint64_t end;
  uint32_t type;
};

// Reports progress about twice a second.
class Progress {
 public:
  Progress(const ImportOptions& o, uint64_t totalBytes) : options_(o), total_(totalBytes) {}

  void tick(const char* phase, uint64_t rows, uint64_t bytesDone) {
    if (!options_.progress || (++calls_ & 0xfff) != 0) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? double(bytesDone) / secs : 0;
    const double eta = rate > 0 ? double(total_ - std::min(total_, bytesDone)) / rate : 0;
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s: %llu rows, %.0f rows/s, %.0f%% of input, ETA %.0fs", phase,
                  static_cast<unsigned long long>(rows), secs > 0 ? rows / secs : 0.0,
                  total_ ? 100.0 * bytesDone / total_ : 100.0, eta);
    options_.progress(buf);
  }
  void say(const std::string& s) {
    if (options_.progress) options_.progress(s);
  }

 private:
  const ImportOptions& options_;
  uint64_t total_;
  uint64_t calls_ = 0;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
};

// CSV node ids -> store ids. Ids that are small non-negative integers (the common case) live in
// a dense array per id space; others in a hash map.
class IdMap {
 public:
  // Returns false when (space, id) is already mapped.
  bool insert(std::string_view space, std::string_view id, uint64_t value) {
    uint64_t n;
    if (dense(id, n)) {
      auto& v = spaces_[std::string(space)];
      if (n >= v.size()) v.resize(std::max<uint64_t>(n + 1, v.size() * 2), 0);
      if (v[n] != 0) return false;
      v[n] = value;
      return true;
    }
    return other_.emplace(key(space, id), value).second;
  }
  // 0 when unknown.
  uint64_t find(std::string_view space, std::string_view id) {
    uint64_t n;
    if (dense(id, n)) {
      if (space != lastSpace_ || !last_) {
        auto it = spaces_.find(std::string(space));
        last_ = it == spaces_.end() ? nullptr : &it->second;
        lastSpace_ = std::string(space);
      }
      return last_ && n < last_->size() ? (*last_)[n] : 0;
    }
    auto it = other_.find(key(space, id));
    return it == other_.end() ? 0 : it->second;
  }

 private:
  static constexpr uint64_t DENSE_LIMIT = uint64_t{1} << 26;
  static bool dense(std::string_view id, uint64_t& n) {
    if (id.empty() || id.size() > 9 || (id.size() > 1 && id[0] == '0')) return false;
    n = 0;
    for (const char c : id) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n < DENSE_LIMIT;
  }
  static std::string key(std::string_view space, std::string_view id) {
    std::string k(space);
    k += '\0';
    k += id;
    return k;
  }
  std::unordered_map<std::string, std::vector<uint64_t>> spaces_;
  std::unordered_map<std::string, uint64_t> other_;
  std::vector<uint64_t>* last_ = nullptr;
  std::string lastSpace_;
};

constexpr size_t CHUNK_ROWS = 4096;

// A name-to-token function that remembers its last few answers: import rows repeat the same
// few names (type, property keys, agency), and the full lookup takes a lock.
class RecentNames {
 public:
  explicit RecentNames(std::function<uint32_t(std::string_view)> lookup)
      : lookup_(std::move(lookup)) {}
  uint32_t operator()(std::string_view name) {
    for (const auto& [n, id] : recent_) {
      if (n == name) return id;
    }
    const uint32_t id = lookup_(name);
    if (recent_.size() == 8) recent_.erase(recent_.begin());
    recent_.emplace_back(std::string(name), id);
    return id;
  }

 private:
  std::function<uint32_t(std::string_view)> lookup_;
  std::vector<std::pair<std::string, uint32_t>> recent_;
};

// Joins a helper thread when the scope ends, also when it ends by an exception.
struct JoinOnExit {
  std::thread& thread;
  ~JoinOnExit() {
    if (thread.joinable()) thread.join();
  }
};

// A relationship as the parser thread reads it; the writer encodes and stores it.
struct ParsedEdge {
  PendingEdge pending;
  PropertyMap properties;
  int64_t validFrom = TIME_MIN;
  int64_t validTo = TIME_MAX;
};

// A bounded hand-over of chunks from one producer thread to one consumer thread.
template <typename T>
class ChunkQueue {
 public:
  void push(std::vector<T>&& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || chunks_.size() < MAX_CHUNKS; });
    if (stopped_) return;
    chunks_.push_back(std::move(chunk));
    changed_.notify_all();
  }
  enum class Polled { CHUNK, NONE_YET, DONE };
  // Takes a chunk if one is ready, without waiting.
  Polled poll(std::vector<T>& out) {
    std::unique_lock lock(mutex_);
    if (chunks_.empty()) return closed_ ? Polled::DONE : Polled::NONE_YET;
    out = std::move(chunks_.front());
    chunks_.pop_front();
    changed_.notify_all();
    return Polled::CHUNK;
  }
  // false once the producer closed the queue and it is empty.
  bool pop(std::vector<T>& out) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || !chunks_.empty(); });
    if (chunks_.empty()) return false;
    out = std::move(chunks_.front());
    chunks_.pop_front();
    changed_.notify_all();
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  // The consumer gave up: the producer's pushes return at once.
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

 private:
  static constexpr size_t MAX_CHUNKS = 8;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<T>> chunks_;
  bool closed_ = false;
  bool stopped_ = false;
};

}  // namespace

// Friend of the store: writes tables directly, in key order, inside one write transaction.
class BulkLoader {
 public:
  BulkLoader(WriteTxn& w, const ImportOptions& o, uint64_t totalBytes)
      : w_(w), txn_(*w.txn_), t_(w.store_.tables()), o_(o), progress_(o, totalBytes) {}

  ImportSummary run() {
    const auto started = Clock::now();
    {
      const Counts c = w_.counts();
      if (c.nodes != 0 || c.edges != 0) {
        throw ImportError(
            "the data directory already holds a graph (" + std::to_string(c.nodes) +
            " nodes); graphd import loads into an empty data directory. Use 'graphctl import' "
            "to add data to a live graph");
      }
    }
    ingest_.micros = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    agencyId_ = w_.intern(o_.source);
    for (const auto& f : o_.nodeFiles) loadNodes(f);
    progress_.say("nodes: " + std::to_string(nextNode_ - 1) + " imported");
    {
      // The index keys are sorted on a thread of their own while the relationships load: that
      // phase is bound by its parser thread and leaves CPU to spare. Once they are sorted,
      // this thread writes them while it waits for relationships (only this thread touches
      // the transaction).
      std::thread sorter([this] {
        sortIndexKeys();
        keysSorted_ = true;
      });
      const JoinOnExit joiner{sorter};
      for (const auto& f : o_.relationshipFiles) loadRelationships(f);
      sorter.join();
      while (indexes_.writeSome(*this, SIZE_MAX)) {
      }
    }
    progress_.say("relationships: " + std::to_string(edges_.size()) +
                  " imported; writing the adjacency");
    planAndWriteAdjacency();
    setCounter("next_node", nextNode_);
    setCounter("next_edge", edges_.size() + 1);
    w_.bumpCount("count:nodes", static_cast<int64_t>(nextNode_ - 1));
    w_.bumpCount("count:edges", static_cast<int64_t>(edges_.size()));
    for (const auto& [label, n] : labelCounts_) {
      w_.bumpCount("count:label:" + std::to_string(label), static_cast<int64_t>(n));
    }
    for (const auto& [type, n] : typeCounts_) {
      w_.bumpCount("count:type:" + std::to_string(type), static_cast<int64_t>(n));
    }
    summary_.nodes = nextNode_ - 1;
    summary_.relationships = edges_.size();
    summary_.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary_;
  }

 private:
  void open(CsvReader& r, const std::string& path, std::vector<Column>& columns) {
    if (auto err = openWithHeader(r, path, o_.csv, columns)) throw ImportError(*err);
  }

  void warn(const std::string& what) {
    ++summary_.warnings;
    if (summary_.warningSamples.size() < MAX_WARNING_SAMPLES) {
      summary_.warningSamples.push_back(what);
    }
  }

  void loadNodes(const ImportFile& file) {
    CsvReader r;
    std::vector<Column> cols;
    open(r, file.path, cols);
    int idCol = -1;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].kind == ColumnKind::START_ID || cols[i].kind == ColumnKind::END_ID ||
          cols[i].kind == ColumnKind::TYPE) {
        throw ImportError(file.path + ":1: a node file cannot have a :START_ID, :END_ID or " +
                          ":TYPE column (is it a relationships file?)");
      }
      if (cols[i].kind == ColumnKind::ID) idCol = static_cast<int>(i);
    }
    std::vector<std::string_view> fields, labelParts;
    std::vector<std::string> labels;
    std::vector<uint32_t> labelIds;
    std::string error, record;
    const uint64_t bytesBefore = summary_.bytes;
    while (r.next(fields)) {
      if (fields.size() != cols.size()) {
        throw ImportError(where(r) + ": expected " + std::to_string(cols.size()) +
                          " fields as in the header, found " + std::to_string(fields.size()));
      }
      Node n;
      n.id = nextNode_;
      labels = file.names;
      for (size_t i = 0; i < cols.size(); ++i) {
        const Column& c = cols[i];
        switch (c.kind) {
          case ColumnKind::LABEL:
            splitLabels(fields[i], o_.csv.arrayDelimiter, labelParts);
            for (auto l : labelParts) labels.emplace_back(l);
            break;
          case ColumnKind::ID:
            if (c.name.empty()) break;
            [[fallthrough]];
          case ColumnKind::PROPERTY: {
            Value v;
            if (!convertField(fields[i], c, o_.csv, v, error)) {
              throw ImportError(where(r) + ": " + error);
            }
            if (!v.isNull()) n.properties.emplace(c.name, std::move(v));
            break;
          }
          default:
            break;
        }
      }
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
      n.labels = labels;
      if (idCol >= 0) {
        const auto& space = cols[idCol].idSpace;
        const std::string_view idText = fields[idCol];
        if (idText.empty()) throw ImportError(where(r) + ": the :ID field is empty");
        if (!ids_.insert(space, idText, n.id)) {
          throw ImportError(where(r) + ": duplicate node id '" + std::string(idText) + "'" +
                            (space.empty() ? "" : " in id space " + space));
        }
        n.provenance.recordId =
            space.empty() ? std::string(idText) : space + ":" + std::string(idText);
      }
      n.provenance.agency = o_.source;
      n.provenance.ingestTime = ingest_;
      if (o_.catalogue) {
        if (auto problem = o_.catalogue->checkNode(n.labels, n.properties)) {
          warn(where(r) + ": " + *problem);
        }
      }
      labelIds.clear();
      for (const auto& l : n.labels) {
        const uint32_t id = w_.intern(l);
        labelIds.push_back(id);
        ++labelCounts_[id];
      }
      w_.writeNode(n.id, n, labelIds, true);
      for (const uint32_t l : labelIds) {
        labelKeys_.push_back(keys::label(l, n.id));
        for (const auto& [k, v] : n.properties) {
          std::string enc;
          if (keys::indexValue(v, enc)) propKeys_.push_back(keys::prop(l, w_.intern(k), enc, n.id));
        }
      }
      if (!n.provenance.recordId.empty()) {
        sourceKeys_.emplace_back(keys::source(agencyId_, n.provenance.recordId), n.id);
      }
      ++nextNode_;
      progress_.tick("nodes", nextNode_ - 1, bytesBefore + r.bytesRead());
    }
    if (r.failed()) throw ImportError(r.error());
    summary_.bytes += r.size();
  }

  void sortIndexKeys() {
    for (auto* keys : {&labelKeys_, &propKeys_}) {
      sortKeys(*keys);
      keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
    }
    // Pairs with equal keys (rare: "a:1" without an id space and "1" in id space "a") by node
    // id.
    sortByKey(sourceKeys_, [](const auto& k) { return std::string_view(k.first); });
  }

  uint64_t resolve(const CsvReader& r, const Column& c, std::string_view text, const char* what) {
    if (const uint64_t id = ids_.find(c.idSpace, text)) return id;
    ++unknownIds_;
    if (unknownLines_.size() < MAX_UNKNOWN_ID_LINES) {
      unknownLines_.push_back(where(r) + ": " + what + " node id '" + std::string(text) + "'" +
                              (c.idSpace.empty() ? "" : " (id space " + c.idSpace + ")") +
                              " is not in any nodes file");
    }
    return 0;
  }

  void loadRelationships(const ImportFile& file) {
    CsvReader r;
    std::vector<Column> cols;
    open(r, file.path, cols);
    int startCol = -1, endCol = -1, typeCol = -1;
    for (size_t i = 0; i < cols.size(); ++i) {
      if (cols[i].kind == ColumnKind::START_ID) startCol = static_cast<int>(i);
      if (cols[i].kind == ColumnKind::END_ID) endCol = static_cast<int>(i);
      if (cols[i].kind == ColumnKind::TYPE) typeCol = static_cast<int>(i);
    }
    if (startCol < 0 || endCol < 0) {
      throw ImportError(file.path + ":1: a relationships file needs :START_ID and :END_ID");
    }
    if (typeCol < 0 && file.names.empty()) {
      throw ImportError(file.path + ":1: no :TYPE column and no type given (TYPE=" + file.path +
                        ")");
    }
    // Two stages on two threads: a parser (CSV, ids, values) feeds chunks of relationships to
    // this thread, which owns the write transaction (LMDB's rule) and encodes and stores them.
    const std::string fileType = file.names.empty() ? std::string() : file.names.front();
    const uint64_t bytesBefore = summary_.bytes;
    // The work is split between two threads: the parser reads CSV, resolves ids and converts
    // values; this thread (which owns the write transaction, LMDB's rule) encodes the records
    // and stores them, and writes index keys while it waits.
    ChunkQueue<ParsedEdge> queue;
    Tokens& tokens = w_.wstore_.tokens();
    // Type names get ids from the shared table on the parser thread; this thread writes new
    // ones to the tokens table. Rows repeat the same few names, so the last few answers are
    // remembered instead of asking the shared table (or the transaction) every time.
    RecentNames parserNames([&tokens](std::string_view name) { return tokens.ensure(name); });
    RecentNames writerNames([this](std::string_view name) { return w_.intern(name); });
    std::string parseError;
    std::atomic<uint64_t> bytesParsed{0};
    std::thread parser([&] {
      try {
        std::vector<std::string_view> fields;
        std::string error;
        std::vector<ParsedEdge> chunk;
        auto fail = [&](const std::string& what) { throw ImportError(where(r) + ": " + what); };
        while (!queue.stopped() && r.next(fields)) {
          if (fields.size() != cols.size()) {
            fail("expected " + std::to_string(cols.size()) + " fields as in the header, found " +
                 std::to_string(fields.size()));
          }
          ParsedEdge e;
          e.pending.start = resolve(r, cols[startCol], fields[startCol], "start");
          e.pending.end = resolve(r, cols[endCol], fields[endCol], "end");
          const std::string_view type = typeCol >= 0 && !fields[typeCol].empty()
                                            ? fields[typeCol]
                                            : std::string_view(fileType);
          if (type.empty()) fail("the :TYPE field is empty");
          for (size_t i = 0; i < cols.size(); ++i) {
            if (cols[i].kind != ColumnKind::PROPERTY) continue;
            Value v;
            if (!convertField(fields[i], cols[i], o_.csv, v, error)) fail(error);
            if (v.isNull()) continue;
            if (cols[i].name == "validFrom" || cols[i].name == "validTo") {
              if (!isInstant(v)) {
                fail("column '" + cols[i].name +
                     "' holds the relationship's valid time and must be a datetime");
              }
              (cols[i].name == "validFrom" ? e.validFrom : e.validTo) = v.asDateTime().micros;
            }
            e.properties.emplace(cols[i].name, std::move(v));
          }
          if (e.validFrom > e.validTo) fail("validFrom is after validTo");
          if (e.pending.start == 0 || e.pending.end == 0) continue;
          e.pending.type = parserNames(type);
          chunk.push_back(std::move(e));
          if (chunk.size() == CHUNK_ROWS) {
            bytesParsed = r.bytesRead();
            queue.push(std::move(chunk));
            chunk.clear();
          }
        }
        if (r.failed()) throw ImportError(r.error());
        if (!chunk.empty()) queue.push(std::move(chunk));
      } catch (const std::exception& e) {
        parseError = e.what();
      }
      queue.close();
    });
    try {
      std::vector<ParsedEdge> chunk;
      lmdb::Cursor edges(txn_, t_.edges);
      char key[8];
      Edge e;  // reused: the record's fields that are the same for every row are set once
      e.provenance.agency = o_.source;
      e.provenance.ingestTime = ingest_;
      const TokenFn intern = [&writerNames](std::string_view name) { return writerNames(name); };
      for (;;) {
        const auto polled = queue.poll(chunk);
        if (polled == ChunkQueue<ParsedEdge>::Polled::DONE) break;
        if (polled == ChunkQueue<ParsedEdge>::Polled::NONE_YET) {
          // Waiting for the parser: write some index keys meanwhile, if they are sorted.
          if (!keysSorted_ || !indexes_.writeSome(*this, INDEX_KEYS_PER_WAIT)) {
            if (!queue.pop(chunk)) break;
          } else {
            continue;
          }
        }
        for (auto& p : chunk) {
          if (persistedTypes_.insert(p.pending.type).second) {
            w_.intern(tokens.name(p.pending.type));  // a type new to this transaction
          }
          e.start = p.pending.start;
          e.end = p.pending.end;
          e.properties = std::move(p.properties);
          e.validFrom = p.validFrom;
          e.validTo = p.validTo;
          const uint64_t id = edges_.size() + 1;
          lmdb::putU64(key, id);
          edges.put(std::string_view(key, 8), encodeEdge(e, p.pending.type, intern), MDB_APPEND);
          edges_.push_back(p.pending);
          ++typeCounts_[p.pending.type];
        }
        progress_.tick("relationships", edges_.size(), bytesBefore + bytesParsed);
      }
    } catch (...) {
      queue.stop();
      parser.join();
      throw;
    }
    parser.join();
    if (!parseError.empty()) throw ImportError(parseError);
    summary_.bytes += r.size();
    if (unknownIds_ > 0) {
      std::string msg;
      for (const auto& l : unknownLines_) msg += l + "\n";
      if (unknownIds_ > unknownLines_.size()) {
        msg += "... and " + std::to_string(unknownIds_ - unknownLines_.size()) + " more\n";
      }
      msg += std::to_string(unknownIds_) + " relationship endpoint(s) refer to unknown node ids";
      throw ImportError(msg);
    }
  }

  // The adjacency table's contents in key order, built without a global sort: count the
  // entries of each (node, direction), place each entry in its slot, then sort each node's
  // (mostly small) run and encode it.
  struct AdjPlan {
    std::vector<uint64_t> offset;  // slot (2 * node + direction) -> first entry
    std::vector<char> entries;     // encoded, ADJ_ENTRY_SIZE bytes each
  };

  // Two threads share the planning: each places and sorts the entries of half of the slots.
  // This thread writes its half to the table while the other still plans the second.
  void planAndWriteAdjacency() {
    struct Entry {
      uint32_t type;
      uint64_t neighbour;
      uint64_t edge;
      bool operator<(const Entry& o) const {
        return type != o.type             ? type < o.type
               : neighbour != o.neighbour ? neighbour < o.neighbour
                                          : edge < o.edge;
      }
    };
    AdjPlan plan;
    plan.offset.assign(2 * nextNode_ + 1, 0);
    auto& offset = plan.offset;
    for (const auto& e : edges_) {
      ++offset[2 * e.start + 1];
      ++offset[2 * e.end + 1 + 1];
    }
    for (size_t i = 1; i < offset.size(); ++i) offset[i] += offset[i - 1];
    std::vector<Entry> entries(offset.back());
    plan.entries.resize(entries.size() * ADJ_ENTRY_SIZE);
    std::vector<uint64_t> fill(offset.begin(), offset.end() - 1);
    // Slots [lo, hi): place their entries (every thread reads all relationships and keeps
    // those of its slots), then sort and encode each slot's run.
    auto work = [&](uint64_t lo, uint64_t hi) {
      for (size_t i = 0; i < edges_.size(); ++i) {
        const auto& e = edges_[i];
        if (const uint64_t s = 2 * e.start; s >= lo && s < hi) {
          entries[fill[s]++] = Entry{e.type, e.end, i + 1};
        }
        if (const uint64_t s = 2 * e.end + 1; s >= lo && s < hi) {
          entries[fill[s]++] = Entry{e.type, e.start, i + 1};
        }
      }
      for (uint64_t slot = lo; slot < hi; ++slot) {
        const auto begin = static_cast<ptrdiff_t>(offset[slot]);
        const auto end = static_cast<ptrdiff_t>(offset[slot + 1]);
        std::sort(entries.begin() + begin, entries.begin() + end);
        for (auto i = begin; i < end; ++i) {
          const Entry& e = entries[static_cast<size_t>(i)];
          keys::encodeAdj(&plan.entries[static_cast<size_t>(i) * ADJ_ENTRY_SIZE], e.type,
                          e.neighbour, e.edge);
        }
      }
    };
    // Split where half of the entries lie before.
    const uint64_t slots = offset.size() - 1;
    const uint64_t middle = static_cast<uint64_t>(
        std::lower_bound(offset.begin(), offset.end() - 1, offset.back() / 2) - offset.begin());
    std::thread other([&] { work(middle, slots); });
    const JoinOnExit joiner{other};
    work(0, middle);
    writeAdjacency(plan, 0, middle);
    other.join();
    writeAdjacency(plan, middle, slots);
  }

  // Writes the planned entries of slots [lo, hi), which follow those already written.
  void writeAdjacency(const AdjPlan& plan, uint64_t lo, uint64_t hi) {
    lmdb::Cursor c(txn_, t_.adj);
    char key[9];
    uint64_t written = plan.offset[lo];
    for (uint64_t slot = lo; slot < hi; ++slot) {
      const uint64_t begin = plan.offset[slot], end = plan.offset[slot + 1];
      if (begin == end) continue;
      const size_t count = end - begin;
      lmdb::putU64(key, slot / 2);
      key[8] = static_cast<char>(slot % 2);
      MDB_val k{9, key};
      MDB_val data[2] = {{ADJ_ENTRY_SIZE, const_cast<char*>(&plan.entries[begin * ADJ_ENTRY_SIZE])},
                         {count, nullptr}};
      lmdb::check(mdb_cursor_put(c.get(), &k, data, MDB_MULTIPLE | MDB_APPEND | MDB_APPENDDUP),
                  "writing table adj");
      written += count;
      progress_.tick("adjacency", written, summary_.bytes);
    }
  }

  // Writes the sorted index keys (labels, props, sources) a slice at a time, so that the
  // writing can fill the waits of the relationship phase.
  class IndexWriter {
   public:
    // Writes up to `n` keys; false when every key is written.
    bool writeSome(BulkLoader& l, size_t n) {
      while (n > 0) {
        if (stage_ == 3) return false;
        if (!cursor_) {
          const MDB_dbi dbi = stage_ == 0 ? l.t_.labels : stage_ == 1 ? l.t_.props : l.t_.sources;
          cursor_ = std::make_unique<lmdb::Cursor>(l.txn_, dbi);
          pos_ = 0;
        }
        const size_t size = stage_ == 0   ? l.labelKeys_.size()
                            : stage_ == 1 ? l.propKeys_.size()
                                          : l.sourceKeys_.size();
        const size_t end = pos_ + std::min(n, size - pos_);  // n may be SIZE_MAX
        n -= end - pos_;
        for (; pos_ < end; ++pos_) {
          if (stage_ == 2) {
            char val[9];
            val[0] = 'n';
            lmdb::putU64(val + 1, l.sourceKeys_[pos_].second);
            cursor_->put(l.sourceKeys_[pos_].first, std::string_view(val, 9), MDB_APPEND);
          } else {
            cursor_->put(stage_ == 0 ? l.labelKeys_[pos_] : l.propKeys_[pos_], {}, MDB_APPEND);
          }
        }
        if (pos_ == size) {
          // Done with this table: free its keys, go on to the next.
          if (stage_ == 0) std::vector<std::string>().swap(l.labelKeys_);
          if (stage_ == 1) std::vector<std::string>().swap(l.propKeys_);
          if (stage_ == 2) decltype(l.sourceKeys_)().swap(l.sourceKeys_);
          cursor_.reset();
          ++stage_;
        }
      }
      return stage_ < 3;
    }

   private:
    int stage_ = 0;
    size_t pos_ = 0;
    std::unique_ptr<lmdb::Cursor> cursor_;
  };
  static constexpr size_t INDEX_KEYS_PER_WAIT = 2048;

  void setCounter(const char* name, uint64_t value) {
    char buf[8];
    lmdb::putU64(buf, value);
    txn_.put(t_.meta, name, std::string_view(buf, 8));
  }

  WriteTxn& w_;
  lmdb::Txn& txn_;
  const GraphStore::Tables& t_;
  const ImportOptions& o_;
  Progress progress_;
  ImportSummary summary_;
  DateTime ingest_;
  uint32_t agencyId_ = 0;
  uint64_t nextNode_ = 1;
  IdMap ids_;
  std::vector<std::string> labelKeys_, propKeys_;
  std::vector<std::pair<std::string, uint64_t>> sourceKeys_;
  std::unordered_map<uint32_t, uint64_t> labelCounts_, typeCounts_;
  std::vector<PendingEdge> edges_;
  std::atomic<bool> keysSorted_{false};          // set by the sorter thread
  std::unordered_set<uint32_t> persistedTypes_;  // relationship types written to the txn
  IndexWriter indexes_;
  uint64_t unknownIds_ = 0;
  std::vector<std::string> unknownLines_;
};

ImportSummary bulkImport(GraphStore& store, const ImportOptions& options) {
  uint64_t totalBytes = 0;
  for (const auto* files : {&options.nodeFiles, &options.relationshipFiles}) {
    for (const auto& f : *files) {
      CsvReader r;
      if (auto err = r.open(f.path, options.csv)) throw ImportError(*err);
      totalBytes += r.size();
    }
  }
  // Room for the whole import up front; the store still grows the map if this falls short.
  const size_t want = totalBytes * 8 + (size_t{64} << 20);
  if (store.env().mapSize() < want) store.env().growMap(want);
  ImportSummary summary = store.write([&](WriteTxn& w) {
    BulkLoader loader(w, options, totalBytes);
    return loader.run();
  });
  store.sync();
  return summary;
}

}  // namespace casegraph
