import type { Generated, JSONColumnType } from 'kysely';
import type { ResolvedService } from './definition-loader.js';

export interface ServiceVersionsTable {
  id: string;
  slug: string;
  version: number;
  definition: JSONColumnType<ResolvedService>;
  content_hash: string;
  source_file: string | null;
  created_at: Generated<Date>;
}

export interface ServicesTable {
  slug: string;
  current_version_id: string;
  kind: 'application' | 'report';
  title: string;
  summary: string;
  topic: string;
  department_id: string;
  published: boolean;
  search_document: string;
  updated_at: Generated<Date>;
}

export interface CatalogueTables {
  service_versions: ServiceVersionsTable;
  services: ServicesTable;
}
