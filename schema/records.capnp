# On-disk records of the CaseGraph store (LMDB values of the `nodes` and `edges` tables).
# See docs/storage-format.md. Fields are evolved the Cap'n Proto way: add at the end with the
# next ordinal, never reorder or renumber, never change a field's type.
@0xc4a5e1f2b3d40001;

$import "/capnp/c++.capnp".namespace("casegraph::schema");

struct Value {
  # A typed property value. Dates are days since 1970-01-01; datetimes are microseconds since
  # 1970-01-01T00:00:00Z.
  union {
    null @0 :Void;
    bool @1 :Bool;
    int @2 :Int64;
    float @3 :Float64;
    string @4 :Text;
    bytes @5 :Data;
    date @6 :Int32;
    datetime @7 :Int64;
    list @8 :List(Value);
    temporal @9 :Temporal;  # a datetime with nanoseconds or an offset, a local datetime, a time
    duration @10 :Duration;  # format version 2
  }
}

struct Duration {
  # openCypher's duration: months, days, seconds and nanoseconds kept apart (0 <= nanos < 1e9).
  months @0 :Int64;
  days @1 :Int64;
  seconds @2 :Int64;
  nanos @3 :Int32;
}

struct Temporal {
  # casegraph::DateTime: micros as that struct says for each kind; nanos beyond the micros;
  # offset in seconds east of UTC; kind 0 datetime, 1 local datetime, 2 time, 3 local time;
  # zone (added later: older records have none) the zone name a datetime was written in.
  micros @0 :Int64;
  nanos @1 :Int32;
  offset @2 :Int32;
  kind @3 :UInt8;
  zone @4 :Text;       # a datetime's named zone ("Europe/Stockholm"); empty for an offset only
}

struct Property {
  key @0 :UInt32;      # interned property key (tokens table)
  value @1 :Value;
}

struct Provenance {
  agency @0 :UInt32;   # interned agency name (tokens table); 0 = unknown
  recordId @1 :Text;   # the record's id in the source system
  ingestTime @2 :Int64;  # microseconds since the epoch, UTC
}

struct NodeRecord {
  labels @0 :List(UInt32);       # interned labels, sorted
  properties @1 :List(Property); # sorted by key
  provenance @2 :Provenance;
  handling @3 :UInt32;           # interned handling tag; 0 = open
}

struct EdgeRecord {
  type @0 :UInt32;
  start @1 :UInt64;
  end @2 :UInt64;
  properties @3 :List(Property);
  provenance @4 :Provenance;
  handling @5 :UInt32;
  validFrom @6 :Int64 = -9223372036854775808;  # microseconds; min = unbounded
  validTo @7 :Int64 = 9223372036854775807;     # microseconds; max = unbounded
}
