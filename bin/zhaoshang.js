#!/usr/bin/env node
// Runs the TypeScript source through tsx when tsx is installed (a development checkout: never a
// stale build), else the compiled CLI (a production install without dev dependencies).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/run.ts', import.meta.url);
const compiled = new URL('../dist/src/cli/run.js', import.meta.url);

async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return null;
  }
}

const register = fs.existsSync(fileURLToPath(source)) ? await tsxRegister() : null;
if (register) {
  register();
  await import(source.href);
} else if (fs.existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else {
  console.error('zhaoshang: 找不到可运行的程序，请先运行 npm run build (no build found: run npm run build)');
  process.exit(1);
}
