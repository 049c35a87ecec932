import { Testing } from 'cdk8s';
import { controllerArgs, controllerContainer, expectSound, identities, referenceSelector, synth, synthError } from './_helpers';
import { GatewayServiceType, IngressSelection, KsGateway, KsGatewayProps, RenderMode } from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { findObject } from '../helpers/synth';

/**
 * Conformance with KubeSphere v3.4.1 as documented in shared/reference/kubesphere-gateway.md
 * (cited by section). Every expectation below is written from the reference, never from our
 * output; where this library chooses to differ, the difference is declared in DEVIATIONS and
 * applied to the reference value explicitly, so a reader sees both.
 */

// ------------------------------------------------------------------ the reference, transcribed

/** §4 Constants. */
const WORKING_NAMESPACE = 'kubesphere-controls-system';
const GATEWAY_PREFIX = 'kubesphere-router-';
const GLOBAL_GATEWAY_NAME = 'kubesphere-router-kubesphere-system';

/** §2a Common labels (plus component), less those that name Helm and the chart version. */
function referenceLabels(gw: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/instance': `${gw}-ingress`,
    'app.kubernetes.io/part-of': 'ingress-nginx',
    'app.kubernetes.io/component': 'controller',
  };
}

/** §2a Args, in the chart's order. */
function referenceArgs(gw: string, o: { loadBalancer: boolean; tcp?: boolean; udp?: boolean; project?: string }): string[] {
  return [
    '/nginx-ingress-controller',
    ...(o.loadBalancer ? [`--publish-service=$(POD_NAMESPACE)/${gw}`] : []),
    `--election-id=ingress-controller-leader-${gw}`,
    '--controller-class=k8s.io/ingress-nginx',
    '--ingress-class=nginx',
    `--configmap=$(POD_NAMESPACE)/${gw}`,
    ...(o.tcp ? [`--tcp-services-configmap=$(POD_NAMESPACE)/${gw}-tcp`] : []),
    ...(o.udp ? [`--udp-services-configmap=$(POD_NAMESPACE)/${gw}-udp`] : []),
    ...(o.project ? [`--watch-namespace=${o.project}`] : []),
    '--watch-ingress-without-class=true',
  ];
}

/** §2a Objects: namespaced ones named `<gw>`, cluster-scoped ones named `<gw>`, the metrics Service. */
function referenceObjects(gw: string, ns: string, o: { tcp?: boolean; pdb?: boolean } = {}): string[] {
  return [
    `ServiceAccount/${ns}/${gw}`, `ConfigMap/${ns}/${gw}`, `Role/${ns}/${gw}`, `RoleBinding/${ns}/${gw}`,
    `Service/${ns}/${gw}`, `Deployment/${ns}/${gw}`, `ServiceMonitor/${ns}/${gw}`,
    ...(o.pdb ? [`PodDisruptionBudget/${ns}/${gw}`] : []),
    `ClusterRole/-/${gw}`, `ClusterRoleBinding/-/${gw}`,
    `Service/${ns}/${gw}-metrics`,
    ...(o.tcp ? [`ConfigMap/${ns}/${gw}-tcp`] : []),
  ];
}

/** §5 Legacy router of project `ns`. */
function legacySelector(ns: string): Record<string, string> {
  return { app: 'kubesphere', component: 'ks-router', tier: 'backend', project: ns };
}

// ------------------------------------------------------------------ declared deviations

/**
 * Where this library deliberately differs from what KubeSphere renders. Each is applied to the
 * reference value by the tests below; nothing else may differ.
 */
const DEVIATIONS = {
  /**
   * Every KubeSphere gateway claims `k8s.io/ingress-nginx`, so two gateways (or any other
   * ingress-nginx) contend for `ingressClassName`s of that controller. Ours claim
   * `kubesphere.io/<gw>`, unique per gateway (a whole-app rule). Class-less Ingresses and the
   * `kubernetes.io/ingress.class: nginx` annotation, which KubeSphere v3 itself uses, are
   * served the same.
   */
  controllerClass: (gw: string) => `--controller-class=kubesphere.io/${gw}`,
  /** Chart 4.15.1 renders `--enable-metrics=true`; chart 4.2.5 left it to the controller default (true). */
  enableMetrics: '--enable-metrics=true',
  /** No ServiceMonitor yet: monitoring is a later construct (src/monitoring/). */
  serviceMonitor: 'ServiceMonitor',
  /**
   * A project gateway outside its project keeps its tcp/udp ConfigMaps in the project: ingress-nginx
   * reads them through informers limited to the watched namespace (store.go), so KubeSphere's, in the
   * gateway's namespace, were never seen.
   */
  streamsIn: (project: string) => (arg: string) => arg.replace(/^(--(?:tcp|udp)-services-configmap=)\$\(POD_NAMESPACE\)\//, `$1${project}/`),
  /**
   * The same controller reads its own ConfigMap only at startup: a pod annotation with the
   * checksum of the data rolls the pods when it changes.
   */
  configChecksum: 'checksum/config',
};

/** The reference args with the declared deviations; `streamsIn` for a project gateway outside its project. */
function withDeviations(args: string[], gw: string, o: { streamsIn?: string } = {}): string[] {
  const out = args
    .map((a) => (a === '--controller-class=k8s.io/ingress-nginx' ? DEVIATIONS.controllerClass(gw) : a))
    .map(o.streamsIn !== undefined ? DEVIATIONS.streamsIn(o.streamsIn) : (a) => a);
  return [...out, DEVIATIONS.enableMetrics];
}

function withoutServiceMonitor(objects: string[]): string[] {
  return objects.filter((o) => !o.startsWith(`${DEVIATIONS.serviceMonitor}/`));
}

/** KubeSphere v3 selects Ingresses by namespace: the mode that conforms. */
const V3: KsGatewayProps = { ingressSelection: IngressSelection.NAMESPACE };

// ------------------------------------------------------------------ tests

describe('§4 naming: where gateways live and what they are called', () => {
  test('the cluster gateway', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'cluster', V3);
    const objects = synth(chart);
    // THEN
    expect(gw.gatewayName).toBe(GLOBAL_GATEWAY_NAME);
    expect(gw.namespace).toBe(WORKING_NAMESPACE);
    expect(identities(objects).sort()).toEqual(withoutServiceMonitor(referenceObjects(GLOBAL_GATEWAY_NAME, WORKING_NAMESPACE)).sort());
    expectSound(objects);
  });

  test('a project gateway in the working namespace, with tcp and two replicas', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { ...V3, project: 'demo', deployment: { replicas: 2 }, controller: { tcp: { 5432: 'demo/postgres:5432' } } });
    const objects = synth(chart);
    // THEN (plus a Role and RoleBinding in the watched project: NginxIngress grants the reads there
    // instead of the chart's cluster-wide ClusterRole, which is narrowed to what a scoped controller needs)
    expect(gw.gatewayName).toBe(`${GATEWAY_PREFIX}demo`);
    const gwName = 'kubesphere-router-demo';
    const expected = withoutServiceMonitor(referenceObjects(gwName, WORKING_NAMESPACE, { tcp: true, pdb: true }))
      .map((o) => (o === `ConfigMap/${WORKING_NAMESPACE}/${gwName}-tcp` ? `ConfigMap/demo/${gwName}-tcp` : o)); // DEVIATIONS.streamsIn
    expect(identities(objects).filter((o) => !/^(Role|RoleBinding)\/demo\//.test(o)).sort()).toEqual(expected.sort());
    expectSound(objects);
  });

  test('a project gateway in its own namespace (gateway.namespace empty)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'team-a', { ...V3, project: 'team-a', inProjectNamespace: true });
    const objects = synth(chart);
    // THEN
    expect(identities(objects).sort()).toEqual(withoutServiceMonitor(referenceObjects('kubesphere-router-team-a', 'team-a')).sort());
  });

  test('§2a no IngressClass, no admission webhook, no default backend', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', V3);
    new KsGateway(chart, 'demo', { ...V3, project: 'demo', allowSharedIngresses: true });
    const objects = synth(chart);
    // THEN
    for (const kind of ['IngressClass', 'ValidatingWebhookConfiguration', 'Job']) expect(identities(objects, kind)).toEqual([]);
    expect(identities(objects).filter((o) => /defaultbackend|admission/.test(o))).toEqual([]);
  });
});

describe('§2a labels and selectors', () => {
  test.each([
    ['cluster gateway', GLOBAL_GATEWAY_NAME, {}],
    ['project gateway', 'kubesphere-router-demo', { project: 'demo' }],
  ])('%s: selector, pod labels, object labels, Service selectors', (_, gw, props) => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'gateway', { ...V3, ...props });
    const objects = synth(chart);
    // THEN
    const deployment = findObject(objects, 'Deployment', gw, WORKING_NAMESPACE);
    expect(deployment.spec.selector).toStrictEqual({ matchLabels: referenceSelector(gw) });
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(referenceSelector(gw)));
    for (const o of objects.filter((x) => x.metadata.namespace === WORKING_NAMESPACE)) {
      expect([o.kind, o.metadata.labels]).toEqual([o.kind, expect.objectContaining(referenceLabels(gw))]);
    }
    expect(findObject(objects, 'Service', gw).spec.selector).toStrictEqual(referenceSelector(gw));
    expect(findObject(objects, 'Service', `${gw}-metrics`).spec.selector).toStrictEqual(referenceSelector(gw));
  });

  test('§4 the console\'s pod selector (name and instance) matches the gateway pods', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { ...V3, project: 'demo' });
    // THEN
    const podLabels = findObject(synth(chart), 'Deployment', 'kubesphere-router-demo').spec.template.metadata.labels;
    expect(podLabels).toEqual(expect.objectContaining({
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/instance': 'kubesphere-router-demo-ingress',
    }));
  });
});

describe('§2 / §2a the controller as the adapter chart renders it', () => {
  test('cluster gateway, LoadBalancer (the values.yaml default type): args', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', V3);
    // THEN
    expect(controllerArgs(synth(chart), GLOBAL_GATEWAY_NAME))
      .toEqual(withDeviations(referenceArgs(GLOBAL_GATEWAY_NAME, { loadBalancer: true }), GLOBAL_GATEWAY_NAME));
  });

  test('project gateway, NodePort, tcp and udp: args', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      ...V3,
      project: 'demo',
      service: { type: GatewayServiceType.NODE_PORT },
      controller: { tcp: { 5432: 'demo/postgres:5432' }, udp: { 53: 'demo/dns:53' } },
    });
    // THEN
    const gw = 'kubesphere-router-demo';
    expect(controllerArgs(synth(chart), gw))
      .toEqual(withDeviations(referenceArgs(gw, { loadBalancer: false, tcp: true, udp: true, project: 'demo' }), gw, { streamsIn: 'demo' }));
  });

  test('container "controller", ports http 80, https 443, http-metrics 10254; metrics Service port http-metrics', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { ...V3, project: 'demo' });
    const objects = synth(chart);
    // THEN
    const container = controllerContainer(objects, 'kubesphere-router-demo');
    expect(container.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['http', 80], ['https', 443], ['http-metrics', 10254]]);
    expect(findObject(objects, 'Service', 'kubesphere-router-demo-metrics').spec).toEqual(expect.objectContaining({
      type: 'ClusterIP',
      ports: [expect.objectContaining({ name: 'http-metrics', port: 10254 })],
    }));
  });

  test('values.yaml defaults: 1 replica, requests cpu 100m memory 90Mi, Service LoadBalancer', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { ...V3, project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Deployment', 'kubesphere-router-demo').spec.replicas).toBe(1);
    expect(controllerContainer(objects, 'kubesphere-router-demo').resources).toEqual({ requests: { cpu: '100m', memory: '90Mi' } });
    expect(findObject(objects, 'Service', 'kubesphere-router-demo').spec.type).toBe('LoadBalancer');
  });

  test('field mapping: service.annotations, config, servicemesh annotation, deployment annotations/replicas/resources', () => {
    // GIVEN
    const chart = Testing.chart();
    const spec = {
      service: { type: GatewayServiceType.NODE_PORT, annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb' } },
      controller: { config: { 'worker-processes': '4' } },
      deployment: {
        replicas: 2,
        annotations: { 'servicemesh.kubesphere.io/enabled': 'true' },
        resources: { requests: { cpu: '200m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      },
    };
    // WHEN
    new KsGateway(chart, 'demo', { ...V3, project: 'demo', ...spec });
    const objects = synth(chart);
    // THEN
    const gw = 'kubesphere-router-demo';
    expect(findObject(objects, 'Service', gw).metadata.annotations).toEqual(spec.service.annotations); // controller.service.annotations
    expect(findObject(objects, 'ConfigMap', gw).data).toEqual(expect.objectContaining(spec.controller.config)); // controller.config → ConfigMap <gw>
    const deployment = findObject(objects, 'Deployment', gw);
    expect(deployment.spec.template.metadata.annotations).toEqual({ // controller.podAnnotations
      'sidecar.istio.io/inject': 'true',
      [DEVIATIONS.configChecksum]: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(deployment.metadata.annotations).toEqual(spec.deployment.annotations); // controller.annotations
    expect(deployment.spec.replicas).toBe(2); // controller.replicaCount
    expect(controllerContainer(objects, gw).resources).toEqual(spec.deployment.resources); // controller.resources
  });

  test('controller.replicas and controller.annotations are reserved and unused', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { ...V3, project: 'demo', controller: { replicas: 5, annotations: { a: 'b' } } });
    const deployment = findObject(synth(chart), 'Deployment', 'kubesphere-router-demo');
    // THEN
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.metadata.annotations).toBeUndefined();
  });

  test('preferred podAntiAffinity: weight 100, kubernetes.io/hostname, the three selector labels', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', V3);
    // THEN
    const affinity = findObject(synth(chart), 'Deployment', GLOBAL_GATEWAY_NAME).spec.template.spec.affinity;
    expect(affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
      weight: 100,
      podAffinityTerm: {
        topologyKey: 'kubernetes.io/hostname',
        labelSelector: {
          matchExpressions: Object.entries(referenceSelector(GLOBAL_GATEWAY_NAME)).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
        },
      },
    }]);
  });
});

describe('§5 the rules of pkg/models/gateway', () => {
  test('overrideDefaultValue: a project gateway\'s scope is {enabled: true, namespace: <project>}', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', renderMode: RenderMode.OPERATOR });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Gateway', 'kubesphere-router-demo').spec.controller.scope).toEqual({ enabled: true, namespace: 'demo' });
    expectValidManifests(objects);
  });

  test('the namespace "kubesphere-system" means the cluster gateway, in kubesphere-controls-system', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'gateway', { project: 'kubesphere-system', renderMode: RenderMode.OPERATOR });
    const objects = synth(chart);
    // THEN
    expect(gw.gatewayName).toBe(GLOBAL_GATEWAY_NAME);
    expect(findObject(objects, 'Gateway', GLOBAL_GATEWAY_NAME).metadata.namespace).toBe(WORKING_NAMESPACE);
    expect(findObject(objects, 'Gateway', GLOBAL_GATEWAY_NAME).spec.controller).toBeUndefined(); // no forced scope
  });

  test('CreateGateway: no project gateway while the cluster gateway exists (both class-less)', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', V3);
    // WHEN
    new KsGateway(chart, 'demo', { ...V3, project: 'demo' });
    // THEN
    expect(synthError(chart)).toContain('"can\'t create project gateway if global gateway enabled"');
  });

  test('CreateGateway: no second cluster gateway', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'one', V3);
    // WHEN
    new KsGateway(chart, 'two', V3);
    // THEN
    expect(synthError(chart)).toContain(`share the gateway name "${GLOBAL_GATEWAY_NAME}"`);
  });

  test('CreateGateway: no project gateway while a legacy gateway exists for the project', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'legacy', { ...V3, project: 'shop', adoptLegacyRouter: true });
    // WHEN
    new KsGateway(chart, 'new', { ...V3, project: 'shop' });
    // THEN
    expect(synthError(chart)).toContain('share the gateway name "kubesphere-router-shop"');
  });

  test('a project gateway cannot watch another namespace, nor be unscoped', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'a', { project: 'a', controller: { scope: { namespace: 'b' } } });
    new KsGateway(chart, 'b', { project: 'b', controller: { scope: { enabled: false } } });
    // THEN
    const error = synthError(chart);
    expect(error).toContain('[test/a] controller.scope.namespace must be the project "a"');
    expect(error).toContain('[test/b] controller.scope.enabled cannot be false for a project gateway');
  });
});

describe('§5 legacy routers: what adoption keeps', () => {
  test('Deployment and Service kubesphere-router-<ns> in kubesphere-controls-system, with the legacy selector and election ID', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'shop', { ...V3, project: 'shop', adoptLegacyRouter: true });
    const objects = synth(chart);
    // THEN
    const deployment = findObject(objects, 'Deployment', 'kubesphere-router-shop', WORKING_NAMESPACE);
    expect(deployment.spec.selector).toStrictEqual({ matchLabels: legacySelector('shop') });
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(legacySelector('shop')));
    expect(findObject(objects, 'Service', 'kubesphere-router-shop', WORKING_NAMESPACE).spec.selector).toStrictEqual(legacySelector('shop'));
    expect(controllerArgs(objects, 'kubesphere-router-shop', WORKING_NAMESPACE, 'nginx-ingress-controller')).toContain('--election-id=kubesphere-router-shop');
    expect(controllerArgs(objects, 'kubesphere-router-shop', WORKING_NAMESPACE, 'nginx-ingress-controller')).toContain('--watch-namespace=shop');
    expectSound(objects);
  });

  test('the container keeps the legacy name nginx-ingress-controller, so an apply replaces the old container instead of adding one', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'shop', { ...V3, project: 'shop', adoptLegacyRouter: true });
    const objects = synth(chart);
    // THEN
    const pod = findObject(objects, 'Deployment', 'kubesphere-router-shop', WORKING_NAMESPACE).spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['nginx-ingress-controller']);
    expect(gw.containerName).toBe('nginx-ingress-controller');
  });
});
