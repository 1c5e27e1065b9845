// Command-line options for the bin/*.mjs tools, on Node's own parser (node:util parseArgs).
import { parseArgs } from 'node:util';

/**
 * Parses process.argv: `numbers` maps option names to defaults (values must be numbers >= 0), `flags` lists
 * boolean options. --help prints `usage` and exits 0; a bad option or value prints it and exits 2.
 * @returns {object} the options, camelCased (--min-interval -> minInterval)
 */
export function options(tool, usage, numbers, flags = []) {
  const fail = (message) => { console.error(`${tool}: ${message}\n${usage}`); process.exit(2); };
  const spec = { help: { type: 'boolean', short: 'h' } };
  for (const name of Object.keys(numbers)) spec[name] = { type: 'string' };
  for (const name of flags) spec[name] = { type: 'boolean' };
  let values;
  try {
    ({ values } = parseArgs({ options: spec, strict: true, allowPositionals: false }));
  } catch (e) {
    fail(e.message);
  }
  if (values.help) { console.log(usage); process.exit(0); }
  const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  const opts = {};
  for (const [name, fallback] of Object.entries(numbers)) {
    const raw = values[name];
    const v = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(v) || v < 0) fail(`--${name} needs a number >= 0`);
    opts[camel(name)] = v;
  }
  for (const name of flags) opts[camel(name)] = values[name] === true;
  return { opts, fail };
}
