// What the two producers share: arguments, the input file, AWS's SDK v3 Kinesis client on HTTP/1.1,
// PutRecords with failed entries retried, and the one-line summary the Java test parses.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** --key value pairs; every key in `required` must be present. */
export function args(required) {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) fail(`bad argument ${argv[i]}`);
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const key of required) if (!(key in out)) fail(`--${key} is required`);
  return out;
}

/** `require` for the packages installed under --modules (ESM imports ignore NODE_PATH). */
export function modules(dir) {
  return createRequire(path.join(path.resolve(dir), 'package.json'));
}

/** The records to send: one JSON object a line, {"key": partition key, "data": base64 bytes}. */
export function readInput(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0).map((line) => {
    const r = JSON.parse(line);
    return { key: r.key, data: Buffer.from(r.data, 'base64') };
  });
}

/** A Kinesis client for a loopback endpoint only (kinesis-local); HTTP/1.1, as it needs. */
export function client(require, endpoint, region) {
  const host = new URL(endpoint).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) fail(`not a loopback endpoint: ${endpoint}`);
  const { KinesisClient } = require('@aws-sdk/client-kinesis');
  const { NodeHttpHandler } = require('@smithy/node-http-handler');
  return new KinesisClient({
    endpoint,
    region,
    // kinesis-local accepts any identity; nothing here is a secret.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(), // the default HTTP/2 handler fails: ERR_HTTP2_ERROR
    maxAttempts: 1, // retries are ours, per entry, and counted
  });
}

/**
 * Puts entries ({PartitionKey, Data}) with PutRecords in batches, retrying the entries that failed
 * (or whole batches whose call failed) with exponential backoff; counts retried and given-up entries.
 */
export async function putAll(require, kinesis, stream, entries, batchSize, maxAttempts) {
  const { PutRecordsCommand } = require('@aws-sdk/client-kinesis');
  const stats = { sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < entries.length; i += batchSize) {
    let pending = entries.slice(i, i + batchSize);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > 1) {
        stats.retried += pending.length;
        await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      }
      try {
        const out = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: pending }));
        pending = pending.filter((_, j) => out.Records[j].ErrorCode);
        stats.sent += out.Records.length - pending.length;
      } catch (e) {
        console.error(`PutRecords attempt ${attempt} of ${pending.length} entries failed: ${e.name}: ${e.message}`);
      }
      if (attempt >= maxAttempts && pending.length > 0) {
        console.error(`giving up on ${pending.length} entries after ${attempt} attempts`);
        stats.failed += pending.length;
        break;
      }
    }
  }
  return stats;
}

/** The line the test parses: "summary {json}". */
export function summary(fields) {
  console.log('summary ' + JSON.stringify(fields));
}

export function fail(message) {
  console.error(message);
  process.exit(2);
}
