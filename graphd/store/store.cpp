// Over 800 lines: keys, tokens, record codec, Reader and WriteTxn still share this file; they
// are to move into files of their own (docs/architecture.md).
#include "graphd/store/store.h"

#include <capnp/message.h>
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>

#include "schema/codec/records.h"

namespace casegraph {

using lmdb::getU32;
using lmdb::getU64;
using lmdb::putU32;
using lmdb::putU64;

namespace {
constexpr size_t MAX_INDEXED_STRING = 200;
constexpr char TOKEN_BY_NAME = 'n';
constexpr char TOKEN_BY_ID = 'i';

std::string tokenNameKey(std::string_view name) {
  std::string k(1, TOKEN_BY_NAME);
  k += name;
  return k;
}
std::string tokenIdKey(uint32_t id) {
  std::string k(5, TOKEN_BY_ID);
  putU32(k.data() + 1, id);
  return k;
}
std::string labelCountKey(uint32_t id) { return "count:label:" + std::to_string(id); }
std::string typeCountKey(uint32_t id) { return "count:type:" + std::to_string(id); }

bool directoryIsEmpty(const std::string& path) {
  DIR* d = ::opendir(path.c_str());
  if (!d) return true;
  bool empty = true;
  while (dirent* e = ::readdir(d)) {
    const std::string_view n = e->d_name;
    if (n != "." && n != "..") {
      empty = false;
      break;
    }
  }
  ::closedir(d);
  return empty;
}
}  // namespace

// --- keys ------------------------------------------------------------------------------------

namespace keys {
std::string adj(uint64_t node, Direction dir) {
  std::string k(9, '\0');
  putU64(k.data(), node);
  k[8] = static_cast<char>(dir);
  return k;
}

void encodeAdj(char* out, uint32_t type, uint64_t neighbour, uint64_t edge) {
  putU32(out, type);
  putU64(out + 4, neighbour);
  putU64(out + 12, edge);
}

std::string label(uint32_t label, uint64_t node) {
  std::string k(12, '\0');
  putU32(k.data(), label);
  putU64(k.data() + 4, node);
  return k;
}

bool indexValue(const Value& v, std::string& out) {
  char buf[8];
  switch (v.type()) {
    case ValueType::BOOL:
      out += 'b';
      out += v.asBool() ? '\1' : '\0';
      return true;
    case ValueType::INT:
      out += 'i';
      putU64(buf, static_cast<uint64_t>(v.asInt()) ^ (uint64_t{1} << 63));
      out.append(buf, 8);
      return true;
    case ValueType::FLOAT: {
      // -0.0 is keyed as 0.0: they are equal numbers. (Builds before this wrote -0.0 under its
      // own bits; legacyNegativeZero() is that key, which lookups and deletes also visit.)
      const double d = v.asFloat() == 0 ? 0.0 : v.asFloat();
      uint64_t bits;
      std::memcpy(&bits, &d, 8);
      bits = (bits & (uint64_t{1} << 63)) ? ~bits : bits | (uint64_t{1} << 63);
      out += 'f';
      putU64(buf, bits);
      out.append(buf, 8);
      return true;
    }
    case ValueType::STRING: {
      const auto& s = v.asString();
      out += 's';
      // NUL ends the value; '\1' marks a value cut at MAX_INDEXED_STRING bytes (or one holding
      // a NUL), whose matches must be checked against the record.
      const size_t cut = std::min({s.size(), MAX_INDEXED_STRING, s.find('\0')});
      out.append(s.data(), cut);
      out += cut == s.size() ? '\0' : '\1';
      return true;
    }
    case ValueType::DATE:
      out += 'd';
      putU32(buf, static_cast<uint32_t>(v.asDate().days) ^ (uint32_t{1} << 31));
      out.append(buf, 4);
      return true;
    case ValueType::DATETIME:
      out += 't';
      putU64(buf, static_cast<uint64_t>(v.asDateTime().micros) ^ (uint64_t{1} << 63));
      out.append(buf, 8);
      return true;
    default:
      return false;
  }
}

std::string legacyNegativeZero() {
  std::string out(1, 'f');
  char buf[8];
  putU64(buf, ~(uint64_t{1} << 63));  // -0.0's bits made order-preserving
  out.append(buf, 8);
  return out;
}

std::string prop(uint32_t label, uint32_t key, std::string_view encodedValue, uint64_t node) {
  std::string k(8, '\0');
  putU32(k.data(), label);
  putU32(k.data() + 4, key);
  k += encodedValue;
  char buf[8];
  putU64(buf, node);
  k.append(buf, 8);
  return k;
}

std::string source(uint32_t agency, std::string_view recordId) {
  std::string k(4, '\0');
  putU32(k.data(), agency);
  k += recordId;
  return k;
}
}  // namespace keys

// --- tokens ----------------------------------------------------------------------------------

std::optional<uint32_t> Tokens::find(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = ids_.find(std::string(name));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

std::string Tokens::name(uint32_t id) const {
  std::shared_lock lock(mutex_);
  if (id >= names_.size()) throw StoreError("unknown token id " + std::to_string(id));
  return names_[id];
}

uint32_t Tokens::ensure(std::string_view name) {
  {
    std::shared_lock lock(mutex_);
    auto it = ids_.find(std::string(name));
    if (it != ids_.end()) return it->second;
  }
  std::unique_lock lock(mutex_);
  auto [it, inserted] = ids_.emplace(std::string(name), static_cast<uint32_t>(names_.size()));
  if (inserted) names_.emplace_back(name);
  return it->second;
}

// --- records ---------------------------------------------------------------------------------

namespace {
// Records are encoded millions of times during an import: the builder's first segment and the
// packing buffer are per-thread scratch space instead of fresh allocations.
constexpr size_t SCRATCH_WORDS = 128;

kj::ArrayPtr<capnp::word> builderScratch() {
  // MallocMessageBuilder zeroes a caller-supplied first segment when it is destroyed, so the
  // scratch is zero again for the next record.
  thread_local capnp::word scratch[SCRATCH_WORDS] = {};
  return kj::arrayPtr(scratch, SCRATCH_WORDS);
}

// A buffered output stream over a std::string, so that packing writes straight into the
// record's string.
class StringOutputStream final : public kj::BufferedOutputStream {
 public:
  explicit StringOutputStream(std::string& out) : out_(out) {
    out_.resize(std::max<size_t>(out_.capacity(), 256));
  }
  ~StringOutputStream() noexcept(false) { out_.resize(fill_); }
  kj::ArrayPtr<kj::byte> getWriteBuffer() override {
    if (fill_ == out_.size()) out_.resize(out_.size() * 2);
    return kj::arrayPtr(reinterpret_cast<kj::byte*>(out_.data()) + fill_, out_.size() - fill_);
  }
  void write(const void* buffer, size_t size) override {
    const auto* p = static_cast<const char*>(buffer);
    if (p != out_.data() + fill_) {  // not written in place through getWriteBuffer()
      if (fill_ + size > out_.size()) out_.resize(std::max(out_.size() * 2, fill_ + size));
      std::memcpy(out_.data() + fill_, p, size);
    }
    fill_ += size;
  }

 private:
  std::string& out_;
  size_t fill_ = 0;
};

std::string finishPacked(capnp::MessageBuilder& msg) {
  std::string record;
  {
    StringOutputStream out(record);
    capnp::writePackedMessage(out, msg);
  }
  return record;
}

template <typename B>
void fillProperties(B builder, const PropertyMap& props, const TokenFn& intern) {
  // Stored sorted by key id so that a record has one canonical form.
  std::vector<std::pair<uint32_t, const Value*>> sorted;
  for (const auto& [k, v] : props) {
    if (!v.isNull()) sorted.emplace_back(intern(k), &v);
  }
  std::sort(sorted.begin(), sorted.end());
  auto list = builder.initProperties(static_cast<unsigned>(sorted.size()));
  for (unsigned i = 0; i < sorted.size(); ++i) {
    list[i].setKey(sorted[i].first);
    toCapnp(*sorted[i].second, list[i].initValue());
  }
}

void fillProvenance(schema::Provenance::Builder b, const Provenance& p, const TokenFn& intern) {
  if (!p.agency.empty()) b.setAgency(intern(p.agency));
  if (!p.recordId.empty()) b.setRecordId(p.recordId);
  b.setIngestTime(p.ingestTime.micros);
}

template <typename R>
PropertyMap readProperties(R list, const Tokens& tokens) {
  PropertyMap props;
  for (auto p : list) props.emplace(tokens.name(p.getKey()), fromCapnp(p.getValue()));
  return props;
}

Provenance readProvenance(schema::Provenance::Reader r, const Tokens& tokens) {
  Provenance p;
  if (r.getAgency()) p.agency = tokens.name(r.getAgency());
  p.recordId = r.getRecordId();
  p.ingestTime.micros = r.getIngestTime();
  return p;
}
}  // namespace

std::string encodeNode(const Node& n, const std::vector<uint32_t>& labelIds, WriteTxn& w) {
  return encodeNode(n, labelIds, [&w](std::string_view name) { return w.intern(name); });
}

std::string encodeEdge(const Edge& e, uint32_t typeId, WriteTxn& w) {
  return encodeEdge(e, typeId, [&w](std::string_view name) { return w.intern(name); });
}

std::string encodeNode(const Node& n, const std::vector<uint32_t>& labelIds, const TokenFn& w) {
  capnp::MallocMessageBuilder msg(builderScratch());
  auto r = msg.initRoot<schema::NodeRecord>();
  auto labels = r.initLabels(static_cast<unsigned>(labelIds.size()));
  for (unsigned i = 0; i < labelIds.size(); ++i) labels.set(i, labelIds[i]);
  fillProperties(r, n.properties, w);
  fillProvenance(r.initProvenance(), n.provenance, w);
  if (!n.handling.empty() && n.handling != HANDLING_OPEN) r.setHandling(w(n.handling));
  return finishPacked(msg);
}

namespace {

// The compact edge record (format 3): a relationship with no properties, no source record id,
// the open handling tag and no valid time — most of what a bulk import brings — is stored as
// COMPACT_EDGE and then varints of its type token, start, end, agency token and ingest time
// (zigzag), about 17 bytes where the packed Cap'n Proto record takes about 40. A packed record
// never starts with this byte: its first word is the segment table of a one-segment message,
// whose first byte is zero, so the first tag byte has its lowest bit clear.
constexpr char COMPACT_EDGE = 0x01;

bool compactable(const Edge& e) {
  return e.properties.empty() && e.provenance.recordId.empty() &&
         (e.handling.empty() || e.handling == HANDLING_OPEN) && e.validFrom == TIME_MIN &&
         e.validTo == TIME_MAX;
}

// Writes `v` as an unsigned LEB128 varint at `out` (at most 10 bytes); returns the end.
char* putVarint(char* out, uint64_t v) {
  while (v >= 0x80) {
    *out++ = static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<char>(v);
  return out;
}

bool getVarint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

std::string encodeEdge(const Edge& e, uint32_t typeId, const TokenFn& w) {
  if (compactable(e)) {
    char buf[1 + 5 * 10];
    char* p = buf;
    *p++ = COMPACT_EDGE;
    p = putVarint(p, typeId);
    p = putVarint(p, e.start);
    p = putVarint(p, e.end);
    p = putVarint(p, e.provenance.agency.empty() ? 0 : w(e.provenance.agency));
    p = putVarint(p, zigzag(e.provenance.ingestTime.micros));
    return std::string(buf, p);
  }
  capnp::MallocMessageBuilder msg(builderScratch());
  auto r = msg.initRoot<schema::EdgeRecord>();
  r.setType(typeId);
  r.setStart(e.start);
  r.setEnd(e.end);
  fillProperties(r, e.properties, w);
  fillProvenance(r.initProvenance(), e.provenance, w);
  if (!e.handling.empty() && e.handling != HANDLING_OPEN) r.setHandling(w(e.handling));
  r.setValidFrom(e.validFrom);
  r.setValidTo(e.validTo);
  return finishPacked(msg);
}

static Node decodeNode(uint64_t id, std::string_view bytes, const Tokens& tokens) {
  return readPacked<schema::NodeRecord>(bytes, [&](schema::NodeRecord::Reader r) {
    Node n;
    n.id = id;
    for (auto l : r.getLabels()) n.labels.push_back(tokens.name(l));
    std::sort(n.labels.begin(), n.labels.end());
    n.properties = readProperties(r.getProperties(), tokens);
    n.provenance = readProvenance(r.getProvenance(), tokens);
    if (r.getHandling()) n.handling = tokens.name(r.getHandling());
    return n;
  });
}

static Edge decodeEdge(uint64_t id, std::string_view bytes, const Tokens& tokens) {
  if (!bytes.empty() && bytes.front() == COMPACT_EDGE) {
    std::string_view in = bytes.substr(1);
    uint64_t type = 0, agency = 0, ingest = 0;
    Edge e;
    e.id = id;
    if (!getVarint(in, type) || !getVarint(in, e.start) || !getVarint(in, e.end) ||
        !getVarint(in, agency) || !getVarint(in, ingest) || !in.empty() || type > UINT32_MAX ||
        agency > UINT32_MAX) {
      throw StoreError("relationship " + std::to_string(id) + ": its record is damaged");
    }
    e.type = tokens.name(static_cast<uint32_t>(type));
    if (agency != 0) e.provenance.agency = tokens.name(static_cast<uint32_t>(agency));
    e.provenance.ingestTime.micros = unzigzag(ingest);
    return e;
  }
  return readPacked<schema::EdgeRecord>(bytes, [&](schema::EdgeRecord::Reader r) {
    Edge e;
    e.id = id;
    e.type = tokens.name(r.getType());
    e.start = r.getStart();
    e.end = r.getEnd();
    e.properties = readProperties(r.getProperties(), tokens);
    e.provenance = readProvenance(r.getProvenance(), tokens);
    if (r.getHandling()) e.handling = tokens.name(r.getHandling());
    e.validFrom = r.getValidFrom();
    e.validTo = r.getValidTo();
    return e;
  });
}

// --- GraphStore ------------------------------------------------------------------------------

std::unique_ptr<GraphStore> GraphStore::open(const StoreOptions& options) {
  const std::string& path = options.path;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISDIR(st.st_mode)) {
    throw StoreError(path + " is not a directory (a CaseGraph data directory was expected)");
  }
  const bool hasData = ::stat((path + "/data.mdb").c_str(), &st) == 0;
  if (!hasData) {
    if (options.readOnly) throw StoreError("no CaseGraph data directory at " + path);
    if (exists && !directoryIsEmpty(path)) {
      throw StoreError(path + " is not empty and is not a CaseGraph data directory (no data.mdb)");
    }
    std::error_code ec;
    if (!exists && !std::filesystem::create_directories(path, ec) && ec) {
      throw StoreError("cannot create data directory " + path + ": " + ec.message());
    }
  }

  std::unique_ptr<GraphStore> store(new GraphStore());
  store->path_ = path;
  lmdb::EnvOptions envOptions;
  envOptions.mapSize = options.mapSize;
  envOptions.noSync = options.noSync;
  envOptions.writeMap = options.writeMap;
  try {
    store->env_ = std::make_unique<lmdb::Env>(path, envOptions);
  } catch (const lmdb::Error& e) {
    if (e.code() == MDB_INVALID || e.code() == MDB_VERSION_MISMATCH) {
      throw StoreError(path + "/data.mdb is not a CaseGraph data file (" + e.what() + ")");
    }
    throw StoreError(std::string("cannot open data directory: ") + e.what());
  }

  lmdb::Txn txn(*store->env_, lmdb::Txn::Mode::WRITE);
  const unsigned create = hasData ? 0 : MDB_CREATE;
  MDB_dbi meta;
  const int rc = mdb_dbi_open(txn.get(), "meta", create, &meta);
  if (rc == MDB_NOTFOUND || rc == MDB_INCOMPATIBLE) {
    throw StoreError(path + " holds an LMDB database of another program, not a CaseGraph store");
  }
  lmdb::check(rc, "opening table meta");
  if (hasData) {
    auto format = txn.get(meta, "format");
    if (!format || format->size() != FORMAT_MAGIC.size() + 4 ||
        format->substr(0, FORMAT_MAGIC.size()) != FORMAT_MAGIC) {
      throw StoreError(path + " holds an LMDB database of another program, not a CaseGraph store");
    }
    const uint32_t version = getU32(format->data() + FORMAT_MAGIC.size());
    if (version > FORMAT_VERSION) {
      throw StoreError(path + " was written by a newer CaseGraph (storage format " +
                       std::to_string(version) + "); this build reads format " +
                       std::to_string(FORMAT_VERSION) + " and older");
    }
    if (version < FORMAT_VERSION) {
      // An older format is a subset of this one: restamp it, so that a build that cannot read
      // what this one may now write (durations, format 2; compact relationship records,
      // format 3) refuses the directory.
      std::string stamp(*format);
      putU32(stamp.data() + FORMAT_MAGIC.size(), FORMAT_VERSION);
      txn.put(meta, "format", stamp);
    }
  } else {
    std::string format(FORMAT_MAGIC);
    format.resize(FORMAT_MAGIC.size() + 4);
    putU32(format.data() + FORMAT_MAGIC.size(), FORMAT_VERSION);
    txn.put(meta, "format", format);
  }
  Tables& t = store->tables_;
  t.meta = meta;
  try {
    t.tokens = txn.openDb("tokens", create);
    t.nodes = txn.openDb("nodes", create);
    t.edges = txn.openDb("edges", create);
    t.adj = txn.openDb("adj", create | MDB_DUPSORT | MDB_DUPFIXED);
    t.labels = txn.openDb("labels", create);
    t.props = txn.openDb("props", create);
    t.sources = txn.openDb("sources", create);
    t.audit = txn.openDb("audit", create);
  } catch (const lmdb::Error& e) {
    throw StoreError(path + ": a table of the CaseGraph store is missing or damaged (" + e.what() +
                     ")");
  }
  txn.commit();
  store->loadTokens();
  return store;
}

GraphStore::~GraphStore() = default;

void GraphStore::loadTokens() {
  lmdb::Txn txn(*env_, lmdb::Txn::Mode::READ);
  lmdb::Cursor c(txn, tables_.tokens);
  std::string_view k, v;
  std::unique_lock lock(tokens_.mutex_);
  tokens_.names_.assign(1, std::string());
  tokens_.ids_.clear();
  const std::string start(1, TOKEN_BY_ID);
  for (bool ok = c.seek(start, k, v); ok && k[0] == TOKEN_BY_ID; ok = c.next(k, v)) {
    const uint32_t id = getU32(k.data() + 1);
    if (tokens_.names_.size() <= id) tokens_.names_.resize(id + 1);
    tokens_.names_[id] = std::string(v);
    tokens_.ids_.emplace(std::string(v), id);
  }
}

std::unique_ptr<WriteTxn> GraphStore::beginWrite() {
  return std::unique_ptr<WriteTxn>(
      new WriteTxn(*this, std::make_unique<lmdb::Txn>(*env_, lmdb::Txn::Mode::WRITE)));
}

// --- Reader ----------------------------------------------------------------------------------

Reader::Reader(const GraphStore& store, std::unique_ptr<lmdb::Txn> txn)
    : store_(store), tokens_(store.tokens()), txn_(std::move(txn)) {}

Reader::~Reader() = default;

Snapshot::Snapshot(const GraphStore& store)
    : Reader(store, std::make_unique<lmdb::Txn>(store.env(), lmdb::Txn::Mode::READ)) {}

std::optional<Node> Reader::node(uint64_t id) const {
  auto v = txn_->get(store_.tables_.nodes, lmdb::u64Key(id));
  if (!v) return std::nullopt;
  try {
    return decodeNode(id, *v, tokens_);
  } catch (const kj::Exception& e) {
    throw StoreError("nodes: record " + std::to_string(id) +
                     " is damaged: " + e.getDescription().cStr());
  }
}

std::optional<Edge> Reader::edge(uint64_t id) const {
  auto v = txn_->get(store_.tables_.edges, lmdb::u64Key(id));
  if (!v) return std::nullopt;
  try {
    return decodeEdge(id, *v, tokens_);
  } catch (const kj::Exception& e) {
    throw StoreError("edges: record " + std::to_string(id) +
                     " is damaged: " + e.getDescription().cStr());
  }
}

bool Reader::nodeExists(uint64_t id) const {
  return txn_->get(store_.tables_.nodes, lmdb::u64Key(id)).has_value();
}

std::vector<uint32_t> Reader::nodeLabelIds(uint64_t id) const {
  auto v = txn_->get(store_.tables_.nodes, lmdb::u64Key(id));
  if (!v) return {};
  return readPacked<schema::NodeRecord>(*v, [](schema::NodeRecord::Reader r) {
    std::vector<uint32_t> out;
    for (auto l : r.getLabels()) out.push_back(l);
    return out;
  });
}

void Reader::scanLabel(std::string_view label, const std::function<bool(uint64_t)>& fn) const {
  auto id = tokens_.find(label);
  if (!id) return;
  lmdb::Cursor c(*txn_, store_.tables_.labels);
  std::string_view k, v;
  for (bool ok = c.seek(keys::label(*id, 0), k, v); ok && getU32(k.data()) == *id;
       ok = c.next(k, v)) {
    if (!fn(getU64(k.data() + 4))) return;
  }
}

namespace {
void scanIds(const lmdb::Txn& txn, MDB_dbi dbi, const std::function<bool(uint64_t)>& fn) {
  lmdb::Cursor c(txn, dbi);
  MDB_val k, v;
  for (bool ok = c.op(MDB_FIRST, k, v); ok; ok = c.op(MDB_NEXT, k, v)) {
    if (!fn(getU64(static_cast<const char*>(k.mv_data)))) return;
  }
}
}  // namespace

void Reader::scanNodes(const std::function<bool(uint64_t)>& fn) const {
  scanIds(*txn_, store_.tables_.nodes, fn);
}

void Reader::scanEdges(const std::function<bool(uint64_t)>& fn) const {
  scanIds(*txn_, store_.tables_.edges, fn);
}

bool Reader::seekEqual(uint32_t labelId, uint32_t keyId, std::string_view key,
                       const Value& value, std::string_view enc,
                       const std::function<bool(uint64_t)>& fn) const {
  // A cut string's key matches every string with that prefix; a temporal key holds only the
  // micros (not the kind, nanoseconds or offset). Both are checked against the record.
  const bool mustVerify = (enc.back() == '\1' && value.type() == ValueType::STRING) ||
                          value.type() == ValueType::DATETIME;
  const std::string prefix = keys::prop(labelId, keyId, enc, 0).substr(0, 8 + enc.size());
  lmdb::Cursor c(*txn_, store_.tables_.props);
  std::string_view k, v;
  for (bool ok = c.seek(prefix, k, v); ok && k.substr(0, prefix.size()) == prefix;
       ok = c.next(k, v)) {
    if (k.size() != prefix.size() + 8) continue;
    const uint64_t id = getU64(k.data() + prefix.size());
    if (mustVerify) {
      auto n = node(id);
      auto it = n ? n->properties.find(std::string(key)) : PropertyMap::const_iterator{};
      if (!n || it == n->properties.end() || !(it->second == value)) continue;
    }
    if (!fn(id)) return false;
  }
  return true;
}

bool Reader::seekEqual(uint32_t labelId, uint32_t keyId, std::string_view key,
                       const Value& value, const std::function<bool(uint64_t)>& fn) const {
  std::string enc;
  if (!keys::indexValue(value, enc)) return true;
  if (!seekEqual(labelId, keyId, key, value, enc, fn)) return false;
  // A store written before -0.0 was keyed as 0.0 may hold the old key.
  if (value.type() == ValueType::FLOAT && value.asFloat() == 0) {
    return seekEqual(labelId, keyId, key, value, keys::legacyNegativeZero(), fn);
  }
  return true;
}

void Reader::findEqual(std::string_view label, std::string_view key, const Value& value,
                       const std::function<bool(uint64_t)>& fn) const {
  auto labelId = tokens_.find(label);
  auto keyId = tokens_.find(key);
  if (!labelId || !keyId) return;
  seekEqual(*labelId, *keyId, key, value, fn);
}

void Reader::findEqualByValue(std::string_view label, std::string_view key, const Value& value,
                              const std::function<bool(uint64_t)>& fn) const {
  auto labelId = tokens_.find(label);
  auto keyId = tokens_.find(key);
  if (!labelId || !keyId) return;
  if (!seekEqual(*labelId, *keyId, key, value, fn)) return;
  if (value.type() == ValueType::INT) {
    // Cypher compares an integer with a float as doubles.
    seekEqual(*labelId, *keyId, key, Value(static_cast<double>(value.asInt())), fn);
    return;
  }
  if (value.type() != ValueType::FLOAT) return;
  const double f = value.asFloat();
  if (!(std::abs(f) <= 9223372036854775808.0) || std::trunc(f) != f) return;
  // The integers i with double(i) == f: f itself below 2^53, from it on every integer within
  // half of f's spacing (at most 2^11 below 2^63) that rounds to f.
  const __int128 centre = static_cast<__int128>(f);
  const __int128 spread = std::abs(f) < 9007199254740992.0 ? 0 : 1024;
  const int64_t lo = static_cast<int64_t>(std::max<__int128>(centre - spread, INT64_MIN));
  const int64_t hi = static_cast<int64_t>(std::min<__int128>(centre + spread, INT64_MAX));
  std::string head = keys::prop(*labelId, *keyId, "i", 0);
  head.resize(9);
  std::string from;
  keys::indexValue(Value(lo), from);
  lmdb::Cursor c(*txn_, store_.tables_.props);
  std::string_view k, v;
  for (bool ok = c.seek(keys::prop(*labelId, *keyId, from, 0).substr(0, 17), k, v);
       ok && k.size() == 25 && k.substr(0, 9) == head; ok = c.next(k, v)) {
    const auto i = static_cast<int64_t>(getU64(k.data() + 9) ^ (uint64_t{1} << 63));
    if (i > hi) return;
    if (static_cast<double>(i) == f && !fn(getU64(k.data() + 17))) return;
  }
}

void Reader::findPrefix(std::string_view label, std::string_view key, std::string_view prefix,
                        const std::function<bool(uint64_t)>& fn) const {
  auto labelId = tokens_.find(label);
  auto keyId = tokens_.find(key);
  if (!labelId || !keyId) return;
  std::string head(8, '\0');
  putU32(head.data(), *labelId);
  putU32(head.data() + 4, *keyId);
  head += 's';
  // The index keeps MAX_INDEXED_STRING bytes of a string, up to its first NUL: a longer
  // prefix (or one holding a NUL) seeks by what the key holds and checks the record.
  const size_t indexed = std::min({prefix.size(), MAX_INDEXED_STRING, prefix.find('\0')});
  const bool mustVerify = indexed < prefix.size();
  head += prefix.substr(0, indexed);
  lmdb::Cursor c(*txn_, store_.tables_.props);
  std::string_view k, v;
  for (bool ok = c.seek(head, k, v); ok && k.substr(0, head.size()) == head; ok = c.next(k, v)) {
    const uint64_t id = getU64(k.data() + k.size() - 8);
    if (mustVerify) {
      auto n = node(id);
      auto it = n ? n->properties.find(std::string(key)) : PropertyMap::const_iterator{};
      if (!n || it == n->properties.end() || it->second.type() != ValueType::STRING ||
          it->second.asString().compare(0, prefix.size(), prefix) != 0) {
        continue;
      }
    }
    if (!fn(id)) return;
  }
}

// Borrows the adjacency cursor of the current nesting level for one scope.
class Reader::AdjCursor {
 public:
  explicit AdjCursor(const Reader& r) : r_(r) {
    if (r_.adjInUse_ == r_.adjCursors_.size()) {
      r_.adjCursors_.push_back(std::make_unique<lmdb::Cursor>(*r_.txn_, r_.store_.tables_.adj));
    }
    cursor_ = r_.adjCursors_[r_.adjInUse_++].get();
  }
  ~AdjCursor() { --r_.adjInUse_; }
  AdjCursor(const AdjCursor&) = delete;
  AdjCursor& operator=(const AdjCursor&) = delete;
  lmdb::Cursor* operator->() const { return cursor_; }
  lmdb::Cursor& operator*() const { return *cursor_; }

 private:
  const Reader& r_;
  lmdb::Cursor* cursor_;
};

void Reader::resetCursors() const {
  if (adjInUse_ != 0) throw StoreError("adj: a write during an adjacency scan");
  adjCursors_.clear();
}

namespace {

// The pages of the key the cursor stands on, from the entry it stands on: MDB_GET_MULTIPLE,
// then MDB_NEXT_MULTIPLE. A key with one entry keeps it in the node itself; MDB_GET_MULTIPLE
// then leaves `v`, the entry the positioning read, as it is. False when fn stopped the scan.
bool keyPages(lmdb::Cursor& cursor, MDB_val& k, MDB_val& v, Direction dir,
              const std::function<bool(const char*, size_t, Direction)>& fn) {
  if (!cursor.op(MDB_GET_MULTIPLE, k, v)) return true;
  do {
    if (!fn(static_cast<const char*>(v.mv_data), v.mv_size / ADJ_ENTRY_SIZE, dir)) return false;
  } while (cursor.op(MDB_NEXT_MULTIPLE, k, v));
  return true;
}

}  // namespace

bool Reader::adjPages(uint64_t node, Direction dir,
                      const std::function<bool(const char*, size_t, Direction)>& fn,
                      std::optional<uint32_t> fromType) const {
  if (dir == Direction::BOTH) {
    if (fromType) {
      return adjPages(node, Direction::OUT, fn, fromType) &&
             adjPages(node, Direction::IN, fn, fromType);
    }
    return adjPagesBoth(node, fn);
  }
  AdjCursor cursor(*this);
  char keyBuf[9];
  putU64(keyBuf, node);
  keyBuf[8] = static_cast<char>(dir);
  MDB_val k{9, keyBuf}, v;
  if (fromType) {
    char first[ADJ_ENTRY_SIZE] = {};
    putU32(first, *fromType);
    v = MDB_val{ADJ_ENTRY_SIZE, first};
    if (!cursor->op(MDB_GET_BOTH_RANGE, k, v)) return true;
  } else if (!cursor->op(MDB_SET, k, v)) {
    return true;
  }
  return keyPages(*cursor, k, v, dir, fn);
}

// Both directions with one B-tree descent: the keys (node, out) and (node, in) are neighbours
// in the table, so after the outgoing entries the cursor steps to the next key instead of
// searching the tree again (the search is most of the cost of a small node's adjacency).
bool Reader::adjPagesBoth(uint64_t node,
                          const std::function<bool(const char*, size_t, Direction)>& fn) const {
  AdjCursor cursor(*this);
  char keyBuf[9];
  putU64(keyBuf, node);
  keyBuf[8] = static_cast<char>(Direction::OUT);
  MDB_val k{9, keyBuf}, v;
  bool found = cursor->op(MDB_SET_RANGE, k, v);
  while (found && k.mv_size == 9 && std::memcmp(k.mv_data, keyBuf, 8) == 0) {
    const auto d = static_cast<Direction>(static_cast<const char*>(k.mv_data)[8]);
    if (d != Direction::OUT && d != Direction::IN) {
      throw StoreError("adj: node " + std::to_string(node) + " has an entry of direction " +
                       std::to_string(static_cast<int>(d)));
    }
    if (!keyPages(*cursor, k, v, d, fn)) return false;
    if (d == Direction::IN) break;
    found = cursor->op(MDB_NEXT_NODUP, k, v);
  }
  return true;
}

bool Reader::forEachNeighbor(uint64_t node, Direction dir, std::optional<uint32_t> type,
                             const std::function<bool(const AdjEntry&)>& fn) const {
  // With a type, each direction is read on its own: its scan ends at the type's last entry.
  // Without one, adjPages reads both directions with one descent.
  if (dir == Direction::BOTH && type) {
    return forEachNeighbor(node, Direction::OUT, type, fn) &&
           forEachNeighbor(node, Direction::IN, type, fn);
  }
  bool stopped = false;
  adjPages(
      node, dir,
      [&](const char* p, size_t n, Direction d) {
        for (size_t i = 0; i < n; ++i, p += ADJ_ENTRY_SIZE) {
          const uint32_t t = adjEntryType(p);
          if (type && t != *type) {
            if (t > *type) return false;  // entries are sorted by type: none further match
            continue;
          }
          if (!fn(AdjEntry{t, adjEntryNeighbour(p), adjEntryEdge(p), d})) {
            stopped = true;
            return false;
          }
        }
        return true;
      },
      type);
  return !stopped;
}

void Reader::scanAdjacency(
    const std::function<void(uint64_t, Direction, const char*, size_t)>& fn) const {
  lmdb::Cursor c(*txn_, store_.tables_.adj);
  MDB_val k, v;
  for (bool ok = c.op(MDB_FIRST, k, v); ok; ok = c.op(MDB_NEXT_NODUP, k, v)) {
    const char* key = static_cast<const char*>(k.mv_data);
    const uint64_t node = getU64(key);
    const auto dir = static_cast<Direction>(key[8]);
    if (!c.op(MDB_GET_MULTIPLE, k, v)) continue;
    do {
      fn(node, dir, static_cast<const char*>(v.mv_data), v.mv_size / ADJ_ENTRY_SIZE);
    } while (c.op(MDB_NEXT_MULTIPLE, k, v));
  }
}

uint64_t Reader::degree(uint64_t node, Direction dir) const {
  if (dir == Direction::BOTH) return degree(node, Direction::OUT) + degree(node, Direction::IN);
  AdjCursor cursor(*this);
  const std::string key = keys::adj(node, dir);
  MDB_val k = lmdb::val(key), v;
  if (!cursor->op(MDB_SET, k, v)) return 0;
  size_t count = 0;
  lmdb::check(mdb_cursor_count(cursor->get(), &count), "mdb_cursor_count");
  return count;
}

uint64_t Reader::nodeIdBound() const {
  auto v = txn_->get(store_.tables_.meta, "next_node");
  return v ? getU64(v->data()) : 1;
}

Counts Reader::counts() const {
  Counts c;
  lmdb::Cursor cur(*txn_, store_.tables_.meta);
  std::string_view k, v;
  const std::string_view prefix = "count:";
  for (bool ok = cur.seek(prefix, k, v); ok && k.substr(0, prefix.size()) == prefix;
       ok = cur.next(k, v)) {
    const uint64_t n = getU64(v.data());
    const std::string_view rest = k.substr(prefix.size());
    if (rest == "nodes") {
      c.nodes = n;
    } else if (rest == "edges") {
      c.edges = n;
    } else if (n > 0 && rest.substr(0, 6) == "label:") {
      c.labels.emplace_back(tokens_.name(std::stoul(std::string(rest.substr(6)))), n);
    } else if (n > 0 && rest.substr(0, 5) == "type:") {
      c.types.emplace_back(tokens_.name(std::stoul(std::string(rest.substr(5)))), n);
    }
  }
  std::sort(c.labels.begin(), c.labels.end());
  std::sort(c.types.begin(), c.types.end());
  return c;
}

std::optional<uint64_t> Reader::nodeBySource(std::string_view agency,
                                             std::string_view recordId) const {
  auto a = agency.empty() ? std::optional<uint32_t>(0) : tokens_.find(agency);
  if (!a) return std::nullopt;
  auto v = txn_->get(store_.tables_.sources, keys::source(*a, recordId));
  if (!v || v->size() != 9 || (*v)[0] != 'n') return std::nullopt;
  return getU64(v->data() + 1);
}

// --- WriteTxn --------------------------------------------------------------------------------

WriteTxn::WriteTxn(GraphStore& store, std::unique_ptr<lmdb::Txn> txn)
    : Reader(store, std::move(txn)), wstore_(store) {}

uint32_t WriteTxn::intern(std::string_view name) {
  if (name.empty()) return 0;
  const uint32_t id = wstore_.tokens_.ensure(name);
  auto [it, inserted] = writtenTokens_.emplace(id, true);
  if (inserted) {
    const std::string byName = tokenNameKey(name);
    if (!txn_->get(store_.tables_.tokens, byName)) {
      char buf[4];
      putU32(buf, id);
      txn_->put(store_.tables_.tokens, byName, std::string_view(buf, 4));
      txn_->put(store_.tables_.tokens, tokenIdKey(id), name);
    }
  }
  return id;
}

uint64_t WriteTxn::nextId(std::string_view counter) {
  auto v = txn_->get(store_.tables_.meta, counter);
  const uint64_t id = v ? getU64(v->data()) : 1;
  char buf[8];
  putU64(buf, id + 1);
  txn_->put(store_.tables_.meta, counter, std::string_view(buf, 8));
  return id;
}

void WriteTxn::bumpCount(std::string_view counter, int64_t delta) {
  countDeltas_[std::string(counter)] += delta;
}

void WriteTxn::commit() {
  for (const auto& [key, delta] : countDeltas_) {
    if (delta == 0) continue;
    auto v = txn_->get(store_.tables_.meta, key);
    const int64_t current = v ? static_cast<int64_t>(getU64(v->data())) : 0;
    char buf[8];
    putU64(buf, static_cast<uint64_t>(std::max<int64_t>(0, current + delta)));
    txn_->put(store_.tables_.meta, key, std::string_view(buf, 8));
  }
  countDeltas_.clear();
  resetCursors();
  txn_->commit();
}

void WriteTxn::indexNode(uint64_t id, const std::vector<uint32_t>& labelIds, const Node& n,
                         bool add) {
  std::vector<std::pair<uint32_t, std::string>> encoded;
  for (const auto& [k, v] : n.properties) {
    std::string enc;
    if (keys::indexValue(v, enc)) encoded.emplace_back(intern(k), std::move(enc));
    // -0.0 in a store written before it was keyed as 0.0: remove the old key too.
    if (!add && v.type() == ValueType::FLOAT && v.asFloat() == 0 && std::signbit(v.asFloat())) {
      encoded.emplace_back(intern(k), keys::legacyNegativeZero());
    }
  }
  for (const uint32_t label : labelIds) {
    const std::string lk = keys::label(label, id);
    if (add) {
      txn_->put(store_.tables_.labels, lk, {});
    } else {
      txn_->del(store_.tables_.labels, lk);
    }
    bumpCount(labelCountKey(label), add ? 1 : -1);
    for (const auto& [key, enc] : encoded) {
      const std::string pk = keys::prop(label, key, enc, id);
      if (add) {
        txn_->put(store_.tables_.props, pk, {});
      } else {
        txn_->del(store_.tables_.props, pk);
      }
    }
  }
}

void WriteTxn::writeNode(uint64_t id, const Node& n, const std::vector<uint32_t>& labelIds,
                         bool append) {
  const std::string rec = encodeNode(n, labelIds, *this);
  txn_->put(store_.tables_.nodes, lmdb::u64Key(id), rec, append ? MDB_APPEND : 0);
}

namespace {
std::vector<std::string> normaliseLabels(std::vector<std::string> labels) {
  labels.erase(std::remove(labels.begin(), labels.end(), std::string()), labels.end());
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}
}  // namespace

uint64_t WriteTxn::createNode(const std::vector<std::string>& labels, const PropertyMap& props,
                              const Provenance& provenance, std::string_view handling) {
  Node n;
  n.labels = normaliseLabels(labels);
  for (const auto& [k, v] : props) {
    if (k.empty()) throw InvalidWrite("a property key must not be empty");
    if (!v.isNull()) n.properties.emplace(k, v);
  }
  n.provenance = provenance;
  n.handling = handling.empty() ? std::string(HANDLING_OPEN) : std::string(handling);
  const uint64_t id = nextId("next_node");
  n.id = id;
  std::vector<uint32_t> labelIds;
  for (const auto& l : n.labels) labelIds.push_back(intern(l));
  writeNode(id, n, labelIds, true);
  indexNode(id, labelIds, n, true);
  if (!provenance.recordId.empty()) {
    const std::string sk = keys::source(intern(provenance.agency), provenance.recordId);
    std::string val(9, 'n');
    putU64(val.data() + 1, id);
    MDB_val k = lmdb::val(sk), v = lmdb::val(val);
    const int rc = mdb_put(txn_->get(), store_.tables_.sources, &k, &v, MDB_NOOVERWRITE);
    if (rc == MDB_KEYEXIST) {
      throw InvalidWrite("source record '" + provenance.recordId + "' of agency '" +
                         provenance.agency + "' is already in the store");
    }
    lmdb::check(rc, "writing table sources");
  }
  bumpCount("count:nodes", 1);
  return id;
}

uint64_t WriteTxn::createEdge(std::string_view type, uint64_t start, uint64_t end,
                              const PropertyMap& props, const Provenance& provenance,
                              std::string_view handling, int64_t validFrom, int64_t validTo) {
  if (type.empty()) throw InvalidWrite("a relationship needs a type");
  if (!nodeExists(start)) {
    throw InvalidWrite("relationship start node " + std::to_string(start) + " does not exist");
  }
  if (!nodeExists(end)) {
    throw InvalidWrite("relationship end node " + std::to_string(end) + " does not exist");
  }
  if (validFrom > validTo) throw InvalidWrite("relationship validFrom is after validTo");
  Edge e;
  e.type = std::string(type);
  e.start = start;
  e.end = end;
  for (const auto& [k, v] : props) {
    if (!v.isNull()) e.properties.emplace(k, v);
  }
  e.provenance = provenance;
  e.handling = handling.empty() ? std::string(HANDLING_OPEN) : std::string(handling);
  e.validFrom = validFrom;
  e.validTo = validTo;
  const uint32_t typeId = intern(type);
  const uint64_t id = nextId("next_edge");
  txn_->put(store_.tables_.edges, lmdb::u64Key(id), encodeEdge(e, typeId, *this), MDB_APPEND);
  char entry[ADJ_ENTRY_SIZE];
  keys::encodeAdj(entry, typeId, end, id);
  txn_->put(store_.tables_.adj, keys::adj(start, Direction::OUT),
            std::string_view(entry, ADJ_ENTRY_SIZE));
  keys::encodeAdj(entry, typeId, start, id);
  txn_->put(store_.tables_.adj, keys::adj(end, Direction::IN),
            std::string_view(entry, ADJ_ENTRY_SIZE));
  bumpCount("count:edges", 1);
  bumpCount(typeCountKey(typeId), 1);
  return id;
}

bool WriteTxn::updateNode(uint64_t id, const PropertyMap& set,
                          const std::vector<std::string>& addLabels,
                          const std::vector<std::string>& removeLabels) {
  auto n = node(id);
  if (!n) return false;
  std::vector<uint32_t> oldLabelIds;
  for (const auto& l : n->labels) oldLabelIds.push_back(intern(l));
  indexNode(id, oldLabelIds, *n, false);
  for (const auto& [k, v] : set) {
    if (k.empty()) throw InvalidWrite("a property key must not be empty");
    if (v.isNull()) {
      n->properties.erase(k);
    } else {
      n->properties[k] = v;
    }
  }
  auto labels = n->labels;
  labels.insert(labels.end(), addLabels.begin(), addLabels.end());
  for (const auto& r : removeLabels)
    labels.erase(std::remove(labels.begin(), labels.end(), r), labels.end());
  n->labels = normaliseLabels(labels);
  std::vector<uint32_t> labelIds;
  for (const auto& l : n->labels) labelIds.push_back(intern(l));
  writeNode(id, *n, labelIds, false);
  indexNode(id, labelIds, *n, true);
  return true;
}

bool WriteTxn::putNode(const Node& replacement) {
  auto n = node(replacement.id);
  if (!n) return false;
  PropertyMap set = replacement.properties;
  for (const auto& [k, v] : n->properties) {
    if (!set.count(k)) set.emplace(k, Value());
  }
  std::vector<std::string> remove;
  for (const auto& l : n->labels) {
    if (std::find(replacement.labels.begin(), replacement.labels.end(), l) ==
        replacement.labels.end()) {
      remove.push_back(l);
    }
  }
  return updateNode(replacement.id, set, replacement.labels, remove);
}

bool WriteTxn::updateEdge(uint64_t id, const PropertyMap& set) {
  auto e = edge(id);
  if (!e) return false;
  for (const auto& [k, v] : set) {
    if (k.empty()) throw InvalidWrite("a property key must not be empty");
    if (v.isNull()) {
      e->properties.erase(k);
    } else {
      e->properties[k] = v;
    }
  }
  txn_->put(store_.tables_.edges, lmdb::u64Key(id), encodeEdge(*e, intern(e->type), *this));
  return true;
}

void WriteTxn::removeEdgeRecord(uint64_t id, const Edge& e) {
  const uint32_t typeId = intern(e.type);
  char entry[ADJ_ENTRY_SIZE];
  keys::encodeAdj(entry, typeId, e.end, id);
  std::string_view ev(entry, ADJ_ENTRY_SIZE);
  resetCursors();  // cursors must not outlive a delete under them
  if (!txn_->del(store_.tables_.adj, keys::adj(e.start, Direction::OUT), &ev)) {
    throw StoreError("adj: missing out-entry of relationship " + std::to_string(id));
  }
  keys::encodeAdj(entry, typeId, e.start, id);
  if (!txn_->del(store_.tables_.adj, keys::adj(e.end, Direction::IN), &ev)) {
    throw StoreError("adj: missing in-entry of relationship " + std::to_string(id));
  }
  txn_->del(store_.tables_.edges, lmdb::u64Key(id));
  bumpCount("count:edges", -1);
  bumpCount(typeCountKey(typeId), -1);
}

bool WriteTxn::deleteEdge(uint64_t id) {
  auto e = edge(id);
  if (!e) return false;
  removeEdgeRecord(id, *e);
  return true;
}

WriteTxn::DeleteResult WriteTxn::deleteNode(uint64_t id, bool detach) {
  auto n = node(id);
  if (!n) return DeleteResult::NOT_FOUND;
  std::vector<uint64_t> edges;
  forEachNeighbor(id, Direction::BOTH, std::nullopt, [&](const AdjEntry& a) {
    edges.push_back(a.edge);
    return detach;
  });
  if (!edges.empty() && !detach) return DeleteResult::HAS_RELATIONSHIPS;
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());  // self-loops twice
  for (const uint64_t e : edges) deleteEdge(e);
  std::vector<uint32_t> labelIds;
  for (const auto& l : n->labels) labelIds.push_back(intern(l));
  indexNode(id, labelIds, *n, false);
  if (!n->provenance.recordId.empty()) {
    txn_->del(store_.tables_.sources,
              keys::source(intern(n->provenance.agency), n->provenance.recordId));
  }
  txn_->del(store_.tables_.nodes, lmdb::u64Key(id));
  bumpCount("count:nodes", -1);
  return DeleteResult::DELETED;
}

}  // namespace casegraph
