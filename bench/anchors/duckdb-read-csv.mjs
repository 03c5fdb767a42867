// Anchor of the embedded import: DuckDB's own read_csv of a GDELT 2.0 file into a persistent table
// of the events' columns, with the same dedupe anti-join, in a fresh database file — the bare
// engine doing the import's work, with no checks, no mapping and no log.
//   node bench/anchors/duckdb-read-csv.mjs FILE DATABASE
import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, db] = process.argv.slice(2);
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });
const instance = await DuckDBInstance.create(db);
const c = await instance.connect();
await c.run(`CREATE TABLE events (dataset VARCHAR NOT NULL, source_event_id VARCHAR NOT NULL, event_date DATE NOT NULL,
  src_code VARCHAR, src_name VARCHAR, src_country VARCHAR, src_country_raw VARCHAR, src_sectors VARCHAR NOT NULL,
  tgt_code VARCHAR, tgt_name VARCHAR, tgt_country VARCHAR, tgt_country_raw VARCHAR, tgt_sectors VARCHAR NOT NULL,
  cameo_code VARCHAR NOT NULL, root_code VARCHAR NOT NULL, quad_class SMALLINT NOT NULL, quad_convention VARCHAR NOT NULL,
  goldstein DOUBLE, intensity DOUBLE, num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, avg_tone DOUBLE,
  is_root_event BOOLEAN, location_name VARCHAR, location_country VARCHAR, latitude DOUBLE, longitude DOUBLE,
  source_url VARCHAR, story_id VARCHAR, dyad_key VARCHAR NOT NULL)`);
const columns = Array.from({ length: 61 }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
await c.run(`INSERT INTO events
  SELECT 'gdelt2', c0, CAST(strptime(c1, '%Y%m%d') AS DATE), nullif(c5, ''), nullif(c6, ''), nullif(c7, ''), nullif(c7, ''), '|' || c12 || '|',
    nullif(c15, ''), nullif(c16, ''), nullif(c17, ''), nullif(c17, ''), '|' || c22 || '|', c26, c28, CAST(c29 AS SMALLINT), 'file',
    TRY_CAST(c30 AS DOUBLE), NULL, TRY_CAST(c31 AS INTEGER), TRY_CAST(c32 AS INTEGER), TRY_CAST(c33 AS INTEGER), TRY_CAST(c34 AS DOUBLE),
    c25 = '1', nullif(c52, ''), NULL, TRY_CAST(c56 AS DOUBLE), TRY_CAST(c57 AS DOUBLE), nullif(c60, ''), NULL,
    coalesce(c7, '~') || '-' || coalesce(c17, '~')
  FROM read_csv('${file.replaceAll("'", "''")}', delim = '\t', quote = '', escape = '', header = false, auto_detect = false,
    null_padding = true, nullstr = '\x1d', columns = {${columns}}) s
  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.dataset = 'gdelt2' AND e.source_event_id = s.c0)`);
c.closeSync();
instance.closeSync();
