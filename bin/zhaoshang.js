#!/usr/bin/env node
// Runs the compiled CLI when it is built (npm start builds it), else the TypeScript source via tsx.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/run.js', import.meta.url);
if (fs.existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/run.ts', import.meta.url).href);
}
