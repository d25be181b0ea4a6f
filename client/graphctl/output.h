// Printing result sets: the same rows as an aligned table, as JSON or as CSV.
//
//   ResultPrinter out(std::cout, OutputFormat::TABLE, {"relationship", "node"});
//   out.addRow({edge, node});
//   out.finish();
//
// JSON (a contract, see docs/rpc.md): {"columns": [...], "rows": [[...], ...]}, one row per
// line; nodes are {"id","labels","properties"}, relationships {"id","type","start","end",
// "properties"}, paths {"nodes": [...], "relationships": [...]}, other values their JSON form.
// Table: a header line, a rule, one line per row, then "N rows"; nodes read
// (5:Person {name: "Ann"}), relationships [9:KNOWS 5->6 {since: 2020}], paths
// (5:Person {..})-[9:KNOWS]->(6:Person {..})<-[12:OWNS]-(8:Vehicle), strings unquoted.
// CSV (RFC 4180, CRLF line ends): a header record, then one record per row; strings as they
// are, null as an empty field, nodes, relationships, paths, lists and maps as their JSON text.
//
// Nothing is written before the first row or finish(), so a command that fails early prints
// only its error. JSON and CSV rows are written as they are added; a table is held until
// finish() because its column widths depend on every row.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/lib/link-types.h"
#include "client/lib/query-types.h"
#include "schema/model/value.h"

namespace casegraph {

enum class OutputFormat { TABLE, JSON, CSV };

// "table", "json" or "csv"; nullopt for anything else.
std::optional<OutputFormat> parseOutputFormat(std::string_view name);

// A path cell shows its nodes and relationships; its cost goes in a column of its own. A
// QueryValue cell holds what only Cypher results have: maps, durations, and lists of those or
// of nodes, relationships and paths (queryCell() puts everything else in the other kinds).
using Cell = std::variant<Value, Node, Edge, PathValue, QueryValue>;

// The cell that shows `v`: scalars, lists of scalars, nodes, relationships and paths as the
// other commands show them.
Cell queryCell(const QueryValue& v);

class ResultPrinter {
 public:
  // `out` must outlive the printer.
  ResultPrinter(std::ostream& out, OutputFormat format, std::vector<std::string> columns);
  ResultPrinter(const ResultPrinter&) = delete;
  ResultPrinter& operator=(const ResultPrinter&) = delete;

  // A row has one cell per column.
  void addRow(std::vector<Cell> row);
  // Ends the output. In a table the footer reads "N rows" or, with a `note`, "N rows (note)";
  // JSON and CSV have no place for the note (print it elsewhere).
  void finish(const std::string& note = {});

  uint64_t rowCount() const { return rows_; }

 private:
  void writeCsvRecord(const std::vector<std::string>& fields);
  void start();  // writes the JSON or CSV header once

  std::ostream& out_;
  OutputFormat format_;
  std::vector<std::string> columns_;
  std::vector<std::vector<Cell>> held_;  // table rows until finish()
  uint64_t rows_ = 0;
  bool started_ = false;
  bool finished_ = false;
};

// The compact forms used in tables.
std::string compactNode(const Node& n);
std::string compactEdge(const Edge& e);
// A path as nodes joined by relationships, each arrow pointing from the relationship's start to
// its end, properties elided ({..}; get node / --format json show them):
// (1:Person {..})-[7:KNOWS]->(2:Person)<-[9:OWNS]-(3:Vehicle {..}). A path whose
// relationships do not join its nodes (one was deleted mid-answer) shows the parts it has,
// joined by undirected -[...]- links.
std::string compactPath(const PathValue& p);
// {"nodes": [node, ...], "relationships": [relationship, ...]} (docs/rpc.md).
void appendJson(std::string& out, const PathValue& p);
// Values inside a property map: strings quoted and escaped as in JSON, dates and datetimes bare
// ISO-8601, lists in brackets.
void appendCompact(std::string& out, const Value& v);
void appendCompact(std::string& out, const PropertyMap& props);
// Query values: maps as {key: value}, durations in ISO-8601 (P1DT2H), nodes, relationships
// and paths in their compact forms, the rest as above.
void appendCompact(std::string& out, const QueryValue& v);
// The JSON form of docs/rpc.md: maps as objects, durations as ISO-8601 strings, nodes,
// relationships and paths in their shapes, the rest as property values.
void appendJson(std::string& out, const QueryValue& v);
// A table cell: like appendCompact, but a string shows its text (control characters escaped).
std::string tableCell(const Cell& cell);
// A CSV field's text (before quoting).
std::string csvText(const Cell& cell);
// Quotes `field` for CSV when it holds a comma, quote, CR or LF.
std::string csvQuote(std::string_view field);

// Display width of UTF-8 text in columns (code points; wide characters count as one).
size_t displayWidth(std::string_view text);

}  // namespace casegraph
