/**
 * `npm run synth`: writes every example's manifests to dist/<example>/, one file per chart.
 * Synthesis validates first, so a failing example writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { FastSynth, KustomizeFolder, RouteMigrationReport, ServingReport } from '../src';
import { EXAMPLES } from './index';
import { compareStrings } from '../src/common/_compare';

const root = path.join(__dirname, '..', 'dist');
let failed = 0;
for (const [name, build] of Object.entries(EXAMPLES).sort(([a], [b]) => compareStrings(a, b))) {
  const outdir = path.join(root, name);
  fs.rmSync(outdir, { recursive: true, force: true });
  try {
    const app = new App({ outdir });
    build(app);
    if (KustomizeFolder.folders(app).length > 0) {
      // GitOps folders (clusters/<name>/<folder>/ with kustomization.yaml) instead of one file per chart.
      KustomizeFolder.writeAll(app, outdir);
    } else {
      FastSynth.synth(app); // the bytes of app.synth() (test/delivery/fast-synth.test.ts)
      ServingReport.write(app);
      RouteMigrationReport.write(app);
    }
    const files = fs.readdirSync(outdir).sort();
    console.log(`${name}: ${files.map((f) => path.join('dist', name, f)).join(', ')}`);
  } catch (e) {
    failed++;
    fs.rmSync(outdir, { recursive: true, force: true });
    console.error(`${name}: ${(e as Error).message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
