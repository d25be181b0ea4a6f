#include "graphd/import.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <unordered_map>

#include "graphd/catalogue.h"
#include "graphd/store.h"

namespace casegraph {

using Clock = std::chrono::steady_clock;

ImportFile parseImportFileArg(const std::string& arg) {
  ImportFile f;
  const auto eq = arg.find('=');
  if (eq == std::string::npos) {
    f.path = arg;
    return f;
  }
  f.path = arg.substr(eq + 1);
  std::string_view names(arg.data(), eq);
  while (!names.empty()) {
    const auto colon = names.find(':');
    auto part = names.substr(0, colon);
    if (!part.empty()) f.labels.emplace_back(part);
    if (colon == std::string_view::npos) break;
    names.remove_prefix(colon + 1);
  }
  return f;
}

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
    std::snprintf(buf, sizeof buf, "%s: %llu rows, %.0f rows/s, %.0f%% of input, ETA %.0fs",
                  phase, static_cast<unsigned long long>(rows), secs > 0 ? rows / secs : 0.0,
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
    progress_.say("nodes: " + std::to_string(nextNode_ - 1) + " imported; indexing");
    writeSortedKeys(t_.labels, labelKeys_);
    writeSortedKeys(t_.props, propKeys_);
    writeSources();
    for (const auto& f : o_.relationshipFiles) loadRelationships(f);
    progress_.say("relationships: " + std::to_string(edges_.size()) +
                  " imported; building adjacency");
    writeAdjacency();
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
    if (auto err = r.open(path, o_.csv)) throw ImportError(*err);
    std::vector<std::string_view> fields;
    if (!r.next(fields)) {
      if (r.failed()) throw ImportError(r.error());
      throw ImportError(path + ": the file is empty (a header line was expected)");
    }
    HeaderResult h = parseHeader(fields);
    if (!h.error.empty()) throw ImportError(path + ":1: " + h.error);
    columns = std::move(h.columns);
  }

  void warn(const std::string& what) {
    ++summary_.warnings;
    if (summary_.warningSamples.size() < MAX_WARNING_SAMPLES) {
      summary_.warningSamples.push_back(what);
    }
  }

  static std::string idKey(std::string_view space, std::string_view id) {
    std::string k;
    k.reserve(space.size() + 1 + id.size());
    k += space;
    k += '\0';
    k += id;
    return k;
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
      labels = file.labels;
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
          default: break;
        }
      }
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
      n.labels = labels;
      if (idCol >= 0) {
        const auto& space = cols[idCol].idSpace;
        const std::string_view idText = fields[idCol];
        if (idText.empty()) throw ImportError(where(r) + ": the :ID field is empty");
        auto [it, inserted] = ids_.emplace(idKey(space, idText), n.id);
        if (!inserted) {
          throw ImportError(where(r) + ": duplicate node id '" + std::string(idText) + "'" +
                            (space.empty() ? "" : " in id space " + space));
        }
        n.provenance.recordId = space.empty() ? std::string(idText)
                                              : space + ":" + std::string(idText);
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

  void writeSortedKeys(MDB_dbi dbi, std::vector<std::string>& keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    lmdb::Cursor c(txn_, dbi);
    for (const auto& k : keys) c.put(k, {}, MDB_APPEND);
    std::vector<std::string>().swap(keys);
  }

  void writeSources() {
    std::sort(sourceKeys_.begin(), sourceKeys_.end());
    lmdb::Cursor c(txn_, t_.sources);
    char val[9];
    val[0] = 'n';
    for (const auto& [k, id] : sourceKeys_) {
      lmdb::putU64(val + 1, id);
      c.put(k, std::string_view(val, 9), MDB_APPEND);
    }
    decltype(sourceKeys_)().swap(sourceKeys_);
  }

  uint64_t resolve(const CsvReader& r, const Column& c, std::string_view text, const char* what) {
    auto it = ids_.find(idKey(c.idSpace, text));
    if (it != ids_.end()) return it->second;
    ++unknownIds_;
    if (unknownLines_.size() < MAX_UNKNOWN_ID_LINES) {
      unknownLines_.push_back(where(r) + ": " + what + " node id '" + std::string(text) +
                              "'" + (c.idSpace.empty() ? "" : " (id space " + c.idSpace + ")") +
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
    if (typeCol < 0 && file.labels.empty()) {
      throw ImportError(file.path + ":1: no :TYPE column and no type given (TYPE=" + file.path +
                        ")");
    }
    std::vector<std::string_view> fields;
    std::string error;
    std::string fileType = file.labels.empty() ? std::string() : file.labels.front();
    const uint64_t bytesBefore = summary_.bytes;
    while (r.next(fields)) {
      if (fields.size() != cols.size()) {
        throw ImportError(where(r) + ": expected " + std::to_string(cols.size()) +
                          " fields as in the header, found " + std::to_string(fields.size()));
      }
      Edge e;
      e.start = resolve(r, cols[startCol], fields[startCol], "start");
      e.end = resolve(r, cols[endCol], fields[endCol], "end");
      const std::string_view type = typeCol >= 0 && !fields[typeCol].empty()
                                        ? fields[typeCol]
                                        : std::string_view(fileType);
      if (type.empty()) throw ImportError(where(r) + ": the :TYPE field is empty");
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i].kind != ColumnKind::PROPERTY) continue;
        Value v;
        if (!convertField(fields[i], cols[i], o_.csv, v, error)) {
          throw ImportError(where(r) + ": " + error);
        }
        if (v.isNull()) continue;
        if (cols[i].name == "validFrom" || cols[i].name == "validTo") {
          if (v.type() != ValueType::DATETIME) {
            throw ImportError(where(r) + ": column '" + cols[i].name +
                              "' holds the relationship's valid time and must be a datetime");
          }
          (cols[i].name == "validFrom" ? e.validFrom : e.validTo) = v.asDateTime().micros;
        }
        e.properties.emplace(cols[i].name, std::move(v));
      }
      if (e.validFrom > e.validTo) throw ImportError(where(r) + ": validFrom is after validTo");
      progress_.tick("relationships", edges_.size(), bytesBefore + r.bytesRead());
      if (e.start == 0 || e.end == 0) continue;
      if (type != lastType_) {
        lastType_ = std::string(type);
        lastTypeId_ = w_.intern(type);
      }
      e.type = lastType_;
      e.provenance.agency = o_.source;
      e.provenance.ingestTime = ingest_;
      const uint64_t id = edges_.size() + 1;
      txn_.put(t_.edges, lmdb::u64Key(id), encodeEdge(e, lastTypeId_, w_), MDB_APPEND);
      edges_.push_back(PendingEdge{e.start, e.end, lastTypeId_});
      ++typeCounts_[lastTypeId_];
    }
    if (r.failed()) throw ImportError(r.error());
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

  // Adjacency in key order without a comparison sort: count entries per (node, direction),
  // place each entry in its slot, then sort only within each node's (small) run.
  void writeAdjacency() {
    const uint64_t nodes = nextNode_;
    std::vector<uint64_t> offset(2 * nodes + 1, 0);
    for (const auto& e : edges_) {
      ++offset[2 * e.start + 1];
      ++offset[2 * e.end + 1 + 1];
    }
    for (size_t i = 1; i < offset.size(); ++i) offset[i] += offset[i - 1];
    std::vector<char> entries(offset.back() * ADJ_ENTRY_SIZE);
    {
      std::vector<uint64_t> fill(offset.begin(), offset.end() - 1);
      for (size_t i = 0; i < edges_.size(); ++i) {
        const auto& e = edges_[i];
        keys::encodeAdj(&entries[fill[2 * e.start]++ * ADJ_ENTRY_SIZE], e.type, e.end, i + 1);
        keys::encodeAdj(&entries[fill[2 * e.end + 1]++ * ADJ_ENTRY_SIZE], e.type, e.start,
                        i + 1);
      }
    }
    lmdb::Cursor c(txn_, t_.adj);
    char key[9];
    uint64_t written = 0;
    for (uint64_t slot = 0; slot + 1 < offset.size(); ++slot) {
      const uint64_t begin = offset[slot], end = offset[slot + 1];
      if (begin == end) continue;
      char* first = &entries[begin * ADJ_ENTRY_SIZE];
      const size_t count = end - begin;
      if (count > 1) sortEntries(first, count);
      lmdb::putU64(key, slot / 2);
      key[8] = static_cast<char>(slot % 2);
      MDB_val k{9, key};
      MDB_val data[2] = {{ADJ_ENTRY_SIZE, first}, {count, nullptr}};
      lmdb::check(mdb_cursor_put(c.get(), &k, data, MDB_MULTIPLE), "writing table adj");
      written += count;
      progress_.tick("adjacency", written, summary_.bytes);
    }
  }

  static void sortEntries(char* first, size_t count) {
    struct Entry {
      char b[ADJ_ENTRY_SIZE];
    };
    auto* begin = reinterpret_cast<Entry*>(first);
    std::sort(begin, begin + count, [](const Entry& a, const Entry& b) {
      return std::memcmp(a.b, b.b, ADJ_ENTRY_SIZE) < 0;
    });
  }

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
  std::unordered_map<std::string, uint64_t> ids_;
  std::vector<std::string> labelKeys_, propKeys_;
  std::vector<std::pair<std::string, uint64_t>> sourceKeys_;
  std::unordered_map<uint32_t, uint64_t> labelCounts_, typeCounts_;
  std::vector<PendingEdge> edges_;
  std::string lastType_;
  uint32_t lastTypeId_ = 0;
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
