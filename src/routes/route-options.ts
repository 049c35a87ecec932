/** How a route's paths match. @see Ingress `pathType`, HTTPRoute `matches[].path.type` */
export enum RoutePathType {
  /** Path prefix, element-wise (`/api` matches `/api/x`, not `/apix`). */
  PREFIX = 'Prefix',
  /** The exact path. */
  EXACT = 'Exact',
  /** ingress-nginx: a regular expression (with `use-regex`); HTTPRoute: RegularExpression. */
  IMPLEMENTATION_SPECIFIC = 'ImplementationSpecific',
}

/** Protocol between the gateway and the Service. @see annotation backend-protocol */
export enum BackendProtocol {
  /** Plain HTTP (the default). */
  HTTP = 'HTTP',
  /** HTTPS to the Service. */
  HTTPS = 'HTTPS',
  /** gRPC over cleartext HTTP/2. */
  GRPC = 'GRPC',
  /** gRPC over TLS. */
  GRPCS = 'GRPCS',
}

/** Kind of cert-manager issuer. */
export enum CertManagerIssuerKind {
  /** A namespaced `Issuer`, in the route's namespace (annotation `cert-manager.io/issuer`). */
  ISSUER = 'Issuer',
  /** A `ClusterIssuer` (annotation `cert-manager.io/cluster-issuer`). */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

/** Options that a Gateway API HTTPRoute cannot express, for `acceptDropped`. */
export enum RouteOption {
  /** `rateLimit`: data-plane policy (e.g. Envoy Gateway BackendTrafficPolicy). */
  RATE_LIMIT = 'rateLimit',
  /** `basicAuth`: data-plane policy (e.g. Envoy Gateway SecurityPolicy). */
  BASIC_AUTH = 'basicAuth',
  /** `externalAuth`: data-plane policy (e.g. Envoy Gateway SecurityPolicy). */
  EXTERNAL_AUTH = 'externalAuth',
  /** `modSecurity`: no WAF in Gateway API. */
  MOD_SECURITY = 'modSecurity',
  /** `proxyBodySize`. */
  PROXY_BODY_SIZE = 'proxyBodySize',
  /** `proxyConnectTimeout`. */
  PROXY_CONNECT_TIMEOUT = 'proxyConnectTimeout',
  /** `proxySendTimeout`. */
  PROXY_SEND_TIMEOUT = 'proxySendTimeout',
  /** `allowSourceRanges`: data-plane policy (e.g. Envoy Gateway SecurityPolicy authorization). */
  ALLOW_SOURCE_RANGES = 'allowSourceRanges',
  /** `backendProtocol` other than HTTP (gRPC is a GRPCRoute; HTTPS a BackendTLSPolicy). */
  BACKEND_PROTOCOL = 'backendProtocol',
  /** `canary.cookie`: cookie matches are not in the standard channel. */
  CANARY_COOKIE = 'canary.cookie',
  /** `annotations` (raw ingress-nginx annotations). */
  ANNOTATIONS = 'annotations',
}

/**
 * Where a route's TLS certificate comes from.
 *
 * @example
 * RouteTls.fromSecret('shop-tls');
 * RouteTls.certManager('letsencrypt', CertManagerIssuerKind.CLUSTER_ISSUER);
 */
export class RouteTls {
  /** An existing `kubernetes.io/tls` Secret in the route's namespace. */
  public static fromSecret(secretName: string): RouteTls {
    return new RouteTls(secretName, undefined, undefined);
  }

  /**
   * A certificate cert-manager issues from the Ingress annotation (ingress-shim) into `secretName`.
   * @param secretName @default - "<route name>-tls"
   */
  public static certManager(issuer: string, kind: CertManagerIssuerKind, secretName?: string): RouteTls {
    return new RouteTls(secretName, issuer, kind);
  }

  /** The Secret holding the certificate; undefined means `<route name>-tls`. */
  public readonly secretName?: string;
  /** The cert-manager issuer, when cert-manager issues the certificate. */
  public readonly issuer?: string;
  /** The issuer's kind. */
  public readonly issuerKind?: CertManagerIssuerKind;

  private constructor(secretName?: string, issuer?: string, issuerKind?: CertManagerIssuerKind) {
    this.secretName = secretName;
    this.issuer = issuer;
    this.issuerKind = issuerKind;
  }
}

/**
 * Marks a route as the canary of the route with the same gateway, hosts and paths (its primary).
 * ingress-nginx: a second Ingress with `canary` annotations; HTTPRoute: weighted backendRefs (and a
 * header-matched rule) in the primary's HTTPRoute.
 */
export interface CanaryOptions {
  /** Percent of requests (of `weightTotal`) sent to the canary. @default - none @see canary-weight */
  readonly weight?: number;
  /** Total of the weights. @default 100 @see canary-weight-total */
  readonly weightTotal?: number;
  /** Header sending a request to the canary when it is `always` (or `headerValue`). @see canary-by-header */
  readonly header?: string;
  /** Header value selecting the canary. @see canary-by-header-value */
  readonly headerValue?: string;
  /** Regular expression of header values selecting the canary. @see canary-by-header-pattern */
  readonly headerPattern?: string;
  /** Cookie sending a request to the canary when it is `always`. @see canary-by-cookie */
  readonly cookie?: string;
}

/** Rate limits per client IP. @see limit-rps, limit-rpm, limit-connections */
export interface RateLimitOptions {
  /** Requests per second. @see limit-rps */
  readonly rps?: number;
  /** Requests per minute. @see limit-rpm */
  readonly rpm?: number;
  /** Concurrent connections. @see limit-connections */
  readonly connections?: number;
  /** Burst as a multiple of the limit. @default 5 (controller default) @see limit-burst-multiplier */
  readonly burstMultiplier?: number;
  /** Client CIDRs exempt from the limits. @see limit-allowlist */
  readonly allowList?: string[];
}

/** Basic authentication from an htpasswd Secret. @see auth-type, auth-secret */
export interface BasicAuthOptions {
  /** Secret (in the route's namespace) with an `auth` key in htpasswd format. */
  readonly secretName: string;
  /** Realm shown by browsers. @default - the controller's @see auth-realm */
  readonly realm?: string;
}

/** Authentication delegated to an external service. @see auth-url */
export interface ExternalAuthOptions {
  /** URL called for every request; 2xx lets it through. @see auth-url */
  readonly url: string;
  /** Where to send a client that is not authenticated. @see auth-signin */
  readonly signinUrl?: string;
  /** Headers of the auth response passed to the backend. @see auth-response-headers */
  readonly responseHeaders?: string[];
}

/** Cross-origin resource sharing. @see enable-cors */
export interface CorsOptions {
  /** Allowed origins, each `scheme://host[:port]` (host may start with `*.`), or `*`. @default - every origin ("*") @see cors-allow-origin */
  readonly allowOrigins?: string[];
  /** Allowed methods. @default - the controller's @see cors-allow-methods */
  readonly allowMethods?: string[];
  /** Allowed request headers. @default - the controller's @see cors-allow-headers */
  readonly allowHeaders?: string[];
  /** Response headers exposed to scripts. @see cors-expose-headers */
  readonly exposeHeaders?: string[];
  /** Allow credentials. @default - the controller's (true) @see cors-allow-credentials */
  readonly allowCredentials?: boolean;
  /** Seconds a preflight response is cached. @see cors-max-age */
  readonly maxAge?: number;
}

/** ModSecurity web application firewall. @see enable-modsecurity */
export interface ModSecurityOptions {
  /** Turn ModSecurity on for the route. @default true */
  readonly enabled?: boolean;
  /** Load the OWASP core rule set. @default false @see enable-owasp-core-rules */
  readonly owaspCoreRules?: boolean;
}
