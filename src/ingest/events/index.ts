/** The event ingest layer: event files of every supported format → batches of PoliticalEvent. */
export { openEventFile, readEvents, DEFAULT_BATCH_SIZE, type EventFileReader } from './reader.ts';
export { detectFormat, formatFromName, type Detection } from './detect.ts';
export { createRejectsWriter, type RejectsWriter } from './rejects.ts';
export { EventFileError, type Compression } from './source.ts';
export { EventRejectError, type EventFormat, type DerivedQuadConvention, type IngestProgress, type IngestStats, type ReadEventsOptions, type RejectedRow } from './types.ts';
export { lookups, loadLookups, CAMEO_DATA_DIR, type Lookups } from './lookups.ts';
export { CountryMapper, CAMEO_ISO_ALIASES, unmappedCountryReport, type CountryMapping } from './countries.ts';
export { CSV_COLUMNS } from './csv.ts';
export { syntheticGdelt2Rows, writeSyntheticGdelt2File, mulberry32, type SyntheticGdeltOptions } from './synthetic.ts';
