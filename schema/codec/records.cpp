#include "schema/codec/records.h"

namespace casegraph {

void fillTemporal(schema::Temporal::Builder out, const DateTime& t) {
  out.setMicros(t.micros);
  out.setNanos(t.nanos);
  out.setOffset(t.offset);
  out.setKind(static_cast<uint8_t>(t.kind));
  if (!t.zone.empty()) out.setZone(capnp::Text::Reader(t.zone.data(), t.zone.size()));
}

DateTime readTemporal(schema::Temporal::Reader in) {
  const uint8_t kind = in.getKind() <= 3 ? in.getKind() : 0;
  DateTime t{in.getMicros(), in.getNanos(), in.getOffset(), static_cast<TemporalKind>(kind), {}};
  if (t.kind == TemporalKind::DATETIME && in.hasZone()) {
    t.zone.assign(in.getZone().cStr(), in.getZone().size());
  }
  return t;
}

void toCapnp(const Value& v, schema::Value::Builder out) { fillValue(out, v); }

Value fromCapnp(schema::Value::Reader in) {
  switch (in.which()) {
    case schema::Value::NULL_:
      return Value();
    case schema::Value::BOOL:
      return Value(in.getBool());
    case schema::Value::INT:
      return Value(in.getInt());
    case schema::Value::FLOAT:
      return Value(in.getFloat());
    case schema::Value::STRING: {
      auto t = in.getString();
      return Value(std::string(t.cStr(), t.size()));
    }
    case schema::Value::BYTES: {
      auto d = in.getBytes();
      return Value(Bytes{std::string(reinterpret_cast<const char*>(d.begin()), d.size())});
    }
    case schema::Value::DATE:
      return Value(Date{in.getDate()});
    case schema::Value::DATETIME:
      return Value(DateTime{in.getDatetime()});
    case schema::Value::DURATION:
      return Value(readDuration(in.getDuration()));
    case schema::Value::TEMPORAL:
      return Value(readTemporal(in.getTemporal()));
    case schema::Value::LIST: {
      List l;
      for (auto e : in.getList()) l.push_back(fromCapnp(e));
      return Value(std::move(l));
    }
  }
  return Value();
}

}  // namespace casegraph
