#!/usr/bin/env node
// Uploads and lists blobs of the local stack's Azurite (or any account: set AZURE_STORAGE_CONNECTION_STRING).
//   node bin/blob.mjs upload <local-file> <blob-name> [--if-missing]
//                                  upload (overwrite) one file; Content-Type by its extension (.csv: text/csv)
//   node bin/blob.mjs upload-split <local-file> <prefix> [--if-missing]
//                                  split a JSON array in two blobs <prefix>stores-1.json and <prefix>stores-2.json
//   node bin/blob.mjs list [prefix]                        list blobs: name, ETag, Last-Modified, size
import { BlobServiceClient } from '@azure/storage-blob';
import { readFileSync } from 'node:fs';

const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const port = process.env.AZURITE_PORT || '10000';
const connectionString = process.env.AZURE_STORAGE_CONNECTION_STRING
  || `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};`
   + `BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
const containerName = process.env.AZURE_STORAGE_CONTAINER || 'offline-stores';
const container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);

async function upload(name, content, ifMissing = false, contentType = 'application/json') {
  const blob = container.getBlockBlobClient(name);
  if (ifMissing && await blob.exists()) {
    console.log(`${containerName}/${name} is already there: not uploaded again`);
    return;
  }
  const result = await container.getBlockBlobClient(name).upload(content, Buffer.byteLength(content),
    { blobHTTPHeaders: { blobContentType: contentType } });
  console.log(`uploaded ${containerName}/${name} (${Buffer.byteLength(content)} bytes, ETag ${result.etag})`);
}

const [command, ...args] = process.argv.slice(2);
try {
  await container.createIfNotExists();
  if (command === 'upload' && args.length >= 2) {
    const contentType = args[1].toLowerCase().endsWith('.csv') ? 'text/csv' : 'application/json';
    // the file's bytes as they are: no re-encoding
    await upload(args[1], readFileSync(args[0]), args.includes('--if-missing'), contentType);
  } else if (command === 'upload-split' && args.length >= 2) {
    const ifMissing = args.includes('--if-missing');
    const stores = JSON.parse(readFileSync(args[0], 'utf8'));
    const half = Math.ceil(stores.length / 2);
    await upload(`${args[1]}stores-1.json`, JSON.stringify(stores.slice(0, half), null, 2), ifMissing);
    await upload(`${args[1]}stores-2.json`, JSON.stringify(stores.slice(half), null, 2), ifMissing);
  } else if (command === 'list') {
    for await (const blob of container.listBlobsFlat({ prefix: args[0] })) {
      console.log(`${blob.name}\t${blob.properties.etag}\t${blob.properties.lastModified.toISOString()}\t`
        + `${blob.properties.contentLength}`);
    }
  } else {
    console.error('usage: node bin/blob.mjs upload <file> <blob> | upload-split <file> <prefix> | list [prefix]');
    process.exit(2);
  }
} catch (e) {
  console.error(`blob.mjs: ${e.message}`);
  process.exit(1);
}
