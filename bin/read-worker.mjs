// Entry of the import's reading thread (src/features/news/read-pool.ts): the TypeScript source
// through tsx in a checkout that has it, else the compiled module — as bin/zhaoshang.js does.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/features/news/read-worker.ts', import.meta.url);
const compiled = new URL('../dist/src/features/news/read-worker.js', import.meta.url);

let register = null;
if (fs.existsSync(fileURLToPath(source))) {
  try {
    register = (await import('tsx/esm/api')).register;
  } catch {
    register = null;
  }
}
if (register) {
  register();
  await import(source.href);
} else {
  await import(compiled.href);
}
