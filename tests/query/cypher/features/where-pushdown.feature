Feature: A MATCH's WHERE is checked where the match binds what it reads

  Conjuncts that read one part of a pattern are checked while that part is matched
  (`MATCH (a), (b) WHERE a.uid = 1 AND b.uid = 2` is two lookups, not every pair); the
  answers stay those of the whole WHERE.

  Background:
    Given an empty graph

  Scenario: A cartesian product with a conjunct per side
    And having executed:
      """
      UNWIND range(1, 50) AS i CREATE (:P {uid: i})
      """
    When executing query:
      """
      MATCH (a:P), (b:P) WHERE a.uid = 1 AND b.uid = 2 RETURN a.uid, b.uid
      """
    Then the result should be, in any order:
      | a.uid | b.uid |
      | 1     | 2     |
    And no side effects

  Scenario: A cartesian product without labels
    And having executed:
      """
      UNWIND range(1, 20) AS i CREATE ({uid: i})
      """
    When executing query:
      """
      MATCH (a), (b) WHERE a.uid = 1 AND b.uid IN [2, 3] RETURN a.uid, b.uid ORDER BY b.uid
      """
    Then the result should be, in order:
      | a.uid | b.uid |
      | 1     | 2     |
      | 1     | 3     |
    And no side effects

  Scenario: Conjuncts across parts and on one part together
    And having executed:
      """
      UNWIND range(1, 10) AS i CREATE (:P {uid: i})
      """
    When executing query:
      """
      MATCH (a:P), (b:P) WHERE a.uid < 3 AND b.uid > 8 AND a.uid + b.uid = 11
      RETURN a.uid, b.uid ORDER BY a.uid
      """
    Then the result should be, in order:
      | a.uid | b.uid |
      | 1     | 10    |
      | 2     | 9     |
    And no side effects

  Scenario: A seek value from an earlier clause
    And having executed:
      """
      UNWIND range(1, 10) AS i CREATE (:P {uid: i})
      """
    When executing query:
      """
      WITH 4 AS x MATCH (a:P), (b:P) WHERE a.uid = x AND b.uid = x + 1.0 RETURN a.uid, b.uid
      """
    Then the result should be, in any order:
      | a.uid | b.uid |
      | 4     | 5     |
    And no side effects

  Scenario: A conjunct on a relationship of the first part
    And having executed:
      """
      CREATE (:P {uid: 1})-[:R {w: 1}]->(:Q), (:P {uid: 2})-[:R {w: 2}]->(:Q), (:S {uid: 3})
      """
    When executing query:
      """
      MATCH (a:P)-[r:R]->(:Q), (s:S) WHERE r.w = 2 AND s.uid = 3 RETURN a.uid, s.uid
      """
    Then the result should be, in any order:
      | a.uid | s.uid |
      | 2     | 3     |
    And no side effects

  Scenario: OPTIONAL MATCH keeps its null row
    And having executed:
      """
      CREATE (:P {uid: 1}), (:P {uid: 2})
      """
    When executing query:
      """
      MATCH (a:P {uid: 1}) OPTIONAL MATCH (b:P), (c:P) WHERE b.uid = 2 AND c.uid = 5
      RETURN a.uid, b, c
      """
    Then the result should be, in any order:
      | a.uid | b    | c    |
      | 1     | null | null |
    And no side effects

  Scenario: A null seek value matches nothing
    And having executed:
      """
      CREATE (:P {uid: 1})
      """
    When executing query:
      """
      MATCH (a:P), (b:P) WHERE a.uid = null AND b.uid = 1 RETURN a, b
      """
    Then the result should be empty
    And no side effects
