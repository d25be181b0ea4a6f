// Exports of a result subgraph for other tools: GraphML (Gephi, yEd), DOT (Graphviz) and JSON
// ({"nodes": [...], "relationships": [...]} in the shapes of docs/rpc.md). The GraphML and DOT
// writers are Boost.Graph's, run on the snapshot adaptor.
#pragma once

#include <string>
#include <vector>

#include "query/link/graph-view.h"

namespace casegraph {

enum class ExportFormat { GRAPHML, DOT, JSON };

// Parses "graphml", "dot" or "json"; false when unknown.
bool parseExportFormat(const std::string& name, ExportFormat& out);

// A short human label for a node: a name, plate, case number, address or number by label,
// else its first label and id.
std::string displayName(const Node& n);

// The subgraph of `nodes` with the relationships `edges` (those with both ends among the nodes).
std::string exportSubgraph(const GraphView& view, const std::vector<uint64_t>& nodes,
                           const std::vector<uint64_t>& edges, ExportFormat format);

}  // namespace casegraph
