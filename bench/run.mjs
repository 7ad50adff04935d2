#!/usr/bin/env node
// Benchmark: prints speed, CPU time, peak memory and time per phase of the built CLI, run as a whole process,
// on a generated corpus of real e-mail sentences (bench/lib/emailRows.mjs) analysed WITH a ~1.5 MB human
// reference file, with and without `--group-by source`, and on every file in ../shared/data.
// Never asserts on time (figures go to docs/performance.md by hand). Usage:
//   npm run bench                          # 50M corpus (a few minutes)
//   npm run bench -- --size 256M           # also 1G, 2G (suffixes K, M, G = 2^10, 2^20, 2^30)
//   node bench/run.mjs --size 1G --keep    # keep the generated files (path printed at the end)
//   options: --text zipf (the synthetic-vocabulary corpus instead), --no-shared, --no-group-by, --seed N, --chunk-bytes N,
//   --no-instructions-bench (skip the instruction pass's added time: each file run with and without --no-instructions),
//   --no-panel (skip the panel's first figures and cancel latency, bench/panelLatency.ts). After the two CLI runs it
//   prints the one-core floor (bench/floor.ts): the reader alone, and the reader with the word tokenizer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const size = opt('--size', opt('--bytes', '50M'));
const text = opt('--text', 'email');
const seed = opt('--seed', '1');
const keep = args.includes('--keep');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-'));

/**
 * A preload (NODE_OPTIONS --require) that makes every node process of a run print its own usage at exit: the CLI's
 * launcher and the command it starts (src/cli/launcher.ts) each report once (worker threads load it too, and say
 * nothing), so the figures are those of the whole run. Also the kB of its memory on transparent huge pages at exit
 * (Linux's /proc/self/smaps_rollup; -1 elsewhere): the launched command asks for them (launchPolicy.ts).
 */
const usageHook = path.join(tmp, 'usage-hook.cjs');
fs.writeFileSync(
  usageHook,
  `if(require('worker_threads').isMainThread)process.on('exit',()=>{const u=process.resourceUsage();let h=-1;try{h=Number(/AnonHugePages:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/smaps_rollup','utf8'))[1])}catch{}require('fs').writeSync(2,'@@usage '+u.maxRSS+' '+(u.userCPUTime+u.systemCPUTime)+' '+h+'\\n')});\n`,
);

/**
 * Runs the CLI (`node dist/cli.js analyze …`, as a user does) in a child; returns wall seconds, CPU seconds (user +
 * sys of every thread of every process of the run) and peak RSS: the sum of each process' own peak (the launcher's
 * ~45 MiB included), an upper bound of the run's peak, and the report.
 */
function measure(file, extra = []) {
  const out = path.join(tmp, 'report.json');
  const nodeOptions = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(usageHook)}`]
    .filter(Boolean)
    .join(' ');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist/cli.js'), 'analyze', file, '--out', out, '--quiet', ...extra],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, NODE_OPTIONS: nodeOptions } },
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`analyze ${file} failed (${r.status}): ${r.stderr}`);
  const usages = [...r.stderr.matchAll(/@@usage (\d+) (\d+) (-?\d+)/g)];
  const huge = usages.map((m) => Number(m[3]));
  return {
    seconds,
    rssMiB: usages.reduce((s, m) => s + Number(m[1]), 0) / 1024,
    // kB on huge pages at exit, summed over the processes (null where the system does not say)
    hugeMiB: huge.some((h) => h < 0) ? null : huge.reduce((s, h) => s + h, 0) / 1024,
    processes: usages.length,
    cpuSeconds: usages.reduce((s, m) => s + Number(m[2]), 0) / 1e6,
    report: JSON.parse(fs.readFileSync(out, 'utf8')),
  };
}

function line(name, bytes, m) {
  const mb = bytes / 1e6;
  const rows = m.report.rows.parsed;
  const p = m.report.timing.phases;
  const t = m.report.timing;
  const how = t.chunks
    ? `${t.chunks} chunks on ${t.workers} worker${t.workers === 1 ? '' : 's'} (phases in thread-seconds)`
    : 'one pass';
  const phases = p
    ? `  ${how}; phases: read ${p.reading.toFixed(1)} tok ${p.tokenizing.toFixed(1)} acc ${p.accumulating.toFixed(1)}${p.merging !== undefined ? ` (merge ${p.merging.toFixed(1)})` : ''} fin ${p.finishing.toFixed(1)} ref ${p.reference.toFixed(1)} s`
    : '';
  console.log(
    `${name.padEnd(44)} ${mb.toFixed(1).padStart(7)} MB ${m.seconds.toFixed(1).padStart(6)} s wall ${(mb / m.seconds).toFixed(1).padStart(6)} MB/s ` +
      `${m.cpuSeconds.toFixed(1).padStart(6)} s CPU ${(mb / m.cpuSeconds).toFixed(1).padStart(6)} MB/s-CPU ${Math.round(
        rows / m.seconds,
      )
        .toLocaleString('en')
        .padStart(8)} rows/s ` +
      `peak RSS ${m.rssMiB.toFixed(0).padStart(5)} MiB (${m.processes} process${m.processes === 1 ? '' : 'es'}${m.hugeMiB === null ? '' : `; ${m.hugeMiB.toFixed(0)} MiB on huge pages at exit`})  near pairs ${m.report.duplicates.near.pairs}${phases}`,
  );
}

/**
 * The time the instruction figures add (issue #16's budget: at most 15 s on any file): the same analysis with and
 * without `--no-instructions`, wall and CPU seconds, with the sampled prompts.
 */
function instructionCost(name, file, extra = []) {
  const on = measure(file, extra);
  const off = measure(file, [...extra, '--no-instructions']);
  const ins = on.report.instructions;
  const what = ins
    ? `${ins.sampledRows.toLocaleString('en')} of ${ins.promptRows.toLocaleString('en')} prompts sampled`
    : 'no prompt side';
  console.log(
    `${name.padEnd(44)} instructions add ${(on.seconds - off.seconds).toFixed(1).padStart(5)} s wall ` +
      `(${on.seconds.toFixed(1)} vs ${off.seconds.toFixed(1)}), ${(on.cpuSeconds - off.cpuSeconds).toFixed(1).padStart(5)} s CPU; ${what}`,
  );
}

/** bench/`entry` bundled by esbuild into the bench's temp folder (format 'cjs' or 'esm'); returns its path. */
async function bundle(entry, format) {
  const outfile = path.join(tmp, entry.replace(/\.ts$/, format === 'esm' ? '.mjs' : '.cjs'));
  // esbuild's JS API: its bin/esbuild is a native binary or a JS shim depending on how it was installed
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(root, 'bench', entry)],
    bundle: true,
    platform: 'node',
    format,
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * What the panel's user waits for (bench/panelLatency.ts): the first partial figures, and Cancel in each phase (every
 * worker thread gone, temporary files left, the host's event-loop delay), on every core and on one worker. Bundled
 * with esbuild and run with plain node, so that its worker threads load what the extension's do and nothing more.
 */
async function panelLatency(corpus, reference) {
  const script = await bundle('panelLatency.ts', 'cjs');
  console.log(
    "panel (the extension's AnalysisRunner on dist/worker.js, launched as the editor does, --reference):",
  );
  // on every core also one whole run (time and peak memory); one worker: the first figures and a cancel while
  // reading (cancels after the last row cost a whole pass each)
  for (const [workers, phases, ...extra] of [
    [String(os.availableParallelism()), 'reading,finishing,reference', '--whole'],
    ['1', 'reading'],
  ]) {
    const r = spawnSync(
      process.execPath,
      [
        script,
        ...['--corpus', corpus, '--reference', reference, '--workers', workers, '--phases', phases],
        ...['--worker', path.join(root, 'dist/worker.js')],
        ...extra,
      ],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`panel latency (${workers} workers) failed (${r.status})`);
  }
}

/**
 * The floor under a one-worker analysis (bench/floor.ts): the reader alone, then the reader and the word tokenizer
 * interning every token, on one core, in this machine's state right now. Bundled with esbuild like panelLatency.
 */
async function floor(corpus) {
  const script = await bundle('floor.ts', 'esm');
  const r = spawnSync(process.execPath, [script, corpus], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`floor failed (${r.status})`);
}

function generate(out, bytes, extra) {
  const gen = spawnSync(
    process.execPath,
    [path.join(root, 'bench/generate-corpus.mjs'), '--bytes', bytes, '--out', out, ...extra],
    { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' },
  );
  if (gen.status !== 0) throw new Error(`corpus generation failed: ${out}`);
  return gen.stdout.trim();
}

try {
  spawnSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production'], {
    cwd: root,
    stdio: 'ignore',
  });
  const load = os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  console.log(
    `Diversity Lens benchmark — node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${load}`,
  );
  const corpus = path.join(tmp, 'corpus.jsonl');
  const reference = path.join(tmp, 'reference.jsonl');
  console.log(generate(corpus, size, ['--text', text, '--seed', seed]));
  console.log(generate(reference, '1.5M', ['--text', 'reference', '--seed', String(Number(seed) + 1000)]));
  const bytes = fs.statSync(corpus).size;
  const withRef = ['--reference', reference];
  // the same analysis on one chunk worker and on every core (files over --chunk-bytes are analysed in chunks)
  const chunk = opt('--chunk-bytes', undefined);
  const chunkArgs = chunk ? ['--chunk-bytes', chunk] : [];
  const one = measure(corpus, [...withRef, ...chunkArgs, '--workers', '1']);
  line(`corpus ${size} (${text}) --reference --workers 1`, bytes, one);
  const all = measure(corpus, [...withRef, ...chunkArgs]);
  line(`corpus ${size} (${text}) --reference (all ${os.availableParallelism()} cores)`, bytes, all);
  const strip = (r) => JSON.stringify({ ...r, timing: null });
  console.log(`  reports equal apart from timing: ${strip(one.report) === strip(all.report) ? 'yes' : 'NO'}`);
  await floor(corpus);
  if (args.includes('--no-group-by')) console.log('(--group-by run skipped: --no-group-by)');
  else
    line(
      `corpus ${size} (${text}) --reference --group-by source`,
      bytes,
      measure(corpus, [...withRef, ...chunkArgs, '--group-by', 'source']),
    );
  if (args.includes('--no-panel')) console.log('(panel latency skipped: --no-panel)');
  else await panelLatency(corpus, reference);
  const shared = path.join(root, '..', 'shared', 'data');
  if (args.includes('--no-shared')) console.log('(shared datasets skipped: --no-shared)');
  else if (fs.existsSync(shared)) {
    for (const f of fs
      .readdirSync(shared)
      .filter((f) => f.endsWith('.jsonl'))
      .sort()) {
      const p = path.join(shared, f);
      line(f, fs.statSync(p).size, measure(p));
    }
  } else console.log(`(${shared} not found: shared datasets skipped)`);
  if (args.includes('--no-instructions-bench'))
    console.log('(instruction pass skipped: --no-instructions-bench)');
  else {
    console.log('instruction pass (added time: with minus without --no-instructions):');
    instructionCost(`corpus ${size} (${text})`, corpus, chunkArgs);
    for (const f of ['self_instruct_seed_tasks.jsonl', 'alpaca_eval_text_davinci_003.jsonl']) {
      const p = path.join(shared, f);
      if (fs.existsSync(p)) instructionCost(f, p);
    }
    const seeds = path.join(shared, 'self_instruct_seed_tasks.jsonl');
    const davinci = path.join(shared, 'alpaca_eval_text_davinci_003.jsonl');
    if (fs.existsSync(seeds) && fs.existsSync(davinci))
      instructionCost('self_instruct seeds --reference alpaca_eval', seeds, ['--reference', davinci]);
  }
} finally {
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
}
