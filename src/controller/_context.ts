/**
 * What every component module of NginxIngress reads: the resolved names, the props and the
 * mutable parts that `addXxx` calls change after construction. NginxIngress builds one context and
 * hands it to each module; a module never reaches into another module's objects.
 */
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ChartNames, Component } from './names';
import type { NginxIngressProps } from './nginx-ingress';
import { FailurePolicy, WorkloadKind } from './types';
import { WebhookCertificates } from './webhook-certificates';
import { compareStrings } from '../common/_compare';

/** The resolved admission webhook settings (absent when the webhook is off). */
export interface WebhookState {
  readonly port: number;
  readonly certs: WebhookCertificates;
  readonly failurePolicy: FailurePolicy;
}

/** One TCP or UDP stream port, as the container, the Services and the NetworkPolicy list it. */
export interface StreamPort {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly name: string;
}

/** The state of one NginxIngress that its component modules render from. */
export interface ControllerContext {
  /** The construct the objects are created in. */
  readonly scope: Construct;
  readonly props: NginxIngressProps;
  readonly names: ChartNames;
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly workloadName: string;
  readonly containerName: string;
  readonly selectorLabels: Record<string, string>;
  readonly electionId: string;
  readonly ingressClass: string;
  readonly controllerClass: string;
  readonly watchNamespace?: string;
  readonly metricsEnabled: boolean;
  readonly metricsServiceName?: string;
  readonly metricsPort: number;
  readonly metricsPortName: string;
  /** Grows with addExtraArg. */
  readonly extraArgs: string[];
  /** Grow with addTcpService/addUdpService. */
  readonly tcp: Map<number, string>;
  readonly udp: Map<number, string>;
  /** Grows with addEnv. */
  readonly env: k8s.EnvVar[];
  readonly webhook?: WebhookState;
  /**
   * Whether the controller watches a namespace other than its own. Its informers then only see
   * the watched namespace, which decides where the objects it reads by lister must live.
   */
  readonly watchedElsewhere: boolean;
  readonly serviceEnabled: boolean;
  readonly defaultBackendEnabled: boolean;
  readonly networkPolicyEnabled: boolean;
  /** Effective replica count: replicas, or the HPA minimum (Deployment only). */
  readonly effectiveReplicas: number;
  /** The rendered nginx ConfigMap data (keys sorted), as it is at synth time. */
  configData(): Record<string, string>;
}

/** Metadata beyond name and namespace. */
export interface MetaExtras {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /** False for cluster-scoped objects. */
  readonly namespaced?: boolean;
  /**
   * Whether the `labels` prop (chart `controller.labels`) goes on the object.
   * @default - on every object of the controller component
   */
  readonly controllerLabels?: boolean;
}

/** Object metadata: name, namespace, the chart's labels for `component`, then the extras. */
export function meta(c: ControllerContext, name: string, component?: Component, extra: MetaExtras = {}) {
  const withControllerLabels = extra.controllerLabels ?? component === Component.CONTROLLER;
  const controllerLabels = withControllerLabels ? c.props.labels : undefined;
  return {
    name,
    ...(extra.namespaced === false ? {} : { namespace: c.namespace }),
    labels: { ...c.names.labels(component), ...(controllerLabels ?? {}), ...(extra.labels ?? {}) },
    ...(extra.annotations && Object.keys(extra.annotations).length > 0 ? { annotations: extra.annotations } : {}),
  };
}

/** Creates one object in the NginxIngress construct. */
export function obj(c: ControllerContext, id: string, apiVersion: string, kind: string, metadata: any, body: Record<string, any>): ApiObject {
  return new ApiObject(c.scope, id, { apiVersion, kind, metadata, ...body });
}

/**
 * The TCP then the UDP stream ports, each sorted as strings ("10000" before "9000"): the chart
 * ranges over the `tcp` and `udp` maps, and Go templates visit map keys in string order.
 */
export function streamPorts(c: ControllerContext): StreamPort[] {
  const sorted = (ports: Map<number, string>) => [...ports.keys()].sort((a, b) => compareStrings(String(a), String(b)));
  const tcp = sorted(c.tcp).map((port) => ({ port, protocol: 'TCP' as const, name: `${port}-tcp` }));
  const udp = sorted(c.udp).map((port) => ({ port, protocol: 'UDP' as const, name: `${port}-udp` }));
  return [...tcp, ...udp];
}
