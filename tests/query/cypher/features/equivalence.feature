Feature: DISTINCT, grouping keys, UNION and aggregates' DISTINCT use openCypher's equivalence

  Equivalence is equality (numbers by value: 1 = 1.0, 0.0 = -0.0) plus null ≡ null and
  NaN ≡ NaN, inside lists and maps too.

  Background:
    Given an empty graph

  Scenario: count(DISTINCT) takes 1 and 1.0 as one value
    When executing query:
      """
      UNWIND [1, 1.0] AS x RETURN count(DISTINCT x) AS n
      """
    Then the result should be, in any order:
      | n |
      | 1 |
    And no side effects

  Scenario: count(DISTINCT) takes 0.0 and -0.0 as one value
    When executing query:
      """
      UNWIND [0.0, -0.0, 0] AS x RETURN count(DISTINCT x) AS n
      """
    Then the result should be, in any order:
      | n |
      | 1 |
    And no side effects

  Scenario: count(DISTINCT) takes every NaN as one value
    When executing query:
      """
      UNWIND [0.0 / 0.0, 0.0 / 0.0, 1.0] AS x RETURN count(DISTINCT x) AS n
      """
    Then the result should be, in any order:
      | n |
      | 2 |
    And no side effects

  Scenario: collect(DISTINCT) keeps one of 1 and 1.0
    When executing query:
      """
      UNWIND [1, 1.0, 2] AS x RETURN size(collect(DISTINCT x)) AS n
      """
    Then the result should be, in any order:
      | n |
      | 2 |
    And no side effects

  Scenario: WITH DISTINCT keeps one of 1 and 1.0
    When executing query:
      """
      UNWIND [1, 1.0, 2, 2.0, 2.5] AS x WITH DISTINCT x RETURN count(*) AS n
      """
    Then the result should be, in any order:
      | n |
      | 3 |
    And no side effects

  Scenario: RETURN DISTINCT keeps one NaN
    When executing query:
      """
      UNWIND [0.0 / 0.0, 0.0 / 0.0] AS x RETURN DISTINCT toString(x) AS s
      """
    Then the result should be, in any order:
      | s     |
      | 'NaN' |
    And no side effects

  Scenario: Grouping keys put 1 and 1.0 in one group
    When executing query:
      """
      UNWIND [1, 1.0, 2, 1] AS x WITH x AS k, count(*) AS c RETURN c ORDER BY c
      """
    Then the result should be, in order:
      | c |
      | 1 |
      | 3 |
    And no side effects

  Scenario: Grouping keys put NaN in one group
    When executing query:
      """
      UNWIND [0.0 / 0.0, 1, 0.0 / 0.0] AS x WITH x AS k, count(*) AS c RETURN c ORDER BY c
      """
    Then the result should be, in order:
      | c |
      | 1 |
      | 2 |
    And no side effects

  Scenario: Lists with equal numbers are one value
    When executing query:
      """
      UNWIND [[1, 2], [1.0, 2.0], [1, 2.5], [null], [null]] AS l RETURN count(DISTINCT l) AS n
      """
    Then the result should be, in any order:
      | n |
      | 3 |
    And no side effects

  Scenario: Maps with equal numbers are one value
    When executing query:
      """
      UNWIND [{a: 1}, {a: 1.0}, {a: null}, {a: null}, {b: 1}] AS m
      RETURN count(DISTINCT m) AS n
      """
    Then the result should be, in any order:
      | n |
      | 3 |
    And no side effects

  Scenario: UNION removes a float equal to an integer
    When executing query:
      """
      RETURN 1 AS x UNION RETURN 1.0 AS x
      """
    Then the result should be, in any order:
      | x |
      | 1 |
    And no side effects

  Scenario: UNION inside CALL removes a float equal to an integer
    When executing query:
      """
      CALL { RETURN 2 AS x UNION RETURN 2.0 AS x } RETURN count(*) AS n
      """
    Then the result should be, in any order:
      | n |
      | 1 |
    And no side effects

  Scenario: Distinct numbers stay apart
    When executing query:
      """
      UNWIND [1, 1.5, '1', true] AS x RETURN count(DISTINCT x) AS n
      """
    Then the result should be, in any order:
      | n |
      | 4 |
    And no side effects
