import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { expectValidManifests } from '../helpers/schema';

/**
 * The package as a user installs it: `npm pack` the compiled library (the test command compiles it
 * with jsii first), install the tarball into a scratch cdk8s app outside the repository together with
 * the peer dependencies, compile the README's example there with tsc and run it. Once at the oldest
 * versions the peer ranges allow, once at the newest. This is what the README's "Install" section says.
 */
const ROOT = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PEERS: Record<string, string> = PKG.peerDependencies;
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The files the tarball may hold, besides the bundled `yaml` dependency. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^API\.md$/, /^CHANGELOG\.md$/, /^\.jsii$/,
  /^lib\/(src|imports)\/.*\.(js|d\.ts)$/, /^node_modules\/yaml\//];

let workdir: string;
let tarball: string;

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'src', 'index.js')) || !fs.existsSync(path.join(ROOT, '.jsii'))) {
    throw new Error('lib/ or .jsii is missing: run `npx projen compile` (the test command does) before this test');
  }
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tarball-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', workdir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = path.join(workdir, JSON.parse(out)[0].filename);
}, 120_000);

afterAll(() => {
  if (workdir) fs.rmSync(workdir, { recursive: true, force: true });
});

test('the tarball holds the compiled library, its types, the CLI, the jsii assembly and the docs, nothing else', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
  for (const f of ['package.json', 'README.md', 'LICENSE', 'API.md', 'CHANGELOG.md', '.jsii', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/src/cli/main.js']) {
    expect(files).toContain(f);
  }
  expect(files.some((f) => f.startsWith('lib/src/') && f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
});

/** The oldest version a caret range allows: `^2.68.12` -> `2.68.12`. */
function oldest(range: string): string {
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) throw new Error(`peer range ${range} is not a caret range: update this test`);
  return m[1];
}

const ENDS: Array<[string, Record<string, string>]> = [
  ['oldest', Object.fromEntries(Object.entries(PEERS).map(([name, range]) => [name, oldest(range)]))],
  ['newest', { ...PEERS }],
];

describe.each(ENDS)('installed into a scratch cdk8s app, peers at the %s versions', (_end, peers) => {
  let app: string;

  beforeAll(() => {
    app = fs.mkdtempSync(path.join(workdir, 'app-'));
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({
      name: 'scratch-app',
      version: '0.0.0',
      private: true,
      dependencies: { 'cdk8s-ks-gateway': `file:${tarball}`, ...peers },
    }, undefined, 2));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: app, stdio: 'pipe' });
  }, 600_000);

  test('one copy of each peer: the library uses the app\'s', () => {
    for (const name of Object.keys(PEERS)) {
      expect(fs.existsSync(path.join(app, 'node_modules', 'cdk8s-ks-gateway', 'node_modules', name))).toBe(false);
      const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', name, 'package.json'), 'utf8')).version;
      if (peers[name] === PEERS[name]) expect(installed).toMatch(/^\d+\.\d+\.\d+$/);
      else expect(installed).toBe(peers[name]);
    }
  });

  test('the README example compiles with tsc and synthesizes valid manifests', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('## Example')))![1];
    fs.writeFileSync(path.join(app, 'main.ts'), code);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2020', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: false, types: [] },
      files: ['main.ts'],
    }));
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: app, stdio: 'pipe' });
    execFileSync(process.execPath, ['main.js'], { cwd: app, stdio: 'pipe' });

    const dist = path.join(app, 'dist');
    const files = fs.readdirSync(dist).filter((f) => f.endsWith('.k8s.yaml')).sort();
    expect(files).toEqual(['gateways.k8s.yaml', 'ingress-nginx.k8s.yaml']);
    const objects = files.flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(dist, f), 'utf8')).map((d) => d.toJS()));
    expectValidManifests(objects);
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual([
      'ingress-nginx-controller', 'kubesphere-router-demo', 'kubesphere-router-kubesphere-system',
    ]);
  });

  test('FastSynth writes the bytes of app.synth(), and the cdk8s internals it speeds up are there', () => {
    // GIVEN: an App of charts that depend on nothing, built twice, in plain JavaScript
    fs.writeFileSync(path.join(app, 'fast.js'), [
      "const { App, Chart } = require('cdk8s');",
      "const { FastSynth, KsGateway, ScrapeConfig } = require('cdk8s-ks-gateway');",
      'function build(outdir) {',
      '  const app = new App({ outdir });',
      "  new KsGateway(new Chart(app, 'cluster'), 'cluster', {});",
      "  for (const p of ['a', 'b', 'c']) new KsGateway(new Chart(app, p), p, { project: p });",
      "  ScrapeConfig.forEveryGateway(app, { labels: { release: 'prometheus' } });",
      '  return app;',
      '}',
      "build('out-stock').synth();",
      "FastSynth.synth(build('out-fast'));",
      // What FastSynth replaces while it runs: without them it still writes the same bytes, only slower.
      "console.log(JSON.stringify({ synthChart: typeof App._synthChart, resolve: typeof require('cdk8s/lib/resolve').resolve }));",
      '',
    ].join('\n'));

    // WHEN
    const internals = JSON.parse(execFileSync(process.execPath, ['fast.js'], { cwd: app, encoding: 'utf8' }).trim());

    // THEN
    expect(internals).toEqual({ synthChart: 'function', resolve: 'function' });
    const read = (dir: string) => Object.fromEntries(fs.readdirSync(path.join(app, dir)).sort().map((f) => [f, fs.readFileSync(path.join(app, dir, f), 'utf8')]));
    const [stock, fast] = [read('out-stock'), read('out-fast')];
    expect(Object.keys(stock)).toEqual(['a.k8s.yaml', 'b.k8s.yaml', 'c.k8s.yaml', 'cluster.k8s.yaml']);
    expect(fast).toEqual(stock);
    expect(stock['a.k8s.yaml']).toContain('kind: ServiceMonitor');
  });

  test('the CLI renders a Gateway resource', () => {
    fs.writeFileSync(path.join(app, 'gateways.yaml'), [
      'apiVersion: gateway.kubesphere.io/v1alpha1',
      'kind: Gateway',
      'metadata: { name: kubesphere-router-demo, namespace: kubesphere-controls-system }',
      'spec: { controller: { replicas: 1 }, service: { type: NodePort } }',
      '',
    ].join('\n'));
    execFileSync(path.join(app, 'node_modules', '.bin', 'cdk8s-ks-gateway'), ['render', 'gateways.yaml', '-o', 'out'], { cwd: app, stdio: 'pipe' });
    const objects = parseAllDocuments(fs.readFileSync(path.join(app, 'out', 'gateways.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    expectValidManifests(objects);
    expect(objects.find((o) => o.kind === 'Deployment').metadata.name).toBe('kubesphere-router-demo');
  });
});
