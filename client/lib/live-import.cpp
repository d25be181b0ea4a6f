#include "client/lib/live-import.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_map>

#include "client/lib/client.h"
#include "client/lib/convert.h"

namespace casegraph {

namespace {

using Clock = std::chrono::steady_clock;

// Rows read but not yet acknowledged, all from one file.
struct Batch {
  std::vector<WriteOp> ops;
  std::vector<std::string> idKeys;  // nodes: the CSV id key of each op ("" = none)
  uint64_t firstLine = 0;
};

// A batch sent and not yet acknowledged.
struct InFlight {
  kj::Promise<WriteResult> result;
  Batch batch;
};

class Importer {
 public:
  Importer(GraphClient& client, const CsvImportOptions& options) : client_(client), o_(options) {}

  CsvImportSummary run() {
    const auto started = Clock::now();
    ingestTime_.micros = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    for (const auto* files : {&o_.nodeFiles, &o_.relationshipFiles}) {
      for (const auto& f : *files) {
        CsvReader r;
        if (auto err = r.open(f.path, o_.csv)) throw CsvImportError(*err);
        totalBytes_ += r.size();
      }
    }
    // Pass 1: check everything without sending.
    sending_ = false;
    runPass("checking");
    // Pass 2: send.
    ids_.clear();
    sending_ = true;
    runPass("importing");
    CsvImportSummary summary;
    summary.nodes = committedNodes_;
    summary.relationships = committedEdges_;
    summary.bytes = totalBytes_;
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary;
  }

 private:
  void runPass(const char* phase) {
    phase_ = phase;
    rows_ = 0;
    bytesBefore_ = 0;
    phaseStart_ = Clock::now();
    lastProgress_ = phaseStart_;
    for (const auto& f : o_.nodeFiles) loadFile(f, true);
    for (const auto& f : o_.relationshipFiles) loadFile(f, false);
  }

  static std::string idKey(std::string_view space, std::string_view id) {
    std::string k;
    k.reserve(space.size() + 1 + id.size());
    k += space;
    k += '\0';
    k += id;
    return k;
  }

  std::string where(uint64_t line) const { return path_ + ":" + std::to_string(line); }

  // What has been committed, for error messages about `line` of the current file.
  std::string committedNote(uint64_t line) const {
    const uint64_t rows = committedNodes_ + committedEdges_;
    if (!sending_ || rows == 0) return "; nothing was committed";
    const auto count = [](uint64_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); };
    if (rows == committedInFile_) {
      return "; " + count(rows) + " before line " + std::to_string(line) +
             (rows == 1 ? " was" : " were") + " committed";
    }
    return "; " + count(rows) + " were committed: " + count(rows - committedInFile_) +
           " from earlier files and " + count(committedInFile_) + " before line " +
           std::to_string(line);
  }

  // Throws `message` with what has been committed. A batch still in flight is settled first,
  // so the count is exact (and if that batch was refused, its error is the one reported).
  [[noreturn]] void failWith(const std::string& message, uint64_t line) {
    finishInFlight();
    throw CsvImportError(message + committedNote(line));
  }
  [[noreturn]] void fail(uint64_t line, const std::string& what) {
    failWith(where(line) + ": " + what, line);
  }

  void openFile(CsvReader& r, const CsvFileArg& f, std::vector<Column>& columns) {
    path_ = f.path;
    committedInFile_ = 0;
    if (auto err = openWithHeader(r, f.path, o_.csv, columns)) failWith(*err, 1);
  }

  void loadFile(const CsvFileArg& f, bool nodes) {
    CsvReader r;
    std::vector<Column> cols;
    openFile(r, f, cols);
    int idCol = -1, startCol = -1, endCol = -1, typeCol = -1;
    for (size_t i = 0; i < cols.size(); ++i) {
      const int at = static_cast<int>(i);
      switch (cols[i].kind) {
        case ColumnKind::ID:
          idCol = at;
          break;
        case ColumnKind::START_ID:
          startCol = at;
          break;
        case ColumnKind::END_ID:
          endCol = at;
          break;
        case ColumnKind::TYPE:
          typeCol = at;
          break;
        default:
          break;
      }
    }
    if (nodes && (startCol >= 0 || endCol >= 0 || typeCol >= 0)) {
      fail(1,
           "a node file cannot have a :START_ID, :END_ID or :TYPE column (is it a "
           "relationships file?)");
    }
    if (!nodes) {
      if (startCol < 0 || endCol < 0) fail(1, "a relationships file needs :START_ID and :END_ID");
      if (typeCol < 0 && f.names.empty()) {
        fail(1, "no :TYPE column and no type given (TYPE=" + f.path + ")");
      }
    }

    std::vector<std::string_view> fields;
    Batch batch;
    while (r.next(fields)) {
      if (fields.size() != cols.size()) {
        fail(r.line(), "expected " + std::to_string(cols.size()) +
                           " fields as in the header, found " + std::to_string(fields.size()));
      }
      if (batch.ops.empty()) batch.firstLine = r.line();
      if (nodes) {
        addNode(r, f, cols, idCol, fields, batch);
      } else {
        addEdge(r, f, cols, startCol, endCol, typeCol, fields, batch);
      }
      ++rows_;
      if (batch.ops.size() >= o_.batchSize) {
        send(std::move(batch));
        batch = Batch();
      }
      if ((rows_ & 0xff) == 0) tick(r);
    }
    if (r.failed()) failWith(r.error(), r.line());
    if (!batch.ops.empty()) send(std::move(batch));
    finishInFlight();
    bytesBefore_ += r.size();
  }

  void addNode(const CsvReader& r, const CsvFileArg& f, const std::vector<Column>& cols, int idCol,
               const std::vector<std::string_view>& fields, Batch& batch) {
    CreateNodeOp op;
    op.labels = f.names;
    std::string error;
    for (size_t i = 0; i < cols.size(); ++i) {
      const Column& c = cols[i];
      if (c.kind == ColumnKind::LABEL) {
        splitLabels(fields[i], o_.csv.arrayDelimiter, labelParts_);
        for (auto l : labelParts_) op.labels.emplace_back(l);
        continue;
      }
      if (c.kind == ColumnKind::PROPERTY || (c.kind == ColumnKind::ID && !c.name.empty())) {
        Value v;
        if (!convertField(fields[i], c, o_.csv, v, error)) fail(r.line(), error);
        if (!v.isNull()) op.properties.emplace(c.name, std::move(v));
      }
    }
    std::sort(op.labels.begin(), op.labels.end());
    op.labels.erase(std::unique(op.labels.begin(), op.labels.end()), op.labels.end());
    op.provenance.agency = o_.source;
    op.provenance.ingestTime = ingestTime_;
    std::string key;
    if (idCol >= 0) {
      const std::string& space = cols[idCol].idSpace;
      const std::string_view id = fields[idCol];
      if (id.empty()) fail(r.line(), "the :ID field is empty");
      key = idKey(space, id);
      if (!ids_.emplace(key, 0).second) {
        fail(r.line(), "duplicate node id '" + std::string(id) + "'" +
                           (space.empty() ? "" : " in id space " + space));
      }
      op.provenance.recordId = space.empty() ? std::string(id) : space + ":" + std::string(id);
    }
    if (!sending_) return;
    batch.ops.push_back(std::move(op));
    batch.idKeys.push_back(std::move(key));
  }

  uint64_t resolve(const CsvReader& r, const Column& c, std::string_view id, const char* end) {
    const auto it = ids_.find(idKey(c.idSpace, id));
    if (it == ids_.end()) {
      fail(r.line(), std::string(end) + " node id '" + std::string(id) + "'" +
                         (c.idSpace.empty() ? "" : " (id space " + c.idSpace + ")") +
                         " is not in any nodes file");
    }
    return it->second;
  }

  void addEdge(const CsvReader& r, const CsvFileArg& f, const std::vector<Column>& cols,
               int startCol, int endCol, int typeCol, const std::vector<std::string_view>& fields,
               Batch& batch) {
    CreateEdgeOp op;
    op.start = resolve(r, cols[startCol], fields[startCol], "start");
    op.end = resolve(r, cols[endCol], fields[endCol], "end");
    if (typeCol >= 0 && !fields[typeCol].empty()) {
      op.type = std::string(fields[typeCol]);
    } else if (!f.names.empty()) {
      op.type = f.names.front();
    } else {
      fail(r.line(), "the :TYPE field is empty");
    }
    std::string error;
    for (size_t i = 0; i < cols.size(); ++i) {
      const Column& c = cols[i];
      if (c.kind != ColumnKind::PROPERTY) continue;
      Value v;
      if (!convertField(fields[i], c, o_.csv, v, error)) fail(r.line(), error);
      if (v.isNull()) continue;
      if (c.name == "validFrom" || c.name == "validTo") {
        if (!isInstant(v)) {
          fail(r.line(), "column '" + c.name +
                             "' holds the relationship's valid time and must be a datetime "
                             "(declare it as " +
                             c.name + ":datetime)");
        }
        (c.name == "validFrom" ? op.validFrom : op.validTo) = v.asDateTime().micros;
      }
      op.properties.emplace(c.name, std::move(v));
    }
    if (op.validFrom > op.validTo) fail(r.line(), "validFrom is after validTo");
    op.provenance.agency = o_.source;
    op.provenance.ingestTime = ingestTime_;
    if (!sending_) return;
    batch.ops.push_back(std::move(op));
  }

  // Sends `batch` after the one in flight (if any) has been acknowledged, so that at most one
  // batch is in flight and a refused batch is never followed by a committed one.
  void send(Batch&& batch) {
    if (!sending_) return;
    finishInFlight();
    auto request = client_.session().writeRequest();
    auto list = request.initOps(static_cast<unsigned>(batch.ops.size()));
    for (unsigned i = 0; i < batch.ops.size(); ++i) toRpc(batch.ops[i], list[i]);
    auto result = request.send().then(
        [](capnp::Response<rpc::Session::WriteResults>&& r) { return fromRpc(r.getResult()); });
    inFlight_.emplace(InFlight{kj::mv(result), std::move(batch)});
    client_.poll();  // let the request start going out
  }

  void finishInFlight() {
    if (!inFlight_) return;
    InFlight f = std::move(*inFlight_);
    inFlight_.reset();
    const uint64_t line = f.batch.firstLine;
    WriteResult result;
    try {
      result = client_.wait(kj::mv(f.result));
    } catch (const ClientError& e) {
      fail(line, "the server refused the batch of " + std::to_string(f.batch.ops.size()) +
                     " rows starting here: " + e.category() + ": " + e.what());
    }
    if (result.ids.size() != f.batch.ops.size()) {
      fail(line, "the server returned " + std::to_string(result.ids.size()) + " ids for " +
                     std::to_string(f.batch.ops.size()) + " rows");
    }
    for (size_t i = 0; i < f.batch.idKeys.size(); ++i) {
      if (!f.batch.idKeys[i].empty()) ids_[f.batch.idKeys[i]] = result.ids[i];
    }
    const bool nodes = !f.batch.idKeys.empty();  // one key per node op
    (nodes ? committedNodes_ : committedEdges_) += f.batch.ops.size();
    committedInFile_ += f.batch.ops.size();
  }

  void tick(const CsvReader& r) {
    if (sending_) client_.poll();
    if (!o_.progress) return;
    const auto now = Clock::now();
    if (now - lastProgress_ < std::chrono::milliseconds(500)) return;
    lastProgress_ = now;
    o_.progress(CsvImportProgress{phase_, rows_, bytesBefore_ + r.bytesRead(), totalBytes_,
                                  std::chrono::duration<double>(now - phaseStart_).count()});
  }

  GraphClient& client_;
  const CsvImportOptions& o_;
  bool sending_ = false;
  DateTime ingestTime_;  // when the import began, stamped on every row
  const char* phase_ = "";
  std::unordered_map<std::string, uint64_t> ids_;  // idKey -> server id (0 until committed)
  std::optional<InFlight> inFlight_;
  std::string path_;  // the file being read
  std::vector<std::string_view> labelParts_;
  uint64_t rows_ = 0;
  uint64_t totalBytes_ = 0;
  uint64_t bytesBefore_ = 0;  // bytes of the files finished in this pass
  uint64_t committedNodes_ = 0;
  uint64_t committedEdges_ = 0;
  uint64_t committedInFile_ = 0;
  Clock::time_point phaseStart_;
  Clock::time_point lastProgress_;
};

}  // namespace

CsvImportSummary importCsv(GraphClient& client, const CsvImportOptions& options) {
  if (options.batchSize == 0) throw CsvImportError("the batch size must be at least 1");
  return Importer(client, options).run();
}

}  // namespace casegraph
