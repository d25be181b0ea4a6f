#include "client/graphctl/link-commands.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include "client/graphctl/graphviz.h"
#include "client/graphctl/link-args.h"

namespace casegraph {

namespace {

constexpr uint32_t EXPAND_HOPS = 2;
constexpr uint32_t CONNECTOR_HOPS = 3;
constexpr uint32_t REACH_HOPS = 2;

const std::vector<std::string_view> NO_OPTIONS;
const std::vector<std::string_view> HOPS_OPTION = {"--hops"};

const char* const PATH_USAGE =
    "path FROM TO [--all | --k N | --weighted [--cost-property P] [--type-cost TYPE=COST]... "
    "[--default-cost C] | --time-forward|--time-backward [--max-gap DURATION]]";

Value count(uint64_t n) { return Value(static_cast<int64_t>(n)); }

// A score that counts something (pairs joined, paths through) shows as a whole number.
Value score(double s) {
  if (s == std::floor(s) && std::fabs(s) < 9.0e15) return Value(static_cast<int64_t>(s));
  return Value(s);
}

std::string summary(size_t nodes, size_t relationships) {
  return std::to_string(nodes) + (nodes == 1 ? " node, " : " nodes, ") +
         std::to_string(relationships) + (relationships == 1 ? " relationship" : " relationships");
}

void writeFile(const std::string& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (f) f.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (f) f.close();
  if (!f) throw CommandError("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace

bool LinkCommands::handles(std::string_view command) {
  return command == "path" || command == "expand" || command == "connectors" ||
         command == "common" || command == "who-links" || command == "reach" ||
         command == "analyse" || command == "analyze" || command == "export" || command == "chart";
}

void LinkCommands::run(const std::vector<std::string>& args, OutputFormat format) {
  format_ = format;
  const std::string& cmd = args.at(0);
  if (cmd == "path") return path(args);
  if (cmd == "expand" || cmd == "connectors" || cmd == "common") return subgraph(args);
  if (cmd == "who-links") return whoLinks(args);
  if (cmd == "reach") return reach(args);
  if (cmd == "analyse" || cmd == "analyze") return analyse(args);
  if (cmd == "export" || cmd == "chart") return exportGraph(args);
  throw UsageError("unknown command '" + cmd + "'");
}

void LinkCommands::reportCut(const LinkResult& r) {
  if (!r.truncated) return;
  err_ << "note: " << (r.note.empty() ? "a limit cut the result short" : r.note) << '\n';
}

void LinkCommands::path(const std::vector<std::string>& args) {
  const CommandArgs a(args, 1, linkOptions(PATH_OPTIONS), PATH_FLAGS);
  const auto ids = parseNodeIds(a, 2, 2, PATH_USAGE);
  const PathRequestSpec request = parsePathRequest(a, ids[0], ids[1]);
  const LinkResult r = connect_().paths(request, parseLinkFilter(a), parseLinkLimits(a));
  auto p = printer({"path", "length", "cost"});
  for (const auto& path : r.paths) {
    p.add({path, count(path.relationships.size()), Value(path.cost)});
  }
  p.finish(r.paths.empty() ? "no path found" : "");
  reportCut(r);
}

// expand, connectors and common: a row per node (its role and score), then a row per
// relationship.
void LinkCommands::subgraph(const std::vector<std::string>& args) {
  const std::string& cmd = args[0];
  const bool expand = cmd == "expand", common = cmd == "common";
  const CommandArgs a(args, 1, linkOptions(common ? NO_OPTIONS : HOPS_OPTION), {});
  const char* const usage = expand   ? "expand ID... [--hops N]"
                            : common ? "common ID ID..."
                                     : "connectors ID ID... [--hops N]";
  const auto ids = parseNodeIds(a, expand ? 1 : 2, SIZE_MAX, usage);
  const LinkFilterSpec filter = parseLinkFilter(a);
  const LinkLimitsSpec limits = parseLinkLimits(a);
  GraphClient& client = connect_();
  LinkResult r;
  if (expand) {
    r = client.expand(ids, parseHops(a, EXPAND_HOPS), filter, limits);
  } else if (common) {
    r = client.commonNeighbours(ids, filter, limits);
  } else {
    r = client.connectors(ids, parseHops(a, CONNECTOR_HOPS), filter, limits);
  }

  const auto facts = r.factsByNode();
  auto p = printer({"element", "role", "score"});
  for (const auto& node : r.nodes) {
    const auto it = facts.find(node.id);
    const NodeFacts* f = it == facts.end() ? nullptr : it->second;
    std::string role = common ? "common" : "";
    Value value;
    if (f && expand) {
      role = f->depth == 0 ? "seed" : "depth " + std::to_string(f->depth);
      value = count(f->depth);
    } else if (f) {
      if (!f->role.empty()) role = f->role;
      value = score(f->score);
    }
    p.add({node, Value(role), value});
  }
  for (const auto& e : r.relationships) p.add({e, Value(""), Value()});
  p.finish(summary(r.nodes.size(), r.relationships.size()));
  reportCut(r);
}

void LinkCommands::whoLinks(const std::vector<std::string>& args) {
  const CommandArgs a(args, 1, linkOptions(), {});
  const auto ids = parseNodeIds(a, 2, 2, "who-links A B");
  const LinkResult r = connect_().whoLinks(ids[0], ids[1], parseLinkFilter(a), parseLinkLimits(a));
  const auto facts = r.factsByNode();
  auto p = printer({"node", "paths"});
  for (const auto& node : r.nodes) {
    const auto it = facts.find(node.id);
    p.add({node, it == facts.end() ? Value() : score(it->second->score)});
  }
  std::string note = "not connected within the search limits";
  if (r.distance != 0) {
    note = "distance " + std::to_string(r.distance) + ", " + std::to_string(r.totalPaths) +
           (r.totalPaths == 1 ? " shortest path" : " shortest paths");
  }
  p.finish(note);
  if (format_ != OutputFormat::TABLE) err_ << "note: " << note << '\n';
  reportCut(r);
}

void LinkCommands::reach(const std::vector<std::string>& args) {
  const CommandArgs a(args, 1, linkOptions(HOPS_OPTION), {});
  const auto ids = parseNodeIds(a, 1, 1, "reach ID [--hops N]");
  const uint32_t hops = parseHops(a, REACH_HOPS);
  const LinkResult r = connect_().reach(ids[0], hops, parseLinkFilter(a), parseLinkLimits(a));
  auto p = printer({"seed", "hops", "count"});
  p.add({count(ids[0]), count(hops), count(r.count)});
  p.finish();
  reportCut(r);
}

void LinkCommands::analyse(const std::vector<std::string>& args) {
  const CommandArgs a(args, 1, linkOptions(HOPS_OPTION), {});
  const auto ids = parseNodeIds(a, 1, SIZE_MAX, "analyse ID... [--hops N]");
  const LinkFilterSpec filter = parseLinkFilter(a);
  const LinkLimitsSpec limits = parseLinkLimits(a);
  GraphClient& client = connect_();
  const LinkResult network = client.expand(ids, parseHops(a, EXPAND_HOPS), filter, limits);
  reportCut(network);
  LinkResult r = client.analyse(network.nodeIds(), network.relationshipIds(), filter);

  std::sort(r.facts.begin(), r.facts.end(), [](const NodeFacts& x, const NodeFacts& y) {
    if (x.betweenness != y.betweenness) return x.betweenness > y.betweenness;
    if (x.pagerank != y.pagerank) return x.pagerank > y.pagerank;
    return x.node < y.node;
  });
  // --limit also caps the rows: the top N by betweenness.
  if (limits.maxResults != 0 && r.facts.size() > limits.maxResults) {
    r.facts.resize(limits.maxResults);
  }
  std::map<uint64_t, const Node*> nodes;
  for (const auto& n : network.nodes) nodes.emplace(n.id, &n);
  auto p = printer({"node", "component", "community", "degree", "betweenness", "pagerank"});
  for (const auto& f : r.facts) {
    Node node;
    node.id = f.node;
    if (const auto it = nodes.find(f.node); it != nodes.end()) node = *it->second;
    p.add({std::move(node), count(f.component), count(f.community), count(f.degree),
           Value(f.betweenness), Value(f.pagerank)});
  }
  p.finish(summary(network.nodes.size(), network.relationships.size()) + " analysed");
}

// export and chart: expand from the seeds, then have the server export that subgraph.
void LinkCommands::exportGraph(const std::vector<std::string>& args) {
  const bool chart = args[0] == "chart";
  const CommandArgs a(args, 1, linkOptions({"--hops", "--as", "-o", "--output"}), {});
  const auto ids = parseNodeIds(a, 1, SIZE_MAX,
                                chart ? "chart ID... [--hops N] -o FILE.svg|FILE.png"
                                      : "export ID... [--hops N] --as graphml|dot|json [-o FILE]");
  std::string file;
  for (const auto& [name, value] : a.options()) {
    if (name == "-o" || name == "--output") file = value;
  }
  if (a.has("-o") || a.has("--output")) {
    if (file.empty()) throw UsageError("-o needs a file name");
  }

  rpc::ExportFormat format = rpc::ExportFormat::DOT;
  ImageType image = ImageType::SVG;
  std::string dotProgram;
  if (chart) {
    if (a.has("--as")) throw UsageError("chart draws with Graphviz; --as is for export");
    if (file.empty()) throw UsageError("chart needs -o FILE.svg or -o FILE.png");
    const auto type = imageTypeOf(file);
    if (!type) throw UsageError("chart writes .svg or .png files, not '" + file + "'");
    image = *type;
    const char* path = std::getenv("PATH");
    const auto found = findOnPath("dot", path ? path : "");
    if (!found) {
      throw CommandError(
          "chart needs Graphviz, but there is no 'dot' program on PATH (Debian package "
          "graphviz: apt-get install graphviz)");
    }
    dotProgram = *found;
  } else {
    const auto as = a.last("--as");
    if (!as) throw UsageError("export needs --as graphml, dot or json");
    if (*as == "graphml") {
      format = rpc::ExportFormat::GRAPHML;
    } else if (*as == "json") {
      format = rpc::ExportFormat::JSON;
    } else if (*as != "dot") {
      throw UsageError("--as is graphml, dot or json, not '" + *as + "'");
    }
  }

  const LinkFilterSpec filter = parseLinkFilter(a);
  GraphClient& client = connect_();
  const LinkResult network =
      client.expand(ids, parseHops(a, EXPAND_HOPS), filter, parseLinkLimits(a));
  const std::string text =
      client.exportGraph(network.nodeIds(), network.relationshipIds(), format, filter);
  const std::string wrote =
      "wrote " + file + " (" + summary(network.nodes.size(), network.relationships.size()) + ")\n";
  if (chart) {
    renderDot(dotProgram, text, image, file);
    out_ << wrote << std::flush;
  } else if (file.empty()) {
    out_ << text << std::flush;
  } else {
    writeFile(file, text);
    out_ << wrote << std::flush;
  }
  if (!out_) throw OutputClosed();
  reportCut(network);
}

}  // namespace casegraph
