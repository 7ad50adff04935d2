/** Public API of the streaming JSONL reader (see docs/reader.md for the rules). */
export { readJsonl, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_LINE_BYTES, type ReaderOptions } from './jsonlReader.ts';
export { readLineBytes } from './readLineBytes.ts';
export { ReaderError, createAbortError, type ReaderErrorReason } from './readerError.ts';
export { LineScanner, type LineScannerOptions, type LineSink } from './lineScanner.ts';
export { decodeLine, type DecodedLine } from './lineDecoder.ts';
export { describeNonJsonl, detectCompression } from './sniff.ts';
