// The Cypher benchmark questions on Kùzu, for comparison with cypher-bench / rpc-cypher-bench:
// loads the shared benchmark graph (gen_graph.py output) into a fresh Kùzu database and times
// shortest path, 2/3-hop reach and the filtered pattern query with prepared statements,
// writing per-question answers beside the data (kuzu_*.txt) for the answer check.
//
//   NODE_PATH=/path/to/node_modules node tests/bench/kuzu-cypher.js CSV_DIR [PAIRS]
// (Kùzu from npm: npm install kuzu@0.11.3.)
const kuzu = require('kuzu');
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = process.argv[2];
const npairs = parseInt(process.argv[3] || '200', 10);
const quantile = (values, q) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
};
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

async function timed(conn, text, paramsList, answer) {
  const stmt = await conn.prepare(text);
  const times = [];
  const answers = [];
  for (let pass = 0; pass < 2; ++pass) {  // warm-up, then measured
    times.length = 0;
    answers.length = 0;
    for (const params of paramsList) {
      const t0 = process.hrtime.bigint();
      const rows = await (await conn.execute(stmt, params)).getAll();
      times.push(ms(t0));
      answers.push(answer(rows));
    }
  }
  return { times, answers };
}

(async () => {
  const dbdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuzu-bench-'));
  const db = new kuzu.Database(path.join(dbdir, 'db'));
  const conn = new kuzu.Connection(db);
  await conn.query('CREATE NODE TABLE N(id INT64, name STRING, label STRING, PRIMARY KEY(id))');
  await conn.query('CREATE REL TABLE R(FROM N TO N, type STRING)');
  let t0 = process.hrtime.bigint();
  await conn.query(`COPY N FROM '${dir}/nodes.csv' (header=true)`);
  await conn.query(`COPY R FROM '${dir}/rels.csv' (header=true)`);
  console.log(`kuzu: load ${(ms(t0) / 1000).toFixed(2)} s`);
  const pairs = fs.readFileSync(`${dir}/pairs.csv`, 'utf8').trim().split('\n').slice(1, 1 + npairs)
    .map((l) => l.split(',').map(Number));
  const report = (what, r, file) => {
    console.log(`${what.padEnd(34)} p50 ${quantile(r.times, 0.5).toFixed(3).padStart(8)} ms  ` +
                `p99 ${quantile(r.times, 0.99).toFixed(3).padStart(8)} ms  (${r.times.length} runs)`);
    fs.writeFileSync(`${dir}/${file}`, r.answers.join('\n') + '\n');
  };
  const sp = await timed(conn,
    'MATCH p = (a:N)-[r:R* SHORTEST 1..8]-(b:N) WHERE a.id = $s AND b.id = $d RETURN length(p) AS len',
    pairs.map(([s, d]) => ({ s, d })), (rows) => (rows.length ? rows[0].len : -1));
  sp.answers = sp.answers.map((len, i) => (pairs[i][0] === pairs[i][1] ? 0 : len));
  report('shortest path, Kùzu', sp, 'kuzu_sp_lengths.txt');
  const seeds = pairs.slice(0, 100).map(([s]) => ({ s }));
  for (const k of [2, 3]) {
    const r = await timed(conn,
      `MATCH (a:N)-[:R* SHORTEST 1..${k}]-(b:N) WHERE a.id = $s RETURN count(DISTINCT b) AS n`,
      seeds, (rows) => Number(rows[0].n));
    report(`${k}-hop reach, Kùzu`, r, `kuzu_hop${k}_counts.txt`);
  }
  const filtered = await timed(conn,
    "MATCH (a:N)-[r1:R]-(f:N)-[r2:R]-(ff:N) WHERE a.id = $s AND r1.type = 'KNOWS' AND " +
    "r2.type = 'KNOWS' AND f.label = 'Person' AND ff.label = 'Person' AND ff.id <> a.id AND " +
    "ff.name STARTS WITH 'P1' RETURN count(*) AS n",
    seeds, (rows) => Number(rows[0].n));
  report('filtered pattern, Kùzu', filtered, 'kuzu_filtered_counts.txt');
  fs.rmSync(dbdir, { recursive: true, force: true });
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
