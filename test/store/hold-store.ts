/**
 * Helper process for the embedded-store tests: opens the store at argv[2], writes to it (unless argv[3]
 * is "read-only"), prints "holding" and keeps the file open until its stdin closes.
 */
import { openStore } from '../../src/store/open.ts';
import { registry } from './fixtures.ts';

const path = process.argv[2];
if (!path) throw new Error('usage: hold-store.ts <database file>');
const store = await openStore({ path, env: {} });
if (process.argv[3] !== 'read-only') await store.loadRegistry(registry(), 'written-by-holder');
process.stdout.write('holding\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void store.close().then(() => process.exit(0));
});
