Feature: Aggregation, ordering, paging, DISTINCT, UNION

  Background:
    Given an empty graph

  Scenario: Grouping keys with count, sum; ordered
    And having executed:
      """
      UNWIND range(1, 10) AS i CREATE (:N {i: i, g: i % 3})
      """
    When executing query:
      """
      MATCH (n:N) RETURN n.g AS g, count(*) AS c, sum(n.i) AS s ORDER BY g
      """
    Then the result should be, in order:
      | g | c | s  |
      | 0 | 3 | 18 |
      | 1 | 4 | 22 |
      | 2 | 3 | 15 |
    And no side effects

  Scenario: ORDER BY DESC with SKIP and LIMIT
    And having executed:
      """
      UNWIND range(1, 10) AS i CREATE (:N {i: i, g: i % 3})
      """
    When executing query:
      """
      MATCH (n:N) RETURN n.i ORDER BY n.i DESC SKIP 2 LIMIT 3
      """
    Then the result should be, in order:
      | n.i |
      | 8   |
      | 7   |
      | 6   |
    And no side effects

  Scenario: WITH grouping then WHERE on the key
    And having executed:
      """
      UNWIND range(1, 10) AS i CREATE (:N {i: i, g: i % 3})
      """
    When executing query:
      """
      MATCH (n:N) WITH n.g AS g, collect(n.i) AS xs WHERE g = 0 RETURN xs
      """
    Then the result should be, ignoring element order for lists:
      | xs        |
      | [3, 6, 9] |
    And no side effects

  Scenario: avg, min, max and count DISTINCT in one row
    And having executed:
      """
      UNWIND range(1, 10) AS i CREATE (:N {i: i, g: i % 3})
      """
    When executing query:
      """
      MATCH (n:N) RETURN avg(n.i) AS a, min(n.i) AS lo, max(n.i) AS hi, count(DISTINCT n.g) AS d
      """
    Then the result should be, in any order:
      | a   | lo | hi | d |
      | 5.5 | 1  | 10 | 3 |
    And no side effects

  Scenario: Aggregates over no rows
    When executing query:
      """
      MATCH (n:Missing) RETURN count(n) AS c, collect(n) AS xs
      """
    Then the result should be, in any order:
      | c | xs |
      | 0 | [] |
    And no side effects

  Scenario: UNION removes duplicates, UNION ALL keeps them
    When executing query:
      """
      RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x
      """
    Then the result should be, in any order:
      | x |
      | 1 |
      | 2 |
    And no side effects

  Scenario: UNION ALL keeps duplicates
    When executing query:
      """
      RETURN 1 AS x UNION ALL RETURN 1 AS x
      """
    Then the result should be, in any order:
      | x |
      | 1 |
      | 1 |
    And no side effects

  Scenario: OPTIONAL MATCH with no match gives one null row
    When executing query:
      """
      OPTIONAL MATCH (m:Missing) RETURN m
      """
    Then the result should be, in any order:
      | m    |
      | null |
    And no side effects
