#include "store_schema.h"

namespace hlcnn::store_schema {

namespace {

// Version 1: runs with their per-epoch metrics.
const char* kVersion1 = R"sql(
CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO projects (name) VALUES ('default');
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  name TEXT NOT NULL,
  model TEXT NOT NULL,
  graph_json TEXT NOT NULL,
  graph_hash TEXT NOT NULL,
  dataset_spec TEXT NOT NULL,
  dataset_hash TEXT NOT NULL,
  config_json TEXT NOT NULL,
  seed INTEGER NOT NULL,
  program_version TEXT NOT NULL,
  torch_version TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER,
  state TEXT NOT NULL CHECK (state IN ('queued','running','paused','completed','cancelled','failed','diverged','interrupted')),
  message TEXT NOT NULL DEFAULT '',
  epochs_planned INTEGER NOT NULL,
  params INTEGER NOT NULL,
  macs INTEGER NOT NULL,
  checkpoint_dir TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT
);
CREATE TABLE epoch_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  train_loss REAL, train_top1 REAL, val_loss REAL, val_top1 REAL, val_top5 REAL,
  lr REAL, seconds REAL,
  per_class_json TEXT NOT NULL DEFAULT '[]',
  confusion_json TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (run_id, epoch)
);
)sql";

// Version 2: tags, notes, step metrics, artifacts, profiles, and the process identity needed to
// tell a live run from one whose process died (pid reuse is ruled out by the start time).
const char* kVersion2 = R"sql(
ALTER TABLE runs ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN process_start INTEGER;
ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
CREATE INDEX runs_by_state ON runs(state);
CREATE TABLE run_tags (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (run_id, tag)
);
CREATE TABLE step_metrics (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  loss REAL, lr REAL, images_per_s REAL,
  PRIMARY KEY (run_id, step)
);
CREATE TABLE artifacts (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (run_id, kind)
);
CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE,
  graph_hash TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('analytic','measured')),
  params INTEGER, macs INTEGER, activation_bytes INTEGER,
  latency_ms_median REAL, latency_ms_p10 REAL, latency_ms_p90 REAL,
  threads INTEGER, batch INTEGER, device TEXT, energy_mj REAL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
)sql";

// Version 3: when each step ended (Unix seconds) and the steps of its epoch, so curves can be drawn
// against wall time and fractional epochs; how
// often a run was claimed by a process (a resume drops the metrics after its checkpoint, so live
// readers must read such a run again).
const char* kVersion3 = R"sql(
ALTER TABLE step_metrics ADD COLUMN unix_time REAL;
ALTER TABLE step_metrics ADD COLUMN steps_per_epoch INTEGER;
ALTER TABLE runs ADD COLUMN claims INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 4: deployable files exported from a run (hlcnn export): format, precision, and the
// description embedded in the file (settings, calibration, fp32 vs int8 accuracy, ops left in float).
const char* kVersion4 = R"sql(
CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  precision TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX exports_by_run ON exports(run_id);
)sql";

// Version 5: which runtime and precision a measured profile timed (hlcnn bench infer --run records
// one profile per runtime: eager, frozen, int8, opencv, ...); older profiles were the eager fp32 forward.
const char* kVersion5 = R"sql(
ALTER TABLE profiles ADD COLUMN runtime TEXT NOT NULL DEFAULT 'eager';
ALTER TABLE profiles ADD COLUMN precision TEXT NOT NULL DEFAULT 'fp32';
)sql";

// Version 6: latencies measured on phones over adb (hlcnn device profile, the Devices view).
const char* kVersion6 = R"sql(
CREATE TABLE device_profiles (
  id INTEGER PRIMARY KEY,
  -- a phone's measurement of a file outlives the run that exported it
  run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  serial TEXT NOT NULL,
  device_name TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  abi TEXT NOT NULL,
  device_json TEXT NOT NULL,
  artifact_path TEXT NOT NULL,
  artifact_sha256 TEXT NOT NULL,
  artifact_bytes INTEGER NOT NULL,
  precision TEXT NOT NULL CHECK (precision IN ('fp32','int8')),
  runner TEXT NOT NULL,
  affinity TEXT NOT NULL,
  mask TEXT NOT NULL,
  threads INTEGER NOT NULL, warmup INTEGER NOT NULL, iters INTEGER NOT NULL,
  mean_ms REAL NOT NULL, p50_ms REAL NOT NULL, p90_ms REAL NOT NULL, p99_ms REAL NOT NULL,
  min_ms REAL NOT NULL, std_ms REAL NOT NULL, load_ms REAL,
  thermal_before INTEGER NOT NULL, thermal_after INTEGER NOT NULL,
  throttling TEXT NOT NULL,
  conditions_json TEXT NOT NULL,
  energy_mj REAL,
  raw_output TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX device_profiles_by_serial ON device_profiles(serial);
-- per-block latency tables: one micro-model per distinct block configuration, timed on a phone
CREATE TABLE device_block_latency (
  serial TEXT NOT NULL,
  device_name TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  block_key TEXT NOT NULL,
  op TEXT NOT NULL,
  precision TEXT NOT NULL CHECK (precision IN ('fp32','int8')),
  threads INTEGER NOT NULL,
  affinity TEXT NOT NULL,
  ms REAL NOT NULL,
  iters INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (serial, block_key, precision, threads, affinity)
);
CREATE INDEX device_profiles_by_run ON device_profiles(run_id);
)sql";

// Version 7: runs beyond one process. A run carries a unique id (stores merge by it, so importing a
// task's store twice changes nothing), its data-parallel world (size, backend, the ranks' hosts),
// and the sweep it belongs to with its grid point.
const char* kVersion7 = R"sql(
CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  folder TEXT NOT NULL DEFAULT '',
  scheduler TEXT NOT NULL DEFAULT 'local' CHECK (scheduler IN ('local','slurm')),
  slurm_job TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
ALTER TABLE runs ADD COLUMN uid TEXT;
UPDATE runs SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX runs_by_uid ON runs(uid);
ALTER TABLE runs ADD COLUMN world_size INTEGER NOT NULL DEFAULT 1;
ALTER TABLE runs ADD COLUMN backend TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN hosts_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
ALTER TABLE runs ADD COLUMN sweep_point TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_by_sweep ON runs(sweep_id);
)sql";


// Version 8: latency tables of the units the runner executes (a mobile program's ops: XNNPACK
// operators with what was fused into them), each timed alone by hlcnn-bench --per-unit with the
// profile protocol, and the tables' checks against whole models (the prediction hit rates).
// device_block_latency (the .ptl micro-models of version 6) is kept as it was and no longer read:
// its keys and times belong to another runtime.
const char* kVersion8 = R"sql(
CREATE TABLE device_unit_latency (
  serial TEXT NOT NULL,
  device_name TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  unit_key TEXT NOT NULL,
  op TEXT NOT NULL,
  precision TEXT NOT NULL CHECK (precision IN ('fp32','int8')),
  threads INTEGER NOT NULL,
  affinity TEXT NOT NULL,
  ms REAL NOT NULL,
  warmup INTEGER NOT NULL,
  iters INTEGER NOT NULL,
  runtime TEXT NOT NULL,
  abi TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (serial, unit_key, precision, threads, affinity)
);
CREATE TABLE device_latency_checks (
  id INTEGER PRIMARY KEY,
  serial TEXT NOT NULL,
  precision TEXT NOT NULL CHECK (precision IN ('fp32','int8')),
  threads INTEGER NOT NULL,
  affinity TEXT NOT NULL,
  model TEXT NOT NULL,
  graph_hash TEXT NOT NULL,
  predicted_ms REAL NOT NULL,
  measured_ms REAL NOT NULL,
  rounds INTEGER NOT NULL,
  runtime TEXT NOT NULL,
  warmup INTEGER NOT NULL,
  iters INTEGER NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX device_latency_checks_by_table ON device_latency_checks(serial, precision, threads, affinity);
)sql";

}  // namespace

const std::vector<const char*>& migrations() {
    static const std::vector<const char*> all{kVersion1, kVersion2, kVersion3, kVersion4, kVersion5, kVersion6, kVersion7, kVersion8};
    return all;
}

}  // namespace hlcnn::store_schema
