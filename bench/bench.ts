/**
 * `npm run bench`: synth time and memory for many gateways.
 *
 * Two layouts: every gateway in one Chart, and one Chart per gateway. Stock cdk8s validates the
 * whole App each time a Chart is serialized, so the second layout grows quadratically; the table
 * makes that visible. Results go to stdout and .bench/results.json. Nothing here is asserted: a
 * benchmark measures, the tests judge.
 *
 * Usage: npm run bench [-- --sizes 10,100,300,1000]
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { GatewayServiceType, KsGateway } from '../src';

interface Result {
  readonly layout: string;
  readonly gateways: number;
  readonly objects: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly msPerGateway: number;
  readonly heapMiB: number;
}

function gc(): void {
  (globalThis as any).gc?.();
}

function declare(app: App, n: number, chartPerGateway: boolean): void {
  const shared = chartPerGateway ? undefined : new Chart(app, 'gateways');
  const chartFor = (id: string) => shared ?? new Chart(app, id);
  new KsGateway(chartFor('cluster'), 'cluster', { deployment: { replicas: 2 } });
  for (let i = 0; i < n - 1; i++) {
    const project = `project-${String(i).padStart(4, '0')}`;
    new KsGateway(chartFor(project), project, {
      project,
      service: { type: GatewayServiceType.NODE_PORT },
      controller: { config: { 'worker-processes': '2' } },
    });
  }
}

function run(n: number, chartPerGateway: boolean): Result {
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const app = new App({ outdir: path.join('.bench', 'out') });
  declare(app, n, chartPerGateway);
  const t1 = process.hrtime.bigint();
  const yaml = app.synthYaml();
  const t2 = process.hrtime.bigint();
  const heap = process.memoryUsage().heapUsed - before;
  const objects = (yaml.match(/^kind: /gm) ?? []).length;
  const synthMs = Number(t2 - t1) / 1e6;
  return {
    layout: chartPerGateway ? 'chart per gateway' : 'one chart',
    gateways: n,
    objects,
    buildMs: Math.round(Number(t1 - t0) / 1e6),
    synthMs: Math.round(synthMs),
    msPerGateway: Math.round(((Number(t2 - t0) / 1e6) / n) * 100) / 100,
    heapMiB: Math.round((heap / 1048576) * 10) / 10,
  };
}

function main(): void {
  const arg = process.argv.indexOf('--sizes');
  const sizes = arg > 0 ? process.argv[arg + 1].split(',').map(Number) : [10, 100, 300, 1000];
  run(10, false); // warm up the JIT
  const results: Result[] = [];
  for (const chartPerGateway of [false, true]) {
    for (const n of sizes) {
      // The quadratic layout is measured up to 300 gateways: beyond, it takes minutes.
      if (chartPerGateway && n > 300) continue;
      results.push(run(n, chartPerGateway));
    }
  }
  console.log('| layout | gateways | objects | build ms | synth ms | ms per gateway | heap MiB |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(`| ${r.layout} | ${r.gateways} | ${r.objects} | ${r.buildMs} | ${r.synthMs} | ${r.msPerGateway} | ${r.heapMiB} |`);
  }
  fs.mkdirSync('.bench', { recursive: true });
  fs.writeFileSync(path.join('.bench', 'results.json'), JSON.stringify({ node: process.version, results }, null, 2) + '\n');
}

main();
