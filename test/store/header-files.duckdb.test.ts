/** Header-row GDELT exports and other ICEWS shapes on the embedded store (header-files.ts). */
import { headerFilesSuite } from './header-files.ts';

headerFilesSuite('duckdb');
