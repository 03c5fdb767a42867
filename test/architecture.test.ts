/**
 * The layers are enforced: the lint fails when a layer imports one it must not (eslint.config.js).
 * Each case is a line a careless change could add, linted as if it were in that folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { REPO } from './support/paths.ts';

const eslint = new ESLint({ cwd: REPO });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPO, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

test('each layer may import only the layers below it', async () => {
  const refused: [string, string, RegExp][] = [
    ['src/domain/x.ts', "import { readFileSync } from 'node:fs';", /pure core/],
    ['src/domain/x.ts', "import { EventEmitter } from 'events';", /pure core/],
    ['src/domain/x.ts', "import { readFile } from 'fs/promises';", /pure core/],
    ['src/domain/x.ts', "import type { Store } from '../store/store.ts';", /src\/store/],
    ['src/analysis/x.ts', "import type { Services } from '../app/services.ts';", /src\/app/],
    ['src/app/x.ts', "import { openStore } from '../store/open.ts';", /src\/store/],
    ['src/app/x.ts', "import { sql } from 'kysely';", /use cases/],
    ['src/app/x.ts', "import { DuckDBInstance } from '@duckdb/node-api';", /types only/],
    ['src/store/x.ts', "import { openEventFile } from '../ingest/events/reader.ts';", /src\/ingest/],
    ['src/ingest/x.ts', "import { SqlStore } from '../store/sql/sql-store.ts';", /src\/store/],
    ['src/server/x.ts', "import { openStore } from '../store/open.ts';", /src\/store/],
    ['src/web/x.ts', "import { createApp } from '../server/app.ts';", /src\/server/],
    ['src/cli/x.ts', "import { importEventFile } from '../ingest/events/pipeline.ts';", /src\/ingest/],
    // Dynamic imports, as the lazy loading of engines and formats writes them.
    ['src/server/x.ts', "export const f = async () => (await import('../store/open.ts')).openStore;", /src\/store/],
    ['src/server/x.ts', "export const f = () => import('../compose.ts');", /composition root/],
    ['src/domain/x.ts', "export const f = () => import('node:fs');", /pure core/],
    ['src/domain/x.ts', "export const f = () => import('fs/promises');", /pure core/],
    ['src/web/x.ts', "export const f = () => import('pg/lib/client.js');", /renders pages/],
    ['src/app/x.ts', "export const f = () => import('@duckdb/node-api');", /@duckdb/],
    ['src/web/x.ts', "export const f = () => import('pg');", /renders pages/],
    ['src/cli/x.ts', "export const f = () => import('../ingest/events/pipeline.ts');", /src\/ingest/],
  ];
  for (const [file, code, why] of refused) {
    const found = await problems(file, code);
    assert.equal(found.length, 1, `${file}: ${code} should be refused`);
    assert.match(found[0]!, why);
  }
  const allowed: [string, string][] = [
    ['src/app/x.ts', "import type { DuckDBConnection } from '@duckdb/node-api';"],
    ['src/store/x.ts', "import type { EventRepository } from '../app/ports.ts';"],
    ['src/ingest/x.ts', "import type { EventRepository } from '../app/ports.ts';"],
    ['src/server/x.ts', "import { judgeHealth } from '../app/health.ts';"],
    ['src/cli/x.ts', "import { openServices } from '../compose.ts';"],
    ['src/cli/x.ts', "export const f = () => import('../compose.ts');"],
    // A folder named like a Node module is not that module.
    ['src/app/x.ts', "import type { PoliticalEvent } from '../domain/events/event.ts';"],
    ['src/store/x.ts', "export const f = () => import('./duckdb/open.ts');"],
    ['src/ingest/x.ts', "export const f = () => import('@duckdb/node-api');"],
  ];
  for (const [file, code] of allowed) assert.deepEqual(await problems(file, code), [], `${file}: ${code}`);
});
