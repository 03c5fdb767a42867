/** The DuckDB path for plain GDELT files against the reader's path, on the PostgreSQL store (gdelt-file.ts). */
import { gdeltFileSuite } from './gdelt-file.ts';

gdeltFileSuite('postgres');
