/**
 * The "Mix & Correct" view: choose a reference, analyse both inputs once (in the host's mix worker), then
 * every control change previews the mix (debounced 100 ms, request ids so stale answers are dropped):
 * figures before / projected side by side, the selection's bookkeeping, slice shares, the real-share sweep
 * chart and the generations chart. Write sends the settings to the host (save dialog, progress, measure)
 * and the view shows projected vs measured. The element persists across panel re-renders (main.ts
 * re-appends it), so controls keep their values. Dataset text never reaches this view: only figures,
 * file names and slice values, all as text nodes.
 */
import type { MixFigures } from '../../../src/core/mix/mixFigures.ts';
import type { MixProjection, SliceShares } from '../../../src/core/mix/projectMix.ts';
import type { GenerationsProjection } from '../../../src/core/mix/generations.ts';
import type { BigramGenerationsResult } from '../../../src/core/mix/bigramGenerations.ts';
import type {
  MixHostToWebview,
  MixPanelState,
  MixWebviewToHost,
} from '../../../src/protocol/panelProtocol.ts';
import { fmtInt, fmtPct } from '../../../src/core/report/format.ts';
import { append, h, section, type Child } from '../../dom.ts';
import { button } from '../../widgets/buttons.ts';
import { dataTable } from '../../widgets/table.ts';
import { buildMixControls } from './controls.ts';
import { drawGenerationsChart, drawSweepChart } from './chart.ts';
import {
  DEFAULT_CONTROLS,
  FIGURE_ROWS,
  coincidingLinesHint,
  honestyChecks,
  schemaChoiceFromControls,
  schemaSummary,
  settingsFromControls,
  writeInProgress,
  type FigureRow,
  type MixControls,
} from './model.ts';

const DEBOUNCE_MS = 100;

/** Replaces `el`'s children (strings as text nodes; null skipped). */
function fill(el: HTMLElement, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}
const baseName = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/** Controller of the Mix view; `post` sends to the host. */
export class MixView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly inputs = h('div', { id: 'mix-inputs' });
  private readonly controlsHost = h('div', { id: 'mix-controls-host' });
  private readonly preview = h('div', { id: 'mix-preview', hidden: true });
  private readonly writeArea = h('div', { id: 'mix-write-area' });
  private readonly sweepChart = h('div', {
    id: 'mix-sweep-chart',
    class: 'mix-chart',
    role: 'img',
    'aria-label': 'Tail coverage and distinct-2 against the real-data share',
  });
  private readonly generationsChart = h('div', {
    id: 'mix-generations-chart',
    class: 'mix-chart',
    role: 'img',
    'aria-label': 'Types surviving and tail coverage per generation',
  });
  /** Model toggle of the generations chart (redraws from the last results; no new request). */
  private readonly generationsModel = h(
    'select',
    { id: 'mix-generations-model' },
    h('option', { value: 'unigram' }, 'unigram'),
    h('option', { value: 'bigram' }, 'bigram'),
  ) as HTMLSelectElement;
  private readonly generationsModelRow = h(
    'div',
    { class: 'mix-control', hidden: true },
    h('label', { for: 'mix-generations-model' }, 'Model refitted each generation '),
    this.generationsModel,
  );
  private readonly generationsNote = h('p', { id: 'mix-generations-note', class: 'meta' });
  /** Says which lines of the generations chart are drawn on top of each other (hidden when none are). */
  private readonly generationsOverlap = h('p', {
    id: 'mix-generations-overlap',
    class: 'meta',
    hidden: true,
  });
  /** The generations figure: shown only while "Project generations" is on (no empty heading otherwise). */
  private readonly generationsFigure = h(
    'figure',
    { id: 'mix-generations-figure', hidden: true },
    h('figcaption', {}, 'Generations projection: types surviving and tail coverage'),
    this.generationsModelRow,
    this.generationsChart,
    this.generationsNote,
    this.generationsOverlap,
  );
  private generations: { unigram: GenerationsProjection; bigram: BigramGenerationsResult | null } | null =
    null;
  private opened = false;
  private controls: MixControls = { ...DEFAULT_CONTROLS };
  private builtFor: unknown = null;
  private requestId = 0;
  private readonly sentAt = new Map<number, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (m: MixWebviewToHost) => void) {
    this.generationsModel.addEventListener('change', () => this.drawGenerations());
    this.body = h(
      'div',
      { id: 'mix-body', hidden: true },
      this.inputs,
      this.controlsHost,
      this.preview,
      this.writeArea,
    );
    this.element = section(
      'mix',
      'Mix & Correct',
      h(
        'div',
        { id: 'mix-closed' },
        h(
          'p',
          { class: 'meta' },
          'Preview how mixing in real data, deduplicating, capping slices and dropping templates changes this dataset, then write the corrected file.',
        ),
        button('Open Mix & Correct', () => this.open(), { id: 'mix-open-button' }),
      ),
      this.body,
    );
    this.element.dataset.open = 'false';
  }

  /** Shows the view (first time: asks the host for its state). */
  open(): void {
    this.element.dataset.open = 'true';
    (this.element.querySelector('#mix-closed') as HTMLElement).hidden = true;
    this.body.hidden = false;
    if (!this.opened) {
      this.opened = true;
      this.post({ type: 'mixOpen' });
    }
  }

  onMessage(m: MixHostToWebview): void {
    if (m.type === 'mixState') return this.renderState(m.state);
    if (m.requestId !== this.requestId) return; // stale: a newer preview was asked for
    switch (m.type) {
      case 'mixProjection':
        return this.renderProjection(m.projection, m.requestId);
      case 'mixSweep':
        drawSweepChart(this.sweepChart, m.sweep, this.controls.realPercent);
        this.sweepChart.dataset.requestId = String(m.requestId);
        return;
      case 'mixGenerations':
        this.generations = { unigram: m.generations, bigram: m.bigram ?? null };
        this.drawGenerations();
        this.generationsChart.hidden = this.generationsModelRow.hidden = false;
        this.generationsFigure.hidden = !this.controls.generations;
        return;
      case 'mixPreviewFailed':
        this.preview.dataset.status = 'failed';
        this.setText('#mix-preview-error', m.message);
        return;
    }
  }

  private renderState(s: MixPanelState): void {
    this.element.dataset.model = s.model;
    const ref = s.referencePath;
    const pct = s.buildProgress?.percent ?? 0;
    // while a write runs, rebuilding the model would end it: both buttons are disabled (the host refuses them too)
    const locked = writeInProgress(s.write);
    const pick = button(
      'Choose reference…',
      () => {
        if (!locked) this.post({ type: 'mixPickReference' });
      },
      { id: 'mix-pick-reference', secondary: true },
    );
    const analyse =
      ref && s.model !== 'building'
        ? button(
            s.model === 'ready' ? 'Analyse again' : 'Analyse inputs',
            () => {
              if (!locked) this.post({ type: 'mixAnalyse' });
            },
            { id: 'mix-analyse', secondary: s.model === 'ready' },
          )
        : null;
    for (const b of locked ? [pick, analyse] : []) {
      b?.setAttribute('disabled', '');
      b?.setAttribute('title', 'Disabled while the corrected dataset is written');
    }
    fill(
      this.inputs,
      h(
        'p',
        {},
        'Reference (real data): ',
        h('strong', { id: 'mix-reference', title: ref ?? '' }, ref ? baseName(ref) : 'none chosen'),
        ' ',
        pick,
        ' ',
        analyse,
      ),
      h('p', { id: 'mix-model-status', class: 'meta', 'data-status': s.model }, modelText(s)),
      s.model === 'building'
        ? h('vscode-progress-bar', {
            id: 'mix-build-progress',
            'aria-label': 'Analysing the inputs',
            max: 100,
            value: pct,
          })
        : null,
      this.schemaControls(s, locked),
      s.model === 'ready' && s.info
        ? h(
            'div',
            { id: 'mix-schema-summary', class: 'meta', 'data-mode': s.info.referenceSchema.mode },
            ...schemaSummary(s.info).map((line) => h('p', {}, line)),
          )
        : null,
      s.error ? h('p', { id: 'mix-error', role: 'alert', class: 'error' }, s.error) : null,
    );
    if (s.model === 'ready' && s.info && this.builtFor !== s.info.buildMs + s.info.referenceName) {
      this.builtFor = s.info.buildMs + s.info.referenceName;
      this.controlsHost.replaceChildren(buildMixControls(s.info, this.controls, (c) => this.changed(c)));
      this.preview.hidden = false;
      this.requestPreview();
    } else if (s.model !== 'ready') {
      this.builtFor = null;
      this.controlsHost.replaceChildren();
      this.preview.hidden = true;
    }
    this.renderWrite(s);
  }

  /**
   * How reference rows are written: in the dataset's schema (default; with optional `SRC=DEST` mappings, as the
   * CLI's --map) or as they are (both schemas). A change is sent at once; the host rebuilds the model with it.
   */
  private schemaControls(s: MixPanelState, locked: boolean): HTMLElement {
    const mode = h(
      'select',
      { id: 'mix-schema-mode' },
      h('option', { value: 'dataset' }, "in the dataset's schema"),
      h('option', { value: 'keep' }, 'as they are (keep both schemas)'),
    ) as HTMLSelectElement;
    mode.value = s.schema.mode;
    const map = h('input', {
      id: 'mix-schema-map',
      type: 'text',
      value: s.schema.map.join(', '),
      placeholder: 'e.g. category=dataset, @system=-',
      'aria-label': 'Map reference fields to dataset fields (REFERENCE_FIELD=DATASET_FIELD, comma-separated)',
    }) as HTMLInputElement;
    map.disabled = s.schema.mode === 'keep';
    for (const el of [mode, map]) {
      if (locked) el.disabled = true;
      el.addEventListener('change', () => {
        if (!locked)
          this.post({ type: 'mixSchema', schema: schemaChoiceFromControls(mode.value, map.value) });
      });
    }
    return h(
      'div',
      { class: 'mix-control', id: 'mix-schema' },
      h('label', { for: 'mix-schema-mode' }, 'Write reference rows '),
      mode,
      h('label', { for: 'mix-schema-map' }, ' map '),
      map,
    );
  }

  private changed(c: MixControls): void {
    this.controls = c;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.requestPreview(), DEBOUNCE_MS);
  }

  private requestPreview(): void {
    const id = ++this.requestId;
    this.sentAt.clear();
    this.sentAt.set(id, performance.now());
    this.preview.dataset.pending = String(id);
    this.post({
      type: 'mixPreview',
      requestId: id,
      settings: settingsFromControls(this.controls),
      generations: this.controls.generations,
    });
    if (!this.controls.generations)
      this.generationsChart.hidden = this.generationsModelRow.hidden = this.generationsFigure.hidden = true;
  }

  /** Draws the generations chart for the toggled model; the note says which model is shown and why. */
  private drawGenerations(): void {
    const g = this.generations;
    if (!g) return;
    const b = g.bigram;
    const wantBigram = this.generationsModel.value === 'bigram';
    const shown = wantBigram && b && !b.skipped ? b : g.unigram;
    drawGenerationsChart(this.generationsChart, shown);
    let note = `Unigram model refitted on ${fmtInt(g.unigram.tokensPerGeneration)} tokens per generation.`;
    if (wantBigram && b && !b.skipped)
      note = `Bigram model (${fmtInt(b.distinctPairs)} distinct pairs in the mix) refitted on ${fmtInt(b.tokensPerGeneration)} tokens per generation.`;
    else if (wantBigram && b?.skipped)
      note = `Bigram projection skipped: ${b.reason}. Showing the unigram model.`;
    else if (wantBigram) note = 'Bigram projection still computing; showing the unigram model.';
    this.generationsNote.textContent = note;
    this.generationsNote.dataset.model = shown.model ?? 'unigram';
    const overlap = coincidingLinesHint(shown);
    this.generationsOverlap.textContent = overlap ?? '';
    this.generationsOverlap.hidden = overlap === null;
  }

  private renderProjection(p: MixProjection, requestId: number): void {
    const roundTrip = performance.now() - (this.sentAt.get(requestId) ?? performance.now());
    const s = p.selection;
    fill(
      this.preview,
      h(
        'p',
        { id: 'mix-selection' },
        `Mix: ${fmtInt(p.after.rows.parsed)} rows — ${fmtInt(s.referenceRows)} real (${fmtPct(p.realShare)}), ${fmtInt(s.datasetRows)} from the dataset; ${fmtInt(s.tokens)} tokens. Removed before sampling: dedup ${fmtInt(s.removedByDedup.dataset)} dataset / ${fmtInt(s.removedByDedup.reference)} reference rows, templates ${fmtInt(s.removedByTemplates.dataset)} / ${fmtInt(s.removedByTemplates.reference)}; passed over by caps ${fmtInt(s.skippedByCaps)}.`,
      ),
      heldOutNote('mix-heldout', p.heldOut),
      p.warnings.length
        ? h('ul', { id: 'mix-warnings', class: 'meta' }, ...p.warnings.map((w) => h('li', {}, w)))
        : null,
      figuresTable(
        'mix-figures',
        'Projected figures',
        ['Dataset alone', 'Projected mix'],
        [p.before, p.after],
      ),
      h(
        'p',
        {
          id: 'mix-latency',
          class: 'meta',
          'data-worker-ms': Math.round(p.elapsedMs),
          'data-roundtrip-ms': Math.round(roundTrip),
        },
        `Preview computed in ${Math.round(p.elapsedMs)} ms in the worker (${Math.round(roundTrip)} ms round trip).`,
      ),
      h('p', { id: 'mix-preview-error', class: 'error' }),
      slicesView(p),
      h(
        'div',
        { class: 'mix-charts' },
        h(
          'figure',
          {},
          h(
            'figcaption',
            {},
            'Tail coverage of held-out real rows (raw and at equal size) and distinct-2 against the real-data share',
          ),
          this.sweepChart,
        ),
        this.generationsFigure,
      ),
    );
    this.preview.dataset.requestId = String(requestId);
    this.preview.dataset.status = 'ready';
    delete this.preview.dataset.pending;
  }

  private renderWrite(s: MixPanelState): void {
    const w = s.write;
    const canWrite = s.trusted && s.model === 'ready' && !writeInProgress(w);
    const writeButton = button(
      'Write corrected dataset…',
      () => {
        if (canWrite) this.post({ type: 'mixWrite', settings: settingsFromControls(this.controls) });
      },
      { id: 'mix-write' },
    );
    if (!canWrite) writeButton.setAttribute('disabled', '');
    const children: (HTMLElement | null)[] = [
      h('h3', {}, 'Write'),
      h('p', {}, writeButton),
      !s.trusted
        ? h(
            'p',
            { id: 'mix-write-reason', class: 'meta' },
            'Writing is disabled: this workspace is in Restricted Mode. Trust the workspace to write corrected datasets.',
          )
        : null,
      w.status !== 'idle'
        ? h(
            'p',
            {
              id: 'mix-write-status',
              'data-status': w.status,
              class: w.status === 'failed' ? 'error' : 'meta',
            },
            writeText(w),
          )
        : null,
    ];
    if (w.projected && w.measured) {
      const checks = honestyChecks(w.projected, w.measured);
      children.push(
        h(
          'p',
          { id: 'mix-written-heldout', class: 'meta' },
          'Both columns are against the same held-out real rows (never mixed in): the measurement analyses the written file with the held-out rows as its reference.',
        ),
        figuresTable(
          'mix-written',
          'Projected and measured figures of the written file',
          ['Projected', 'Measured'],
          [w.projected, w.measured],
        ),
        h(
          'p',
          { id: 'mix-honesty', class: 'meta', 'data-ok': String(checks.every((c) => c.ok)) },
          checks.map((c) => `${c.key} ${c.ok ? 'matches' : 'DIFFERS'} (${c.rule})`).join('; '),
        ),
      );
    }
    if (w.status === 'done')
      children.push(
        h(
          'p',
          {},
          button('Open in Diversity Lens', () => this.post({ type: 'mixOpenWritten' }), {
            id: 'mix-open-written',
            secondary: true,
          }),
        ),
      );
    this.writeArea.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  }

  private setText(selector: string, text: string): void {
    const el = this.element.querySelector(selector);
    if (el) el.textContent = text;
  }
}

/** "Tail coverage of held-out real rows (N rows, never mixed in)…": what every tail figure is measured against. */
function heldOutNote(id: string, ho: MixProjection['heldOut']): HTMLElement {
  return h(
    'p',
    { id, class: 'meta', 'data-rows': ho.rows, 'data-tail-types': ho.tailTypes },
    `Tail figures: tail coverage of held-out real rows (${fmtInt(ho.rows)} rows, never mixed in) — ${fmtPct(ho.share, 0)} of the reference, split by seed ${ho.seed}; ${fmtInt(ho.tokens)} tokens, ${fmtInt(ho.tailTypes)} tail types. The mix draws real rows from the other ${fmtInt(ho.poolRows)}. "At equal size" = the larger of mix and held-out part subsampled (in expectation) to the other's token count.`,
  );
}

function modelText(s: MixPanelState): string {
  switch (s.model) {
    case 'none':
      return s.referencePath
        ? 'Analyse both inputs once; then every change previews instantly.'
        : 'Choose a reference (real) dataset to mix in.';
    case 'building':
      return `Analysing the inputs… ${s.buildProgress?.percent ?? 0}%`;
    case 'ready':
      return s.info
        ? `Analysed: ${fmtInt(s.info.datasetRows)} dataset rows, ${fmtInt(s.info.referenceRows)} reference rows (${s.info.referenceName}) in ${(s.info.buildMs / 1000).toFixed(1)} s.`
        : 'Analysed.';
    case 'failed':
      return 'Analysing the inputs failed.';
  }
}

function writeText(w: MixPanelState['write']): string {
  const name = w.path ? baseName(w.path) : '';
  switch (w.status) {
    case 'writing':
      return `Writing ${name}…`;
    case 'measuring':
      return `Wrote ${fmtInt(w.rows)} rows to ${name}; measuring it…`;
    case 'done':
      return `Wrote ${fmtInt(w.rows)} rows to ${name} and measured it.`;
    case 'cancelled':
      return 'Write cancelled; nothing was written.';
    case 'failed':
      return `Write failed: ${w.error ?? 'unknown error'}`;
    default:
      return '';
  }
}

/** A table of FIGURE_ROWS with one column per figures set; cells carry data-key and the raw data-value. */
function figuresTable(id: string, label: string, columns: string[], sets: MixFigures[]): HTMLElement {
  return dataTable({
    attrs: { id, class: 'mix-table', 'aria-label': label },
    rows: FIGURE_ROWS,
    rowAttrs: (r) => ({ 'data-key': r.key }),
    columns: [
      { head: 'Figure', rowHeader: true, cell: (r) => r.label },
      ...sets.map((f, i) => ({
        head: columns[i],
        num: true,
        cell: (r: FigureRow) => r.fmt(r.get(f)),
        attrs: (r: FigureRow) => {
          const v = r.get(f);
          return { 'data-col': i, 'data-value': v === null ? 'null' : String(v) };
        },
      })),
    ],
  });
}

/** Slice shares before / after for each indexed slice field (top values). */
function slicesView(p: MixProjection): HTMLElement | null {
  if (p.slices.after.length === 0) return null;
  const byField = new Map<string, SliceShares>(p.slices.before.map((s) => [s.field, s]));
  return h(
    'div',
    { id: 'mix-slices' },
    ...p.slices.after.map((after) => {
      const before = byField.get(after.field);
      const share = (s: SliceShares | undefined, v: string | null): string =>
        fmtPct(s?.values.find((x) => x.value === v)?.share ?? 0);
      const values = [...new Set([...(before?.values ?? []), ...after.values].map((x) => x.value))].slice(
        0,
        8,
      );
      return dataTable({
        attrs: {
          class: 'mix-table mix-slice',
          'data-field': after.field,
          'aria-label': `Shares of ${after.field}`,
        },
        rows: values,
        columns: [
          { head: after.field, rowHeader: true, cell: (v) => v ?? '(none)' },
          { head: 'Dataset alone', num: true, cell: (v) => share(before, v) },
          { head: 'Projected mix', num: true, cell: (v) => share(after, v) },
        ],
      });
    }),
  );
}
