/** GDELT 2.0 mentions and the Parquet export on the PostgreSQL store (mentions.ts). */
import { mentionsSuite } from './mentions.ts';

mentionsSuite('postgres');
