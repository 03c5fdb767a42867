/** The columns of GDELT event files, by position: 1.0 (58, the historical files 57) and 2.0 (61). */

export type GdeltDataset = 'gdelt1' | 'gdelt2';

const ACTOR_FIELDS = ['Code', 'Name', 'CountryCode', 'KnownGroupCode', 'EthnicCode', 'Religion1Code', 'Religion2Code', 'Type1Code', 'Type2Code', 'Type3Code'];

/** Column names of a GDELT events file, as the codebooks name them. */
export function gdeltColumnNames(dataset: GdeltDataset): string[] {
  const v2 = dataset === 'gdelt2';
  const actor = (a: string) => ACTOR_FIELDS.map((x) => `${a}${x}`);
  const geo = (g: string) => ['Type', 'FullName', 'CountryCode', 'ADM1Code', ...(v2 ? ['ADM2Code'] : []), 'Lat', 'Long', 'FeatureID'].map((x) => `${g}_${x}`);
  return ['GLOBALEVENTID', 'SQLDATE', 'MonthYear', 'Year', 'FractionDate', ...actor('Actor1'), ...actor('Actor2'), 'IsRootEvent', 'EventCode', 'EventBaseCode', 'EventRootCode', 'QuadClass', 'GoldsteinScale', 'NumMentions', 'NumSources', 'NumArticles', 'AvgTone', ...geo('Actor1Geo'), ...geo('Actor2Geo'), ...geo('ActionGeo'), 'DATEADDED', 'SOURCEURL'];
}

/** How many tab-separated fields a row of the dataset may have (1.0: 57 historical or 58 daily). */
export function fieldCounts(dataset: GdeltDataset): readonly number[] {
  return dataset === 'gdelt2' ? [61] : [57, 58];
}

/** Rows with more fields than this are refused whatever the version; only their count matters. */
export const MAX_FIELDS = 64;
