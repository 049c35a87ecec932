import { createHash } from 'crypto';
import { ApiObject, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EXTRA_ARG, WEBHOOK_CERT_DIR, controllerArgs, flagName } from './_params';
import * as rbac from './_rbac';
import { ControllerRegistry } from './_registry';
import { NginxConfig, renderNginxConfig, validateNginxConfig } from './config';
import { ChartNames, Component } from './names';
import {
  ExternalTrafficPolicy, FailurePolicy, ImagePullPolicy, ImageProps, IpFamily, IpFamilyPolicy,
  ResourceProps, ServiceType, UpdateStrategy, WorkloadKind,
} from './types';
import { WebhookCertificates } from './webhook-certificates';
import * as cm from '../../imports/cert-manager.io';
import { compareStrings } from '../common/_compare';
import { Problems, isCidr, isDnsLabel, isIntOrPercent, parseQuantity, show } from '../common/_validation';

/** Default controller image. @see values.yaml controller.image */
export const CONTROLLER_IMAGE: Required<ImageProps> = {
  registry: 'registry.k8s.io',
  image: 'ingress-nginx/controller',
  tag: 'v1.15.1',
  digest: 'sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1',
  pullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
};

/** Default certgen image. @see values.yaml controller.admissionWebhooks.patch.image */
export const CERTGEN_IMAGE: Required<ImageProps> = {
  registry: 'registry.k8s.io',
  image: 'ingress-nginx/kube-webhook-certgen',
  tag: 'v1.6.9',
  digest: 'sha256:01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd',
  pullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
};

/** Default backend image. @see values.yaml defaultBackend.image */
export const DEFAULT_BACKEND_IMAGE: Required<ImageProps> = {
  registry: 'registry.k8s.io',
  image: 'defaultbackend-amd64',
  tag: '1.5',
  digest: '',
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

/** HorizontalPodAutoscaler settings. @see values.yaml controller.autoscaling */
export interface AutoscalingProps {
  /** Minimum replicas. @default 1 @see values.yaml controller.autoscaling.minReplicas */
  readonly minReplicas?: number;
  /** Maximum replicas. @default 11 @see values.yaml controller.autoscaling.maxReplicas */
  readonly maxReplicas?: number;
  /** Target average CPU utilization in percent; 0 leaves the metric out. @default 50 */
  readonly targetCpuUtilizationPercentage?: number;
  /** Target average memory utilization in percent; 0 leaves the metric out. @default 50 */
  readonly targetMemoryUtilizationPercentage?: number;
  /** Scaling behavior. @default - the Kubernetes defaults @see values.yaml controller.autoscaling.behavior */
  readonly behavior?: k8s.HorizontalPodAutoscalerBehaviorV2;
  /** Annotations on the HPA. @see values.yaml controller.autoscaling.annotations */
  readonly annotations?: Record<string, string>;
}

/**
 * PodDisruptionBudget settings. The chart's rule decides whether one exists: only for a
 * Deployment whose effective replicas (replicas, or the HPA minimum) exceed 1.
 */
export interface PodDisruptionBudgetProps {
  /** Pods that must stay available. @default 1 (unless maxUnavailable is set) @see values.yaml controller.minAvailable */
  readonly minAvailable?: number | string;
  /** Set instead of minAvailable. @see values.yaml controller.maxUnavailable */
  readonly maxUnavailable?: number | string;
  /** `IfHealthyBudget` or `AlwaysAllow`. @see values.yaml controller.unhealthyPodEvictionPolicy */
  readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

/** Pinned node ports. @see values.yaml controller.service.nodePorts */
export interface NodePortProps {
  /** nodePort of `http`. */
  readonly http?: number;
  /** nodePort of `https`. */
  readonly https?: number;
  /** nodePort per TCP service port. */
  readonly tcp?: Record<string, number>;
  /** nodePort per UDP service port. */
  readonly udp?: Record<string, number>;
}

/** The internal (second) Service, e.g. a private load balancer. @see values.yaml controller.service.internal */
export interface InternalServiceProps {
  /** Annotations; the chart renders the internal Service only when they are non-empty. */
  readonly annotations: Record<string, string>;
  /** Service type. @default - the main Service's type */
  readonly type?: ServiceType;
  /** Source ranges of the load balancer. */
  readonly loadBalancerSourceRanges?: string[];
  /** Load balancer implementation class. */
  readonly loadBalancerClass?: string;
  /** External traffic policy. */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
}

/** The controller Service. @see values.yaml controller.service */
export interface ControllerServiceProps {
  /** Render the Service. @default true @see values.yaml controller.service.enabled */
  readonly enabled?: boolean;
  /** Service type. @default ServiceType.LOAD_BALANCER @see values.yaml controller.service.type */
  readonly type?: ServiceType;
  /** Annotations. @see values.yaml controller.service.annotations */
  readonly annotations?: Record<string, string>;
  /** Extra labels. @see values.yaml controller.service.labels */
  readonly labels?: Record<string, string>;
  /** Load balancer implementation class. @see values.yaml controller.service.loadBalancerClass */
  readonly loadBalancerClass?: string;
  /** Requested load balancer address (deprecated by Kubernetes; prefer annotations). @see values.yaml controller.service.loadBalancerIP */
  readonly loadBalancerIP?: string;
  /** CIDRs allowed to reach the load balancer. @see values.yaml controller.service.loadBalancerSourceRanges */
  readonly loadBalancerSourceRanges?: string[];
  /** External traffic policy; Local keeps client IPs. @default - unset (Kubernetes: Cluster) @see values.yaml controller.service.externalTrafficPolicy */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /** Pinned node ports (30000-32767). @see values.yaml controller.service.nodePorts */
  readonly nodePorts?: NodePortProps;
  /** IP family policy. @default IpFamilyPolicy.SINGLE_STACK @see values.yaml controller.service.ipFamilyPolicy */
  readonly ipFamilyPolicy?: IpFamilyPolicy;
  /** IP families. @default [IpFamily.IPV4] @see values.yaml controller.service.ipFamilies */
  readonly ipFamilies?: IpFamily[];
  /** Service port of `http`. @default 80 @see values.yaml controller.service.ports.http */
  readonly httpPort?: number;
  /** Service port of `https`. @default 443 @see values.yaml controller.service.ports.https */
  readonly httpsPort?: number;
  /** Expose the http port. @default true @see values.yaml controller.service.enableHttp */
  readonly enableHttp?: boolean;
  /** Expose the https port. @default true @see values.yaml controller.service.enableHttps */
  readonly enableHttps?: boolean;
  /** Fixed cluster IP. @see values.yaml controller.service.clusterIP */
  readonly clusterIP?: string;
  /** External IPs. @see values.yaml controller.service.externalIPs */
  readonly externalIPs?: string[];
  /** The internal Service. @default - none @see values.yaml controller.service.internal */
  readonly internal?: InternalServiceProps;
}

/** Metrics. @see values.yaml controller.metrics */
export interface MetricsProps {
  /** Expose Prometheus metrics. @default false @see values.yaml controller.metrics.enabled */
  readonly enabled?: boolean;
  /** Port. @default 10254 @see values.yaml controller.metrics.port */
  readonly port?: number;
  /** Container and Service port name. @default "metrics" @see values.yaml controller.metrics.portName */
  readonly portName?: string;
  /** Render the metrics Service. @default true @see values.yaml controller.metrics.service.enabled */
  readonly service?: boolean;
  /** Annotations on the metrics Service. @see values.yaml controller.metrics.service.annotations */
  readonly serviceAnnotations?: Record<string, string>;
}

/** The IngressClass resource. @see values.yaml controller.ingressClassResource */
export interface IngressClassProps {
  /** Render the IngressClass. @default true */
  readonly enabled?: boolean;
  /** Name. @default "nginx" */
  readonly name?: string;
  /** `spec.controller`, also `--controller-class`. @default "k8s.io/ingress-nginx" */
  readonly controllerValue?: string;
  /** Mark it as the cluster's default class. @default false */
  readonly default?: boolean;
  /** Annotations. @see values.yaml controller.ingressClassResource.annotations */
  readonly annotations?: Record<string, string>;
}

/** The validating admission webhook. @see values.yaml controller.admissionWebhooks */
export interface AdmissionWebhookProps {
  /** Render it. @default true */
  readonly enabled?: boolean;
  /** How the serving certificate is made. @default WebhookCertificates.certgen() */
  readonly certificates?: WebhookCertificates;
  /** What the API server does when the webhook is unreachable. @default FailurePolicy.FAIL @see values.yaml controller.admissionWebhooks.failurePolicy */
  readonly failurePolicy?: FailurePolicy;
  /** Seconds the API server waits (1-30). @default - the API server's 10 */
  readonly timeoutSeconds?: number;
  /** Port. @default 8443 @see values.yaml controller.admissionWebhooks.port */
  readonly port?: number;
  /**
   * CIDRs allowed to reach the webhook port: the API server's addresses. When set, a
   * NetworkPolicy admits the webhook port only from them (CVE-2025-1974 mitigation).
   * @default - no NetworkPolicy unless `networkPolicy` is on
   */
  readonly allowedSources?: string[];
  /**
   * Which namespaces' Ingresses are sent to the webhook.
   * @default - every namespace; the watched namespace only when `watchNamespace` is set
   */
  readonly namespaceSelector?: k8s.LabelSelector;
}

/** The default backend. @see values.yaml defaultBackend */
export interface DefaultBackendProps {
  /** Render the default backend and point `--default-backend-service` at it. @default false @see values.yaml defaultBackend.enabled */
  readonly enabled?: boolean;
  /** Default backend image (published without a digest upstream). @default registry.k8s.io/defaultbackend-amd64:1.5 @see values.yaml defaultBackend.image */
  readonly image?: ImageProps;
  /** Default backend replicas. @default 1 @see values.yaml defaultBackend.replicaCount */
  readonly replicas?: number;
  /** Default backend container resources. @default - none @see values.yaml defaultBackend.resources */
  readonly resources?: ResourceProps;
}

/** Host ports for the controller. @see values.yaml controller.hostPort */
export interface HostPortProps {
  /** Host port of http. @default 80 */
  readonly http?: number;
  /** Host port of https. @default 443 */
  readonly https?: number;
}

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
  /** Controller image. @default CONTROLLER_IMAGE @see values.yaml controller.image */
  readonly image?: ImageProps;
  /** Secret names, for every pod (controller, certgen Jobs, default backend). @see values.yaml imagePullSecrets */
  readonly imagePullSecrets?: string[];
  /** Controller container resources. @default requests cpu 100m, memory 90Mi @see values.yaml controller.resources */
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
  /** Labels on the controller objects. @see values.yaml controller.labels */
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
  /** Node selector of the controller pods. @default {"kubernetes.io/os": "linux"} @see values.yaml controller.nodeSelector */
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
  /** The nginx ConfigMap. @see values.yaml controller.config */
  readonly config?: NginxConfig;
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
}

/** Metadata beyond name and namespace. */
interface MetaExtras {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** False for cluster-scoped objects. */
  readonly namespaced?: boolean;
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
  private readonly webhook?: { readonly port: number; readonly certs: WebhookCertificates; readonly failurePolicy: FailurePolicy };
  /**
   * Places of the TCP and UDP ConfigMaps in the output. addTcpService/addUdpService may create them
   * after construction; inside these scopes they still render where the props would put them.
   */
  private streamScopes?: { readonly tcp: Construct; readonly udp: Construct };

  constructor(scope: Construct, id: string, props: NginxIngressProps = {}) {
    super(scope, id);
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

    this.node.addValidation({ validate: () => this.validateProps() });
    ControllerRegistry.of(this).register(this);
    this.render();
  }

  /** Adds a TCP service: the controller forwards `port` to `target` (`<ns>/<service>:<port>`). */
  public addTcpService(port: number, target: string): void {
    if (this.tcp.has(port)) throw new Error(`${this.node.path}: tcp port ${port} is already forwarded to ${this.tcp.get(port)}`);
    this.tcp.set(port, target);
    this.ensureStreamConfigMaps();
  }

  /** Adds a UDP service: the controller forwards `port` to `target` (`<ns>/<service>:<port>`). */
  public addUdpService(port: number, target: string): void {
    if (this.udp.has(port)) throw new Error(`${this.node.path}: udp port ${port} is already forwarded to ${this.udp.get(port)}`);
    this.udp.set(port, target);
    this.ensureStreamConfigMaps();
  }

  /** Adds an argument (`--flag` or `--flag=value`) after the ones NginxIngress renders. */
  public addExtraArg(arg: string): void {
    this.extraArgs.push(arg);
  }

  /** Sets one nginx ConfigMap key (overriding a typed or default value). */
  public setConfig(key: string, value: string): void {
    this.config[key] = value;
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

  // ---------------------------------------------------------------- rendering

  private meta(name: string, component?: Component, extra: MetaExtras = {}) {
    const controllerLabels = component === Component.CONTROLLER ? this.props.labels : undefined;
    return {
      name,
      ...(extra.namespaced === false ? {} : { namespace: this.namespace }),
      labels: { ...this.names.labels(component), ...(controllerLabels ?? {}), ...(extra.labels ?? {}) },
      ...(extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: extra.annotations } : {}),
    };
  }

  private obj(id: string, apiVersion: string, kind: string, metadata: any, body: Record<string, any>): ApiObject {
    return new ApiObject(this, id, { apiVersion, kind, metadata, ...body });
  }

  /** Creates every object, in the order of the official static manifests. */
  private render(): void {
    const n = this.names;
    const p = this.props;
    const C = Component.CONTROLLER;
    const A = Component.ADMISSION_WEBHOOK;
    const certgen = this.webhook?.certs.mode === 'certgen';
    // Argo CD runs PreSync hooks before it applies any plain resource. The create Job's
    // ServiceAccount, Role and RoleBinding must be PreSync hooks too, or on the first sync its pod
    // is never created ("serviceaccount not found") and the sync hangs. They are kept
    // (BeforeHookCreation only), so the PostSync patch Job finds them.
    const jobRbac = certgen && this.webhook?.certs.certgenOptions?.argoCdHooks
      ? { annotations: { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' } }
      : {};

    if (p.createNamespace) {
      this.obj('Namespace', 'v1', 'Namespace', {
        name: this.namespace,
        labels: { 'app.kubernetes.io/instance': n.instance, 'app.kubernetes.io/name': n.name },
      }, {});
    }

    // ServiceAccounts
    this.obj('ServiceAccount', 'v1', 'ServiceAccount', this.meta(n.serviceAccount, C), { automountServiceAccountToken: true });
    if (certgen) this.obj('AdmissionServiceAccount', 'v1', 'ServiceAccount', this.meta(n.admission, A, jobRbac), { automountServiceAccountToken: true });
    if (this.defaultBackendEnabled) {
      this.obj('DefaultBackendServiceAccount', 'v1', 'ServiceAccount', this.meta(n.defaultBackendServiceAccount, Component.DEFAULT_BACKEND), { automountServiceAccountToken: true });
    }

    // Roles
    // Lazy: `addExtraArg('--update-status=false')` after construction drops the status permission too.
    const updateStatus = () => !this.extraArgs.includes('--update-status=false');
    this.obj('Role', 'rbac.authorization.k8s.io/v1', 'Role', this.meta(n.fullname, C), {
      rules: Lazy.any({
        produce: () => (this.watchedElsewhere
          ? rbac.ownNamespaceRules(this.electionId, n.configMap)
          : rbac.releaseNamespaceRules(this.electionId, updateStatus())),
      }),
    });
    const watchedElsewhere = this.watchedElsewhere;
    if (watchedElsewhere) {
      this.obj('WatchedNamespaceRole', 'rbac.authorization.k8s.io/v1', 'Role',
        { ...this.meta(n.fullname, C), namespace: this.watchNamespace },
        { rules: Lazy.any({ produce: () => rbac.watchedNamespaceRules(updateStatus()) }) });
    }
    if (certgen) this.obj('AdmissionRole', 'rbac.authorization.k8s.io/v1', 'Role', this.meta(n.admission, A, jobRbac), { rules: rbac.admissionRules() });

    // ClusterRoles
    const clusterRules = this.watchNamespace ? rbac.scopedClusterRules(this.watchNamespace) : rbac.clusterWideRules();
    this.obj('ClusterRole', 'rbac.authorization.k8s.io/v1', 'ClusterRole', this.meta(n.fullname, undefined, { namespaced: false }), { rules: clusterRules });
    if (certgen) {
      this.obj('AdmissionClusterRole', 'rbac.authorization.k8s.io/v1', 'ClusterRole', this.meta(n.admission, A, { namespaced: false }), { rules: rbac.admissionClusterRules(n.admission) });
    }

    // Bindings
    const sa = (name: string) => [{ kind: 'ServiceAccount', name, namespace: this.namespace }];
    const roleRef = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
    this.obj('RoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', this.meta(n.fullname, C), { roleRef: roleRef('Role', n.fullname), subjects: sa(n.serviceAccount) });
    if (watchedElsewhere) {
      this.obj('WatchedNamespaceRoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding',
        { ...this.meta(n.fullname, C), namespace: this.watchNamespace }, { roleRef: roleRef('Role', n.fullname), subjects: sa(n.serviceAccount) });
    }
    if (certgen) {
      this.obj('AdmissionRoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', this.meta(n.admission, A, jobRbac),
        { roleRef: roleRef('Role', n.admission), subjects: sa(n.admission) });
    }
    this.obj('ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', this.meta(n.fullname, undefined, { namespaced: false }),
      { roleRef: roleRef('ClusterRole', n.fullname), subjects: sa(n.serviceAccount) });
    if (certgen) {
      this.obj('AdmissionClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', this.meta(n.admission, A, { namespaced: false }),
        { roleRef: roleRef('ClusterRole', n.admission), subjects: sa(n.admission) });
    }

    // ConfigMaps
    this.obj('ConfigMap', 'v1', 'ConfigMap', this.meta(n.configMap, C), { data: Lazy.any({ produce: () => this.configData }) });
    this.streamScopes = { tcp: new Construct(this, 'TcpServices'), udp: new Construct(this, 'UdpServices') };
    this.ensureStreamConfigMaps();

    // Services
    this.renderServices();

    // Workloads
    this.renderWorkload();
    if (this.defaultBackendEnabled) this.renderDefaultBackend();
    if (this.props.autoscaling && this.kind === WorkloadKind.DEPLOYMENT) this.renderHpa();
    if (this.kind === WorkloadKind.DEPLOYMENT && this.effectiveReplicas > 1) this.renderPdb();

    // Admission
    if (this.webhook?.certs.mode === 'certgen') this.renderCertgenJobs();
    if (this.webhook?.certs.mode === 'cert-manager') this.renderCertManager();

    if (this.ingressClassName) {
      this.obj('IngressClass', 'networking.k8s.io/v1', 'IngressClass',
        this.meta(this.ingressClassName, C, {
          namespaced: false,
          annotations: {
            ...(p.ingressClassResource?.default ? { 'ingressclass.kubernetes.io/is-default-class': 'true' } : {}),
            ...(p.ingressClassResource?.annotations ?? {}),
          },
        }),
        { spec: { controller: this.controllerClass } });
    }
    if (this.networkPolicyEnabled) this.renderNetworkPolicy();
    if (this.webhook) this.renderWebhookConfiguration();
  }

  /**
   * Whether the controller watches a namespace other than its own. Its informers then only see
   * the watched namespace, which decides where the objects it reads by lister must live.
   */
  private get watchedElsewhere(): boolean {
    return this.watchNamespace !== undefined && this.watchNamespace !== this.namespace;
  }

  /**
   * Namespace of the TCP/UDP services ConfigMaps. The controller reads them through its
   * ConfigMap informer, which only watches the watched namespace (ingress-nginx store.go).
   */
  private get streamNamespace(): string {
    return this.watchedElsewhere ? this.watchNamespace! : this.namespace;
  }

  /** The same, as written in the controller's flags. */
  private get streamNamespaceRef(): string {
    return this.watchedElsewhere ? this.watchNamespace! : '$(POD_NAMESPACE)';
  }

  private get defaultBackendEnabled(): boolean {
    return this.props.defaultBackend?.enabled ?? false;
  }

  private get networkPolicyEnabled(): boolean {
    return this.props.networkPolicy ?? (this.props.admissionWebhooks?.allowedSources !== undefined);
  }

  private get serviceEnabled(): boolean {
    return this.props.service?.enabled ?? true;
  }

  private ensureStreamConfigMaps(): void {
    const scopes = this.streamScopes;
    if (!scopes) return;
    const make = (scope: Construct, name: string, entries: Map<number, string>) =>
      new ApiObject(scope, 'ConfigMap', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { ...this.meta(name, Component.CONTROLLER), namespace: this.streamNamespace },
        data: Lazy.any({ produce: () => Object.fromEntries([...entries].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v])) }),
      });
    if (this.tcp.size > 0 && scopes.tcp.node.children.length === 0) make(scopes.tcp, this.names.tcpConfigMap, this.tcp);
    if (this.udp.size > 0 && scopes.udp.node.children.length === 0) make(scopes.udp, this.names.udpConfigMap, this.udp);
  }

  private streamPorts(): Array<{ port: number; protocol: 'TCP' | 'UDP'; name: string }> {
    const tcp = [...this.tcp.keys()].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' as const, name: `${port}-tcp` }));
    const udp = [...this.udp.keys()].sort((a, b) => a - b).map((port) => ({ port, protocol: 'UDP' as const, name: `${port}-udp` }));
    return [...tcp, ...udp];
  }

  private renderServices(): void {
    const n = this.names;
    const s = this.props.service ?? {};
    const type = s.type ?? ServiceType.LOAD_BALANCER;
    const nodePortsAllowed = type !== ServiceType.CLUSTER_IP;
    const servicePorts = (nodePorts: NodePortProps | undefined) => Lazy.any({
      produce: () => {
        const ports: any[] = [];
        if (s.enableHttp ?? true) {
          ports.push({ appProtocol: 'http', name: 'http', port: s.httpPort ?? 80, protocol: 'TCP', targetPort: 'http', ...(nodePortsAllowed && nodePorts?.http ? { nodePort: nodePorts.http } : {}) });
        }
        if (s.enableHttps ?? true) {
          ports.push({ appProtocol: 'https', name: 'https', port: s.httpsPort ?? 443, protocol: 'TCP', targetPort: 'https', ...(nodePortsAllowed && nodePorts?.https ? { nodePort: nodePorts.https } : {}) });
        }
        for (const sp of this.streamPorts()) {
          const pinned = sp.protocol === 'TCP' ? nodePorts?.tcp?.[String(sp.port)] : nodePorts?.udp?.[String(sp.port)];
          const nodePort = nodePortsAllowed && pinned ? { nodePort: pinned } : {};
          ports.push({ name: sp.name, port: sp.port, protocol: sp.protocol, targetPort: sp.name, ...nodePort });
        }
        return ports;
      },
    });
    const lbOnly = (t: ServiceType) => t === ServiceType.LOAD_BALANCER;
    if (this.serviceEnabled) {
      this.obj('Service', 'v1', 'Service', this.meta(n.controller, Component.CONTROLLER, { labels: s.labels, annotations: s.annotations }), {
        spec: {
          type,
          ...(s.clusterIP ? { clusterIP: s.clusterIP } : {}),
          ...(s.externalIPs ? { externalIPs: s.externalIPs } : {}),
          ...(s.loadBalancerIP && lbOnly(type) ? { loadBalancerIP: s.loadBalancerIP } : {}),
          ...(s.loadBalancerSourceRanges && lbOnly(type) ? { loadBalancerSourceRanges: s.loadBalancerSourceRanges } : {}),
          ...(s.loadBalancerClass && lbOnly(type) ? { loadBalancerClass: s.loadBalancerClass } : {}),
          ...(s.externalTrafficPolicy ? { externalTrafficPolicy: s.externalTrafficPolicy } : {}),
          ipFamilyPolicy: s.ipFamilyPolicy ?? IpFamilyPolicy.SINGLE_STACK,
          ipFamilies: s.ipFamilies ?? [IpFamily.IPV4],
          ports: servicePorts(s.nodePorts),
          selector: this.selectorLabels,
        },
      });
      if (s.internal && Object.keys(s.internal.annotations).length > 0) {
        const i = s.internal;
        const itype = i.type ?? type;
        this.obj('InternalService', 'v1', 'Service', this.meta(n.internalService, Component.CONTROLLER, { annotations: i.annotations }), {
          spec: {
            type: itype,
            ...(i.loadBalancerSourceRanges && lbOnly(itype) ? { loadBalancerSourceRanges: i.loadBalancerSourceRanges } : {}),
            ...(i.loadBalancerClass && lbOnly(itype) ? { loadBalancerClass: i.loadBalancerClass } : {}),
            ...(i.externalTrafficPolicy ? { externalTrafficPolicy: i.externalTrafficPolicy } : {}),
            ipFamilyPolicy: s.ipFamilyPolicy ?? IpFamilyPolicy.SINGLE_STACK,
            ipFamilies: s.ipFamilies ?? [IpFamily.IPV4],
            ports: servicePorts(undefined),
            selector: this.selectorLabels,
          },
        });
      }
    }
    if (this.webhook) {
      this.obj('AdmissionService', 'v1', 'Service', this.meta(n.admissionService, Component.CONTROLLER), {
        spec: {
          type: ServiceType.CLUSTER_IP,
          ports: [{ appProtocol: 'https', name: 'https-webhook', port: 443, targetPort: 'webhook' }],
          selector: this.selectorLabels,
        },
      });
    }
    if (this.metricsServiceName) {
      this.obj('MetricsService', 'v1', 'Service', this.meta(this.metricsServiceName, Component.CONTROLLER, { annotations: this.props.metrics?.serviceAnnotations }), {
        spec: {
          type: ServiceType.CLUSTER_IP,
          ports: [{ name: this.metricsPortName, port: this.metricsPort, protocol: 'TCP', targetPort: this.metricsPortName }],
          selector: this.selectorLabels,
        },
      });
    }
    if (this.defaultBackendEnabled) {
      this.obj('DefaultBackendService', 'v1', 'Service', this.meta(n.defaultBackend, Component.DEFAULT_BACKEND), {
        spec: {
          type: ServiceType.CLUSTER_IP,
          ports: [{ appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
          selector: n.selectorLabels(Component.DEFAULT_BACKEND),
        },
      });
    }
  }

  private controllerContainer(): any {
    const p = this.props;
    const n = this.names;
    const hostPorts = p.hostPorts;
    const probe = (failureThreshold: number) => ({
      failureThreshold,
      httpGet: { path: '/healthz', port: this.metricsPort, scheme: 'HTTP' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      successThreshold: 1,
      timeoutSeconds: 1,
    });
    return {
      name: this.containerName,
      image: imageRef({ ...CONTROLLER_IMAGE, ...(p.image ?? {}) }),
      imagePullPolicy: p.image?.pullPolicy ?? CONTROLLER_IMAGE.pullPolicy,
      ...((p.preStop ?? ['/wait-shutdown']).length > 0 ? { lifecycle: { preStop: { exec: { command: p.preStop ?? ['/wait-shutdown'] } } } } : {}),
      args: Lazy.any({
        produce: () => controllerArgs({
          enableAnnotationValidations: p.enableAnnotationValidations ?? true,
          defaultBackendService: this.defaultBackendEnabled ? `$(POD_NAMESPACE)/${n.defaultBackend}` : undefined,
          publishService: (p.publishService ?? true) && this.serviceEnabled ? `$(POD_NAMESPACE)/${n.controller}` : undefined,
          electionId: this.electionId,
          controllerClass: this.controllerClass,
          ingressClass: this.ingressClass,
          configMap: `$(POD_NAMESPACE)/${n.configMap}`,
          tcpConfigMap: this.tcp.size > 0 ? `${this.streamNamespaceRef}/${n.tcpConfigMap}` : undefined,
          udpConfigMap: this.udp.size > 0 ? `${this.streamNamespaceRef}/${n.udpConfigMap}` : undefined,
          watchNamespace: this.watchNamespace,
          reportNodeInternalIp: p.reportNodeInternalIp ?? false,
          webhookPort: this.webhook?.port,
          ingressClassByName: p.ingressClassByName ?? false,
          watchIngressWithoutClass: p.watchIngressWithoutClass ?? false,
          enableMetrics: this.metricsEnabled,
          healthzPort: this.metricsPort === DEFAULT_HEALTHZ_PORT ? undefined : this.metricsPort,
          defaultSslCertificate: p.defaultSslCertificate,
          extraArgs: this.extraArgs,
        }),
      }),
      env: Lazy.any({
        produce: () => [
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          ...((p.enableMimalloc ?? true) ? [{ name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' }] : []),
          ...this.env.map((e) => k8s.toJson_EnvVar(e)),
        ],
      }),
      livenessProbe: probe(5),
      readinessProbe: probe(3),
      ports: Lazy.any({
        produce: () => [
          { containerPort: 80, name: 'http', protocol: 'TCP', ...(hostPorts ? { hostPort: hostPorts.http ?? 80 } : {}) },
          { containerPort: 443, name: 'https', protocol: 'TCP', ...(hostPorts ? { hostPort: hostPorts.https ?? 443 } : {}) },
          ...(this.metricsEnabled ? [{ containerPort: this.metricsPort, name: this.metricsPortName, protocol: 'TCP' }] : []),
          ...(this.webhook ? [{ containerPort: this.webhook.port, name: 'webhook', protocol: 'TCP' }] : []),
          ...this.streamPorts().map((sp) => ({ containerPort: sp.port, name: sp.name, protocol: sp.protocol })),
        ],
      }),
      resources: renderResources(p.resources ?? { requests: { cpu: '100m', memory: '90Mi' } }),
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
        ...(this.webhook ? [{ mountPath: WEBHOOK_CERT_DIR, name: 'webhook-cert', readOnly: true }] : []),
        ...(p.extraVolumeMounts ?? []).map((m) => k8s.toJson_VolumeMount(m)),
      ]),
    };
  }

  private renderWorkload(): void {
    const p = this.props;
    const n = this.names;
    const hostNetwork = p.hostNetwork ?? false;
    const certManager = this.webhook?.certs.mode === 'cert-manager';
    const podSpec = {
      automountServiceAccountToken: true,
      containers: [this.controllerContainer()],
      dnsPolicy: p.dnsPolicy ?? (hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst'),
      ...(hostNetwork ? { hostNetwork: true } : {}),
      ...this.imagePullSecrets,
      ...(p.priorityClassName ? { priorityClassName: p.priorityClassName } : {}),
      nodeSelector: p.nodeSelector ?? { 'kubernetes.io/os': 'linux' },
      ...(p.tolerations ? { tolerations: p.tolerations.map((t) => k8s.toJson_Toleration(t)) } : {}),
      ...(p.affinity ? { affinity: k8s.toJson_Affinity(p.affinity) } : {}),
      ...(p.topologySpreadConstraints
        ? { topologySpreadConstraints: p.topologySpreadConstraints.map((t) => k8s.toJson_TopologySpreadConstraint(t)) }
        : {}),
      serviceAccountName: n.serviceAccount,
      terminationGracePeriodSeconds: p.terminationGracePeriodSeconds ?? 300,
      ...nonEmpty('volumes', [
        ...(this.webhook ? [{
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
        // Selector labels last: nothing may override them, or the API server rejects the workload.
        labels: { ...this.names.podLabels(Component.CONTROLLER, p.podLabels), ...this.selectorLabels },
        annotations: Lazy.any({ produce: () => this.podAnnotations() }),
      },
      spec: podSpec,
    };
    const strategy = p.updateStrategy ? renderStrategy(p.updateStrategy) : undefined;
    const meta = this.meta(this.workloadName, Component.CONTROLLER, { annotations: p.annotations });
    if (this.kind === WorkloadKind.DAEMON_SET) {
      this.obj('DaemonSet', 'apps/v1', 'DaemonSet', meta, {
        spec: {
          minReadySeconds: p.minReadySeconds ?? 0,
          revisionHistoryLimit: p.revisionHistoryLimit ?? 10,
          selector: { matchLabels: this.selectorLabels },
          template,
          ...(strategy ? { updateStrategy: strategy } : {}),
        },
      });
    } else {
      const manageReplicas = p.manageReplicas ?? !p.autoscaling;
      this.obj('Deployment', 'apps/v1', 'Deployment', meta, {
        spec: {
          minReadySeconds: p.minReadySeconds ?? 0,
          ...(manageReplicas ? { replicas: p.replicas ?? 1 } : {}),
          revisionHistoryLimit: p.revisionHistoryLimit ?? 10,
          selector: { matchLabels: this.selectorLabels },
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
  private podAnnotations(): Record<string, string> | undefined {
    const annotations: Record<string, string> = { ...(this.props.podAnnotations ?? {}) };
    if (this.watchedElsewhere) {
      annotations[CONFIG_CHECKSUM_ANNOTATION] = createHash('sha256').update(JSON.stringify(this.configData)).digest('hex');
    }
    return Object.keys(annotations).length > 0 ? annotations : undefined;
  }

  private renderHpa(): void {
    const a = this.props.autoscaling!;
    const metric = (name: string, target: number) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: target } } });
    const mem = a.targetMemoryUtilizationPercentage ?? 50;
    const cpu = a.targetCpuUtilizationPercentage ?? 50;
    this.obj('HorizontalPodAutoscaler', 'autoscaling/v2', 'HorizontalPodAutoscaler',
      this.meta(this.names.controller, Component.CONTROLLER, { annotations: a.annotations }), {
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.workloadName },
          minReplicas: a.minReplicas ?? 1,
          maxReplicas: a.maxReplicas ?? 11,
          metrics: [...(mem ? [metric('memory', mem)] : []), ...(cpu ? [metric('cpu', cpu)] : [])],
          ...(a.behavior ? { behavior: k8s.toJson_HorizontalPodAutoscalerBehaviorV2(a.behavior) } : {}),
        },
      });
  }

  private renderPdb(): void {
    const pdb = this.props.podDisruptionBudget ?? {};
    this.obj('PodDisruptionBudget', 'policy/v1', 'PodDisruptionBudget', this.meta(this.names.controller, Component.CONTROLLER), {
      spec: {
        selector: { matchLabels: this.selectorLabels },
        ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : { minAvailable: pdb.minAvailable ?? 1 }),
        ...(pdb.unhealthyPodEvictionPolicy ? { unhealthyPodEvictionPolicy: pdb.unhealthyPodEvictionPolicy } : {}),
      },
    });
  }

  /** `imagePullSecrets` of a pod spec: the chart applies the top-level value to every pod. */
  private get imagePullSecrets(): Record<string, any> {
    const secrets = this.props.imagePullSecrets;
    return secrets ? { imagePullSecrets: secrets.map((name) => ({ name })) } : {};
  }

  private renderDefaultBackend(): void {
    const n = this.names;
    const d = this.props.defaultBackend ?? {};
    const probe = (o: Record<string, number>) => ({ httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, ...o });
    this.obj('DefaultBackendDeployment', 'apps/v1', 'Deployment', this.meta(n.defaultBackend, Component.DEFAULT_BACKEND), {
      spec: {
        minReadySeconds: 0,
        replicas: d.replicas ?? 1,
        revisionHistoryLimit: this.props.revisionHistoryLimit ?? 10,
        selector: { matchLabels: n.selectorLabels(Component.DEFAULT_BACKEND) },
        template: {
          metadata: { labels: { ...n.podLabels(Component.DEFAULT_BACKEND), ...n.selectorLabels(Component.DEFAULT_BACKEND) } },
          spec: {
            automountServiceAccountToken: true,
            containers: [{
              name: 'ingress-nginx-default-backend',
              image: imageRef({ ...DEFAULT_BACKEND_IMAGE, ...(d.image ?? {}) }),
              imagePullPolicy: d.image?.pullPolicy ?? DEFAULT_BACKEND_IMAGE.pullPolicy,
              livenessProbe: probe({ failureThreshold: 3, initialDelaySeconds: 30, periodSeconds: 10, successThreshold: 1, timeoutSeconds: 5 }),
              readinessProbe: probe({ failureThreshold: 6, initialDelaySeconds: 0, periodSeconds: 5, successThreshold: 1, timeoutSeconds: 5 }),
              ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
              ...(d.resources ? { resources: renderResources(d.resources) } : {}),
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsGroup: 65534,
                runAsNonRoot: true,
                runAsUser: 65534,
                seccompProfile: { type: 'RuntimeDefault' },
              },
            }],
            ...this.imagePullSecrets,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            serviceAccountName: n.defaultBackendServiceAccount,
            terminationGracePeriodSeconds: 60,
          },
        },
      },
    });
  }

  private certgenJob(id: string, name: string, container: string, args: string[]): void {
    const opts = this.webhook!.certs.certgenOptions ?? {};
    const image = { ...CERTGEN_IMAGE, ...(opts.image ?? {}) };
    const hook = container === 'create' ? 'PreSync' : 'PostSync';
    const annotations = opts.argoCdHooks
      ? { 'argocd.argoproj.io/hook': hook, 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' }
      : undefined;
    const ttl = opts.ttlSecondsAfterFinished ?? (opts.argoCdHooks ? undefined : 0);
    this.obj(id, 'batch/v1', 'Job', this.meta(name, Component.ADMISSION_WEBHOOK, { annotations }), {
      spec: {
        template: {
          metadata: { labels: this.names.podLabels(Component.ADMISSION_WEBHOOK), name },
          spec: {
            automountServiceAccountToken: true,
            containers: [{
              args,
              env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
              image: imageRef(image),
              imagePullPolicy: image.pullPolicy,
              name: container,
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                readOnlyRootFilesystem: true,
                runAsGroup: 65532,
                runAsNonRoot: true,
                runAsUser: 65532,
                seccompProfile: { type: 'RuntimeDefault' },
              },
            }],
            ...this.imagePullSecrets,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            restartPolicy: 'OnFailure',
            serviceAccountName: this.names.admission,
          },
        },
        ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}),
      },
    });
  }

  private renderCertgenJobs(): void {
    const n = this.names;
    this.certgenJob('AdmissionCreateJob', `${n.admission}-create`, 'create', [
      'create',
      `--host=${n.admissionService},${n.admissionService}.$(POD_NAMESPACE).svc`,
      '--namespace=$(POD_NAMESPACE)',
      `--secret-name=${n.admission}`,
    ]);
    this.certgenJob('AdmissionPatchJob', `${n.admission}-patch`, 'patch', [
      'patch',
      `--webhook-name=${n.admission}`,
      '--namespace=$(POD_NAMESPACE)',
      '--patch-mutating=false',
      `--secret-name=${n.admission}`,
      `--patch-failure-policy=${this.webhook!.failurePolicy}`,
    ]);
  }

  private renderCertManager(): void {
    const n = this.names;
    const o = this.webhook!.certs.certManagerOptions ?? {};
    const labels = this.names.labels(Component.ADMISSION_WEBHOOK);
    const meta = (name: string) => ({ name, namespace: this.namespace, labels });
    if (!o.issuer) {
      new cm.Issuer(this, 'SelfSignedIssuer', { metadata: meta(n.selfSignedIssuer), spec: { selfSigned: {} } });
      new cm.Certificate(this, 'RootCertificate', {
        metadata: meta(n.rootCert),
        spec: {
          secretName: n.rootCert,
          duration: o.rootDuration ?? '43800h0m0s',
          issuerRef: { name: n.selfSignedIssuer },
          commonName: 'ca.webhook.ingress-nginx',
          isCa: true,
          subject: { organizations: ['ingress-nginx'] },
        },
      });
      new cm.Issuer(this, 'RootIssuer', { metadata: meta(n.rootIssuer), spec: { ca: { secretName: n.rootCert } } });
    }
    new cm.Certificate(this, 'AdmissionCertificate', {
      metadata: meta(n.admission),
      spec: {
        secretName: n.admission,
        duration: o.duration ?? '8760h0m0s',
        issuerRef: o.issuer ? { name: o.issuer.name, kind: o.issuer.kind ?? 'Issuer', group: o.issuer.group ?? 'cert-manager.io' } : { name: n.rootIssuer },
        dnsNames: [n.admissionService, `${n.admissionService}.${this.namespace}`, `${n.admissionService}.${this.namespace}.svc`],
        subject: { organizations: ['ingress-nginx-admission'] },
      },
    });
  }

  private renderNetworkPolicy(): void {
    const sources = this.props.admissionWebhooks?.allowedSources ?? [];
    const trafficPorts = Lazy.any({
      produce: () => [
        { port: 80, protocol: 'TCP' },
        { port: 443, protocol: 'TCP' },
        ...(this.metricsEnabled ? [{ port: this.metricsPort, protocol: 'TCP' }] : []),
        ...this.streamPorts().map((sp) => ({ port: sp.port, protocol: sp.protocol })),
      ],
    });
    this.obj('NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy', this.meta(this.names.controller, Component.CONTROLLER), {
      spec: {
        podSelector: { matchLabels: this.selectorLabels },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { ports: trafficPorts },
          ...(this.webhook && sources.length > 0 ? [{
            from: sources.map((cidr) => ({ ipBlock: { cidr } })),
            ports: [{ port: this.webhook.port, protocol: 'TCP' }],
          }] : []),
        ],
        egress: [{}],
      },
    });
  }

  private renderWebhookConfiguration(): void {
    const n = this.names;
    const w = this.props.admissionWebhooks ?? {};
    const certManager = this.webhook!.certs.mode === 'cert-manager';
    const inject = `${this.namespace}/${n.admission}`;
    const namespaceSelector = w.namespaceSelector
      ?? (this.watchNamespace ? { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [this.watchNamespace] }] } : undefined);
    this.obj('ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration',
      this.meta(n.admission, Component.ADMISSION_WEBHOOK, {
        namespaced: false,
        annotations: certManager ? { 'cert-manager.io/inject-ca-from': inject, 'certmanager.k8s.io/inject-ca-from': inject } : undefined,
      }), {
        webhooks: [{
          admissionReviewVersions: ['v1'],
          clientConfig: { service: { name: n.admissionService, namespace: this.namespace, path: '/networking/v1/ingresses', port: 443 } },
          failurePolicy: this.webhook!.failurePolicy,
          matchPolicy: 'Equivalent',
          name: 'validate.nginx.ingress.kubernetes.io',
          ...(namespaceSelector ? { namespaceSelector } : {}),
          rules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['ingresses'] }],
          sideEffects: 'None',
          ...(w.timeoutSeconds !== undefined ? { timeoutSeconds: w.timeoutSeconds } : {}),
        }],
      });
  }

  // ---------------------------------------------------------------- validation

  private validateProps(): string[] {
    const p = this.props;
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

    const daemonSet = this.kind === WorkloadKind.DAEMON_SET;
    if (daemonSet) {
      v.check(p.replicas === undefined, 'replicas', 'cannot be set with kind DaemonSet (one pod per node)', p.replicas);
      v.check(p.autoscaling === undefined, 'autoscaling', 'cannot be used with kind DaemonSet (a DaemonSet is not scalable)', p.autoscaling);
      v.check(p.podDisruptionBudget === undefined, 'podDisruptionBudget', 'cannot be used with kind DaemonSet (the chart renders none; use updateStrategy.maxUnavailable)', p.podDisruptionBudget);
    }
    const a = p.autoscaling;
    if (a) {
      v.integer('autoscaling.minReplicas', a.minReplicas, 1);
      v.integer('autoscaling.maxReplicas', a.maxReplicas, 1);
      const min = a.minReplicas ?? 1;
      const max = a.maxReplicas ?? 11;
      v.check(min <= max, 'autoscaling.minReplicas', `must be <= autoscaling.maxReplicas (${max})`, min);
      v.integer('autoscaling.targetCpuUtilizationPercentage', a.targetCpuUtilizationPercentage, 0);
      v.integer('autoscaling.targetMemoryUtilizationPercentage', a.targetMemoryUtilizationPercentage, 0);
      v.check((a.targetCpuUtilizationPercentage ?? 50) > 0 || (a.targetMemoryUtilizationPercentage ?? 50) > 0,
        'autoscaling', 'needs a CPU or memory target (both are 0)');
      v.check(p.replicas === undefined, 'replicas', 'cannot be set with autoscaling (the HPA owns the replica count); set autoscaling.minReplicas', p.replicas);
      v.check(p.manageReplicas !== true, 'manageReplicas', 'cannot be true with autoscaling: every apply would reset the count the HPA set', p.manageReplicas);
    }
    this.validatePdb(v);
    validateResources(v, 'resources', p.resources);
    this.validateImage(v, 'image', p.image, CONTROLLER_IMAGE);
    if (p.updateStrategy) validateStrategy(v, p.updateStrategy, this.kind);

    // Ports
    const s = p.service ?? {};
    const type = s.type ?? ServiceType.LOAD_BALANCER;
    v.check(Object.values(ServiceType).includes(type), 'service.type', `must be one of ${Object.values(ServiceType).join(', ')}`, type);
    const np = s.nodePorts ?? {};
    const pinned: Array<[string, number | undefined]> = [
      ['service.nodePorts.http', np.http], ['service.nodePorts.https', np.https],
      ...Object.entries(np.tcp ?? {}).map(([k, val]) => [`service.nodePorts.tcp[${show(k)}]`, val] as [string, number]),
      ...Object.entries(np.udp ?? {}).map(([k, val]) => [`service.nodePorts.udp[${show(k)}]`, val] as [string, number]),
    ];
    const seenNodePorts = new Map<string, string>();
    for (const [field, port] of pinned) {
      if (port === undefined) continue;
      v.integer(field, port, 30000, 32767);
      v.check(type !== ServiceType.CLUSTER_IP, field, 'needs service.type NodePort or LoadBalancer (a ClusterIP Service has no node ports)', port);
      const proto = field.includes('.udp[') ? 'UDP' : 'TCP';
      const key = `${proto}/${port}`;
      if (seenNodePorts.has(key)) v.add(field, `duplicates ${seenNodePorts.get(key)}`, port);
      else seenNodePorts.set(key, field);
    }
    for (const [proto, map] of [['tcp', np.tcp], ['udp', np.udp]] as const) {
      for (const k of Object.keys(map ?? {})) {
        const have = proto === 'tcp' ? this.tcp.has(Number(k)) : this.udp.has(Number(k));
        v.check(have, `service.nodePorts.${proto}[${show(k)}]`, `pins a node port for a ${proto} service that is not forwarded (add it to ${proto})`, k);
      }
    }
    v.integer('service.httpPort', s.httpPort, 1, 65535);
    v.integer('service.httpsPort', s.httpsPort, 1, 65535);
    if (s.externalTrafficPolicy !== undefined) {
      v.check(type !== ServiceType.CLUSTER_IP, 'service.externalTrafficPolicy', 'needs service.type NodePort or LoadBalancer', s.externalTrafficPolicy);
    }
    if (s.loadBalancerClass !== undefined || s.loadBalancerSourceRanges !== undefined || s.loadBalancerIP !== undefined) {
      v.check(type === ServiceType.LOAD_BALANCER, 'service', 'loadBalancerClass, loadBalancerIP and loadBalancerSourceRanges need service.type LoadBalancer', type);
    }
    for (const [i, cidr] of (s.loadBalancerSourceRanges ?? []).entries()) {
      v.check(isCidr(cidr), `service.loadBalancerSourceRanges[${i}]`, 'must be a CIDR such as "10.0.0.0/8"', cidr);
    }
    const families = s.ipFamilies ?? [IpFamily.IPV4];
    const policy = s.ipFamilyPolicy ?? IpFamilyPolicy.SINGLE_STACK;
    v.check(families.length >= 1 && families.length <= 2 && new Set(families).size === families.length, 'service.ipFamilies', 'must list one or two distinct families', families);
    if (policy === IpFamilyPolicy.SINGLE_STACK) v.check(families.length === 1, 'service.ipFamilies', 'must list exactly one family with ipFamilyPolicy SingleStack', families);
    if (policy === IpFamilyPolicy.REQUIRE_DUAL_STACK) v.check(families.length === 2, 'service.ipFamilies', 'must list both families with ipFamilyPolicy RequireDualStack', families);

    this.validateContainerPorts(v);
    this.validateWatchedNamespaceReferences(v);
    this.validateSelectorOverrides(v);
    for (const [field, map] of [
      ['annotations', p.annotations], ['podAnnotations', p.podAnnotations], ['service.annotations', p.service?.annotations],
      ['service.internal.annotations', p.service?.internal?.annotations], ['ingressClassResource.annotations', p.ingressClassResource?.annotations],
      ['metrics.serviceAnnotations', p.metrics?.serviceAnnotations], ['autoscaling.annotations', p.autoscaling?.annotations],
    ] as const) {
      v.annotations(field, map);
    }
    if (p.ingressClassResource?.controllerValue !== undefined) {
      const value = p.ingressClassResource.controllerValue;
      v.check(value.length <= 250 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9][-A-Za-z0-9_./]*$/.test(value), 'ingressClassResource.controllerValue',
        'must be a domain-prefixed path such as "example.com/ingress-nginx" (at most 250 characters)', value);
    }
    if (this.watchNamespace !== undefined && this.extraArgs.some((arg) => flagName(arg) === 'watch-namespace-selector')) {
      v.add('extraArgs', '--watch-namespace-selector cannot be combined with watchNamespace: it needs cluster-wide namespace reads the scoped RBAC does not grant');
    }
    if ((p.hostNetwork ?? false) && p.admissionWebhooks?.allowedSources !== undefined) {
      v.add('admissionWebhooks.allowedSources', 'has no effect with hostNetwork: true: NetworkPolicies do not apply to host-network pods, '
        + 'so the webhook port stays open; restrict it on the nodes instead', p.admissionWebhooks.allowedSources);
    }
    this.validateStreams(v);
    this.validateHostNetwork(v);

    // Args
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
    this.extraArgs.forEach((arg, i) => {
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

    // Webhook
    const w = p.admissionWebhooks ?? {};
    if (this.webhook) {
      v.integer('admissionWebhooks.timeoutSeconds', w.timeoutSeconds, 1, 30);
      v.integer('admissionWebhooks.port', w.port, 1, 65535);
      for (const [i, cidr] of (w.allowedSources ?? []).entries()) {
        v.check(isCidr(cidr), `admissionWebhooks.allowedSources[${i}]`, 'must be a CIDR such as "10.0.0.1/32"', cidr);
      }
      if (this.networkPolicyEnabled) {
        v.check((w.allowedSources ?? []).length > 0, 'admissionWebhooks.allowedSources',
          'must name the API server\'s address range when networkPolicy is on, or the API server cannot reach the webhook', w.allowedSources);
      } else {
        v.check(w.allowedSources === undefined, 'admissionWebhooks.allowedSources',
          'has no effect with networkPolicy false: nothing limits who reaches the webhook', w.allowedSources);
      }
      const cg = this.webhook.certs.certgenOptions;
      if (cg) {
        v.integer('admissionWebhooks.certificates.ttlSecondsAfterFinished', cg.ttlSecondsAfterFinished, 0);
        if (cg.argoCdHooks) {
          v.check(cg.ttlSecondsAfterFinished !== 0, 'admissionWebhooks.certificates.ttlSecondsAfterFinished',
            'must not be 0 with argoCdHooks: the Job would be gone before Argo CD sees it finish (argo-cd#6880)', 0);
          v.check(!p.createNamespace, 'createNamespace', 'cannot be used with argoCdHooks: Argo CD runs the PreSync create Job '
            + 'before it applies the Namespace; let Argo CD create it (CreateNamespace=true)', true);
        }
        this.validateImage(v, 'admissionWebhooks.certificates.image', cg.image, CERTGEN_IMAGE);
      }
      const issuer = this.webhook.certs.certManagerOptions?.issuer;
      if (issuer) v.dnsSubdomain('admissionWebhooks.certificates.issuer.name', issuer.name);
    } else {
      v.check(w.allowedSources === undefined, 'admissionWebhooks.allowedSources', 'has no effect with the webhook disabled', w.allowedSources);
    }

    // Config
    v.merge('', validateNginxConfig(p.config, 'config'));
    for (const [key, value] of Object.entries(this.config)) {
      v.check(typeof value === 'string', `config[${show(key)}]`, 'must be a string', value);
    }
    if (p.defaultBackend?.enabled) {
      v.integer('defaultBackend.replicas', p.defaultBackend.replicas, 1);
      validateResources(v, 'defaultBackend.resources', p.defaultBackend.resources);
      this.validateImage(v, 'defaultBackend.image', p.defaultBackend.image, DEFAULT_BACKEND_IMAGE);
    }
    return v.list;
  }

  /** Pod labels must not change the selector's values, or the workload never matches its pods. */
  private validateSelectorOverrides(v: Problems): void {
    const p = this.props;
    for (const [field, map] of [['commonLabels', p.commonLabels], ['podLabels', p.podLabels]] as const) {
      for (const [key, value] of Object.entries(map ?? {})) {
        const selected = this.selectorLabels[key];
        if (selected !== undefined && selected !== value) {
          v.add(`${field}[${show(key)}]`, `would change the selector label ${key}=${selected}; the selector is immutable and the pods must match it`, value);
        }
      }
    }
  }

  private validatePdb(v: Problems): void {
    const pdb = this.props.podDisruptionBudget;
    if (!pdb) return;
    v.check(!(pdb.minAvailable !== undefined && pdb.maxUnavailable !== undefined), 'podDisruptionBudget',
      'sets both minAvailable and maxUnavailable; set one');
    for (const key of ['minAvailable', 'maxUnavailable'] as const) {
      const value = pdb[key];
      if (value !== undefined) v.check(isIntOrPercent(value), `podDisruptionBudget.${key}`, 'must be a non-negative integer or a percentage such as "50%"', value);
    }
    const replicas = this.effectiveReplicas;
    if (this.kind !== WorkloadKind.DEPLOYMENT || replicas <= 1) return;
    const blocks = pdb.maxUnavailable !== undefined
      ? pdb.maxUnavailable === 0 || pdb.maxUnavailable === '0%'
      : (typeof pdb.minAvailable === 'number' ? pdb.minAvailable >= replicas : pdb.minAvailable === '100%');
    const what = pdb.maxUnavailable !== undefined ? `maxUnavailable ${show(pdb.maxUnavailable)}` : `minAvailable ${show(pdb.minAvailable ?? 1)}`;
    v.check(!blocks, 'podDisruptionBudget', `blocks every node drain: ${what} with ${replicas} replicas leaves no pod that may be evicted (ingress-nginx#7034); allow at least one`);
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
    if (p.fullnameOverride === undefined && !isDnsLabel(n.instance)) return;
    v.dnsLabel('fullname', n.fullname);
    if (!isDnsLabel(n.fullname)) return;
    v.dnsLabel('controller name', n.controller);
    if (!isDnsLabel(n.controller)) return;
    // The chart appends these suffixes without truncating. Service names are DNS labels, and a
    // Job's name becomes its pods' job-name label: both at most 63 characters.
    const internal = this.serviceEnabled && Object.keys(p.service?.internal?.annotations ?? {}).length > 0;
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

  private validateImage(v: Problems, field: string, image: ImageProps | undefined, defaults: Required<ImageProps>): void {
    if (!image) return;
    if (image.digest === undefined && defaults.digest !== '' && (
      (image.tag !== undefined && image.tag !== defaults.tag) || (image.image !== undefined && image.image !== defaults.image))) {
      v.add(`${field}.digest`, `must be set when the tag or repository changes: the default digest pins ${defaults.image}:${defaults.tag} `
        + '(give the new image\'s digest, or "" for none)');
    }
    if (image.digest !== undefined && image.digest !== '') {
      v.check(/^sha256:[a-f0-9]{64}$/.test(image.digest), `${field}.digest`, 'must be "sha256:" followed by 64 lower-case hex digits, or "" for none', image.digest);
    }
    if (image.tag !== undefined) v.check(/^[\w][\w.-]{0,127}$/.test(image.tag), `${field}.tag`, 'must be a valid image tag', image.tag);
    if (image.registry !== undefined) v.check(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(image.registry), `${field}.registry`, 'must be a registry host such as "registry.k8s.io"', image.registry);
    if (image.image !== undefined) v.check(/^[a-z0-9]+([._\/-][a-z0-9]+)*$/.test(image.image), `${field}.image`, 'must be a repository path such as "ingress-nginx/controller"', image.image);
    if (image.pullPolicy !== undefined) v.check(Object.values(ImagePullPolicy).includes(image.pullPolicy), `${field}.pullPolicy`, 'must be Always, IfNotPresent or Never', image.pullPolicy);
  }

  private validateContainerPorts(v: Problems): void {
    // The healthz/metrics port is bound even with metrics off: the probes use it.
    const ports: Array<[string, number, string]> = [['http', 80, 'TCP'], ['https', 443, 'TCP'], ['metrics.port', this.metricsPort, 'TCP']];
    if (this.webhook) ports.push(['admissionWebhooks.port', this.webhook.port, 'TCP']);
    for (const sp of this.streamPorts()) ports.push([`${sp.protocol.toLowerCase()}[${show(String(sp.port))}]`, sp.port, sp.protocol]);
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
    this.validateServicePorts(v, reported);
    this.validateVolumes(v);
    v.integer('metrics.port', this.props.metrics?.port, 1, 65535);
    v.check(/^[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/.test(this.metricsPortName) && /[a-z]/.test(this.metricsPortName),
      'metrics.portName', 'must be an IANA port name: at most 15 lower-case letters, digits or "-"', this.metricsPortName);
  }

  /** Service ports must be unique per protocol, or the API server rejects the Service. */
  private validateServicePorts(v: Problems, alreadyReported: ReadonlySet<string>): void {
    const s = this.props.service ?? {};
    if (!this.serviceEnabled) return;
    const ports: Array<[string, number, string]> = [];
    if (s.enableHttp ?? true) ports.push(['service.httpPort', s.httpPort ?? 80, 'TCP']);
    if (s.enableHttps ?? true) ports.push(['service.httpsPort', s.httpsPort ?? 443, 'TCP']);
    for (const sp of this.streamPorts()) ports.push([`${sp.protocol.toLowerCase()}[${show(String(sp.port))}]`, sp.port, sp.protocol]);
    const seen = new Map<string, string>();
    for (const [field, port, proto] of ports) {
      const key = `${proto}/${port}`;
      if (!seen.has(key)) seen.set(key, field);
      else if (!alreadyReported.has(field)) v.add(field, `gives the Service port ${port}/${proto} twice (also ${seen.get(key)})`, port);
    }
  }

  /** Volume names and mount paths must be unique in the pod. */
  private validateVolumes(v: Problems): void {
    const p = this.props;
    const names = new Set<string>(this.webhook ? ['webhook-cert'] : []);
    (p.extraVolumes ?? []).forEach((vol, i) => {
      if (names.has(vol.name)) v.add(`extraVolumes[${i}].name`, `repeats a volume name of the pod${vol.name === 'webhook-cert' ? ' (the webhook certificate volume)' : ''}`, vol.name);
      names.add(vol.name);
    });
    const paths = new Set<string>(this.webhook ? [WEBHOOK_CERT_DIR] : []);
    (p.extraVolumeMounts ?? []).forEach((m, i) => {
      if (paths.has(m.mountPath)) v.add(`extraVolumeMounts[${i}].mountPath`, 'repeats a mount path of the container', m.mountPath);
      paths.add(m.mountPath);
      v.check(names.has(m.name), `extraVolumeMounts[${i}].name`, 'must name a volume of the pod (extraVolumes or webhook-cert)', m.name);
    });
  }

  /**
   * A controller watching another namespace reads Services, Secrets and ConfigMaps only through
   * informers on that namespace (ingress-nginx store.go): whatever it looks up must live there.
   */
  private validateWatchedNamespaceReferences(v: Problems): void {
    if (!this.watchedElsewhere) return;
    const w = this.watchNamespace!;
    const why = `the controller only sees namespace ${show(w)} (watchNamespace)`;
    for (const [proto, map] of [['tcp', this.tcp], ['udp', this.udp]] as const) {
      for (const [port, target] of map) {
        const ns = target.split('/')[0];
        v.check(ns === w, `${proto}[${show(String(port))}]`, `must forward to a Service in ${show(w)}: ${why}`, target);
      }
    }
    const cert = this.props.defaultSslCertificate;
    if (cert !== undefined) v.check(cert.split('/')[0] === w, 'defaultSslCertificate', `must name a Secret in ${show(w)}: ${why}`, cert);
    const dh = this.configData['ssl-dh-param'];
    if (dh !== undefined) v.check(dh.split('/')[0] === w, 'config.sslDhParam', `must name a Secret in ${show(w)}: ${why}`, dh);
    v.check(!this.defaultBackendEnabled, 'defaultBackend.enabled', `cannot be used with watchNamespace in another namespace: the default backend Service lives in ${show(this.namespace)} and ${why}`, true);
  }

  private validateStreams(v: Problems): void {
    for (const [proto, map] of [['tcp', this.tcp], ['udp', this.udp]] as const) {
      for (const [port, target] of map) {
        const field = `${proto}[${show(String(port))}]`;
        v.check(Number.isInteger(port) && port >= 1 && port <= 65535, field, 'key must be a port number between 1 and 65535', port);
        v.check(/^[a-z0-9-]+\/[a-z0-9-]+:(\d+|[a-z0-9-]+)(:(PROXY)?(:(PROXY)?)?)?$/.test(target), field,
          'must be "<namespace>/<service>:<port>" (optionally ":PROXY" suffixes)', target);
      }
    }
  }

  private validateHostNetwork(v: Problems): void {
    const p = this.props;
    if (p.hostPorts) {
      v.integer('hostPorts.http', p.hostPorts.http, 1, 65535);
      v.integer('hostPorts.https', p.hostPorts.https, 1, 65535);
      v.check(!(p.hostNetwork ?? false), 'hostPorts', 'cannot be combined with hostNetwork (with hostNetwork the container ports are the host ports)');
    }
    const hostBound = (p.hostNetwork ?? false) || p.hostPorts !== undefined;
    if (!hostBound || this.kind === WorkloadKind.DAEMON_SET) return;
    const replicas = p.autoscaling ? (p.autoscaling.maxReplicas ?? 11) : (p.replicas ?? 1);
    const required = p.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const podLabels = { ...this.names.podLabels(Component.CONTROLLER, p.podLabels), ...this.selectorLabels };
    const spreadByHost = required.some((t) => t.topologyKey === 'kubernetes.io/hostname' && selects(t.labelSelector, podLabels));
    const what = p.hostNetwork ? 'hostNetwork: true' : 'hostPorts';
    v.check(replicas <= 1 || spreadByHost, p.hostNetwork ? 'hostNetwork' : 'hostPorts',
      `with ${replicas} replicas needs a port plan: two pods on one node would bind the same host ports 80 and 443; ` +
      `use kind DaemonSet, or a required podAntiAffinity on kubernetes.io/hostname that selects the controller pods (${what})`);
  }

  /** Whether the pods bind host ports (hostNetwork or hostPorts). */
  public get bindsHostPorts(): boolean {
    return (this.props.hostNetwork ?? false) || this.props.hostPorts !== undefined;
  }

  /** The node selector of the controller pods. */
  public get nodeSelector(): Record<string, string> {
    return this.props.nodeSelector ?? { 'kubernetes.io/os': 'linux' };
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

/** `{ [key]: list }` when the list has items, else nothing: the chart leaves empty lists out. */
function nonEmpty<T>(key: string, list: T[]): Record<string, T[]> {
  return list.length > 0 ? { [key]: list } : {};
}

/** Renders `registry/image:tag[@digest]`. */
export function imageRef(image: ImageProps): string {
  const digest = image.digest ? `@${image.digest}` : '';
  return `${image.registry}/${image.image}:${image.tag}${digest}`;
}

function renderResources(r: ResourceProps): Record<string, any> {
  const q = (x?: { cpu?: string; memory?: string; ephemeralStorage?: string }) => x && Object.fromEntries(Object.entries({
    'cpu': x.cpu, 'memory': x.memory, 'ephemeral-storage': x.ephemeralStorage,
  }).filter(([, val]) => val !== undefined));
  return { ...(r.requests ? { requests: q(r.requests) } : {}), ...(r.limits ? { limits: q(r.limits) } : {}) };
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

/** Quantities must parse, and no request may exceed its limit (the API server rejects that pod). */
function validateResources(v: Problems, field: string, r: ResourceProps | undefined): void {
  if (!r) return;
  const keys = ['cpu', 'memory', 'ephemeralStorage'] as const;
  for (const side of ['requests', 'limits'] as const) {
    for (const key of keys) {
      const q = r[side]?.[key];
      if (q !== undefined) v.check(parseQuantity(q) !== undefined, `${field}.${side}.${key}`, 'must be a Kubernetes quantity such as "100m", "1" or "90Mi"', q);
    }
  }
  for (const key of keys) {
    const req = r.requests?.[key];
    const lim = r.limits?.[key];
    if (req === undefined || lim === undefined) continue;
    const a = parseQuantity(req);
    const b = parseQuantity(lim);
    if (a !== undefined && b !== undefined) {
      v.check(a <= b, `${field}.requests.${key}`, `must not exceed limits.${key} (${lim}): the API server rejects such a pod`, req);
    }
  }
}
