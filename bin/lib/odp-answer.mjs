// What the ODP stand-in accepted, by ODP's contract (docs/architecture.md §10.1, as the stand-in's
// mapping 05-objects-accepted.json answers): an upsert is accepted when ODP answered 202 (or 200, which the SDK's
// V3SuccessResponse also allows) with a JSON body {title, status, timestamp} whose status is the HTTP status.
// Any other answer, a 2xx HTML page among them, is not an acceptance (the service retries such a batch).

/**
 * @param {number} status the HTTP status ODP answered
 * @param {string|undefined} body the answer's body
 * @returns {boolean} whether the answer accepts the request's objects
 */
export function isAccepted(status, body) {
  if (status !== 200 && status !== 202) return false;
  let json;
  try { json = JSON.parse(body ?? ''); } catch { return false; }
  return json !== null && typeof json === 'object' && !Array.isArray(json) && json.status === status
    && typeof json.title === 'string' && typeof json.timestamp === 'string';
}

/**
 * @param {object} event a serve event of WireMock's request journal (GET /__admin/requests,
 *                       POST /__admin/requests/remove): the answer actually sent is its `response`
 * @returns {boolean} whether the stand-in accepted the request
 */
export function servedAccepted(event) {
  const response = event?.response;
  if (!response) return false;
  const body = response.body ?? (response.bodyAsBase64 ? Buffer.from(response.bodyAsBase64, 'base64').toString('utf8') : '');
  return isAccepted(response.status, body);
}

/** @returns {boolean} whether the serve event is an upsert (POST /v3/objects/{object}) */
export function isUpsert(event) {
  return event?.request?.method === 'POST' && typeof event.request.url === 'string'
    && event.request.url.startsWith('/v3/objects/');
}

/** @returns {boolean} whether the serve event is a send of events (POST /v3/events) */
export function isEvents(event) {
  return event?.request?.method === 'POST' && typeof event.request.url === 'string'
    && event.request.url.split('?')[0] === '/v3/events';
}
