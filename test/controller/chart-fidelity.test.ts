import { Testing } from 'cdk8s';
import { container, findObject, ofKind, podSpec, synth, workload } from './_render';
import { NginxIngress, PodSecurityLevel, WorkloadKind } from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { synthError } from '../helpers/synth';

/**
 * Where NginxIngress used to differ from chart 4.15.1 at its edges. Each expected value is read
 * from the chart template named in the test (charts/ingress-nginx/templates at helm-chart-4.15.1)
 * rendered with the same values.
 */

describe('controller.labels (labels) go where the chart puts them', () => {
  test('on the pod template, ClusterRole and ClusterRoleBinding; not on the main, internal and metrics Services', () => {
    // GIVEN: values { controller: { labels: { tier: edge }, service.internal.annotations: {...}, metrics.enabled: true } }
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      labels: { tier: 'edge' },
      service: { internal: { annotations: { 'networking.gke.io/load-balancer-type': 'Internal' } } },
      metrics: { enabled: true },
    });

    // THEN
    const objects = synth(chart);
    const tier = (kind: string, name: string) => findObject(objects, kind, name).metadata.labels.tier;
    // `{{- with .Values.controller.labels }}` in these templates:
    expect(workload(objects).spec.template.metadata.labels.tier).toBe('edge'); // controller-deployment.yaml, pod template
    expect(tier('Deployment', 'ingress-nginx-controller')).toBe('edge');
    expect(tier('ClusterRole', 'ingress-nginx')).toBe('edge'); // clusterrole.yaml
    expect(tier('ClusterRoleBinding', 'ingress-nginx')).toBe('edge'); // clusterrolebinding.yaml
    expect(tier('ServiceAccount', 'ingress-nginx')).toBe('edge'); // controller-serviceaccount.yaml
    expect(tier('Role', 'ingress-nginx')).toBe('edge'); // controller-role.yaml
    expect(tier('RoleBinding', 'ingress-nginx')).toBe('edge'); // controller-rolebinding.yaml
    expect(tier('ConfigMap', 'ingress-nginx-controller')).toBe('edge'); // controller-configmap.yaml
    expect(tier('Service', 'ingress-nginx-controller-admission')).toBe('edge'); // controller-service-webhook.yaml
    expect(tier('IngressClass', 'nginx')).toBe('edge'); // controller-ingressclass.yaml
    // controller-service.yaml, -internal.yaml and -metrics.yaml do not include controller.labels:
    expect(tier('Service', 'ingress-nginx-controller')).toBeUndefined();
    expect(tier('Service', 'ingress-nginx-controller-internal')).toBeUndefined();
    expect(tier('Service', 'ingress-nginx-controller-metrics')).toBeUndefined();
    // ...and never the selector, nor the admission-webhook objects
    expect(workload(objects).spec.selector.matchLabels.tier).toBeUndefined();
    expect(tier('Job', 'ingress-nginx-admission-create')).toBeUndefined();
  });

  test('pod template labels in the chart\'s order: common, component, labels, podLabels (podLabels win)', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { labels: { tier: 'edge', team: 'net' }, podLabels: { team: 'web' } });

    // THEN
    const labels = workload(synth(chart)).spec.template.metadata.labels;
    expect(labels).toEqual({
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/instance': 'ingress-nginx',
      'app.kubernetes.io/version': '1.15.1',
      'app.kubernetes.io/part-of': 'ingress-nginx',
      'app.kubernetes.io/component': 'controller',
      'tier': 'edge',
      'team': 'web',
    });
  });

  test('labels that would change the selector are refused', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { labels: { 'app.kubernetes.io/component': 'edge' } });

    // THEN
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n  [test/ingress] labels["app.kubernetes.io/component"] would change the selector label '
      + 'app.kubernetes.io/component=controller; the selector is immutable and the pods must match it (got "edge")');
  });
});

test('service.labels go on the internal Service too (controller-service-internal.yaml)', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', {
    service: { labels: { exposure: 'lb' }, internal: { annotations: { 'networking.gke.io/load-balancer-type': 'Internal' } } },
  });

  // THEN
  const objects = synth(chart);
  expect(findObject(objects, 'Service', 'ingress-nginx-controller').metadata.labels.exposure).toBe('lb');
  expect(findObject(objects, 'Service', 'ingress-nginx-controller-internal').metadata.labels.exposure).toBe('lb');
  expect(findObject(objects, 'Service', 'ingress-nginx-controller-admission').metadata.labels.exposure).toBeUndefined();
});

describe('default backend PodDisruptionBudget (default-backend-poddisruptionbudget.yaml)', () => {
  test('replicas 2 renders one with minAvailable 1 selecting the default backend pods', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { defaultBackend: { enabled: true, replicas: 2 } });

    // THEN
    const objects = synth(chart);
    const pdb = findObject(objects, 'PodDisruptionBudget', 'ingress-nginx-defaultbackend');
    expect(pdb.metadata.labels['app.kubernetes.io/component']).toBe('default-backend');
    expect(pdb.spec).toEqual({
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'ingress-nginx',
          'app.kubernetes.io/instance': 'ingress-nginx',
          'app.kubernetes.io/component': 'default-backend',
        },
      },
      minAvailable: 1,
    });
    expect(findObject(objects, 'Deployment', 'ingress-nginx-defaultbackend').spec.template.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    expectValidManifests(objects);
  });

  test('none at 1 replica; maxUnavailable replaces minAvailable', () => {
    // GIVEN
    const one = Testing.chart();
    const three = Testing.chart();

    // WHEN
    new NginxIngress(one, 'ingress', { defaultBackend: { enabled: true } });
    new NginxIngress(three, 'ingress', { defaultBackend: { enabled: true, replicas: 3, podDisruptionBudget: { maxUnavailable: 1 } } });

    // THEN
    expect(ofKind(synth(one), 'PodDisruptionBudget')).toEqual([]);
    expect(findObject(synth(three), 'PodDisruptionBudget', 'ingress-nginx-defaultbackend').spec.maxUnavailable).toBe(1);
  });

  test('a budget that allows no eviction is refused', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { defaultBackend: { enabled: true, replicas: 2, podDisruptionBudget: { minAvailable: 2 } } });

    // THEN
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n  [test/ingress] defaultBackend.podDisruptionBudget blocks every node drain: '
      + 'minAvailable 2 with 2 replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one');
  });
});

test('with hostPorts, the TCP/UDP ports are host ports too (controller-deployment.yaml: hostPort: {{ $key }})', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  new NginxIngress(chart, 'ingress', {
    kind: WorkloadKind.DAEMON_SET,
    hostPorts: { http: 8080 },
    podSecurityLevel: PodSecurityLevel.PRIVILEGED,
    tcp: { 5432: 'db/postgres:5432' },
    udp: { 53: 'kube-system/kube-dns:53' },
  });

  // THEN
  const ports = container(synth(chart)).ports.map((p: any) => [p.name, p.containerPort, p.protocol, p.hostPort]);
  expect(ports).toEqual([
    ['http', 80, 'TCP', 8080],
    ['https', 443, 'TCP', 443],
    ['webhook', 8443, 'TCP', undefined],
    ['5432-tcp', 5432, 'TCP', 5432],
    ['53-udp', 53, 'UDP', 53],
  ]);
});

test('TCP/UDP ports in string order, as Go templates range over the tcp and udp maps', () => {
  // GIVEN
  const chart = Testing.chart();

  // WHEN
  const ingress = new NginxIngress(chart, 'ingress', { tcp: { 9000: 'a/x:9000', 10000: 'a/y:10000' } });
  ingress.addTcpService(2222, 'a/z:22');
  ingress.addUdpService(5353, 'a/dns:53');
  ingress.addUdpService(10053, 'a/dns:53');

  // THEN: "10000" < "2222" < "9000", "10053" < "5353"
  const objects = synth(chart);
  const names = ['10000-tcp', '2222-tcp', '9000-tcp', '10053-udp', '5353-udp'];
  expect(container(objects).ports.slice(3).map((p: any) => p.name)).toEqual(names);
  expect(findObject(objects, 'Service', 'ingress-nginx-controller').spec.ports.slice(2).map((p: any) => p.name)).toEqual(names);
});

describe('maps merge over the chart defaults, as Helm merges values', () => {
  test('resources with limits only keep the default requests', () => {
    // GIVEN: values controller.resources: { limits: { cpu: 1, memory: 512Mi } } over the default requests
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { resources: { limits: { cpu: '1', memory: '512Mi' } } });

    // THEN
    expect(container(synth(chart)).resources).toEqual({ requests: { cpu: '100m', memory: '90Mi' }, limits: { cpu: '1', memory: '512Mi' } });
  });

  test('a CPU request alone keeps the default memory request', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { resources: { requests: { cpu: '250m' } } });

    // THEN
    expect(container(synth(chart)).resources).toEqual({ requests: { cpu: '250m', memory: '90Mi' } });
  });

  test('a limit below a default request is refused, naming the default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { resources: { limits: { memory: '64Mi' } } });

    // THEN
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n  [test/ingress] resources.requests.memory must not exceed limits.memory (64Mi): '
      + 'the API server rejects such a pod (the default request; set it too) (got "90Mi")');
  });

  test('nodeSelector keeps kubernetes.io/os: linux, which a key of the same name overrides', () => {
    // GIVEN
    const merged = Testing.chart();
    const overridden = Testing.chart();

    // WHEN
    new NginxIngress(merged, 'ingress', { nodeSelector: { 'node-role.kubernetes.io/edge': '' } });
    new NginxIngress(overridden, 'ingress', { nodeSelector: { 'kubernetes.io/os': 'windows' } });

    // THEN
    expect(podSpec(synth(merged)).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/edge': '' });
    expect(podSpec(synth(overridden)).nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
  });
});

test('hostNetwork: dnsPolicy ClusterFirstWithHostNet unless set; dnsPolicy ClusterFirst renders what the chart renders', () => {
  // GIVEN: the chart keeps controller.dnsPolicy: ClusterFirst with hostNetwork (documented difference)
  const ours = Testing.chart();
  const chartLike = Testing.chart();

  // WHEN
  new NginxIngress(ours, 'ingress', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED });
  new NginxIngress(chartLike, 'ingress', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED, dnsPolicy: 'ClusterFirst' });

  // THEN
  expect(podSpec(synth(ours)).dnsPolicy).toBe('ClusterFirstWithHostNet');
  expect(podSpec(synth(chartLike)).dnsPolicy).toBe('ClusterFirst');
});
