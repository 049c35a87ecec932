/**
 * The route model, defined once for every data plane: what a route says (hosts, paths, TLS,
 * canary, limits, auth...), independent of how a gateway is told. Renderers (_ingress.ts for
 * ingress-nginx, _httproute.ts for Gateway API) implement {@link RouteRenderer}.
 */
import { Construct } from 'constructs';
import { MigrationEntry } from './route-migration-report';
import {
  BackendProtocol, BasicAuthOptions, CanaryOptions, CertManagerIssuerKind, CorsOptions, ExternalAuthOptions,
  ModSecurityOptions, RateLimitOptions, RoutePathType,
} from './route-options';

/** A route, normalized. @internal */
export interface RouteModel {
  readonly scope: Construct;
  readonly name: string;
  readonly namespace?: string;
  readonly serviceName: string;
  readonly port: number;
  readonly hosts: string[];
  readonly paths: string[];
  readonly pathType: RoutePathType;
  readonly headers: { readonly [name: string]: string };
  readonly tls?: { readonly secretName: string; readonly issuer?: string; readonly issuerKind?: CertManagerIssuerKind };
  readonly sslRedirect?: boolean;
  readonly hsts?: boolean;
  readonly canary?: CanaryOptions;
  readonly rateLimit?: RateLimitOptions;
  readonly basicAuth?: BasicAuthOptions;
  readonly externalAuth?: ExternalAuthOptions;
  readonly cors?: CorsOptions;
  readonly rewriteTarget?: string;
  readonly appRoot?: string;
  readonly backendProtocol?: BackendProtocol;
  readonly proxyBodySize?: string;
  readonly proxyConnectTimeout?: number;
  readonly proxyReadTimeout?: number;
  readonly proxySendTimeout?: number;
  readonly allowSourceRanges?: string[];
  readonly modSecurity?: ModSecurityOptions;
  readonly annotations: { readonly [key: string]: string };
  readonly acceptDropped: string[];
}

/** Renders a route for one data plane. @internal */
export interface RouteRenderer {
  /** Problems of this route on this data plane (messages `field ...`). */
  problems(route: RouteModel): string[];
  /** Creates the objects. */
  render(route: RouteModel): void;
  /** How each option was translated (empty for a data plane that takes every option). */
  report(route: RouteModel): MigrationEntry[];
}

/** The nginx annotation prefix. */
export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

/** One annotation and the option that asked for it. @internal */
export interface AnnotationEntry {
  readonly option: string;
  readonly key: string;
  readonly value: string;
}

/** The ingress-nginx annotations a route's typed options compile to, then the raw ones. @internal */
export function nginxAnnotations(r: RouteModel): AnnotationEntry[] {
  const out: AnnotationEntry[] = [];
  const add = (option: string, name: string, value: string | number | boolean | undefined) => {
    if (value === undefined) return;
    out.push({ option, key: NGINX_PREFIX + name, value: String(value) });
  };
  if (r.pathType === RoutePathType.IMPLEMENTATION_SPECIFIC) add('pathType', 'use-regex', true);
  add('sslRedirect', 'ssl-redirect', r.sslRedirect);
  const c = r.canary;
  if (c) {
    add('canary', 'canary', true);
    add('canary.weight', 'canary-weight', c.weight);
    add('canary.weightTotal', 'canary-weight-total', c.weightTotal);
    add('canary.header', 'canary-by-header', c.header);
    add('canary.headerValue', 'canary-by-header-value', c.headerValue);
    add('canary.headerPattern', 'canary-by-header-pattern', c.headerPattern);
    add('canary.cookie', 'canary-by-cookie', c.cookie);
  }
  const l = r.rateLimit;
  if (l) {
    add('rateLimit.rps', 'limit-rps', l.rps);
    add('rateLimit.rpm', 'limit-rpm', l.rpm);
    add('rateLimit.connections', 'limit-connections', l.connections);
    add('rateLimit.burstMultiplier', 'limit-burst-multiplier', l.burstMultiplier);
    add('rateLimit.allowList', 'limit-allowlist', l.allowList?.join(','));
  }
  if (r.basicAuth) {
    add('basicAuth', 'auth-type', 'basic');
    add('basicAuth.secretName', 'auth-secret', r.basicAuth.secretName);
    add('basicAuth.realm', 'auth-realm', r.basicAuth.realm);
  }
  if (r.externalAuth) {
    add('externalAuth.url', 'auth-url', r.externalAuth.url);
    add('externalAuth.signinUrl', 'auth-signin', r.externalAuth.signinUrl);
    add('externalAuth.responseHeaders', 'auth-response-headers', r.externalAuth.responseHeaders?.join(','));
  }
  if (r.cors) {
    add('cors', 'enable-cors', true);
    add('cors.allowOrigins', 'cors-allow-origin', r.cors.allowOrigins?.join(','));
    add('cors.allowMethods', 'cors-allow-methods', r.cors.allowMethods?.join(','));
    add('cors.allowHeaders', 'cors-allow-headers', r.cors.allowHeaders?.join(','));
    add('cors.exposeHeaders', 'cors-expose-headers', r.cors.exposeHeaders?.join(','));
    add('cors.allowCredentials', 'cors-allow-credentials', r.cors.allowCredentials);
    add('cors.maxAge', 'cors-max-age', r.cors.maxAge);
  }
  add('rewriteTarget', 'rewrite-target', r.rewriteTarget);
  add('appRoot', 'app-root', r.appRoot);
  add('backendProtocol', 'backend-protocol', r.backendProtocol);
  add('proxyBodySize', 'proxy-body-size', r.proxyBodySize);
  add('proxyConnectTimeout', 'proxy-connect-timeout', r.proxyConnectTimeout);
  add('proxyReadTimeout', 'proxy-read-timeout', r.proxyReadTimeout);
  add('proxySendTimeout', 'proxy-send-timeout', r.proxySendTimeout);
  add('allowSourceRanges', 'allowlist-source-range', r.allowSourceRanges?.join(','));
  if (r.modSecurity) {
    add('modSecurity.enabled', 'enable-modsecurity', r.modSecurity.enabled ?? true);
    add('modSecurity.owaspCoreRules', 'enable-owasp-core-rules', r.modSecurity.owaspCoreRules);
  }
  for (const [key, value] of Object.entries(r.annotations)) {
    out.push({ option: `annotations[${JSON.stringify(key)}]`, key, value });
  }
  return out;
}
