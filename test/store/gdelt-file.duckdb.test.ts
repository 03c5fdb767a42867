/** The DuckDB path for plain GDELT files against the reader's path, on the embedded store (gdelt-file.ts). */
import { gdeltFileSuite } from './gdelt-file.ts';

gdeltFileSuite('duckdb');
