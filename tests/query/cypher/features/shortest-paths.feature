Feature: shortestPath and allShortestPaths find the shortest paths the WHERE allows

  A predicate on the path is part of the search (the shortest path among those satisfying
  it), and a minimum length is honoured: the shortest path of at least that length.

  Background:
    Given an empty graph

  Scenario: A predicate on every relationship skips the shortest path that fails it
    And having executed:
      """
      CREATE (a:A {name: 'a'})-[:R {w: 1}]->(b:B {name: 'b'}),
             (a)-[:R {w: 5}]->(c {name: 'c'})-[:R {w: 5}]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*]-(b:B))
      WHERE all(r IN relationships(p) WHERE r.w > 3)
      RETURN length(p) AS l, [n IN nodes(p) | n.name] AS names
      """
    Then the result should be, in any order:
      | l | names           |
      | 2 | ['a', 'c', 'b'] |
    And no side effects

  Scenario: none() over the relationships
    And having executed:
      """
      CREATE (a:A)-[:R {w: 1}]->(b:B), (a)-[:R {w: 5}]->()-[:R {w: 5}]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*]-(b:B))
      WHERE none(r IN relationships(p) WHERE r.w < 3)
      RETURN length(p) AS l
      """
    Then the result should be, in any order:
      | l |
      | 2 |
    And no side effects

  Scenario: all() over the relationship variable of a variable-length pattern
    And having executed:
      """
      CREATE (a:A)-[:R {w: 1}]->(b:B), (a)-[:R {w: 5}]->()-[:R {w: 5}]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[rs:R*]-(b:B))
      WHERE all(x IN rs WHERE x.w > 3)
      RETURN length(p) AS l, size(rs) AS n
      """
    Then the result should be, in any order:
      | l | n |
      | 2 | 2 |
    And no side effects

  Scenario: A property map on the relationship pattern
    And having executed:
      """
      CREATE (a:A)-[:R {w: 1}]->(b:B), (a)-[:R {w: 5}]->()-[:R {w: 5}]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[:R* {w: 5}]-(b:B))
      RETURN length(p) AS l
      """
    Then the result should be, in any order:
      | l |
      | 2 |
    And no side effects

  Scenario: A predicate on every node, endpoints included
    And having executed:
      """
      CREATE (a:A)-[:R]->({ok: false})-[:R]->(b:B),
             (a)-[:R]->({ok: true})-[:R]->({ok: true})-[:R]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*]-(b:B))
      WHERE all(n IN nodes(p) WHERE coalesce(n.ok, true))
      RETURN length(p) AS l
      """
    Then the result should be, in any order:
      | l |
      | 3 |
    And no side effects

  Scenario: A node predicate the start fails finds nothing
    And having executed:
      """
      CREATE (a:A {ok: false})-[:R]->(b:B)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*]-(b:B))
      WHERE all(n IN nodes(p) WHERE coalesce(n.ok, true))
      RETURN length(p) AS l
      """
    Then the result should be empty
    And no side effects

  Scenario: Any other predicate on the path: paths are tried shortest first
    And having executed:
      """
      CREATE (a:A)-[:R {w: 1}]->(b:B), (a)-[:R {w: 5}]->()-[:R {w: 7}]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*]-(b:B))
      WHERE any(r IN relationships(p) WHERE r.w = 7)
      RETURN length(p) AS l
      """
    Then the result should be, in any order:
      | l |
      | 2 |
    And no side effects

  Scenario: No path satisfies the predicate
    And having executed:
      """
      CREATE (a:A)-[:R {w: 1}]->(b:B), (a)-[:R {w: 5}]->()-[:R {w: 5}]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*]-(b:B))
      WHERE all(r IN relationships(p) WHERE r.w > 10)
      RETURN length(p) AS l
      """
    Then the result should be empty
    And no side effects

  Scenario: allShortestPaths with a predicate on every relationship
    And having executed:
      """
      CREATE (a:A)-[:R {w: 1}]->(b:B),
             (a)-[:R {w: 5}]->(:C)-[:R {w: 5}]->(b),
             (a)-[:R {w: 7}]->(:D)-[:R {w: 7}]->(b),
             (a)-[:R {w: 9}]->(:E)-[:R {w: 9}]->(:F)-[:R {w: 9}]->(b)
      """
    When executing query:
      """
      MATCH p = allShortestPaths((a:A)-[*]-(b:B))
      WHERE all(r IN relationships(p) WHERE r.w > 3)
      RETURN length(p) AS l, count(*) AS n
      """
    Then the result should be, in any order:
      | l | n |
      | 2 | 2 |
    And no side effects

  Scenario: allShortestPaths with any other predicate on the path
    And having executed:
      """
      CREATE (a:A)-[:R {w: 1}]->(b:B),
             (a)-[:R {w: 5}]->(:C)-[:R {w: 5}]->(b),
             (a)-[:R {w: 7}]->(:D)-[:R {w: 7}]->(b)
      """
    When executing query:
      """
      MATCH p = allShortestPaths((a:A)-[*]-(b:B))
      WHERE any(r IN relationships(p) WHERE r.w >= 5)
      RETURN length(p) AS l, count(*) AS n
      """
    Then the result should be, in any order:
      | l | n |
      | 2 | 2 |
    And no side effects

  Scenario: A minimum length above the distance
    And having executed:
      """
      CREATE (a:A)-[:R]->(b:B), (a)-[:R]->(:C)-[:R]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*2..5]-(b:B))
      RETURN length(p) AS l
      """
    Then the result should be, in any order:
      | l |
      | 2 |
    And no side effects

  Scenario: allShortestPaths with a minimum length above the distance
    And having executed:
      """
      CREATE (a:A)-[:R]->(b:B), (a)-[:R]->(:C)-[:R]->(b), (a)-[:R]->(:D)-[:R]->(b)
      """
    When executing query:
      """
      MATCH p = allShortestPaths((a:A)-[*2..]->(b:B))
      RETURN length(p) AS l, count(*) AS n
      """
    Then the result should be, in any order:
      | l | n |
      | 2 | 2 |
    And no side effects

  Scenario: No path long enough
    And having executed:
      """
      CREATE (a:A)-[:R]->(b:B)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*2..5]->(b:B))
      RETURN length(p) AS l
      """
    Then the result should be empty
    And no side effects

  Scenario: A minimum length and a predicate together
    And having executed:
      """
      CREATE (a:A)-[:R {w: 5}]->(b:B),
             (a)-[:R {w: 1}]->(:C)-[:R {w: 1}]->(b),
             (a)-[:R {w: 5}]->(:D)-[:R {w: 5}]->(:E)-[:R {w: 5}]->(b)
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*2..]-(b:B))
      WHERE all(r IN relationships(p) WHERE r.w = 5)
      RETURN length(p) AS l
      """
    Then the result should be, in any order:
      | l |
      | 3 |
    And no side effects

  Scenario: Predicates on the end nodes still apply
    And having executed:
      """
      CREATE (a:A {k: 1})-[:R]->(b:B {k: 1}), (a)-[:R]->(c:B {k: 2})
      """
    When executing query:
      """
      MATCH p = shortestPath((a:A)-[*]-(b:B))
      WHERE b.k = 2
      RETURN length(p) AS l, b.k AS k
      """
    Then the result should be, in any order:
      | l | k |
      | 1 | 2 |
    And no side effects

  Scenario: allShortestPaths with a minimum length walks an undirected self-loop once
    Given an empty graph
    And having executed:
      """
      CREATE (a:A)-[:T]->(a), (a)-[:T]->(b:B)
      """
    When executing query:
      """
      MATCH (a:A), (b:B)
      MATCH p = allShortestPaths((a)-[*2..3]-(b))
      RETURN length(p) AS len, [n IN nodes(p) | labels(n)[0]] AS ns
      """
    Then the result should be, in any order:
      | len | ns              |
      | 2   | ['A', 'A', 'B'] |
    And no side effects
