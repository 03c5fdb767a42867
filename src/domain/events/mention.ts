/**
 * A mention of a political event in one document: GDELT 2.0's mentions table, one row each time an
 * event (new or old) is found in a document seen in a 15-minute update (FORMATS.md §3). Mentions
 * are how often, and how confidently, the news spoke of an event after it was first coded.
 */

/** What the document is (GDELT 2.0 MentionType). */
export const MENTION_TYPES = { 1: 'web', 2: 'citation', 3: 'core', 4: 'dtic', 5: 'jstor', 6: 'non-text' } as const;
export type MentionType = keyof typeof MENTION_TYPES;

export interface EventMention {
  /** The event mentioned: GLOBALEVENTID, the `sourceEventId` of the gdelt2 event it names. */
  readonly eventId: string;
  /** When GDELT first saw the event (its DATEADDED), ISO `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly eventTime: string;
  /** The 15-minute update in which this document was seen, ISO as above. */
  readonly mentionTime: string;
  readonly mentionType: MentionType;
  /** Readable source (the domain for web documents). */
  readonly sourceName: string | null;
  /** URL, citation or DOI, according to the type. */
  readonly identifier: string;
  /** Sentence of the document in which the event was found (1 = the first). */
  readonly sentence: number;
  /** Character offsets of actor 1, actor 2 and the action in the document (−1 when absent). */
  readonly actor1Offset: number;
  readonly actor2Offset: number;
  readonly actionOffset: number;
  /** True when the event was found in the raw text, false when it took GDELT's rewriting. */
  readonly inRawText: boolean;
  /** GDELT's percent confidence in the extraction, 0–100. */
  readonly confidence: number;
  readonly docLength: number | null;
  readonly docTone: number | null;
  /** Empty for English documents; `srclc:…;eng:…` for machine-translated ones. */
  readonly translationInfo: string | null;
}

/** How much the news spoke of one event: its stored mentions and their mean confidence. */
export interface MentionSummary {
  readonly mentions: number;
  /** Mean confidence (0–100) of those mentions; null when there are none. */
  readonly meanConfidence: number | null;
}
