Feature: Property index lookups agree with Cypher's =

  A pattern's property map and a WHERE `n.key = value` on a labelled node are looked up in
  the property index; what they find must be what `=` finds by scanning: 0.0 = -0.0,
  1 = 1.0.

  Background:
    Given an empty graph

  Scenario: 0.0 finds -0.0
    And having executed:
      """
      CREATE (:T {f: -0.0})
      """
    When executing query:
      """
      MATCH (n:T {f: 0.0}) RETURN count(n) AS c
      """
    Then the result should be, in any order:
      | c |
      | 1 |
    And no side effects

  Scenario: -0.0 finds 0.0
    And having executed:
      """
      CREATE (:T {f: 0.0})
      """
    When executing query:
      """
      MATCH (n:T {f: -0.0}) RETURN count(n) AS c
      """
    Then the result should be, in any order:
      | c |
      | 1 |
    And no side effects

  Scenario: MERGE finds a -0.0 for 0.0 and creates nothing
    And having executed:
      """
      CREATE (:T {f: -0.0})
      """
    When executing query:
      """
      MERGE (n:T {f: 0.0}) RETURN count(*) AS c
      """
    Then the result should be, in any order:
      | c |
      | 1 |
    And no side effects

  Scenario: Integers and floats find each other, zeros of every kind
    And having executed:
      """
      UNWIND [0, 0.0, -0.0, 1, 1.0, 2.5] AS v CREATE (:T {f: v})
      """
    When executing query:
      """
      UNWIND [0, 0.0, -0.0, 1, 1.0, 2.5, 3] AS v
      MATCH (n:T {f: v})
      RETURN toString(v) AS v, count(n) AS c
      """
    Then the result should be, in any order:
      | v      | c |
      | '0'    | 3 |
      | '0.0'  | 3 |
      | '-0.0' | 3 |
      | '1'    | 2 |
      | '1.0'  | 2 |
      | '2.5'  | 1 |
    And no side effects

  Scenario: A WHERE equality on a labelled node finds what the scan finds
    And having executed:
      """
      UNWIND [0, 0.0, -0.0, 1, 1.0] AS v CREATE (:T {f: v}), (:U {f: v})
      """
    When executing query:
      """
      MATCH (n:T) WHERE n.f = -0.0 RETURN count(n) AS c
      """
    Then the result should be, in any order:
      | c |
      | 3 |
    And no side effects

  Scenario: A large integer and the float it equals
    And having executed:
      """
      CREATE (:T {f: 9007199254740993})
      """
    When executing query:
      """
      MATCH (n:T {f: 9007199254740992.0})
      WITH count(n) AS seek
      MATCH (m:T) WHERE m.f = 9007199254740992.0
      RETURN seek, count(m) AS scan
      """
    Then the result should be, in any order:
      | seek | scan |
      | 1    | 1    |
    And no side effects
