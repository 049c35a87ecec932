/**
 * One benchmark measurement, in a process of its own so that its peak RSS is its own:
 * `node .bench/js/bench/run-one.js <layout> <projects> <outdir> [stock]`. Prints one JSON line.
 *
 * 1. Declares 1 cluster gateway and <projects> project gateways (build).
 * 2. Synthesizes them with FastSynth (or `app.synth()` with `stock`) into <outdir>/synth (synth);
 *    the fleet layout with `KustomizeFolder.writeAll`.
 * 3. Floor: the same plain objects, taken from the tree and deep-copied before timing starts,
 *    written by cdk8s' own YAML writer (`Yaml.save`) as the same files into <outdir>/floor, with
 *    no cdk8s tree involved. The floor's files must equal the synthesized ones, byte for byte.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Names, Yaml } from 'cdk8s';
import { parse } from 'yaml';
import { declareGateways, Layout } from './gateways';
import { FastSynth, KustomizeFolder } from '../src';
import { withFastCharts } from '../src/delivery/_fast-charts';

function ms(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e6;
}

/** CPU time (user + system, all threads of this process) since `from`, in ms. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

function gc(): void {
  (globalThis as any).gc?.();
}

/** Every file under `dir`, relative path to bytes. */
function readTree(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = path.join(prefix, e.name);
    if (e.isDirectory()) readTree(dir, rel).forEach((v, k) => files.set(k, v));
    else files.set(rel, fs.readFileSync(path.join(dir, rel)));
  }
  return files;
}

function synthOnce(layout: Layout, projects: number, outdir: string, stock: boolean) {
  fs.rmSync(outdir, { recursive: true, force: true });
  gc();
  const [t0, c0] = [process.hrtime.bigint(), process.cpuUsage()];
  const app = new App({ outdir });
  declareGateways(app, projects, layout);
  const [buildMs, buildCpuMs] = [ms(t0), cpuMs(c0)];
  const [t1, c1] = [process.hrtime.bigint(), process.cpuUsage()];
  if (layout === Layout.FLEET_FOLDERS) {
    if (stock) throw new Error('the fleet layout has no stock writer to compare with');
    KustomizeFolder.writeAll(app, outdir);
  } else if (stock) {
    app.synth();
  } else {
    FastSynth.synth(app);
  }
  const [synthMs, synthCpuMs] = [ms(t1), cpuMs(c1)];
  return { app, buildMs, synthMs, buildCpuMs, synthCpuMs };
}

function main(): void {
  const [layoutArg, projectsArg, outdir, mode] = process.argv.slice(2);
  const layout = layoutArg as Layout;
  const projects = Number(projectsArg);
  const stock = mode === 'stock';

  // Warm the JIT on a small App first: every size then measures steady-state code.
  synthOnce(layout, 9, path.join(outdir, 'warmup'), stock);
  fs.rmSync(path.join(outdir, 'warmup'), { recursive: true, force: true });

  const synthDir = path.join(outdir, 'synth');
  const run = synthOnce(layout, projects, synthDir, stock);
  // Peak RSS of the process so far: loading, warm-up, build and synth (the floor comes after).
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;

  // The floor's input: each file's plain objects. For charts, as App.synth writes them (one file per
  // chart); for the fleet's folders, the one document of each file, read back from the file's text.
  const charts = layout === Layout.FLEET_FOLDERS
    ? Object.entries(KustomizeFolder.filesOf(run.app)).map(([file, text]) => ({ file, objects: [parse(text, { version: '1.1' })] }))
    : withFastCharts(run.app, () => run.app.charts.map((c) => ({
      // App.synth's file name for a chart (FILE_PER_CHART, no chart depends on another).
      file: `${Names.toDnsLabel(c)}${run.app.outputFileExtension}`,
      objects: JSON.parse(JSON.stringify(c.toJson())),
    })));
  const floorDir = path.join(outdir, 'floor');
  fs.rmSync(floorDir, { recursive: true, force: true });
  (run as any).app = undefined;
  gc();
  const [t2, c2] = [process.hrtime.bigint(), process.cpuUsage()];
  const made = new Set<string>();
  for (const c of charts) {
    const dir = path.dirname(path.join(floorDir, c.file));
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    Yaml.save(path.join(floorDir, c.file), c.objects);
  }
  const [floorMs, floorCpuMs] = [ms(t2), cpuMs(c2)];

  const synthFiles = readTree(synthDir);
  const floorFiles = readTree(floorDir);
  let bytes = 0;
  for (const [file, content] of synthFiles) {
    if (!floorFiles.get(file)?.equals(content)) throw new Error(`floor and synth differ in ${file}`);
    bytes += content.length;
  }
  if (floorFiles.size !== synthFiles.size) throw new Error('floor and synth wrote different files');
  // A fleet's kustomization.yaml files are not objects of the App.
  const objects = charts.filter((c) => !c.file.endsWith('kustomization.yaml')).reduce((n, c) => n + c.objects.length, 0);

  console.log(JSON.stringify({
    layout,
    mode: stock ? 'stock' : 'fast',
    gateways: projects + 1,
    charts: charts.length,
    files: synthFiles.size,
    objects,
    bytes,
    buildMs: run.buildMs,
    synthMs: run.synthMs,
    floorMs,
    buildCpuMs: run.buildCpuMs,
    synthCpuMs: run.synthCpuMs,
    floorCpuMs,
    peakRssMiB,
  }));
}

main();
