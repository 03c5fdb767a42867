/** POLECAT on the embedded store (polecat.ts). */
import { polecatStoreSuite } from './polecat.ts';

polecatStoreSuite('duckdb');
