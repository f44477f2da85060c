/**
 * What a draft begun by a staff member for a citizen carries beside its answers: how the staff member took it
 * (the channel), who they are, and the citizen's name, email and phone, encrypted and bound to the draft's id.
 * Applications and reports share the drafts table, so both keep it the same way.
 */
import type { AssistedChannel } from '../cases/index.js';
import type { PersonalData } from '../privacy/index.js';

export interface AssistedCitizenDetails {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface AssistedStart {
  channel: AssistedChannel;
  staffUserId: string;
  citizen: AssistedCitizenDetails;
}

const context = (draftId: string): string => `draft_assisted_citizen:${draftId}`;

/** The columns a new assisted draft stores. */
export function assistedDraftColumns(
  personalData: PersonalData,
  draftId: string,
  assisted: AssistedStart | undefined,
): { channel: AssistedChannel | null; assisted_by: string | null; assisted_citizen: string | null } {
  if (!assisted) return { channel: null, assisted_by: null, assisted_citizen: null };
  return {
    channel: assisted.channel,
    assisted_by: assisted.staffUserId,
    assisted_citizen: personalData.sealText(JSON.stringify(assisted.citizen), context(draftId)),
  };
}

/** The assisted start of a draft as stored, or undefined for a citizen's own draft. */
export function openAssistedDraft(
  personalData: PersonalData,
  row: {
    id: string;
    channel: AssistedChannel | null;
    assisted_by: string | null;
    assisted_citizen: string | null;
  },
): AssistedStart | undefined {
  if (!row.channel || !row.assisted_by || !row.assisted_citizen) return undefined;
  const citizen = JSON.parse(
    personalData.openText(row.assisted_citizen, context(row.id)) as string,
  ) as AssistedCitizenDetails;
  return { channel: row.channel, staffUserId: row.assisted_by, citizen };
}
