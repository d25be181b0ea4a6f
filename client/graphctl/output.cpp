#include "client/graphctl/output.h"

#include <algorithm>
#include <cmath>

namespace casegraph {

std::optional<OutputFormat> parseOutputFormat(std::string_view name) {
  if (name == "table") return OutputFormat::TABLE;
  if (name == "json") return OutputFormat::JSON;
  if (name == "csv") return OutputFormat::CSV;
  return std::nullopt;
}

size_t displayWidth(std::string_view text) {
  size_t width = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++width;
  }
  return width;
}

// --- compact forms -----------------------------------------------------------------------------

namespace {

bool isIdentifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
  }
  return true;
}

// A label, type or key: bare when it is an identifier, otherwise in backticks.
void appendName(std::string& out, std::string_view name) {
  if (isIdentifier(name)) {
    out += name;
    return;
  }
  out.push_back('`');
  for (const char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
}

// A string's JSON escaping without the quotes.
std::string escapedText(std::string_view s) {
  std::string quoted;
  appendJsonString(quoted, s);
  return quoted.substr(1, quoted.size() - 2);
}

bool hasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

}  // namespace

void appendCompact(std::string& out, const Value& v) {
  switch (v.type()) {
    case ValueType::FLOAT:
      if (std::isfinite(v.asFloat())) {
        appendJson(out, v);
      } else {
        out += nonFiniteText(v.asFloat());  // NaN, Infinity, -Infinity, as Cypher writes them
      }
      return;
    case ValueType::DATE:
      out += formatDate(v.asDate());
      return;
    case ValueType::DATETIME:
      out += formatDateTime(v.asDateTime());
      return;
    case ValueType::DURATION:
      out += formatDuration(v.asDuration());
      return;
    case ValueType::LIST: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.asList()) {
        if (!first) out += ", ";
        first = false;
        appendCompact(out, item);
      }
      out.push_back(']');
      return;
    }
    default:
      appendJson(out, v);
      return;
  }
}

void appendCompact(std::string& out, const PropertyMap& props) {
  out.push_back('{');
  bool first = true;
  for (const auto& [key, value] : props) {
    if (!first) out += ", ";
    first = false;
    appendName(out, key);
    out += ": ";
    appendCompact(out, value);
  }
  out.push_back('}');
}

std::string compactNode(const Node& n) {
  std::string out = "(" + std::to_string(n.id);
  for (const auto& label : n.labels) {
    out.push_back(':');
    appendName(out, label);
  }
  if (!n.properties.empty()) {
    out.push_back(' ');
    appendCompact(out, n.properties);
  }
  out.push_back(')');
  return out;
}

std::string compactEdge(const Edge& e) {
  std::string out = "[" + std::to_string(e.id) + ":";
  appendName(out, e.type);
  out += " " + std::to_string(e.start) + "->" + std::to_string(e.end);
  if (!e.properties.empty()) {
    out.push_back(' ');
    appendCompact(out, e.properties);
  }
  out.push_back(']');
  return out;
}

namespace {

// Inside a path, a node shows its id and labels and "{..}" for its properties, a relationship
// its id and type: the arrows and the neighbouring nodes say what it joins.
std::string pathNode(const Node& n) {
  std::string out = "(" + std::to_string(n.id);
  for (const auto& label : n.labels) {
    out.push_back(':');
    appendName(out, label);
  }
  if (!n.properties.empty()) out += " {..}";
  out.push_back(')');
  return out;
}

std::string pathLink(const Edge& e) {
  std::string out = "[" + std::to_string(e.id) + ":";
  appendName(out, e.type);
  out.push_back(']');
  return out;
}

}  // namespace

std::string compactPath(const PathValue& p) {
  const bool joined = p.nodes.size() == p.relationships.size() + 1;
  std::string out;
  for (size_t i = 0; i < p.nodes.size() || i < p.relationships.size(); ++i) {
    if (i < p.nodes.size()) out += pathNode(p.nodes[i]);
    if (i >= p.relationships.size()) continue;
    const Edge& e = p.relationships[i];
    const std::string link = pathLink(e);
    const uint64_t here = joined ? p.nodes[i].id : 0, next = joined ? p.nodes[i + 1].id : 0;
    if (joined && e.start == here && e.end == next) {
      out += "-" + link + "->";
    } else if (joined && e.end == here && e.start == next) {
      out += "<-" + link + "-";
    } else {
      out += "-" + link + "-";
    }
  }
  return out;
}

void appendJson(std::string& out, const PathValue& p) {
  out += "{\"nodes\":[";
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    if (i) out.push_back(',');
    appendJson(out, p.nodes[i]);
  }
  out += "],\"relationships\":[";
  for (size_t i = 0; i < p.relationships.size(); ++i) {
    if (i) out.push_back(',');
    appendJson(out, p.relationships[i]);
  }
  out += "]}";
}

// --- query values ------------------------------------------------------------------------------

namespace {

bool allScalar(const QueryValue::List& items) {
  for (const auto& item : items) {
    if (item.kind() == QueryValue::Kind::LIST && allScalar(item.asList())) continue;
    if (item.kind() != QueryValue::Kind::SCALAR) return false;
  }
  return true;
}

Value scalarList(const QueryValue::List& items) {
  List out;
  out.reserve(items.size());
  for (const auto& item : items) {
    out.push_back(item.kind() == QueryValue::Kind::LIST ? scalarList(item.asList())
                                                        : item.asScalar());
  }
  return Value(std::move(out));
}

}  // namespace

Cell queryCell(const QueryValue& v) {
  switch (v.kind()) {
    case QueryValue::Kind::SCALAR:
      return v.asScalar();
    case QueryValue::Kind::LIST:
      if (allScalar(v.asList())) return scalarList(v.asList());
      return v;
    case QueryValue::Kind::NODE:
      return v.asNode();
    case QueryValue::Kind::RELATIONSHIP:
      return v.asEdge();
    case QueryValue::Kind::PATH:
      return v.asPath();
    case QueryValue::Kind::DURATION:
    case QueryValue::Kind::MAP:
      return v;
  }
  return v;
}

void appendCompact(std::string& out, const QueryValue& v) {
  switch (v.kind()) {
    case QueryValue::Kind::SCALAR:
      appendCompact(out, v.asScalar());
      return;
    case QueryValue::Kind::DURATION:
      out += formatDuration(v.asDuration());
      return;
    case QueryValue::Kind::LIST: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.asList()) {
        if (!first) out += ", ";
        first = false;
        appendCompact(out, item);
      }
      out.push_back(']');
      return;
    }
    case QueryValue::Kind::MAP: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.asMap()) {
        if (!first) out += ", ";
        first = false;
        appendName(out, key);
        out += ": ";
        appendCompact(out, value);
      }
      out.push_back('}');
      return;
    }
    case QueryValue::Kind::NODE:
      out += compactNode(v.asNode());
      return;
    case QueryValue::Kind::RELATIONSHIP:
      out += compactEdge(v.asEdge());
      return;
    case QueryValue::Kind::PATH:
      out += compactPath(v.asPath());
      return;
  }
}

void appendJson(std::string& out, const QueryValue& v) {
  switch (v.kind()) {
    case QueryValue::Kind::SCALAR:
      appendJson(out, v.asScalar());
      return;
    case QueryValue::Kind::DURATION:
      appendJsonString(out, formatDuration(v.asDuration()));
      return;
    case QueryValue::Kind::LIST: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.asList()) {
        if (!first) out.push_back(',');
        first = false;
        appendJson(out, item);
      }
      out.push_back(']');
      return;
    }
    case QueryValue::Kind::MAP: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, value] : v.asMap()) {
        if (!first) out.push_back(',');
        first = false;
        appendJsonString(out, key);
        out.push_back(':');
        appendJson(out, value);
      }
      out.push_back('}');
      return;
    }
    case QueryValue::Kind::NODE:
      appendJson(out, v.asNode());
      return;
    case QueryValue::Kind::RELATIONSHIP:
      appendJson(out, v.asEdge());
      return;
    case QueryValue::Kind::PATH:
      appendJson(out, v.asPath());
      return;
  }
}

std::string tableCell(const Cell& cell) {
  if (const auto* q = std::get_if<QueryValue>(&cell)) {
    if (q->kind() == QueryValue::Kind::SCALAR) return tableCell(q->asScalar());
    std::string out;
    appendCompact(out, *q);
    return out;
  }
  if (const auto* n = std::get_if<Node>(&cell)) return compactNode(*n);
  if (const auto* e = std::get_if<Edge>(&cell)) return compactEdge(*e);
  if (const auto* p = std::get_if<PathValue>(&cell)) return compactPath(*p);
  const Value& v = std::get<Value>(cell);
  if (v.type() == ValueType::STRING) {
    return hasControl(v.asString()) ? escapedText(v.asString()) : v.asString();
  }
  std::string out;
  appendCompact(out, v);
  return out;
}

std::string csvText(const Cell& cell) {
  std::string out;
  if (const auto* q = std::get_if<QueryValue>(&cell)) {
    if (q->kind() == QueryValue::Kind::SCALAR) return csvText(q->asScalar());
    if (q->kind() == QueryValue::Kind::DURATION) return formatDuration(q->asDuration());
    appendJson(out, *q);
    return out;
  }
  if (const auto* n = std::get_if<Node>(&cell)) {
    appendJson(out, *n);
    return out;
  }
  if (const auto* e = std::get_if<Edge>(&cell)) {
    appendJson(out, *e);
    return out;
  }
  if (const auto* p = std::get_if<PathValue>(&cell)) {
    appendJson(out, *p);
    return out;
  }
  const Value& v = std::get<Value>(cell);
  switch (v.type()) {
    case ValueType::NUL:
      return out;
    case ValueType::STRING:
      return v.asString();
    case ValueType::FLOAT:
      if (!std::isfinite(v.asFloat())) return nonFiniteText(v.asFloat());
      appendJson(out, v);
      return out;
    case ValueType::DATE:
      return formatDate(v.asDate());
    case ValueType::DATETIME:
      return formatDateTime(v.asDateTime());
    case ValueType::DURATION:
      return formatDuration(v.asDuration());
    case ValueType::BYTES: {
      appendJson(out, v);  // base64 in quotes
      return out.substr(1, out.size() - 2);
    }
    default:
      appendJson(out, v);
      return out;
  }
}

std::string csvQuote(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// --- the printer -------------------------------------------------------------------------------

ResultPrinter::ResultPrinter(std::ostream& out, OutputFormat format,
                             std::vector<std::string> columns)
    : out_(out), format_(format), columns_(std::move(columns)) {}

void ResultPrinter::start() {
  if (started_) return;
  started_ = true;
  if (format_ == OutputFormat::JSON) {
    std::string head = "{\"columns\":[";
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i) head.push_back(',');
      appendJsonString(head, columns_[i]);
    }
    head += "],\"rows\":[";
    out_ << head;
  } else if (format_ == OutputFormat::CSV) {
    writeCsvRecord(columns_);
  }
}

void ResultPrinter::writeCsvRecord(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) line.push_back(',');
    line += csvQuote(fields[i]);
  }
  line += "\r\n";
  out_ << line;
}

void ResultPrinter::addRow(std::vector<Cell> row) {
  start();
  ++rows_;
  switch (format_) {
    case OutputFormat::TABLE:
      held_.push_back(std::move(row));
      return;
    case OutputFormat::JSON: {
      std::string line = rows_ == 1 ? "\n[" : ",\n[";
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) line.push_back(',');
        std::visit([&line](const auto& c) { appendJson(line, c); }, row[i]);
      }
      line.push_back(']');
      out_ << line;
      return;
    }
    case OutputFormat::CSV: {
      std::vector<std::string> fields;
      fields.reserve(row.size());
      for (const auto& c : row) fields.push_back(csvText(c));
      writeCsvRecord(fields);
      return;
    }
  }
}

void ResultPrinter::finish(const std::string& note) {
  if (finished_) return;
  finished_ = true;
  start();
  if (format_ == OutputFormat::JSON) {
    out_ << (rows_ ? "\n]}\n" : "]}\n");
    out_.flush();
    return;
  }
  if (format_ == OutputFormat::CSV) {
    out_.flush();
    return;
  }

  // Table: render every cell, then pad each column to its widest cell. Numbers align right;
  // the last column is not padded.
  const size_t n = columns_.size();
  std::vector<std::vector<std::string>> text;
  text.reserve(held_.size());
  std::vector<size_t> width(n);
  std::vector<bool> numeric(n, true);
  for (size_t c = 0; c < n; ++c) width[c] = displayWidth(columns_[c]);
  for (const auto& row : held_) {
    auto& cells = text.emplace_back();
    for (size_t c = 0; c < n; ++c) {
      cells.push_back(c < row.size() ? tableCell(row[c]) : std::string());
      width[c] = std::max(width[c], displayWidth(cells.back()));
      const auto* v = c < row.size() ? std::get_if<Value>(&row[c]) : nullptr;
      if (!v || (v->type() != ValueType::INT && v->type() != ValueType::FLOAT)) {
        numeric[c] = false;
      }
    }
  }
  if (held_.empty()) numeric.assign(n, false);

  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t c = 0; c < n; ++c) {
      if (c) out += "  ";
      const size_t pad = width[c] - displayWidth(cells[c]);
      const bool right = numeric[c];
      if (right) out.append(pad, ' ');
      out += cells[c];
      if (!right && c + 1 < n) out.append(pad, ' ');
    }
    out.push_back('\n');
    out_ << out;
  };
  line(columns_);
  std::vector<std::string> rule;
  for (size_t c = 0; c < n; ++c) rule.emplace_back(width[c], '-');
  line(rule);
  for (const auto& cells : text) line(cells);
  std::string footer = std::to_string(rows_) + (rows_ == 1 ? " row" : " rows");
  if (!note.empty()) footer += " (" + note + ")";
  out_ << footer << '\n';
  out_.flush();
  held_.clear();
}

}  // namespace casegraph
