import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import { controllerArgs, controllerContainer, expectSound, identities, referenceSelector, synth, synthError, validationFailure } from './_helpers';
import { IngressSelection, KsGateway, RenderMode } from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { findObject } from '../helpers/synth';

/**
 * KsGateway.fromManifest: Gateway resources as kubectl returns them (fixtures/gateways.yaml:
 * the cluster gateway, a project gateway in kubesphere-controls-system forwarding TCP, and one
 * in its own project namespace) become KsGateways with the same names and selectors.
 */

const FIXTURES = path.join(__dirname, 'fixtures');
const GATEWAYS = fs.readFileSync(path.join(FIXTURES, 'gateways.yaml'), 'utf8');
const INVALID = fs.readFileSync(path.join(FIXTURES, 'invalid-gateways.yaml'), 'utf8');
const CONTROLS = 'kubesphere-controls-system';

/** The fixture's documents, as objects, to compare the output with. */
const SOURCE: any[] = parseAllDocuments(GATEWAYS).map((d) => d.toJS());

describe('round trip of Gateway resources read from a cluster', () => {
  test('one KsGateway per resource, named after it, in NAMESPACE mode (what v3 gateways do)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gateways = KsGateway.fromManifest(chart, GATEWAYS, { file: 'gateways.yaml', allowSharedIngresses: true });
    // THEN
    expect(gateways.map((g) => [g.node.id, g.gatewayName, g.namespace, g.project, g.watchNamespace, g.ingressSelection])).toEqual([
      ['kubesphere-router-kubesphere-system', 'kubesphere-router-kubesphere-system', CONTROLS, undefined, undefined, IngressSelection.NAMESPACE],
      ['kubesphere-router-demo', 'kubesphere-router-demo', CONTROLS, 'demo', 'demo', IngressSelection.NAMESPACE],
      ['kubesphere-router-team-b', 'kubesphere-router-team-b', 'team-b', 'team-b', 'team-b', IngressSelection.NAMESPACE],
    ]);
  });

  test.each(SOURCE.map((g) => [g.metadata.namespace, g.metadata.name]))('%s/%s keeps its names, namespace and selector', (namespace, name) => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    KsGateway.fromManifest(chart, GATEWAYS, { file: 'gateways.yaml', allowSharedIngresses: true });
    const objects = synth(chart);
    // THEN
    const selector = referenceSelector(name);
    expect(findObject(objects, 'Deployment', name, namespace).spec.selector).toEqual({ matchLabels: selector });
    expect(findObject(objects, 'Service', name, namespace).spec.selector).toEqual(selector);
    expect(findObject(objects, 'Service', `${name}-metrics`, namespace).spec.ports[0]).toEqual(expect.objectContaining({ name: 'http-metrics', port: 10254 }));
    expect(findObject(objects, 'ConfigMap', name, namespace)).toBeDefined();
    expect(controllerArgs(objects, name, namespace)).toEqual(expect.arrayContaining([
      `--election-id=ingress-controller-leader-${name}`,
      '--ingress-class=nginx',
      `--configmap=$(POD_NAMESPACE)/${name}`,
      '--watch-ingress-without-class=true',
    ]));
    expectSound(objects);
  });

  test('spec values reach the objects: service, deployment, controller config and tcp', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    KsGateway.fromManifest(chart, GATEWAYS, { file: 'gateways.yaml', allowSharedIngresses: true });
    const objects = synth(chart);
    // THEN the cluster gateway
    const cluster = 'kubesphere-router-kubesphere-system';
    expect(findObject(objects, 'Service', cluster).spec.type).toBe('NodePort');
    expect(findObject(objects, 'Deployment', cluster).spec.replicas).toBe(2);
    expect(findObject(objects, 'Deployment', cluster).spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': 'false' });
    expect(findObject(objects, 'ConfigMap', cluster).data['worker-processes']).toBe('4');
    expect(controllerArgs(objects, cluster).filter((a) => /^--(watch-namespace|publish-service)/.test(a))).toEqual([]);
    expect(identities(objects, 'PodDisruptionBudget')).toEqual([`PodDisruptionBudget/${CONTROLS}/${cluster}`]);
    // AND the project gateway forwarding TCP behind OpenELB
    const demo = 'kubesphere-router-demo';
    const service = findObject(objects, 'Service', demo);
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual(SOURCE[1].spec.service.annotations);
    expect(service.spec.ports.map((p: any) => p.name)).toEqual(['http', 'https', '5432-tcp']);
    expect(findObject(objects, 'ConfigMap', `${demo}-tcp`, 'demo').data).toEqual({ 5432: 'demo/postgres:5432' });
    expect(findObject(objects, 'ConfigMap', demo).data).toEqual(expect.objectContaining({ 'proxy-body-size': '16m', 'worker-processes': '4' }));
    expect(controllerContainer(objects, demo).resources).toEqual({ requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } });
    expect(controllerArgs(objects, demo)).toEqual(expect.arrayContaining([
      '--watch-namespace=demo',
      `--publish-service=$(POD_NAMESPACE)/${demo}`,
      `--tcp-services-configmap=demo/${demo}-tcp`,
    ]));
    expect(findObject(objects, 'Deployment', demo).spec.template.metadata.annotations)
      .toEqual({ 'sidecar.istio.io/inject': 'true', 'checksum/config': expect.stringMatching(/^[0-9a-f]{64}$/) });
    // AND the project gateway in its own namespace
    expect(controllerArgs(objects, 'kubesphere-router-team-b', 'team-b')).toContain('--watch-namespace=team-b');
  });

  test('without allowSharedIngresses, the project gateways beside the cluster gateway are reported', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    KsGateway.fromManifest(chart, GATEWAYS, { file: 'gateways.yaml' });
    // THEN
    const clash = (gw: string, ns: string): [string, string] => ['KsGatewayRules',
      `${gw} (test/${gw}) and the cluster gateway kubesphere-router-kubesphere-system (test/kubesphere-router-kubesphere-system) `
      + `would both serve the class-less Ingresses of namespace "${ns}": KubeSphere refuses this ("can't create project gateway if global gateway enabled"); `
      + 'use ingressSelection INGRESS_CLASS on either (CLI: --selection ingress-class), or set allowSharedIngresses: true on the project gateway (CLI: --allow-shared-ingresses) if both should serve them'];
    expect(synthError(chart)).toBe(validationFailure(clash('kubesphere-router-demo', 'demo'), clash('kubesphere-router-team-b', 'team-b')));
  });

  test('ingressSelection INGRESS_CLASS gives each gateway its own IngressClass', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    KsGateway.fromManifest(chart, GATEWAYS, { ingressSelection: IngressSelection.INGRESS_CLASS });
    const objects = synth(chart);
    // THEN
    expect(objects.filter((o) => o.kind === 'IngressClass').map((o) => [o.metadata.name, o.spec.controller])).toEqual([
      ['kubesphere-router-kubesphere-system', 'kubesphere.io/kubesphere-router-kubesphere-system'],
      ['kubesphere-router-demo', 'kubesphere.io/kubesphere-router-demo'],
      ['kubesphere-router-team-b', 'kubesphere.io/kubesphere-router-team-b'],
    ]);
    expectSound(objects);
  });

  test('renderMode OPERATOR writes the resources back: same names, namespaces and spec', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    KsGateway.fromManifest(chart, GATEWAYS, { renderMode: RenderMode.OPERATOR, allowSharedIngresses: true });
    const objects = synth(chart);
    // THEN
    expect(objects).toEqual(SOURCE.map((g) => ({
      apiVersion: 'gateway.kubesphere.io/v1alpha1',
      kind: 'Gateway',
      metadata: { name: g.metadata.name, namespace: g.metadata.namespace },
      spec: g.spec,
    })));
    expectValidManifests(objects);
  });
});

describe('invalid input', () => {
  test('one error lists every problem of every document, with file, document and field', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const read = () => KsGateway.fromManifest(chart, INVALID, { file: 'invalid-gateways.yaml' });
    // THEN
    expect(read).toThrow(new Error([
      'cannot read KubeSphere Gateway resources:',
      '  invalid-gateways.yaml: document 1 (kubesphere-router-alpha): spec.controller.image: unknown field (known: annotations, config, replicas, scope, tcp, udp)',
      '  invalid-gateways.yaml: document 2 (kubesphere-router-beta): spec.deployment.replicas: must be an integer (got string "2")',
      '  invalid-gateways.yaml: document 3 (edge-router): metadata.name: must be "kubesphere-router-<namespace>", the only name KubeSphere gives a gateway (got "edge-router")',
      '  invalid-gateways.yaml: document 4 (kubesphere-router-gamma): spec.service.type: must be LoadBalancer or NodePort, the types KubeSphere allows (got "ClusterIP")',
      '  invalid-gateways.yaml: document 5 (kubesphere-router-kubesphere-system): metadata.namespace: must be kubesphere-controls-system for the cluster gateway (got "kubesphere-system")',
    ].join('\n')));
    // AND nothing was declared
    expect(chart.node.children).toEqual([]);
  });

  test('several problems in one document are all listed', () => {
    // GIVEN
    const manifest = [
      'apiVersion: gateway.kubesphere.io/v1alpha1',
      'kind: Gateway',
      'metadata: {name: kubesphere-router-demo, namespace: kubesphere-controls-system, colour: blue}',
      'spec:',
      '  controller: {scope: {enabled: true, namespace: other}}',
      '  service: {type: ClusterIP, ports: []}',
      'extra: true',
    ].join('\n');
    // WHEN
    const read = () => KsGateway.fromManifest(Testing.chart(), manifest, { file: 'demo.yaml' });
    // THEN
    expect(read).toThrow(new Error([
      'cannot read KubeSphere Gateway resources:',
      '  demo.yaml: document 1 (kubesphere-router-demo): extra: unknown field (known: apiVersion, kind, metadata, spec, status)',
      '  demo.yaml: document 1 (kubesphere-router-demo): metadata.colour: unknown field',
      '  demo.yaml: document 1 (kubesphere-router-demo): spec.service.ports: unknown field (known: annotations, type)',
      '  demo.yaml: document 1 (kubesphere-router-demo): spec.service.type: must be LoadBalancer or NodePort, the types KubeSphere allows (got "ClusterIP")',
      '  demo.yaml: document 1 (kubesphere-router-demo): spec.controller.scope.namespace: must be the gateway\'s project "demo": KubeSphere forces it (got "other")',
    ].join('\n')));
  });

  test('another kind, a repeated gateway and broken YAML', () => {
    // GIVEN
    const manifest = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: kubesphere-router-demo-nginx, namespace: kubesphere-controls-system}',
      'data: {worker-processes: "4"}',
      '---',
      'apiVersion: gateway.kubesphere.io/v1alpha1',
      'kind: Gateway',
      'metadata: {name: kubesphere-router-demo, namespace: kubesphere-controls-system}',
      '---',
      'apiVersion: gateway.kubesphere.io/v1alpha1',
      'kind: Gateway',
      'metadata: {name: kubesphere-router-demo, namespace: demo}',
      '---',
      'spec: {service: {type: NodePort}',
    ].join('\n');
    // WHEN
    const read = () => KsGateway.fromManifest(Testing.chart(), manifest);
    // THEN (the file name defaults to "manifest")
    expect(read).toThrow(new Error([
      'cannot read KubeSphere Gateway resources:',
      '  manifest: document 1 (kubesphere-router-demo-nginx): apiVersion/kind: must be gateway.kubesphere.io/v1alpha1 Gateway (got v1/ConfigMap)',
      '  manifest: document 1 (kubesphere-router-demo-nginx): data: unknown field (known: apiVersion, kind, metadata, spec, status)',
      '  manifest: document 3 (kubesphere-router-demo): metadata.name: repeats document 2: one gateway per project, and one cluster gateway',
      '  manifest:14:33: invalid YAML (document 4): Flow map in block collection must be sufficiently indented and end with a }',
      '    spec: {service: {type: NodePort}',
      '                                    ^',
    ].join('\n')));
  });

  test('an alias bomb is refused with the document named, not expanded', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(() => KsGateway.fromManifest(Testing.chart(), bomb, { file: 'bomb.yaml' })).toThrow(new Error([
      'cannot read KubeSphere Gateway resources:',
      '  bomb.yaml: document 1: cannot expand YAML aliases: Excessive alias count indicates a resource exhaustion attack (an alias bomb?)',
    ].join('\n')));
  });

  test('a manifest without Gateway resources', () => {
    expect(() => KsGateway.fromManifest(Testing.chart(), '# nothing here\n---\n', { file: 'empty.yaml' }))
      .toThrow(new Error('cannot read KubeSphere Gateway resources:\n  empty.yaml: no Gateway resource found'));
  });
});

describe('a List, as `kubectl get gateways.gateway.kubesphere.io -A -o yaml` prints it', () => {
  test('gives the same gateways and manifests as the separate documents', () => {
    // GIVEN the fixture's resources wrapped in one v1 List
    const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: SOURCE };
    const fromDocuments = Testing.chart();
    const fromList = Testing.chart();
    // WHEN
    KsGateway.fromManifest(fromDocuments, GATEWAYS, { allowSharedIngresses: true });
    KsGateway.fromManifest(fromList, stringify(list), { allowSharedIngresses: true });
    // THEN
    expect(Testing.synth(fromList)).toEqual(Testing.synth(fromDocuments));
  });

  test('names the item of a bad resource in the error', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: gateway.kubesphere.io/v1alpha1\n  kind: Gateway\n'
      + '  metadata: {name: kubesphere-router-demo}\n  spec: {deployment: {replicas: "2"}}\n';
    expect(() => KsGateway.fromManifest(Testing.chart(), list, { file: 'list.yaml' })).toThrow(
      'cannot read KubeSphere Gateway resources:\n'
      + '  list.yaml: document 1 item 1 (kubesphere-router-demo): spec.deployment.replicas: must be an integer (got string "2")');
  });
});
