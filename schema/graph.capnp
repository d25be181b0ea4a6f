# The CaseGraph RPC interface. Documented in docs/rpc.md.
#
# Capability style: the bootstrap object (GraphService) offers `login`, which returns a Session
# scoped to one user; what a session can do is what its methods allow. Nodes and edges are
# values; sessions and sinks are capabilities. Large results stream to a client-supplied
# ResultSink with `-> stream` flow control.
#
# Errors reach the client as exceptions whose description starts with a category:
#   "not_found: ...", "invalid_argument: ...", "limit_exceeded: ...", "overloaded: ...",
#   "unauthenticated: ...", "internal: ..."
# (the exception type is OVERLOADED for overloaded, FAILED otherwise).
#
# Evolution: add fields and methods with the next ordinal; never renumber.
@0xc4a5e1f2b3d40002;

$import "/capnp/c++.capnp".namespace("casegraph::rpc");

using Rec = import "records.capnp";

struct Property {
  key @0 :Text;
  value @1 :Rec.Value;
}

struct Provenance {
  agency @0 :Text;
  recordId @1 :Text;
  ingestTime @2 :Int64;  # microseconds since the epoch, UTC
}

struct Node {
  id @0 :UInt64;
  labels @1 :List(Text);
  properties @2 :List(Property);
  provenance @3 :Provenance;
  handling @4 :Text;
}

struct Edge {
  id @0 :UInt64;
  type @1 :Text;
  start @2 :UInt64;
  end @3 :UInt64;
  properties @4 :List(Property);
  provenance @5 :Provenance;
  handling @6 :Text;
  validFrom @7 :Int64 = -9223372036854775808;  # microseconds; min = unbounded
  validTo @8 :Int64 = 9223372036854775807;     # microseconds; max = unbounded
}

enum Direction {
  out @0;
  in @1;
  both @2;
}

# A node in a write batch: an existing node by id, or one created earlier in the same batch by
# its batch-local reference name.
struct NodeRef {
  union {
    id @0 :UInt64;
    ref @1 :Text;
  }
}

struct WriteOp {
  union {
    createNode :group {
      ref @0 :Text;  # optional batch-local name, usable by later ops as NodeRef.ref
      labels @1 :List(Text);
      properties @2 :List(Property);
      provenance @3 :Provenance;
      handling @4 :Text;
    }
    # Finds the node with all `labels` whose `keys` properties equal those in `properties`;
    # updates it with `properties`, or creates it when there is none.
    mergeNode :group {
      ref @5 :Text;
      labels @6 :List(Text);
      keys @7 :List(Text);
      properties @8 :List(Property);
      provenance @9 :Provenance;
      handling @10 :Text;
    }
    createEdge :group {
      type @11 :Text;
      start @12 :NodeRef;
      end @13 :NodeRef;
      properties @14 :List(Property);
      provenance @15 :Provenance;
      handling @16 :Text;
      validFrom @17 :Int64 = -9223372036854775808;
      validTo @18 :Int64 = 9223372036854775807;
    }
    # Sets properties (a null value removes one) and adds or removes labels.
    updateNode :group {
      id @19 :NodeRef;
      set @20 :List(Property);
      addLabels @21 :List(Text);
      removeLabels @22 :List(Text);
    }
    updateEdge :group {
      id @23 :UInt64;
      set @24 :List(Property);
    }
    deleteNode :group {
      id @25 :NodeRef;
      detach @26 :Bool;  # also delete its relationships; without it a linked node is refused
    }
    deleteEdge :group {
      id @27 :UInt64;
    }
  }
}

struct WriteResult {
  # One entry per op, in order: the id created, merged, updated or deleted.
  ids @0 :List(UInt64);
  # Whether the op created something: true for createNode and createEdge, and for a mergeNode
  # that found no match; false otherwise.
  created @1 :List(Bool);
}

struct LabelCount {
  name @0 :Text;
  count @1 :UInt64;
}

struct Stats {
  nodes @0 :UInt64;
  edges @1 :UInt64;
  labels @2 :List(LabelCount);
  types @3 :List(LabelCount);
  dataBytes @4 :UInt64;   # size of the data file
  version @5 :Text;       # server version
}

# One batch of streamed results. For `neighbors`, edges[i] leads to nodes[i]; for `findNodes`
# only nodes are set.
struct ResultBatch {
  nodes @0 :List(Node);
  edges @1 :List(Edge);
}

struct ResultSummary {
  count @0 :UInt64;       # rows sent
  truncated @1 :Bool;     # a limit cut the result short
  note @2 :Text;          # which limit, when truncated
}

interface ResultSink {
  write @0 (batch :ResultBatch) -> stream;
  done @1 (summary :ResultSummary);
}

# --- link analysis (docs/rpc.md, "Link analysis") ------------------------------------------

# Which relationships a search may follow. Defaults: both directions, every type and label, no
# time window, no degree cap.
struct LinkFilter {
  direction @0 :Direction = both;
  types @1 :List(Text);     # relationship types to follow; empty = all
  labels @2 :List(Text);    # nodes to pass through must have one of these; empty = any
  windowFrom @3 :Int64 = -9223372036854775808;  # valid-time window (microseconds);
  windowTo @4 :Int64 = 9223372036854775807;     # both unbounded = no window
  maxDegree @5 :UInt64;     # do not expand through nodes with more relationships; 0 = no cap
}

# Bounds on one search; 0 = the server default (docs/rpc.md lists the defaults and maxima).
struct LinkLimits {
  maxHops @0 :UInt32;
  maxVisited @1 :UInt64;
  maxResults @2 :UInt64;
  deadlineMs @3 :UInt32;
}

enum PathKind {
  shortest @0;
  allShortest @1;
  kShortest @2;
  weighted @3;
  timeRespecting @4;
}

struct TypeCost {
  type @0 :Text;
  cost @1 :Float64;
}

struct PathRequest {
  kind @0 :PathKind;
  from @1 :UInt64;
  to @2 :UInt64;
  k @3 :UInt32;                   # kShortest
  costProperty @4 :Text;          # weighted: numeric relationship property
  typeCosts @5 :List(TypeCost);   # weighted: cost per relationship type
  defaultCost @6 :Float64 = 1.0;  # weighted
  timeBackward @7 :Bool;          # timeRespecting: times move backward along the path
  maxGapMicros @8 :Int64;         # timeRespecting: 0 = any gap
}

struct PathValue {
  nodes @0 :List(Node);
  relationships @1 :List(Edge);
  cost @2 :Float64;
}

# Per-node facts of a subgraph result: how far from the seeds (expand), its role and score
# (connectors: "entity" or "connector" and the pairs it joins; whoLinks: shortest paths
# through it), and network measures (analyse).
struct NodeFacts {
  node @0 :UInt64;
  depth @1 :UInt32;
  role @2 :Text;
  score @3 :Float64;
  component @4 :UInt32;
  community @5 :UInt32;
  degree @6 :UInt64;
  betweenness @7 :Float64;
  pagerank @8 :Float64;
}

struct LinkResult {
  paths @0 :List(PathValue);
  nodes @1 :List(Node);
  relationships @2 :List(Edge);
  facts @3 :List(NodeFacts);
  truncated @4 :Bool;   # a limit cut the search short
  note @5 :Text;        # which limit
  visited @6 :UInt64;   # nodes the search touched
  distance @7 :UInt32;  # whoLinks: hops between the two
  totalPaths @8 :UInt64;  # whoLinks: number of shortest paths
  count @9 :UInt64;     # reach: nodes within the hops
}

enum ExportFormat {
  graphml @0;
  dot @1;
  json @2;
}

# --- Cypher queries (docs/rpc.md, "Queries") --------------------------------------------------

# A value of a query's parameters or results: what openCypher values can be. Nodes,
# relationships and paths appear only in results, as full records (so a client needs no second
# call to show them); a parameter that is one is refused.
struct QueryValue {
  union {
    null @0 :Void;
    bool @1 :Bool;
    int @2 :Int64;
    float @3 :Float64;
    string @4 :Text;
    bytes @5 :Data;
    date @6 :Int32;      # days since 1970-01-01
    datetime @7 :Int64;  # microseconds since 1970-01-01T00:00:00Z
    duration @8 :QueryDuration;
    list @9 :List(QueryValue);
    map @10 :List(QueryEntry);  # keys unique
    node @11 :Node;
    relationship @12 :Edge;
    path @13 :QueryPath;
    # Any temporal value in full: a datetime with its offset, zone and nanoseconds, a local
    # datetime, a time, a local time. Sent only to a query call that asked for it
    # (temporalValues); without it a datetime comes as `datetime` (UTC microseconds) and the
    # other three as ISO-8601 text. Accepted in parameters.
    temporal @14 :Rec.Temporal;
  }
}

# openCypher keeps a duration's months, days and seconds apart (a month has no fixed length).
struct QueryDuration {
  months @0 :Int64;
  days @1 :Int64;
  seconds @2 :Int64;
  nanos @3 :Int64;
}

struct QueryEntry {
  key @0 :Text;
  value @1 :QueryValue;
}

# relationships[i] joins nodes[i] and nodes[i + 1], in either direction.
struct QueryPath {
  nodes @0 :List(Node);
  relationships @1 :List(Edge);
}

# One result row: values[i] belongs to column i.
struct QueryRow {
  values @0 :List(QueryValue);
}

# What a query changed.
struct QueryStats {
  nodesCreated @0 :UInt64;
  nodesDeleted @1 :UInt64;
  relationshipsCreated @2 :UInt64;
  relationshipsDeleted @3 :UInt64;
  propertiesSet @4 :UInt64;
  labelsAdded @5 :UInt64;
  labelsRemoved @6 :UInt64;
}

enum QueryMode {
  normal @0;
  explain @1;   # planned, not run: no rows, `plan` holds the plan
  profile @2;   # run; `plan` holds the plan with the rows each step produced
}

struct QuerySummary {
  columns @0 :List(Text);
  rows @1 :UInt64;        # rows sent
  stats @2 :QueryStats;
  wrote @3 :Bool;         # the query had write clauses and committed
  mode @4 :QueryMode;
  plan @5 :Text;          # EXPLAIN and PROFILE only
}

# Receives a query's result: `columns` once, then the rows in batches, then `done`.
interface QuerySink {
  columns @0 (names :List(Text)) -> stream;
  write @1 (rows :List(QueryRow)) -> stream;
  done @2 (summary :QuerySummary);
}

interface GraphService {
  # Until the security step lands, user "local" logs in without a secret.
  login @0 (user :Text, secret :Text) -> (session :Session);
}

interface Session {
  getNodes @0 (ids :List(UInt64)) -> (nodes :List(Node), missing :List(UInt64));
  getEdges @1 (ids :List(UInt64)) -> (edges :List(Edge), missing :List(UInt64));

  # Nodes with `label`; with `key`, those whose property equals `value` (or, with `prefix`,
  # whose string property starts with value.string). limit 0 = the server default.
  # With `inlineRows` (here and in neighbors) the client also accepts a result of at most one
  # batch in the reply: `rowsInline` is then set, `batch` holds every row and the sink gets no
  # call. Without it the rows always go to the sink.
  findNodes @2 (label :Text, key :Text, value :Rec.Value, prefix :Bool, limit :UInt64,
                sink :ResultSink, inlineRows :Bool)
      -> (summary :ResultSummary, batch :ResultBatch, rowsInline :Bool);

  # Relationships and nodes next to `id`. `types` and `labels` filter (empty = any).
  neighbors @3 (id :UInt64, direction :Direction, types :List(Text), labels :List(Text),
                limit :UInt64, sink :ResultSink, inlineRows :Bool)
      -> (summary :ResultSummary, batch :ResultBatch, rowsInline :Bool);

  # One atomic batch: all ops commit together or none does.
  write @4 (ops :List(WriteOp)) -> (result :WriteResult);

  stats @5 () -> (stats :Stats);

  # Link analysis. Every search runs under `limits`; a cancelled call stops within
  # milliseconds; `truncated`/`note` say when a limit cut the answer short.
  paths @6 (request :PathRequest, filter :LinkFilter, limits :LinkLimits)
      -> (result :LinkResult);
  # Everything within `hops` of the seeds (nodes, relationships, facts with depth).
  expand @7 (seeds :List(UInt64), hops :UInt32, filter :LinkFilter, limits :LinkLimits)
      -> (result :LinkResult);
  # The network of all paths of at most `hops` between any two of the entities, with roles.
  connectors @8 (entities :List(UInt64), hops :UInt32, filter :LinkFilter, limits :LinkLimits)
      -> (result :LinkResult);
  commonNeighbours @9 (entities :List(UInt64), filter :LinkFilter, limits :LinkLimits)
      -> (result :LinkResult);
  # Nodes on shortest a-b paths ranked by how many pass through each (facts: score).
  whoLinks @10 (a :UInt64, b :UInt64, filter :LinkFilter, limits :LinkLimits)
      -> (result :LinkResult);
  # Components, degree, betweenness, PageRank and communities of the network of `nodes` (and
  # only `relationships`, when given).
  analyse @11 (nodes :List(UInt64), relationships :List(UInt64), filter :LinkFilter)
      -> (result :LinkResult);
  # The subgraph of `nodes` and `relationships` as GraphML, DOT or JSON text.
  exportGraph @12 (nodes :List(UInt64), relationships :List(UInt64), format :ExportFormat,
                   filter :LinkFilter) -> (text :Text);
  # How many distinct nodes lie within 1..hops of `seed`.
  reach @13 (seed :UInt64, hops :UInt32, filter :LinkFilter, limits :LinkLimits)
      -> (result :LinkResult);

  # Runs one openCypher statement with `parameters` (names without the `$`, each at most once)
  # as one transaction, and streams its result to `sink`. A query that writes commits only
  # when it succeeds whole. Errors in the query itself are invalid_argument (not_found for
  # EntityNotFound) with a message "Kind (Code) at line L, column C: what" (docs/rpc.md).
  # With `inlineRows` the client also accepts a small result in the reply: the server may then
  # answer with `rowsInline` set, every row in `rows` and the column names in the summary, and
  # make no call on the sink. Without it the rows always go to the sink. With
  # `temporalValues` temporal results come in full as QueryValue.temporal.
  query @14 (text :Text, parameters :List(QueryEntry), sink :QuerySink, inlineRows :Bool,
             temporalValues :Bool)
      -> (summary :QuerySummary, rows :List(QueryRow), rowsInline :Bool);
}
