/**
 * An injected "disk full" for the write-fault tests (issue #15 item 12): files opened through `fs.promises.open`
 * whose path matches get a handle that writes the first half of what it is given, then fails with a real-looking
 * ENOSPC, as a full disk does. Why: a tmpfs mount is not allowed on every machine; this reaches the same code
 * (the atomic writer's error path) everywhere. (Not a test file itself.)
 */
import { promises as fsp } from 'node:fs';

/** The error a full disk gives a write. */
export function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
    errno: -28,
    syscall: 'write',
  });
}

/**
 * Until `restore()`, every file opened (by fs.promises.open) with a path matching `matches` fills up: its first
 * write or writeFile puts half its bytes on disk and throws ENOSPC, and so does every later one. `opened` lists
 * the matching paths.
 */
export function injectDiskFull(matches: (path: string) => boolean): { opened: string[]; restore(): void } {
  const open = fsp.open;
  const opened: string[] = [];
  fsp.open = async function openThatFillsUp(...args: Parameters<typeof fsp.open>) {
    const fh = await open.apply(fsp, args);
    const path = String(args[0]);
    if (!matches(path)) return fh;
    opened.push(path);
    const write = fh.write.bind(fh) as (b: Buffer, offset: number, length: number) => Promise<unknown>;
    const full = async (data: string | Uint8Array): Promise<never> => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
      await write(bytes, 0, bytes.length >> 1).catch(() => undefined);
      throw enospc();
    };
    Object.assign(fh, {
      write: (data: string | Uint8Array) => full(data),
      writeFile: (data: string | Uint8Array) => full(data),
      writev: (bufs: Uint8Array[]) => full(Buffer.concat(bufs)),
    });
    return fh;
  } as typeof fsp.open;
  return {
    opened,
    restore: () => {
      fsp.open = open;
    },
  };
}
