/** What a citizen's answers look like once validated: the shapes stored with drafts and cases. */

export interface FileRef {
  id: string;
  name: string;
  size: number;
  mediaType: string;
}

export interface AddressAnswer {
  line1: string;
  line2?: string;
  town: string;
  postcode: string;
}

/** `null` records that an optional question was seen and left blank. */
export type Answer = string | number | string[] | AddressAnswer | FileRef[] | null;
export type Answers = Record<string, Answer>;

/** Fields of a submitted HTML form (urlencoded or multipart): repeated names arrive as arrays. */
export type FormFields = Record<string, string | string[] | undefined>;

export function isFileRefList(answer: Answer | undefined): answer is FileRef[] {
  return (
    Array.isArray(answer) && answer.every((item) => typeof item === 'object' && item !== null && 'id' in item)
  );
}
