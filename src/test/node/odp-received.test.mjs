// What bin/odp-received.mjs counts as accepted (ODP's contract, not any 2xx), against a stand-in journal in
// WireMock's format (GET /__admin/requests: newest first; `response` is the answer sent). Runs in the build's test
// phase (node --test src/test/node/), or alone with `npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { isAccepted, servedAccepted } from '../../../bin/lib/odp-answer.mjs';

const SCRIPT = fileURLToPath(new URL('../../../bin/odp-received.mjs', import.meta.url));
const ODP_ACCEPTED = '{"title":"Accepted","status":202,"timestamp":"2026-12-04T13:44:12Z"}';
const HTML = '<!DOCTYPE html><html><body>Sign in to continue</body></html>';

function served(object, ids, status, body, contentType) {
  return {
    request: { method: 'POST', url: `/v3/objects/${object}`,
      body: JSON.stringify(ids.map(id => ({ ocp_quickstart_offline_store_id: id }))) },
    responseDefinition: { status },
    response: { status, headers: { 'Content-Type': contentType }, body },
  };
}

async function received(journal, ...args) {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/__admin/requests' ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(journal));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...args],
      { env: { ...process.env, ODP_PORT: String(server.address().port) } });
    return stdout;
  } finally {
    server.close();
  }
}

test('a 2xx HTML page, a 400 and a 401 are not accepted; only ODP\'s JSON answer is', async () => {
  const journal = { requests: [ // newest first, as WireMock lists them
    served('ocp_quickstart_offline_stores', ['s-4'], 401, '{"title":"Unauthorized","status":401}', 'application/json'),
    served('ocp_quickstart_offline_stores', ['s-3'], 400,
      '{"title":"Bad Request","status":400,"timestamp":"t","detail":{"invalids":[]}}', 'application/json'),
    served('ocp_quickstart_offline_stores', ['s-1', 's-2'], 202, ODP_ACCEPTED, 'application/json'),
    served('ocp_quickstart_offline_stores', ['s-0'], 200, HTML, 'text/html'),
  ] };
  assert.deepEqual(JSON.parse(await received(journal)),
    { requests: 1, objects: 2, perObjectType: { ocp_quickstart_offline_stores: 2 } });
  assert.deepEqual((await received(journal, '--objects')).trim().split('\n').map(l => JSON.parse(l)),
    [{ type: 'ocp_quickstart_offline_stores', ocp_quickstart_offline_store_id: 's-1' },
      { type: 'ocp_quickstart_offline_stores', ocp_quickstart_offline_store_id: 's-2' }]);
});

test('ODP accepts with 202 or 200 and its JSON body {title, status, timestamp} of the same status', () => {
  assert.equal(isAccepted(202, ODP_ACCEPTED), true);
  assert.equal(isAccepted(200, '{"title":"OK","status":200,"timestamp":"2026-12-04T13:44:12Z"}'), true);
  assert.equal(isAccepted(200, HTML), false, 'a 2xx HTML page');
  assert.equal(isAccepted(204, ''), false, 'a 2xx without a body');
  assert.equal(isAccepted(200, ODP_ACCEPTED), false, 'a body whose status is not the answer\'s');
  assert.equal(isAccepted(202, '{"status":202}'), false, 'a body without title and timestamp');
  assert.equal(isAccepted(202, '[]'), false, 'a JSON array');
  assert.equal(isAccepted(400, '{"title":"Bad Request","status":400,"timestamp":"t"}'), false, 'a 4xx');
  assert.equal(isAccepted(503, ''), false, 'a 5xx');
});

test('the answer sent is read from the journal\'s response, also when WireMock gives it in base64 only', () => {
  const event = served('o', ['x'], 202, undefined, 'application/json');
  event.response.bodyAsBase64 = Buffer.from(ODP_ACCEPTED).toString('base64');
  assert.equal(servedAccepted(event), true);
  // a stub's definition saying 202 does not count when the answer sent was not ODP's
  assert.equal(servedAccepted(served('o', ['x'], 202, HTML, 'text/html')), false);
  assert.equal(servedAccepted({ request: {}, responseDefinition: { status: 202 } }), false, 'no answer sent');
});

test('accepted events are counted beside the objects and listed with --events; refused ones are not', async () => {
  const event = (id) => ({ type: 'order', action: 'purchase', identifiers: { email: id + '@example.com' },
    data: { idempotence_id: 'id-' + id } });
  const sent = (ids, status, body) => ({
    request: { method: 'POST', url: '/v3/events', body: JSON.stringify(ids.map(event)) },
    responseDefinition: { status },
    response: { status, headers: { 'Content-Type': 'application/json' }, body },
  });
  const journal = { requests: [ // newest first
    sent(['c'], 400, '{"title":"Bad Request","status":400,"timestamp":"t","detail":{"invalids":[]}}'),
    sent(['a', 'b'], 202, ODP_ACCEPTED),
    served('ocp_quickstart_offline_stores', ['s-1'], 202, ODP_ACCEPTED, 'application/json'),
  ] };
  assert.deepEqual(JSON.parse(await received(journal)),
    { requests: 1, objects: 1, perObjectType: { ocp_quickstart_offline_stores: 1 }, events: 2 });
  assert.deepEqual((await received(journal, '--events')).trim().split('\n').map(l => JSON.parse(l)),
    [event('a'), event('b')]);
});
