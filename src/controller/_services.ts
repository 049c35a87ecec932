/**
 * The controller's Services: the chart's `templates/controller-service.yaml`,
 * `controller-service-internal.yaml`, `controller-service-webhook.yaml` and
 * `controller-service-metrics.yaml`.
 */
import { Lazy } from 'cdk8s';
import { ControllerContext, meta, obj, streamPorts } from './_context';
import { Component } from './names';
import { ExternalTrafficPolicy, IpFamily, IpFamilyPolicy, ServiceType } from './types';
import { Problems, isCidr, show } from '../common/_validation';

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

/**
 * The Services. As in the chart, the `labels` prop (controller.labels) stays off the main,
 * internal and metrics Services, which take `service.labels` instead; the webhook Service has it.
 */
export function renderServices(c: ControllerContext): void {
  const n = c.names;
  const s = c.props.service ?? {};
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
      for (const sp of streamPorts(c)) {
        const pinned = sp.protocol === 'TCP' ? nodePorts?.tcp?.[String(sp.port)] : nodePorts?.udp?.[String(sp.port)];
        const nodePort = nodePortsAllowed && pinned ? { nodePort: pinned } : {};
        ports.push({ name: sp.name, port: sp.port, protocol: sp.protocol, targetPort: sp.name, ...nodePort });
      }
      return ports;
    },
  });
  const lbOnly = (t: ServiceType) => t === ServiceType.LOAD_BALANCER;
  if (c.serviceEnabled) {
    obj(c, 'Service', 'v1', 'Service', meta(c, n.controller, Component.CONTROLLER, { labels: s.labels, annotations: s.annotations, controllerLabels: false }), {
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
        selector: c.selectorLabels,
      },
    });
    if (s.internal && Object.keys(s.internal.annotations).length > 0) {
      const i = s.internal;
      const itype = i.type ?? type;
      obj(c, 'InternalService', 'v1', 'Service', meta(c, n.internalService, Component.CONTROLLER, { labels: s.labels, annotations: i.annotations, controllerLabels: false }), {
        spec: {
          type: itype,
          ...(i.loadBalancerSourceRanges && lbOnly(itype) ? { loadBalancerSourceRanges: i.loadBalancerSourceRanges } : {}),
          ...(i.loadBalancerClass && lbOnly(itype) ? { loadBalancerClass: i.loadBalancerClass } : {}),
          ...(i.externalTrafficPolicy ? { externalTrafficPolicy: i.externalTrafficPolicy } : {}),
          ipFamilyPolicy: s.ipFamilyPolicy ?? IpFamilyPolicy.SINGLE_STACK,
          ipFamilies: s.ipFamilies ?? [IpFamily.IPV4],
          ports: servicePorts(undefined),
          selector: c.selectorLabels,
        },
      });
    }
  }
  if (c.webhook) {
    obj(c, 'AdmissionService', 'v1', 'Service', meta(c, n.admissionService, Component.CONTROLLER), {
      spec: {
        type: ServiceType.CLUSTER_IP,
        ports: [{ appProtocol: 'https', name: 'https-webhook', port: 443, targetPort: 'webhook' }],
        selector: c.selectorLabels,
      },
    });
  }
  if (c.metricsServiceName) {
    obj(c, 'MetricsService', 'v1', 'Service', meta(c, c.metricsServiceName, Component.CONTROLLER, { annotations: c.props.metrics?.serviceAnnotations, controllerLabels: false }), {
      spec: {
        type: ServiceType.CLUSTER_IP,
        ports: [{ name: c.metricsPortName, port: c.metricsPort, protocol: 'TCP', targetPort: c.metricsPortName }],
        selector: c.selectorLabels,
      },
    });
  }
}

/** The Service's type, ports, node ports, load balancer fields and IP families. */
export function validateServices(c: ControllerContext, v: Problems): void {
  const p = c.props;
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
      const have = proto === 'tcp' ? c.tcp.has(Number(k)) : c.udp.has(Number(k));
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
}

/** Service ports must be unique per protocol, or the API server rejects the Service. */
export function validateServicePorts(c: ControllerContext, v: Problems, alreadyReported: ReadonlySet<string>): void {
  const s = c.props.service ?? {};
  if (!c.serviceEnabled) return;
  const ports: Array<[string, number, string]> = [];
  if (s.enableHttp ?? true) ports.push(['service.httpPort', s.httpPort ?? 80, 'TCP']);
  if (s.enableHttps ?? true) ports.push(['service.httpsPort', s.httpsPort ?? 443, 'TCP']);
  for (const sp of streamPorts(c)) ports.push([`${sp.protocol.toLowerCase()}[${show(String(sp.port))}]`, sp.port, sp.protocol]);
  const seen = new Map<string, string>();
  for (const [field, port, proto] of ports) {
    const key = `${proto}/${port}`;
    if (!seen.has(key)) seen.set(key, field);
    else if (!alreadyReported.has(field)) v.add(field, `gives the Service port ${port}/${proto} twice (also ${seen.get(key)})`, port);
  }
}
