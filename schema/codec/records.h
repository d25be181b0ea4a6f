// Conversions between the store's value types and their Cap'n Proto forms (schema/records.capnp).
#pragma once

#include <string_view>

#include "schema/model/value.h"
#include "schema/records.capnp.h"

namespace casegraph {

// Fills `out` with `v`: the one switch from a plain value to Cap'n Proto, for the records'
// schema::Value (toCapnp) and the RPC's rpc::QueryValue alike (their unions share these
// members; a datetime that is a plain UTC instant keeps the short `datetime` form).
template <typename Builder>
void fillValue(Builder out, const Value& v);
void toCapnp(const Value& v, schema::Value::Builder out);
// A DateTime of any kind as the Temporal record (also the RPC form of query results).
void fillTemporal(schema::Temporal::Builder out, const DateTime& t);
DateTime readTemporal(schema::Temporal::Reader in);
Value fromCapnp(schema::Value::Reader in);

// Fills a Cap'n Proto duration (the records' Duration or the RPC's QueryDuration: the same
// fields) and reads one back.
template <typename Builder>
void fillDuration(Builder out, const Duration& d) {
  out.setMonths(d.months);
  out.setDays(d.days);
  out.setSeconds(d.seconds);
  out.setNanos(static_cast<int32_t>(d.nanos));
}
// (normalised: the nanoseconds carried into the seconds, 0 <= nanos < 1e9).
template <typename Reader>
Duration readDuration(Reader in) {
  return normalDuration(in.getMonths(), in.getDays(), in.getSeconds(), in.getNanos());
}

// Reads a packed Cap'n Proto message from `bytes` (any alignment: unpacking copies into
// aligned memory). Throws kj::Exception on malformed input.
template <typename T, typename Fn>
auto readPacked(std::string_view bytes, Fn&& fn);

}  // namespace casegraph

#include <capnp/serialize-packed.h>
#include <kj/io.h>

namespace casegraph {
template <typename Builder>
void fillValue(Builder out, const Value& v) {
  switch (v.type()) {
    case ValueType::NUL:
      out.setNull();
      return;
    case ValueType::BOOL:
      out.setBool(v.asBool());
      return;
    case ValueType::INT:
      out.setInt(v.asInt());
      return;
    case ValueType::FLOAT:
      out.setFloat(v.asFloat());
      return;
    case ValueType::STRING: {
      const auto& s = v.asString();
      out.setString(capnp::Text::Reader(s.data(), s.size()));
      return;
    }
    case ValueType::BYTES: {
      const auto& b = v.asBytes().data;
      out.setBytes(capnp::Data::Reader(reinterpret_cast<const kj::byte*>(b.data()), b.size()));
      return;
    }
    case ValueType::DATE:
      out.setDate(v.asDate().days);
      return;
    case ValueType::DATETIME: {
      const DateTime& t = v.asDateTime();
      if (t.plainInstant()) {
        out.setDatetime(t.micros);  // the common case, and the form older stores hold
      } else {
        fillTemporal(out.initTemporal(), t);
      }
      return;
    }
    case ValueType::LIST: {
      const auto& items = v.asList();
      auto list = out.initList(static_cast<unsigned>(items.size()));
      for (unsigned i = 0; i < items.size(); ++i) fillValue(list[i], items[i]);
      return;
    }
    case ValueType::DURATION:
      fillDuration(out.initDuration(), v.asDuration());
      return;
  }
}

template <typename T, typename Fn>
auto readPacked(std::string_view bytes, Fn&& fn) {
  kj::ArrayInputStream in(
      kj::arrayPtr(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size()));
  capnp::ReaderOptions options;
  options.traversalLimitInWords = 64 * 1024 * 1024;
  capnp::PackedMessageReader reader(in, options);
  return fn(reader.getRoot<T>());
}
}  // namespace casegraph
