#!/usr/bin/env node
// Drives the local stack (bin/stack up, started with IMPORTER_SWEEP_CRON='0 */3 * * * ?' so a scheduled sweep
// happens too) through the cases the contract fixtures need, with what a user has: blob uploads, the REST API
// (trigger, cancel, dead-letter replay), the Event Grid webhook, the ODP stand-in's admin API (a stub answering 400
// for records named REFUSE, as OdpRejectionIT's validation does, and a 401 for a while), and one raw value no
// replica can read (bin/capture-topics put, as kafka-console-producer would). Then dump the topics with
// bin/capture-topics and choose fixtures with tools/contract/select-fixtures.mjs. See
// src/test/resources/contract/README.md.
import { BlobServiceClient } from '@azure/storage-blob';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CONTAINER = 'offline-stores';
const ACCOUNT = 'devstoreaccount1';
const CONN = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${AZURITE_KEY};`
  + 'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;';
const SERVICE = 'http://localhost:8080';
const ODP = 'http://127.0.0.1:8089';
const AUTH = 'Basic ' + Buffer.from('operator:local-operator-password').toString('base64');
const TOPIC = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}`;
const STAMP = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
const ROOT = new URL('../..', import.meta.url).pathname;

const service = BlobServiceClient.fromConnectionString(CONN);
let container = service.getContainerClient(CONTAINER);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(`[drive ${new Date().toISOString()}]`, ...a);

const stores = (tag, n, from = 0) => Array.from({ length: n }, (_, k) => ({
  id: `${tag}-${from + k}`, name: `Store ${from + k}`, location: `Street ${from + k}` }));

async function upload(name, content) {
  await container.createIfNotExists();
  const blob = container.getBlockBlobClient(name);
  const r = await blob.upload(content, Buffer.byteLength(content), { blobHTTPHeaders: { blobContentType: 'application/json' } });
  return { name, url: blob.url, etag: r.etag, lastModified: r.lastModified, length: Buffer.byteLength(content) };
}

async function call(method, path, body) {
  const r = await fetch(SERVICE + path, { method, headers: { Authorization: AUTH, 'Content-Type': 'application/json' }, body });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: r.status, json };
}

async function trigger(query) {
  for (let i = 0; i < 120; i++) {
    const r = await call('POST', `/jobs/offline_store_import/runs?${query}`);
    if (r.status === 202) { log('triggered', query, '->', r.json.runId); return r.json.runId; }
    if (r.status !== 409) throw new Error(`trigger ${query}: ${r.status} ${JSON.stringify(r.json)}`);
    await sleep(1000);
  }
  throw new Error('a sweep kept running');
}

async function run(id) { return (await call('GET', `/jobs/offline_store_import/runs/${id}`)).json; }

async function finished(id, seconds = 300) {
  for (let i = 0; i < seconds; i++) {
    const r = await run(id);
    if (r.status && r.status !== 'RUNNING') {
      log('run', id, r.status, `files=${r.files} imported=${r.filesImported} failed=${r.filesFailed} skipped=${r.filesSkipped}`,
        `emitted=${r.recordsEmitted} accepted=${r.accepted} rejected=${r.rejected}`);
      return r;
    }
    await sleep(1000);
  }
  throw new Error(`run ${id} did not finish`);
}

function blobCreated(b, etag = b.etag) {
  return {
    id: randomUUID(), topic: TOPIC,
    subject: `/blobServices/default/containers/${CONTAINER}/blobs/${b.name}`,
    eventType: 'Microsoft.Storage.BlobCreated', eventTime: new Date().toISOString(), dataVersion: '', metadataVersion: '1',
    data: {
      api: 'PutBlob', clientRequestId: randomUUID(), requestId: randomUUID(), eTag: etag,
      contentType: 'application/json', contentLength: b.length, blobType: 'BlockBlob', url: b.url,
      sequencer: '00000000000004420000000000028963', storageDiagnostics: { batchId: randomUUID() },
    },
  };
}

async function webhook(events) {
  const r = await fetch(`${SERVICE}/events/blob-created?secret=local-webhook-secret`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(events) });
  log('webhook', events.length, 'event(s) ->', r.status, await r.text());
}

async function odpStub(mapping) {
  const r = await fetch(`${ODP}/__admin/mappings`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(mapping) });
  const j = await r.json();
  log('ODP stand-in stub', j.id, mapping.response.status);
  return j.id;
}

async function odpUnstub(id) {
  await fetch(`${ODP}/__admin/mappings/${id}`, { method: 'DELETE' });
  log('ODP stand-in stub removed', id);
}

const T = `contract-${STAMP}`;
const cases = process.argv.slice(2);
const want = (c) => cases.length === 0 || cases.includes(c);

// 1. a plain manual sweep without trackerId nor force, and one with both (MANUAL, STARTED variants, IMPORTED)
if (want('manual')) {
  await upload(`${T}/ok/a.json`, JSON.stringify(stores(`${T}-ok`, 3)));
  await upload(`${T}/ok/b.json`, JSON.stringify(stores(`${T}-ok`, 2, 3)));
  await finished(await trigger(`prefix=${T}/ok/`));
  // the same versions again, forced, with a tracker id: imported again
  await finished(await trigger(`prefix=${T}/ok/&force=true&trackerId=contract-forced`));
}

// 1b. records with optional fields left out: only an id; an empty name and a blank location (left out, as trimmed)
if (want('sparse')) {
  await upload(`${T}/sparse/a.json`, JSON.stringify([{ id: `${T}-sparse-0` }, { id: ` ${T}-sparse-1 `, name: '', location: '   ' },
    { id: `${T}-sparse-2`, name: null, location: 'Somewhere' }]));
  await finished(await trigger(`prefix=${T}/sparse/`));
}

// 2. a big file (progress marks) followed by one that is deleted before it is read (FILE_DONE SKIPPED)
if (want('big')) {
  const big = JSON.stringify(stores(`${T}-big`, 120000));
  await upload(`${T}/big/0-big.json`, big);
  await sleep(1100);
  await upload(`${T}/big/1-gone.json`, JSON.stringify(stores(`${T}-gone`, 2)));
  const id = await trigger(`prefix=${T}/big/&trackerId=contract-big`);
  for (let i = 0; i < 100 && (await run(id)).files < 2; i++) await sleep(200);
  await container.getBlockBlobClient(`${T}/big/1-gone.json`).delete();
  log('deleted', `${T}/big/1-gone.json`);
  await finished(id);
}

// 2b. progress marks counting a parked record and a repeated primary key
if (want('marks')) {
  const many = stores(`${T}-marks`, 30000);
  delete many[5].id;
  many[10].id = many[9].id;
  await upload(`${T}/marks/many.json`, JSON.stringify(many));
  await finished(await trigger(`prefix=${T}/marks/&trackerId=contract-marks`));
}

// 3. bad files: an invalid record, JSON broken mid-file, a record ODP refuses (400); then replay what was parked
if (want('bad')) {
  const stub = await odpStub({
    priority: 1,
    request: { method: 'POST', urlPathPattern: '/v3/objects/.*', bodyPatterns: [{ contains: 'REFUSE' }] },
    response: { status: 400, headers: { 'Content-Type': 'application/json' },
      jsonBody: { title: 'Bad Request', status: 400, timestamp: '2026-12-04T00:00:00Z',
        detail: { invalids: [{ field: 'offline_store_name', reason: 'REFUSE is not allowed' }] } } },
  });
  const invalid = stores(`${T}-inv`, 4);
  delete invalid[1].id; // no id: INVALID_RECORD
  invalid[2].name = 42; // not a string: INVALID_RECORD
  await upload(`${T}/bad/invalid.json`, JSON.stringify(invalid));
  const good = JSON.stringify(stores(`${T}-broken`, 3));
  await upload(`${T}/bad/malformed.json`, good.slice(0, good.lastIndexOf('{')) + '{"id": "x", "name": }]');
  const refused = stores(`${T}-ref`, 5);
  refused[3].name = 'REFUSE';
  await upload(`${T}/bad/refused.json`, JSON.stringify(refused));
  const bad = await finished(await trigger(`prefix=${T}/bad/&trackerId=contract-bad`));
  await odpUnstub(stub);
  const replay = await call('POST', `/dead-letters/replay?runId=${bad.id}`);
  log('replay ->', replay.status, JSON.stringify(replay.json));
  if (replay.json.runId) await finished(replay.json.runId);
}

// 4. a cancelled sweep: many small files, cancel once discovery is under way
if (want('cancel')) {
  for (let i = 0; i < 60; i++) await upload(`${T}/cancel/${String(i).padStart(4, '0')}.json`, JSON.stringify(stores(`${T}-c${i}`, 1)));
  const id = await trigger(`prefix=${T}/cancel/&trackerId=contract-cancel`);
  for (let i = 0; i < 300 && (await run(id)).files < 1; i++) await sleep(20);
  const c = await call('POST', `/jobs/offline_store_import/runs/${id}/cancel`);
  log('cancel ->', c.status, JSON.stringify(c.json));
  await finished(id);
}

// 5. two files of one Last-Modified second sharing a primary key (TIE)
if (want('tie')) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const p = `${T}/tie${attempt}`;
    const a = await upload(`${p}/a.json`, JSON.stringify([...stores(`${T}-tie`, 2), ...stores(`${T}-tieA`, 1)]));
    const b = await upload(`${p}/b.json`, JSON.stringify([...stores(`${T}-tie`, 1), ...stores(`${T}-tieB`, 1)]));
    if (a.lastModified.getTime() === b.lastModified.getTime()) {
      await finished(await trigger(`prefix=${p}/`));
      break;
    }
    log('uploads straddled a second: again');
  }
}

// 6. the webhook: two new blobs (EVENT_GRID run, uploaded-at header) and an event naming a version that is gone
if (want('webhook')) {
  const a = await upload(`${T}/eg/a.json`, JSON.stringify(stores(`${T}-eg`, 3)));
  const b = await upload(`${T}/eg/b.json`, JSON.stringify(stores(`${T}-eg`, 2, 3)));
  await webhook([blobCreated(a), blobCreated(b)]);
  await webhook([blobCreated({ ...a, name: `${T}/eg/old.json`, url: a.url.replace('/a.json', '/old.json') }, '"0x8DD00000OLDETAG"')]);
}

// 7. a sweep of a container that does not exist (SWEEP_FINISHED with an error, COMPLETED ERROR)
if (want('nocontainer')) {
  // move every blob aside? No: delete the container and create it again afterwards (a user with Storage Explorer)
  await container.delete();
  log('deleted container', CONTAINER);
  await sleep(2000);
  try {
    await finished(await trigger(`prefix=${T}/none/&trackerId=contract-error`));
  } finally {
    for (let i = 0; i < 60; i++) {
      try { await container.create(); break; } catch (e) { if (e.statusCode !== 409) throw e; await sleep(1000); }
    }
    log('created container', CONTAINER, 'again');
  }
}

// 8. ODP refuses the key for a while (activity: configuration ERROR, then INFO when it accepts again)
if (want('keyrefused')) {
  const stub = await odpStub({
    priority: 1,
    request: { method: 'POST', urlPathPattern: '/v3/objects/.*' },
    response: { status: 401, headers: { 'Content-Type': 'application/json' },
      jsonBody: { title: 'Unauthorized', status: 401, detail: 'Invalid API key' } },
  });
  await upload(`${T}/key/a.json`, JSON.stringify(stores(`${T}-key`, 2)));
  const id = await trigger(`prefix=${T}/key/`);
  await sleep(15000);
  await odpUnstub(stub);
  await finished(id);
}

// 9. values no replica can read, on the files and stores topics (UNREADABLE_EVENT)
if (want('unreadable')) {
  const put = (topic, key, value) => execFileSync(`${ROOT}bin/capture-topics`, ['put', topic, key, value], { stdio: 'inherit' });
  put('odp-importer.files', `${T}/unreadable.json`, 'this is not JSON');
  put('odp-importer.stores', `${T}-unreadable`, '{"schemaVersion":1,"objectType":');
  await sleep(10000);
}
// 10. a sweep whose service is killed (kill -9, as bin/kill-loop does) mid-discovery and restarted: the restarted
// service judges it interrupted (SWEEP_FINISHED INTERRUPTED) and a CATCH_UP run continues it. Start the stack with a
// short lease so this takes seconds, not minutes: IMPORTER_SWEEP_LOCK_LEASE=6s IMPORTER_SWEEP_LOCK_HEARTBEAT=1s
// IMPORTER_SWEEP_LOCK_EXPIRY_MARGIN=1s bin/stack up (the restart inherits them: run this script with them set too)
if (want('interrupted')) {
  const blobs = 400;
  for (let i = 0; i < blobs; i += 40) {
    await Promise.all(Array.from({ length: 40 }, (_, k) => upload(`${T}/interrupted/${String(i + k).padStart(4, '0')}.json`,
      JSON.stringify(stores(`${T}-int${i + k}`, 1)))));
  }
  const id = await trigger(`prefix=${T}/interrupted/&trackerId=contract-interrupted`);
  for (let i = 0; i < 3000 && (await run(id)).files < blobs / 5; i++) await sleep(5);
  const pid = execFileSync('cat', [`${ROOT}.local/pids/service.pid`]).toString().trim();
  execFileSync('kill', ['-9', pid]);
  log('killed the service, pid', pid);
  execFileSync(`${ROOT}bin/stack`, ['restart-service'], { stdio: 'inherit' });
  await finished(id, 600);
  await finished(`${id}-catchup1`, 600);
}
log('done');
