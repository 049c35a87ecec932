import { Testing } from 'cdk8s';
import { args, container, findObject, ofKind, podSpec, synth, workload } from './_render';
import { ImagePullPolicy, NginxIngress, PodSecurityLevel, UnhealthyPodEvictionPolicy, UpdateStrategyType, WorkloadKind } from '../../src';

/**
 * The controller workload: kind, replicas, HPA, PDB, rollout, image, container and pod options.
 */

const CHART_ARGS = [
  '/nginx-ingress-controller',
  '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller',
  '--election-id=ingress-nginx-leader',
  '--controller-class=k8s.io/ingress-nginx',
  '--ingress-class=nginx',
  '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
  '--validating-webhook=:8443',
  '--validating-webhook-certificate=/usr/local/certificates/cert',
  '--validating-webhook-key=/usr/local/certificates/key',
];

describe('kind', () => {
  test('DaemonSet: updateStrategy instead of strategy, no replicas, HPA or PDB', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { kind: WorkloadKind.DAEMON_SET, updateStrategy: { type: UpdateStrategyType.ROLLING_UPDATE, maxUnavailable: 2 } });

    // THEN
    const objects = synth(chart);
    const ds = findObject(objects, 'DaemonSet', 'ingress-nginx-controller');
    expect(ds.spec.updateStrategy).toEqual({ type: UpdateStrategyType.ROLLING_UPDATE, rollingUpdate: { maxUnavailable: 2 } });
    expect(ds.spec.strategy).toBeUndefined();
    expect(ds.spec.replicas).toBeUndefined();
    expect(ofKind(objects, 'Deployment')).toEqual([]);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  test('Deployment by default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    expect(workload(objects).kind).toBe('Deployment');
    expect(ofKind(objects, 'DaemonSet')).toEqual([]);
  });
});

describe('replicas', () => {
  test('replicas sets spec.replicas', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 3 });

    // THEN
    expect(workload(synth(chart)).spec.replicas).toBe(3);
  });

  test('manageReplicas false leaves spec.replicas out (and the PDB still follows replicas)', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 2, manageReplicas: false });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).spec).not.toHaveProperty('replicas');
    expect(findObject(objects, 'PodDisruptionBudget', 'ingress-nginx-controller').spec.minAvailable).toBe(1);
  });
});

describe('autoscaling', () => {
  test('renders an autoscaling/v2 HPA: min, max, memory then cpu, behavior; the Deployment omits replicas', () => {
    // GIVEN
    const chart = Testing.chart();
    const behavior = {
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 180 }] },
      scaleUp: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
    };

    // WHEN
    new NginxIngress(chart, 'ingress', {
      autoscaling: { minReplicas: 2, maxReplicas: 7, targetCpuUtilizationPercentage: 60, targetMemoryUtilizationPercentage: 80, behavior },
    });

    // THEN
    const objects = synth(chart);
    const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'ingress-nginx-controller');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ingress-nginx-controller' },
      minReplicas: 2,
      maxReplicas: 7,
      metrics: [
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      ],
      behavior,
    });
    expect(workload(objects).spec).not.toHaveProperty('replicas');
  });

  test('defaults: min 1, max 11, memory and cpu at 50%, no behavior', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { autoscaling: {} });

    // THEN
    const hpa = findObject(synth(chart), 'HorizontalPodAutoscaler', 'ingress-nginx-controller');
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.maxReplicas).toBe(11);
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target.averageUtilization])).toEqual([['memory', 50], ['cpu', 50]]);
    expect(hpa.spec.behavior).toBeUndefined();
  });

  test.each([
    ['memory', { targetMemoryUtilizationPercentage: 0 }, ['cpu']],
    ['cpu', { targetCpuUtilizationPercentage: 0 }, ['memory']],
  ])('a 0 target leaves the %s metric out', (_metric, targets, remaining) => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { autoscaling: targets });

    // THEN
    const hpa = findObject(synth(chart), 'HorizontalPodAutoscaler', 'ingress-nginx-controller');
    expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual(remaining);
  });

  test('HPA annotations', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { autoscaling: { annotations: { 'example.com/owner': 'edge' } } });

    // THEN
    const hpa = findObject(synth(chart), 'HorizontalPodAutoscaler', 'ingress-nginx-controller');
    expect(hpa.metadata.annotations).toEqual({ 'example.com/owner': 'edge' });
  });
});

describe('PodDisruptionBudget', () => {
  test('none at 1 replica (the chart default)', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 1 });

    // THEN
    expect(ofKind(synth(chart), 'PodDisruptionBudget')).toEqual([]);
  });

  test('minAvailable 1 at 2 replicas, selecting the controller pods', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 2 });

    // THEN
    const objects = synth(chart);
    const pdb = findObject(objects, 'PodDisruptionBudget', 'ingress-nginx-controller');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ selector: { matchLabels: workload(objects).spec.selector.matchLabels }, minAvailable: 1 });
  });

  test('maxUnavailable replaces minAvailable when set', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 3, podDisruptionBudget: { maxUnavailable: 1, unhealthyPodEvictionPolicy: UnhealthyPodEvictionPolicy.ALWAYS_ALLOW } });

    // THEN
    const pdb = findObject(synth(chart), 'PodDisruptionBudget', 'ingress-nginx-controller');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec).not.toHaveProperty('minAvailable');
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  test('a custom minAvailable', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 4, podDisruptionBudget: { minAvailable: '50%' } });

    // THEN
    expect(findObject(synth(chart), 'PodDisruptionBudget', 'ingress-nginx-controller').spec.minAvailable).toBe('50%');
  });

  test('follows the HPA minimum: minReplicas 2 gives a PDB, 1 does not', () => {
    // GIVEN
    const withTwo = Testing.chart();
    const withOne = Testing.chart();

    // WHEN
    new NginxIngress(withTwo, 'ingress', { autoscaling: { minReplicas: 2 } });
    new NginxIngress(withOne, 'ingress', { autoscaling: { minReplicas: 1, maxReplicas: 4 } });

    // THEN
    expect(ofKind(synth(withTwo), 'PodDisruptionBudget')).toHaveLength(1);
    expect(ofKind(synth(withOne), 'PodDisruptionBudget')).toEqual([]);
  });
});

describe('rollout', () => {
  test('updateStrategy renders the Deployment strategy', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 2, updateStrategy: { type: UpdateStrategyType.ROLLING_UPDATE, maxSurge: 1, maxUnavailable: 0 } });

    // THEN
    expect(workload(synth(chart)).spec.strategy).toEqual({
      type: UpdateStrategyType.ROLLING_UPDATE,
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
  });

  test('Recreate has no rollingUpdate; no updateStrategy renders no strategy', () => {
    // GIVEN
    const recreate = Testing.chart();
    const none = Testing.chart();

    // WHEN
    new NginxIngress(recreate, 'ingress', { updateStrategy: { type: UpdateStrategyType.RECREATE } });
    new NginxIngress(none, 'ingress');

    // THEN
    expect(workload(synth(recreate)).spec.strategy).toEqual({ type: UpdateStrategyType.RECREATE });
    expect(workload(synth(none)).spec).not.toHaveProperty('strategy');
  });

  test('minReadySeconds, revisionHistoryLimit, terminationGracePeriodSeconds', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { minReadySeconds: 15, revisionHistoryLimit: 3, terminationGracePeriodSeconds: 360 });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).spec.minReadySeconds).toBe(15);
    expect(workload(objects).spec.revisionHistoryLimit).toBe(3);
    expect(podSpec(objects).terminationGracePeriodSeconds).toBe(360);
  });

  test('defaults: minReadySeconds 0, revisionHistoryLimit 10, grace 300, preStop /wait-shutdown', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    expect(workload(objects).spec.minReadySeconds).toBe(0);
    expect(workload(objects).spec.revisionHistoryLimit).toBe(10);
    expect(podSpec(objects).terminationGracePeriodSeconds).toBe(300);
    expect(container(objects).lifecycle).toEqual({ preStop: { exec: { command: ['/wait-shutdown'] } } });
  });

  test('preStop replaces the command; [] removes the lifecycle', () => {
    // GIVEN
    const custom = Testing.chart();
    const none = Testing.chart();

    // WHEN
    new NginxIngress(custom, 'ingress', { preStop: ['/bin/sh', '-c', 'sleep 5 && /wait-shutdown'] });
    new NginxIngress(none, 'ingress', { preStop: [] });

    // THEN
    expect(container(synth(custom)).lifecycle.preStop.exec.command).toEqual(['/bin/sh', '-c', 'sleep 5 && /wait-shutdown']);
    expect(container(synth(none))).not.toHaveProperty('lifecycle');
  });
});

describe('image', () => {
  test('default: the chart\'s image with digest, IfNotPresent', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const c = container(synth(chart));
    expect(c.image).toBe('registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1');
    expect(c.imagePullPolicy).toBe('IfNotPresent');
  });

  test('registry, image, tag, digest and pullPolicy', () => {
    // GIVEN
    const chart = Testing.chart();
    const digest = `sha256:${'a'.repeat(64)}`;

    // WHEN
    new NginxIngress(chart, 'ingress', {
      image: { registry: 'mirror.example.com:5000', image: 'ingress/controller', tag: 'v1.15.1-custom', digest, pullPolicy: ImagePullPolicy.ALWAYS },
    });

    // THEN
    const c = container(synth(chart));
    expect(c.image).toBe(`mirror.example.com:5000/ingress/controller:v1.15.1-custom@${digest}`);
    expect(c.imagePullPolicy).toBe('Always');
  });

  test('a registry mirror keeps the default tag and digest', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { image: { registry: 'mirror.example.com' } });

    // THEN
    expect(container(synth(chart)).image)
      .toBe('mirror.example.com/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1');
  });

  test('digest "" drops the @sha256 part', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { image: { tag: 'v1.14.5', digest: '' } });

    // THEN
    expect(container(synth(chart)).image).toBe('registry.k8s.io/ingress-nginx/controller:v1.14.5');
  });

  test('imagePullSecrets go on every pod: controller, certgen Jobs and default backend', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { imagePullSecrets: ['regcred', 'mirror'], defaultBackend: { enabled: true } });

    // THEN
    const pods = synth(chart).filter((o) => o.spec?.template);
    expect(pods.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/ingress-nginx-controller', 'Deployment/ingress-nginx-defaultbackend',
      'Job/ingress-nginx-admission-create', 'Job/ingress-nginx-admission-patch',
    ]);
    for (const pod of pods) expect(pod.spec.template.spec.imagePullSecrets).toEqual([{ name: 'regcred' }, { name: 'mirror' }]);
  });
});

describe('container', () => {
  test('resources override the default requests they name; ephemeralStorage becomes ephemeral-storage', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      resources: { requests: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' }, limits: { memory: '1Gi' } },
    });

    // THEN
    expect(container(synth(chart)).resources).toEqual({
      requests: { 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
      limits: { memory: '1Gi' },
    });
  });

  test('default resources: requests cpu 100m, memory 90Mi, no limits', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    expect(container(synth(chart)).resources).toEqual({ requests: { cpu: '100m', memory: '90Mi' } });
  });

  test('env comes after POD_NAME, POD_NAMESPACE and LD_PRELOAD; addEnv appends', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const ingress = new NginxIngress(chart, 'ingress', { env: [{ name: 'TZ', value: 'UTC' }] });
    ingress.addEnv({ name: 'GODEBUG', value: 'x509ignoreCN=0' });

    // THEN
    expect(container(synth(chart)).env).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' },
      { name: 'TZ', value: 'UTC' },
      { name: 'GODEBUG', value: 'x509ignoreCN=0' },
    ]);
  });

  test('enableMimalloc false drops LD_PRELOAD', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { enableMimalloc: false });

    // THEN
    expect(container(synth(chart)).env.map((e: any) => e.name)).toEqual(['POD_NAME', 'POD_NAMESPACE']);
  });

  test('extraArgs come after the chart\'s args; addExtraArg appends', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const ingress = new NginxIngress(chart, 'ingress', { extraArgs: ['--shutdown-grace-period=15', '--enable-ssl-passthrough'] });
    ingress.addExtraArg('--post-shutdown-grace-period=20');

    // THEN
    expect(args(synth(chart))).toEqual([
      ...CHART_ARGS,
      '--shutdown-grace-period=15',
      '--enable-ssl-passthrough',
      '--post-shutdown-grace-period=20',
    ]);
  });

  test('default args are the chart\'s, in _params.tpl order', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    expect(args(synth(chart))).toEqual(CHART_ARGS);
  });

  test('enableAnnotationValidations false adds --enable-annotation-validation=false right after the binary', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { enableAnnotationValidations: false });

    // THEN
    expect(args(synth(chart)).slice(0, 2)).toEqual(['/nginx-ingress-controller', '--enable-annotation-validation=false']);
  });

  test('extraVolumes and extraVolumeMounts come after the webhook certificate', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      extraVolumes: [{ name: 'geoip', emptyDir: {} }],
      extraVolumeMounts: [{ name: 'geoip', mountPath: '/etc/ingress-controller/geoip' }],
    });

    // THEN
    const objects = synth(chart);
    expect(podSpec(objects).volumes.map((v: any) => v.name)).toEqual(['webhook-cert', 'geoip']);
    expect(podSpec(objects).volumes[1]).toEqual({ name: 'geoip', emptyDir: {} });
    expect(container(objects).volumeMounts).toEqual([
      { mountPath: '/usr/local/certificates/', name: 'webhook-cert', readOnly: true },
      { mountPath: '/etc/ingress-controller/geoip', name: 'geoip' },
    ]);
  });
});

describe('metadata', () => {
  test('annotations go on the workload only', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { annotations: { 'reloader.stakater.com/auto': 'true' } });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).metadata.annotations).toEqual({ 'reloader.stakater.com/auto': 'true' });
    expect(workload(objects).spec.template.metadata.annotations).toBeUndefined();
    expect(findObject(objects, 'Service', 'ingress-nginx-controller').metadata.annotations).toBeUndefined();
  });

  test('labels go on the controller objects but the traffic Services, not the selector or the admission objects', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { labels: { tier: 'edge' } });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).metadata.labels.tier).toBe('edge');
    expect(findObject(objects, 'Service', 'ingress-nginx-controller').metadata.labels.tier).toBeUndefined();
    expect(findObject(objects, 'ConfigMap', 'ingress-nginx-controller').metadata.labels.tier).toBe('edge');
    expect(workload(objects).spec.selector.matchLabels.tier).toBeUndefined();
    expect(findObject(objects, 'Job', 'ingress-nginx-admission-create').metadata.labels.tier).toBeUndefined();
  });

  test('podAnnotations and podLabels go on the pod template, not the selector', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', {
      podAnnotations: { 'prometheus.io/scrape': 'true' },
      podLabels: { 'sidecar.istio.io/inject': 'false' },
    });

    // THEN
    const w = workload(synth(chart));
    expect(w.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(w.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(w.spec.selector.matchLabels['sidecar.istio.io/inject']).toBeUndefined();
    expect(w.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
  });
});

describe('scheduling', () => {
  test('priorityClassName', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { priorityClassName: 'system-cluster-critical' });

    // THEN
    expect(podSpec(synth(chart)).priorityClassName).toBe('system-cluster-critical');
  });

  test('nodeSelector merges over the default kubernetes.io/os: linux', () => {
    // GIVEN
    const custom = Testing.chart();
    const defaults = Testing.chart();

    // WHEN
    new NginxIngress(custom, 'ingress', { nodeSelector: { 'node-role.kubernetes.io/ingress': 'true' } });
    new NginxIngress(defaults, 'ingress');

    // THEN
    expect(podSpec(synth(custom)).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/ingress': 'true' });
    expect(podSpec(synth(defaults)).nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test('tolerations', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ingress', effect: 'NoSchedule' }] });

    // THEN
    expect(podSpec(synth(chart)).tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'ingress', effect: 'NoSchedule' }]);
  });

  test('affinity', () => {
    // GIVEN
    const chart = Testing.chart();
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller' } },
        }],
      },
    };

    // WHEN
    new NginxIngress(chart, 'ingress', { replicas: 2, affinity });

    // THEN
    expect(podSpec(synth(chart)).affinity).toEqual(affinity);
  });

  test('topologySpreadConstraints', () => {
    // GIVEN
    const chart = Testing.chart();
    const constraint = {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'controller' } },
      matchLabelKeys: ['pod-template-hash'],
    };

    // WHEN
    new NginxIngress(chart, 'ingress', { topologySpreadConstraints: [constraint] });

    // THEN
    expect(podSpec(synth(chart)).topologySpreadConstraints).toEqual([constraint]);
  });

  test('no affinity, tolerations or spread constraints by default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const spec = podSpec(synth(chart));
    for (const field of ['affinity', 'tolerations', 'topologySpreadConstraints', 'priorityClassName', 'hostNetwork', 'imagePullSecrets']) {
      expect(spec).not.toHaveProperty(field);
    }
  });
});

describe('host networking', () => {
  test('hostNetwork sets dnsPolicy ClusterFirstWithHostNet', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED });

    // THEN
    const spec = podSpec(synth(chart));
    expect(spec.hostNetwork).toBe(true);
    expect(spec.dnsPolicy).toBe('ClusterFirstWithHostNet');
  });

  test('dnsPolicy overrides the derived value', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED, dnsPolicy: 'ClusterFirst' });

    // THEN
    expect(podSpec(synth(chart)).dnsPolicy).toBe('ClusterFirst');
  });

  test('reportNodeInternalIp adds --report-node-internal-ip-address=true after --configmap', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { kind: WorkloadKind.DAEMON_SET, hostNetwork: true, podSecurityLevel: PodSecurityLevel.PRIVILEGED, reportNodeInternalIp: true });

    // THEN
    const a = args(synth(chart));
    expect(a.indexOf('--report-node-internal-ip-address=true')).toBe(a.indexOf('--configmap=$(POD_NAMESPACE)/ingress-nginx-controller') + 1);
  });

  test('hostPorts bind http and https on the node (80/443 by default)', () => {
    // GIVEN
    const defaults = Testing.chart();
    const custom = Testing.chart();

    // WHEN
    new NginxIngress(defaults, 'ingress', { kind: WorkloadKind.DAEMON_SET, podSecurityLevel: PodSecurityLevel.PRIVILEGED, hostPorts: {} });
    new NginxIngress(custom, 'ingress', { kind: WorkloadKind.DAEMON_SET, podSecurityLevel: PodSecurityLevel.PRIVILEGED, hostPorts: { http: 8080, https: 8443 }, admissionWebhooks: { port: 9443 } });

    // THEN
    const ports = (objects: any[]) => container(objects).ports.map((p: any) => [p.name, p.containerPort, p.hostPort]);
    expect(ports(synth(defaults))).toEqual([['http', 80, 80], ['https', 443, 443], ['webhook', 8443, undefined]]);
    expect(ports(synth(custom))).toEqual([['http', 80, 8080], ['https', 443, 8443], ['webhook', 9443, undefined]]);
  });
});

describe('default backend', () => {
  test('renders the Deployment, Service and ServiceAccount, and --default-backend-service', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { defaultBackend: { enabled: true, replicas: 2, resources: { requests: { cpu: '10m', memory: '20Mi' } } } });

    // THEN
    const objects = synth(chart);
    const deployment = findObject(objects, 'Deployment', 'ingress-nginx-defaultbackend');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.serviceAccountName).toBe('ingress-nginx-backend');
    const backend = deployment.spec.template.spec.containers[0];
    expect(backend.image).toBe('registry.k8s.io/defaultbackend-amd64:1.5');
    expect(backend.ports).toEqual([{ containerPort: 8080, name: 'http', protocol: 'TCP' }]);
    expect(backend.resources).toEqual({ requests: { cpu: '10m', memory: '20Mi' } });
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('default-backend');
    expect(findObject(objects, 'Service', 'ingress-nginx-defaultbackend').spec.ports)
      .toEqual([{ appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]);
    expect(findObject(objects, 'ServiceAccount', 'ingress-nginx-backend')).toBeDefined();
    expect(args(objects)[1]).toBe('--default-backend-service=$(POD_NAMESPACE)/ingress-nginx-defaultbackend');
  });

  test('image override', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { defaultBackend: { enabled: true, image: { registry: 'mirror.example.com', tag: '1.6' } } });

    // THEN
    const deployment = findObject(synth(chart), 'Deployment', 'ingress-nginx-defaultbackend');
    expect(deployment.spec.template.spec.containers[0].image).toBe('mirror.example.com/defaultbackend-amd64:1.6');
  });

  test('none by default', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    expect(objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'default-backend')).toEqual([]);
    expect(args(objects).some((a) => a.startsWith('--default-backend-service'))).toBe(false);
  });
});

describe('selectorLabels (adopting a workload with another selector)', () => {
  test('replace the selector of the workload, every controller Service, the PDB and the NetworkPolicy', () => {
    // GIVEN
    const chart = Testing.chart();
    const legacy = { app: 'kubesphere', component: 'ks-router', tier: 'backend' };

    // WHEN
    new NginxIngress(chart, 'ingress', {
      selectorLabels: legacy,
      replicas: 2,
      metrics: { enabled: true },
      admissionWebhooks: { allowedSources: ['10.0.0.1/32'] },
    });

    // THEN
    const objects = synth(chart);
    expect(workload(objects).spec.selector).toEqual({ matchLabels: legacy });
    expect(workload(objects).spec.template.metadata.labels).toMatchObject(legacy);
    for (const svc of ofKind(objects, 'Service')) expect(svc.spec.selector).toEqual(legacy);
    expect(findObject(objects, 'PodDisruptionBudget', 'ingress-nginx-controller').spec.selector).toEqual({ matchLabels: legacy });
    expect(findObject(objects, 'NetworkPolicy', 'ingress-nginx-controller').spec.podSelector).toEqual({ matchLabels: legacy });
  });
});
