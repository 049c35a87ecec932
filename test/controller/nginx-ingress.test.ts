import { Testing } from 'cdk8s';
import { args, findObject, kindsAndNames, podSpec, synth, synthYaml, workload } from './_render';
import {
  ExternalTrafficPolicy, NginxIngress, PodSecurityLevel, ServiceType, UpdateStrategyType, WebhookCertificates, WorkloadKind,
} from '../../src';
import { expectValidManifests } from '../helpers/schema';

/**
 * NginxIngress as a whole: the default render, naming (the chart's `_helpers.tpl`), namespace
 * handling, and snapshots of a few rich configurations. Other files cover one area each.
 */

describe('default render', () => {
  test('renders the chart defaults, in the order of the static manifests', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(objects)).toEqual([
      'ServiceAccount/ingress-nginx',
      'ServiceAccount/ingress-nginx-admission',
      'Role/ingress-nginx',
      'Role/ingress-nginx-admission',
      'ClusterRole/ingress-nginx',
      'ClusterRole/ingress-nginx-admission',
      'RoleBinding/ingress-nginx',
      'RoleBinding/ingress-nginx-admission',
      'ClusterRoleBinding/ingress-nginx',
      'ClusterRoleBinding/ingress-nginx-admission',
      'ConfigMap/ingress-nginx-controller',
      'Service/ingress-nginx-controller',
      'Service/ingress-nginx-controller-admission',
      'Deployment/ingress-nginx-controller',
      'Job/ingress-nginx-admission-create',
      'Job/ingress-nginx-admission-patch',
      'IngressClass/nginx',
      'ValidatingWebhookConfiguration/ingress-nginx-admission',
    ]);
    expect(workload(objects).spec.replicas).toBe(1);
    expect(findObject(objects, 'Service', 'ingress-nginx-controller').spec.type).toBe('LoadBalancer');
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('every selector selects the pod labels of its workload', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { metrics: { enabled: true }, defaultBackend: { enabled: true } });

    // THEN
    const objects = synth(chart);
    const podLabels = workload(objects).spec.template.metadata.labels;
    const selector = workload(objects).spec.selector.matchLabels;
    expect(selector).toEqual({
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/instance': 'ingress-nginx',
      'app.kubernetes.io/component': 'controller',
    });
    expect(podLabels).toMatchObject(selector);
    for (const name of ['ingress-nginx-controller', 'ingress-nginx-controller-admission', 'ingress-nginx-controller-metrics']) {
      expect(findObject(objects, 'Service', name).spec.selector).toEqual(selector);
    }
    const backend = findObject(objects, 'Deployment', 'ingress-nginx-defaultbackend');
    expect(backend.spec.template.metadata.labels).toMatchObject(backend.spec.selector.matchLabels);
    expect(findObject(objects, 'Service', 'ingress-nginx-defaultbackend').spec.selector).toEqual(backend.spec.selector.matchLabels);
  });

  test('exposes the names it renders for other constructs to read', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const ingress = new NginxIngress(chart, 'ingress', { releaseName: 'edge', metrics: { enabled: true } });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).metadata.name).toBe(ingress.workloadName);
    expect(findObject(objects, 'Service', ingress.serviceName).spec.type).toBe('LoadBalancer');
    expect(findObject(objects, 'ConfigMap', ingress.configMapName)).toBeDefined();
    expect(findObject(objects, 'ServiceAccount', ingress.serviceAccountName)).toBeDefined();
    expect(findObject(objects, 'Service', ingress.metricsServiceName!).spec.ports[0].port).toBe(ingress.metricsPort);
    expect(workload(objects).spec.selector.matchLabels).toEqual(ingress.selectorLabels);
    expect(args(objects)).toContain(`--election-id=${ingress.electionId}`);
  });
});

describe('timeBuckets: the request-time histogram buckets, as the controller parses --time-buckets', () => {
  test.each<[string, string[], number[]]>([
    ['no flag: Prometheus\' default buckets', [], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]],
    ['--flag=value replaces the default', ['--time-buckets=0.5,1,30'], [0.5, 1, 30]],
    ['--flag value, then a second flag that adds to the first', ['--time-buckets', '1,2', '--v=2', '--time-buckets=60'], [1, 2, 60]],
    ['what is not a finite number is left out', ['--time-buckets=1,,abc,+Inf,5'], [1, 5]],
    ['other flags that start alike are not it', ['--time-buckets-extra=99'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]],
  ])('%s', (_, extraArgs, expected) => {
    // GIVEN / WHEN
    const ingress = new NginxIngress(Testing.chart(), 'ingress', { extraArgs });

    // THEN
    expect(ingress.timeBuckets).toEqual(expected);
  });

  test('an argument added later counts', () => {
    // GIVEN
    const ingress = new NginxIngress(Testing.chart(), 'ingress', {});

    // WHEN
    ingress.addExtraArg('--time-buckets=20');

    // THEN
    expect(ingress.timeBuckets).toEqual([20]);
  });
});

describe('names (the chart\'s _helpers.tpl)', () => {
  test('a release name without "ingress-nginx" gets it appended', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { releaseName: 'edge' });

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(objects)).toEqual(expect.arrayContaining([
      'ServiceAccount/edge-ingress-nginx',
      'ConfigMap/edge-ingress-nginx-controller',
      'Service/edge-ingress-nginx-controller',
      'Service/edge-ingress-nginx-controller-admission',
      'Deployment/edge-ingress-nginx-controller',
      'Job/edge-ingress-nginx-admission-create',
      'ValidatingWebhookConfiguration/edge-ingress-nginx-admission',
    ]));
    expect(workload(objects).metadata.labels['app.kubernetes.io/instance']).toBe('edge');
    expect(workload(objects).metadata.labels['app.kubernetes.io/name']).toBe('ingress-nginx');
    expect(args(objects)).toContain('--election-id=edge-ingress-nginx-leader');
  });

  test('a release name containing "ingress-nginx" is used as it is', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { releaseName: 'prod-ingress-nginx-a' });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).metadata.name).toBe('prod-ingress-nginx-a-controller');
    expect(findObject(objects, 'ServiceAccount', 'prod-ingress-nginx-a')).toBeDefined();
    expect(workload(objects).metadata.labels['app.kubernetes.io/instance']).toBe('prod-ingress-nginx-a');
  });

  test('fullnameOverride replaces the release-derived base of every name, not the instance label', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { releaseName: 'edge', fullnameOverride: 'gw' });

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(objects)).toEqual(expect.arrayContaining([
      'ServiceAccount/gw', 'Role/gw', 'ClusterRole/gw', 'ConfigMap/gw-controller', 'Service/gw-controller',
      'Service/gw-controller-admission', 'Deployment/gw-controller', 'ValidatingWebhookConfiguration/gw-admission',
    ]));
    expect(workload(objects).metadata.labels['app.kubernetes.io/instance']).toBe('edge');
    expect(args(objects)).toContain('--election-id=gw-leader');
  });

  test('nameOverride changes the name label and the name appended to the release', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { releaseName: 'edge', nameOverride: 'nginx' });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).metadata.name).toBe('edge-nginx-controller');
    expect(workload(objects).spec.selector.matchLabels['app.kubernetes.io/name']).toBe('nginx');
    expect(workload(objects).metadata.labels['app.kubernetes.io/part-of']).toBe('nginx');
  });

  test('a release name containing the nameOverride is used as it is', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { releaseName: 'public-nginx', nameOverride: 'nginx' });

    // THEN
    expect(workload(synth(chart)).metadata.name).toBe('public-nginx-controller');
  });

  test('names are truncated to 63 characters without a trailing "-"', () => {
    // GIVEN: 47 + "-ingress-nginx" = 61 characters; "-controller" would make it 72
    const chart = Testing.chart();
    const release = 'r'.repeat(47);

    // WHEN
    new NginxIngress(chart, 'ingress', { releaseName: release, admissionWebhooks: { enabled: false } });

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'ServiceAccount', `${release}-ingress-nginx`)).toBeDefined();
    expect(workload(objects).metadata.name).toBe(`${release}-ingress-nginx-c`);
    expectValidManifests(objects);
  });

  test('a truncation that ends in "-" drops it', () => {
    // GIVEN: fullname "f…f-x" of 62 characters; "-controller" cut at 63 ends in "-"
    const chart = Testing.chart();
    const fullname = `${'f'.repeat(60)}-x`;

    // WHEN
    new NginxIngress(chart, 'ingress', { fullnameOverride: fullname, admissionWebhooks: { enabled: false } });

    // THEN
    expect(workload(synth(chart)).metadata.name).toBe(fullname);
  });

  test('controllerName "" names the controller objects after the fullname', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { controllerName: '' });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).metadata.name).toBe('ingress-nginx');
    expect(findObject(objects, 'Service', 'ingress-nginx-admission').spec.type).toBe('ClusterIP');
  });

  test('commonLabels land on every object and pod template', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { commonLabels: { team: 'edge' }, defaultBackend: { enabled: true } });

    // THEN
    const objects = synth(chart);
    for (const o of objects) expect([`${o.kind}/${o.metadata.name}`, o.metadata.labels.team]).toEqual([`${o.kind}/${o.metadata.name}`, 'edge']);
    for (const o of objects.filter((x) => x.spec?.template)) expect(o.spec.template.metadata.labels.team).toBe('edge');
  });
});

describe('namespace', () => {
  test('every namespaced object, subject and service reference uses the namespace', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { namespace: 'edge-system', metrics: { enabled: true } });

    // THEN
    const objects = synth(chart);
    const clusterScoped = ['ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'ValidatingWebhookConfiguration'];
    for (const o of objects) {
      const expected = clusterScoped.includes(o.kind) ? undefined : 'edge-system';
      expect([`${o.kind}/${o.metadata.name}`, o.metadata.namespace]).toEqual([`${o.kind}/${o.metadata.name}`, expected]);
    }
    for (const binding of objects.filter((o) => o.kind.endsWith('Binding'))) {
      expect(binding.subjects.map((s: any) => s.namespace)).toEqual(['edge-system']);
    }
    const vwc = findObject(objects, 'ValidatingWebhookConfiguration', 'ingress-nginx-admission');
    expect(vwc.webhooks[0].clientConfig.service.namespace).toBe('edge-system');
  });

  test('no Namespace object by default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    expect(synth(chart).filter((o) => o.kind === 'Namespace')).toEqual([]);
  });

  test('createNamespace renders the Namespace first, with the kustomize labels', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { namespace: 'edge-system', releaseName: 'edge', createNamespace: true });

    // THEN
    const [first] = synth(chart);
    expect(first).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'edge-system',
        labels: { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/name': 'ingress-nginx' },
      },
    });
  });
});

describe('rich configurations', () => {
  test('production Deployment: HA, metrics, cert-manager, TCP, NetworkPolicy', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      releaseName: 'public',
      namespace: 'edge',
      replicas: 3,
      updateStrategy: { type: UpdateStrategyType.ROLLING_UPDATE, maxSurge: 1, maxUnavailable: 0 },
      minReadySeconds: 10,
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [{
            weight: 100,
            podAffinityTerm: {
              topologyKey: 'kubernetes.io/hostname',
              labelSelector: { matchLabels: { 'app.kubernetes.io/instance': 'public', 'app.kubernetes.io/component': 'controller' } },
            },
          }],
        },
      },
      service: { externalTrafficPolicy: ExternalTrafficPolicy.LOCAL, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } },
      config: { useForwardedHeaders: true, proxyBodySize: '16m' },
      metrics: { enabled: true },
      tcp: { 5432: 'db/postgres:5432' },
      admissionWebhooks: { certificates: WebhookCertificates.certManager(), allowedSources: ['10.0.0.0/24'] },
      podDisruptionBudget: { maxUnavailable: 1 },
    });

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(objects)).toEqual(expect.arrayContaining([
      'PodDisruptionBudget/public-ingress-nginx-controller',
      'Certificate/public-ingress-nginx-admission',
      'NetworkPolicy/public-ingress-nginx-controller',
      'ConfigMap/public-ingress-nginx-tcp',
      'Service/public-ingress-nginx-controller-metrics',
    ]));
    expect(objects.filter((o) => o.kind === 'Job')).toEqual([]);
    expectValidManifests(objects);
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('host-network DaemonSet watching its own namespace, with a default backend', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      releaseName: 'tenant-a',
      namespace: 'tenant-a', // the default backend must live where the controller looks
      kind: WorkloadKind.DAEMON_SET,
      hostNetwork: true,
      podSecurityLevel: PodSecurityLevel.PRIVILEGED,
      updateStrategy: { type: UpdateStrategyType.ROLLING_UPDATE, maxUnavailable: 1 },
      service: { type: ServiceType.CLUSTER_IP },
      watchNamespace: 'tenant-a',
      ingressClassResource: { name: 'tenant-a', controllerValue: 'k8s.io/tenant-a' },
      ingressClass: 'tenant-a',
      defaultBackend: { enabled: true },
      nodeSelector: { 'node-role.kubernetes.io/edge': '' },
      tolerations: [{ key: 'edge', operator: 'Exists', effect: 'NoSchedule' }],
    });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).kind).toBe('DaemonSet');
    expect(podSpec(objects).hostNetwork).toBe(true);
    expect(args(objects)).toContain('--watch-namespace=tenant-a');
    expectValidManifests(objects);
    expect(synthYaml(chart)).toMatchSnapshot();
  });

  test('autoscaled Deployment with certgen as Argo CD hooks', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      autoscaling: {
        minReplicas: 2,
        maxReplicas: 6,
        targetCpuUtilizationPercentage: 70,
        behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 180 }] } },
      },
      admissionWebhooks: { certificates: WebhookCertificates.certgen({ argoCdHooks: true }) },
      topologySpreadConstraints: [{
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller' } },
      }],
    });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).spec.replicas).toBeUndefined();
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'ingress-nginx-controller').spec.minReplicas).toBe(2);
    expect(findObject(objects, 'PodDisruptionBudget', 'ingress-nginx-controller').spec.minAvailable).toBe(1);
    expectValidManifests(objects);
    expect(synthYaml(chart)).toMatchSnapshot();
  });
});
