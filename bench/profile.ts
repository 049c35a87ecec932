/**
 * `npm run bench:profile [-- <projects> [one-chart|chart-per-gateway|fleet-folder-per-gateway]]`: where
 * synthesis time goes. Declares 1 cluster gateway + <projects> project gateways (default 1000, one
 * chart), then CPU-profiles the synthesis alone (`FastSynth.synth`, or `KustomizeFolder.writeAll`
 * for the fleet) with the inspector and prints, for the functions that make up synthesis, their
 * inclusive time and share. The full profile is written to .bench/synth.cpuprofile (open it in Chrome DevTools).
 */
import * as fs from 'fs';
import { Session } from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { declareGateways, Layout } from './gateways';
import { FastSynth, KustomizeFolder } from '../src';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * What each row measures: the functions whose inclusive time it takes (the largest of them), each as
 * `name` or `file:name` (file: the script's base name).
 */
const ROWS: Array<[string, string[]]> = [
  ['validation (every construct\'s checks)', ['validate']],
  ['  of which: Pod Security levels (re-renders workloads)', ['podSecurityProblems']],
  ['dependency inference', ['resolveDependencies']],
  ['ordering (dependency graph per chart)', ['chartObjects']],
  ['ApiObject.toJson (all callers)', ['api-object.js:toJson']],
  ['  of which: value resolution', ['_fast-resolve.js:resolve', 'resolve.js:resolve']],
  ['  of which: sanitizeValue', ['_util.js:sanitizeValue']],
  ['YAML writer', ['fastYamlDocument']],
  ['stock YAML writer (documents outside the fast writer)', ['yaml.js:stringify']],
  ['file writes', ['writeSync', 'openSync', 'renameSync', 'writeFileSync', 'mkdirSync']],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Inclusive microseconds per function name (each sample counted once per name on its stack). */
function inclusive(profile: Profile): { byName: Map<string, number>; total: number; gc: number } {
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byName = new Map<string, number>();
  let total = 0;
  let gc = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const names = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const { functionName, url } = byId.get(cur)!.callFrame;
      names.add(functionName);
      names.add(`${url.split('/').pop()}:${functionName}`);
    }
    if (names.has('(garbage collector)')) gc += dt;
    for (const name of names) byName.set(name, (byName.get(name) ?? 0) + dt);
  });
  return { byName, total, gc };
}

function main(): void {
  const projects = Number(process.argv[2] ?? '1000');
  // Dashes for spaces: projen passes arguments on without their quotes.
  const layout = (process.argv[3] ?? 'one-chart').replace(/-/g, ' ') as Layout;
  if (!Number.isSafeInteger(projects) || projects < 0) throw new Error(`projects must be a whole number (got ${JSON.stringify(process.argv[2])})`);
  if (!Object.values(Layout).includes(layout)) {
    throw new Error(`layout must be one of ${Object.values(Layout).map((l) => l.replace(/ /g, '-')).join(', ')} (got ${JSON.stringify(process.argv[3])})`);
  }

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'));
  const app = new App({ outdir });
  declareGateways(app, projects, layout);

  const session = new Session();
  session.connect();
  let profile: Profile | undefined;
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  const t0 = process.hrtime.bigint();
  if (layout === Layout.FLEET_FOLDERS) KustomizeFolder.writeAll(app, outdir);
  else FastSynth.synth(app);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  session.post('Profiler.stop', (err, result) => {
    if (err) throw err;
    profile = result.profile as unknown as Profile;
  });
  session.disconnect();
  fs.rmSync(outdir, { recursive: true, force: true });
  if (!profile) throw new Error('the inspector returned no profile');

  fs.mkdirSync(path.join(ROOT, '.bench'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.bench', 'synth.cpuprofile'), JSON.stringify(profile));
  const { byName, total, gc } = inclusive(profile);
  const synth = byName.get(layout === Layout.FLEET_FOLDERS ? 'writeAll' : 'synth') ?? total;
  console.log(`${layout === Layout.FLEET_FOLDERS ? 'KustomizeFolder.writeAll' : 'FastSynth.synth'}, 1 cluster + ${projects} project gateways, ${layout}: ${Math.round(wallMs)} ms wall, `
    + `${Math.round(synth / 1000)} ms in synthesis code, ${Math.round(gc / 1000)} ms garbage collection`);
  console.log('');
  console.log('| part | ms | share of synthesis code |');
  console.log('| --- | --: | --: |');
  for (const [label, names] of ROWS) {
    const us = Math.max(...names.map((n) => byName.get(n) ?? 0));
    console.log(`| ${label} | ${Math.round(us / 1000)} | ${Math.round((100 * us) / synth)} % |`);
  }
  console.log('\nFull profile: .bench/synth.cpuprofile');
}

main();
