Feature: EXISTS { MATCH ... } without RETURN

  As in Neo4j 5, an EXISTS subquery may end with a reading clause: it holds when that clause
  produces a row.

  Background:
    Given an empty graph

  Scenario: EXISTS { MATCH ... WHERE ... } in a WHERE
    And having executed:
      """
      CREATE (:A {x: 1})-[:R]->(:B {x: 2}), (:A {x: 3})-[:R]->(:B {x: 4})
      """
    When executing query:
      """
      MATCH (n:A) WHERE EXISTS { MATCH (n)-->(m) WHERE m.x = 2 } RETURN n.x
      """
    Then the result should be, in any order:
      | n.x |
      | 1   |
    And no side effects

  Scenario: EXISTS ending with WITH ... WHERE
    And having executed:
      """
      CREATE (:A {x: 1})-[:R]->(:B {x: 2}), (:A {x: 3})-[:R]->(:B {x: 4})
      """
    When executing query:
      """
      MATCH (n:A) WHERE EXISTS { MATCH (n)-->(m) WITH m WHERE m.x > 3 } RETURN n.x
      """
    Then the result should be, in any order:
      | n.x |
      | 3   |
    And no side effects

  Scenario: EXISTS without RETURN as a value
    And having executed:
      """
      CREATE (:A {x: 1})-[:R]->(:B {x: 2})
      """
    When executing query:
      """
      MATCH (n) RETURN n.x AS x, EXISTS { MATCH (n)-->() } AS out ORDER BY x
      """
    Then the result should be, in order:
      | x | out   |
      | 1 | true  |
      | 2 | false |
    And no side effects

  Scenario: An EXISTS subquery still cannot write
    When executing query:
      """
      MATCH (n) WHERE EXISTS { MATCH (n) CREATE (m) } RETURN n
      """
    Then a SyntaxError should be raised at compile time: InvalidClauseComposition
