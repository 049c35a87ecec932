import { Testing } from 'cdk8s';
import {
  controllerArgs, controllerContainer, expectSound, identities, synth, synthError, referenceSelector, validationFailure,
} from './_helpers';
import { GatewayServiceType, IngressSelection, KsGateway, WebhookCertificates, WorkloadKind } from '../../src';
import { findObject } from '../helpers/synth';

/**
 * KsGateway in STANDALONE mode: what each prop renders, with KubeSphere's names and labels.
 * The reference-fact checks (names, labels and args as KubeSphere renders them) are in
 * conformance.test.ts; here the props and the rendering choices of this library.
 */

const CONTROLS = 'kubesphere-controls-system';
const CLUSTER_GW = 'kubesphere-router-kubesphere-system';

describe('cluster gateway', () => {
  test('is kubesphere-router-kubesphere-system in kubesphere-controls-system and watches every namespace', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'cluster');
    const objects = synth(chart);
    // THEN
    expect(gw.gatewayName).toBe(CLUSTER_GW);
    expect(gw.namespace).toBe(CONTROLS);
    expect(gw.project).toBeUndefined();
    expect(gw.watchNamespace).toBeUndefined();
    expect(controllerArgs(objects, CLUSTER_GW).filter((a) => a.startsWith('--watch-namespace'))).toEqual([]);
    // Cluster-wide reads, and no Role outside its own namespace.
    const clusterRole = findObject(objects, 'ClusterRole', CLUSTER_GW);
    expect(clusterRole.rules).toContainEqual({ apiGroups: [''], resources: ['configmaps', 'endpoints', 'nodes', 'pods', 'secrets', 'namespaces'], verbs: ['list', 'watch'] });
    expect(identities(objects, 'Role')).toEqual([`Role/${CONTROLS}/${CLUSTER_GW}`]);
    expectSound(objects);
  });

  test('project "kubesphere-system" is the cluster gateway (KubeSphere\'s API namespace for it)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'cluster', { project: 'kubesphere-system' });
    const objects = synth(chart);
    // THEN
    expect(gw.project).toBeUndefined();
    expect(gw.gatewayName).toBe(CLUSTER_GW);
    expect(gw.namespace).toBe(CONTROLS);
    expect(gw.watchNamespace).toBeUndefined();
    expect(controllerArgs(objects, CLUSTER_GW).filter((a) => a.startsWith('--watch-namespace'))).toEqual([]);
  });
});

describe('project gateway', () => {
  test('is kubesphere-router-<project> in kubesphere-controls-system, watching its project', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(gw.gatewayName).toBe('kubesphere-router-demo');
    expect(gw.namespace).toBe(CONTROLS);
    expect(gw.watchNamespace).toBe('demo');
    expect(controllerArgs(objects, 'kubesphere-router-demo', CONTROLS)).toContain('--watch-namespace=demo');
    // The controller lives in kubesphere-controls-system and reads Ingresses in demo.
    expect(identities(objects, 'Role')).toEqual([`Role/${CONTROLS}/kubesphere-router-demo`, 'Role/demo/kubesphere-router-demo']);
    expect(findObject(objects, 'RoleBinding', 'kubesphere-router-demo', 'demo').subjects)
      .toEqual([{ kind: 'ServiceAccount', name: 'kubesphere-router-demo', namespace: CONTROLS }]);
    expectSound(objects);
  });

  test('inProjectNamespace places every namespaced object in the project', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'team-a', { project: 'team-a', inProjectNamespace: true });
    const objects = synth(chart);
    // THEN
    expect(gw.namespace).toBe('team-a');
    expect(gw.watchNamespace).toBe('team-a');
    const namespaces = new Set(objects.filter((o) => o.metadata.namespace !== undefined).map((o) => o.metadata.namespace));
    expect([...namespaces]).toEqual(['team-a']);
    expect(identities(objects, 'Role')).toEqual(['Role/team-a/kubesphere-router-team-a']);
    expect(controllerArgs(objects, 'kubesphere-router-team-a')).toContain('--watch-namespace=team-a');
    expectSound(objects);
  });

  test('namespace sets another working namespace (kubesphere-config gateway.namespace)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', namespace: 'gateways' });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Deployment', 'kubesphere-router-demo').metadata.namespace).toBe('gateways');
    expect(controllerArgs(objects, 'kubesphere-router-demo')).toContain('--watch-namespace=demo');
  });
});

describe('KubeSphere-compatible names and labels', () => {
  test('Service, Deployment and ConfigMap are named after the gateway; pods carry the selector labels', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    const selector = referenceSelector('kubesphere-router-demo');
    expect(gw.selectorLabels).toEqual(selector);
    const deployment = findObject(objects, 'Deployment', 'kubesphere-router-demo', CONTROLS);
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(selector));
    expect(findObject(objects, 'Service', 'kubesphere-router-demo', CONTROLS).spec.selector).toEqual(selector);
    expect(findObject(objects, 'ConfigMap', 'kubesphere-router-demo', CONTROLS)).toBeDefined();
    expect(gw.configMapName).toBe('kubesphere-router-demo');
    expect(controllerArgs(objects, 'kubesphere-router-demo')).toContain('--configmap=$(POD_NAMESPACE)/kubesphere-router-demo');
  });

  test('the metrics Service is <gw>-metrics, port http-metrics 10254, selecting the gateway pods', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(gw.metricsServiceName).toBe('kubesphere-router-demo-metrics');
    const metrics = findObject(objects, 'Service', 'kubesphere-router-demo-metrics', CONTROLS);
    expect(metrics.spec).toEqual({
      type: 'ClusterIP',
      ports: [{ name: 'http-metrics', port: 10254, protocol: 'TCP', targetPort: 'http-metrics' }],
      selector: referenceSelector('kubesphere-router-demo'),
    });
    expect(controllerContainer(objects, 'kubesphere-router-demo').ports)
      .toContainEqual({ containerPort: 10254, name: 'http-metrics', protocol: 'TCP' });
  });

  test('election ID ingress-controller-leader-<gw>, container "controller"', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(gw.electionId).toBe('ingress-controller-leader-kubesphere-router-demo');
    expect(controllerArgs(objects, 'kubesphere-router-demo')).toContain('--election-id=ingress-controller-leader-kubesphere-router-demo');
    expect(controllerContainer(objects, 'kubesphere-router-demo').name).toBe('controller');
  });

  test('the adapter chart\'s preferred pod anti-affinity', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Deployment', 'kubesphere-router-demo').spec.template.spec.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: {
              matchExpressions: [
                { key: 'app.kubernetes.io/name', operator: 'In', values: ['ingress-nginx'] },
                { key: 'app.kubernetes.io/instance', operator: 'In', values: ['kubesphere-router-demo-ingress'] },
                { key: 'app.kubernetes.io/component', operator: 'In', values: ['controller'] },
              ],
            },
          },
        }],
      },
    });
  });

  test('affinity replaces the default anti-affinity', () => {
    // GIVEN
    const chart = Testing.chart();
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'edge', operator: 'Exists' }] }] } } };
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', affinity });
    // THEN
    expect(findObject(synth(chart), 'Deployment', 'kubesphere-router-demo').spec.template.spec.affinity).toEqual(affinity);
  });
});

describe('Gateway.spec props', () => {
  test('--publish-service only for a LoadBalancer Service (the default type)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'lb', { project: 'lb' });
    new KsGateway(chart, 'np', { project: 'np', service: { type: GatewayServiceType.NODE_PORT } });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Service', 'kubesphere-router-lb').spec.type).toBe('LoadBalancer');
    expect(controllerArgs(objects, 'kubesphere-router-lb')).toContain('--publish-service=$(POD_NAMESPACE)/kubesphere-router-lb');
    expect(findObject(objects, 'Service', 'kubesphere-router-np').spec.type).toBe('NodePort');
    expect(controllerArgs(objects, 'kubesphere-router-np').filter((a) => a.startsWith('--publish-service'))).toEqual([]);
  });

  test('controller.config becomes data of ConfigMap <gw>', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', controller: { config: { 'worker-processes': '4', 'proxy-body-size': '16m' } } });
    // THEN
    const data = findObject(synth(chart), 'ConfigMap', 'kubesphere-router-demo').data;
    expect(data).toEqual(expect.objectContaining({ 'worker-processes': '4', 'proxy-body-size': '16m' }));
  });

  test('controller.config overrides the secure defaults when it names them', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', controller: { config: { 'annotations-risk-level': 'Medium' } } });
    // THEN
    expect(findObject(synth(chart), 'ConfigMap', 'kubesphere-router-demo').data['annotations-risk-level']).toBe('Medium');
  });

  test('tcp and udp become <gw>-tcp and <gw>-udp ConfigMaps in the project, controller args, and Service ports', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      controller: { tcp: { 5432: 'demo/postgres:5432' }, udp: { 53: 'demo/dns:53' } },
    });
    const objects = synth(chart);
    // THEN the ConfigMaps live in the watched project: the controller's informers see only that namespace
    expect(findObject(objects, 'ConfigMap', 'kubesphere-router-demo-tcp', 'demo').data).toEqual({ 5432: 'demo/postgres:5432' });
    expect(findObject(objects, 'ConfigMap', 'kubesphere-router-demo-udp', 'demo').data).toEqual({ 53: 'demo/dns:53' });
    const args = controllerArgs(objects, 'kubesphere-router-demo');
    expect(args).toContain('--tcp-services-configmap=demo/kubesphere-router-demo-tcp');
    expect(args).toContain('--udp-services-configmap=demo/kubesphere-router-demo-udp');
    expect(findObject(objects, 'Service', 'kubesphere-router-demo').spec.ports).toEqual([
      { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
      { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
      { name: '5432-tcp', port: 5432, protocol: 'TCP', targetPort: '5432-tcp' },
      { name: '53-udp', port: 53, protocol: 'UDP', targetPort: '53-udp' },
    ]);
    expectSound(objects);
  });

  test('no tcp or udp: no stream ConfigMaps and no stream args', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(identities(objects, 'ConfigMap')).toEqual([`ConfigMap/${CONTROLS}/kubesphere-router-demo`]);
    expect(controllerArgs(objects, 'kubesphere-router-demo').filter((a) => /services-configmap/.test(a))).toEqual([]);
  });

  test('deployment.replicas, resources and annotations reach the Deployment; more than one replica gets a PDB', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      deployment: {
        replicas: 3,
        annotations: { 'example.com/owner': 'team-a' },
        resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      },
    });
    const objects = synth(chart);
    // THEN
    const deployment = findObject(objects, 'Deployment', 'kubesphere-router-demo');
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.metadata.annotations).toEqual({ 'example.com/owner': 'team-a' });
    // Deployment annotations stay off the pods; the one pod annotation is the nginx config checksum
    expect(Object.keys(deployment.spec.template.metadata.annotations)).toEqual(['checksum/config']);
    expect(controllerContainer(objects, 'kubesphere-router-demo').resources).toEqual({
      requests: { cpu: '500m', memory: '256Mi' },
      limits: { memory: '512Mi' },
    });
    expect(findObject(objects, 'PodDisruptionBudget', 'kubesphere-router-demo').spec).toEqual({
      selector: { matchLabels: referenceSelector('kubesphere-router-demo') },
      minAvailable: 1,
    });
  });

  test('defaults: one replica, requests cpu 100m memory 90Mi, no PDB', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(findObject(objects, 'Deployment', 'kubesphere-router-demo').spec.replicas).toBe(1);
    expect(controllerContainer(objects, 'kubesphere-router-demo').resources).toEqual({ requests: { cpu: '100m', memory: '90Mi' } });
    expect(identities(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  test('resources given in part keep the default requests for the rest, as Helm merges values', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'limits', { project: 'limits', deployment: { resources: { limits: { memory: '512Mi' } } } });
    new KsGateway(chart, 'cpu', { project: 'cpu', deployment: { resources: { requests: { cpu: 1 } } } });
    const objects = synth(chart);
    // THEN
    expect(controllerContainer(objects, 'kubesphere-router-limits').resources).toEqual({
      requests: { cpu: '100m', memory: '90Mi' },
      limits: { memory: '512Mi' },
    });
    expect(controllerContainer(objects, 'kubesphere-router-cpu').resources).toEqual({ requests: { cpu: '1', memory: '90Mi' } });
  });

  test.each([['true'], ['false']])('deployment annotation servicemesh.kubesphere.io/enabled=%s becomes pod annotation sidecar.istio.io/inject', (value) => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', deployment: { annotations: { 'servicemesh.kubesphere.io/enabled': value } } });
    // THEN
    const deployment = findObject(synth(chart), 'Deployment', 'kubesphere-router-demo');
    expect(deployment.spec.template.metadata.annotations).toEqual({ 'sidecar.istio.io/inject': value, 'checksum/config': expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(deployment.metadata.annotations).toEqual({ 'servicemesh.kubesphere.io/enabled': value });
  });

  test('service.annotations and pinned nodePorts reach the Service', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      controller: { tcp: { 5432: 'demo/postgres:5432' } },
      service: {
        type: GatewayServiceType.NODE_PORT,
        annotations: { 'lb.kubesphere.io/v1alpha1': 'openelb' },
        nodePorts: { http: 30080, https: 30443, tcp: { 5432: 30432 } },
      },
    });
    const service = findObject(synth(chart), 'Service', 'kubesphere-router-demo');
    // THEN
    expect(service.metadata.annotations).toEqual({ 'lb.kubesphere.io/v1alpha1': 'openelb' });
    expect(service.spec.ports.map((p: any) => [p.name, p.nodePort])).toEqual([['http', 30080], ['https', 30443], ['5432-tcp', 30432]]);
  });
});

describe('ingress selection', () => {
  test('NAMESPACE: class-less Ingresses, --ingress-class=nginx, no IngressClass object', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: IngressSelection.NAMESPACE });
    const objects = synth(chart);
    // THEN
    const args = controllerArgs(objects, 'kubesphere-router-demo');
    expect(args).toContain('--watch-ingress-without-class=true');
    expect(args).toContain('--ingress-class=nginx');
    expect(identities(objects, 'IngressClass')).toEqual([]);
    expect(gw.ingressClassName).toBeUndefined();
    expect(gw.ingressClass).toBe('nginx');
  });

  test('INGRESS_CLASS (the default): an IngressClass named <gw> for controller kubesphere.io/<gw>', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo' });
    const objects = synth(chart);
    // THEN
    expect(gw.ingressSelection).toBe(IngressSelection.INGRESS_CLASS);
    expect(gw.ingressClassName).toBe('kubesphere-router-demo');
    expect(gw.controllerClass).toBe('kubesphere.io/kubesphere-router-demo');
    const ingressClass = findObject(objects, 'IngressClass', 'kubesphere-router-demo');
    expect(ingressClass.spec).toEqual({ controller: 'kubesphere.io/kubesphere-router-demo' });
    expect(ingressClass.metadata.annotations).toBeUndefined(); // never the cluster's default class
    const args = controllerArgs(objects, 'kubesphere-router-demo');
    expect(args).toContain('--ingress-class=kubesphere-router-demo');
    expect(args).toContain('--controller-class=kubesphere.io/kubesphere-router-demo');
    expect(args.filter((a) => a.startsWith('--watch-ingress-without-class'))).toEqual([]);
    expectSound(objects);
  });
});

describe('escape hatches', () => {
  test('nginx objects merge key by key: Service labels keep the NodePort type', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      service: { type: GatewayServiceType.NODE_PORT, annotations: { a: 'b' } },
      nginx: { service: { labels: { 'example.com/tier': 'edge' } } },
    });
    const objects = synth(chart);
    // THEN
    const service = findObject(objects, 'Service', 'kubesphere-router-demo');
    expect(service.spec.type).toBe('NodePort');
    expect(service.metadata.annotations).toEqual({ a: 'b' });
    expect(service.metadata.labels['example.com/tier']).toBe('edge');
    expect(controllerArgs(objects, 'kubesphere-router-demo').filter((a) => a.startsWith('--publish-service'))).toEqual([]);
  });

  test('nginx.ingressClassResource.default keeps the gateway\'s IngressClass name and controller', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', nginx: { ingressClassResource: { default: true } } });
    const objects = synth(chart);
    // THEN
    const ingressClass = findObject(objects, 'IngressClass', 'kubesphere-router-demo');
    expect(ingressClass.spec.controller).toBe('kubesphere.io/kubesphere-router-demo');
    expect(ingressClass.metadata.annotations).toEqual({ 'ingressclass.kubernetes.io/is-default-class': 'true' });
  });

  test('the public fields say what the escape hatch rendered', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', {
      project: 'demo',
      nginx: { electionId: 'demo-leader', ingressClass: 'demo', ingressClassResource: { name: 'demo', controllerValue: 'example.com/demo' } },
    });
    const objects = synth(chart);
    // THEN
    expect([gw.electionId, gw.ingressClass, gw.ingressClassName, gw.controllerClass]).toEqual(['demo-leader', 'demo', 'demo', 'example.com/demo']);
    expect(findObject(objects, 'IngressClass', 'demo').spec.controller).toBe('example.com/demo');
    expect(controllerArgs(objects, 'kubesphere-router-demo')).toEqual(expect.arrayContaining([
      '--election-id=demo-leader', '--ingress-class=demo', '--controller-class=example.com/demo',
    ]));
  });

  test('the container and metrics port fields say what the escape hatch rendered', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const gw = new KsGateway(chart, 'demo', { project: 'demo', nginx: { containerName: 'ingress', metrics: { port: 9913, portName: 'prometheus' } } });
    const objects = synth(chart);
    // THEN
    expect([gw.containerName, gw.metricsPort, gw.metricsPortName]).toEqual(['ingress', 9913, 'prometheus']);
    expect(controllerContainer(objects, 'kubesphere-router-demo', CONTROLS, 'ingress').ports)
      .toContainEqual({ containerPort: 9913, name: 'prometheus', protocol: 'TCP' });
    expect(findObject(objects, 'Service', gw.metricsServiceName, CONTROLS).spec.ports)
      .toEqual([{ name: 'prometheus', port: 9913, protocol: 'TCP', targetPort: 'prometheus' }]);
  });

  test('an image tag without a digest runs that tag; a registry alone keeps the digest', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'tag', { project: 'tag', image: { tag: 'v1.14.0' } });
    new KsGateway(chart, 'mirror', { project: 'mirror', image: { registry: 'mirror.example.com' } });
    const objects = synth(chart);
    // THEN
    expect(controllerContainer(objects, 'kubesphere-router-tag').image).toBe('registry.k8s.io/ingress-nginx/controller:v1.14.0');
    expect(controllerContainer(objects, 'kubesphere-router-mirror').image)
      .toBe('mirror.example.com/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1');
  });

  test('extraArgs, nodeSelector, tolerations and topology spread reach the pod', () => {
    // GIVEN
    const chart = Testing.chart();
    const tolerations = [{ key: 'edge', operator: 'Exists', effect: 'NoSchedule' }];
    const topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }];
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      extraArgs: ['--enable-ssl-passthrough'],
      nodeSelector: { 'node-role.kubernetes.io/edge': 'true' },
      tolerations,
      topologySpreadConstraints,
    });
    const objects = synth(chart);
    // THEN
    const pod = findObject(objects, 'Deployment', 'kubesphere-router-demo').spec.template.spec;
    // The Nginx CR's values merge over the ingress-nginx chart's, which keep kubernetes.io/os: linux.
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/edge': 'true' });
    expect(pod.tolerations).toEqual(tolerations);
    expect(pod.topologySpreadConstraints).toEqual(topologySpreadConstraints);
    expect(controllerArgs(objects, 'kubesphere-router-demo').at(-1)).toBe('--enable-ssl-passthrough');
    expectSound(objects);
  });

  test('the admission webhook (off by default, as KubeSphere) can be turned on', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'off', { project: 'off' });
    new KsGateway(chart, 'on', { project: 'on', nginx: { admissionWebhooks: { enabled: true, certificates: WebhookCertificates.certgen() } } });
    const objects = synth(chart);
    // THEN
    expect(identities(objects, 'ValidatingWebhookConfiguration')).toEqual(['ValidatingWebhookConfiguration/-/kubesphere-router-on-admission']);
    expect(identities(objects, 'Job')).toEqual([
      `Job/${CONTROLS}/kubesphere-router-on-admission-create`,
      `Job/${CONTROLS}/kubesphere-router-on-admission-patch`,
    ]);
    expect(controllerArgs(objects, 'kubesphere-router-off').filter((a) => a.startsWith('--validating-webhook'))).toEqual([]);
    expectSound(objects);
  });

  test('a DaemonSet has no replicas', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', kind: WorkloadKind.DAEMON_SET });
    const objects = synth(chart);
    // THEN
    expect(identities(objects, 'Deployment')).toEqual([]);
    expect(findObject(objects, 'DaemonSet', 'kubesphere-router-demo').spec.selector).toEqual({ matchLabels: referenceSelector('kubesphere-router-demo') });
    expectSound(objects);
  });
});

describe('validation', () => {
  test('every prop problem of a gateway is reported in one synth, with its path', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'cluster', { namespace: 'ingress', inProjectNamespace: true, allowSharedIngresses: true });
    new KsGateway(chart, 'demo', {
      project: 'demo',
      namespace: 'gateways',
      inProjectNamespace: true,
      controller: { scope: { enabled: false, namespace: 'other' } },
      service: { type: 'ClusterIP' as GatewayServiceType },
      deployment: { replicas: -1, resources: { requests: { gpu: '1' } } },
    });
    // THEN
    expect(synthError(chart)).toBe(validationFailure(
      ['test/cluster', 'namespace must be kubesphere-controls-system for the cluster gateway (KubeSphere always places it there) (got "ingress")'],
      ['test/cluster', 'inProjectNamespace needs a project (the cluster gateway has none) (got true)'],
      ['test/cluster', 'allowSharedIngresses is set on the project gateway that shares, not on the cluster gateway (got true)'],
      ['test/demo', 'service.type must be one of "LoadBalancer", "NodePort" (got "ClusterIP")'],
      ['test/demo', 'inProjectNamespace conflicts with namespace; set one (got true)'],
      ['test/demo', 'controller.scope.namespace must be the project "demo": KubeSphere forces a project gateway to watch its own project (got "other")'],
      ['test/demo', 'controller.scope.enabled cannot be false for a project gateway: KubeSphere forces it to true (got false)'],
      ['test/demo', 'deployment.resources["gpu"] must be cpu, memory or ephemeral-storage (got "1")'],
      ['test/demo', 'deployment.replicas must be >= 0 (got -1)'],
    ));
  });

  test('deployment.replicas with kind DaemonSet is an error, not silently dropped', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', kind: WorkloadKind.DAEMON_SET, deployment: { replicas: 3 } });
    // THEN
    expect(synthError(chart)).toBe(validationFailure(
      ['test/demo', 'deployment.replicas cannot be set with kind DaemonSet: a DaemonSet runs one pod on each node it schedules to (got 3)'],
    ));
  });

  test('allowSharedIngresses on a gateway selecting by IngressClass has no effect: an error', () => {
    // GIVEN
    const chart = Testing.chart();
    new KsGateway(chart, 'cluster', { ingressSelection: IngressSelection.NAMESPACE });
    // WHEN
    new KsGateway(chart, 'demo', { project: 'demo', ingressSelection: IngressSelection.INGRESS_CLASS, allowSharedIngresses: true });
    // THEN
    expect(synthError(chart)).toBe(validationFailure(['test/demo',
      'allowSharedIngresses has no effect with ingressSelection INGRESS_CLASS: the gateway serves only Ingresses that name its IngressClass, '
      + 'which no other gateway serves (got true)']));
  });

  test('a project of 37 characters fits; 38 is an error on project, saying why', () => {
    // GIVEN "kubesphere-router-" (18) + project + "-ingress" (8) is a label value: at most 63
    const fits = 'p'.repeat(37);
    const tooLong = 'p'.repeat(38);
    const ok = Testing.chart();
    const bad = Testing.chart();
    // WHEN
    new KsGateway(ok, 'fits', { project: fits });
    new KsGateway(bad, 'long', { project: tooLong });
    // THEN (first the problem as the user wrote it; the controller's checks of the derived names follow)
    expect(findObject(synth(ok), 'Deployment', `kubesphere-router-${fits}`).spec.selector.matchLabels['app.kubernetes.io/instance'])
      .toBe(`kubesphere-router-${fits}-ingress`);
    expect(synthError(bad).split('\n').slice(0, 2)).toEqual(['Validation failed with the following errors:',
      '  [test/long] project must be at most 37 characters: "kubesphere-router-<project>-ingress" is the gateway\'s Helm release and '
      + 'app.kubernetes.io/instance label, and "kubesphere-router-<project>-metrics" a Service name, both at most 63 characters '
      + `(got "${tooLong}", 38 characters)`]);
  });

  test('a project that is not a DNS label', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'bad', { project: 'Team_A' });
    // THEN
    expect(synthError(chart)).toContain('[test/bad] project must be a DNS-1123 label: at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit (got "Team_A")');
  });
});

describe('whole output', () => {
  test('a project gateway forwarding TCP (snapshot, complementing the assertions above)', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new KsGateway(chart, 'demo', {
      project: 'demo',
      ingressSelection: IngressSelection.NAMESPACE,
      controller: { config: { 'worker-processes': '4' }, tcp: { 5432: 'demo/postgres:5432' } },
      service: { type: GatewayServiceType.NODE_PORT },
      deployment: { replicas: 2, annotations: { 'servicemesh.kubesphere.io/enabled': 'false' } },
    });
    const objects = synth(chart);
    // THEN
    expectSound(objects);
    expect(objects).toMatchSnapshot();
  });
});
