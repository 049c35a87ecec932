/**
 * The controller workload: the chart's `templates/controller-deployment.yaml` and
 * `controller-daemonset.yaml`, with the pod template, the container and its arguments
 * (`_params.tpl`, in _params).
 */
import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ControllerContext, meta, obj, streamPorts } from './_context';
import { EXTRA_ARG, WEBHOOK_CERT_DIR, controllerArgs, flagName } from './_params';
import { imagePullSecrets, imageRef, nonEmpty, renderResources, validateImage, validateResources } from './_pod';
import { validateServicePorts } from './_services';
import { streamNamespaceRef } from './_streams';
import { Component } from './names';
import type { NginxIngressProps } from './nginx-ingress';
import { ImagePullPolicy, ImageProps, ResourceProps, UpdateStrategy, WorkloadKind } from './types';
import { Problems, isIntOrPercent, show } from '../common/_validation';

/** Default controller image. @see values.yaml controller.image */
export const CONTROLLER_IMAGE: Required<ImageProps> = {
  registry: 'registry.k8s.io',
  image: 'ingress-nginx/controller',
  tag: 'v1.15.1',
  digest: 'sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1',
  pullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
};

/** The controller's `--healthz-port` default, where it serves /healthz and /metrics. */
const DEFAULT_HEALTHZ_PORT = 10254;

/** Pod annotation holding a checksum of the nginx ConfigMap (see `podAnnotations`). */
export const CONFIG_CHECKSUM_ANNOTATION = 'checksum/config';

/** Ports the controller binds inside the pod besides the ones it serves traffic on. */
const INTERNAL_PORTS: Record<number, string> = {
  8181: 'default server (--default-server-port)',
  10245: 'nginx status (internal)',
  10246: 'nginx status (--status-port)',
  10247: 'stream (--stream-port)',
};

/** values.yaml `controller.resources`. */
const DEFAULT_REQUESTS = { cpu: '100m', memory: '90Mi' };

/** values.yaml `controller.nodeSelector`. */
const DEFAULT_NODE_SELECTOR = { 'kubernetes.io/os': 'linux' };

/**
 * The controller's resources: Helm merges `controller.resources` over the default map by map, so
 * limits alone keep the default requests (otherwise Kubernetes would set requests = limits).
 */
export function controllerResources(p: NginxIngressProps): ResourceProps {
  const requests = { ...DEFAULT_REQUESTS, ...(p.resources?.requests ?? {}) };
  return { requests, ...(p.resources?.limits ? { limits: p.resources.limits } : {}) };
}

/** The controller's node selector: `nodeSelector` merged over `kubernetes.io/os: linux`, as Helm merges maps. */
export function controllerNodeSelector(p: NginxIngressProps): Record<string, string> {
  return { ...DEFAULT_NODE_SELECTOR, ...(p.nodeSelector ?? {}) };
}

/**
 * Pod template labels, as the chart writes them: the common labels, `labels` (controller.labels),
 * `podLabels`; then the selector labels, which nothing may override or the API server rejects the workload.
 */
export function controllerPodLabels(c: ControllerContext): Record<string, string> {
  return { ...c.names.podLabels(Component.CONTROLLER, { ...(c.props.labels ?? {}), ...(c.props.podLabels ?? {}) }), ...c.selectorLabels };
}

/** Host ports for the controller. @see values.yaml controller.hostPort */
export interface HostPortProps {
  /** Host port of http. @default 80 */
  readonly http?: number;
  /** Host port of https. @default 443 */
  readonly https?: number;
}

function controllerContainer(c: ControllerContext): any {
  const p = c.props;
  const n = c.names;
  const hostPorts = p.hostPorts;
  const probe = (failureThreshold: number) => ({
    failureThreshold,
    httpGet: { path: '/healthz', port: c.metricsPort, scheme: 'HTTP' },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
  });
  return {
    name: c.containerName,
    image: imageRef({ ...CONTROLLER_IMAGE, ...(p.image ?? {}) }),
    imagePullPolicy: p.image?.pullPolicy ?? CONTROLLER_IMAGE.pullPolicy,
    ...((p.preStop ?? ['/wait-shutdown']).length > 0 ? { lifecycle: { preStop: { exec: { command: p.preStop ?? ['/wait-shutdown'] } } } } : {}),
    args: Lazy.any({
      produce: () => controllerArgs({
        enableAnnotationValidations: p.enableAnnotationValidations ?? true,
        defaultBackendService: c.defaultBackendEnabled ? `$(POD_NAMESPACE)/${n.defaultBackend}` : undefined,
        publishService: (p.publishService ?? true) && c.serviceEnabled ? `$(POD_NAMESPACE)/${n.controller}` : undefined,
        electionId: c.electionId,
        controllerClass: c.controllerClass,
        ingressClass: c.ingressClass,
        configMap: `$(POD_NAMESPACE)/${n.configMap}`,
        tcpConfigMap: c.tcp.size > 0 ? `${streamNamespaceRef(c)}/${n.tcpConfigMap}` : undefined,
        udpConfigMap: c.udp.size > 0 ? `${streamNamespaceRef(c)}/${n.udpConfigMap}` : undefined,
        watchNamespace: c.watchNamespace,
        reportNodeInternalIp: p.reportNodeInternalIp ?? false,
        webhookPort: c.webhook?.port,
        ingressClassByName: p.ingressClassByName ?? false,
        watchIngressWithoutClass: p.watchIngressWithoutClass ?? false,
        enableMetrics: c.metricsEnabled,
        healthzPort: c.metricsPort === DEFAULT_HEALTHZ_PORT ? undefined : c.metricsPort,
        defaultSslCertificate: p.defaultSslCertificate,
        extraArgs: c.extraArgs,
      }),
    }),
    env: Lazy.any({
      produce: () => [
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        ...((p.enableMimalloc ?? true) ? [{ name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' }] : []),
        ...c.env.map((e) => k8s.toJson_EnvVar(e)),
      ],
    }),
    livenessProbe: probe(5),
    readinessProbe: probe(3),
    ports: Lazy.any({
      produce: () => [
        { containerPort: 80, name: 'http', protocol: 'TCP', ...(hostPorts ? { hostPort: hostPorts.http ?? 80 } : {}) },
        { containerPort: 443, name: 'https', protocol: 'TCP', ...(hostPorts ? { hostPort: hostPorts.https ?? 443 } : {}) },
        ...(c.metricsEnabled ? [{ containerPort: c.metricsPort, name: c.metricsPortName, protocol: 'TCP' }] : []),
        ...(c.webhook ? [{ containerPort: c.webhook.port, name: 'webhook', protocol: 'TCP' }] : []),
        // The chart binds every TCP/UDP port on the host too when hostPort is enabled.
        ...streamPorts(c).map((sp) => ({
          containerPort: sp.port, name: sp.name, protocol: sp.protocol, ...(hostPorts ? { hostPort: sp.port } : {}),
        })),
      ],
    }),
    resources: renderResources(controllerResources(p)),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      readOnlyRootFilesystem: false,
      runAsGroup: 82,
      runAsNonRoot: true,
      runAsUser: 101,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...nonEmpty('volumeMounts', [
      ...(c.webhook ? [{ mountPath: WEBHOOK_CERT_DIR, name: 'webhook-cert', readOnly: true }] : []),
      ...(p.extraVolumeMounts ?? []).map((m) => k8s.toJson_VolumeMount(m)),
    ]),
  };
}

export function renderWorkload(c: ControllerContext): void {
  const p = c.props;
  const n = c.names;
  const hostNetwork = p.hostNetwork ?? false;
  const certManager = c.webhook?.certs.mode === 'cert-manager';
  const podSpec = {
    automountServiceAccountToken: true,
    containers: [controllerContainer(c)],
    dnsPolicy: p.dnsPolicy ?? (hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst'),
    ...(hostNetwork ? { hostNetwork: true } : {}),
    ...imagePullSecrets(c),
    ...(p.priorityClassName ? { priorityClassName: p.priorityClassName } : {}),
    nodeSelector: controllerNodeSelector(p),
    ...(p.tolerations ? { tolerations: p.tolerations.map((t) => k8s.toJson_Toleration(t)) } : {}),
    ...(p.affinity ? { affinity: k8s.toJson_Affinity(p.affinity) } : {}),
    ...(p.topologySpreadConstraints
      ? { topologySpreadConstraints: p.topologySpreadConstraints.map((t) => k8s.toJson_TopologySpreadConstraint(t)) }
      : {}),
    serviceAccountName: n.serviceAccount,
    terminationGracePeriodSeconds: p.terminationGracePeriodSeconds ?? 300,
    ...nonEmpty('volumes', [
      ...(c.webhook ? [{
        name: 'webhook-cert',
        secret: {
          secretName: n.admission,
          ...(certManager ? { items: [{ key: 'tls.crt', path: 'cert' }, { key: 'tls.key', path: 'key' }] } : {}),
        },
      }] : []),
      ...(p.extraVolumes ?? []).map((v) => k8s.toJson_Volume(v)),
    ]),
  };
  const template = {
    metadata: {
      labels: controllerPodLabels(c),
      annotations: Lazy.any({ produce: () => podAnnotations(c) }),
    },
    spec: podSpec,
  };
  const strategy = p.updateStrategy ? renderStrategy(p.updateStrategy) : undefined;
  const metadata = meta(c, c.workloadName, Component.CONTROLLER, { annotations: p.annotations });
  if (c.kind === WorkloadKind.DAEMON_SET) {
    obj(c, 'DaemonSet', 'apps/v1', 'DaemonSet', metadata, {
      spec: {
        minReadySeconds: p.minReadySeconds ?? 0,
        revisionHistoryLimit: p.revisionHistoryLimit ?? 10,
        selector: { matchLabels: c.selectorLabels },
        template,
        ...(strategy ? { updateStrategy: strategy } : {}),
      },
    });
  } else {
    const manageReplicas = p.manageReplicas ?? !p.autoscaling;
    obj(c, 'Deployment', 'apps/v1', 'Deployment', metadata, {
      spec: {
        minReadySeconds: p.minReadySeconds ?? 0,
        ...(manageReplicas ? { replicas: p.replicas ?? 1 } : {}),
        revisionHistoryLimit: p.revisionHistoryLimit ?? 10,
        selector: { matchLabels: c.selectorLabels },
        ...(strategy ? { strategy } : {}),
        template,
      },
    });
  }
}

/**
 * Pod annotations. A controller that watches another namespace cannot watch its own ConfigMap
 * (its informers see only the watched namespace): a checksum of the data rolls the pods when it
 * changes, instead of a change that silently waits for the next restart.
 */
function podAnnotations(c: ControllerContext): Record<string, string> | undefined {
  const annotations: Record<string, string> = { ...(c.props.podAnnotations ?? {}) };
  if (c.watchedElsewhere) {
    annotations[CONFIG_CHECKSUM_ANNOTATION] = createHash('sha256').update(JSON.stringify(c.configData())).digest('hex');
  }
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}

/** Resources, image and rollout strategy of the controller. */
export function validateWorkload(c: ControllerContext, v: Problems): void {
  const p = c.props;
  validateResources(v, 'resources', p.resources === undefined ? undefined : controllerResources(p), p.resources);
  validateImage(v, 'image', p.image, CONTROLLER_IMAGE);
  if (p.updateStrategy) validateStrategy(v, p.updateStrategy, c.kind);
}

export function validateContainerPorts(c: ControllerContext, v: Problems): void {
  // The healthz/metrics port is bound even with metrics off: the probes use it.
  const ports: Array<[string, number, string]> = [['http', 80, 'TCP'], ['https', 443, 'TCP'], ['metrics.port', c.metricsPort, 'TCP']];
  if (c.webhook) ports.push(['admissionWebhooks.port', c.webhook.port, 'TCP']);
  for (const sp of streamPorts(c)) ports.push([`${sp.protocol.toLowerCase()}[${show(String(sp.port))}]`, sp.port, sp.protocol]);
  const seen = new Map<string, string>();
  const reported = new Set<string>();
  for (const [field, port, proto] of ports) {
    const key = `${proto}/${port}`;
    if (seen.has(key)) {
      v.add(field, `uses port ${port}/${proto}, already used by ${seen.get(key)}`, port);
      reported.add(field);
    } else {
      seen.set(key, field);
    }
    if (proto === 'TCP' && INTERNAL_PORTS[port] && field !== 'http' && field !== 'https') {
      v.add(field, `uses port ${port}, which the controller binds for its ${INTERNAL_PORTS[port]}`, port);
    }
  }
  validateServicePorts(c, v, reported);
  validateVolumes(c, v);
  v.integer('metrics.port', c.props.metrics?.port, 1, 65535);
  v.check(/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(c.metricsPortName) && /[a-z]/.test(c.metricsPortName),
    'metrics.portName', 'must be an IANA port name: at most 15 lower-case letters, digits or "-"', c.metricsPortName);
}

/** Volume names and mount paths must be unique in the pod. */
function validateVolumes(c: ControllerContext, v: Problems): void {
  const p = c.props;
  const names = new Set<string>(c.webhook ? ['webhook-cert'] : []);
  (p.extraVolumes ?? []).forEach((vol, i) => {
    if (names.has(vol.name)) v.add(`extraVolumes[${i}].name`, `repeats a volume name of the pod${vol.name === 'webhook-cert' ? ' (the webhook certificate volume)' : ''}`, vol.name);
    names.add(vol.name);
  });
  const paths = new Set<string>(c.webhook ? [WEBHOOK_CERT_DIR] : []);
  (p.extraVolumeMounts ?? []).forEach((m, i) => {
    if (paths.has(m.mountPath)) v.add(`extraVolumeMounts[${i}].mountPath`, 'repeats a mount path of the container', m.mountPath);
    paths.add(m.mountPath);
    v.check(names.has(m.name), `extraVolumeMounts[${i}].name`, 'must name a volume of the pod (extraVolumes or webhook-cert)', m.name);
  });
}

/** Pod labels must not change the selector's values, or the workload never matches its pods. */
export function validateSelectorOverrides(c: ControllerContext, v: Problems): void {
  const p = c.props;
  for (const [field, map] of [['commonLabels', p.commonLabels], ['labels', p.labels], ['podLabels', p.podLabels]] as const) {
    for (const [key, value] of Object.entries(map ?? {})) {
      const selected = Object.prototype.hasOwnProperty.call(c.selectorLabels, key) ? c.selectorLabels[key] : undefined;
      if (selected !== undefined && selected !== value) {
        v.add(`${field}[${show(key)}]`, `would change the selector label ${key}=${selected}; the selector is immutable and the pods must match it`, value);
      }
    }
  }
}

/** `--watch-namespace-selector` needs RBAC a namespace-scoped controller does not get. */
export function validateScopedArgs(c: ControllerContext, v: Problems): void {
  if (c.watchNamespace !== undefined && c.extraArgs.some((arg) => flagName(arg) === 'watch-namespace-selector')) {
    v.add('extraArgs', '--watch-namespace-selector cannot be combined with watchNamespace: it needs cluster-wide namespace reads the scoped RBAC does not grant');
  }
}

export function validateHostNetwork(c: ControllerContext, v: Problems): void {
  const p = c.props;
  if (p.hostPorts) {
    v.integer('hostPorts.http', p.hostPorts.http, 1, 65535);
    v.integer('hostPorts.https', p.hostPorts.https, 1, 65535);
    v.check(!(p.hostNetwork ?? false), 'hostPorts', 'cannot be combined with hostNetwork (with hostNetwork the container ports are the host ports)');
  }
  const hostBound = (p.hostNetwork ?? false) || p.hostPorts !== undefined;
  if (!hostBound || c.kind === WorkloadKind.DAEMON_SET) return;
  const replicas = p.autoscaling ? (p.autoscaling.maxReplicas ?? 11) : (p.replicas ?? 1);
  const required = p.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const podLabels = controllerPodLabels(c);
  const spreadByHost = required.some((t) => t.topologyKey === 'kubernetes.io/hostname' && selects(t.labelSelector, podLabels));
  const what = p.hostNetwork ? 'hostNetwork: true' : 'hostPorts';
  v.check(replicas <= 1 || spreadByHost, p.hostNetwork ? 'hostNetwork' : 'hostPorts',
    `with ${replicas} replicas needs a port plan: two pods on one node would bind the same host ports 80 and 443; ` +
    `use kind DaemonSet, or a required podAntiAffinity on kubernetes.io/hostname that selects the controller pods (${what})`);
}

/** extraArgs: well formed, not repeated, not a flag NginxIngress renders; the default certificate. */
export function validateArgs(c: ControllerContext, v: Problems): void {
  const p = c.props;
  const owned = new Map<string, string>([
    ['election-id', 'electionId'], ['ingress-class', 'ingressClass'], ['controller-class', 'ingressClassResource.controllerValue'],
    ['configmap', 'config'], ['watch-namespace', 'watchNamespace'], ['publish-service', 'publishService'],
    ['tcp-services-configmap', 'tcp'], ['udp-services-configmap', 'udp'], ['enable-metrics', 'metrics.enabled'],
    ['validating-webhook', 'admissionWebhooks'], ['default-ssl-certificate', 'defaultSslCertificate'],
    ['watch-ingress-without-class', 'watchIngressWithoutClass'], ['ingress-class-by-name', 'ingressClassByName'],
    ['default-backend-service', 'defaultBackend'], ['enable-annotation-validation', 'enableAnnotationValidations'],
    ['report-node-internal-ip-address', 'reportNodeInternalIp'], ['validating-webhook-certificate', 'admissionWebhooks'],
    ['validating-webhook-key', 'admissionWebhooks'], ['healthz-port', 'metrics.port'],
  ]);
  const seenFlags = new Map<string, number>();
  c.extraArgs.forEach((arg, i) => {
    if (!EXTRA_ARG.test(arg)) {
      v.add(`extraArgs[${i}]`, 'must be "--flag" or "--flag=value"', arg);
      return;
    }
    const flag = flagName(arg);
    if (owned.has(flag)) v.add(`extraArgs[${i}]`, `sets --${flag}, which NginxIngress renders; set ${owned.get(flag)} instead`, arg);
    if (seenFlags.has(flag)) v.add(`extraArgs[${i}]`, `repeats --${flag} (first at extraArgs[${seenFlags.get(flag)}])`, arg);
    else seenFlags.set(flag, i);
  });
  if (p.defaultSslCertificate !== undefined) {
    v.check(/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(p.defaultSslCertificate), 'defaultSslCertificate', 'must be "<namespace>/<secret>"', p.defaultSslCertificate);
  }
}

/** Whether a label selector (matchLabels and In/NotIn/Exists/DoesNotExist expressions) selects `labels`. */
function selects(selector: k8s.LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, val]) => labels[k] === val);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In': return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn': return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: return false;
    }
  });
  return byLabels && byExpressions;
}

function renderStrategy(s: UpdateStrategy): Record<string, any> {
  const type = s.type ?? 'RollingUpdate';
  if (type !== 'RollingUpdate') return { type };
  const rolling = {
    ...(s.maxSurge !== undefined ? { maxSurge: s.maxSurge } : {}),
    ...(s.maxUnavailable !== undefined ? { maxUnavailable: s.maxUnavailable } : {}),
  };
  return { ...(Object.keys(rolling).length > 0 ? { rollingUpdate: rolling } : {}), type };
}

function validateStrategy(v: Problems, s: UpdateStrategy, kind: WorkloadKind): void {
  const type = s.type ?? 'RollingUpdate';
  const allowed = kind === WorkloadKind.DAEMON_SET ? ['RollingUpdate', 'OnDelete'] : ['RollingUpdate', 'Recreate'];
  v.check(allowed.includes(type), 'updateStrategy.type', `must be ${allowed.join(' or ')} for a ${kind}`, type);
  for (const key of ['maxUnavailable', 'maxSurge'] as const) {
    const value = s[key];
    if (value === undefined) continue;
    v.check(type === 'RollingUpdate', `updateStrategy.${key}`, 'only applies to RollingUpdate', value);
    v.check(isIntOrPercent(value), `updateStrategy.${key}`, 'must be a non-negative integer or a percentage such as "25%"', value);
  }
  const zero = (x: number | string | undefined) => x === 0 || x === '0%';
  if (type === 'RollingUpdate' && zero(s.maxUnavailable) && (s.maxSurge === undefined ? kind === WorkloadKind.DAEMON_SET : zero(s.maxSurge))) {
    v.add('updateStrategy', 'cannot have both maxUnavailable and maxSurge 0: the rollout could never progress', { maxUnavailable: s.maxUnavailable, maxSurge: s.maxSurge });
  }
}
