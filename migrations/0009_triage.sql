-- Triage: classifiers that suggest a report's type and department from its description, trained on the
-- deployment's own reports. Each training run is one version; exactly one (the last activated) is used.
create table triage_models (
  version integer primary key,
  trained_at timestamptz not null,
  -- who asked: 'cli', 'job' (scheduled retraining), or a user id
  trained_by text not null,
  -- reports used to evaluate (oldest part) and to train the stored model (all of them)
  report_count integer not null,
  class_count integer not null,
  -- the time-ordered holdout: accuracy overall and per type against the majority-class baseline, calibration
  metrics jsonb not null,
  -- the model itself (token counts per type), read into memory by every process that suggests
  model jsonb not null,
  active boolean not null default false,
  activated_at timestamptz
);
create unique index triage_models_one_active on triage_models (active) where active;

-- A suggestion applied to a report's case (automatically above the deployment's threshold, or by staff),
-- with what it replaced, so that it can be undone exactly.
create table triage_applications (
  id uuid primary key,
  report_id uuid not null references reports (id) on delete cascade,
  case_id uuid not null references cases (id) on delete cascade,
  model_version integer not null,
  confidence double precision not null,
  automatic boolean not null,
  -- {serviceCode, serviceName, serviceVersionId, departmentId, assigneeId} before and after
  previous jsonb not null,
  applied jsonb not null,
  applied_at timestamptz not null,
  applied_by text,
  undone_at timestamptz,
  undone_by text
);
create index triage_applications_report on triage_applications (report_id, applied_at desc);
