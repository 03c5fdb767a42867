/** The event ingest layer: event files of every supported format → canonical events, in bulk for a store. */
export { importEventFile, eventFiles, IMPORT_BATCH_SIZE } from './pipeline.ts';
export { openEventFile, readEvents, DEFAULT_BATCH_SIZE, type EventFileReader } from './reader.ts';
export { detectFormat, formatFromName, type Detection } from './detect.ts';
export { RejectSink } from './rejects.ts';
export { EventFileError, type Compression } from './source.ts';
export { EventRejectError, refused, type Parsed, type Refusal, type RejectedRow } from './refusal.ts';
export type { EventFormat, DerivedQuadConvention, IngestProgress, IngestStats, ReadEventsOptions } from './types.ts';
export { lookups, loadLookups, CAMEO_DATA_DIR, type Lookups } from './lookups.ts';
export { CountryMapper, CAMEO_ISO_ALIASES, unmappedCountryReport, type CountryMapping } from './countries.ts';
export { CSV_COLUMNS } from './formats/csv/parser.ts';
export { gdeltColumnNames } from './formats/gdelt/columns.ts';
