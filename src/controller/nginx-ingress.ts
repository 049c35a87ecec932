/**
 * NginxIngress: the ingress-nginx chart 4.15.1 as one construct. It resolves names and defaults,
 * then composes one module per chart component, each holding its props, rendering and checks:
 * _rbac (ServiceAccounts, Roles, bindings), config (the nginx ConfigMap), _streams (TCP/UDP
 * ConfigMaps), _services, _workload (Deployment/DaemonSet), _default-backend, _autoscaling (HPA,
 * PDB), _admission (webhook, certgen, cert-manager, NetworkPolicy) and _ingress-class.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AdmissionWebhookProps, renderCertManager, renderCertgenJobs, renderNetworkPolicy, renderWebhookConfiguration, validateWebhook, validateWebhookReach,
} from './_admission';
import { validateApiFields } from './_api-fields';
import { AutoscalingProps, PodDisruptionBudgetProps, renderHpa, renderPdb, validateScaling } from './_autoscaling';
import { checkConfigData } from './_config-keys';
import { ControllerContext, WebhookState, meta, obj } from './_context';
import { DefaultBackendProps, renderDefaultBackend, renderDefaultBackendPdb, renderDefaultBackendService, validateDefaultBackend } from './_default-backend';
import { IngressClassProps, renderIngressClass, validateIngressClass } from './_ingress-class';
import { renderRbac } from './_rbac';
import { ControllerRegistry } from './_registry';
import { ControllerServiceProps, MetricsProps, renderServices, validateServices } from './_services';
import { StreamScopes, ensureStreamConfigMaps, validateStreams, validateWatchedNamespaceReferences } from './_streams';
import {
  HostPortProps, controllerNodeSelector, renderWorkload, validateArgs, validateContainerPorts, validateHostNetwork, validateScopedArgs,
  validateSelectorOverrides, validateWorkload,
} from './_workload';
import { NginxConfig, configKeyFields, renderNginxConfig, validateNginxConfig } from './config';
import { ChartNames, Component } from './names';
import { FailurePolicy, ImageProps, ResourceProps, UpdateStrategy, WorkloadKind } from './types';
import { WebhookCertificates } from './webhook-certificates';
import { compareStrings } from '../common/_compare';
import { podSecurityProblems } from '../common/_pod-security';
import { checkProps } from '../common/_shape';
import { Problems, isDnsLabel } from '../common/_validation';
import { PodSecurityLevel } from '../common/pod-security';

/** Prometheus' default histogram buckets (client_golang DefBuckets), ingress-nginx's `--time-buckets` default. */
const PROMETHEUS_DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type { AdmissionWebhookProps } from './_admission';
export type { AutoscalingProps, PodDisruptionBudgetProps } from './_autoscaling';
export { UnhealthyPodEvictionPolicy } from './_autoscaling';
export type { DefaultBackendProps } from './_default-backend';
export type { IngressClassProps } from './_ingress-class';
export type { ControllerServiceProps, InternalServiceProps, MetricsProps, NodePortProps } from './_services';
export type { HostPortProps } from './_workload';

/** Props of {@link NginxIngress}. Every field mirrors a key of the chart's values.yaml. */
export interface NginxIngressProps {
  /** Helm release name: the `app.kubernetes.io/instance` label and the base of every name. @default "ingress-nginx" */
  readonly releaseName?: string;
  /** Base of every object name instead of the release name. @see values.yaml fullnameOverride */
  readonly fullnameOverride?: string;
  /** `app.kubernetes.io/name` value. @default "ingress-nginx" @see values.yaml nameOverride */
  readonly nameOverride?: string;
  /** Namespace of every namespaced object. @default "ingress-nginx" @see values.yaml namespaceOverride */
  readonly namespace?: string;
  /** Render the Namespace object, as the static manifests do. @default false */
  readonly createNamespace?: boolean;
  /** Labels on every object. @see values.yaml commonLabels */
  readonly commonLabels?: Record<string, string>;
  /** Suffix of the controller's object names; "" names them `<fullname>`. @default "controller" @see values.yaml controller.name */
  readonly controllerName?: string;
  /** Workload kind. @default WorkloadKind.DEPLOYMENT @see values.yaml controller.kind */
  readonly kind?: WorkloadKind;
  /** Replica count (Deployment). @default 1 @see values.yaml controller.replicaCount */
  readonly replicas?: number;
  /**
   * Render `spec.replicas`. Off leaves the count to whoever scales the Deployment, as the
   * static manifests do (they delete it with a kustomize patch).
   * @default true (false when autoscaling is on)
   */
  readonly manageReplicas?: boolean;
  /** HorizontalPodAutoscaler (Deployment only). @default - none @see values.yaml controller.autoscaling */
  readonly autoscaling?: AutoscalingProps;
  /** PodDisruptionBudget settings. @default - minAvailable 1 when effective replicas > 1 */
  readonly podDisruptionBudget?: PodDisruptionBudgetProps;
  /** Rollout strategy of the workload. @default - none (Kubernetes: RollingUpdate 25%/25%) @see values.yaml controller.updateStrategy */
  readonly updateStrategy?: UpdateStrategy;
  /** Seconds a new pod must be ready before it counts as available. @default 0 @see values.yaml controller.minReadySeconds */
  readonly minReadySeconds?: number;
  /** Old ReplicaSets kept. @default 10 @see values.yaml revisionHistoryLimit */
  readonly revisionHistoryLimit?: number;
  /** Seconds a pod gets to drain before it is killed. @default 300 @see values.yaml controller.terminationGracePeriodSeconds */
  readonly terminationGracePeriodSeconds?: number;
  /** preStop command; [] for none. @default ["/wait-shutdown"] @see values.yaml controller.lifecycle */
  readonly preStop?: string[];
  /** Controller image. @default Images.CONTROLLER @see values.yaml controller.image */
  readonly image?: ImageProps;
  /** Secret names, for every pod (controller, certgen Jobs, default backend). @see values.yaml imagePullSecrets */
  readonly imagePullSecrets?: string[];
  /**
   * Controller container resources, merged over the default as Helm merges values: limits alone
   * keep the default requests, `requests: { cpu: '200m' }` keeps the memory request.
   * @default requests cpu 100m, memory 90Mi @see values.yaml controller.resources
   */
  readonly resources?: ResourceProps;
  /** Extra environment variables. @see values.yaml controller.extraEnvs */
  readonly env?: k8s.EnvVar[];
  /** Extra arguments, each `--flag` or `--flag=value`. @see values.yaml controller.extraArgs */
  readonly extraArgs?: string[];
  /** Extra volumes of the controller pods. @see values.yaml controller.extraVolumes */
  readonly extraVolumes?: k8s.Volume[];
  /** Extra volume mounts of the controller container. @see values.yaml controller.extraVolumeMounts */
  readonly extraVolumeMounts?: k8s.VolumeMount[];
  /** Annotations on the workload. @see values.yaml controller.annotations */
  readonly annotations?: Record<string, string>;
  /**
   * Labels on the controller objects, as the chart places `controller.labels`: the workload and its
   * pod template, ServiceAccount, Role, ClusterRole and bindings, ConfigMaps, webhook Service,
   * IngressClass, HPA, PDB and NetworkPolicy; not the main, internal and metrics Services (those
   * take `service.labels`).
   * @see values.yaml controller.labels
   */
  readonly labels?: Record<string, string>;
  /** Annotations on the controller pods. @see values.yaml controller.podAnnotations */
  readonly podAnnotations?: Record<string, string>;
  /** Extra labels on the controller pods. @see values.yaml controller.podLabels */
  readonly podLabels?: Record<string, string>;
  /**
   * Name of the controller container. Keep an existing workload's container name when adopting
   * it: `kubectl apply` merges containers by name, so a new name would run beside the old container.
   * @default "controller" @see values.yaml controller.containerName
   */
  readonly containerName?: string;
  /**
   * Replaces the controller's selector labels (name, instance, component). Only for adopting a
   * workload created with another selector: a Deployment's selector is immutable, so keeping
   * the old one turns the move into a rolling update. The labels are added to the pod template.
   * @default - the chart's selector labels
   */
  readonly selectorLabels?: Record<string, string>;
  /** PriorityClass of the controller pods. @see values.yaml controller.priorityClassName */
  readonly priorityClassName?: string;
  /**
   * Node selector of the controller pods, merged over the default as Helm merges values
   * (`{ role: 'edge' }` keeps `kubernetes.io/os: linux`); a key can be overridden, not removed.
   * @default {"kubernetes.io/os": "linux"} @see values.yaml controller.nodeSelector
   */
  readonly nodeSelector?: Record<string, string>;
  /** Tolerations of the controller pods. @see values.yaml controller.tolerations */
  readonly tolerations?: k8s.Toleration[];
  /** Affinity of the controller pods. @see values.yaml controller.affinity */
  readonly affinity?: k8s.Affinity;
  /** Topology spread constraints of the controller pods. @see values.yaml controller.topologySpreadConstraints */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /**
   * Bind the host's network. The pod then leaves Pod Security Standards `restricted` (and
   * `baseline`); dnsPolicy becomes ClusterFirstWithHostNet.
   * @default false @see values.yaml controller.hostNetwork
   */
  readonly hostNetwork?: boolean;
  /** DNS policy of the controller pods. @default "ClusterFirst", or "ClusterFirstWithHostNet" with hostNetwork @see values.yaml controller.dnsPolicy */
  readonly dnsPolicy?: string;
  /** Expose http/https as host ports (leaves PSS `baseline`). @default - none @see values.yaml controller.hostPort */
  readonly hostPorts?: HostPortProps;
  /** `--report-node-internal-ip-address` (with hostNetwork). @default false @see values.yaml controller.reportNodeInternalIp */
  readonly reportNodeInternalIp?: boolean;
  /** The controller Service. @see values.yaml controller.service */
  readonly service?: ControllerServiceProps;
  /** `--publish-service` pointing at the controller Service. @default true @see values.yaml controller.publishService.enabled */
  readonly publishService?: boolean;
  /** The IngressClass resource. @see values.yaml controller.ingressClassResource */
  readonly ingressClassResource?: IngressClassProps;
  /** `--ingress-class`. @default "nginx" @see values.yaml controller.ingressClass */
  readonly ingressClass?: string;
  /** Leader-election Lease name. @default "<fullname>-leader" @see values.yaml controller.electionID */
  readonly electionId?: string;
  /** Also serve Ingresses without a class. @default false @see values.yaml controller.watchIngressWithoutClass */
  readonly watchIngressWithoutClass?: boolean;
  /** Match IngressClasses by name too. @default false @see values.yaml controller.ingressClassByName */
  readonly ingressClassByName?: boolean;
  /**
   * Watch one namespace only (`--watch-namespace`). Unlike the chart's `controller.scope`, the
   * RBAC follows: namespaced Roles, plus a ClusterRole with only IngressClass reads, a GET of
   * the watched namespace and node GETs. No cluster-wide read of Secrets.
   * @default - every namespace @see values.yaml controller.scope
   */
  readonly watchNamespace?: string;
  /**
   * The nginx ConfigMap. Every key, typed or in `extra` (and every `setConfig` call), is checked
   * against the keys controller v1.15.1 reads, and its value against the key's syntax; free text
   * may not hold what ends an nginx directive or block (`;`, braces, quotes, line breaks, comments).
   * @see values.yaml controller.config
   */
  readonly config?: NginxConfig;
  /**
   * ConfigMap keys newer than the controller v1.15.1 table, accepted without the key and type
   * check. Their values are still held to the free-text rule, and a `*-snippet` key still needs
   * `allowConfigSnippets`.
   * @default - none: an unknown key is an error
   */
  readonly uncheckedConfigKeys?: string[];
  /**
   * Allow the `*-snippet` ConfigMap keys (`main-snippet`, `http-snippet`, `server-snippet`,
   * `location-snippet`, `stream-snippet`, `modsecurity-snippet`, `global-auth-snippet`): raw nginx
   * configuration written as it is, which no check can make safe. Not the same as
   * `config.allowSnippetAnnotations`, which lets Ingress authors write snippets.
   * @default false
   */
  readonly allowConfigSnippets?: boolean;
  /** TCP services: `{ "<port>": "<namespace>/<service>:<port>" }`. @see values.yaml tcp */
  readonly tcp?: Record<string, string>;
  /** UDP services: `{ "<port>": "<namespace>/<service>:<port>" }`. @see values.yaml udp */
  readonly udp?: Record<string, string>;
  /** Metrics. @see values.yaml controller.metrics */
  readonly metrics?: MetricsProps;
  /** The admission webhook. @see values.yaml controller.admissionWebhooks */
  readonly admissionWebhooks?: AdmissionWebhookProps;
  /** The default backend. @see values.yaml defaultBackend */
  readonly defaultBackend?: DefaultBackendProps;
  /**
   * A NetworkPolicy for the controller pods: traffic ports open, the webhook port only from
   * `admissionWebhooks.allowedSources`.
   * @default false (true when allowedSources is set) @see values.yaml controller.networkPolicy.enabled
   */
  readonly networkPolicy?: boolean;
  /** `--default-ssl-certificate=<namespace>/<secret>`. @default - the controller's fake certificate */
  readonly defaultSslCertificate?: string;
  /** Preload mimalloc. @default true @see values.yaml controller.enableMimalloc */
  readonly enableMimalloc?: boolean;
  /** Validate annotation values. @default true @see values.yaml controller.enableAnnotationValidations */
  readonly enableAnnotationValidations?: boolean;
  /**
   * The lowest Pod Security Standards level the rendered pods may have. Options such as
   * hostNetwork, hostPorts, a hostPath volume or an AppArmor `unconfined` annotation take pods
   * below `restricted`; they are refused unless the level they need is named here.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurityLevel?: PodSecurityLevel;
}

/**
 * The complete ingress-nginx controller, as chart 4.15.1 renders it, with typed options,
 * synth-time validation and secure defaults.
 *
 * @example
 * new NginxIngress(chart, 'ingress', {
 *   replicas: 2,
 *   service: { externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
 *   config: { useForwardedHeaders: true },
 *   metrics: { enabled: true },
 * });
 */
export class NginxIngress extends Construct {
  /** Namespace of the controller's namespaced objects. */
  public readonly namespace: string;
  /** Every name of this installation. */
  public readonly names: ChartNames;
  /** The controller workload's name (Deployment or DaemonSet). */
  public readonly workloadName: string;
  /** The controller workload kind. */
  public readonly kind: WorkloadKind;
  /** The controller container's name. */
  public readonly containerName: string;
  /** The controller Service's name. */
  public readonly serviceName: string;
  /** The nginx ConfigMap's name. */
  public readonly configMapName: string;
  /** The controller's ServiceAccount name. */
  public readonly serviceAccountName: string;
  /** Labels selecting the controller pods (immutable selector of the workload). */
  public readonly selectorLabels: Record<string, string>;
  /** `--election-id`: the leader-election Lease name. */
  public readonly electionId: string;
  /** `--ingress-class`. */
  public readonly ingressClass: string;
  /** `--controller-class` (and `spec.controller` of the IngressClass). */
  public readonly controllerClass: string;
  /** The IngressClass object's name, when one is rendered. */
  public readonly ingressClassName?: string;
  /** The watched namespace, when the controller is namespace-scoped. */
  public readonly watchNamespace?: string;
  /** The ValidatingWebhookConfiguration's name, when the admission webhook is on. */
  public readonly webhookConfigurationName?: string;
  /** Whether metrics are exposed. */
  public readonly metricsEnabled: boolean;
  /** The metrics Service's name (when metrics and the metrics Service are on). */
  public readonly metricsServiceName?: string;
  /** Metrics container and Service port number. */
  public readonly metricsPort: number;
  /** Metrics port name (container and Service). */
  public readonly metricsPortName: string;

  private readonly props: NginxIngressProps;
  private readonly extraArgs: string[];
  private readonly tcp: Map<number, string> = new Map();
  private readonly udp: Map<number, string> = new Map();
  private readonly config: Record<string, string | undefined>;
  private readonly env: k8s.EnvVar[];
  /** Keys set by setConfig: messages name them `config["key"]`. */
  private readonly setKeys = new Set<string>();
  private readonly webhook?: WebhookState;
  /** What the component modules render from. */
  private readonly ctx: ControllerContext;
  /**
   * Places of the TCP and UDP ConfigMaps in the output. addTcpService/addUdpService may create them
   * after construction; inside these scopes they still render where the props would put them.
   */
  private streamScopes?: StreamScopes;

  constructor(scope: Construct, id: string, props: NginxIngressProps = {}) {
    super(scope, id);
    // JavaScript callers pass anything: bad parts are reported and dropped before anything reads them.
    const shape = checkProps<NginxIngressProps>('NginxIngressProps', props);
    props = shape.value;
    this.node.addValidation({
      validate: () => [...shape.problems, ...(props.admissionWebhooks?.certificates?._problems ?? []).map((m) => `admissionWebhooks.certificates.${m}`)],
    });
    this.props = props;
    this.names = new ChartNames({
      releaseName: props.releaseName ?? 'ingress-nginx',
      fullnameOverride: props.fullnameOverride,
      nameOverride: props.nameOverride,
      controllerName: props.controllerName ?? 'controller',
      commonLabels: props.commonLabels,
    });
    const n = this.names;
    this.namespace = props.namespace ?? 'ingress-nginx';
    this.kind = props.kind ?? WorkloadKind.DEPLOYMENT;
    this.workloadName = n.controller;
    this.serviceName = n.controller;
    this.containerName = props.containerName ?? 'controller';
    this.configMapName = n.configMap;
    this.serviceAccountName = n.serviceAccount;
    this.selectorLabels = props.selectorLabels ?? n.selectorLabels(Component.CONTROLLER);
    this.electionId = props.electionId ?? n.electionId;
    this.ingressClass = props.ingressClass ?? 'nginx';
    this.controllerClass = props.ingressClassResource?.controllerValue ?? 'k8s.io/ingress-nginx';
    if (props.ingressClassResource?.enabled ?? true) this.ingressClassName = props.ingressClassResource?.name ?? 'nginx';
    this.watchNamespace = props.watchNamespace;
    this.metricsEnabled = props.metrics?.enabled ?? false;
    this.metricsPort = props.metrics?.port ?? 10254;
    this.metricsPortName = props.metrics?.portName ?? 'metrics';
    if (this.metricsEnabled && (props.metrics?.service ?? true)) this.metricsServiceName = n.metricsService;
    this.extraArgs = [...(props.extraArgs ?? [])];
    this.config = { ...renderNginxConfig(props.config) };
    this.env = [...(props.env ?? [])];
    for (const [port, target] of Object.entries(props.tcp ?? {})) this.tcp.set(Number(port), target);
    for (const [port, target] of Object.entries(props.udp ?? {})) this.udp.set(Number(port), target);
    if (props.admissionWebhooks?.enabled ?? true) {
      this.webhook = {
        port: props.admissionWebhooks?.port ?? 8443,
        certs: props.admissionWebhooks?.certificates ?? WebhookCertificates.certgen(),
        failurePolicy: props.admissionWebhooks?.failurePolicy ?? FailurePolicy.FAIL,
      };
    }

    if (this.webhook) this.webhookConfigurationName = n.admission;

    this.ctx = {
      scope: this,
      props,
      names: n,
      namespace: this.namespace,
      kind: this.kind,
      workloadName: this.workloadName,
      containerName: this.containerName,
      selectorLabels: this.selectorLabels,
      electionId: this.electionId,
      ingressClass: this.ingressClass,
      controllerClass: this.controllerClass,
      watchNamespace: this.watchNamespace,
      metricsEnabled: this.metricsEnabled,
      metricsServiceName: this.metricsServiceName,
      metricsPort: this.metricsPort,
      metricsPortName: this.metricsPortName,
      extraArgs: this.extraArgs,
      tcp: this.tcp,
      udp: this.udp,
      env: this.env,
      webhook: this.webhook,
      watchedElsewhere: this.watchNamespace !== undefined && this.watchNamespace !== this.namespace,
      serviceEnabled: props.service?.enabled ?? true,
      defaultBackendEnabled: props.defaultBackend?.enabled ?? false,
      networkPolicyEnabled: props.networkPolicy ?? (props.admissionWebhooks?.allowedSources !== undefined),
      effectiveReplicas: this.effectiveReplicas,
      configData: () => this.configData,
    };

    this.node.addValidation({ validate: () => this.validateProps() });
    ControllerRegistry.of(this).register(this);
    this.render();
  }

  /** Adds a TCP service: the controller forwards `port` to `target` (`<ns>/<service>:<port>`). */
  public addTcpService(port: number, target: string): void {
    if (this.tcp.has(port)) throw new Error(`${this.node.path}: tcp port ${port} is already forwarded to ${this.tcp.get(port)}`);
    this.tcp.set(port, target);
    ensureStreamConfigMaps(this.ctx, this.streamScopes);
  }

  /** Adds a UDP service: the controller forwards `port` to `target` (`<ns>/<service>:<port>`). */
  public addUdpService(port: number, target: string): void {
    if (this.udp.has(port)) throw new Error(`${this.node.path}: udp port ${port} is already forwarded to ${this.udp.get(port)}`);
    this.udp.set(port, target);
    ensureStreamConfigMaps(this.ctx, this.streamScopes);
  }

  /** Adds an argument (`--flag` or `--flag=value`) after the ones NginxIngress renders. */
  public addExtraArg(arg: string): void {
    this.extraArgs.push(arg);
  }

  /**
   * Sets one nginx ConfigMap key (overriding a typed or default value). The key and value are
   * checked like `config.extra`.
   */
  public setConfig(key: string, value: string): void {
    this.config[key] = value;
    this.setKeys.add(key);
  }

  /** Adds an environment variable to the controller container. */
  public addEnv(env: k8s.EnvVar): void {
    this.env.push(env);
  }

  /** The rendered nginx ConfigMap data (keys sorted). */
  public get configData(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.config)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .sort(([a], [b]) => compareStrings(a, b)));
  }

  /** Effective replica count: replicas, or the HPA minimum (Deployment only). */
  public get effectiveReplicas(): number {
    if (this.kind !== WorkloadKind.DEPLOYMENT) return 0;
    return this.props.autoscaling ? (this.props.autoscaling.minReplicas ?? 1) : (this.props.replicas ?? 1);
  }

  /** Whether the pods bind host ports (hostNetwork or hostPorts). */
  public get bindsHostPorts(): boolean {
    return (this.props.hostNetwork ?? false) || this.props.hostPorts !== undefined;
  }

  /** The node selector of the controller pods. */
  public get nodeSelector(): Record<string, string> {
    return controllerNodeSelector(this.props);
  }

  /**
   * Upper bounds, in seconds, of the buckets of the controller's request and response time
   * histograms (`nginx_ingress_controller_request_duration_seconds` and the like): the
   * `--time-buckets` extra arguments (the first replaces the default, later ones add to it, as the
   * controller's flag parser does), or the controller's default, Prometheus' default buckets.
   * A value that is not a finite number is left out (the histograms always have a `+Inf` bucket).
   */
  public get timeBuckets(): number[] {
    let buckets: number[] | undefined;
    this.extraArgs.forEach((arg, i) => {
      const value = arg === '--time-buckets' ? this.extraArgs[i + 1] : arg.startsWith('--time-buckets=') ? arg.slice('--time-buckets='.length) : undefined;
      if (value === undefined) return;
      const parsed = value.split(',').filter((x) => x.trim() !== '').map(Number).filter((x) => Number.isFinite(x));
      buckets = [...(buckets ?? []), ...parsed];
    });
    return buckets ?? [...PROMETHEUS_DEFAULT_BUCKETS];
  }

  /** Creates every object, in the order of the official static manifests. */
  private render(): void {
    const c = this.ctx;
    const n = this.names;
    if (this.props.createNamespace) {
      new ApiObject(this, 'Namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: this.namespace, labels: { 'app.kubernetes.io/instance': n.instance, 'app.kubernetes.io/name': n.name } },
      });
    }
    renderRbac(c);

    // ConfigMaps
    obj(c, 'ConfigMap', 'v1', 'ConfigMap', meta(c, n.configMap, Component.CONTROLLER), { data: Lazy.any({ produce: () => this.configData }) });
    this.streamScopes = { tcp: new Construct(this, 'TcpServices'), udp: new Construct(this, 'UdpServices') };
    ensureStreamConfigMaps(c, this.streamScopes);

    renderServices(c);
    if (c.defaultBackendEnabled) renderDefaultBackendService(c);

    // Workloads
    renderWorkload(c);
    if (c.defaultBackendEnabled) renderDefaultBackend(c);
    if (this.props.autoscaling && this.kind === WorkloadKind.DEPLOYMENT) renderHpa(c);
    if (this.kind === WorkloadKind.DEPLOYMENT && this.effectiveReplicas > 1) renderPdb(c);
    if (c.defaultBackendEnabled) renderDefaultBackendPdb(c);

    // Admission
    if (this.webhook?.certs.mode === 'certgen') renderCertgenJobs(c);
    if (this.webhook?.certs.mode === 'cert-manager') renderCertManager(c);

    if (this.ingressClassName) renderIngressClass(c, this.ingressClassName);
    if (c.networkPolicyEnabled) renderNetworkPolicy(c);
    if (this.webhook) renderWebhookConfiguration(c);
  }

  // ---------------------------------------------------------------- validation

  /** Every check, in a fixed order, so one synth reports every problem at once. */
  private validateProps(): string[] {
    const p = this.props;
    const c = this.ctx;
    const v = new Problems();
    this.validateNames(v);
    v.dnsLabel('namespace', this.namespace);
    v.dnsLabel('watchNamespace', p.watchNamespace);
    v.dnsSubdomain('electionId', p.electionId);
    v.dnsSubdomain('ingressClassResource.name', p.ingressClassResource?.name);
    v.labels('commonLabels', p.commonLabels);
    v.labels('labels', p.labels);
    v.labels('podLabels', p.podLabels);
    v.dnsLabel('containerName', p.containerName);
    v.labels('selectorLabels', p.selectorLabels);
    if (p.selectorLabels) v.check(Object.keys(p.selectorLabels).length > 0, 'selectorLabels', 'must not be empty (an empty selector matches every pod)', p.selectorLabels);
    v.check(Object.values(WorkloadKind).includes(this.kind), 'kind', `must be one of ${Object.values(WorkloadKind).join(', ')}`, this.kind);
    v.integer('replicas', p.replicas, 0);
    v.integer('minReadySeconds', p.minReadySeconds, 0);
    v.integer('revisionHistoryLimit', p.revisionHistoryLimit, 0);
    v.integer('terminationGracePeriodSeconds', p.terminationGracePeriodSeconds, 0);
    validateScaling(c, v);
    validateWorkload(c, v);
    validateServices(c, v);
    validateContainerPorts(c, v);
    validateWatchedNamespaceReferences(c, v);
    validateSelectorOverrides(c, v);
    for (const [field, map] of [
      ['annotations', p.annotations], ['podAnnotations', p.podAnnotations], ['service.annotations', p.service?.annotations],
      ['service.internal.annotations', p.service?.internal?.annotations], ['ingressClassResource.annotations', p.ingressClassResource?.annotations],
      ['metrics.serviceAnnotations', p.metrics?.serviceAnnotations], ['autoscaling.annotations', p.autoscaling?.annotations],
    ] as const) {
      v.annotations(field, map);
    }
    validateIngressClass(c, v);
    validateScopedArgs(c, v);
    validateWebhookReach(c, v);
    validateStreams(c, v);
    validateHostNetwork(c, v);
    validateArgs(c, v);
    validateWebhook(c, v);

    // Config: the typed props, then every key and value of the data, wherever it was set.
    const typed = validateNginxConfig(p.config, 'config');
    v.merge('', typed);
    const fields = configKeyFields(p.config, 'config');
    for (const key of this.setKeys) delete fields[key];
    const reported = new Set(Object.keys(this.config).filter((key) => fields[key] !== undefined
      && typed.some((m) => m.startsWith(`${fields[key]} `) || m.startsWith(`${fields[key]}.`))));
    checkConfigData(v, Object.fromEntries(Object.entries(this.config).filter(([, val]) => val !== undefined)), {
      uncheckedKeys: p.uncheckedConfigKeys ?? [],
      allowSnippets: p.allowConfigSnippets ?? false,
      fields,
      reported,
    });
    validateDefaultBackend(c, v);
    validateApiFields(c, v);
    v.merge('', podSecurityProblems(this, p.podSecurityLevel ?? PodSecurityLevel.RESTRICTED));
    return v.list;
  }

  /**
   * Names: each problem is reported once, at the name the user wrote, not again at every name
   * derived from it.
   */
  private validateNames(v: Problems): void {
    const p = this.props;
    const n = this.names;
    // The release name is also the `app.kubernetes.io/instance` label value: at most 63 characters.
    v.dnsLabel('releaseName', p.releaseName);
    // nameOverride is the app.kubernetes.io/name label (and selector) and may become part of the fullname.
    v.dnsLabel('nameOverride', p.nameOverride);
    if (p.nameOverride !== undefined && !isDnsLabel(p.nameOverride)) return;
    if (p.fullnameOverride === undefined && !isDnsLabel(n.instance)) return;
    v.dnsLabel('fullname', n.fullname);
    if (!isDnsLabel(n.fullname)) return;
    v.dnsLabel('controller name', n.controller);
    if (!isDnsLabel(n.controller)) return;
    // The chart appends these suffixes without truncating. Service names are DNS labels, and a
    // Job's name becomes its pods' job-name label: both at most 63 characters.
    const internal = this.ctx.serviceEnabled && Object.keys(p.service?.internal?.annotations ?? {}).length > 0;
    const certgen = this.webhook?.certs.mode === 'certgen';
    const derived: Array<[string, string | undefined]> = [
      ['admission Service name', this.webhook ? n.admissionService : undefined],
      ['metrics Service name', this.metricsServiceName],
      ['internal Service name', internal ? n.internalService : undefined],
      ['certgen Job name', certgen ? `${n.admission}-create` : undefined],
    ];
    for (const [what, name] of derived) {
      if (name === undefined) continue;
      v.check(name.length <= 63, what, 'must be at most 63 characters; shorten releaseName, fullnameOverride or controllerName', name);
    }
  }
}
