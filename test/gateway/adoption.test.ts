import { Testing } from 'cdk8s';
import { controllerArgs, expectSound, identities, synth, synthError, validationFailure } from './_helpers';
import { GatewayServiceType, IngressSelection, KsGateway, KsGatewayProps, WebhookCertificates } from '../../src';
import { findObject } from '../helpers/synth';

/**
 * Taking over running gateways without recreating what Kubernetes will not change in place:
 * a Deployment's selector is immutable, a Service's clusterIP is assigned once, a Job's pod
 * template is immutable. Expected values come from the reference (shared/reference/
 * kubesphere-gateway.md), not from our output.
 */

const CONTROLS = 'kubesphere-controls-system';

describe('gateways of the v3 operator (ks-controller-manager)', () => {
  // §2a: names <gw>, selector name/instance/component; Service ports http 80 and https 443,
  // plus "<port>-tcp" per controller.tcp entry.
  test('a project gateway keeps its names, namespace, selector, Service ports and pinned nodePorts', () => {
    // GIVEN what `kubectl get svc kubesphere-router-demo -n kubesphere-controls-system` shows
    const live = { http: 31080, https: 31443, tcp: { 5432: 30432 } };
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      ingressSelection: IngressSelection.NAMESPACE,
      controller: { tcp: { 5432: 'demo/postgres:5432' } },
      service: { type: GatewayServiceType.NODE_PORT, nodePorts: live },
    });
    const objects = synth(chart);
    // THEN
    const selector = {
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/instance': 'kubesphere-router-demo-ingress',
      'app.kubernetes.io/component': 'controller',
    };
    expect(findObject(objects, 'Deployment', 'kubesphere-router-demo', CONTROLS).spec.selector).toEqual({ matchLabels: selector });
    const service = findObject(objects, 'Service', 'kubesphere-router-demo', CONTROLS);
    expect(service.spec.selector).toEqual(selector);
    expect(service.spec.clusterIP).toBeUndefined();
    const ports = service.spec.ports.map(({ name, port, protocol, targetPort, nodePort }: any) => ({ name, port, protocol, targetPort, nodePort }));
    expect(ports).toEqual([
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 31080 },
      { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', nodePort: 31443 },
      { name: '5432-tcp', port: 5432, protocol: 'TCP', targetPort: '5432-tcp', nodePort: 30432 },
    ]);
    expect(findObject(objects, 'Service', 'kubesphere-router-demo-metrics', CONTROLS).spec.selector).toEqual(selector);
    expect(findObject(objects, 'ConfigMap', 'kubesphere-router-demo', CONTROLS)).toBeDefined();
    // (the tcp ConfigMap moves to the project, where the controller can see it: no running object to keep)
    expect(findObject(objects, 'ConfigMap', 'kubesphere-router-demo-tcp', 'demo')).toBeDefined();
    expect(controllerArgs(objects, 'kubesphere-router-demo')).toContain('--election-id=ingress-controller-leader-kubesphere-router-demo');
    expectSound(objects);
  });

  test('the cluster gateway keeps its names and selector', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', { ingressSelection: IngressSelection.NAMESPACE, service: { type: GatewayServiceType.NODE_PORT, nodePorts: { http: 30880, https: 30443 } } });
    const objects = synth(chart);
    // THEN
    const selector = {
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/instance': 'kubesphere-router-kubesphere-system-ingress',
      'app.kubernetes.io/component': 'controller',
    };
    expect(findObject(objects, 'Deployment', 'kubesphere-router-kubesphere-system', CONTROLS).spec.selector).toEqual({ matchLabels: selector });
    expect(findObject(objects, 'Service', 'kubesphere-router-kubesphere-system', CONTROLS).spec.selector).toEqual(selector);
  });
});

describe('legacy routers (KubeSphere 3.1 and older)', () => {
  // §5 "Legacy router": Deployment and Service kubesphere-router-<ns> in kubesphere-controls-system,
  // labels/selector app=kubesphere, component=ks-router, tier=backend, plus project=<ns>;
  // --election-id=kubesphere-router-<ns>.
  const LEGACY_SELECTOR = { app: 'kubesphere', component: 'ks-router', tier: 'backend', project: 'shop' };

  test('adoptLegacyRouter keeps the Deployment selector identical, and the pods carry it', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'shop', { project: 'shop', adoptLegacyRouter: true, ingressSelection: IngressSelection.NAMESPACE });
    const objects = synth(chart);
    // THEN
    const deployment = findObject(objects, 'Deployment', 'kubesphere-router-shop', CONTROLS);
    expect(deployment.spec.selector).toStrictEqual({ matchLabels: LEGACY_SELECTOR });
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(LEGACY_SELECTOR));
    expect(gw.selectorLabels).toStrictEqual(LEGACY_SELECTOR);
    expectSound(objects);
  });

  test('adoptLegacyRouter keeps the Service name and selector, and the election ID', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'shop', { project: 'shop', adoptLegacyRouter: true, service: { type: GatewayServiceType.NODE_PORT, nodePorts: { http: 30080, https: 30443 } } });
    const objects = synth(chart);
    // THEN
    const service = findObject(objects, 'Service', 'kubesphere-router-shop', CONTROLS);
    expect(service.spec.selector).toStrictEqual(LEGACY_SELECTOR);
    expect(service.spec.ports.map((p: any) => [p.port, p.nodePort])).toEqual([[80, 30080], [443, 30443]]);
    expect(findObject(objects, 'Service', 'kubesphere-router-shop-metrics', CONTROLS).spec.selector).toStrictEqual(LEGACY_SELECTOR);
    expect(controllerArgs(objects, 'kubesphere-router-shop', CONTROLS, 'nginx-ingress-controller')).toContain('--election-id=kubesphere-router-shop');
    // The anti-affinity follows the selector it keeps.
    const term = findObject(objects, 'Deployment', 'kubesphere-router-shop').spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.podAffinityTerm.labelSelector.matchExpressions).toEqual(Object.entries(LEGACY_SELECTOR).map(([key, value]) => ({ key, operator: 'In', values: [value] })));
  });

  test('adoptLegacyRouter keeps the container name nginx-ingress-controller: apply merges containers by name', () => {
    // GIVEN the legacy Deployment's only container, nginx-ingress-controller, binding 80 and 443
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'shop', { project: 'shop', adoptLegacyRouter: true, ingressSelection: IngressSelection.NAMESPACE });
    const objects = synth(chart);
    // THEN the rendered pod has that container and no other, so no second controller joins the old one
    const containers = findObject(objects, 'Deployment', 'kubesphere-router-shop', CONTROLS).spec.template.spec.containers;
    expect(containers.map((c: any) => c.name)).toEqual(['nginx-ingress-controller']);
    expect(containers[0].ports.filter((p: any) => ['http', 'https'].includes(p.name)).map((p: any) => p.containerPort)).toEqual([80, 443]);
    expect(gw.containerName).toBe('nginx-ingress-controller');
  });

  test('adoptLegacyRouter needs a project, kubesphere-controls-system and STANDALONE', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', { adoptLegacyRouter: true });
    new KsGateway(chart, 'own', { project: 'own', inProjectNamespace: true, adoptLegacyRouter: true });
    // THEN
    expect(synthError(chart)).toBe(validationFailure(
      ['test/cluster', 'adoptLegacyRouter needs a project: legacy routers were per project (got true)'],
      ['test/own', 'adoptLegacyRouter needs the gateway in kubesphere-controls-system, where legacy routers live (got "own")'],
    ));
  });

  test('a legacy router and a project gateway for the same project: one gateway per project', () => {
    // GIVEN (KubeSphere: "can't create project gateway if legacy gateway exists")
    const chart = Testing.chart();
    new KsGateway(chart, 'legacy', { project: 'shop', adoptLegacyRouter: true });
    // WHEN
    new KsGateway(chart, 'new', { project: 'shop' });
    // THEN
    expect(synthError(chart)).toBe(validationFailure(['KsGatewayRules',
      'kubesphere-router-shop (test/new) and kubesphere-router-shop (test/legacy) share the gateway name "kubesphere-router-shop": one gateway per project, and one cluster gateway']));
  });
});

describe('what Kubernetes will not change in place stays put when mutable props change', () => {
  interface Subject { readonly name: string; readonly gateway: string; readonly props: KsGatewayProps }
  const SUBJECTS: Subject[] = [
    { name: 'project gateway', gateway: 'kubesphere-router-demo', props: { project: 'demo' } },
    { name: 'cluster gateway', gateway: 'kubesphere-router-kubesphere-system', props: {} },
    {
      name: 'adopted legacy router',
      gateway: 'kubesphere-router-shop',
      props: { project: 'shop', adoptLegacyRouter: true, ingressSelection: IngressSelection.NAMESPACE, service: { type: GatewayServiceType.NODE_PORT } },
    },
  ];
  const WEBHOOK: KsGatewayProps = { nginx: { admissionWebhooks: { enabled: true } } };

  /** Each change, as props merged over the subject's (so the Service type flips either way). */
  const CHANGES: Array<[string, (base: KsGatewayProps) => KsGatewayProps]> = [
    ['replicas', () => ({ deployment: { replicas: 3 } })],
    ['resources', () => ({ deployment: { resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '1Gi' } } } })],
    ['config', () => ({ controller: { config: { 'worker-processes': '8', 'proxy-body-size': '64m' } } })],
    ['annotations', () => ({ deployment: { annotations: { 'servicemesh.kubesphere.io/enabled': 'true', 'example.com/owner': 'ops' } } })],
    ['service type', (base) => ({
      service: { type: base.service?.type === GatewayServiceType.NODE_PORT ? GatewayServiceType.LOAD_BALANCER : GatewayServiceType.NODE_PORT },
    })],
    ['service annotations', (base) => ({ service: { ...base.service, annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb' } } })],
    // A project gateway forwards only to Services of its project: it sees no other namespace.
    ['tcp ports', (base) => {
      const ns = base.project ?? 'demo';
      return { controller: { tcp: { 5432: `${ns}/postgres:5432`, 6379: `${ns}/redis:6379` } } };
    }],
    ['image tag', () => ({ image: { tag: 'v1.14.3' } })],
    ['ingressSelection', (base) => ({
      ingressSelection: base.ingressSelection === IngressSelection.NAMESPACE ? IngressSelection.INGRESS_CLASS : IngressSelection.NAMESPACE,
    })],
    ['nodeSelector and tolerations', () => ({
      nodeSelector: { 'node-role.kubernetes.io/edge': 'true' },
      tolerations: [{ key: 'node-role.kubernetes.io/edge', operator: 'Exists', effect: 'NoSchedule' }],
    })],
    ['extraArgs', () => ({ extraArgs: ['--enable-ssl-passthrough'] })],
  ];

  /** The immutable parts of a rendering: workload selector, Service clusterIPs, Job pod templates. */
  function immutables(objects: any[], gateway: string) {
    return {
      selector: findObject(objects, 'Deployment', gateway).spec.selector,
      clusterIPs: objects.filter((o) => o.kind === 'Service').map((o) => [o.metadata.name, o.spec.clusterIP]),
      jobs: objects.filter((o) => o.kind === 'Job').map((o) => [o.metadata.name, o.spec.template]),
    };
  }

  function render(props: KsGatewayProps): any[] {
    const chart = Testing.chart();
    new KsGateway(chart, 'gateway', props);
    return synth(chart);
  }

  describe.each([
    ['admission webhook off (KubeSphere)', {}],
    ['admission webhook on', WEBHOOK],
  ])('%s', (_, webhook) => {
    describe.each(SUBJECTS)('$name', (subject) => {
      const baseProps: KsGatewayProps = { ...subject.props, ...webhook };
      let baseline: any[];
      beforeAll(() => {
        baseline = render(baseProps);
      });

      test('baseline: no Service has a clusterIP; certgen Jobs only with the webhook', () => {
        const { clusterIPs, jobs } = immutables(baseline, subject.gateway);
        expect(clusterIPs.every(([, ip]) => ip === undefined)).toBe(true);
        expect(jobs.map(([name]) => name)).toEqual(webhook === WEBHOOK
          ? [`${subject.gateway}-admission-create`, `${subject.gateway}-admission-patch`]
          : []);
        expectSound(baseline);
      });

      test.each(CHANGES)('%s', (_change, change) => {
        // GIVEN the subject rendered before (baseline)
        // WHEN one mutable prop changes
        const changed = render({ ...baseProps, ...change(baseProps) });
        // THEN the output changed, and none of what is immutable did
        expect(changed).not.toEqual(baseline);
        expect(immutables(changed, subject.gateway)).toEqual(immutables(baseline, subject.gateway));
        expect(identities(changed, 'Job')).toEqual(identities(baseline, 'Job'));
        expectSound(changed);
      });
    });
  });
  describe('certgen Jobs that outlive their run (TTL above 0, no Argo CD hooks)', () => {
    const KEPT: KsGatewayProps = {
      nginx: { admissionWebhooks: { enabled: true, certificates: WebhookCertificates.certgen({ ttlSecondsAfterFinished: 3600 }) } },
    };
    const JOB_CHANGES: Array<[string, (base: KsGatewayProps) => KsGatewayProps]> = [
      ...CHANGES,
      ['imagePullSecrets', (base) => ({ nginx: { ...base.nginx, imagePullSecrets: ['regcred'] } })],
      ['commonLabels', (base) => ({ nginx: { ...base.nginx, commonLabels: { team: 'web' } } })],
    ];
    const jobsByName = (objects: any[]) => new Map(objects.filter((o) => o.kind === 'Job').map((o) => [o.metadata.name, o.spec.template]));

    test.each(JOB_CHANGES)('%s: a Job that keeps its name keeps its pod template', (_change, change) => {
      // GIVEN
      const baseline = jobsByName(render({ project: 'demo', ...KEPT }));
      // WHEN
      const changed = jobsByName(render({ project: 'demo', ...KEPT, ...change({ project: 'demo', ...KEPT }) }));
      // THEN
      expect(changed.size).toBe(2);
      for (const [name, template] of changed) {
        if (baseline.has(name)) expect(template).toEqual(baseline.get(name));
      }
    });

    test('the name changes with the template and stays a valid job-name label', () => {
      const before = [...jobsByName(render({ project: 'demo', ...KEPT })).keys()];
      const after = [...jobsByName(render({ project: 'demo', ...KEPT, nginx: { ...KEPT.nginx, imagePullSecrets: ['regcred'] } })).keys()];
      expect(before).toEqual([expect.stringMatching(/^kubesphere-router-demo-admission-create-[0-9a-f]{6}$/), expect.stringMatching(/^kubesphere-router-demo-admission-patch-[0-9a-f]{6}$/)]);
      expect(after.filter((n) => before.includes(n))).toEqual([]);
    });
  });
});
