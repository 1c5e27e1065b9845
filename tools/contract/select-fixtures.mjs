#!/usr/bin/env node
// Chooses the contract fixtures (src/test/resources/contract/<topic>.jsonl) from topic dumps written by
// bin/capture-topics or the crash suite (target/crash-suite/topics): per topic, every record gets a "case" signature
// (its kind and enum values, which optional fields are null or absent, which headers it has, the trigger of its run)
// and the first records of each signature are kept, with the signature as the note. Values are copied as they are in
// the dump (the bytes on the topic as a string), never re-serialised.
//
//   node tools/contract/select-fixtures.mjs <out-dir> stack=<dump-dir> [crash-suite=<dump-dir> ...]
//
// A later source adds only signatures the earlier ones lack. Topic names are reduced to their last dot-separated
// part (the crash suite prefixes its topics with the scenario), and written as odp-importer.<part>.jsonl.
import { createReadStream, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const [out, ...sources] = process.argv.slice(2);
if (!out || sources.length === 0) {
  console.error('usage: select-fixtures.mjs <out-dir> stack=<dump-dir> [crash-suite=<dump-dir> ...]');
  process.exit(2);
}
const PER_CASE = { stores: 1, progress: 1, 'run-logs': 1, runs: 2, files: 2, ledger: 2, locks: 2, 'dead-letter': 2, activity: 2 };
const TOPICS = Object.keys(PER_CASE);

const base = (topic) => topic.slice(topic.lastIndexOf('.') + 1);
const set = (v) => (v === null ? 'null' : v === undefined ? 'absent' : 'set');

// the case a blob name belongs to, by the folder tools/contract/drive-stack.mjs (or the crash suite) put it in
const SCENARIOS = [
  [/^sample\//, 'bin/stack up sample import'],
  [/^contract-sched\//, 'scheduled sweep (cron)'],
  [/\/ok\//, 'small files'],
  [/\/sparse\//, 'records with optional fields left out'],
  [/\/big\/0-big/, 'a 120,000-record file'],
  [/\/big\/1-gone/, 'a blob deleted after discovery'],
  [/\/bad\/invalid/, 'file with invalid records'],
  [/\/bad\/malformed/, 'file with JSON broken mid-file'],
  [/\/bad\/refused/, 'file with a record ODP refuses (400)'],
  [/\/cancel\//, 'cancelled sweep'],
  [/\/tie\d\//, 'two files of one second sharing a key'],
  [/\/eg\/old/, 'Event Grid event naming a version that is gone'],
  [/\/eg\//, 'Event Grid webhook upload'],
  [/\/key\//, 'ODP refusing the API key for a while'],
  [/\/marks\//, 'a 30,000-record file with an invalid record and a repeated id'],
  [/unreadable/, 'a value no replica can read'],
  [/\/interrupted\//, 'a sweep whose service was killed mid-discovery, continued by a catch-up'],
];
function scenario(text) {
  for (const [re, what] of SCENARIOS) if (text && re.test(text)) return what;
  return null;
}

function parse(value) {
  try { return JSON.parse(value); } catch { return null; }
}

function shape(v) {
  if (!v || typeof v !== 'object') return 'not JSON';
  return Object.keys(v).filter((k) => v[k] === null).sort().map((k) => `${k}=null`).join(' ');
}

// the signature of a record: what distinguishes its kind and spelling
function signature(topic, r, v, triggers) {
  const runTrigger = (id) => (id ? triggers.get(id) || 'unknown-run' : 'no-run');
  const headerNames = Object.keys(r.headers).map((h) => h.replace('odp-importer.', '')).sort().join(',');
  if (r.value === null) return ['tombstone (null value)'];
  switch (topic) {
    case 'files':
      return [`source=${v.source}`, `force=${v.force}`, `versionId=${set(v.versionId)}`, `run=${runTrigger(v.runId)}`, shape(v)];
    case 'stores':
      return [`run=${runTrigger(r.headers['odp-importer.run-id'])}`, `case=${scenario(r.headers['odp-importer.blob'])}`,
        `headers=${headerNames}`,
        `fields=${Object.keys(v.fields || {}).length}`];
    case 'ledger':
      return [`state=${v.state}`, `error=${set(v.error)}`, `run=${runTrigger(v.runId)}`];
    case 'progress':
      return [`rejected${v.rejected > 0 ? '>0' : '=0'}`, `duplicates${v.duplicates > 0 ? '>0' : '=0'}`, shape(v)];
    case 'runs': {
      const s = [`type=${v.type}`];
      if (v.type === 'STARTED') s.push(`trigger=${v.trigger}`, `force=${v.force}`, `trackerId=${set(v.trackerId)}`, `scheduledFor=${set(v.scheduledFor)}`);
      else s.push(`run=${runTrigger(v.runId)}`);
      if (v.status !== null) s.push(`status=${v.status}`);
      if (['FILE_DONE', 'SWEEP_FINISHED', 'COMPLETED', 'ACCEPTED', 'REJECTED'].includes(v.type)) s.push(`error=${set(v.error)}`);
      if (['FILE_DONE'].includes(v.type)) s.push(`indices=${set(v.indices)}`, `duplicates${v.duplicates > 0 ? '>0' : '=0'}`);
      if (v.type === 'REJECTED') s.push(`case=${scenario(v.file && v.file.split('/').slice(1).join('/'))}`);
      if (v.type === 'TIE') s.push(`tie.complete=${v.tie && v.tie.complete}`);
      s.push(shape(v));
      return s;
    }
    case 'locks':
      return [`op=${v.op}`, `owner=${set(v.owner)}`];
    case 'dead-letter':
      return [`kind=${v.kind}`, `run=${runTrigger(v.runId)}`, `value=${set(v.value)}`, `headers=${headerNames}`];
    case 'activity':
      return [`level=${v.level}`, `activity=${v.activity}`, `title=${(v.title || '').split(':')[0]}`,
        `keys=${Object.keys(v).sort().join(',')}`, `details=${Object.keys(v.details || {}).sort().join(',')}`];
    case 'run-logs':
      return [`level=${v.level}`, `logger=${v.logger}`, shape(v), `keys=${Object.keys(v).sort().join(',')}`];
    default:
      return [shape(v)];
  }
}

async function* lines(file) {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line);
  }
}

const chosen = Object.fromEntries(TOPICS.map((t) => [t, new Map()])); // topic -> signature -> [fixture]
const seenBefore = Object.fromEntries(TOPICS.map((t) => [t, new Set()]));
for (const arg of sources) {
  const [source, dir] = arg.split('=');
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
  const triggers = new Map();
  for (const f of files.filter((f) => base(f.replace(/\.jsonl$/, '')) === 'runs')) {
    for await (const r of lines(join(dir, f))) {
      const v = parse(r.value);
      if (v && v.type === 'STARTED') triggers.set(v.runId, v.trigger);
    }
  }
  const newHere = Object.fromEntries(TOPICS.map((t) => [t, new Set()]));
  for (const f of files) {
    const topic = base(f.replace(/\.jsonl$/, ''));
    if (!TOPICS.includes(topic)) continue;
    for await (const r of lines(join(dir, f))) {
      const v = parse(r.value);
      // a value that is not JSON was not written by the service (drive-stack.mjs injects one to provoke an
      // UNREADABLE_EVENT dead letter): no fixture of the service's contract
      if (r.value !== null && !v) continue;
      const sig = signature(topic, r, v, triggers).filter((x) => x !== '').join('; ');
      if (seenBefore[topic].has(sig)) continue;
      newHere[topic].add(sig);
      const list = chosen[topic].get(sig) || [];
      if (list.length >= PER_CASE[topic]) continue;
      const blob = v && (v.blobName || (v.file && v.file.split('/').slice(1).join('/')) || (v.details && v.details.blob))
        || r.headers['odp-importer.blob'] || r.key;
      const where = scenario(blob);
      list.push({
        key: r.key, headers: r.headers, value: r.value, source,
        note: `${sig}${where && !sig.includes(where) ? ` [case: ${where}]` : ''} [${r.topic}-${r.partition}@${r.offset}]`,
      });
      chosen[topic].set(sig, list);
    }
  }
  for (const t of TOPICS) newHere[t].forEach((s) => seenBefore[t].add(s));
}

mkdirSync(out, { recursive: true });
for (const t of TOPICS) {
  const fixtures = [...chosen[t].values()].flat();
  writeFileSync(join(out, `odp-importer.${t}.jsonl`), fixtures.map((x) => JSON.stringify(x)).join('\n') + (fixtures.length ? '\n' : ''));
  console.log(`${t}: ${chosen[t].size} case(s), ${fixtures.length} record(s)`);
}
