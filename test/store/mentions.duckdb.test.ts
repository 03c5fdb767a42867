/** GDELT 2.0 mentions and the Parquet export on the embedded store (mentions.ts). */
import { mentionsSuite } from './mentions.ts';

mentionsSuite('duckdb');
