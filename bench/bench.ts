/**
 * `npm run bench`: synthesis time, throughput and memory for 1 cluster gateway + N project gateways,
 * in one Chart, in one Chart per gateway and in a fleet's kustomize folders, against a floor measured in the same run (the same
 * plain objects written as the same files by cdk8s' own YAML writer, with no cdk8s tree); and the
 * cold start of a one-gateway app.
 *
 * The task compiles bench/ (and the library) with the library's compiler options to .bench/js, then
 * runs this file there: every measurement is compiled JavaScript, each size in a fresh process (see
 * run-one.ts), so peak RSS is per size. Results go to stdout (a Markdown table) and
 * .bench/results.json. Nothing is asserted: the benchmark measures; the tests judge correctness.
 *
 * Usage: npm run bench [-- --sizes 10,100,1000] [--stock 10,100] [--repeat 3] [--cold 7]
 *   --sizes   project gateways per run (default 10,100,1000)
 *   --stock   also measure stock `app.synth()` at these sizes (default 100; quadratic, keep it small;
 *             `none` for no stock run)
 *   --layouts which layouts (default one-chart,chart-per-gateway,fleet-folder-per-gateway)
 *   --repeat  processes per size; each time is the best of them, peak RSS the worst (default 3):
 *             on a shared machine the minimum is the least disturbed measurement
 *   --cold    cold-start runs (median reported; default 7)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Layout } from './gateways';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const JS = path.join(ROOT, '.bench', 'js', 'bench');
const OUT = path.join(ROOT, '.bench', 'out');

interface Run {
  readonly layout: string;
  readonly mode: string;
  readonly gateways: number;
  readonly charts: number;
  readonly files: number;
  readonly objects: number;
  readonly bytes: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly floorMs: number;
  readonly buildCpuMs: number;
  readonly synthCpuMs: number;
  readonly floorCpuMs: number;
  readonly peakRssMiB: number;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

/** A comma-separated list of sizes; `none` (npm drops an empty argument) or '' for none. */
function list(value: string): number[] {
  if (value === '' || value === 'none') return [];
  const sizes = value.split(',').map(Number);
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new Error(`sizes must be whole numbers separated by commas, or none (got ${JSON.stringify(value)})`);
  return sizes;
}

/** Best-of-`repeat` times (each independently), worst peak RSS. */
function measureBest(layout: Layout, projects: number, mode: string, repeat: number): Run {
  const runs = Array.from({ length: repeat }, () => measure(layout, projects, mode));
  const best = (k: keyof Run) => Math.min(...runs.map((r) => r[k] as number));
  return {
    ...runs[0],
    buildMs: best('buildMs'),
    synthMs: best('synthMs'),
    floorMs: best('floorMs'),
    buildCpuMs: best('buildCpuMs'),
    synthCpuMs: best('synthCpuMs'),
    floorCpuMs: best('floorCpuMs'),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
  };
}

function measure(layout: Layout, projects: number, mode: string): Run {
  const outdir = path.join(OUT, `${layout.replace(/ /g, '-')}-${projects}-${mode}`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(JS, 'run-one.js'), layout, String(projects), outdir, mode], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`run-one ${layout} ${projects} ${mode} failed:\n${r.stderr}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  // Flush what the file system still has to write back (thousands of files for the fleet layout),
  // so that the next measurement does not pay for this one's.
  spawnSync('sync');
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Wall time of `node cold-app.js`, process start to exit, in ms: the median of `runs`. */
function coldStart(runs: number): { medianMs: number; allMs: number[] } {
  const outdir = path.join(OUT, 'cold');
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(JS, 'cold-app.js'), outdir], { encoding: 'utf8' });
    all.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`cold-app failed:\n${r.stderr}`);
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  const sorted = [...all].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], allMs: all.map(Math.round) };
}

/** Wall time of `node -e ''`: what any cold start pays before our code runs. */
function nodeStart(runs: number): number {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '']);
    all.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return all.sort((a, b) => a - b)[Math.floor(all.length / 2)];
}

/** A layout's name with dashes for spaces, as options take it (projen passes arguments unquoted). */
const dashed = (layout: Layout) => layout.replace(/ /g, '-');

const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

function main(): void {
  const sizes = list(option('sizes', '10,100,1000'));
  const stockSizes = list(option('stock', '100'));
  const coldRuns = Number(option('cold', '7'));
  const repeat = Number(option('repeat', '3'));
  const all = [Layout.ONE_CHART, Layout.CHART_PER_GATEWAY, Layout.FLEET_FOLDERS];
  const layouts = option('layouts', all.map(dashed).join(',')).split(',').map((name) => {
    const layout = all.find((l) => dashed(l) === name);
    if (!layout) throw new Error(`--layouts takes ${all.map(dashed).join(', ')} (got ${JSON.stringify(name)})`);
    return layout;
  });

  const runs: Run[] = [];
  for (const layout of layouts) {
    for (const n of sizes) runs.push(measureBest(layout, n, 'fast', repeat));
    // The fleet's folders have no stock writer: KustomizeFolder.writeAll is this library's.
    if (layout !== Layout.FLEET_FOLDERS) for (const n of stockSizes) runs.push(measureBest(layout, n, 'stock', repeat));
  }
  const cold = coldRuns > 0 ? coldStart(coldRuns) : undefined;
  const bareNode = coldRuns > 0 ? nodeStart(coldRuns) : undefined;

  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('');
  // total = build + synth: what `main.ts` spends after its modules are loaded. CPU time is the
  // process's own (all threads), less disturbed than wall time when other work shares the cores.
  console.log('| layout | synth | gateways | objects | files | MiB | build ms | synth ms | total ms | objects/s | floor ms | ratio total/floor | ratio synth/floor | CPU ratio total/floor | peak RSS MiB |');
  console.log('| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const r of runs) {
    const total = r.buildMs + r.synthMs;
    console.log(`| ${r.layout} | ${r.mode} | ${r.gateways} | ${r.objects} | ${r.files} | ${round(r.bytes / 1048576, 1)} | ${round(r.buildMs)} | ${round(r.synthMs)} | ${round(total)} `
      + `| ${round(r.objects / (total / 1000))} | ${round(r.floorMs)} | ${round(total / r.floorMs, 2)} | ${round(r.synthMs / r.floorMs, 2)} `
      + `| ${round((r.buildCpuMs + r.synthCpuMs) / r.floorCpuMs, 2)} | ${round(r.peakRssMiB)} |`);
  }
  const scaling: Record<string, { wall: number; cpu: number }> = {};
  for (const layout of layouts) {
    const at = (n: number) => runs.find((r) => r.layout === layout && r.mode === 'fast' && r.gateways === n + 1);
    const [small, large] = [at(100), at(1000)];
    if (small && large) {
      scaling[layout] = {
        wall: round((large.buildMs + large.synthMs) / (small.buildMs + small.synthMs), 2),
        cpu: round((large.buildCpuMs + large.synthCpuMs) / (small.buildCpuMs + small.synthCpuMs), 2),
      };
      console.log(`\n${layout}: t(1000) / t(100) = ${scaling[layout].wall} (wall, build + synth), ${scaling[layout].cpu} (CPU)`);
    }
  }
  if (cold) {
    console.log(`\ncold start, one gateway, compiled (node cold-app.js, process start to exit): median ${round(cold.medianMs)} ms `
      + `of ${cold.allMs.join(', ')}; bare \`node -e ''\`: ${round(bareNode!)} ms`);
  }
  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.bench', 'results.json'), JSON.stringify({
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    loadavg: os.loadavg(),
    repeat,
    runs,
    scaling,
    cold,
    bareNodeMs: bareNode,
  }, null, 2) + '\n');
}

main();
