/**
 * The shared gzip thread: one zlib gzip stream per open id, counting each stream's compressed bytes. Started by
 * core/lexical/compressionWorker.ts (see there for why compression runs on its own thread and how backpressure
 * works); bundled as dist/gzipWorker.js beside every bundle that measures compression.
 */
import { parentPort } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import type { FromGzipWorker, ToGzipWorker } from '../protocol/gzipWorkerProtocol.ts';
import { answerStopThread } from '../core/threadStop.ts';

interface Stream {
  gzip: zlib.Gzip;
  out: number;
  inflight: Int32Array;
}

const streams = new Map<number, Stream>();
const port = parentPort!;
const post = (m: FromGzipWorker) => port.postMessage(m);

port.on('message', (m: ToGzipWorker) => {
  // released when idle: its parent asks (core/threadStop.ts), it never terminates this thread mid-createGzip
  if (answerStopThread(m)) return;
  if (m.t === 'open') {
    const s: Stream = { gzip: zlib.createGzip({ level: m.level }), out: 0, inflight: new Int32Array(m.sab) };
    s.gzip.on('data', (d: Buffer) => {
      s.out += d.length;
    });
    s.gzip.on('end', () => {
      streams.delete(m.id);
      post({ t: 'done', id: m.id, bytes: s.out });
    });
    s.gzip.on('error', (e: unknown) => {
      streams.delete(m.id);
      // wake a writer blocked on this stream's counter: the failure reaches it through the 'error' message
      Atomics.store(s.inflight, 0, 0);
      Atomics.notify(s.inflight, 0);
      post({ t: 'error', id: m.id, message: String((e instanceof Error && e.message) || e) });
    });
    streams.set(m.id, s);
    return;
  }
  const s = streams.get(m.id);
  if (!s) return;
  if (m.t === 'write') {
    const n = m.len;
    s.gzip.write(new Uint8Array(m.buf, m.offset, n), () => {
      Atomics.sub(s.inflight, 0, n);
      Atomics.notify(s.inflight, 0);
    });
  } else if (m.t === 'end') {
    s.gzip.end();
  } else if (m.t === 'abort') {
    streams.delete(m.id);
    s.gzip.destroy();
  }
});
