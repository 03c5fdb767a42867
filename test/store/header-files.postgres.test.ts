/** Header-row GDELT exports and other ICEWS shapes on the PostgreSQL store (header-files.ts). */
import { headerFilesSuite } from './header-files.ts';

headerFilesSuite('postgres');
