// The Mix view's host logic (src/extension/mix/mixController.ts) with a fake mix worker client and fake dialogs:
// while a corrected dataset is being written (or its save dialog is open), "Analyse again" and "Choose
// reference…" must not replace the worker the write runs in — the host refuses them (it does not trust the
// webview to have disabled its buttons) and the write completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MixFigures } from '../../../../src/core/mix/mixFigures.ts';
import type { MixHostToWebview, MixPanelState } from '../../../../src/protocol/panelProtocol.ts';
import type { MixPreviewPart } from '../../../../src/protocol/mixWorkerProtocol.ts';
import {
  MixController,
  type MixClient,
  type MixControllerHost,
} from '../../../../src/extension/mix/mixController.ts';
import type { MixWritten } from '../../../../src/extension/mix/mixWorkerClient.ts';

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: Error): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

const FIGURES = {} as MixFigures;
const SETTINGS = { realFraction: 0.5 };

/** A fake client like MixWorkerClient: dispose() rejects the pending write with "the Mix view was closed". */
class FakeClient implements MixClient {
  disposed = false;
  /** The model options of each build. */
  readonly builds: unknown[] = [];
  readonly writes: ReturnType<typeof deferred<MixWritten>>[] = [];
  async build(_ds: string, _ref: string, options: unknown) {
    this.builds.push(options);
    return {
      datasetRows: 4,
      referenceRows: 3,
      datasetTokens: 11,
      slicePaths: [],
      nearFloor: 0.7,
      flaggedTemplates: { dataset: 0, reference: 0 },
      flaggedTemplateRows: { dataset: 0, reference: 0 },
      referenceSchema: { mode: 'keep' as const },
      textFields: 'full' as const,
      warnings: [],
      buildMs: 1,
    };
  }
  /** The parts callback of each preview asked for (the fake worker's request ids are 100, 101, …). */
  readonly previews: ((part: MixPreviewPart) => void)[] = [];
  preview(_settings: unknown, _generations: boolean, onPart: (part: MixPreviewPart) => void): number {
    this.previews.push(onPart);
    return 99 + this.previews.length;
  }
  write(): Promise<MixWritten> {
    if (this.disposed) return Promise.reject(new Error('the Mix view was closed'));
    const d = deferred<MixWritten>();
    this.writes.push(d);
    return d.promise;
  }
  async measure() {
    if (this.disposed) throw new Error('the Mix view was closed');
    return FIGURES;
  }
  dispose(): void {
    this.disposed = true;
    for (const w of this.writes) w.reject(new Error('the Mix view was closed'));
  }
}

function setup(
  opts: {
    pickReference?: () => Promise<string | undefined>;
    pickOutput?: () => Promise<string | undefined>;
    /** Workspace trust as the host reports it (default: trusted). */
    trusted?: () => boolean;
  } = {},
) {
  // the workspace reference (referenceChoice.ts): chooseReference sets it and, like the panel, tells the controller
  let reference: string | null = '/data/ref.jsonl';
  const chosen: string[] = [];
  // eslint-disable-next-line prefer-const
  let controller: MixController;
  const clients: FakeClient[] = [];
  const posted: MixHostToWebview[] = [];
  const messages: string[] = [];
  const host: MixControllerHost = {
    datasetPath: '/data/ds.jsonl',
    report: () => null,
    reference: () => reference,
    chooseReference: async (p) => {
      chosen.push(p);
      reference = p;
      controller.referenceChanged();
    },
    modelOptions: (slicePaths) => ({ slicePaths }),
    post: (m) => posted.push(m),
    createClient: () => {
      const c = new FakeClient();
      clients.push(c);
      return c;
    },
    isTrusted: opts.trusted ?? (() => true),
    pickReference: opts.pickReference ?? (async () => '/data/other-ref.jsonl'),
    pickOutput: opts.pickOutput ?? (async () => '/data/ds.mixed.jsonl'),
    withProgress: (_title, task) => task(() => {}, new AbortController().signal),
    showError: (m) => messages.push(`error: ${m}`),
    showWarning: (m) => messages.push(`warning: ${m}`),
    inspect: async () => {},
  };
  const state = (): MixPanelState => {
    const s = posted
      .filter((m): m is Extract<MixHostToWebview, { type: 'mixState' }> => m.type === 'mixState')
      .at(-1);
    assert.ok(s, 'a mixState was posted');
    return s.state;
  };
  controller = new MixController(host);
  /** The reference set elsewhere (another panel, the explorer command, the setting): the panel tells the controller. */
  const setElsewhere = (p: string | null): void => {
    reference = p;
    controller.referenceChanged();
  };
  return { controller, clients, posted, messages, state, chosen, setElsewhere };
}

/** Builds the model, starts a write and leaves it running in the (fake) worker. */
async function writing(t: ReturnType<typeof setup>): Promise<{ write: Promise<void> }> {
  await t.controller.handle({ type: 'mixOpen' });
  await t.controller.handle({ type: 'mixAnalyse' });
  assert.equal(t.state().model, 'ready');
  const write = t.controller.handle({ type: 'mixWrite', settings: SETTINGS });
  await tick();
  assert.equal(t.state().write.status, 'writing');
  assert.equal(t.clients[0].writes.length, 1);
  return { write }; // (wrapped: an async function would wait for a returned promise)
}

const finishWrite = async (t: ReturnType<typeof setup>, write: Promise<void>): Promise<void> => {
  t.clients[0].writes[0].resolve({
    path: '/data/ds.mixed.jsonl',
    rows: 5,
    bytes: 100,
    recipePath: '/data/ds.mixed.jsonl.recipe.json',
    projected: FIGURES,
  });
  await write;
};

test('MixController: "Analyse again" during a write is refused; the write completes', async () => {
  const t = setup();
  const { write } = await writing(t);
  await t.controller.handle({ type: 'mixAnalyse' });
  assert.equal(t.clients[0].disposed, false, 'the worker the write runs in is kept');
  assert.equal(t.clients.length, 1, 'no second worker');
  await finishWrite(t, write);
  assert.equal(t.state().write.status, 'done', `write status (${t.state().write.error ?? ''})`);
  assert.equal(t.state().model, 'ready');
  assert.ok(
    t.messages.some((m) => m.startsWith('warning:')),
    'the user is told why nothing happened',
  );
  // after the write, "Analyse again" works again
  await t.controller.handle({ type: 'mixAnalyse' });
  assert.equal(t.clients.length, 2);
  assert.equal(t.clients[0].disposed, true);
});

test('MixController: "Choose reference…" during a write is refused; the write completes', async () => {
  const t = setup();
  const { write } = await writing(t);
  await t.controller.handle({ type: 'mixPickReference' });
  assert.equal(t.clients[0].disposed, false);
  assert.equal(t.clients.length, 1);
  await finishWrite(t, write);
  assert.equal(t.state().write.status, 'done', `write status (${t.state().write.error ?? ''})`);
  assert.equal(t.state().referencePath, '/data/ref.jsonl', 'the reference is unchanged');
});

test('MixController: a reference dialog answered while a write runs does not rebuild', async () => {
  const pick = deferred<string | undefined>();
  const t = setup({ pickReference: () => pick.promise });
  await t.controller.handle({ type: 'mixOpen' });
  await t.controller.handle({ type: 'mixAnalyse' });
  const picking = t.controller.handle({ type: 'mixPickReference' }); // dialog open (before the write)
  const write = t.controller.handle({ type: 'mixWrite', settings: SETTINGS });
  await tick();
  assert.equal(t.state().write.status, 'writing');
  pick.resolve('/data/other-ref.jsonl');
  await picking;
  assert.equal(t.clients[0].disposed, false);
  assert.equal(t.clients.length, 1);
  await finishWrite(t, write);
  assert.equal(t.state().write.status, 'done', `write status (${t.state().write.error ?? ''})`);
});

test('MixController: "Analyse again" while the save dialog is open is refused; the write then runs', async () => {
  const out = deferred<string | undefined>();
  const t = setup({ pickOutput: () => out.promise });
  await t.controller.handle({ type: 'mixOpen' });
  await t.controller.handle({ type: 'mixAnalyse' });
  const write = t.controller.handle({ type: 'mixWrite', settings: SETTINGS });
  await tick();
  await t.controller.handle({ type: 'mixAnalyse' });
  assert.equal(t.clients.length, 1, 'no rebuild while the save dialog is open');
  out.resolve('/data/ds.mixed.jsonl');
  await tick();
  assert.equal(t.state().write.status, 'writing');
  await finishWrite(t, write);
  assert.equal(t.state().write.status, 'done', `write status (${t.state().write.error ?? ''})`);
});

test("MixController: a preview part is posted as the worker sent it, addressed to the webview's request", async () => {
  const t = setup();
  await t.controller.handle({ type: 'mixOpen' });
  await t.controller.handle({ type: 'mixAnalyse' });
  await t.controller.handle({ type: 'mixPreview', requestId: 7, settings: SETTINGS, generations: false });
  const client = t.clients[0];
  assert.equal(client.previews.length, 1);
  const part: MixPreviewPart = { type: 'mixSweep', requestId: 100, sweep: [], elapsedMs: 3 };
  client.previews[0](part);
  assert.deepEqual(t.posted.at(-1), { type: 'mixSweep', requestId: 7, sweep: [], elapsedMs: 3 });
  // a rebuilt model's new client: parts of the old one are no longer posted
  await t.controller.handle({ type: 'mixAnalyse' });
  const before = t.posted.length;
  client.previews[0]({ type: 'mixPreviewFailed', requestId: 100, message: 'late' });
  assert.equal(t.posted.filter((m) => m.type === 'mixPreviewFailed').length, 0);
  assert.ok(t.posted.length === before);
});

test("MixController: a preview before the model is ready fails at once with the webview's id", async () => {
  const t = setup();
  await t.controller.handle({ type: 'mixPreview', requestId: 3, settings: SETTINGS, generations: false });
  assert.deepEqual(t.posted.at(-1), {
    type: 'mixPreviewFailed',
    requestId: 3,
    message: 'analyse the inputs first',
  });
});

test('MixController: the schema choice (mixSchema) is kept in the state and rebuilds the model with it', async () => {
  const t = setup();
  await t.controller.handle({ type: 'mixOpen' });
  assert.deepEqual(t.state().schema, { mode: 'dataset', map: [] }, "the dataset's schema by default");
  await t.controller.handle({ type: 'mixAnalyse' });
  assert.deepEqual(t.clients[0].builds[0], { slicePaths: [], referenceSchema: 'dataset', map: [] });
  await t.controller.handle({ type: 'mixSchema', schema: { mode: 'dataset', map: ['category=source'] } });
  assert.deepEqual(t.state().schema, { mode: 'dataset', map: ['category=source'] });
  assert.equal(t.state().model, 'ready');
  assert.deepEqual(t.clients.at(-1)!.builds[0], {
    slicePaths: [],
    referenceSchema: 'dataset',
    map: ['category=source'],
  });
  await t.controller.handle({ type: 'mixSchema', schema: { mode: 'keep', map: [] } });
  assert.deepEqual(t.clients.at(-1)!.builds[0], { slicePaths: [], referenceSchema: 'keep', map: [] });
});

test('MixController: changing the schema while a write runs is refused; the write completes', async () => {
  const t = setup();
  const { write } = await writing(t);
  await t.controller.handle({ type: 'mixSchema', schema: { mode: 'keep', map: [] } });
  assert.equal(t.clients.length, 1, 'no rebuild');
  assert.deepEqual(t.state().schema, { mode: 'dataset', map: [] });
  assert.match(t.messages.join('\n'), /change how reference rows are written once the write has finished/);
  await finishWrite(t, write);
  assert.equal(t.state().write.status, 'done');
});

test('MixController: the view shows the workspace reference and follows a change made elsewhere (#12)', async () => {
  const t = setup();
  await t.controller.handle({ type: 'mixOpen' });
  assert.equal(t.state().referencePath, '/data/ref.jsonl', 'starts from the workspace reference');
  t.setElsewhere('/data/dolly.jsonl'); // e.g. "Set as Reference Dataset" in the explorer
  assert.equal(t.state().referencePath, '/data/dolly.jsonl');
  // a model built on it is dropped when the reference changes again: its preview would describe the old one
  await t.controller.handle({ type: 'mixAnalyse' });
  assert.equal(t.state().model, 'ready');
  t.setElsewhere(null); // "No reference" in another panel's picker
  assert.deepEqual([t.state().referencePath, t.state().model, t.state().info], [null, 'none', null]);
  assert.equal(t.clients[0].disposed, true, 'the worker of the old model is released');
});

test('MixController: "Choose reference…" sets the workspace reference, then builds on it (#12)', async () => {
  const t = setup();
  await t.controller.handle({ type: 'mixOpen' });
  await t.controller.handle({ type: 'mixPickReference' });
  assert.deepEqual(t.chosen, ['/data/other-ref.jsonl'], 'the pick is the workspace reference');
  assert.equal(t.state().referencePath, '/data/other-ref.jsonl');
  assert.equal(t.state().model, 'ready');
});

test('MixController: a reference change during a write is followed once the write has finished (#12)', async () => {
  const t = setup();
  const { write } = await writing(t);
  t.setElsewhere('/data/dolly.jsonl');
  assert.equal(t.clients[0].disposed, false, 'the worker the write runs in is kept');
  assert.equal(t.state().referencePath, '/data/ref.jsonl');
  await finishWrite(t, write);
  assert.equal(t.state().write.status, 'done', `write status (${t.state().write.error ?? ''})`);
  assert.deepEqual([t.state().referencePath, t.state().model], ['/data/dolly.jsonl', 'none']);
});

test('MixController: in an untrusted workspace Write is refused before any dialog or write; once trusted it writes (#15 item 20)', async () => {
  let trusted = false;
  const dialogs: string[] = [];
  const t = setup({
    trusted: () => trusted,
    pickOutput: async () => {
      dialogs.push('save');
      return '/data/ds.mixed.jsonl';
    },
  });
  await t.controller.handle({ type: 'mixOpen' });
  assert.equal(t.state().trusted, false, 'the view is told the workspace is untrusted');
  await t.controller.handle({ type: 'mixAnalyse' });
  assert.equal(t.state().model, 'ready', 'previewing needs no trust');
  await t.controller.handle({ type: 'mixWrite', settings: SETTINGS });
  assert.deepEqual(dialogs, [], 'no save dialog');
  assert.equal(t.clients[0].writes.length, 0, 'nothing written');
  assert.equal(t.state().write.status, 'idle');
  assert.deepEqual(t.messages, [
    'warning: Diversity Lens: writing a corrected dataset needs a trusted workspace.',
  ]);
  // the user trusts the folder: the view is told, and Write now writes
  trusted = true;
  t.controller.trustGranted();
  assert.equal(t.state().trusted, true);
  const write = t.controller.handle({ type: 'mixWrite', settings: SETTINGS });
  await tick();
  assert.deepEqual(dialogs, ['save']);
  assert.equal(t.clients[0].writes.length, 1, 'the write runs');
  t.clients[0].writes[0].resolve({ path: '/data/ds.mixed.jsonl', rows: 4, projected: FIGURES } as MixWritten);
  await write;
  assert.equal(t.state().write.status, 'done');
});
