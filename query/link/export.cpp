#include "query/link/export.h"

#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <sstream>

#include "query/link/bgl-graph.h"

namespace casegraph {

bool parseExportFormat(const std::string& name, ExportFormat& out) {
  if (name == "graphml") {
    out = ExportFormat::GRAPHML;
  } else if (name == "dot") {
    out = ExportFormat::DOT;
  } else if (name == "json") {
    out = ExportFormat::JSON;
  } else {
    return false;
  }
  return true;
}

namespace {

std::string prop(const Node& n, const char* key) {
  auto it = n.properties.find(key);
  if (it == n.properties.end()) return "";
  if (it->second.type() == ValueType::STRING) return it->second.asString();
  std::string s = toJson(it->second);
  if (s.size() >= 2 && s.front() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

bool has(const Node& n, const char* label) {
  return std::binary_search(n.labels.begin(), n.labels.end(), std::string(label));
}

// Colours and shapes per entity type, so that a chart reads at a glance.
struct Style {
  const char* shape;
  const char* colour;
};
Style styleOf(const Node& n) {
  if (has(n, "Person")) return {"ellipse", "#9ecae1"};
  if (has(n, "Vehicle")) return {"box", "#fdae6b"};
  if (has(n, "Case")) return {"note", "#fb6a4a"};
  if (has(n, "Event")) return {"diamond", "#fdd0a2"};
  if (has(n, "Location")) return {"house", "#a1d99b"};
  if (has(n, "Phone")) return {"cds", "#bcbddc"};
  if (has(n, "Organization")) return {"hexagon", "#c994c7"};
  return {"ellipse", "#d9d9d9"};
}

std::string dotEscape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string displayName(const Node& n) {
  std::string name;
  if (has(n, "Person")) {
    name = prop(n, "firstName");
    const std::string last = prop(n, "lastName").empty() ? prop(n, "surname") : prop(n, "lastName");
    if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  } else if (has(n, "Vehicle")) {
    name = prop(n, "plate").empty() ? prop(n, "reg") : prop(n, "plate");
  } else if (has(n, "Case")) {
    name = prop(n, "caseNumber");
  } else if (has(n, "Location")) {
    name = prop(n, "address");
  } else if (has(n, "Phone")) {
    name = prop(n, "number").empty() ? prop(n, "phoneNo") : prop(n, "number");
  } else if (has(n, "Event")) {
    name = prop(n, "kind");
    const std::string t = prop(n, "time");
    if (!t.empty()) name += " " + t;
  }
  if (name.empty()) name = prop(n, "name");
  const std::string head = n.labels.empty() ? "node" : n.labels.front();
  if (name.empty()) return head + " " + std::to_string(n.id);
  return name;
}

std::string exportSubgraph(const GraphView& view, const std::vector<uint64_t>& nodesIn,
                           const std::vector<uint64_t>& edges, ExportFormat format) {
  const Reader& r = view.reader();
  std::vector<uint64_t> nodeIds;
  std::map<uint64_t, Node> nodes;
  for (const uint64_t id : nodesIn) {
    if (nodes.count(id)) continue;
    if (auto n = r.node(id)) {
      nodes.emplace(id, std::move(*n));
      nodeIds.push_back(id);
    }
  }
  if (format == ExportFormat::JSON) {
    std::string out = "{\"nodes\":[";
    bool first = true;
    for (const uint64_t id : nodeIds) {
      if (!first) out += ',';
      first = false;
      appendJson(out, nodes.at(id));
    }
    out += "],\"relationships\":[";
    first = true;
    for (const uint64_t id : edges) {
      auto e = r.edge(id);
      if (!e || !nodes.count(e->start) || !nodes.count(e->end)) continue;
      if (!first) out += ',';
      first = false;
      appendJson(out, *e);
    }
    out += "]}\n";
    return out;
  }

  BglGraph g(view, nodeIds, &edges);
  const BglIndexMap index = get(boost::vertex_index, g);
  std::ostringstream out;
  auto typeName = [&r](const BglEdge& e) { return r.tokens().name(e.type); };
  if (format == ExportFormat::DOT) {
    auto vertexWriter = [&](std::ostream& os, uint64_t v) {
      const Node& n = nodes.at(v);
      const Style st = styleOf(n);
      const std::string head = n.labels.empty() ? "" : n.labels.front();
      os << "[label=\"" << dotEscape(displayName(n) + "\n" + head + " " + std::to_string(v))
         << "\", shape=" << st.shape << ", style=filled, fillcolor=\"" << st.colour << "\"]";
    };
    auto edgeWriter = [&](std::ostream& os, const BglEdge& e) {
      // Draw the arrow in the stored direction even though the graph is walked undirected.
      auto stored = r.edge(e.id);
      const bool reversed = stored && stored->start != e.source;
      os << "[label=\"" << dotEscape(typeName(e)) << "\", fontsize=9"
         << (reversed ? ", dir=back" : ", dir=forward") << "]";
    };
    auto graphWriter = [](std::ostream& os) {
      os << "graph [overlap=false, splines=true, fontname=\"Helvetica\"];\n"
         << "node [fontname=\"Helvetica\", fontsize=10];\n"
         << "edge [fontname=\"Helvetica\"];\n";
    };
    boost::write_graphviz(out, g, vertexWriter, edgeWriter, graphWriter, index);
    return out.str();
  }
  boost::dynamic_properties dp;
  dp.property("labels", boost::make_function_property_map<uint64_t, std::string>([&](uint64_t v) {
                std::string s;
                for (const auto& l : nodes.at(v).labels) s += ":" + l;
                return s;
              }));
  dp.property("name", boost::make_function_property_map<uint64_t, std::string>(
                          [&](uint64_t v) { return displayName(nodes.at(v)); }));
  dp.property("id", boost::make_function_property_map<uint64_t, std::string>(
                        [](uint64_t v) { return std::to_string(v); }));
  dp.property("type", boost::make_function_property_map<BglEdge, std::string>(
                          [&](const BglEdge& e) { return typeName(e); }));
  dp.property("relationship", boost::make_function_property_map<BglEdge, std::string>(
                                  [](const BglEdge& e) { return std::to_string(e.id); }));
  boost::write_graphml(out, g, index, dp, true);
  return out.str();
}

}  // namespace casegraph
