#!/usr/bin/env node
// The kill-and-restart loop against the local stack (bin/stack up), started by bin/kill-loop: see there and the
// docs/testing.md ("Kill-and-restart loop"). Not part of CI.
//
// 1. streams a file of N stores with ids <tag>-0 .. <tag>-(N-1) and two hostile files (one record whose name is a
//    string of G GB, and one nested 100,000 levels deep) into Azurite under kill-loop/<tag>/, never whole in memory;
// 2. triggers a run on that prefix, then kill -9s the service at random intervals while the run is RUNNING and
//    restarts it each time (bin/stack restart-service);
// 3. all along drains the ODP stand-in's request journal (POST /__admin/requests/remove returns exactly the events
//    it removed, so nothing is lost between reading and deleting) and counts, per record, the 2xx deliveries;
// 4. prints expected, delivered, missing, duplicated, the run and the hostile files' outcome. Exit code 1 if a
//    record is missing or the run did not end as expected, 2 on a usage or set-up error.
import { BlobServiceClient } from '@azure/storage-blob';
import { spawn } from 'node:child_process';
import { readFileSync, statfsSync, mkdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { servedAccepted } from './lib/odp-answer.mjs';
import { options } from './lib/options.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL = process.env.ODP_IMPORTER_LOCAL || path.join(ROOT, '.local');
const PORT = process.env.PORT || '8080';
const MANAGEMENT_PORT = process.env.MANAGEMENT_PORT || '9000';
const ODP_PORT = process.env.ODP_PORT || '8089';
const AZURITE_PORT = process.env.AZURITE_PORT || '10000';
const CONTAINER = process.env.AZURE_STORAGE_CONTAINER || 'offline-stores';
const SERVICE = `http://127.0.0.1:${PORT}`;
const ODP = `http://127.0.0.1:${ODP_PORT}`;
const ID_FIELD = process.env.IMPORTER_ODP_FIELDS_ID || 'ocp_quickstart_offline_store_id';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const MB = 1024 * 1024;
const GB = 1024 * MB;

// ---- options ----
const USAGE = `usage: bin/kill-loop [--records N] [--kills K] [--hostile-gb G] [--min-interval S] [--max-interval S]
                     [--timeout S] [--keep-blobs]
  --records N        stores in the big file (1000000)
  --kills K          kill -9s of the service while the run is RUNNING (5); fewer if the run ends first
  --hostile-gb G     size of the hostile file with one multi-GB string, in GB, decimals allowed (2; 0: none)
  --min-interval S   --max-interval S   a kill comes a random S seconds (3 to 20) after the trigger, or after the
                     restarted service made progress (ODP received records, or the file import went on)
  --timeout S        give up waiting for the run after S seconds (3600)
  --keep-blobs       leave the uploaded blobs in Azurite (deleted at the end by default)`;
const { opts, fail: usage } = options('kill-loop', USAGE,
  { records: 1_000_000, kills: 5, 'hostile-gb': 2, 'min-interval': 3, 'max-interval': 20, timeout: 3600 },
  ['keep-blobs']);
opts.records = Math.floor(opts.records);
opts.kills = Math.floor(opts.kills);
if (opts.records < 1 || opts.records > 50_000_000) usage('--records must be 1..50000000');
if (opts.maxInterval < opts.minInterval) usage('--max-interval must be >= --min-interval');

const started = Date.now();
const secs = (from = started) => ((Date.now() - from) / 1000).toFixed(1);
const say = (m) => console.log(`[kill-loop ${secs().padStart(6)}s] ${m}`);
const fail = (m) => { console.error(`[kill-loop] ERROR: ${m}`); process.exit(2); };
const fmt = (n) => n.toLocaleString('en-US');

// ---- names ----
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const TAG = `kl-${stamp}-${Math.floor(Math.random() * 1e4)}`; // ids <TAG>-<n>
const PREFIX = `kill-loop/${TAG}/`;
const STORES_BLOB = `${PREFIX}2-stores.json`;
const HOSTILE_STRING_BLOB = `${PREFIX}1-hostile-string.json`;
const HOSTILE_NESTING_BLOB = `${PREFIX}1-hostile-nesting.json`;
const RECORD_BYTES = 106; // about, for the disk estimate

// ---- pre-flight ----
async function get(url, init) {
  const r = await fetch(url, init);
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, json, text };
}
try { await get(`http://127.0.0.1:${MANAGEMENT_PORT}/q/health/ready`); } catch (e) { fail(`the service does not answer on ${SERVICE} (start the stack: bin/stack up): ${e.message}`); }
try { await get(`${ODP}/__admin/mappings`); } catch (e) { fail(`the ODP stand-in does not answer on ${ODP}: ${e.message}`); }
const hostileBytes = Math.round(opts.hostileGb * GB);
const needed = hostileBytes + opts.records * RECORD_BYTES * 4 + GB; // Azurite + Kafka's copies of the records + slack
mkdirSync(path.join(LOCAL, 'data'), { recursive: true });
const fs = statfsSync(path.join(LOCAL, 'data'));
const free = fs.bavail * fs.bsize;
if (free < needed) fail(`${(free / GB).toFixed(1)} GB free under ${LOCAL}/data, about ${(needed / GB).toFixed(1)} GB needed`);
say(`tag ${TAG}: ${fmt(opts.records)} stores, hostile string file ${opts.hostileGb} GB, ${opts.kills} kills every `
  + `${opts.minInterval}-${opts.maxInterval}s; ${(free / GB).toFixed(1)} GB free, about ${(needed / GB).toFixed(1)} GB needed`);

// ---- counting what the ODP stand-in accepted ----
const counts = new Uint16Array(opts.records); // 2xx deliveries per record number (saturating)
const stats = { requests: 0, accepted: 0, refused: 0, sends: 0, foreignObjects: 0, strangeIds: 0, drains: 0 };
const idPrefix = `${TAG}-`;
let draining = Promise.resolve();
function drain() { // serialised: one remove call at a time
  draining = draining.then(drainOnce).catch(e => say(`journal drain failed (will retry): ${e.message}`));
  return draining;
}
async function drainOnce() {
  // removes every journal event and returns exactly those: an event logged meanwhile stays for the next call
  const r = await get(`${ODP}/__admin/requests/remove`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"method":"ANY","urlPattern":".*"}',
  });
  if (r.status !== 200 || !r.json) throw new Error(`HTTP ${r.status}`);
  stats.drains++;
  for (const e of r.json.serveEvents || []) {
    const q = e.request;
    if (q.method !== 'POST' || !q.url.startsWith('/v3/objects/')) continue;
    stats.requests++;
    if (!servedAccepted(e)) { stats.refused++; continue; } // ODP's contract, not any 2xx (lib/odp-answer.mjs)
    stats.accepted++;
    let body;
    try { body = JSON.parse(q.body); } catch { continue; }
    for (const o of Array.isArray(body) ? body : []) {
      const id = o?.[ID_FIELD];
      if (typeof id !== 'string' || !id.startsWith(idPrefix)) { stats.foreignObjects++; continue; }
      const n = Number(id.substring(idPrefix.length));
      if (!Number.isInteger(n) || n < 0 || n >= opts.records) { stats.strangeIds++; continue; }
      stats.sends++;
      if (counts[n] < 65535) counts[n]++;
    }
  }
}
function tally() {
  let delivered = 0, duplicated = 0, extra = 0, maxSends = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0) delivered++;
    if (c > 1) { duplicated++; extra += c - 1; }
    if (c > maxSends) maxSends = c;
  }
  return { delivered, missing: counts.length - delivered, duplicated, extra, maxSends };
}

// ---- memory of the service and the stand-in (resident set, sampled every second) ----
const pidOf = (name) => { try { return Number(readFileSync(path.join(LOCAL, 'pids', `${name}.pid`), 'utf8').trim()); } catch { return 0; } };
const rssMb = (pid) => {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024; } catch { return 0; }
};
const peak = { service: 0, 'odp-stand-in': 0, azurite: 0 };
const sampler = setInterval(() => { for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], rssMb(pidOf(k))); }, 1000);

// ---- 1. upload ----
const container = BlobServiceClient.fromConnectionString(process.env.AZURE_STORAGE_CONNECTION_STRING
  || `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};`
   + `BlobEndpoint=http://127.0.0.1:${AZURITE_PORT}/devstoreaccount1;`).getContainerClient(CONTAINER);
await container.createIfNotExists();

function* storesFile() {
  let chunk = '[';
  for (let n = 0; n < opts.records; n++) {
    chunk += `${n ? ',' : ''}\n{"id":"${TAG}-${n}","name":"Kill-loop store ${n}","location":"Lot ${n % 997}, Test City"}`;
    if (chunk.length > MB) { yield Buffer.from(chunk); chunk = ''; }
  }
  yield Buffer.from(`${chunk}\n]\n`);
}
function* hostileStringFile(total) { // [{"id":"...","name":"xxxx...(total bytes in all)","location":"x"}]
  const head = Buffer.from(`[{"id":"${TAG}-hostile","name":"`);
  const tail = Buffer.from('","location":"x"}]');
  yield head;
  const block = Buffer.alloc(4 * MB, 'x');
  let left = Math.max(0, total - head.length - tail.length);
  while (left > 0) { const b = left >= block.length ? block : block.subarray(0, left); left -= b.length; yield b; }
  yield tail;
}
function* hostileNestingFile() { // [{"id":"...","name":[[[[... 100,000 deep, never closed
  yield Buffer.from(`[{"id":"${TAG}-nesting","name":`);
  yield Buffer.alloc(100_000, '[');
}
async function upload(name, gen) {
  const t = Date.now();
  let bytes = 0;
  const counted = Readable.from((function* () { for (const b of gen) { bytes += b.length; yield b; } })(), { objectMode: false });
  await container.getBlockBlobClient(name).uploadStream(counted, 8 * MB, 4, { blobHTTPHeaders: { blobContentType: 'application/json' } });
  say(`uploaded ${CONTAINER}/${name}: ${fmt(bytes)} bytes in ${secs(t)}s`);
}
const SERVICE_LOG = path.join(LOCAL, 'logs', 'service.log');
// the stack's operator (bin/stack: OPERATOR_USER, OPERATOR_PASSWORD): the trigger needs it
const OPERATOR_AUTH = 'Basic ' + Buffer.from(`${process.env.OPERATOR_USER ?? 'operator'}:`
  + `${process.env.OPERATOR_PASSWORD ?? 'local-operator-password'}`).toString('base64');
const logSize = () => { try { return statSync(SERVICE_LOG).size; } catch { return 0; } };
const logFrom = logSize();
function importerLines() { // the service's own words about this loop's blobs: failures, resumptions, completions
  const fd = openSync(SERVICE_LOG, 'r');
  const lines = [];
  try {
    const buf = Buffer.alloc(4 * MB);
    let pos = logFrom, rest = '';
    for (let n; (n = readSync(fd, buf, 0, buf.length, pos)) > 0; pos += n) {
      const text = rest + buf.toString('utf8', 0, n);
      const parts = text.split('\n');
      rest = parts.pop();
      for (const l of parts) {
        if (l.includes(PREFIX) && /Resuming blob|FAILED after|record\(s\) emitted/.test(l)) lines.push(l.length > 260 ? `${l.substring(0, 260)}...` : l);
        else if (/bin\/stack starts service/.test(l)) lines.push(l);
      }
    }
  } finally { closeSync(fd); }
  return lines;
}
const uploadStart = Date.now();
await drain(); // the journal starts empty for this loop (earlier requests are dropped, not counted)
stats.requests = stats.accepted = stats.refused = stats.foreignObjects = 0;
// hostile files first: discovery orders by Last-Modified, so they are imported before the big file
if (hostileBytes > 0) await upload(HOSTILE_STRING_BLOB, hostileStringFile(hostileBytes));
await upload(HOSTILE_NESTING_BLOB, hostileNestingFile());
await upload(STORES_BLOB, storesFile());
const uploadSecs = secs(uploadStart);

// ---- 2. trigger, kill, restart ----
const poller = setInterval(drain, 2000);
let runId;
for (let i = 0; i < 60 && !runId; i++) {
  const r = await get(`${SERVICE}/jobs/offline_store_import/runs?trackerId=${TAG}&prefix=${encodeURIComponent(PREFIX)}`,
    { method: 'POST', headers: { Authorization: OPERATOR_AUTH } });
  if (r.status === 202) runId = r.json.runId;
  else if (r.status === 409) await sleep(2000);
  else fail(`the trigger answered HTTP ${r.status}: ${r.text}`);
}
if (!runId) fail('a sweep kept running for two minutes');
const runStart = Date.now();
say(`triggered run ${runId} on prefix ${PREFIX}`);

let lastRun = { status: 'RUNNING' };
async function pollRun() {
  try {
    const r = await get(`${SERVICE}/jobs/offline_store_import/runs/${runId}`);
    if (r.status === 200 && r.json) lastRun = r.json;
  } catch { /* the service is down (killed): keep the last answer */ }
  return lastRun;
}
const progress = () => `run ${lastRun.status}, emitted ${fmt(lastRun.recordsEmitted ?? 0)}, accepted ${fmt(lastRun.accepted ?? 0)}, `
  + `delivered ${fmt(tally().delivered)} of ${fmt(opts.records)}`;

function restartService() {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'bin', 'stack'), ['restart-service'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { out += d; });
    child.on('error', reject);
    child.on('close', code => (code === 0 ? resolve(out) : reject(new Error(`bin/stack restart-service exited ${code}: ${out.trim()}`))));
  });
}
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

// a file's emitted count shows once the file is read to its end: PENDING means not yet (or still being read)
const storesDetail = () => (lastRun.fileDetails || []).find(f => f.blobName === STORES_BLOB) ?? {};
const storesEmitted = () => storesDetail().emitted ?? 0;
const kills = [];
for (let k = 1; k <= opts.kills; k++) {
  if (k > 1) { // the restarted service must have done something before it is killed again (a killed Kafka consumer
    // holds its partitions until its session times out, 45 s by default: killing it again meanwhile tests little)
    const before = kills[kills.length - 1];
    while ((await pollRun()).status === 'RUNNING' && stats.sends < before.sends + 1000 && storesEmitted() <= before.emitted) await sleep(1000);
    if (lastRun.status === 'RUNNING') say(`  progress after ${secs(before.readyAt)}s: ${progress()}`);
  }
  const wait = opts.minInterval + Math.random() * (opts.maxInterval - opts.minInterval);
  const until = Date.now() + wait * 1000;
  while (Date.now() < until && (await pollRun()).status === 'RUNNING') await sleep(Math.min(1000, Math.max(0, until - Date.now())));
  if ((await pollRun()).status !== 'RUNNING') { say(`the run ended before kill ${k}`); break; }
  const pid = pidOf('service');
  if (!pid || !alive(pid)) fail(`the service is not running (pid file ${LOCAL}/pids/service.pid)`);
  const emitted = storesEmitted();
  say(`kill ${k}/${opts.kills}: kill -9 ${pid} (${progress()}; stores file ${storesDetail().status ?? 'not discovered yet'})`);
  process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(50);
  const t = Date.now();
  try { await restartService(); } catch (e) { fail(`${e.message}; see ${LOCAL}/logs/service.log`); }
  await drain();
  kills.push({ pid, at: ((t - runStart) / 1000).toFixed(1), restartSecs: secs(t), readyAt: Date.now(), sends: stats.sends, emitted });
  say(`  restarted: pid ${pidOf('service')}, ready after ${secs(t)}s`);
}

// ---- 3. wait for the end of the run ----
let lastSay = 0;
while ((await pollRun()).status === 'RUNNING') {
  if (Date.now() - runStart > opts.timeout * 1000) break;
  if (Date.now() - lastSay > 15000) { say(progress()); lastSay = Date.now(); }
  await sleep(1000);
}
const runSecs = secs(runStart);
// let late sends (a batch re-sent after a rebalance) reach the journal, then drain it to the end
await sleep(5000);
clearInterval(poller);
await drain();
await drain();
clearInterval(sampler);
const run = await pollRun();

// ---- 4. report ----
const t = tally();
const detail = (blob) => (run.fileDetails || []).find(f => f.blobName === blob);
const stores = detail(STORES_BLOB);
const hostile = [HOSTILE_STRING_BLOB, HOSTILE_NESTING_BLOB].filter(b => hostileBytes > 0 || b !== HOSTILE_STRING_BLOB);
const problems = [];
if (t.missing > 0) problems.push(`${fmt(t.missing)} record(s) missing`);
if (run.status !== 'COMPLETE') problems.push(`the run is ${run.status}${run.status === 'RUNNING' ? ` after the ${opts.timeout}s timeout` : ''}`);
if (stores?.status !== 'IMPORTED') problems.push(`the stores file is ${stores?.status ?? 'not in the run'}`);
for (const b of hostile) if (detail(b)?.status !== 'FAILED') problems.push(`${b} is ${detail(b)?.status ?? 'not in the run'}, not FAILED`);

let firstMissing = [];
for (let i = 0; i < counts.length && firstMissing.length < 10; i++) if (counts[i] === 0) firstMissing.push(`${TAG}-${i}`);
console.log(`
==== kill-and-restart loop ${TAG} ====
records expected     ${fmt(opts.records)}
delivered (distinct) ${fmt(t.delivered)}
missing              ${fmt(t.missing)}${t.missing ? `   first: ${firstMissing.join(', ')}` : ''}
duplicated           ${fmt(t.duplicated)} records sent more than once, ${fmt(t.extra)} extra sends (at most ${t.maxSends} sends of one record)
ODP requests         ${fmt(stats.requests)} (${fmt(stats.accepted)} accepted, ${fmt(stats.refused)} refused); ${fmt(stats.sends)} records sent in accepted requests
kills                ${kills.length} of ${opts.kills} (kill -9 at ${kills.map(k => `${k.at}s`).join(', ') || '-'} into the run; restarts ready in ${kills.map(k => `${k.restartSecs}s`).join(', ') || '-'})
run                  ${run.id} ${run.status}: files ${run.files}, imported ${run.filesImported}, failed ${run.filesFailed}, skipped ${run.filesSkipped}, `
  + `emitted ${fmt(run.recordsEmitted ?? 0)}, accepted ${fmt(run.accepted ?? 0)}, rejected ${fmt(run.rejected ?? 0)}, durationMillis ${run.durationMillis ?? '-'}
stores file          ${STORES_BLOB}: ${stores ? `${stores.status}, records ${fmt(stores.records ?? 0)}, accepted ${fmt(stores.accepted ?? 0)}` : 'not in the run'}`);
for (const b of hostile) {
  const d = detail(b);
  console.log(`hostile file         ${b}: ${d ? `${d.status}, records ${d.records ?? 0}, error: ${d.error ?? '-'}` : 'not in the run'}`);
}
console.log(`peak memory (RSS)    service ${peak.service.toFixed(0)} MB (-Xmx512m), ODP stand-in ${peak['odp-stand-in'].toFixed(0)} MB, Azurite ${peak.azurite.toFixed(0)} MB
elapsed              upload ${uploadSecs}s, run ${runSecs}s (trigger to end), total ${secs()}s`);
console.log(`service log (${path.relative(ROOT, SERVICE_LOG)}, this loop's blobs and restarts):`);
for (const l of importerLines()) console.log(`  ${l}`);
if (stats.foreignObjects || stats.strangeIds) console.log(`(also ${stats.foreignObjects} objects of other imports and ${stats.strangeIds} unexpected ids with this tag)`);
console.log(problems.length ? `RESULT: FAILED: ${problems.join('; ')}` : 'RESULT: OK (nothing missing)');

if (!opts.keepBlobs) {
  for (const b of [STORES_BLOB, ...hostile]) await container.getBlockBlobClient(b).deleteIfExists().catch(() => {});
  say(`deleted the blobs under ${PREFIX} (--keep-blobs keeps them)`);
}
process.exit(problems.length ? 1 : 0);
