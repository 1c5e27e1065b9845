#!/usr/bin/env node
// Counts what the local ODP stand-in (WireMock) accepted: objects of POST /v3/objects/{object} requests it answered
// as ODP accepts (202 or 200 with ODP's JSON body {title, status, timestamp}: bin/lib/odp-answer.mjs); a 2xx that
// is not ODP's answer (an HTML page) or an error is not counted.
//   node bin/odp-received.mjs           totals per object type
//   node bin/odp-received.mjs --objects the objects themselves, oldest first (JSON lines)
//   node bin/odp-received.mjs --stores-of <file>   how many of the file's stores (by id) ODP received
//   node bin/odp-received.mjs --events  the events of POST /v3/events requests it accepted, oldest first (JSON lines)
// The totals count events too ("events") once any were accepted.
import { isEvents, isUpsert, servedAccepted } from './lib/odp-answer.mjs';

const port = process.env.ODP_PORT || '8089';
const response = await fetch(`http://127.0.0.1:${port}/__admin/requests`).catch(e => {
  console.error(`The ODP stand-in does not answer on port ${port}: ${e.message}`);
  process.exit(1);
});
const journal = await response.json();
const accepted = journal.requests.filter(r => isUpsert(r) && servedAccepted(r)).reverse();
const objects = [];
const perType = {};
for (const r of accepted) {
  const type = r.request.url.substring('/v3/objects/'.length);
  const body = JSON.parse(r.request.body);
  perType[type] = (perType[type] || 0) + body.length;
  body.forEach(o => objects.push({ type, ...o }));
}
const events = journal.requests.filter(r => isEvents(r) && servedAccepted(r)).reverse()
  .flatMap(r => JSON.parse(r.request.body));
const storesOf = process.argv.indexOf('--stores-of');
if (storesOf > 0) {
  const { readFileSync } = await import('node:fs');
  const ids = new Set(JSON.parse(readFileSync(process.argv[storesOf + 1], 'utf8')).map(s => s.id));
  const received = new Set(objects.flatMap(o => Object.values(o)).filter(v => ids.has(v)));
  console.log(JSON.stringify({ stores: ids.size, received: received.size, objects: objects.length }));
} else if (process.argv.includes('--objects')) {
  objects.forEach(o => console.log(JSON.stringify(o)));
} else if (process.argv.includes('--events')) {
  events.forEach(e => console.log(JSON.stringify(e)));
} else {
  const totals = { requests: accepted.length, objects: objects.length, perObjectType: perType };
  if (events.length) totals.events = events.length;
  console.log(JSON.stringify(totals));
}
