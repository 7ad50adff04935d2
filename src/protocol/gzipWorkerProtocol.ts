/**
 * Messages between a thread that measures compression ratios (core/lexical/compressionWorker.ts) and the shared
 * gzip thread (src/worker/gzipWorker.ts). Why a contract file: the two sides live in different bundles, and a
 * typed message is what keeps them in step (it was an untyped eval'd string before). No channel (channel.ts):
 * these are streams, not requests; `id` names a stream, and the bytes in flight are counted in shared memory.
 */

/** To the gzip thread. `sab`: a stream's bytes-in-flight counter (Int32Array over it, decremented as zlib consumes). */
export type ToGzipWorker =
  | { t: 'open'; id: number; level: number; sab: SharedArrayBuffer }
  | { t: 'write'; id: number; buf: ArrayBuffer; offset: number; len: number }
  | { t: 'end'; id: number }
  | { t: 'abort'; id: number };

/** From the gzip thread: a stream's compressed size, or why it failed. */
export type FromGzipWorker =
  { t: 'done'; id: number; bytes: number } | { t: 'error'; id: number; message: string };
