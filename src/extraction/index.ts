// The extraction layer's front door: build an Extractor from the lexicons once, then extract.
export { Extractor, EXTRACTOR_VERSION, type ExtractOptions } from './extractor.js';
export { loadLexicons, type Lexicons } from './lexicons.js';
