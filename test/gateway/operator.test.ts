import { Testing } from 'cdk8s';
import { synth, synthError, validationFailure } from './_helpers';
import {
  ExternalTrafficPolicy, GatewayServiceType, IngressSelection, KsGateway, RenderMode, WorkloadKind,
} from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { findObject } from '../helpers/synth';

/**
 * RenderMode.OPERATOR: only the gateway.kubesphere.io/v1alpha1 Gateway, for clusters where
 * ks-controller-manager still reconciles gateways. Every output is checked against the
 * KubeSphere CRD (expectValidManifests).
 */

const OPERATOR = RenderMode.OPERATOR;

describe('operator mode', () => {
  test('renders only the Gateway resources, valid against the KubeSphere CRD', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', { renderMode: OPERATOR });
    new KsGateway(chart, 'demo', { project: 'demo', renderMode: OPERATOR, allowSharedIngresses: true });
    const objects = synth(chart);
    // THEN
    expect(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'gateway.kubesphere.io/v1alpha1 Gateway kubesphere-controls-system/kubesphere-router-kubesphere-system',
      'gateway.kubesphere.io/v1alpha1 Gateway kubesphere-controls-system/kubesphere-router-demo',
    ]);
    expectValidManifests(objects);
  });

  test('the public fields name what the operator\'s chart renders (reference §2a, §4)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo', renderMode: OPERATOR });
    // THEN
    expect([gw.containerName, gw.metricsServiceName, gw.metricsPortName, gw.metricsPort])
      .toEqual(['controller', 'kubesphere-router-demo-metrics', 'http-metrics', 10254]);
  });

  test('a project gateway gets scope {enabled: true, namespace: <project>}, as KubeSphere forces', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo', renderMode: OPERATOR });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Gateway', 'kubesphere-router-demo').spec).toEqual({
      controller: { scope: { enabled: true, namespace: 'demo' } },
      service: { type: 'LoadBalancer' },
    });
    expect(gw.ingressSelection).toBe(IngressSelection.NAMESPACE);
    expect(gw.controller).toBeUndefined();
    expect(gw.resource).toBeDefined();
    expectValidManifests(objects);
  });

  test('the cluster gateway has no scope', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', { renderMode: OPERATOR, service: { type: GatewayServiceType.NODE_PORT } });
    // THEN
    expect(findObject(synth(chart), 'Gateway', 'kubesphere-router-kubesphere-system').spec).toEqual({ service: { type: 'NodePort' } });
  });

  test('every Gateway.spec field is carried over, resource quantities included', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      renderMode: OPERATOR,
      controller: { config: { 'worker-processes': '4' }, tcp: { 5432: 'demo/postgres:5432' }, udp: { 53: 'demo/dns:53' } },
      service: { type: GatewayServiceType.NODE_PORT, annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb' } },
      deployment: {
        replicas: 2,
        annotations: { 'servicemesh.kubesphere.io/enabled': 'false' },
        resources: { requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: 1, memory: '512Mi' } },
      },
    });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Gateway', 'kubesphere-router-demo').spec).toEqual({
      controller: {
        config: { 'worker-processes': '4' },
        tcp: { 5432: 'demo/postgres:5432' },
        udp: { 53: 'demo/dns:53' },
        scope: { enabled: true, namespace: 'demo' },
      },
      service: { type: 'NodePort', annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb' } },
      deployment: {
        replicas: 2,
        annotations: { 'servicemesh.kubesphere.io/enabled': 'false' },
        resources: { requests: { cpu: '200m', memory: '128Mi' }, limits: { cpu: 1, memory: '512Mi' } },
      },
    });
    expectValidManifests(objects);
  });

  test('inProjectNamespace puts the Gateway in the project (KubeSphere with an empty gateway.namespace)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'team-a', { project: 'team-a', inProjectNamespace: true, renderMode: OPERATOR });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Gateway', 'kubesphere-router-team-a').metadata.namespace).toBe('team-a');
    expectValidManifests(objects);
  });

  test('the whole-app rules apply: a project gateway beside the cluster gateway needs allowSharedIngresses', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', { renderMode: OPERATOR });
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', renderMode: OPERATOR });
    // THEN
    expect(synthError(chart)).toContain('[KsGatewayRules] kubesphere-router-demo (test/demo) and the cluster gateway kubesphere-router-kubesphere-system (test/cluster) would both serve');
  });

  test('standalone-only props are errors, each with its path, in one synth', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      renderMode: OPERATOR,
      ingressSelection: IngressSelection.INGRESS_CLASS,
      adoptLegacyRouter: true,
      nodeSelector: { edge: 'true' },
      tolerations: [{ key: 'edge', operator: 'Exists' }],
      image: { tag: 'v1.14.0' },
      extraArgs: ['--enable-ssl-passthrough'],
      kind: WorkloadKind.DAEMON_SET,
      nginx: { replicas: 2 },
      service: { type: GatewayServiceType.LOAD_BALANCER, nodePorts: { http: 30080 }, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
    });
    // THEN
    const why = 'cannot be expressed in a KubeSphere Gateway resource (renderMode OPERATOR); use renderMode STANDALONE';
    expect(synthError(chart)).toBe(validationFailure(
      ['test/demo', 'adoptLegacyRouter needs renderMode STANDALONE (the operator would delete the legacy Deployment) (got "Operator")'],
      ['test/demo', `nodeSelector ${why} (got {"edge":"true"})`],
      ['test/demo', `tolerations ${why} (got [{"key":"edge","operator":"Exists"}])`],
      ['test/demo', `image ${why} (got {"tag":"v1.14.0"})`],
      ['test/demo', `extraArgs ${why} (got ["--enable-ssl-passthrough"])`],
      ['test/demo', `kind ${why} (got "DaemonSet")`],
      ['test/demo', `nginx ${why} (got {"replicas":2})`],
      ['test/demo', `service.nodePorts ${why} (got {"http":30080})`],
      ['test/demo', `service.externalTrafficPolicy ${why} (got "Local")`],
      ['test/demo', 'ingressSelection must be NAMESPACE with renderMode OPERATOR: the KubeSphere v3 operator renders no IngressClass (got "IngressClass")'],
    ));
  });

  test('standalone-only props left at their defaults are no error', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', renderMode: OPERATOR, adoptLegacyRouter: false, hostNetwork: false, extraArgs: [] });
    // THEN
    expectValidManifests(synth(chart));
  });
});
