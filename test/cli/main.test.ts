import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main';
import { expectRestricted } from '../helpers/pod-security';
import { expectValidManifests } from '../helpers/schema';
import { findObject } from '../helpers/synth';

/**
 * `cdk8s-ks-gateway render <gateways.yaml>... -o <outdir>`: exit codes (0 ok, 1 bad input,
 * 2 usage), what is written, and that a failed run writes nothing.
 */

const FIXTURES = path.join(__dirname, '..', 'gateway', 'fixtures');
const GATEWAYS = path.join(FIXTURES, 'gateways.yaml');
const INVALID = path.join(FIXTURES, 'invalid-gateways.yaml');

/** Runs the CLI in-process; returns the exit code and what it printed. */
function run(...argv: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cli-test-'));
}

function readObjects(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'), { version: '1.1' }).map((d) => d.toJS());
}

function writeFile(dir: string, name: string, text: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The first Gateway of the fixture (the cluster gateway), as its own file. */
function clusterGatewayOnly(): string {
  return fs.readFileSync(GATEWAYS, 'utf8').split(/^---$/m)[0];
}

describe('render', () => {
  test('writes one chart per input file and the serving report; exit 0', () => {
    // GIVEN
    const outdir = path.join(tmpdir(), 'out');
    // WHEN
    const { code, out, err } = run('render', GATEWAYS, '-o', outdir, '--allow-shared-ingresses');
    // THEN
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(fs.readdirSync(outdir).sort()).toEqual(['gateways.k8s.yaml', 'serving-report.json', 'serving-report.md']);
    expect(out).toBe(['gateways.k8s.yaml', 'serving-report.md', 'serving-report.json'].map((f) => `wrote ${path.join(outdir, f)}`).join('\n'));
    const objects = readObjects(path.join(outdir, 'gateways.k8s.yaml'));
    for (const [ns, name] of [['kubesphere-controls-system', 'kubesphere-router-kubesphere-system'], ['kubesphere-controls-system', 'kubesphere-router-demo'], ['team-b', 'kubesphere-router-team-b']]) {
      expect(findObject(objects, 'Deployment', name, ns).spec.selector.matchLabels['app.kubernetes.io/instance']).toBe(`${name}-ingress`);
      expect(findObject(objects, 'Service', name, ns).spec.selector['app.kubernetes.io/instance']).toBe(`${name}-ingress`);
    }
    expect(objects.filter((o) => o.kind === 'IngressClass')).toEqual([]);
    expectValidManifests(objects);
    expectRestricted(objects);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'serving-report.json'), 'utf8'));
    expect(report.map((e: any) => [e.namespace, e.gateway, e.path])).toEqual([
      ['*', 'kubesphere-router-kubesphere-system', 'gateways/kubesphere-router-kubesphere-system'],
      ['demo', 'kubesphere-router-demo', 'gateways/kubesphere-router-demo'],
      ['team-b', 'kubesphere-router-team-b', 'gateways/kubesphere-router-team-b'],
    ]);
    expect(fs.readFileSync(path.join(outdir, 'serving-report.md'), 'utf8')).toContain('| demo | kubesphere-router-demo | kubesphere-controls-system |');
  });

  test('--selection ingress-class: an IngressClass per gateway', () => {
    // GIVEN
    const outdir = tmpdir();
    // WHEN
    const { code } = run('render', GATEWAYS, '--selection', 'ingress-class', '-o', outdir);
    // THEN
    expect(code).toBe(0);
    const objects = readObjects(path.join(outdir, 'gateways.k8s.yaml'));
    expect(objects.filter((o) => o.kind === 'IngressClass').map((o) => o.metadata.name))
      .toEqual(['kubesphere-router-demo', 'kubesphere-router-kubesphere-system', 'kubesphere-router-team-b']);
    expectValidManifests(objects);
  });

  test('--operator: only Gateway resources, valid against the KubeSphere CRD', () => {
    // GIVEN
    const outdir = tmpdir();
    // WHEN
    const { code } = run('render', GATEWAYS, '--operator', '--allow-shared-ingresses', '--output', outdir);
    // THEN
    expect(code).toBe(0);
    const objects = readObjects(path.join(outdir, 'gateways.k8s.yaml'));
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'Gateway kubesphere-controls-system/kubesphere-router-demo',
      'Gateway kubesphere-controls-system/kubesphere-router-kubesphere-system',
      'Gateway team-b/kubesphere-router-team-b',
    ]);
    expectValidManifests(objects);
  });

  test('the output does not depend on the order of the resources in the input: byte-identical files', () => {
    // GIVEN the same Gateway resources, in the fixture's order and reversed, in files of one name
    const dir = tmpdir();
    const documents = fs.readFileSync(GATEWAYS, 'utf8').split(/^---$/m);
    expect(documents).toHaveLength(3);
    const inOrder = writeFile(path.join(dir, 'a'), 'gateways.yaml', documents.join('---'));
    const reversed = writeFile(path.join(dir, 'b'), 'gateways.yaml', [...documents].reverse().join('\n---\n'));
    // WHEN
    const first = run('render', inOrder, '-o', path.join(dir, 'out-a'), '--allow-shared-ingresses');
    const second = run('render', reversed, '-o', path.join(dir, 'out-b'), '--allow-shared-ingresses');
    // THEN
    expect([first.code, second.code]).toEqual([0, 0]);
    const files = fs.readdirSync(path.join(dir, 'out-a')).sort();
    expect(fs.readdirSync(path.join(dir, 'out-b')).sort()).toEqual(files);
    for (const f of files) {
      expect([f, fs.readFileSync(path.join(dir, 'out-b', f), 'utf8')]).toEqual([f, fs.readFileSync(path.join(dir, 'out-a', f), 'utf8')]);
    }
    // AND in apply order: what the Deployments need comes before them
    const kinds = readObjects(path.join(dir, 'out-a', 'gateways.k8s.yaml')).map((o) => o.kind);
    expect(kinds.indexOf('ServiceAccount')).toBeLessThan(kinds.indexOf('Deployment'));
    expect(kinds.lastIndexOf('ConfigMap')).toBeLessThan(kinds.indexOf('Deployment'));
  });

  test('several files: one chart each', () => {
    // GIVEN
    const dir = tmpdir();
    const cluster = writeFile(dir, 'cluster.yaml', clusterGatewayOnly());
    const demo = writeFile(dir, 'demo.yml', [
      'apiVersion: gateway.kubesphere.io/v1alpha1',
      'kind: Gateway',
      'metadata: {name: kubesphere-router-demo, namespace: kubesphere-controls-system}',
      'spec: {controller: {scope: {enabled: true, namespace: demo}}, service: {type: NodePort}}',
    ].join('\n'));
    const outdir = path.join(dir, 'out');
    // WHEN
    const { code } = run('render', cluster, demo, '-o', outdir, '--selection', 'ingress-class');
    // THEN
    expect(code).toBe(0);
    expect(fs.readdirSync(outdir).sort()).toEqual(['cluster.k8s.yaml', 'demo.k8s.yaml', 'serving-report.json', 'serving-report.md']);
    expect(readObjects(path.join(outdir, 'demo.k8s.yaml')).filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual(['kubesphere-router-demo']);
  });

  test('two files of one base name: charts cluster and cluster-2, and the whole-app rules span them', () => {
    // GIVEN
    const dir = tmpdir();
    const a = writeFile(dir, 'cluster.yaml', clusterGatewayOnly());
    const b = writeFile(path.join(dir, 'again'), 'cluster.yaml', clusterGatewayOnly());
    const outdir = path.join(dir, 'out');
    // WHEN
    const { code, err } = run('render', a, b, '-o', outdir);
    // THEN
    expect(code).toBe(1);
    expect(err).toBe('Validation failed with the following errors:\n'
      + '  [KsGatewayRules] kubesphere-router-kubesphere-system (cluster/kubesphere-router-kubesphere-system) and kubesphere-router-kubesphere-system '
      + '(cluster-2/kubesphere-router-kubesphere-system) share the gateway name "kubesphere-router-kubesphere-system": one gateway per project, and one cluster gateway');
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('lists only what this run wrote, not what was in the output directory before', () => {
    // GIVEN
    const dir = tmpdir();
    const outdir = path.join(dir, 'out');
    writeFile(outdir, 'old.k8s.yaml', '# from an earlier run\n');
    const file = writeFile(dir, 'cluster.yaml', clusterGatewayOnly());
    // WHEN
    const { code, out } = run('render', file, '-o', outdir);
    // THEN
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual(['cluster.k8s.yaml', 'serving-report.md', 'serving-report.json'].map((f) => `wrote ${path.join(outdir, f)}`));
    expect(fs.readFileSync(path.join(outdir, 'old.k8s.yaml'), 'utf8')).toBe('# from an earlier run\n');
  });
});

describe('bad input: exit 1, one message, nothing written', () => {
  test('invalid Gateway resources: every problem with file, document and field', () => {
    // GIVEN
    const outdir = path.join(tmpdir(), 'out');
    // WHEN
    const { code, out, err } = run('render', INVALID, '-o', outdir);
    // THEN
    expect({ code, out }).toEqual({ code: 1, out: '' });
    expect(err).toBe([
      'cannot read KubeSphere Gateway resources:',
      `  ${INVALID}: document 1 (kubesphere-router-alpha): spec.controller.image: unknown field (known: annotations, config, replicas, scope, tcp, udp)`,
      `  ${INVALID}: document 2 (kubesphere-router-beta): spec.deployment.replicas: must be an integer (got string "2")`,
      `  ${INVALID}: document 3 (edge-router): metadata.name: must be "kubesphere-router-<namespace>", the only name KubeSphere gives a gateway (got "edge-router")`,
      `  ${INVALID}: document 4 (kubesphere-router-gamma): spec.service.type: must be LoadBalancer or NodePort, the types KubeSphere allows (got "ClusterIP")`,
      `  ${INVALID}: document 5 (kubesphere-router-kubesphere-system): metadata.namespace: must be kubesphere-controls-system for the cluster gateway (got "kubesphere-system")`,
    ].join('\n'));
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test('problems of several files are reported together', () => {
    // GIVEN
    const dir = tmpdir();
    const missing = path.join(dir, 'missing.yaml');
    // WHEN
    const { code, err } = run('render', missing, INVALID, '-o', path.join(dir, 'out'));
    // THEN
    expect(code).toBe(1);
    expect(err.split('\n')[0]).toBe(`${missing}: cannot read: no such file or directory (ENOENT)`);
    expect(err.split('\n')[1]).toBe('cannot read KubeSphere Gateway resources:');
    expect(err.split('\n')).toHaveLength(7);
  });

  test('valid resources that break a whole-app rule: the synth error; the output directory is left as it was', () => {
    // GIVEN
    const outdir = path.join(tmpdir(), 'out');
    writeFile(outdir, 'keep.txt', 'kept');
    // WHEN
    const { code, out, err } = run('render', GATEWAYS, '-o', outdir);
    // THEN
    expect({ code, out }).toEqual({ code: 1, out: '' });
    expect(err.split('\n')[0]).toBe('Validation failed with the following errors:');
    expect(err).toContain('[KsGatewayRules] kubesphere-router-demo (gateways/kubesphere-router-demo) and the cluster gateway kubesphere-router-kubesphere-system');
    expect(err).toContain('[KsGatewayRules] kubesphere-router-team-b (gateways/kubesphere-router-team-b) and the cluster gateway kubesphere-router-kubesphere-system');
    // in words a CLI user can act on
    expect(err).toContain('set allowSharedIngresses: true on the project gateway (CLI: --allow-shared-ingresses)');
    expect(fs.readdirSync(outdir)).toEqual(['keep.txt']);
  });

  test('--operator with --selection ingress-class: the construct\'s error', () => {
    // GIVEN
    const dir = tmpdir();
    const file = writeFile(dir, 'cluster.yaml', clusterGatewayOnly());
    // WHEN
    const { code, err } = run('render', file, '--operator', '--selection', 'ingress-class', '-o', path.join(dir, 'out'));
    // THEN
    expect(code).toBe(1);
    expect(err).toBe('Validation failed with the following errors:\n'
      + '  [cluster/kubesphere-router-kubesphere-system] ingressSelection must be NAMESPACE with renderMode OPERATOR: the KubeSphere v3 operator renders no IngressClass (got "IngressClass")');
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});

describe('usage', () => {
  test('--help prints the usage on stdout; exit 0', () => {
    for (const argv of [['--help'], ['-h'], ['render', '--help']]) {
      // WHEN
      const { code, out, err } = run(...argv);
      // THEN
      expect({ argv, code, err }).toEqual({ argv, code: 0, err: '' });
      expect(out).toMatch(/^usage: cdk8s-ks-gateway render <gateways\.yaml \| ->\.\.\. -o <outdir> \[options\]\n/);
      expect(out).toContain('--selection <mode>');
      expect(out).toContain('--operator');
    }
  });

  test.each([
    [[], 'name a command (render)'],
    [['apply', 'x.yaml'], 'unknown command "apply"'],
    [['render', '-o', 'out'], 'name at least one file of Gateway resources'],
    [['render', 'gateways.yaml'], '-o <outdir> is required'],
    [['render', 'gateways.yaml', '-o'], '-o needs a value'],
    [['render', 'gateways.yaml', '-o', 'out', '--selection', 'class'], '--selection must be namespace or ingress-class (got "class")'],
    [['render', 'gateways.yaml', '-o', 'out', '--force'], 'unknown option "--force"'],
    [['render', 'gateways.yaml', '-o', 'out', '--selection', 'ingress-class', '--allow-shared-ingresses'],
      '--allow-shared-ingresses has no effect with --selection ingress-class: each gateway serves only the Ingresses that name its IngressClass'],
  ])('%j: exit 2, the problem then the usage on stderr', (argv, message) => {
    // WHEN
    const { code, out, err } = run(...argv);
    // THEN
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err.split('\n')[0]).toBe(`error: ${message}`);
    expect(err).toContain('usage: cdk8s-ks-gateway render');
  });

  test('as a program: the exit code is the process\'s', () => {
    // GIVEN
    const script = path.resolve(__dirname, '..', '..', 'src', 'cli', 'main.ts');
    const tsNode = require.resolve('ts-node/dist/bin.js');
    const exec = (...args: string[]) => {
      try {
        execFileSync(process.execPath, [tsNode, '--transpile-only', script, ...args], { stdio: 'pipe' });
        return 0;
      } catch (e) {
        return (e as { status: number }).status;
      }
    };
    // THEN
    expect([exec('--help'), exec('render', INVALID, '-o', tmpdir()), exec('render')]).toEqual([0, 1, 2]);
  });
});

describe('a KubeSphere export with a cluster gateway and project gateways', () => {
  const EXPORT = [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: gateway.kubesphere.io/v1alpha1',
    '  kind: Gateway',
    '  metadata: { name: kubesphere-router-kubesphere-system, namespace: kubesphere-controls-system }',
    '  spec: { controller: { replicas: 1 }, service: { type: NodePort } }',
    '- apiVersion: gateway.kubesphere.io/v1alpha1',
    '  kind: Gateway',
    '  metadata: { name: kubesphere-router-demo, namespace: kubesphere-controls-system }',
    '  spec: { controller: { replicas: 1 }, service: { type: NodePort } }',
    '',
  ].join('\n');

  test('with the default selection, stops with the exact flags that make it work, and writes nothing', () => {
    // GIVEN
    const dir = tmpdir();
    const file = writeFile(dir, 'export.yaml', EXPORT);
    const outdir = path.join(dir, 'out');

    // WHEN
    const result = run('render', file, '-o', outdir);

    // THEN
    expect(result.code).toBe(1);
    expect(result.err).toContain('(CLI: --selection ingress-class)');
    expect(result.err).toContain('(CLI: --allow-shared-ingresses)');
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test.each([['--selection', 'ingress-class'], ['--allow-shared-ingresses']])('with %s, converts', (...flags) => {
    // GIVEN
    const dir = tmpdir();
    const file = writeFile(dir, 'export.yaml', EXPORT);
    const outdir = path.join(dir, 'out');

    // WHEN
    const result = run('render', file, '-o', outdir, ...flags);

    // THEN
    expect(result.code).toBe(0);
    const objects = readObjects(path.join(outdir, 'export.k8s.yaml'));
    expectValidManifests(objects);
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort())
      .toEqual(['kubesphere-router-demo', 'kubesphere-router-kubesphere-system']);
  });
});
