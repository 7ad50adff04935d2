// Worker-thread entry: runs core analyses off the extension host (filled in by the editor issue).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => {
  parentPort?.postMessage({ type: 'error', message: 'worker not implemented yet' });
});
