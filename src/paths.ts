// Where the project's own files are, from src/ (tsx) and dist/src/ (compiled) alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('project root (package.json) not found');
  }
}

export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
export const gazetteerDir = path.join(projectRoot, 'data', 'gazetteer');
export const demoDataFile = path.join(projectRoot, 'data', 'seed', 'hunan-demo.txt');
export const assetsDir = path.join(projectRoot, 'assets');
export const dataDir = path.join(projectRoot, 'data');
