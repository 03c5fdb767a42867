/** POLECAT on PostgreSQL (polecat.ts). */
import { polecatStoreSuite } from './polecat.ts';

polecatStoreSuite('postgres');
