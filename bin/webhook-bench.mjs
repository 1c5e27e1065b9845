#!/usr/bin/env node
// Latency benchmark of the Event Grid webhook against the local stack (bin/stack up), started by bin/webhook-bench:
// see there and docs/testing.md ("Webhook latency benchmark"). Not a test, not part of CI.
//
// Per iteration, one at a time: uploads a blob of R stores with unique ids to Azurite, builds the BlobCreated
// delivery Event Grid would send for it (Event Grid schema, as src/test/java/io/odpimporter/testing/EventGrid.java),
// POSTs it to the webhook with the secret, then polls the ODP stand-in's request journal until every id of the
// blob was in a 2xx answer. The arrival time is the stand-in's loggedDate (when WireMock received the request)
// of the request that completed the set: the stand-in runs on this host, so its clock is the benchmark's clock,
// and the poll interval does not count. W warm-up iterations are not counted; then N measured. Prints p50, p95,
// max and mean from the POST and from the upload, the webhook's own answer time, and whether p95 <= linger +
// 500 ms. Exit code 0 whatever the figures (it is a measurement), 2 on a usage or set-up error.
import { BlobServiceClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { servedAccepted } from './lib/odp-answer.mjs';
import { options } from './lib/options.mjs';

const PORT = process.env.PORT || '8080';
const MANAGEMENT_PORT = process.env.MANAGEMENT_PORT || '9000';
const ODP_PORT = process.env.ODP_PORT || '8089';
const AZURITE_PORT = process.env.AZURITE_PORT || '10000';
const CONTAINER = process.env.AZURE_STORAGE_CONTAINER || 'offline-stores';
const SECRET = process.env.WEBHOOK_SECRET || 'local-webhook-secret';
const WEBHOOK_PATH = process.env.IMPORTER_WEBHOOK_PATH || '/events/blob-created';
const ID_FIELD = process.env.IMPORTER_ODP_FIELDS_ID || 'ocp_quickstart_offline_store_id';
const SERVICE = `http://127.0.0.1:${PORT}`;
const ODP = `http://127.0.0.1:${ODP_PORT}`;
const ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CONNECTION_STRING = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${AZURITE_KEY};`
  + `BlobEndpoint=http://127.0.0.1:${AZURITE_PORT}/${ACCOUNT};`;
const TOPIC = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg'
  + `/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}`;

// ---- options ----
const USAGE = `usage: bin/webhook-bench [--iterations N] [--warmup W] [--records R] [--linger MS] [--pause MS]
                       [--timeout S] [--poll MS] [--keep-blobs] [--verbose]
  --iterations N   measured uploads (50; at least 50 for the requirement)
  --warmup W       uploads before, not counted (10)
  --records R      stores per blob (10)
  --linger MS      the service's importer.sink.linger in ms, for the target p95 <= linger + 500 ms
                   (default: IMPORTER_SINK_LINGER if set as <n>ms or <n>s, else 500)
  --pause MS       wait between an iteration's end and the next upload (200)
  --timeout S      give up on an iteration after S seconds (30): a set-up error, exit code 2
  --poll MS        interval between two reads of the stand-in's journal (25)
  --keep-blobs     leave the uploaded blobs in Azurite (deleted at the end by default)
  --verbose        one line per iteration`;
const { opts, fail: usage } = options('webhook-bench', USAGE,
  { iterations: 50, warmup: 10, records: 10, linger: lingerFromEnv(), pause: 200, timeout: 30, poll: 25 },
  ['keep-blobs', 'verbose']);
for (const k of ['iterations', 'warmup', 'records']) opts[k] = Math.floor(opts[k]);
opts.poll = Math.max(1, opts.poll);
if (opts.iterations < 1) usage('--iterations must be >= 1');
if (opts.records < 1 || opts.records > 10_000) usage('--records must be 1..10000');
function lingerFromEnv() {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(process.env.IMPORTER_SINK_LINGER || '');
  return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : 500;
}

const say = (m) => console.log(`[webhook-bench] ${m}`);
const fail = (m) => { console.error(`[webhook-bench] ERROR: ${m}`); process.exit(2); };

async function call(url, init) {
  const r = await fetch(url, init);
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: r.status, json, text };
}

// ---- pre-flight ----
try {
  const r = await call(`http://127.0.0.1:${MANAGEMENT_PORT}/q/health/ready`);
  if (r.status !== 200) fail(`the service is not ready (HTTP ${r.status}): ${r.text.slice(0, 300)}`);
} catch (e) { fail(`the service does not answer on ${SERVICE} (start the stack: bin/stack up): ${e.message}`); }
try { await call(`${ODP}/__admin/mappings?limit=1`); } catch (e) { fail(`the ODP stand-in does not answer on ${ODP}: ${e.message}`); }
{ // no big import running: a sweep's records would share the sink (and its rate) with ours
  const r = await call(`${SERVICE}/jobs/offline_store_import/runs`);
  if (r.status !== 200 || !Array.isArray(r.json)) fail(`GET /jobs/offline_store_import/runs answered HTTP ${r.status}`);
  const busy = r.json.filter(run => run.status === 'RUNNING' && run.trigger !== 'EVENT_GRID');
  if (busy.length) fail(`a run is RUNNING (${busy.map(b => `${b.id} ${b.trigger}`).join(', ')}): wait for it to end`);
}
const webhookUrl = `${SERVICE}${WEBHOOK_PATH}?secret=${encodeURIComponent(SECRET)}`;
{ // the secret: Event Grid's validation handshake must be answered
  const code = randomUUID();
  const r = await call(webhookUrl, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' },
    body: JSON.stringify([{ id: randomUUID(), topic: TOPIC, subject: '', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      eventTime: new Date().toISOString(), dataVersion: '2', metadataVersion: '1', data: { validationCode: code } }]),
  });
  if (r.status === 401) fail(`the webhook refused the secret (401): start the stack with the same WEBHOOK_SECRET `
    + '(bin/stack gives it to the service as IMPORTER_WEBHOOK_SECRETS)');
  if (r.status !== 200 || r.json?.validationResponse !== code) fail(`the validation handshake answered HTTP ${r.status}: ${r.text.slice(0, 300)}`);
}

const container = BlobServiceClient.fromConnectionString(CONNECTION_STRING).getContainerClient(CONTAINER);
await container.createIfNotExists();
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const TAG = `wb-${stamp}-${Math.floor(Math.random() * 1e4)}`;
const PREFIX = `webhook-bench/${TAG}/`;
const uploaded = [];

// ---- one iteration ----
function event(blob, etag, length) {
  return {
    id: randomUUID(),
    topic: TOPIC,
    subject: `/blobServices/default/containers/${CONTAINER}/blobs/${blob.name}`,
    eventType: 'Microsoft.Storage.BlobCreated',
    eventTime: new Date().toISOString(),
    dataVersion: '',
    metadataVersion: '1',
    data: {
      api: 'PutBlob', clientRequestId: randomUUID(), requestId: randomUUID(), eTag: etag,
      contentType: 'application/json', contentLength: length, blobType: 'BlockBlob', url: blob.url,
      sequencer: '00000000000004420000000000028963', storageDiagnostics: { batchId: randomUUID() },
    },
  };
}

async function iteration(n) {
  const idPrefix = `${TAG}-${n}-`;
  const ids = new Set(Array.from({ length: opts.records }, (_, k) => `${idPrefix}${k}`));
  const content = JSON.stringify([...ids].map((id, k) => ({ id, name: `Bench store ${n}.${k}`, location: `Bench street ${k}` })));
  const blob = container.getBlockBlobClient(`${PREFIX}${String(n).padStart(4, '0')}.json`);

  const uploadStart = Date.now();
  const put = await blob.upload(content, Buffer.byteLength(content), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  uploaded.push(blob);
  const body = JSON.stringify([event(blob, put.etag, Buffer.byteLength(content))]);

  const postStart = Date.now();
  const t0 = performance.now();
  const r = await call(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'aeg-event-type': 'Notification' }, body });
  const answerMs = performance.now() - t0;
  if (r.status !== 200 || r.json?.imported !== 1) fail(`iteration ${n}: the webhook answered HTTP ${r.status}: ${r.text.slice(0, 300)}`);

  // poll the journal: remove (and get back) exactly this blob's ODP requests; what is logged meanwhile stays
  const seen = []; // { logged, ids }
  const deadline = Date.now() + opts.timeout * 1000;
  let refused = 0;
  for (;;) {
    const j = await call(`${ODP}/__admin/requests/remove`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ method: 'POST', urlPattern: '/v3/objects/.*', bodyPatterns: [{ contains: idPrefix }] }),
    });
    if (j.status !== 200 || !j.json) fail(`the stand-in's journal answered HTTP ${j.status}`);
    for (const e of j.json.serveEvents || []) {
      if (!servedAccepted(e)) { refused++; continue; } // ODP's contract, not any 2xx (lib/odp-answer.mjs)
      let objects;
      try { objects = JSON.parse(e.request.body); } catch { continue; }
      seen.push({ logged: e.request.loggedDate, ids: (Array.isArray(objects) ? objects : []).map(o => o?.[ID_FIELD]) });
    }
    const seenAt = Date.now();
    // the set is complete at the arrival of the request that completed it (journal order is not arrival order)
    seen.sort((a, b) => a.logged - b.logged);
    const missing = new Set(ids);
    for (const s of seen) {
      for (const id of s.ids) missing.delete(id);
      if (missing.size === 0) {
        return { n, answerMs, fromPost: s.logged - postStart, fromUpload: s.logged - uploadStart,
          seenFromPost: seenAt - postStart, requests: seen.length, refused, runId: r.json.runId };
      }
    }
    if (Date.now() > deadline) fail(`iteration ${n}: ${missing.size} of ${ids.size} records not at the stand-in after ${opts.timeout}s`);
    await sleep(opts.poll);
  }
}

// ---- run ----
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), max: s[s.length - 1], min: s[0], mean: s.reduce((x, y) => x + y, 0) / s.length };
}
const ms = (v) => `${Math.round(v)} ms`.padStart(8);
const row = (label, v) => `${label.padEnd(34)} p50 ${ms(v.p50)}   p95 ${ms(v.p95)}   max ${ms(v.max)}   mean ${ms(v.mean)}   min ${ms(v.min)}`;

say(`tag ${TAG}: ${opts.warmup} warm-up + ${opts.iterations} measured uploads of ${opts.records} stores, sequential, `
  + `pause ${opts.pause} ms; webhook ${SERVICE}${WEBHOOK_PATH}, stand-in ${ODP}`);
const results = [];
const began = Date.now();
try {
  for (let n = 0; n < opts.warmup + opts.iterations; n++) {
    const res = await iteration(n);
    const warm = n < opts.warmup;
    if (!warm) results.push(res);
    if (opts.verbose) {
      say(`${warm ? 'warm-up ' : 'measured'} #${String(n).padStart(3)}: POST->last record ${ms(res.fromPost)}, upload->last record `
        + `${ms(res.fromUpload)}, webhook answered in ${ms(res.answerMs)}, ${res.requests} ODP request(s), seen by the poll at ${ms(res.seenFromPost)}`);
    }
    await sleep(opts.pause);
  }
} finally {
  if (!opts.keepBlobs) {
    for (const b of uploaded) await b.deleteIfExists().catch(() => {});
  }
}

const fromPost = summary(results.map(r => r.fromPost));
const fromUpload = summary(results.map(r => r.fromUpload));
const answer = summary(results.map(r => r.answerMs));
const seenBy = summary(results.map(r => r.seenFromPost));
const target = opts.linger + 500;
const requests = results.reduce((x, r) => x + r.requests, 0);
const refused = results.reduce((x, r) => x + r.refused, 0);
const runs = [...new Set(results.map(r => r.runId))];
console.log(`==== webhook latency benchmark ${TAG} ====`);
console.log(`uploads              ${results.length} measured (after ${opts.warmup} warm-up), ${opts.records} stores each, one at a time`);
console.log(`ODP requests         ${requests} accepted for the measured uploads (${(requests / results.length).toFixed(2)} per upload), ${refused} refused`);
console.log(`EVENT_GRID runs      ${runs.join(', ')}`);
console.log('clock                the stand-in\'s loggedDate of the request that completed the blob\'s ids (same host, same clock)');
console.log(row('POST -> all records at ODP', fromPost));
console.log(row('upload start -> all records at ODP', fromUpload));
console.log(row('webhook answer (200)', answer));
console.log(row('POST -> seen by the poll (client)', seenBy));
console.log(`target               p95 <= linger + 500 ms = ${target} ms (linger ${opts.linger} ms): `
  + `${fromPost.p95 <= target ? 'MET' : 'MISSED'} (p95 ${Math.round(fromPost.p95)} ms from the POST)`);
console.log(`elapsed              ${((Date.now() - began) / 1000).toFixed(1)} s`);
