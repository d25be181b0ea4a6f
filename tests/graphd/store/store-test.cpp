#include "graphd/store/store.h"

#include <capnp/message.h>
#include <capnp/serialize-packed.h>
#include <doctest/doctest.h>
#include <kj/io.h>

#include <fstream>

#include "schema/records.capnp.h"
#include "test-util.h"

using namespace casegraph;
using casegraph::test::TempDir;

namespace {
std::unique_ptr<GraphStore> openStore(const TempDir& dir, size_t mapSize = size_t{1} << 26) {
  StoreOptions o;
  o.path = dir.sub("data");
  o.mapSize = mapSize;
  o.noSync = true;
  return GraphStore::open(o);
}

std::vector<uint64_t> collect(const std::function<void(const std::function<bool(uint64_t)>&)>& f) {
  std::vector<uint64_t> out;
  f([&](uint64_t id) {
    out.push_back(id);
    return true;
  });
  return out;
}
}  // namespace

TEST_CASE("nodes: create, get, update, delete") {
  TempDir dir;
  auto store = openStore(dir);
  Provenance prov{"citypd", "RMS-17", DateTime{1000}};
  const uint64_t id = store->write([&](WriteTxn& w) {
    return w.createNode({"Person", "Suspect", "Person"},
                        {{"firstName", "Ann"}, {"age", int64_t{34}}, {"nick", Value()}}, prov,
                        "restricted");
  });
  auto snap = store->snapshot();
  auto n = snap->node(id);
  REQUIRE(n);
  CHECK(n->labels == std::vector<std::string>{"Person", "Suspect"});
  CHECK(n->properties.size() == 2);  // null values are not stored
  CHECK(n->properties.at("firstName") == Value("Ann"));
  CHECK(n->properties.at("age") == Value(int64_t{34}));
  CHECK(n->provenance == prov);
  CHECK(n->handling == "restricted");
  CHECK_FALSE(snap->node(id + 100));
  snap.reset();

  CHECK(store->write([&](WriteTxn& w) {
    return w.updateNode(id, {{"age", Value()}, {"city", "Leeds"}}, {"Witness"}, {"Suspect"});
  }));
  n = store->snapshot()->node(id);
  CHECK(n->labels == std::vector<std::string>{"Person", "Witness"});
  CHECK(n->properties.count("age") == 0);
  CHECK(n->properties.at("city") == Value("Leeds"));
  CHECK_FALSE(store->write([](WriteTxn& w) { return w.updateNode(999, {}); }));

  CHECK(store->write([&](WriteTxn& w) { return w.deleteNode(id, false); }) ==
        WriteTxn::DeleteResult::DELETED);
  CHECK_FALSE(store->snapshot()->node(id));
  CHECK(store->write([&](WriteTxn& w) { return w.deleteNode(id, false); }) ==
        WriteTxn::DeleteResult::NOT_FOUND);
}

TEST_CASE("ids are never reused") {
  TempDir dir;
  auto store = openStore(dir);
  const uint64_t a = store->write([](WriteTxn& w) { return w.createNode({"X"}, {}); });
  store->write([&](WriteTxn& w) { w.deleteNode(a, false); });
  const uint64_t b = store->write([](WriteTxn& w) { return w.createNode({"X"}, {}); });
  CHECK(b > a);
}

TEST_CASE("edges: create with properties, valid time and adjacency both ways") {
  TempDir dir;
  auto store = openStore(dir);
  uint64_t p, v, e;
  store->write([&](WriteTxn& w) {
    p = w.createNode({"Person"}, {{"name", "Bo"}});
    v = w.createNode({"Vehicle"}, {{"plate", "AB12CDE"}});
    e = w.createEdge("OWNS", p, v, {{"since", Date{19000}}}, {}, "open", 100, 200);
  });
  auto snap = store->snapshot();
  auto edge = snap->edge(e);
  REQUIRE(edge);
  CHECK(edge->type == "OWNS");
  CHECK(edge->start == p);
  CHECK(edge->end == v);
  CHECK(edge->validFrom == 100);
  CHECK(edge->validTo == 200);
  CHECK(edge->properties.at("since") == Value(Date{19000}));

  std::vector<AdjEntry> out, in;
  snap->forEachNeighbor(p, Direction::OUT, std::nullopt, [&](const AdjEntry& a) {
    out.push_back(a);
    return true;
  });
  snap->forEachNeighbor(v, Direction::IN, std::nullopt, [&](const AdjEntry& a) {
    in.push_back(a);
    return true;
  });
  REQUIRE(out.size() == 1);
  CHECK(out[0].neighbour == v);
  CHECK(out[0].edge == e);
  CHECK(out[0].direction == Direction::OUT);
  REQUIRE(in.size() == 1);
  CHECK(in[0].neighbour == p);
  CHECK(snap->degree(p, Direction::OUT) == 1);
  CHECK(snap->degree(p, Direction::IN) == 0);
  CHECK(snap->degree(v, Direction::BOTH) == 1);
}

TEST_CASE("edges to missing nodes are refused and nothing of the batch remains") {
  TempDir dir;
  auto store = openStore(dir);
  CHECK_THROWS_AS(store->write([](WriteTxn& w) {
    const uint64_t a = w.createNode({"Person"}, {});
    w.createEdge("KNOWS", a, 12345, {});
  }),
                  InvalidWrite);
  CHECK(store->snapshot()->counts().nodes == 0);
  CHECK(collect([&](auto fn) { store->snapshot()->scanNodes(fn); }).empty());
}

TEST_CASE("delete of a node with relationships: refused, or detach-delete") {
  TempDir dir;
  auto store = openStore(dir);
  uint64_t a, b, c, loop;
  store->write([&](WriteTxn& w) {
    a = w.createNode({"Person"}, {});
    b = w.createNode({"Person"}, {});
    c = w.createNode({"Person"}, {});
    w.createEdge("KNOWS", a, b, {});
    w.createEdge("KNOWS", c, a, {});
    loop = w.createEdge("LINKED_TO", a, a, {});
    w.createEdge("KNOWS", b, c, {});
  });
  CHECK(store->write([&](WriteTxn& w) { return w.deleteNode(a, false); }) ==
        WriteTxn::DeleteResult::HAS_RELATIONSHIPS);
  CHECK(store->snapshot()->node(a));
  CHECK(store->write([&](WriteTxn& w) { return w.deleteNode(a, true); }) ==
        WriteTxn::DeleteResult::DELETED);
  auto snap = store->snapshot();
  CHECK_FALSE(snap->node(a));
  CHECK_FALSE(snap->edge(loop));
  CHECK(snap->degree(b, Direction::BOTH) == 1);
  CHECK(snap->degree(c, Direction::BOTH) == 1);
  const Counts counts = snap->counts();
  CHECK(counts.nodes == 2);
  CHECK(counts.edges == 1);
}

TEST_CASE("adjacency by type and pages of a hub") {
  TempDir dir;
  auto store = openStore(dir);
  uint64_t hub;
  const int N = 5000;
  store->write([&](WriteTxn& w) {
    hub = w.createNode({"Location"}, {{"name", "club"}});
    for (int i = 0; i < N; ++i) {
      const uint64_t e = w.createNode({"Event"}, {});
      w.createEdge(i % 3 == 0 ? "OCCURRED_AT" : "SEEN_AT", e, hub, {});
    }
  });
  auto snap = store->snapshot();
  CHECK(snap->degree(hub, Direction::IN) == N);
  size_t all = 0, occurred = 0, pages = 0;
  snap->forEachNeighbor(hub, Direction::IN, std::nullopt, [&](const AdjEntry&) {
    ++all;
    return true;
  });
  const auto typeId = snap->tokenId("OCCURRED_AT");
  REQUIRE(typeId);
  snap->forEachNeighbor(hub, Direction::IN, typeId, [&](const AdjEntry& a) {
    CHECK(a.type == *typeId);
    ++occurred;
    return true;
  });
  size_t paged = 0;
  snap->forEachAdjPage(hub, Direction::IN, [&](const char*, size_t n, Direction) {
    ++pages;
    paged += n;
  });
  CHECK(all == N);
  CHECK(occurred == (N + 2) / 3);
  CHECK(paged == N);
  CHECK(pages > 1);  // a hub spans several pages, read one page per call
  // Stopping early.
  size_t seen = 0;
  CHECK_FALSE(snap->forEachNeighbor(hub, Direction::IN, std::nullopt,
                                    [&](const AdjEntry&) { return ++seen < 10; }));
  CHECK(seen == 10);
}

TEST_CASE("adjacency in both directions: out then in, never a neighbouring node's entries") {
  // Consecutive node ids, so that one node's keys sit next to the next node's in the table:
  // a only out, b only in, c both (in spanning several pages), d none, e a self-loop and one
  // entry each way (entries kept in the key's own node, not a sub-database).
  TempDir dir;
  auto store = openStore(dir);
  uint64_t a, b, c, d, e;
  std::vector<uint64_t> cIn;
  store->write([&](WriteTxn& w) {
    a = w.createNode({"Person"}, {});
    b = w.createNode({"Person"}, {});
    c = w.createNode({"Person"}, {});
    d = w.createNode({"Person"}, {});
    e = w.createNode({"Person"}, {});
    w.createEdge("KNOWS", a, b, {});
    w.createEdge("KNOWS", c, a, {});
    w.createEdge("CALLED", c, b, {});
    for (int i = 0; i < 600; ++i) {
      const uint64_t p = w.createNode({"Phone"}, {});
      w.createEdge("CALLED", p, c, {});
      cIn.push_back(p);
    }
    w.createEdge("KNOWS", e, e, {});
  });
  auto snap = store->snapshot();
  auto both = [&](uint64_t n) {
    std::vector<std::pair<Direction, uint64_t>> out;
    snap->forEachAdjPage(n, Direction::BOTH, [&](const char* p, size_t count, Direction dir) {
      for (size_t i = 0; i < count; ++i, p += ADJ_ENTRY_SIZE) {
        out.emplace_back(dir, lmdb::getU64(p + 4));
      }
    });
    return out;
  };
  using V = std::vector<std::pair<Direction, uint64_t>>;
  CHECK(both(a) == V{{Direction::OUT, b}, {Direction::IN, c}});
  // Entries sort by type token: KNOWS, written first, before CALLED.
  CHECK(both(b) == V{{Direction::IN, a}, {Direction::IN, c}});
  const auto fromC = both(c);
  REQUIRE(fromC.size() == 2 + cIn.size());
  CHECK(fromC[0] == std::pair{Direction::OUT, a});
  CHECK(fromC[1] == std::pair{Direction::OUT, b});
  for (size_t i = 0; i < cIn.size(); ++i) CHECK(fromC[2 + i] == std::pair{Direction::IN, cIn[i]});
  CHECK(both(d).empty());
  CHECK(both(e) == V{{Direction::OUT, e}, {Direction::IN, e}});
  CHECK(both(9999).empty());  // past the last key
  // The same entries as the two directions read one after the other.
  for (const uint64_t n : {a, b, c, d, e}) {
    std::vector<uint64_t> viaBoth, viaEach;
    snap->forEachNeighbor(n, Direction::BOTH, std::nullopt, [&](const AdjEntry& x) {
      viaBoth.push_back(x.edge);
      return true;
    });
    for (const Direction dir : {Direction::OUT, Direction::IN}) {
      snap->forEachNeighbor(n, dir, std::nullopt, [&](const AdjEntry& x) {
        viaEach.push_back(x.edge);
        return true;
      });
    }
    CHECK(viaBoth == viaEach);
  }
  // Stopping on the first page of c's outgoing entries reads no incoming ones.
  size_t calls = 0;
  snap->forEachAdjPage(c, Direction::BOTH, [&](const char*, size_t, Direction dir) {
    ++calls;
    CHECK(dir == Direction::OUT);
    return false;
  });
  CHECK(calls == 1);
}

TEST_CASE("adjacency reads nest: a degree asked inside a scan does not disturb it") {
  TempDir dir;
  auto store = openStore(dir);
  uint64_t hub;
  std::vector<uint64_t> spokes;
  store->write([&](WriteTxn& w) {
    hub = w.createNode({"Location"}, {});
    for (int i = 0; i < 3000; ++i) {
      const uint64_t n = w.createNode({"Person"}, {});
      spokes.push_back(n);
      w.createEdge("SEEN_AT", n, hub, {});
      if (i % 2 == 0) w.createEdge("KNOWS", n, spokes[0], {});
    }
  });
  auto snap = store->snapshot();
  std::vector<uint64_t> seen;
  uint64_t degrees = 0;
  snap->forEachNeighbor(hub, Direction::IN, std::nullopt, [&](const AdjEntry& a) {
    seen.push_back(a.neighbour);
    degrees += snap->degree(a.neighbour, Direction::BOTH);  // a nested read on another node
    snap->forEachNeighbor(a.neighbour, Direction::OUT, std::nullopt,
                          [](const AdjEntry&) { return true; });
    return true;
  });
  CHECK(seen == spokes);
  CHECK(degrees == 3000 + 1500 * 2 - 1 + 1);
}

TEST_CASE("label scans and property lookups: equality and prefix") {
  TempDir dir;
  auto store = openStore(dir);
  uint64_t ann, anna, bob, car;
  const std::string longName(300, 'x');
  uint64_t longA, longB;
  store->write([&](WriteTxn& w) {
    ann = w.createNode({"Person"}, {{"name", "Ann"}, {"age", int64_t{30}}});
    anna = w.createNode({"Person"}, {{"name", "Anna"}, {"age", int64_t{-5}}});
    bob = w.createNode({"Person"}, {{"name", "Bob"}, {"born", Date{100}}});
    car = w.createNode({"Vehicle"}, {{"name", "Ann"}});
    longA = w.createNode({"Person"}, {{"name", longName + "a"}});
    longB = w.createNode({"Person"}, {{"name", longName + "b"}});
  });
  auto snap = store->snapshot();
  CHECK(collect([&](auto fn) { snap->scanLabel("Person", fn); }) ==
        std::vector<uint64_t>{ann, anna, bob, longA, longB});
  CHECK(collect([&](auto fn) { snap->scanLabel("Vehicle", fn); }) == std::vector<uint64_t>{car});
  CHECK(collect([&](auto fn) { snap->scanLabel("Nope", fn); }).empty());
  CHECK(collect([&](auto fn) { snap->findEqual("Person", "name", Value("Ann"), fn); }) ==
        std::vector<uint64_t>{ann});
  CHECK(collect([&](auto fn) { snap->findEqual("Person", "age", Value(int64_t{-5}), fn); }) ==
        std::vector<uint64_t>{anna});
  CHECK(collect([&](auto fn) { snap->findEqual("Person", "born", Value(Date{100}), fn); }) ==
        std::vector<uint64_t>{bob});
  CHECK(collect([&](auto fn) { snap->findPrefix("Person", "name", "An", fn); }) ==
        std::vector<uint64_t>{ann, anna});
  CHECK(collect([&](auto fn) { snap->findPrefix("Person", "name", "", fn); }).size() == 5);
  CHECK(collect([&](auto fn) { snap->findEqual("Person", "name", Value(longName + "b"), fn); }) ==
        std::vector<uint64_t>{longB});
  snap.reset();
  // The index follows updates and deletes.
  store->write([&](WriteTxn& w) {
    w.updateNode(ann, {{"name", "Annie"}});
    w.deleteNode(anna, false);
  });
  snap = store->snapshot();
  CHECK(collect([&](auto fn) { snap->findPrefix("Person", "name", "Ann", fn); }) ==
        std::vector<uint64_t>{ann});
  CHECK(collect([&](auto fn) { snap->findEqual("Person", "name", Value("Ann"), fn); }).empty());
}

TEST_CASE("a prefix longer than the indexed part of a string is checked against the record") {
  TempDir dir;
  auto store = openStore(dir);
  const std::string head(250, 'p');
  uint64_t match, other, nul;
  store->write([&](WriteTxn& w) {
    match = w.createNode({"Doc"}, {{"text", head + "abc"}});
    other = w.createNode({"Doc"}, {{"text", head + "xyz"}});
    nul = w.createNode({"Doc"}, {{"text", std::string("a\0b", 3)}});
  });
  auto snap = store->snapshot();
  CHECK(collect([&](auto fn) { snap->findPrefix("Doc", "text", head + "ab", fn); }) ==
        std::vector<uint64_t>{match});
  CHECK(collect([&](auto fn) { snap->findPrefix("Doc", "text", head, fn); }) ==
        std::vector<uint64_t>{match, other});
  CHECK(collect([&](auto fn) { snap->findPrefix("Doc", "text", head + "q", fn); }).empty());
  CHECK(collect([&](auto fn) {
          snap->findPrefix("Doc", "text", std::string("a\0b", 3), fn);
        }) == std::vector<uint64_t>{nul});
  CHECK(collect([&](auto fn) {
          snap->findPrefix("Doc", "text", std::string("a\0c", 3), fn);
        }).empty());
}

TEST_CASE("float zeros are one key; findEqualByValue compares numbers across types") {
  TempDir dir;
  auto store = openStore(dir);
  uint64_t negZero, zero, intZero, one, big;
  store->write([&](WriteTxn& w) {
    negZero = w.createNode({"T"}, {{"f", -0.0}});
    zero = w.createNode({"T"}, {{"f", 0.0}});
    intZero = w.createNode({"T"}, {{"f", int64_t{0}}});
    one = w.createNode({"T"}, {{"f", int64_t{1}}});
    big = w.createNode({"T"}, {{"f", int64_t{9007199254740993}}});
  });
  auto snap = store->snapshot();
  CHECK(collect([&](auto fn) { snap->findEqual("T", "f", Value(0.0), fn); }) ==
        std::vector<uint64_t>{negZero, zero});
  CHECK(collect([&](auto fn) { snap->findEqual("T", "f", Value(-0.0), fn); }) ==
        std::vector<uint64_t>{negZero, zero});
  CHECK(collect([&](auto fn) { snap->findEqual("T", "f", Value(int64_t{0}), fn); }) ==
        std::vector<uint64_t>{intZero});
  CHECK(collect([&](auto fn) { snap->findEqualByValue("T", "f", Value(int64_t{0}), fn); }) ==
        std::vector<uint64_t>{intZero, negZero, zero});
  CHECK(collect([&](auto fn) { snap->findEqualByValue("T", "f", Value(-0.0), fn); }) ==
        std::vector<uint64_t>{negZero, zero, intZero});
  CHECK(collect([&](auto fn) { snap->findEqualByValue("T", "f", Value(1.0), fn); }) ==
        std::vector<uint64_t>{one});
  CHECK(collect([&](auto fn) { snap->findEqualByValue("T", "f", Value(1.5), fn); }).empty());
  // Cypher compares an integer with a float as doubles: 2^53 + 1 = 2^53.0.
  CHECK(collect([&](auto fn) {
          snap->findEqualByValue("T", "f", Value(9007199254740992.0), fn);
        }) == std::vector<uint64_t>{big});
  snap.reset();
  // Deleting and updating remove the keys.
  store->write([&](WriteTxn& w) {
    w.updateNode(negZero, {{"f", int64_t{5}}});
    w.deleteNode(zero, false);
  });
  snap = store->snapshot();
  CHECK(collect([&](auto fn) { snap->findEqual("T", "f", Value(0.0), fn); }).empty());
}

TEST_CASE("counts per label and type") {
  TempDir dir;
  auto store = openStore(dir);
  store->write([&](WriteTxn& w) {
    auto a = w.createNode({"Person"}, {});
    auto b = w.createNode({"Person", "Officer"}, {});
    auto c = w.createNode({"Case"}, {});
    w.createEdge("KNOWS", a, b, {});
    w.createEdge("PARTY_TO", a, c, {});
    w.createEdge("PARTY_TO", b, c, {});
  });
  const Counts c = store->snapshot()->counts();
  CHECK(c.nodes == 3);
  CHECK(c.edges == 3);
  CHECK(c.labels ==
        std::vector<std::pair<std::string, uint64_t>>{{"Case", 1}, {"Officer", 1}, {"Person", 2}});
  CHECK(c.types == std::vector<std::pair<std::string, uint64_t>>{{"KNOWS", 1}, {"PARTY_TO", 2}});
}

TEST_CASE("a snapshot does not see later writes (MVCC)") {
  TempDir dir;
  auto store = openStore(dir);
  const uint64_t a = store->write([](WriteTxn& w) { return w.createNode({"P"}, {}); });
  auto before = store->snapshot();
  const uint64_t b = store->write([](WriteTxn& w) { return w.createNode({"P"}, {}); });
  CHECK(before->node(a));
  CHECK_FALSE(before->node(b));
  CHECK(store->snapshot()->node(b));
}

TEST_CASE("a failed batch leaves nothing behind, tokens included") {
  TempDir dir;
  auto store = openStore(dir);
  CHECK_THROWS(store->write([](WriteTxn& w) {
    w.createNode({"Ghost"}, {{"boo", "x"}});
    throw std::runtime_error("client gave up");
  }));
  CHECK(store->snapshot()->counts().nodes == 0);
  // A later write of the same label reuses the reserved id and persists it.
  const uint64_t id = store->write([](WriteTxn& w) { return w.createNode({"Ghost"}, {}); });
  store.reset();
  store = openStore(dir);
  auto n = store->snapshot()->node(id);
  REQUIRE(n);
  CHECK(n->labels == std::vector<std::string>{"Ghost"});
}

TEST_CASE("provenance: source records resolve and duplicates are refused") {
  TempDir dir;
  auto store = openStore(dir);
  const uint64_t id = store->write([](WriteTxn& w) {
    return w.createNode({"Person"}, {}, Provenance{"statepd", "S-1", {}});
  });
  CHECK(store->snapshot()->nodeBySource("statepd", "S-1") == id);
  CHECK_FALSE(store->snapshot()->nodeBySource("statepd", "S-2"));
  CHECK_THROWS_AS(store->write([](WriteTxn& w) {
    w.createNode({"Person"}, {}, Provenance{"statepd", "S-1", {}});
  }),
                  InvalidWrite);
}

TEST_CASE("the map grows when full instead of failing a write") {
  TempDir dir;
  auto store = openStore(dir, size_t{1} << 20);  // 1 MiB
  const size_t before = store->env().mapSize();
  const std::string blob(2000, 'z');
  store->write([&](WriteTxn& w) {
    for (int i = 0; i < 3000; ++i) w.createNode({"Blob"}, {{"data", blob + std::to_string(i)}});
  });
  CHECK(store->env().mapSize() > before);
  CHECK(store->snapshot()->counts().nodes == 3000);
}

TEST_CASE("data survives reopening") {
  TempDir dir;
  uint64_t a, b;
  {
    auto store = openStore(dir);
    store->write([&](WriteTxn& w) {
      a = w.createNode({"Person"}, {{"name", "Ann"}});
      b = w.createNode({"Person"}, {{"name", "Bob"}});
      w.createEdge("KNOWS", a, b, {});
    });
  }
  auto store = openStore(dir);
  auto snap = store->snapshot();
  CHECK(snap->node(a)->properties.at("name") == Value("Ann"));
  CHECK(snap->degree(a, Direction::OUT) == 1);
  CHECK(snap->counts().edges == 1);
}

TEST_CASE("a data directory is created with its missing parents") {
  TempDir dir;
  StoreOptions o;
  o.path = dir.sub("a/b/graph");
  auto store = GraphStore::open(o);
  CHECK(std::filesystem::exists(dir.sub("a/b/graph/data.mdb")));
}

TEST_CASE("bad data directories are refused with a clear message") {
  TempDir dir;
  SUBCASE("a directory that cannot be made") {
    std::ofstream(dir.sub("file")) << "x";
    StoreOptions o;
    o.path = dir.sub("file/graph");
    CHECK_THROWS_WITH_AS(GraphStore::open(o), doctest::Contains("cannot create data directory"),
                         StoreError);
  }
  SUBCASE("a non-empty directory of another program") {
    std::filesystem::create_directories(dir.sub("pg"));
    std::ofstream(dir.sub("pg/PG_VERSION")) << "15\n";
    StoreOptions o;
    o.path = dir.sub("pg");
    CHECK_THROWS_WITH_AS(GraphStore::open(o), doctest::Contains("not a CaseGraph data directory"),
                         StoreError);
  }
  SUBCASE("a file that is not LMDB") {
    std::filesystem::create_directories(dir.sub("junk"));
    std::ofstream(dir.sub("junk/data.mdb")) << std::string(8192, 'j');
    StoreOptions o;
    o.path = dir.sub("junk");
    CHECK_THROWS_WITH_AS(GraphStore::open(o), doctest::Contains("not a CaseGraph data file"),
                         StoreError);
  }
  SUBCASE("an LMDB environment of another program") {
    std::filesystem::create_directories(dir.sub("other"));
    MDB_env* env;
    mdb_env_create(&env);
    mdb_env_set_maxdbs(env, 4);
    REQUIRE(mdb_env_open(env, dir.sub("other").c_str(), 0, 0644) == 0);
    MDB_txn* txn;
    mdb_txn_begin(env, nullptr, 0, &txn);
    MDB_dbi dbi;
    mdb_dbi_open(txn, "things", MDB_CREATE, &dbi);
    MDB_val k{1, const_cast<char*>("k")}, v{1, const_cast<char*>("v")};
    mdb_put(txn, dbi, &k, &v, 0);
    mdb_txn_commit(txn);
    mdb_env_close(env);
    StoreOptions o;
    o.path = dir.sub("other");
    CHECK_THROWS_WITH_AS(GraphStore::open(o), doctest::Contains("another program"), StoreError);
  }
  SUBCASE("a newer format version") {
    {
      auto store = openStore(dir);
      store->write([&](WriteTxn& w) {
        std::string format(FORMAT_MAGIC);
        format.resize(FORMAT_MAGIC.size() + 4);
        lmdb::putU32(format.data() + FORMAT_MAGIC.size(), FORMAT_VERSION + 1);
        w.txn().put(store->tables().meta, "format", format);
      });
    }
    StoreOptions o;
    o.path = dir.sub("data");
    CHECK_THROWS_WITH_AS(GraphStore::open(o), doctest::Contains("newer CaseGraph"), StoreError);
  }
  SUBCASE("an older format version is restamped as this one") {
    auto readStamp = [&](GraphStore& store) {
      auto snap = store.snapshot();
      auto v = snap->txn().get(store.tables().meta, "format");
      REQUIRE(v);
      return lmdb::getU32(v->data() + FORMAT_MAGIC.size());
    };
    {
      auto store = openStore(dir);
      store->write([&](WriteTxn& w) {
        std::string format(FORMAT_MAGIC);
        format.resize(FORMAT_MAGIC.size() + 4);
        lmdb::putU32(format.data() + FORMAT_MAGIC.size(), 1);
        w.txn().put(store->tables().meta, "format", format);
      });
      CHECK(readStamp(*store) == 1);
    }
    auto store = openStore(dir);
    CHECK(readStamp(*store) == FORMAT_VERSION);
  }
  SUBCASE("a path that is a file") {
    std::ofstream(dir.sub("file")) << "x";
    StoreOptions o;
    o.path = dir.sub("file");
    CHECK_THROWS_WITH_AS(GraphStore::open(o), doctest::Contains("not a directory"), StoreError);
  }
  SUBCASE("read-only open of a missing store") {
    StoreOptions o;
    o.path = dir.sub("missing");
    o.readOnly = true;
    CHECK_THROWS_AS(GraphStore::open(o), StoreError);
  }
}

TEST_CASE("a plain relationship is stored compactly and reads back whole") {
  TempDir dir;
  auto store = openStore(dir);
  const Provenance cpd{"CPD", "", DateTime{1'764'000'000'123'456}};
  const Provenance early{"", "", DateTime{-86'400'000'000}};  // before 1970
  uint64_t plain = 0, early1 = 0, rich = 0, a = 0, b = 0;
  store->write([&](WriteTxn& w) {
    a = w.createNode({"Person"}, {});
    b = w.createNode({"Person"}, {});
    plain = w.createEdge("KNOWS", a, b, {}, cpd);
    early1 = w.createEdge("KNOWS", b, a, {}, early);
    rich = w.createEdge("KNOWS", a, b, {{"since", Value(int64_t{2019})}}, cpd);
  });
  auto raw = [&](uint64_t id) {
    auto snap = store->snapshot();
    auto v = snap->txn().get(store->tables().edges, lmdb::u64Key(id));
    REQUIRE(v);
    return std::string(*v);
  };
  // [0x01] and five varints: a few bytes, against some 40 for the packed record.
  CHECK(raw(plain).front() == 0x01);
  CHECK(raw(plain).size() <= 16);
  CHECK(raw(early1).front() == 0x01);
  CHECK(raw(rich).front() != 0x01);
  auto snap = store->snapshot();
  const auto e = snap->edge(plain);
  REQUIRE(e);
  CHECK(e->type == "KNOWS");
  CHECK(e->start == a);
  CHECK(e->end == b);
  CHECK(e->provenance == cpd);
  CHECK(e->handling == HANDLING_OPEN);
  CHECK(e->validFrom == TIME_MIN);
  CHECK(e->validTo == TIME_MAX);
  CHECK(e->properties.empty());
  CHECK(snap->edge(early1)->provenance == early);
  CHECK(snap->edge(rich)->properties.at("since") == Value(int64_t{2019}));
  snap.reset();

  SUBCASE("a property set later moves it to the full record") {
    store->write([&](WriteTxn& w) { CHECK(w.updateEdge(plain, {{"weight", Value(2.5)}})); });
    CHECK(raw(plain).front() != 0x01);
    auto s2 = store->snapshot();
    CHECK(s2->edge(plain)->properties.at("weight") == Value(2.5));
    CHECK(s2->edge(plain)->provenance == cpd);
  }
  SUBCASE("a record written before format 3 (packed, for a plain relationship) still reads") {
    capnp::MallocMessageBuilder msg;
    auto r = msg.initRoot<schema::EdgeRecord>();
    r.setType(*store->snapshot()->tokenId("KNOWS"));
    r.setStart(b);
    r.setEnd(b);
    r.initProvenance().setIngestTime(42);
    kj::VectorOutputStream out;
    capnp::writePackedMessage(out, msg);
    const auto bytes = out.getArray();
    store->write([&](WriteTxn& w) {
      w.txn().put(store->tables().edges, lmdb::u64Key(early1),
                  std::string_view(reinterpret_cast<const char*>(bytes.begin()), bytes.size()));
    });
    const auto old = store->snapshot()->edge(early1);
    REQUIRE(old);
    CHECK(old->start == b);
    CHECK(old->end == b);
    CHECK(old->provenance.ingestTime.micros == 42);
  }
  SUBCASE("a damaged compact record is an error that names the relationship") {
    store->write([&](WriteTxn& w) {
      w.txn().put(store->tables().edges, lmdb::u64Key(plain), std::string_view("\x01\x81", 2));
    });
    CHECK_THROWS_WITH_AS(store->snapshot()->edge(plain),
                         doctest::Contains(("relationship " + std::to_string(plain)).c_str()),
                         StoreError);
  }
}
