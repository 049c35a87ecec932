import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Testing, Yaml } from 'cdk8s';
import { KUBECTL, id, kustomizeBuild, kustomizeRoots, writeFolders } from './_kustomize';
import { EXAMPLES } from '../../examples';
import * as fleetArgoCd from '../../examples/fleet-argocd';
import * as fleetFlux from '../../examples/fleet-flux';
import { KsGateway, KustomizeFolder, NginxIngress, OrderedChart, WebhookCertificates } from '../../src';
import { synthError } from '../helpers/synth';

function gatewayFolder() {
  const app = Testing.app();
  const folder = new KustomizeFolder(app, 'edge', { path: 'clusters/eu-1/edge' });
  new NginxIngress(folder, 'edge', {
    createNamespace: true,
    namespace: 'edge',
    metrics: { enabled: true },
    admissionWebhooks: { certificates: WebhookCertificates.certManager() },
  });
  return { app, folder };
}

describe('KustomizeFolder', () => {
  test('kubectl is on the machine (folder builds are tested, never skipped)', () => {
    expect(() => fs.accessSync(KUBECTL === 'kubectl' ? '/usr/bin/kubectl' : KUBECTL, fs.constants.X_OK)).not.toThrow();
  });

  test('lists objects in apply layers: Namespaces, cluster config, RBAC, config, workloads, webhooks, then custom resources', () => {
    // GIVEN
    const { app, folder } = gatewayFolder();

    // WHEN
    const files = KustomizeFolder.filesOf(app);

    // THEN
    expect(files['clusters/eu-1/edge/kustomization.yaml']).toEqual(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - base\n  - custom-resources\n');
    const base = files['clusters/eu-1/edge/base/kustomization.yaml'];
    expect(base).toMatchSnapshot();
    const order = ['namespace-edge', 'ingressclass-nginx', 'serviceaccount-', 'role-', 'clusterrole-', 'rolebinding-', 'configmap-', 'service-', 'deployment-', 'validatingwebhookconfiguration-']
      .map((prefix) => base.indexOf(`  - ${prefix}`));
    expect(order.every((pos) => pos > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(files['clusters/eu-1/edge/custom-resources/kustomization.yaml']).toEqual([
      'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:',
      '  - certificate-ingress-nginx-admission.yaml', '  - certificate-ingress-nginx-root-cert.yaml',
      '  - issuer-ingress-nginx-root-issuer.yaml', '  - issuer-ingress-nginx-self-signed-issuer.yaml', '',
    ].join('\n'));
    // the chart's own YAML has the same order
    expect(folder.toJson().map((o) => o.kind).indexOf('Certificate')).toBeGreaterThan(folder.toJson().map((o) => o.kind).indexOf('ValidatingWebhookConfiguration'));
  });

  test('kubectl kustomize builds the folder into exactly the chart\'s objects', () => {
    // GIVEN
    const { app, folder } = gatewayFolder();
    const dir = writeFolders(app);

    // WHEN
    const built = kustomizeBuild(dir, 'clusters/eu-1/edge');

    // THEN
    expect(built.map(id).sort()).toEqual(folder.toJson().map(id).sort());
    expect(built.find((o) => o.kind === 'Deployment')).toEqual(folder.toJson().find((o) => o.kind === 'Deployment'));
  });

  test.each(Object.keys(EXAMPLES).filter((n) => n.startsWith('fleet-')))('every folder of example %s builds with kubectl kustomize', (name) => {
    // GIVEN
    const app = Testing.app();
    EXAMPLES[name](app);
    const dir = writeFolders(app);

    // WHEN
    const roots = kustomizeRoots(dir);
    const failures = roots.flatMap((r) => {
      try {
        kustomizeBuild(dir, r);
        return [];
      } catch (e) {
        return [`${r}: ${(e as any).stderr ?? (e as Error).message}`];
      }
    });

    // THEN
    expect(roots.length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  test('a folder\'s objects are the same whatever order they were declared in', () => {
    const files = (order: string[]) => {
      const app = Testing.app();
      const folder = new KustomizeFolder(app, 'f', { path: 'clusters/a/gateways' });
      for (const project of order) new KsGateway(folder, project, { project });
      return KustomizeFolder.filesOf(app);
    };
    expect(files(['b', 'c', 'a'])).toEqual(files(['a', 'b', 'c']));
  });

  test('writeAll replaces what a previous run wrote and returns the files, sorted', () => {
    // GIVEN
    const { app } = gatewayFolder();
    const dir = writeFolders(app);
    fs.writeFileSync(path.join(dir, 'clusters', 'eu-1', 'edge', 'stale.yaml'), 'kind: Stale\n');

    // WHEN
    const written = KustomizeFolder.writeAll(app, dir);

    // THEN
    expect(fs.existsSync(path.join(dir, 'clusters', 'eu-1', 'edge', 'stale.yaml'))).toBe(false);
    expect(written).toEqual([...written].sort());
    expect(written).toContain('clusters/eu-1/edge/base/deployment-ingress-nginx-controller.yaml');
  });

  test('rejects bad and duplicate paths and duplicate objects, all at once, and writes nothing', () => {
    // GIVEN
    const app = Testing.app();
    const a = new KustomizeFolder(app, 'a', { path: 'clusters/Eu_1' });
    new KustomizeFolder(app, 'b', { path: 'x/base' });
    const c = new KustomizeFolder(app, 'c', { path: 'same' });
    new KustomizeFolder(app, 'd', { path: 'same' });
    void a;
    for (const i of [1, 2]) new ApiObject(c, `cm${i}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'n' } });

    // WHEN
    const message = synthError(app);

    // THEN
    expect(message).toEqual([
      'Validation failed with the following errors:',
      '  [a] path must be "/"-separated DNS-1123 labels, none of them "base" or "custom-resources" (got "clusters/Eu_1")',
      '  [b] path must be "/"-separated DNS-1123 labels, none of them "base" or "custom-resources" (got "x/base")',
      '  [c] path is used by another KustomizeFolder too (d) (got "same")',
      '  [c] objects must be unique by apiVersion, kind, namespace and name: kustomize rejects duplicates (got 2 × "v1/ConfigMap/n/cm")',
      '  [d] path is used by another KustomizeFolder too (c) (got "same")',
    ].join('\n'));
    expect(() => KustomizeFolder.filesOf(app)).toThrow(message);
  });
});

describe('KustomizeFolder paths are checked across the whole App', () => {
  test('a folder added after a first synthesis is checked against the others', () => {
    // GIVEN: two folders with their own paths, synthesized once
    const app = Testing.app();
    new KustomizeFolder(app, 'a', { path: 'clusters/a' });
    new KustomizeFolder(app, 'b', { path: 'clusters/b' });
    expect(Object.keys(KustomizeFolder.filesOf(app))).toEqual(['clusters/a/kustomization.yaml', 'clusters/b/kustomization.yaml']);

    // WHEN: a third folder takes the path of the first
    new KustomizeFolder(app, 'c', { path: 'clusters/a' });

    // THEN
    expect(synthError(app)).toEqual([
      'Validation failed with the following errors:',
      '  [a] path is used by another KustomizeFolder too (c) (got "clusters/a")',
      '  [c] path is used by another KustomizeFolder too (a) (got "clusters/a")',
    ].join('\n'));
  });

  test('folders in two Apps do not see each other', () => {
    // GIVEN / WHEN
    const apps = [Testing.app(), Testing.app()];
    for (const app of apps) new KustomizeFolder(app, 'a', { path: 'clusters/a' });

    // THEN
    for (const app of apps) expect(Object.keys(KustomizeFolder.filesOf(app))).toEqual(['clusters/a/kustomization.yaml']);
  });
});

describe('fleet examples', () => {
  /** Every folder file, plus each chart's objects keyed by chart path (app.synth writes one file per chart). */
  function output(declare: (app: App) => void) {
    const app = Testing.app();
    declare(app);
    const charts = Object.fromEntries(app.charts.map((c) => [c.node.path, Yaml.stringify(...c.toJson())]));
    return { files: KustomizeFolder.filesOf(app), charts };
  }

  test.each([
    ['fleet-argocd', (app: App, order: string[]) => fleetArgoCd.buildMembers(app, order)],
    ['fleet-flux', (app: App, order: string[]) => fleetFlux.buildClusters(app, order)],
  ])('%s gives byte-identical output in two construction orders', (_name, declare) => {
    // GIVEN / WHEN
    const first = output((app) => declare(app, ['eu-1', 'us-1']));
    const second = output((app) => declare(app, ['us-1', 'eu-1']));

    // THEN
    expect(Object.keys(first.files).length).toBeGreaterThan(50);
    expect(second.files).toEqual(first.files);
    expect(second.charts).toEqual(first.charts);
  });
});

test('charts that are not KustomizeFolders write no folders', () => {
  // GIVEN an App with an OrderedChart only (Chart's Symbol.hasInstance makes `instanceof` true for any Chart)
  const app = Testing.app();
  new NginxIngress(new OrderedChart(app, 'plain'), 'ingress');

  // THEN
  expect(KustomizeFolder.folders(app)).toEqual([]);
  expect(KustomizeFolder.filesOf(app)).toEqual({});
});
