#include "query/cypher/parse/ast.h"

namespace casegraph::cypher {

namespace {

void visitOptional(const Box<Expr>& e, const std::function<void(const Expr&)>& fn) {
  if (e) fn(*e);
}

void visitElement(const PatternElement& element, const std::function<void(const Expr&)>& fn) {
  // Source order: each node's properties, then the following relationship's.
  for (size_t i = 0; i < element.nodes.size(); ++i) {
    visitOptional(element.nodes[i].properties, fn);
    if (i < element.relationships.size()) visitOptional(element.relationships[i].properties, fn);
  }
}

}  // namespace

void forEachChild(const Expr& expr, const std::function<void(const Expr&)>& fn) {
  std::visit(Overloaded{
                 [](const Literal&) {},
                 [](const Parameter&) {},
                 [](const Variable&) {},
                 [](const CountStar&) {},
                 [&](const PropertyAccess& e) { fn(*e.subject); },
                 [&](const HasLabels& e) { fn(*e.subject); },
                 [&](const Unary& e) { fn(*e.operand); },
                 [&](const Binary& e) {
                   fn(*e.left);
                   fn(*e.right);
                 },
                 [&](const ComparisonChain& e) {
                   for (const auto& o : e.operands) fn(o);
                 },
                 [&](const Subscript& e) {
                   fn(*e.subject);
                   fn(*e.index);
                 },
                 [&](const Slice& e) {
                   fn(*e.subject);
                   visitOptional(e.from, fn);
                   visitOptional(e.to, fn);
                 },
                 [&](const FunctionCall& e) {
                   for (const auto& a : e.args) fn(a);
                 },
                 [&](const Case& e) {
                   visitOptional(e.test, fn);
                   for (size_t i = 0; i < e.whens.size(); ++i) {
                     fn(e.whens[i]);
                     fn(e.thens[i]);
                   }
                   visitOptional(e.otherwise, fn);
                 },
                 [&](const ListLiteral& e) {
                   for (const auto& i : e.items) fn(i);
                 },
                 [&](const MapLiteral& e) {
                   for (const auto& v : e.values) fn(v);
                 },
                 [&](const ListComprehension& e) {
                   fn(*e.list);
                   visitOptional(e.where, fn);
                   visitOptional(e.projection, fn);
                 },
                 [&](const MapProjection& e) {
                   fn(*e.subject);
                   for (const auto& item : e.items) visitOptional(item.value, fn);
                 },
                 [&](const Reduce& e) {
                   fn(*e.init);
                   fn(*e.list);
                   fn(*e.expression);
                 },
                 [&](const QuantifierExpr& e) {
                   fn(*e.list);
                   visitOptional(e.where, fn);
                 },
                 [&](const PatternComprehension& e) {
                   visitElement(e.element, fn);
                   visitOptional(e.where, fn);
                   fn(*e.projection);
                 },
                 [&](const PatternPredicate& e) { visitElement(e.element, fn); },
                 [&](const ExistsSubquery& e) {
                   for (const auto& part : e.pattern) visitElement(part.element, fn);
                   visitOptional(e.where, fn);
                 },
             },
             expr.node);
}

const char* binaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::OR:
      return "OR";
    case BinaryOp::XOR:
      return "XOR";
    case BinaryOp::AND:
      return "AND";
    case BinaryOp::EQ:
      return "=";
    case BinaryOp::NE:
      return "<>";
    case BinaryOp::LT:
      return "<";
    case BinaryOp::GT:
      return ">";
    case BinaryOp::LE:
      return "<=";
    case BinaryOp::GE:
      return ">=";
    case BinaryOp::STARTS_WITH:
      return "STARTS WITH";
    case BinaryOp::ENDS_WITH:
      return "ENDS WITH";
    case BinaryOp::CONTAINS:
      return "CONTAINS";
    case BinaryOp::IN:
      return "IN";
    case BinaryOp::REGEX_MATCH:
      return "=~";
    case BinaryOp::ADD:
      return "+";
    case BinaryOp::SUBTRACT:
      return "-";
    case BinaryOp::MULTIPLY:
      return "*";
    case BinaryOp::DIVIDE:
      return "/";
    case BinaryOp::MODULO:
      return "%";
    case BinaryOp::POWER:
      return "^";
  }
  return "?";
}

const char* unaryOpText(UnaryOp op) {
  switch (op) {
    case UnaryOp::NOT:
      return "NOT";
    case UnaryOp::MINUS:
      return "-";
    case UnaryOp::PLUS:
      return "+";
    case UnaryOp::IS_NULL:
      return "IS NULL";
    case UnaryOp::IS_NOT_NULL:
      return "IS NOT NULL";
  }
  return "?";
}

const char* quantifierText(Quantifier q) {
  switch (q) {
    case Quantifier::ALL:
      return "all";
    case Quantifier::ANY:
      return "any";
    case Quantifier::NONE:
      return "none";
    case Quantifier::SINGLE:
      return "single";
  }
  return "?";
}

}  // namespace casegraph::cypher
