Feature: WITH ... ORDER BY ... SKIP / LIMIT ... WHERE filters the paged rows

  The projection body holds ORDER BY, SKIP and LIMIT; the WHERE of WITH filters what the body
  produced (WITH ProjectionBody [WHERE]), so paging comes first.

  Background:
    Given an empty graph

  Scenario: LIMIT before WHERE
    When executing query:
      """
      UNWIND range(1, 10) AS x WITH x ORDER BY x LIMIT 3 WHERE x > 1 RETURN x
      """
    Then the result should be, in order:
      | x |
      | 2 |
      | 3 |
    And no side effects

  Scenario: SKIP and LIMIT before WHERE, without ORDER BY
    When executing query:
      """
      UNWIND range(1, 10) AS x WITH x SKIP 2 LIMIT 4 WHERE x % 2 = 0 RETURN x
      """
    Then the result should be, in order:
      | x |
      | 4 |
      | 6 |
    And no side effects

  Scenario: SKIP before WHERE
    When executing query:
      """
      UNWIND range(1, 6) AS x WITH x ORDER BY x DESC SKIP 3 WHERE x <> 2 RETURN x
      """
    Then the result should be, in order:
      | x |
      | 3 |
      | 1 |
    And no side effects

  Scenario: Grouping, then LIMIT, then WHERE on the key
    When executing query:
      """
      UNWIND range(1, 10) AS x
      WITH x % 3 AS k, count(*) AS c ORDER BY k LIMIT 1 WHERE k > 0
      RETURN k, c
      """
    Then the result should be empty
    And no side effects

  Scenario: Grouping, then LIMIT, then WHERE that keeps the row
    When executing query:
      """
      UNWIND range(1, 10) AS x
      WITH x % 3 AS k, count(*) AS c ORDER BY k DESC LIMIT 2 WHERE k > 0
      RETURN k, c
      """
    Then the result should be, in order:
      | k | c |
      | 2 | 3 |
      | 1 | 4 |
    And no side effects

  Scenario: DISTINCT, then LIMIT, then WHERE
    When executing query:
      """
      UNWIND [3, 1, 3, 2, 1, 4] AS x
      WITH DISTINCT x ORDER BY x LIMIT 2 WHERE x > 1
      RETURN x
      """
    Then the result should be, in order:
      | x |
      | 2 |
    And no side effects

  Scenario: WHERE on a variable the projection does not keep, after paging
    When executing query:
      """
      UNWIND range(1, 5) AS x
      WITH x * 10 AS y ORDER BY y DESC LIMIT 2 WHERE x < 5
      RETURN y
      """
    Then the result should be, in order:
      | y  |
      | 40 |
    And no side effects

  Scenario: WHERE without paging still filters every row
    When executing query:
      """
      UNWIND range(1, 5) AS x WITH x ORDER BY x DESC WHERE x < 3 RETURN x
      """
    Then the result should be, in order:
      | x |
      | 2 |
      | 1 |
    And no side effects
