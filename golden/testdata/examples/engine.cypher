// A small graph for `durascope engine` (see README.md).
CREATE INDEX ON :Person(name);
CREATE CONSTRAINT ON (p:Person) ASSERT p.name IS UNIQUE;
CREATE (:Person {name: "Ada", born: 1815}), (:Person {name: "Charles", born: 1791});
CREATE (:Machine {name: "Analytical Engine", designed: date("1837-01-01")});
MATCH (a:Person {name: "Ada"}), (m:Machine) CREATE (a)-[:PROGRAMMED {year: 1843}]->(m);
MATCH (c:Person {name: "Charles"}), (m:Machine) CREATE (c)-[:DESIGNED]->(m);
MATCH (p:Person)-[r]->(m:Machine) RETURN p.name AS person, type(r) AS role, m.name AS machine ORDER BY person;
