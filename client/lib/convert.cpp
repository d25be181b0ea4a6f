#include "client/lib/convert.h"

#include "schema/codec/records.h"

namespace casegraph {

// --- link analysis ---------------------------------------------------------------------------

void toRpc(const LinkFilterSpec& f, rpc::LinkFilter::Builder out) {
  out.setDirection(f.direction);
  toRpc(f.types, out.initTypes(sizeOf(f.types)));
  toRpc(f.labels, out.initLabels(sizeOf(f.labels)));
  out.setWindowFrom(f.windowFrom);
  out.setWindowTo(f.windowTo);
  out.setMaxDegree(f.maxDegree);
}

void toRpc(const LinkLimitsSpec& l, rpc::LinkLimits::Builder out) {
  out.setMaxHops(l.maxHops);
  out.setMaxVisited(l.maxVisited);
  out.setMaxResults(l.maxResults);
  out.setDeadlineMs(l.deadlineMs);
}

void toRpc(const PathRequestSpec& r, rpc::PathRequest::Builder out) {
  out.setKind(r.kind);
  out.setFrom(r.from);
  out.setTo(r.to);
  out.setK(r.k);
  out.setCostProperty(textReader(r.costProperty));
  auto costs = out.initTypeCosts(sizeOf(r.typeCosts));
  unsigned i = 0;
  for (const auto& [type, cost] : r.typeCosts) {
    costs[i].setType(textReader(type));
    costs[i].setCost(cost);
    ++i;
  }
  out.setDefaultCost(r.defaultCost);
  out.setTimeBackward(r.timeBackward);
  out.setMaxGapMicros(r.maxGapMicros);
}

PathValue fromRpc(rpc::PathValue::Reader in) {
  PathValue p;
  p.nodes.reserve(in.getNodes().size());
  for (auto n : in.getNodes()) p.nodes.push_back(fromRpc(n));
  p.relationships.reserve(in.getRelationships().size());
  for (auto e : in.getRelationships()) p.relationships.push_back(fromRpc(e));
  p.cost = in.getCost();
  return p;
}

NodeFacts fromRpc(rpc::NodeFacts::Reader in) {
  return NodeFacts{in.getNode(),   in.getDepth(),       toString(in.getRole()),
                   in.getScore(),  in.getComponent(),   in.getCommunity(),
                   in.getDegree(), in.getBetweenness(), in.getPagerank()};
}

LinkResult fromRpc(rpc::LinkResult::Reader in) {
  LinkResult r;
  r.paths.reserve(in.getPaths().size());
  for (auto p : in.getPaths()) r.paths.push_back(fromRpc(p));
  r.nodes.reserve(in.getNodes().size());
  for (auto n : in.getNodes()) r.nodes.push_back(fromRpc(n));
  r.relationships.reserve(in.getRelationships().size());
  for (auto e : in.getRelationships()) r.relationships.push_back(fromRpc(e));
  r.facts.reserve(in.getFacts().size());
  for (auto f : in.getFacts()) r.facts.push_back(fromRpc(f));
  r.truncated = in.getTruncated();
  r.note = toString(in.getNote());
  r.visited = in.getVisited();
  r.distance = in.getDistance();
  r.totalPaths = in.getTotalPaths();
  r.count = in.getCount();
  return r;
}

// --- queries -------------------------------------------------------------------------------------

QueryValue fromRpc(rpc::QueryValue::Reader in) {
  switch (in.which()) {
    case rpc::QueryValue::NULL_:
      return {};
    case rpc::QueryValue::BOOL:
      return Value(in.getBool());
    case rpc::QueryValue::INT:
      return Value(in.getInt());
    case rpc::QueryValue::FLOAT:
      return Value(in.getFloat());
    case rpc::QueryValue::STRING:
      return Value(toString(in.getString()));
    case rpc::QueryValue::BYTES: {
      const auto data = in.getBytes();
      return Value(Bytes{std::string(reinterpret_cast<const char*>(data.begin()), data.size())});
    }
    case rpc::QueryValue::DATE:
      return Value(Date{in.getDate()});
    case rpc::QueryValue::DATETIME:
      return Value(DateTime{in.getDatetime()});
    case rpc::QueryValue::TEMPORAL:
      return Value(readTemporal(in.getTemporal()));
    case rpc::QueryValue::DURATION:
      return readDuration(in.getDuration());
    case rpc::QueryValue::LIST: {
      QueryValue::List list;
      list.reserve(in.getList().size());
      for (auto item : in.getList()) list.push_back(fromRpc(item));
      return list;
    }
    case rpc::QueryValue::MAP: {
      QueryValue::Map map;
      for (auto entry : in.getMap()) {
        map.insert_or_assign(toString(entry.getKey()), fromRpc(entry.getValue()));
      }
      return map;
    }
    case rpc::QueryValue::NODE:
      return fromRpc(in.getNode());
    case rpc::QueryValue::RELATIONSHIP:
      return fromRpc(in.getRelationship());
    case rpc::QueryValue::PATH: {
      PathValue p;
      const auto path = in.getPath();
      p.nodes.reserve(path.getNodes().size());
      for (auto n : path.getNodes()) p.nodes.push_back(fromRpc(n));
      p.relationships.reserve(path.getRelationships().size());
      for (auto e : path.getRelationships()) p.relationships.push_back(fromRpc(e));
      return p;
    }
  }
  return {};
}

void toRpc(const QueryValue& v, rpc::QueryValue::Builder out) {
  switch (v.kind()) {
    case QueryValue::Kind::SCALAR:
      fillValue(out, v.asScalar());
      return;
    case QueryValue::Kind::DURATION:
      fillDuration(out.initDuration(), v.asDuration());
      return;
    case QueryValue::Kind::LIST: {
      const auto& items = v.asList();
      auto list = out.initList(static_cast<unsigned>(items.size()));
      for (unsigned i = 0; i < items.size(); ++i) toRpc(items[i], list[i]);
      return;
    }
    case QueryValue::Kind::MAP: {
      auto entries = out.initMap(static_cast<unsigned>(v.asMap().size()));
      unsigned i = 0;
      for (const auto& [key, value] : v.asMap()) {
        entries[i].setKey(textReader(key));
        toRpc(value, entries[i].initValue());
        ++i;
      }
      return;
    }
    case QueryValue::Kind::NODE:
      toRpc(v.asNode(), out.initNode());
      return;
    case QueryValue::Kind::RELATIONSHIP:
      toRpc(v.asEdge(), out.initRelationship());
      return;
    case QueryValue::Kind::PATH: {
      const auto& p = v.asPath();
      auto path = out.initPath();
      auto nodes = path.initNodes(static_cast<unsigned>(p.nodes.size()));
      for (unsigned i = 0; i < p.nodes.size(); ++i) toRpc(p.nodes[i], nodes[i]);
      auto rels = path.initRelationships(static_cast<unsigned>(p.relationships.size()));
      for (unsigned i = 0; i < p.relationships.size(); ++i) toRpc(p.relationships[i], rels[i]);
      return;
    }
  }
}

QueryRow fromRpc(rpc::QueryRow::Reader in) {
  QueryRow row;
  row.reserve(in.getValues().size());
  for (auto v : in.getValues()) row.push_back(fromRpc(v));
  return row;
}

QueryStats fromRpc(rpc::QueryStats::Reader in) {
  QueryStats s;
  s.nodesCreated = in.getNodesCreated();
  s.nodesDeleted = in.getNodesDeleted();
  s.relationshipsCreated = in.getRelationshipsCreated();
  s.relationshipsDeleted = in.getRelationshipsDeleted();
  s.propertiesSet = in.getPropertiesSet();
  s.labelsAdded = in.getLabelsAdded();
  s.labelsRemoved = in.getLabelsRemoved();
  return s;
}

QuerySummary fromRpc(rpc::QuerySummary::Reader in) {
  QuerySummary s;
  s.columns = fromRpc(in.getColumns());
  s.rows = in.getRows();
  s.stats = fromRpc(in.getStats());
  s.wrote = in.getWrote();
  s.mode = in.getMode();
  s.plan = toString(in.getPlan());
  return s;
}

}  // namespace casegraph
