import type { Generated, JSONColumnType } from 'kysely';

export interface TotpFactorsTable {
  id: string;
  user_id: string;
  secret_ciphertext: string;
  created_at: Generated<Date>;
  confirmed_at: Date | null;
  last_used_step: number | null;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: Generated<Date>;
  used_at: Date | null;
}

export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  credential_id: string;
  public_key: Buffer;
  sign_count: Generated<number>;
  transports: JSONColumnType<string[], string, string>;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: boolean;
  name: string | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}

export interface SecondFactorChallengesTable {
  id: string;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
  attempts: Generated<number>;
  verified_at: Date | null;
  completed_at: Date | null;
}

export interface SecondFactorsTables {
  totp_factors: TotpFactorsTable;
  recovery_codes: RecoveryCodesTable;
  webauthn_credentials: WebauthnCredentialsTable;
  second_factor_challenges: SecondFactorChallengesTable;
}
