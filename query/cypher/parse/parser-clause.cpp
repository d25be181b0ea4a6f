// Statements, queries and clauses.
//
// Besides each clause's own syntax, the parser checks how clauses may follow each other, as
// openCypher's grammar does: RETURN comes last; a reading clause (MATCH, UNWIND, CALL) cannot
// follow an updating one without a WITH in between; a query ends with RETURN, an updating
// clause or CALL; a CALL without an argument list or with YIELD * must be the whole query;
// UNION and UNION ALL are not mixed; an EXISTS subquery does not update.
#include "query/cypher/parse/parser-impl.h"

namespace casegraph::cypher {

namespace {

bool isReading(const Clause& c) {
  return c.as<Match>() || c.as<Unwind>() || c.as<Call>() || c.as<CallSubquery>();
}

bool isUpdating(const Clause& c) {
  return c.as<Create>() || c.as<Merge>() || c.as<Set>() || c.as<Remove>() || c.as<Delete>() ||
         c.as<Foreach>();
}

const char* clauseName(const Clause& c) {
  if (const Match* m = c.as<Match>()) return m->optional ? "OPTIONAL MATCH" : "MATCH";
  if (c.as<Unwind>()) return "UNWIND";
  if (c.as<With>()) return "WITH";
  if (c.as<Return>()) return "RETURN";
  if (c.as<Create>()) return "CREATE";
  if (c.as<Merge>()) return "MERGE";
  if (c.as<Set>()) return "SET";
  if (c.as<Remove>()) return "REMOVE";
  if (const Delete* d = c.as<Delete>()) return d->detach ? "DETACH DELETE" : "DELETE";
  if (c.as<Foreach>()) return "FOREACH";
  if (c.as<CallSubquery>()) return "CALL { ... }";
  return "CALL";
}

}  // namespace

Query Parser::parseStatement() {
  QueryMode mode = QueryMode::NORMAL;
  if (acceptKeyword("EXPLAIN")) {
    mode = QueryMode::EXPLAIN;
  } else if (acceptKeyword("PROFILE")) {
    mode = QueryMode::PROFILE;
  }
  Query query = parseQuery(false);
  query.mode = mode;
  accept(TokenKind::SEMICOLON);
  if (!at(TokenKind::END)) fail("the end of the query");
  return query;
}

Query Parser::parseQuery(bool nested) {
  Nesting nesting(*this, nested ? 1 : 0);
  Query query;
  query.parts.push_back(parseSingleQuery(nested));
  while (atKeyword("UNION")) {
    const SourcePos pos = advance().pos;
    const bool all = acceptKeyword("ALL");
    if (!query.unionAll.empty() && query.unionAll.back() != all) {
      failAt(pos, "UNION and UNION ALL cannot be mixed in one query", "InvalidClauseComposition");
    }
    query.unionAll.push_back(all);
    query.parts.push_back(parseSingleQuery(nested));
  }
  checkStandaloneCalls(query, nested);
  return query;
}

SingleQuery Parser::parseSingleQuery(bool nested) {
  SingleQuery query;
  if (!atClauseStart()) {
    fail("a clause (MATCH, RETURN, CREATE, ...)");
    return query;
  }
  while (!failed() && atClauseStart()) {
    query.clauses.push_back(parseClause());
    if (query.clauses.back().as<Return>()) break;
  }
  // What may come after the last clause.
  if (!failed() && !at(TokenKind::END) && !at(TokenKind::SEMICOLON) && !atKeyword("UNION") &&
      !(nested && at(TokenKind::RBRACE))) {
    if (query.clauses.back().as<Return>() && atClauseStart()) {
      fail("UNION or the end of the query after RETURN (RETURN must be the last clause)");
    } else {
      fail(nested ? "a clause, UNION or '}'" : "a clause, UNION or the end of the query");
    }
  }
  checkComposition(query, nested);
  return query;
}

void Parser::checkComposition(const SingleQuery& query, bool nested) {
  if (failed()) return;
  const Clause* lastUpdate = nullptr;
  for (const Clause& c : query.clauses) {
    if (nested && isUpdating(c) && !nestedMayUpdate_) {
      failAt(c.pos,
             std::string("an EXISTS subquery cannot update the graph (") + clauseName(c) + ")",
             "InvalidClauseComposition");
      return;
    }
    if (isReading(c) && lastUpdate) {
      failAt(c.pos,
             std::string(clauseName(c)) + " cannot follow " + clauseName(*lastUpdate) +
                 " without a WITH in between",
             "InvalidClauseComposition");
      return;
    }
    if (isUpdating(c)) lastUpdate = &c;
    if (c.as<With>()) lastUpdate = nullptr;
  }
  const Clause& last = query.clauses.back();
  if (nested || last.as<Return>() || last.as<Call>() || isUpdating(last)) return;
  if (const auto* sub = last.as<CallSubquery>();
      sub && !sub->query->parts.empty() && !sub->query->parts[0].clauses.empty() &&
      !sub->query->parts[0].clauses.back().as<Return>()) {
    return;  // a unit subquery (it only updates) may end the query
  }
  failAt(peek().pos, std::string("a query cannot end with ") + clauseName(last) +
                         ": add a RETURN clause (or an updating clause)");
}

void Parser::checkStandaloneCalls(const Query& query, bool nested) {
  if (failed()) return;
  const bool standalone = !nested && query.parts.size() == 1 && query.parts[0].clauses.size() == 1;
  if (standalone) return;
  for (const SingleQuery& part : query.parts) {
    for (const Clause& c : part.clauses) {
      const Call* call = c.as<Call>();
      if (!call) continue;
      if (call->implicitArgs) {
        failAt(c.pos,
               "CALL " + call->procedure +
                   " needs an argument list, e.g. (), unless it is the only clause",
               "InvalidArgumentPassingMode");
        return;
      }
      if (call->yieldAll) {
        failAt(c.pos, "YIELD * is only allowed when CALL is the only clause of the query",
               "UnexpectedSyntax");
        return;
      }
    }
  }
}

Clause Parser::parseClause() {
  Clause clause;
  clause.pos = peek().pos;
  if (atKeyword("MATCH") || atKeyword("OPTIONAL")) {
    clause.node = parseMatch();
  } else if (atKeyword("UNWIND")) {
    clause.node = parseUnwind();
  } else if (acceptKeyword("WITH")) {
    With with;
    with.projection = parseProjection();
    if (acceptKeyword("WHERE")) with.where = parseExpression();
    clause.node = std::move(with);
  } else if (acceptKeyword("RETURN")) {
    clause.node = Return{parseProjection()};
  } else if (acceptKeyword("CREATE")) {
    clause.node = Create{parsePattern()};
  } else if (atKeyword("MERGE")) {
    clause.node = parseMerge();
  } else if (acceptKeyword("SET")) {
    clause.node = Set{parseSetItems()};
  } else if (atKeyword("REMOVE")) {
    clause.node = parseRemove();
  } else if (atKeyword("DELETE") || atKeyword("DETACH")) {
    clause.node = parseDelete();
  } else if (atKeyword("FOREACH")) {
    clause.node = parseForeach();
  } else if (atKeyword("CALL") && at(TokenKind::LBRACE, 1)) {
    clause.node = parseCallSubquery();
  } else {
    clause.node = parseCall();
  }
  return clause;
}

CallSubquery Parser::parseCallSubquery() {
  advance();  // CALL
  advance();  // {
  const bool saved = nestedMayUpdate_;
  nestedMayUpdate_ = true;
  CallSubquery sub;
  sub.query = parseQuery(true);
  nestedMayUpdate_ = saved;
  if (!failed()) {
    for (const SingleQuery& part : sub.query->parts) {
      const Clause& last = part.clauses.back();
      if (!last.as<Return>() && !isUpdating(last)) {
        failAt(last.pos, "a CALL subquery ends with RETURN or an updating clause",
               "InvalidClauseComposition");
        break;
      }
    }
  }
  expect(TokenKind::RBRACE, "'}' to end CALL { ... }");
  return sub;
}

Foreach Parser::parseForeach() {
  Nesting nesting(*this, 1);
  advance();  // FOREACH
  Foreach f;
  expect(TokenKind::LPAREN, "'(' after FOREACH");
  f.variable = parseVariable("a variable name after FOREACH (");
  expectKeyword("IN");
  f.list = std::move(*parseExpression());
  expect(TokenKind::PIPE, "'|' before the updating clauses of FOREACH");
  while (!failed() && !at(TokenKind::RPAREN)) {
    if (!(atKeyword("CREATE") || atKeyword("MERGE") || atKeyword("SET") || atKeyword("REMOVE") ||
          atKeyword("DELETE") || atKeyword("DETACH") || atKeyword("FOREACH"))) {
      fail("an updating clause (CREATE, MERGE, SET, REMOVE, DELETE, FOREACH) or ')' in FOREACH");
      break;
    }
    f.clauses.push_back(parseClause());
  }
  if (!failed() && f.clauses.empty()) fail("an updating clause in FOREACH");
  expect(TokenKind::RPAREN, "')' to end FOREACH");
  return f;
}

Match Parser::parseMatch() {
  Match match;
  if (acceptKeyword("OPTIONAL")) {
    match.optional = true;
    expectKeyword("MATCH");
  } else {
    advance();  // MATCH
  }
  match.pattern = parsePattern();
  if (acceptKeyword("WHERE")) match.where = parseExpression();
  return match;
}

Unwind Parser::parseUnwind() {
  advance();  // UNWIND
  Unwind unwind;
  unwind.list = std::move(*parseExpression());
  expectKeyword("AS");
  unwind.variable = parseVariable("a variable name after AS");
  return unwind;
}

Projection Parser::parseProjection() {
  Projection p;
  p.distinct = acceptKeyword("DISTINCT");
  if (accept(TokenKind::STAR)) {
    p.star = true;
    while (accept(TokenKind::COMMA)) p.items.push_back(parseProjectionItem());
  } else {
    do {
      p.items.push_back(parseProjectionItem());
    } while (accept(TokenKind::COMMA));
  }
  if (acceptKeyword("ORDER")) {
    expectKeyword("BY");
    do {
      SortItem item;
      item.expr = std::move(*parseExpression());
      if (acceptKeyword("DESC") || acceptKeyword("DESCENDING")) {
        item.descending = true;
      } else if (!acceptKeyword("ASC")) {
        acceptKeyword("ASCENDING");
      }
      p.orderBy.push_back(std::move(item));
    } while (accept(TokenKind::COMMA));
  }
  if (acceptKeyword("SKIP")) p.skip = parseExpression();
  if (acceptKeyword("LIMIT")) p.limit = parseExpression();
  return p;
}

ProjectionItem Parser::parseProjectionItem() {
  ProjectionItem item;
  const uint32_t start = peek().offset;
  item.expr = std::move(*parseExpression());
  if (!failed()) item.text = std::string(text_.substr(start, prevEnd_ - start));
  if (acceptKeyword("AS")) item.alias = parseVariable("a column name after AS");
  return item;
}

Merge Parser::parseMerge() {
  advance();  // MERGE
  Merge merge;
  merge.pattern = parsePatternPart();
  while (acceptKeyword("ON")) {
    MergeAction action;
    if (acceptKeyword("CREATE")) {
      action.onCreate = true;
    } else if (!acceptKeyword("MATCH")) {
      fail("CREATE or MATCH after ON");
    }
    expectKeyword("SET");
    action.items = parseSetItems();
    merge.actions.push_back(std::move(action));
  }
  return merge;
}

// n.k = v, n = map, n += map, n:L1:L2.
std::vector<SetItem> Parser::parseSetItems() {
  std::vector<SetItem> items;
  do {
    SetItem item;
    item.pos = peek().pos;
    if (atVariable() && (at(TokenKind::EQ, 1) || at(TokenKind::PLUS_EQ, 1))) {
      item.variable = advance().text;
      item.kind =
          advance().kind == TokenKind::EQ ? SetKind::REPLACE_PROPERTIES : SetKind::MERGE_PROPERTIES;
      item.value = parseExpression();
    } else if (atVariable() && at(TokenKind::COLON, 1)) {
      item.kind = SetKind::LABELS;
      item.variable = advance().text;
      while (accept(TokenKind::COLON)) item.labels.push_back(parseName("a label name after ':'"));
    } else {
      item.kind = SetKind::PROPERTY;
      Box<Expr> target = parsePostfix(parseAtom());
      if (!failed() && !target->as<PropertyAccess>()) {
        failAt(item.pos, "expected a property (n.key), a variable or a label to SET");
      }
      item.target = std::move(target);
      expect(TokenKind::EQ, "'=' after the property to SET");
      item.value = parseExpression();
    }
    items.push_back(std::move(item));
  } while (accept(TokenKind::COMMA));
  return items;
}

Remove Parser::parseRemove() {
  advance();  // REMOVE
  Remove remove;
  do {
    RemoveItem item;
    item.pos = peek().pos;
    if (atVariable() && at(TokenKind::COLON, 1)) {
      item.variable = advance().text;
      while (accept(TokenKind::COLON)) item.labels.push_back(parseName("a label name after ':'"));
    } else {
      Box<Expr> target = parsePostfix(parseAtom());
      if (!failed() && !target->as<PropertyAccess>()) {
        failAt(item.pos, "expected a property (n.key) or a label (n:Label) to REMOVE");
      }
      item.property = std::move(target);
    }
    remove.items.push_back(std::move(item));
  } while (accept(TokenKind::COMMA));
  return remove;
}

Delete Parser::parseDelete() {
  Delete del;
  if (acceptKeyword("DETACH")) del.detach = true;
  expectKeyword("DELETE");
  do {
    del.targets.push_back(std::move(*parseExpression()));
  } while (accept(TokenKind::COMMA));
  return del;
}

// CALL ns.proc(args) [YIELD * | YIELD a [AS b], ... [WHERE p]]
Call Parser::parseCall() {
  advance();  // CALL
  Call call;
  call.procedure = parseName("a procedure name after CALL");
  while (accept(TokenKind::DOT)) {
    call.procedure += '.';
    call.procedure += parseName("a procedure name after '.'");
  }
  if (accept(TokenKind::LPAREN)) {
    if (!at(TokenKind::RPAREN)) {
      do {
        call.args.push_back(std::move(*parseExpression()));
      } while (accept(TokenKind::COMMA));
    }
    expect(TokenKind::RPAREN, "',' or ')' after a procedure argument");
  } else {
    call.implicitArgs = true;
  }
  if (!acceptKeyword("YIELD")) return call;
  if (accept(TokenKind::STAR)) {
    call.yieldAll = true;
    return call;
  }
  do {
    YieldItem item;
    item.field = parseName("a result field name after YIELD");
    if (acceptKeyword("AS")) item.alias = parseVariable("a variable name after AS");
    call.yields.push_back(std::move(item));
  } while (accept(TokenKind::COMMA));
  if (acceptKeyword("WHERE")) call.where = parseExpression();
  return call;
}

}  // namespace casegraph::cypher
