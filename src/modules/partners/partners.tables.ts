export interface ApiClientsTable {
  id: string;
  kind: 'api_key' | 'oauth';
  name: string;
  client_id: string | null;
  secret_prefix: string;
  secret_hash: string;
  scopes: string[];
  requests_per_minute: number;
  created_at: Date;
  created_by: string | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface ApiClientDepartmentsTable {
  client_id: string;
  department_id: string;
}

export interface OauthAccessTokensTable {
  token_hash: string;
  client_id: string;
  scopes: string[];
  issued_at: Date;
  expires_at: Date;
}

export interface PartnersTables {
  api_clients: ApiClientsTable;
  api_client_departments: ApiClientDepartmentsTable;
  oauth_access_tokens: OauthAccessTokensTable;
}
