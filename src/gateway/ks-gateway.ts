import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { parseGatewayManifests } from './_import';
import {
  CLUSTER_GATEWAY_PROJECT, CONTAINER_NAME, CONTROLS_NAMESPACE, ISTIO_INJECT_ANNOTATION, LEGACY_CONTAINER_NAME, MAX_PROJECT_LENGTH,
  METRICS_PORT, METRICS_PORT_NAME, SERVICEMESH_ANNOTATION,
  electionId, gatewayName, gatewaySelectorLabels, instanceLabel, legacyElectionId, legacySelectorLabels, metricsServiceName,
} from './_kubesphere';
import { sameLabels } from './_labels';
import { GatewayRegistry } from './_registry';
import { GatewaySpec, GatewaySpecController, GatewaySpecDeployment } from './gateway-spec.generated';
import * as ks from '../../imports/gateway.kubesphere.io';
import { checkProps } from '../common/_shape';
import { Problems, isDnsLabel, show } from '../common/_validation';
import { PodSecurityLevel } from '../common/pod-security';
import { ControllerRegistry } from '../controller/_registry';
import { HostPortProps, NginxIngress, NginxIngressProps, NodePortProps } from '../controller/nginx-ingress';
import { ExternalTrafficPolicy, ImageProps, ResourceProps, ServiceType, WorkloadKind } from '../controller/types';

/** Service types KubeSphere allows for a gateway. */
export enum GatewayServiceType {
  LOAD_BALANCER = 'LoadBalancer',
  NODE_PORT = 'NodePort',
}

/** How Ingresses reach a gateway. */
export enum IngressSelection {
  /**
   * KubeSphere v3: every gateway serves the class-less Ingresses of the namespaces it watches;
   * no IngressClass object. A project gateway beside the cluster gateway would serve the same
   * Ingresses, so that is an error unless explicitly allowed.
   */
  NAMESPACE = 'Namespace',
  /**
   * KubeSphere v4: each gateway has its own IngressClass named after it (and its own
   * controller value and election ID); an Ingress picks its gateway with `ingressClassName`.
   * The default: gateways never contend for an Ingress, and the same Ingresses move unchanged
   * to KubeSphere v4 or to Gateway API.
   */
  INGRESS_CLASS = 'IngressClass',
}

/** What a KsGateway renders. */
export enum RenderMode {
  /** The complete ingress-nginx controller, as plain manifests (no operator). */
  STANDALONE = 'Standalone',
  /**
   * Only the `gateway.kubesphere.io/v1alpha1` Gateway resource, for clusters where
   * ks-controller-manager still reconciles gateways.
   */
  OPERATOR = 'Operator',
}

/** `Gateway.spec.service` plus the Service settings KubeSphere hard-coded. */
export interface KsGatewayServiceProps {
  /** Annotations of the controller Service (e.g. a cloud load balancer's settings). @default - none @see spec.service.annotations */
  readonly annotations?: { [key: string]: string };
  /** Service type. @default GatewayServiceType.LOAD_BALANCER (KubeSphere's default; its console proposes NodePort) @see spec.service.type */
  readonly type?: GatewayServiceType;
  /** Pinned node ports, e.g. those of an existing gateway. @default - assigned by Kubernetes @see hard-coded by KubeSphere */
  readonly nodePorts?: NodePortProps;
  /** External traffic policy. @default - unset (Kubernetes: Cluster; the client IP is lost) @see hard-coded by KubeSphere */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /** Load balancer implementation class. @default - the cluster's default load balancer @see hard-coded by KubeSphere */
  readonly loadBalancerClass?: string;
  /** CIDRs allowed to reach the load balancer. @default - open to every source @see hard-coded by KubeSphere */
  readonly loadBalancerSourceRanges?: string[];
}

/** Props of {@link KsGateway}: `Gateway.spec`, plus what KubeSphere hard-coded. */
export interface KsGatewayProps {
  /** The project (namespace) the gateway serves. @default - none: the cluster gateway */
  readonly project?: string;
  /** `Gateway.spec.controller`: `config` (nginx ConfigMap), `scope`, `tcp`, `udp`. `replicas` and `annotations` are reserved and unused, as in KubeSphere. @see spec.controller */
  readonly controller?: GatewaySpecController;
  /** `Gateway.spec.service`, plus Service settings KubeSphere hard-coded. @see spec.service */
  readonly service?: KsGatewayServiceProps;
  /** `Gateway.spec.deployment`: `replicas`, `annotations`, `resources`. @default 1 replica, requests cpu 100m memory 90Mi @see spec.deployment */
  readonly deployment?: GatewaySpecDeployment;
  /**
   * Namespace of the gateway's workloads (kubesphere-config `gateway.namespace`).
   * @default "kubesphere-controls-system" (the cluster gateway is always there)
   * @see kubesphere-config gateway.namespace
   */
  readonly namespace?: string;
  /** Place a project gateway in its project's own namespace (KubeSphere's empty `gateway.namespace`). @default false @see kubesphere-config gateway.namespace: "" */
  readonly inProjectNamespace?: boolean;
  /** How Ingresses reach this gateway. @default IngressSelection.INGRESS_CLASS (NAMESPACE with renderMode OPERATOR) @see v3: namespace; v4: IngressClass per gateway */
  readonly ingressSelection?: IngressSelection;
  /**
   * Allow this project gateway and a NAMESPACE-mode cluster gateway to serve the same
   * class-less Ingresses (both controllers then program them; KubeSphere forbids it).
   * Only for a project gateway with ingressSelection NAMESPACE: with INGRESS_CLASS no other gateway serves its Ingresses.
   * @default false
   * @see CreateGateway: "can't create project gateway if global gateway enabled"
   */
  readonly allowSharedIngresses?: boolean;
  /** What to render. @default RenderMode.STANDALONE @see the Helm operator in ks-controller-manager */
  readonly renderMode?: RenderMode;
  /**
   * Take over a legacy (KubeSphere 3.1 and older) router in place: keep its Deployment and
   * Service names, its immutable selector `app=kubesphere,component=ks-router,tier=backend,project=<p>`,
   * its container name `nginx-ingress-controller` and its election ID, so the move is a rolling update
   * instead of KubeSphere's delete and recreate. The first sync must replace the Deployment (see the
   * README). It cannot be turned off later without deleting the Deployment: the selector is immutable.
   * @default false
   * @see UpgradeGateway (deletes the legacy Deployment)
   */
  readonly adoptLegacyRouter?: boolean;
  /** Node selector. @default {"kubernetes.io/os": "linux"} @see hard-coded by KubeSphere */
  readonly nodeSelector?: Record<string, string>;
  /** Tolerations. @see hard-coded by KubeSphere */
  readonly tolerations?: k8s.Toleration[];
  /** Affinity. @default - KubeSphere's preferred pod anti-affinity on kubernetes.io/hostname @see hard-coded by KubeSphere */
  readonly affinity?: k8s.Affinity;
  /** Topology spread constraints. @see hard-coded by KubeSphere */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /**
   * Controller image. Naming a `tag` or an `image` without a `digest` drops the default digest, as
   * KubeSphere's adapter chart does (`digest: ""`), so the tag named is the one that runs.
   * @default - the ingress-nginx v1.15.1 image with digest
   * @see hard-coded by KubeSphere
   */
  readonly image?: ImageProps;
  /** Extra controller arguments (`--flag[=value]`). @see hard-coded by KubeSphere */
  readonly extraArgs?: string[];
  /** Serve from the host network (with kind DaemonSet, or a required anti-affinity). @default false @see hard-coded by KubeSphere */
  readonly hostNetwork?: boolean;
  /** Expose 80/443 as host ports. @default - none @see hard-coded by KubeSphere */
  readonly hostPorts?: HostPortProps;
  /** Workload kind. @default WorkloadKind.DEPLOYMENT @see hard-coded by KubeSphere */
  readonly kind?: WorkloadKind;
  /** `--default-ssl-certificate=<namespace>/<secret>`. @see hard-coded by KubeSphere */
  readonly defaultSslCertificate?: string;
  /**
   * Any NginxIngress option, merged over what KsGateway derives (escape hatch): objects key by
   * key (`{ service: { labels } }` keeps the derived Service type), anything else replaced.
   * The public fields (namespace, ingressClass, electionId...) then say what is rendered.
   * @see the Nginx resource (ingress-nginx chart values)
   */
  readonly nginx?: NginxIngressProps;
  /**
   * The lowest Pod Security Standards level the gateway's pods may have (hostNetwork and
   * hostPorts need PRIVILEGED). @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurityLevel?: PodSecurityLevel;
}

/** Options of {@link KsGateway.fromManifest}. */
export interface FromManifestOptions {
  /** File name used in error messages. @default "manifest" */
  readonly file?: string;
  /**
   * How the imported gateways select Ingresses.
   * @default IngressSelection.NAMESPACE: what KubeSphere v3 gateways do, so existing class-less Ingresses keep their gateway
   */
  readonly ingressSelection?: IngressSelection;
  /** What to render. @default RenderMode.STANDALONE @see the Helm operator in ks-controller-manager */
  readonly renderMode?: RenderMode;
  /** Set allowSharedIngresses on every imported project gateway. @default false */
  readonly allowSharedIngresses?: boolean;
}

/**
 * A KubeSphere gateway (`gateway.kubesphere.io/v1alpha1` Gateway), rendered at synth time
 * through {@link NginxIngress} with KubeSphere's names and labels.
 *
 * @example
 * new KsGateway(chart, 'cluster', {});                 // the cluster gateway
 * new KsGateway(chart, 'demo', {
 *   project: 'demo',
 *   controller: { config: { 'worker-processes': '4' } },
 *   service: { type: GatewayServiceType.NODE_PORT },
 *   deployment: { replicas: 2 },
 * });
 */
export class KsGateway extends Construct {
  /**
   * Reads KubeSphere Gateway resources (multi-document YAML, or the `List` that `kubectl get
   * gateways.gateway.kubesphere.io -A -o yaml` prints) and declares one KsGateway per resource, with the same names,
   * namespaces, selectors and Service ports. Throws one error listing every problem of every
   * document (file, document, field) and declares nothing when any document is invalid.
   */
  public static fromManifest(scope: Construct, manifest: string, options: FromManifestOptions = {}): KsGateway[] {
    const checked = checkProps<FromManifestOptions>('FromManifestOptions', options, 'options');
    if (typeof manifest !== 'string') checked.problems.unshift(`manifest must be a string of YAML (got ${show(manifest)})`);
    if (checked.problems.length > 0) throw new Error(`KsGateway.fromManifest: ${checked.problems.join('; ')}`);
    options = checked.value;
    const { gateways, problems } = parseGatewayManifests(manifest, options.file ?? 'manifest');
    if (problems.length > 0) throw new Error(`cannot read KubeSphere Gateway resources:\n  ${problems.join('\n  ')}`);
    return gateways.map((g) => new KsGateway(scope, g.name, {
      project: g.project,
      ...(g.project !== undefined && g.namespace === g.project ? { inProjectNamespace: true } : {}),
      ...(g.project !== undefined && g.namespace !== g.project && g.namespace !== CONTROLS_NAMESPACE ? { namespace: g.namespace } : {}),
      controller: g.spec.controller,
      service: g.spec.service as KsGatewayServiceProps | undefined,
      deployment: g.spec.deployment,
      ingressSelection: options.ingressSelection ?? IngressSelection.NAMESPACE,
      renderMode: options.renderMode,
      ...(g.project !== undefined && options.allowSharedIngresses ? { allowSharedIngresses: true } : {}),
    }));
  }

  /** The project, or undefined for the cluster gateway. */
  public readonly project?: string;
  /** `kubesphere-router-<project>`: the Gateway, Deployment, Service and ConfigMap name. */
  public readonly gatewayName: string;
  /** Namespace of the gateway's objects. */
  public readonly namespace: string;
  /** The namespace the controller watches, or undefined when it watches every namespace. */
  public readonly watchNamespace?: string;
  /** How Ingresses reach this gateway. */
  public readonly ingressSelection: IngressSelection;
  /** What this gateway renders. */
  public readonly renderMode: RenderMode;
  /** The IngressClass an Ingress names to use this gateway (INGRESS_CLASS mode). */
  public readonly ingressClassName?: string;
  /** `--ingress-class`. */
  public readonly ingressClass: string;
  /** `--controller-class` and the IngressClass's `spec.controller`. */
  public readonly controllerClass: string;
  /** Leader-election ID. */
  public readonly electionId: string;
  /** Labels selecting the gateway pods. */
  public readonly selectorLabels: Record<string, string>;
  /** The controller container's name (`nginx-ingress-controller` for an adopted legacy router). */
  public readonly containerName: string;
  /** The nginx ConfigMap's name. */
  public readonly configMapName: string;
  /** The metrics Service's name: also the Prometheus `job` KubeSphere's console queries. */
  public readonly metricsServiceName: string;
  /** The metrics port name. */
  public readonly metricsPortName: string;
  /** The metrics port. */
  public readonly metricsPort: number;
  /** Whether the gateway was declared with `allowSharedIngresses`. */
  public readonly allowSharedIngresses: boolean;
  /** The rendered controller (STANDALONE mode). */
  public readonly controller?: NginxIngress;
  /** The Gateway resource (OPERATOR mode). */
  public readonly resource?: ApiObject;

  private readonly props: KsGatewayProps;
  /** Whether this gateway takes over a legacy router. */
  private readonly legacy: boolean;

  constructor(scope: Construct, id: string, props: KsGatewayProps = {}) {
    super(scope, id);
    // JavaScript callers pass anything: bad parts are reported and dropped before anything reads them.
    const shape = checkProps<KsGatewayProps>('KsGatewayProps', props);
    props = shape.value;
    this.node.addValidation({ validate: () => shape.problems });
    this.props = props;
    const cluster = props.project === undefined || props.project === CLUSTER_GATEWAY_PROJECT;
    this.project = cluster ? undefined : props.project;
    this.gatewayName = gatewayName(props.project);
    this.namespace = cluster ? CONTROLS_NAMESPACE : (props.namespace ?? (props.inProjectNamespace ? props.project! : CONTROLS_NAMESPACE));
    this.watchNamespace = cluster
      ? (props.controller?.scope?.enabled ? (props.controller.scope.namespace || this.namespace) : undefined)
      : props.project;
    this.renderMode = props.renderMode ?? RenderMode.STANDALONE;
    // The v3 operator knows no IngressClass, so an operator-mode gateway selects by namespace.
    this.ingressSelection = props.ingressSelection
      ?? (this.renderMode === RenderMode.OPERATOR ? IngressSelection.NAMESPACE : IngressSelection.INGRESS_CLASS);
    this.allowSharedIngresses = props.allowSharedIngresses ?? false;
    const byClass = this.ingressSelection === IngressSelection.INGRESS_CLASS;
    this.ingressClassName = byClass ? this.gatewayName : undefined;
    this.ingressClass = byClass ? this.gatewayName : 'nginx';
    this.controllerClass = `kubesphere.io/${this.gatewayName}`;
    const legacy = (props.adoptLegacyRouter ?? false) && props.project !== undefined;
    this.legacy = legacy;
    this.electionId = props.nginx?.electionId ?? (legacy ? legacyElectionId(props.project!) : electionId(this.gatewayName));
    this.selectorLabels = props.nginx?.selectorLabels ?? (legacy ? legacySelectorLabels(props.project!) : gatewaySelectorLabels(this.gatewayName));
    this.configMapName = this.gatewayName;
    this.metricsServiceName = metricsServiceName(this.gatewayName);
    // What the operator's chart renders; STANDALONE reads them back from the controller below.
    this.containerName = CONTAINER_NAME;
    this.metricsPort = METRICS_PORT;
    this.metricsPortName = METRICS_PORT_NAME;

    this.node.addValidation({ validate: () => this.validateProps() });
    GatewayRegistry.of(this).register(this);

    if (this.renderMode === RenderMode.OPERATOR) {
      this.resource = new ks.Gateway(this, 'Gateway', {
        metadata: { name: this.gatewayName, namespace: this.namespace },
        spec: toL1GatewaySpec(this.gatewaySpec()),
      });
    } else if (props.project !== undefined && !(isDnsLabel(props.project) && props.project.length <= MAX_PROJECT_LENGTH)) {
      // Every name derives from the project: a bad one is reported once, on the project prop
      // (validateProps); a controller rendered from it would only repeat it in the derived names.
    } else {
      this.controller = new NginxIngress(this, 'Controller', mergeOver(this.nginxProps(), props.nginx));
      // Two gateways' controllers clash exactly when the gateway rules say so: reported once, there.
      ControllerRegistry.of(this).checkedByGatewayRules(this.controller);
      // The escape hatch may rename or re-scope what was derived above: the fields (and so the
      // whole-app rules and the serving report) must describe what is rendered.
      this.namespace = this.controller.namespace;
      this.watchNamespace = this.controller.watchNamespace;
      this.ingressClass = this.controller.ingressClass;
      this.controllerClass = this.controller.controllerClass;
      this.ingressClassName = this.controller.ingressClassName;
      this.electionId = this.controller.electionId;
      this.selectorLabels = this.controller.selectorLabels;
      this.configMapName = this.controller.configMapName;
      this.metricsServiceName = this.controller.metricsServiceName ?? this.metricsServiceName;
      this.containerName = this.controller.containerName;
      this.metricsPort = this.controller.metricsPort;
      this.metricsPortName = this.controller.metricsPortName;
    }
  }

  /** The `Gateway.spec` this gateway corresponds to (what OPERATOR mode emits). */
  public gatewaySpec(): GatewaySpec {
    const p = this.props;
    const controller: GatewaySpecController = {
      ...(p.controller ?? {}),
      ...(this.project !== undefined && this.project !== CLUSTER_GATEWAY_PROJECT ? { scope: { enabled: true, namespace: this.project } } : {}),
    };
    return {
      ...(Object.keys(controller).length > 0 ? { controller } : {}),
      service: {
        type: p.service?.type ?? GatewayServiceType.LOAD_BALANCER,
        ...(p.service?.annotations ? { annotations: p.service.annotations } : {}),
      },
      ...(p.deployment ? { deployment: p.deployment } : {}),
    };
  }

  /** The NginxIngress props KubeSphere's adapter chart would have produced, plus our extensions (before `nginx`). */
  private nginxProps(): NginxIngressProps {
    const p = this.props;
    const d = p.deployment ?? {};
    const serviceType = p.service?.type ?? GatewayServiceType.LOAD_BALANCER;
    const mesh = d.annotations?.[SERVICEMESH_ANNOTATION];
    const byClass = this.ingressSelection === IngressSelection.INGRESS_CLASS;
    const antiAffinity: k8s.Affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 100,
          podAffinityTerm: {
            topologyKey: 'kubernetes.io/hostname',
            labelSelector: {
              matchExpressions: Object.entries(this.selectorLabels).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
            },
          },
        }],
      },
    };
    return {
      releaseName: instanceLabel(this.gatewayName),
      fullnameOverride: this.gatewayName,
      controllerName: '',
      // kubectl apply merges containers by name: the legacy Deployment's container must be replaced, not joined.
      containerName: this.legacy ? LEGACY_CONTAINER_NAME : undefined,
      namespace: this.namespace,
      kind: p.kind,
      // An invalid count is reported once, as deployment.replicas (validateProps), not again by the controller.
      replicas: p.kind === WorkloadKind.DAEMON_SET || !validReplicas(d.replicas) ? undefined : (d.replicas ?? 1),
      annotations: d.annotations,
      podAnnotations: mesh !== undefined ? { [ISTIO_INJECT_ANNOTATION]: mesh } : undefined,
      resources: toResourceProps(d.resources),
      config: p.controller?.config ? { extra: { ...p.controller.config } } : undefined,
      tcp: p.controller?.tcp,
      udp: p.controller?.udp,
      watchNamespace: this.watchNamespace,
      podSecurityLevel: p.podSecurityLevel,
      service: {
        type: serviceType as unknown as ServiceType,
        annotations: p.service?.annotations,
        nodePorts: p.service?.nodePorts,
        externalTrafficPolicy: p.service?.externalTrafficPolicy,
        loadBalancerClass: p.service?.loadBalancerClass,
        loadBalancerSourceRanges: p.service?.loadBalancerSourceRanges,
      },
      publishService: serviceType === GatewayServiceType.LOAD_BALANCER,
      electionId: this.electionId,
      ingressClass: this.ingressClass,
      ingressClassResource: byClass
        ? { name: this.ingressClassName, controllerValue: this.controllerClass }
        : { enabled: false, controllerValue: this.controllerClass },
      watchIngressWithoutClass: !byClass,
      metrics: { enabled: true, port: METRICS_PORT, portName: METRICS_PORT_NAME },
      admissionWebhooks: { enabled: false },
      selectorLabels: isDefaultSelector(this) ? undefined : this.selectorLabels,
      affinity: p.affinity ?? antiAffinity,
      nodeSelector: p.nodeSelector,
      tolerations: p.tolerations,
      topologySpreadConstraints: p.topologySpreadConstraints,
      image: kubesphereImage(p.image),
      extraArgs: p.extraArgs,
      hostNetwork: p.hostNetwork,
      hostPorts: p.hostPorts,
      defaultSslCertificate: p.defaultSslCertificate,
    };
  }

  private validateProps(): string[] {
    const p = this.props;
    const v = new Problems();
    v.dnsLabel('project', p.project);
    // Every name derives from the project: said here, on the prop the user wrote, with the limit and why
    // (the controller's checks of the derived names follow, in the chart's terms).
    if (p.project !== undefined && isDnsLabel(p.project) && p.project.length > MAX_PROJECT_LENGTH) {
      v.add('project', `must be at most ${MAX_PROJECT_LENGTH} characters: "${instanceLabel(gatewayName('<project>'))}" is the gateway's `
        + `Helm release and app.kubernetes.io/instance label, and "${metricsServiceName(gatewayName('<project>'))}" a Service name, `
        + `both at most 63 characters (got ${show(p.project)}, ${p.project.length} characters)`);
    }
    v.dnsLabel('namespace', p.namespace);
    const cluster = p.project === undefined || p.project === CLUSTER_GATEWAY_PROJECT;
    if (cluster) {
      v.check(p.namespace === undefined || p.namespace === CONTROLS_NAMESPACE, 'namespace', `must be ${CONTROLS_NAMESPACE} for the cluster gateway (KubeSphere always places it there)`, p.namespace);
      v.check(!p.inProjectNamespace, 'inProjectNamespace', 'needs a project (the cluster gateway has none)', p.inProjectNamespace);
      v.check(!p.adoptLegacyRouter, 'adoptLegacyRouter', 'needs a project: legacy routers were per project', p.adoptLegacyRouter);
      v.check(!p.allowSharedIngresses, 'allowSharedIngresses', 'is set on the project gateway that shares, not on the cluster gateway', p.allowSharedIngresses);
    } else {
      v.check(!(p.namespace !== undefined && p.inProjectNamespace), 'inProjectNamespace', 'conflicts with namespace; set one', p.inProjectNamespace);
      const scope = p.controller?.scope;
      if (scope?.namespace !== undefined && scope.namespace !== '') {
        v.check(scope.namespace === p.project, 'controller.scope.namespace', `must be the project ${show(p.project)}: KubeSphere forces a project gateway to watch its own project`, scope.namespace);
      }
      v.check(scope?.enabled !== false, 'controller.scope.enabled', 'cannot be false for a project gateway: KubeSphere forces it to true', false);
      v.check(!(p.allowSharedIngresses && this.ingressSelection === IngressSelection.INGRESS_CLASS), 'allowSharedIngresses',
        'has no effect with ingressSelection INGRESS_CLASS: the gateway serves only Ingresses that name its IngressClass, which no other gateway serves', p.allowSharedIngresses);
    }
    const type = p.service?.type;
    if (type !== undefined) {
      v.check(Object.values(GatewayServiceType).includes(type), 'service.type', 'must be LoadBalancer or NodePort (the types KubeSphere allows)', type);
    }
    if (p.adoptLegacyRouter) {
      v.check(this.namespace === CONTROLS_NAMESPACE, 'adoptLegacyRouter', `needs the gateway in ${CONTROLS_NAMESPACE}, where legacy routers live`, this.namespace);
      v.check(this.renderMode === RenderMode.STANDALONE, 'adoptLegacyRouter', 'needs renderMode STANDALONE (the operator would delete the legacy Deployment)', this.renderMode);
    }
    const resources = p.deployment?.resources ?? {};
    for (const [key, value] of [...Object.entries(resources.requests ?? {}), ...Object.entries(resources.limits ?? {})]) {
      v.check(['cpu', 'memory', 'ephemeral-storage'].includes(key), `deployment.resources[${show(key)}]`, 'must be cpu, memory or ephemeral-storage', value);
    }
    if (p.deployment?.replicas !== undefined) v.integer('deployment.replicas', p.deployment.replicas, 0);
    if (this.renderMode === RenderMode.STANDALONE) {
      v.check(!(p.kind === WorkloadKind.DAEMON_SET && p.deployment?.replicas !== undefined), 'deployment.replicas',
        'cannot be set with kind DaemonSet: a DaemonSet runs one pod on each node it schedules to', p.deployment?.replicas);
    }
    if (this.renderMode === RenderMode.OPERATOR) {
      // inProjectNamespace is expressible: KubeSphere itself puts the Gateway in the project's
      // namespace when gateway.namespace is empty. adoptLegacyRouter has its own message above.
      const standaloneOnly: Array<keyof KsGatewayProps> = [
        'nodeSelector', 'tolerations', 'affinity', 'topologySpreadConstraints', 'image', 'extraArgs', 'hostNetwork',
        'hostPorts', 'kind', 'defaultSslCertificate', 'nginx',
      ];
      for (const key of standaloneOnly) {
        if (isSet(p[key])) v.add(key, 'cannot be expressed in a KubeSphere Gateway resource (renderMode OPERATOR); use renderMode STANDALONE', p[key]);
      }
      const s = p.service ?? {};
      for (const key of ['nodePorts', 'externalTrafficPolicy', 'loadBalancerClass', 'loadBalancerSourceRanges'] as const) {
        if (isSet(s[key])) v.add(`service.${key}`, 'cannot be expressed in a KubeSphere Gateway resource (renderMode OPERATOR); use renderMode STANDALONE', s[key]);
      }
      v.check(this.ingressSelection === IngressSelection.NAMESPACE, 'ingressSelection',
        'must be NAMESPACE with renderMode OPERATOR: the KubeSphere v3 operator renders no IngressClass', this.ingressSelection);
    }
    return v.list;
  }
}

function isDefaultSelector(gw: KsGateway): boolean {
  return sameLabels(gatewaySelectorLabels(gw.gatewayName), gw.selectorLabels);
}

/**
 * `Gateway.spec` for the imported L1 class, whose resource quantities are wrapper objects: a
 * plain string there would render as null.
 */
function toL1GatewaySpec(spec: GatewaySpec): ks.GatewaySpec {
  const r = spec.deployment?.resources;
  if (!r) return spec as ks.GatewaySpec;
  const wrap = <T>(m: Readonly<Record<string, number | string>> | undefined, make: { fromNumber(v: number): T; fromString(v: string): T }) =>
    m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? make.fromNumber(v) : make.fromString(v)]));
  return {
    ...spec,
    deployment: {
      ...spec.deployment,
      resources: {
        limits: wrap(r.limits, ks.GatewaySpecDeploymentResourcesLimits),
        requests: wrap(r.requests, ks.GatewaySpecDeploymentResourcesRequests),
      },
    },
  } as ks.GatewaySpec;
}

/** values.yaml `deployment.resources` of KubeSphere's adapter chart. */
const DEFAULT_REQUESTS = { cpu: '100m', memory: '90Mi' };

/**
 * Converts `Gateway.spec.deployment.resources` to NginxIngress resources. Helm merges the
 * Gateway's values over values.yaml map by map, so a Gateway that sets only limits (or only a
 * CPU request) keeps the default requests for the rest.
 */
function toResourceProps(r: GatewaySpecDeployment['resources']): ResourceProps {
  const conv = (m?: Readonly<Record<string, number | string>>) => m && {
    ...(m.cpu !== undefined ? { cpu: String(m.cpu) } : {}),
    ...(m.memory !== undefined ? { memory: String(m.memory) } : {}),
    ...(m['ephemeral-storage'] !== undefined ? { ephemeralStorage: String(m['ephemeral-storage']) } : {}),
  };
  return { requests: { ...DEFAULT_REQUESTS, ...conv(r?.requests) }, limits: conv(r?.limits) };
}

/**
 * The controller image. KubeSphere's adapter chart renders `digest: ""`, so overriding the tag
 * changes what runs; with the upstream digest kept, `tag@digest` would still pull the default image.
 * A registry alone (a mirror) keeps the digest: it names the same content.
 */
function kubesphereImage(image: ImageProps | undefined): ImageProps | undefined {
  if (!image || image.digest !== undefined || (image.tag === undefined && image.image === undefined)) return image;
  return { ...image, digest: '' };
}

/** A prop that asks for something: not unset, false or an empty list. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/** `over` merged into `base`: plain objects key by key; arrays, class instances and scalars replace; undefined keeps `base`. */
function mergeOver<T>(base: T, over: unknown): T {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeOver(out[key], value);
  return out as T;
}

/** Whether a `deployment.replicas` value is one the controller can take (unset, or an integer >= 0). */
function validReplicas(replicas: number | undefined): boolean {
  return replicas === undefined || (Number.isInteger(replicas) && replicas >= 0);
}
