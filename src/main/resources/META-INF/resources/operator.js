// The operator page: reads the service's REST API (the same one curl uses) every 2 s and renders it with DOM calls
// only (textContent, never innerHTML: blob names, messages and tracker ids come from outside).
// Credentials: HTTP Basic, entered in the page's sign-in dialog, kept in this tab's sessionStorage and sent as an
// Authorization header. Requests use credentials: 'omit', so a 401 never opens the browser's own login prompt.
'use strict';

const RUNS = 'jobs/offline_store_import/runs';
const AUTH_KEY = 'odp-blob-importer.authorization';
const POLL_MS = 2000;
const READ_TIMEOUT_MS = 20_000;
const $ = (id) => document.getElementById(id);

const state = {
  auth: sessionStorage.getItem(AUTH_KEY),
  me: { user: null, canOperate: false },
  selected: new URLSearchParams(location.hash.slice(1)).get('run'),
  needsSignIn: false,
};

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, { method = 'GET', auth = state.auth, json } = {}) {
  const headers = { Accept: 'application/json' };
  if (auth) headers.Authorization = auth;
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    // a read that never answers would stop the page's polling (one refresh at a time): reads give up after
    // READ_TIMEOUT_MS; writes do not, as their effect would then be unknown
    response = await fetch(path, { method, headers, credentials: 'omit', cache: 'no-store',
      body: json === undefined ? undefined : JSON.stringify(json),
      signal: method === 'GET' ? AbortSignal.timeout(READ_TIMEOUT_MS) : undefined });
  } catch (e) {
    if (e.name === 'TimeoutError') {
      throw new HttpError(0, 'The service did not answer within ' + READ_TIMEOUT_MS / 1000 + ' s');
    }
    throw new HttpError(0, 'The service cannot be reached (' + e.message + ')');
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!response.ok) {
    const message = body && body.error ? body.error
      : response.status === 401 ? 'Sign in to see this (HTTP 401)'
      : response.status === 403 ? 'Your user may not do this (HTTP 403)'
      : 'HTTP ' + response.status;
    const error = new HttpError(response.status, message);
    error.body = body;
    throw error;
  }
  return body;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function badge(text) {
  return el('span', { class: 'badge ' + text }, text);
}

// Every time on the page is the browser's local time with its zone's name (e.g. "CET" or "GMT+1"), so a time read
// aloud or pasted into a ticket says which clock it is on.
function when(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { timeZoneName: 'short' }) : '';
}

function clock(date) {
  return date.toLocaleTimeString(undefined, { timeZoneName: 'short' });
}

function duration(ms) {
  if (ms === null || ms === undefined) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return s + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + (s % 60) + ' s';
  return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
}

// an alert is announced when its text changes: set it only then, not at every poll
function showError(message) {
  const p = $('error');
  if (p.textContent !== (message || '')) p.textContent = message || '';
  p.hidden = !message;
}

// Re-renders a container only when its data changed (a selection or the screen reader's place survives the polls),
// and gives the focus back to the element with the same data-key if the focused one was replaced.
const rendered = new WeakMap();
function renderInto(container, data, render) {
  const signature = JSON.stringify(data);
  if (rendered.get(container) === signature) return;
  rendered.set(container, signature);
  const focused = document.activeElement && container.contains(document.activeElement)
    ? document.activeElement.getAttribute('data-key') : null;
  container.replaceChildren();
  render(container);
  if (focused) {
    const again = [...container.querySelectorAll('[data-key]')].find((e) => e.getAttribute('data-key') === focused);
    if (again) again.focus();
  }
}

// ----- sign-in ---------------------------------------------------------------------------------------------------

async function refreshMe() {
  try {
    state.me = await api('me');
  } catch (e) {
    if (e.status === 401 && state.auth) { // stored credentials no longer valid
      signOut();
      return;
    }
    throw e;
  }
  $('whoami').textContent = state.me.user
    ? 'Signed in as ' + state.me.user + ' (' + (state.me.roles.join(', ') || 'no role') + ')'
    : 'Not signed in';
  $('sign-in-open').hidden = !!state.me.user;
  $('sign-out').hidden = !state.me.user;
  $('trigger').disabled = !state.me.canOperate;
  $('trigger-note').textContent = state.me.canOperate ? ''
    : state.me.user ? 'Your user is a viewer: triggering needs the operator role.'
      : 'Sign in as an operator to trigger a run.';
  $('trigger-note').hidden = state.me.canOperate;
}

function openSignIn(reason) {
  $('sign-in-error').hidden = !reason;
  $('sign-in-error').textContent = reason || '';
  $('sign-in').showModal();
  $('user').focus();
}

async function signIn(event) {
  event.preventDefault();
  const user = $('user').value.trim();
  const password = $('password').value;
  if (!user || !password) {
    $('sign-in-error').textContent = 'Enter a user name and a password.';
    $('sign-in-error').hidden = false;
    return;
  }
  const auth = 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + password)));
  try {
    const me = await api('me', { auth });
    if (!me.user) throw new HttpError(401, 'Not accepted');
    state.auth = auth;
    sessionStorage.setItem(AUTH_KEY, auth);
    $('password').value = '';
    $('sign-in').close();
    state.needsSignIn = false;
    await refreshMe();
    refresh();
  } catch (e) {
    $('sign-in-error').textContent = e.status === 401 ? 'Wrong user name or password.' : e.message;
    $('sign-in-error').hidden = false;
  }
}

function signOut() {
  state.auth = null;
  state.me = { user: null, canOperate: false, roles: [] };
  sessionStorage.removeItem(AUTH_KEY);
  $('whoami').textContent = 'Not signed in';
  $('sign-in-open').hidden = false;
  $('sign-out').hidden = true;
  $('trigger').disabled = true;
  $('trigger-note').hidden = false;
  $('trigger-note').textContent = 'Sign in as an operator to trigger a run.';
}

// ----- confirmation ------------------------------------------------------------------------------------------------

function confirmAction(text) {
  return new Promise((resolve) => {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.showModal();
  });
}

// ----- trigger and cancel ----------------------------------------------------------------------------------------

async function trigger(event) {
  event.preventDefault();
  const result = $('trigger-result');
  if (!state.me.canOperate) {
    openSignIn('Triggering needs an operator.');
    return;
  }
  const trackerId = $('tracker-id').value.trim();
  const prefix = $('prefix').value.trim();
  const force = $('force').checked;
  const dryRun = $('dry-run').checked;
  // a dry run reads what the run would import and sends, records and moves nothing (docs/operations.md, "Dry run")
  const ok = await confirmAction((dryRun ? 'Start a dry run of ' : 'Trigger a run of ')
    + (prefix ? 'the blobs under "' + prefix + '"' : 'all blobs')
    + (trackerId ? ' with tracker id "' + trackerId + '"' : '')
    + (force ? (dryRun ? ', blob versions already imported included' : ', importing again blob versions already imported') : '')
    + (dryRun ? '? Nothing will be sent to ODP, recorded in the ledger, moved or tagged.' : '?'));
  if (!ok) {
    result.textContent = 'Not triggered.';
    return;
  }
  const query = new URLSearchParams();
  if (trackerId) query.set('trackerId', trackerId);
  if (prefix) query.set('prefix', prefix);
  if (force) query.set('force', 'true');
  if (dryRun) query.set('dryRun', 'true');
  try {
    const answer = await api(RUNS + '?' + query, { method: 'POST' });
    result.textContent = (answer.dryRun ? 'Dry run ' : 'Run ') + answer.runId + ' started.';
    select(answer.runId);
  } catch (e) {
    result.textContent = e.status === 429 && e.body && e.body.error ? 'Not started: ' + e.body.error
      : e.status === 409 && e.body && e.body.runningRunId
      ? 'Not triggered: run ' + e.body.runningRunId + ' is still running.' : 'Not triggered: ' + e.message;
    if (e.status === 401) {
      signOut();
      openSignIn('Your sign-in is no longer accepted: sign in again to trigger.');
    }
  }
}

async function cancelSelected() {
  const id = state.selected;
  if (!id || !(await confirmAction('Cancel run ' + id + '? Discovery stops; files already discovered are still '
    + 'imported.'))) return;
  try {
    const answer = await api(RUNS + '/' + encodeURIComponent(id) + '/cancel', { method: 'POST' });
    $('run-message').textContent = answer.cancellation;
  } catch (e) {
    $('run-message').textContent = 'Not cancelled: ' + e.message;
    if (e.status === 401) openSignIn('Sign in again to cancel.');
  }
  refresh();
}

// ----- rendering -------------------------------------------------------------------------------------------------

// Records done (accepted by ODP or parked) of records to do (emitted, plus those parked before emitting: invalid
// ones). "rejected" counts both kinds of parked records, so while running the bar may stay a little short of
// the end until the run is COMPLETE.
function progressOf(run) {
  const accepted = run.accepted || 0;
  const parked = run.rejected || 0;
  const emitted = run.recordsEmitted || 0;
  const finished = run.status !== 'RUNNING';
  const label = 'Progress of run ' + run.id;
  const figures = accepted + ' accepted of ' + emitted + ' emitted' + (parked ? ', ' + parked + ' parked' : '');
  if (emitted + parked === 0) {
    // nothing read yet: indeterminate while running, full once finished; a dry run emits nothing, its figures are
    // per file in its report
    return finished ? { bar: el('progress', { max: 1, value: 1, 'aria-label': label }),
      text: run.dryRun ? 'nothing sent: see its report' : 'no records' }
      : { bar: el('progress', { 'aria-label': label }), text: 'waiting for records' };
  }
  const total = emitted + parked;
  const done = Math.min(accepted + parked, total);
  // COMPLETE and CANCELLED runs have every emitted record accepted or parked; an ERROR run shows how far it got
  const whole = run.status === 'COMPLETE' || run.status === 'CANCELLED';
  const percent = whole ? 100 : Math.min(finished ? 100 : 99, Math.floor((done * 100) / total));
  return {
    bar: el('progress', { max: total, value: whole ? total : done, 'aria-label': label, 'data-percent': percent }),
    text: figures + ' (' + percent + ' %)',
  };
}

function renderRuns(runs) {
  renderInto($('runs-body'), { runs, selected: state.selected }, (body) => renderRunRows(body, runs));
}

function renderRunRows(body, runs) {
  if (!runs.length) {
    body.append(el('tr', {}, el('td', { colspan: 8 }, 'No runs yet.')));
    return;
  }
  for (const run of runs) {
    const progress = progressOf(run);
    // data-label: the column's name, shown beside the value when a narrow screen stacks the cells
    body.append(el('tr', { class: run.id === state.selected ? 'selected' : null, 'data-run-id': run.id },
      el('td', { 'data-label': 'Run' }, el('button', { type: 'button', class: 'link', onclick: () => select(run.id),
        'aria-label': 'Show run ' + run.id, 'data-key': 'run:' + run.id }, run.id)),
      el('td', { 'data-label': 'Status' }, badge(run.status), failedFilesBadge(run), run.dryRun ? dryRunBadge() : ''),
      el('td', { 'data-label': 'Trigger' }, run.trigger),
      el('td', { 'data-label': 'Tracker id' }, run.trackerId || ''),
      el('td', { 'data-label': 'Started' }, when(run.created)),
      el('td', { 'data-label': 'Duration' }, duration(run.durationMillis)),
      el('td', { 'data-label': 'Progress', class: 'progress' }, progress.bar,
        el('span', { class: 'progress-text' }, progress.text)),
      el('td', { 'data-label': 'Rate' }, run.recordsPerSecond !== undefined && run.recordsPerSecond !== null
        ? Math.round(run.recordsPerSecond) + ' records/s' : '')));
  }
}

// a run that ended with failed files is not all green: COMPLETE says the run ended, this says what did not make it
// (docs/operations.md, "Runs")
function failedFilesBadge(run) {
  return run.filesFailed > 0 ? el('span', { class: 'badge FAILED files-failed' }, run.filesFailed
    + (run.filesFailed === 1 ? ' file failed' : ' files failed')) : '';
}

// a dry run sends nothing: marked in the runs list and the run's summary (docs/operations.md, "Dry run")
function dryRunBadge() {
  return el('span', { class: 'badge dry-run' }, 'dry run');
}

// a dry run's report of one file: records read, would be accepted, problems by kind with examples
function renderReport(report) {
  const problems = el('ul', { class: 'report' });
  for (const p of report.problems || []) {
    const examples = el('ul', {});
    for (const x of p.examples || []) {
      examples.append(el('li', {}, x.position + (x.field ? ' · ' + x.field : '')
        + (x.value !== undefined && x.value !== null ? ' = "' + x.value + '"' : '') + ': ' + x.reason));
    }
    problems.append(el('li', {}, p.kind + ': ' + p.count, examples));
  }
  return el('div', { class: 'dry-run-report' },
    report.read + ' read, ' + report.wouldBeAccepted + ' would be accepted', problems);
}

function renderRun(run, logs) {
  $('run').hidden = false;
  $('run-title').textContent = 'Run ' + run.id;
  $('run-summary').replaceChildren(badge(run.status), failedFilesBadge(run), ' ', run.dryRun ? dryRunBadge() : '',
    run.dryRun ? ' ' : '', run.trigger
    + (run.trackerId ? ' · tracker id ' + run.trackerId : '') + ' · ' + run.files + ' file(s): '
    + run.filesImported + ' imported, ' + run.filesFailed + ' failed, ' + run.filesSkipped + ' skipped · '
    + run.recordsEmitted + ' records emitted, ' + run.accepted + ' accepted, ' + run.rejected + ' rejected'
    + (run.error ? ' · ' + run.error : '') + (run.cancellation ? ' · ' + run.cancellation : '')
    + (run.reimport ? ' · re-import of ' + run.reimport : '') + (run.requestedBy ? ' · asked by ' + run.requestedBy : ''));
  $('cancel-run').hidden = !(state.me.canOperate && run.status === 'RUNNING'
    && (run.dryRun || run.trigger === 'MANUAL' || run.trigger === 'SCHEDULE' || run.trigger === 'CATCH_UP'));
  // files of one Last-Modified second sharing primary keys: one warning per second (docs/architecture.md §5.5)
  const ties = run.ties || [];
  $('run-ties').hidden = !ties.length;
  renderInto($('run-ties'), ties, (list) => ties.forEach((tie) => list.append(el('li', { class: 'WARN' },
    badge('WARN'), ' ', tie.message))));
  renderInto($('files-body'), run.fileDetails || [], (files) => renderFiles(files, run.fileDetails || []));
  if (logs) renderInto($('logs'), logs, (list) => renderLogs(list, logs));
}

function renderFiles(files, details) {
  for (const file of details) {
    files.append(el('tr', {},
      el('td', {}, file.blobName),
      // the format the file was read as: json, jsonl, csv, each with .gz (docs/architecture.md, "Readers")
      el('td', {}, file.format || ''),
      // the rule it was imported with, name@fingerprint; empty for the default rule (docs/architecture.md, "Rules")
      el('td', {}, file.rule || ''),
      // a dry run's file (it has a report) was only read: IMPORTED in the API, "would import" here
      el('td', {}, file.report && file.status === 'IMPORTED'
        ? el('span', { class: 'badge IMPORTED would-import' }, 'would import') : badge(file.status)),
      el('td', {}, file.records),
      el('td', {}, file.accepted),
      el('td', {}, file.rejected),
      el('td', {}, file.error || file.rejection || file.note || '', file.report ? renderReport(file.report) : '')));
  }
  if (!files.children.length) files.append(el('tr', {}, el('td', { colspan: 8 }, 'No files.')));
}

function renderLogs(list, logs) {
  for (const line of logs) {
    list.append(el('li', { class: line.level },
      clock(new Date(line.at)) + ' ' + line.level + ' [' + line.instance + '] ' + line.message));
  }
  if (!logs.length) list.append(el('li', {}, 'No log lines (yet).'));
}

function renderActivity(entries) {
  renderInto($('activity'), entries, (list) => renderEntries(list, entries));
}

function renderEntries(list, entries) {
  for (const entry of entries) {
    list.append(el('li', {},
      badge(entry.level), ' ', el('span', { class: 'title' }, entry.title), ' ',
      el('time', { datetime: entry.at, class: 'hint' }, when(entry.at)),
      el('p', { class: 'summary' }, entry.summary)));
  }
  if (!entries.length) list.append(el('li', {}, 'Nothing yet.'));
}

function renderStatus(status) {
  const sink = status.sink;
  $('sink-state').textContent = sink.state;
  $('sink-state').className = 'badge ' + sink.state;
  $('sink-reason').textContent = sink.reason ? sink.reason + (sink.since ? ' (since ' + when(sink.since) + ')' : '')
    : '';
  renderPacing(sink.pacing);
  $('dead-letters').textContent = status.deadLetters.count === null ? 'unknown (' + status.deadLetters.error + ')'
    : status.deadLetters.count + ' parked';
  const schedule = status.schedule;
  $('next-sweep').textContent = schedule.nextSweep ? when(schedule.nextSweep) : 'none: the scheduled sweep is off';
  if (schedule.nextSweep) $('next-sweep').setAttribute('datetime', schedule.nextSweep);
  else $('next-sweep').removeAttribute('datetime');
  $('schedule').textContent = schedule.nextSweep
    ? '(cron ' + schedule.cron + ' in ' + schedule.timeZone + ')' : '(cron ' + schedule.cron + ')';
  renderSchema(status.schema);
}

/**
 * A plain banner while a target's ODP schema holds the whole sink (docs/operations.md, "Schema"): what is missing,
 * that every target waits, what to do. Absent from an older replica's status.
 */
function renderSchema(schema) {
  const banner = $('schema-banner');
  const waiting = Boolean(schema && schema.paused);
  banner.hidden = !waiting;
  banner.textContent = waiting ? schema.reason + '; nothing is sent or lost meanwhile.' : '';
}

/** The adaptive limit on ODP requests in flight (docs/architecture.md §4.7); absent from an older replica's status. */
function renderPacing(pacing) {
  $('pacing-row').hidden = !pacing;
  if (!pacing) return;
  $('pacing').textContent = pacing.limit + ' requests in flight allowed at ' + pacing.host + ' (max ' + pacing.max
    + ', ' + pacing.inFlight + ' now)';
  const change = pacing.lastChange;
  const reason = change && (change.reason === 'grew' ? 'grew' : change.reason === 'cap' ? 'capped'
    : change.reason === 'timeout' ? 'after a timeout' : 'after a ' + change.reason);
  $('pacing-change').textContent = change
    ? 'last change ' + change.from + ' → ' + change.to + ' ' + reason + ', ' + when(change.at) : '';
}

function select(id) {
  state.selected = id;
  state.logsFor = null;
  $('run-message').textContent = '';
  history.replaceState(null, '', '#run=' + encodeURIComponent(id));
  refresh();
}

// ----- files -------------------------------------------------------------------------------------------------------

// GET /files pages with an opaque continuation (docs/operations.md, "Files"): listed on request, never polled (a
// page of the container listing is a call to Blob Storage). Names go in query parameters, encoded.
const files = { query: null, continuation: null, shown: null };

function filesQuery(continuation) {
  const query = new URLSearchParams({ limit: '100' });
  const status = $('files-status').value;
  const prefix = $('files-prefix').value;
  if (status) query.set('status', status);
  if (prefix) query.set('prefix', prefix);
  if (continuation) query.set('continuation', continuation);
  return query;
}

async function listFiles(event, next = false) {
  if (event) event.preventDefault();
  const body = $('file-list-body');
  const query = next && files.query ? new URLSearchParams(files.query) : filesQuery(null);
  if (next) query.set('continuation', files.continuation);
  else files.query = filesQuery(null).toString();
  $('files-message').textContent = 'Loading…';
  try {
    const page = await api('files?' + query);
    body.replaceChildren();
    for (const file of page.files) body.append(fileRow(file));
    if (!page.files.length) {
      body.append(el('tr', {}, el('td', { colspan: 7 }, page.continuation
        ? 'Nothing on this page matches: the next page may.' : 'No files match.')));
    }
    files.continuation = page.continuation;
    $('files-next').hidden = !page.continuation;
    $('files-message').textContent = page.files.length + ' file(s)' + (page.continuation ? '; more on the next page.' : '.');
  } catch (e) {
    $('files-message').textContent = 'Cannot list the files: ' + e.message;
    if (e.status === 401) openSignIn('Sign in to see the files.');
  }
}

function counts(file) {
  if (file.records === undefined || file.records === null) return '';
  return file.records + (file.accepted !== undefined ? ' (' + file.accepted + ' accepted, ' + file.rejected
    + ' rejected, ' + file.parked + ' parked)' : '');
}

function reasonOrAction(file) {
  const action = file.afterImport;
  const text = action ? action.action + ' ' + action.state + (action.destination ? ' → ' + action.destination : '')
    + (action.error ? ': ' + action.error : '') : '';
  return [file.reason, text].filter(Boolean).join(' · ');
}

function fileRow(file) {
  return el('tr', {},
    el('td', {}, el('button', { type: 'button', class: 'link', onclick: () => showFile(file.blobName),
      'aria-label': 'Show the history of ' + file.blobName }, file.blobName)),
    el('td', {}, badge(file.status)),
    el('td', {}, when(file.lastModified)),
    el('td', {}, file.runId ? el('button', { type: 'button', class: 'link', onclick: () => select(file.runId),
      'aria-label': 'Show run ' + file.runId }, file.runId) : ''),
    el('td', {}, counts(file)),
    el('td', {}, file.rule || ''),
    el('td', {}, reasonOrAction(file)));
}

async function showFile(name) {
  files.shown = name;
  $('file-name').textContent = name;
  $('file-message').textContent = '';
  $('file-reimport').hidden = !state.me.canOperate;
  const versions = $('file-versions-body');
  const parked = $('file-parked-body');
  versions.replaceChildren(el('tr', {}, el('td', { colspan: 7 }, 'Loading…')));
  parked.replaceChildren(el('tr', {}, el('td', { colspan: 6 }, 'Loading…')));
  if (!$('file-dialog').open) $('file-dialog').showModal();
  const query = new URLSearchParams({ name });
  try {
    const history = await api('files/history?' + query);
    versions.replaceChildren();
    for (const v of history.versions) {
      versions.append(el('tr', {},
        el('td', {}, v.etag),
        el('td', {}, badge(v.status)),
        el('td', {}, when(v.lastModified)),
        el('td', {}, when(v.updatedAt)),
        el('td', {}, v.runId || ''),
        el('td', {}, counts(v)),
        el('td', {}, reasonOrAction(v))));
    }
    if (!history.versions.length) {
      versions.append(el('tr', {}, el('td', { colspan: 7 }, 'Neither the ledger nor the container has this blob.')));
    }
  } catch (e) {
    versions.replaceChildren(el('tr', {}, el('td', { colspan: 7 }, 'Cannot show the history: ' + e.message)));
  }
  try {
    const letters = await api('dead-letters?' + new URLSearchParams({ blob: name, limit: '100' }));
    parked.replaceChildren();
    for (const p of letters) {
      parked.append(el('tr', {},
        el('td', {}, when(p.parkedAt)),
        el('td', {}, p.kind),
        el('td', {}, p.runId || ''),
        el('td', {}, p.recordIndex >= 0 ? p.recordIndex : ''),
        el('td', {}, p.line > 0 ? p.line : ''),
        el('td', {}, p.reason)));
    }
    if (!letters.length) parked.append(el('tr', {}, el('td', { colspan: 6 }, 'Nothing of this blob is parked.')));
  } catch (e) {
    parked.replaceChildren(el('tr', {}, el('td', { colspan: 6 }, 'Cannot list them: ' + e.message)));
  }
}

async function reimportShown() {
  const name = files.shown;
  if (!name) return;
  if (!state.me.canOperate) {
    openSignIn('Re-importing needs an operator.');
    return;
  }
  const ok = await confirmAction('Re-import the current version of blob "' + name + '"? Its records are sent to '
    + 'ODP again: for keys it shares with files imported after it, ODP gets this file\u2019s (possibly older) values.');
  if (!ok) {
    $('file-message').textContent = 'Not re-imported.';
    return;
  }
  try {
    const answer = await api('files/reimport', { method: 'POST', json: { name } });
    $('file-message').textContent = 'Run ' + answer.runId + ' re-imports ' + answer.file + '.'
      + (answer.note ? ' ' + answer.note + '.' : '') + ' ' + answer.warning + '.';
    state.selected = answer.runId;
    history.replaceState(null, '', '#run=' + encodeURIComponent(answer.runId));
    refresh();
  } catch (e) {
    $('file-message').textContent = 'Not re-imported: ' + e.message;
    if (e.status === 401) openSignIn('Sign in again to re-import.');
  }
}

// ----- dead letters ---------------------------------------------------------------------------------------------

async function showDeadLetters(event) {
  event.preventDefault();
  const body = $('dead-letters-body');
  body.replaceChildren(el('tr', {}, el('td', { colspan: 8 }, 'Loading…')));
  $('dead-letters-dialog').showModal();
  try {
    const parked = await api('dead-letters?limit=100');
    body.replaceChildren();
    for (const p of parked) {
      body.append(el('tr', {},
        el('td', {}, when(p.parkedAt)),
        el('td', {}, p.kind),
        el('td', {}, p.blobName || ''),
        el('td', {}, p.format || ''),
        el('td', {}, p.recordIndex >= 0 ? p.recordIndex : ''),
        el('td', {}, p.line > 0 ? p.line : ''),
        el('td', {}, p.byteOffset >= 0 ? p.byteOffset : ''),
        el('td', {}, p.reason)));
    }
    if (!parked.length) body.append(el('tr', {}, el('td', { colspan: 8 }, 'Nothing is parked.')));
  } catch (e) {
    body.replaceChildren(el('tr', {}, el('td', { colspan: 8 }, 'Cannot list them: ' + e.message)));
  }
}

// ----- polling ---------------------------------------------------------------------------------------------------

let timer = null;
let running = false;
let again = false;
let polls = 0;

// One refresh at a time; a refresh asked for meanwhile (a click, a sign-in) runs right after it.
async function refresh() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  again = false;
  clearTimeout(timer);
  const authAtStart = state.auth;
  const selectedAtStart = state.selected;
  polls++;
  try {
    const activityLevel = $('activity-level').value;
    const [runs, activity, status] = await Promise.all([
      api(RUNS + '?limit=20'),
      api('activity?limit=20' + (activityLevel ? '&level=' + activityLevel : '')),
      api('status'),
    ]);
    renderRuns(runs);
    renderActivity(activity);
    renderStatus(status);
    if (selectedAtStart) {
      const id = encodeURIComponent(selectedAtStart);
      const level = $('log-level').value;
      const run = await api(RUNS + '/' + id);
      // log lines: when the run or the level changes, every third poll while it runs, once more when it ends
      const key = selectedAtStart + '|' + level + '|' + run.status;
      const logs = state.logsFor !== key || (run.status === 'RUNNING' && polls % 3 === 0)
        ? await api(RUNS + '/' + id + '/logs?limit=200' + (level ? '&level=' + level : '')) : null;
      if (state.selected === selectedAtStart) {
        if (logs) state.logsFor = key;
        renderRun(run, logs);
      }
    }
    const now = new Date();
    $('updated').textContent = clock(now);
    $('updated').setAttribute('datetime', now.toISOString());
    showError(null);
  } catch (e) {
    if (e.status === 401 && state.auth !== authAtStart) {
      // sent before a sign-in that has happened since: the next refresh carries the new credentials
    } else if (e.status === 401) {
      showError('Reading needs a viewer or an operator: sign in.');
      if (state.auth) {
        signOut(); // the stored credentials are refused now (password changed, user removed)
        openSignIn('Your sign-in is no longer accepted: sign in again.');
      } else if (!state.needsSignIn) {
        state.needsSignIn = true;
        openSignIn('Sign in to see the runs.');
      }
    } else if (e.status === 404 && selectedAtStart && state.selected === selectedAtStart) {
      state.selected = null;
      $('run').hidden = true;
      history.replaceState(null, '', '#');
    } else {
      showError(e.message + (e.status === 503 ? ' (retrying every 2 s)' : ''));
    }
  } finally {
    running = false;
    clearTimeout(timer);
    if (again) {
      refresh();
    } else if (!document.hidden) {
      timer = setTimeout(refresh, POLL_MS);
    }
  }
}

// a hidden tab stops polling and catches up when it is shown again
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refresh();
});

document.addEventListener('DOMContentLoaded', async () => {
  $('sign-in-open').addEventListener('click', () => openSignIn(null));
  $('sign-out').addEventListener('click', () => { signOut(); refresh(); });
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-in-cancel').addEventListener('click', () => $('sign-in').close());
  $('trigger-form').addEventListener('submit', trigger);
  $('cancel-run').addEventListener('click', cancelSelected);
  $('log-level').addEventListener('change', refresh);
  $('dead-letters').addEventListener('click', showDeadLetters);
  $('dead-letters-close').addEventListener('click', () => $('dead-letters-dialog').close());
  $('activity-level').addEventListener('change', refresh);
  $('files-form').addEventListener('submit', (e) => listFiles(e));
  $('files-next').addEventListener('click', () => listFiles(null, true));
  $('file-reimport').addEventListener('click', reimportShown);
  $('file-close').addEventListener('click', () => $('file-dialog').close());
  $('trigger').disabled = true;
  try {
    await refreshMe();
  } catch (e) {
    showError(e.message);
  }
  refresh();
});
