/**
 * Closed sets and small value types shared by the controller props.
 */

/** The controller workload kind. @see values.yaml controller.kind */
export enum WorkloadKind {
  DEPLOYMENT = 'Deployment',
  DAEMON_SET = 'DaemonSet',
}

/** Kubernetes Service types. @see values.yaml controller.service.type */
export enum ServiceType {
  LOAD_BALANCER = 'LoadBalancer',
  NODE_PORT = 'NodePort',
  CLUSTER_IP = 'ClusterIP',
}

/** `spec.externalTrafficPolicy` of a LoadBalancer or NodePort Service. */
export enum ExternalTrafficPolicy {
  /** Keep the client source IP; only nodes running a controller pod receive traffic. */
  LOCAL = 'Local',
  /** Spread over every node; the client source IP is lost (SNAT). */
  CLUSTER = 'Cluster',
}

/** `spec.ipFamilyPolicy` of a Service. */
export enum IpFamilyPolicy {
  SINGLE_STACK = 'SingleStack',
  PREFER_DUAL_STACK = 'PreferDualStack',
  REQUIRE_DUAL_STACK = 'RequireDualStack',
}

/** An IP family of a Service. */
export enum IpFamily {
  IPV4 = 'IPv4',
  IPV6 = 'IPv6',
}

/** Container image pull policy. */
export enum ImagePullPolicy {
  ALWAYS = 'Always',
  IF_NOT_PRESENT = 'IfNotPresent',
  NEVER = 'Never',
}

/** What the API server does when the admission webhook cannot be reached. */
export enum FailurePolicy {
  /** Reject the Ingress (the chart's default): no unchecked configuration reaches nginx. */
  FAIL = 'Fail',
  /** Admit the Ingress unchecked. */
  IGNORE = 'Ignore',
}

/** A container image reference. @see values.yaml controller.image */
export interface ImageProps {
  /** Registry host. @default "registry.k8s.io" @see values.yaml controller.image.registry */
  readonly registry?: string;
  /** Repository path within the registry. @see values.yaml controller.image.image */
  readonly image?: string;
  /** Tag. @see values.yaml controller.image.tag */
  readonly tag?: string;
  /**
   * Content digest `sha256:<64 hex>`. Pass `""` to render the image without a digest (needed
   * when you change the tag or repository and do not know the digest).
   * @see values.yaml controller.image.digest
   */
  readonly digest?: string;
  /** Pull policy. @default ImagePullPolicy.IF_NOT_PRESENT @see values.yaml controller.image.pullPolicy */
  readonly pullPolicy?: ImagePullPolicy;
}

/** CPU and memory quantities such as `{ cpu: '100m', memory: '90Mi' }`. */
export interface ResourceQuantities {
  /** CPU, for example `"100m"` or `"1"`. */
  readonly cpu?: string;
  /** Memory, for example `"90Mi"`. */
  readonly memory?: string;
  /** Ephemeral storage, for example `"1Gi"`. */
  readonly ephemeralStorage?: string;
}

/** Container resources. */
export interface ResourceProps {
  /** Requests. */
  readonly requests?: ResourceQuantities;
  /** Limits. */
  readonly limits?: ResourceQuantities;
}

/** How the controller workload replaces its pods. */
export enum UpdateStrategyType {
  /** Replace pods a few at a time (Deployment and DaemonSet). */
  ROLLING_UPDATE = 'RollingUpdate',
  /** Stop every pod, then start the new ones (Deployment only). */
  RECREATE = 'Recreate',
  /** Replace a pod only when it is deleted (DaemonSet only). */
  ON_DELETE = 'OnDelete',
}

/** Rolling update parameters for the controller workload. @see values.yaml controller.updateStrategy */
export interface UpdateStrategy {
  /**
   * `RollingUpdate` or, for a Deployment, `Recreate`; for a DaemonSet, `OnDelete`.
   * @default UpdateStrategyType.ROLLING_UPDATE
   */
  readonly type?: UpdateStrategyType;
  /** Pods that may be unavailable during the update, e.g. `1` or `"25%"`. */
  readonly maxUnavailable?: number | string;
  /** Extra pods during the update (Deployment, and DaemonSet surge). */
  readonly maxSurge?: number | string;
}
