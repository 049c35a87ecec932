import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { HttpRouteRenderer } from './_httproute';
import { IngressRenderer } from './_ingress';
import { RouteModel, RouteRenderer } from './_model';
import { RouteRegistry } from './_registry';
import { nginxTarget } from './_target';
import { RouteDataPlane, RouteGateway } from './route-gateway';
import {
  BackendProtocol, BasicAuthOptions, CanaryOptions, CorsOptions, ExternalAuthOptions, ModSecurityOptions,
  RateLimitOptions, RouteOption, RoutePathType, RouteTls,
} from './route-options';
import { checkProps } from '../common/_shape';
import { Problems, isCidr, isDnsSubdomain, parseQuantity, show } from '../common/_validation';

/** Options a canary route inherits from its primary: set on the canary, they would be ignored. */
const CANARY_INHERITS = [
  'headers', 'tls', 'sslRedirect', 'hsts', 'rateLimit', 'basicAuth', 'externalAuth', 'cors', 'rewriteTarget', 'appRoot',
  'backendProtocol', 'proxyBodySize', 'proxyConnectTimeout', 'proxyReadTimeout', 'proxySendTimeout', 'allowSourceRanges', 'modSecurity',
];

/** What both ingress-nginx (cors/main.go corsOriginRegex) and Gateway API accept as a CORS origin. */
const CORS_ORIGIN = /^(\*|https?:\/\/(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?)$/;
const CORS_TOKEN = /^([A-Za-z0-9_-]+|\*)$/;

/** Props of {@link ExposedService}. */
export interface ExposedServiceProps {
  /** The Service to expose. */
  readonly service: kplus.Service;
  /** The gateway serving the route; it decides what is rendered (Ingress or HTTPRoute). */
  readonly gateway: RouteGateway;
  /** Host names. @see Ingress rules[].host, HTTPRoute hostnames */
  readonly hosts: string[];
  /** Paths. @default ["/"] */
  readonly paths?: string[];
  /** How paths match. @default RoutePathType.PREFIX */
  readonly pathType?: RoutePathType;
  /** Service port. @default - the Service's first port */
  readonly port?: number;
  /** Name of the Ingress / HTTPRoute. @default - the Service's name, plus "-canary" for a canary */
  readonly name?: string;
  /** Request headers that must match exactly (HTTPRoute only). @default - none */
  readonly headers?: { [name: string]: string };
  /** TLS certificate. @default - no TLS on this route */
  readonly tls?: RouteTls;
  /** Redirect http to https. @default - the gateway's (ingress-nginx: on when the route has TLS) @see ssl-redirect */
  readonly sslRedirect?: boolean;
  /** Require HSTS on the route's responses. @default false @see ConfigMap hsts (ingress-nginx sends it per gateway) */
  readonly hsts?: boolean;
  /** Makes this route the canary of the route with the same gateway, hosts and paths. @default - a primary route */
  readonly canary?: CanaryOptions;
  /** Rate limits. @default - none */
  readonly rateLimit?: RateLimitOptions;
  /** Basic authentication. @default - none */
  readonly basicAuth?: BasicAuthOptions;
  /** External authentication. @default - none */
  readonly externalAuth?: ExternalAuthOptions;
  /** CORS. @default - off */
  readonly cors?: CorsOptions;
  /** Path the request is rewritten to. @default - unchanged @see rewrite-target */
  readonly rewriteTarget?: string;
  /** Where `/` redirects to. @default - no redirect @see app-root */
  readonly appRoot?: string;
  /** Protocol to the Service. @default BackendProtocol.HTTP @see backend-protocol */
  readonly backendProtocol?: BackendProtocol;
  /** Largest request body, a quantity such as "8m"; "0" for no limit. @default - the gateway's (1m) @see proxy-body-size */
  readonly proxyBodySize?: string;
  /** Seconds to connect to the Service. @default - the gateway's (5) @see proxy-connect-timeout */
  readonly proxyConnectTimeout?: number;
  /** Seconds between two reads from the Service. @default - the gateway's (60) @see proxy-read-timeout */
  readonly proxyReadTimeout?: number;
  /** Seconds between two writes to the Service. @default - the gateway's (60) @see proxy-send-timeout */
  readonly proxySendTimeout?: number;
  /** Client CIDRs allowed; others get 403. @default - every client @see allowlist-source-range */
  readonly allowSourceRanges?: string[];
  /** ModSecurity WAF. @default - off */
  readonly modSecurity?: ModSecurityOptions;
  /**
   * Raw annotations (escape hatch), checked like the typed ones: `nginx.ingress.kubernetes.io/*`
   * keys must exist in ingress-nginx v1.15.1 and pass the gateway's risk level, snippet policy and blocklist.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /** Options a Gateway API HTTPRoute may drop (listed in the migration report). @default - none: dropping is an error */
  readonly acceptDropped?: RouteOption[];
}

/**
 * Exposes a cdk8s-plus Service through a gateway: an ingress-nginx Ingress (with typed, risk-checked
 * annotations) for {@link NginxIngress} and {@link KsGateway}, a Gateway API HTTPRoute for a named
 * Gateway API gateway.
 *
 * @example
 * new ExposedService(chart, 'shop', {
 *   service,
 *   gateway: RouteGateway.ksGateway(demoGateway),
 *   hosts: ['shop.example.com'],
 *   tls: RouteTls.certManager('letsencrypt', CertManagerIssuerKind.CLUSTER_ISSUER),
 *   rateLimit: { rps: 20 },
 * });
 */
export class ExposedService extends Construct {
  /** Name of the Ingress or HTTPRoute. */
  public readonly name: string;
  /** Namespace of the route (the Service's). */
  public readonly namespace?: string;
  /** The Service port routed to. */
  public readonly port: number;
  /** The data plane the route is rendered for. */
  public readonly dataPlane: RouteDataPlane;

  private readonly props: ExposedServiceProps;
  private readonly model: RouteModel;
  private readonly renderer: RouteRenderer;

  constructor(scope: Construct, id: string, props: ExposedServiceProps) {
    super(scope, id);
    // JavaScript callers pass anything: bad parts are reported at synth and dropped before use.
    const shape = checkProps<ExposedServiceProps>('ExposedServiceProps', props);
    props = shape.value;
    this.node.addValidation({ validate: () => shape.problems });
    this.props = props ?? ({} as ExposedServiceProps);
    const p = this.props;
    const service = p.service;
    this.namespace = service?.metadata?.namespace;
    this.name = p.name ?? `${service?.name ?? id}${p.canary ? '-canary' : ''}`;
    this.port = p.port ?? service?.ports?.[0]?.port ?? 0;
    this.dataPlane = p.gateway?.dataPlane ?? RouteDataPlane.INGRESS_NGINX;
    const target = p.gateway ? nginxTarget(p.gateway) : undefined;
    this.model = {
      scope: this,
      name: this.name,
      namespace: this.namespace,
      serviceName: service?.name ?? '',
      port: this.port,
      hosts: Array.isArray(p.hosts) ? [...p.hosts] : [],
      paths: Array.isArray(p.paths) ? [...p.paths] : ['/'],
      pathType: p.pathType ?? RoutePathType.PREFIX,
      headers: p.headers ?? {},
      tls: p.tls ? { secretName: p.tls.secretName ?? `${this.name}-tls`, issuer: p.tls.issuer, issuerKind: p.tls.issuerKind } : undefined,
      sslRedirect: p.sslRedirect,
      hsts: p.hsts,
      canary: p.canary,
      rateLimit: p.rateLimit,
      basicAuth: p.basicAuth,
      externalAuth: p.externalAuth,
      cors: p.cors,
      rewriteTarget: p.rewriteTarget,
      appRoot: p.appRoot,
      backendProtocol: p.backendProtocol,
      proxyBodySize: p.proxyBodySize,
      proxyConnectTimeout: p.proxyConnectTimeout,
      proxyReadTimeout: p.proxyReadTimeout,
      proxySendTimeout: p.proxySendTimeout,
      allowSourceRanges: p.allowSourceRanges,
      modSecurity: p.modSecurity,
      annotations: p.annotations ?? {},
      acceptDropped: p.acceptDropped ?? [],
    };
    this.renderer = target ? new IngressRenderer(target) : new HttpRouteRenderer(p.gateway?.parent ?? { name: '' });
    this.node.addValidation({ validate: () => this.validateProps() });
    if (service && p.gateway) {
      RouteRegistry.of(this).register({
        model: this.model, gatewayKey: p.gateway.key, renderer: this.renderer, oneCanary: target !== undefined, dataPlane: p.gateway.dataPlane,
      });
      this.renderer.render(this.model);
    }
  }

  private validateProps(): string[] {
    const p = this.props;
    const v = new Problems();
    v.check(p.service instanceof kplus.Service, 'service', 'must be a cdk8s-plus Service', p.service === undefined ? undefined : typeof p.service);
    v.check(p.gateway instanceof RouteGateway, 'gateway', 'must be a RouteGateway (RouteGateway.nginxIngress, ksGateway or gatewayApi)', p.gateway === undefined ? undefined : typeof p.gateway);
    if (!(p.service instanceof kplus.Service) || !(p.gateway instanceof RouteGateway)) return v.list;
    const m = this.model;
    if (!Array.isArray(p.hosts) || p.hosts.length === 0) v.add('hosts', 'must name at least one host', p.hosts);
    m.hosts.forEach((h, i) => v.check(typeof h === 'string' && isDnsSubdomain(h.replace(/^\*\./, 'wildcard.')), `hosts[${i}]`, 'must be a DNS name, optionally starting with "*."', h));
    if (p.paths !== undefined && (!Array.isArray(p.paths) || p.paths.length === 0)) v.add('paths', 'must be a non-empty list of paths', p.paths);
    m.paths.forEach((path, i) => v.check(typeof path === 'string' && path.startsWith('/'), `paths[${i}]`, 'must start with "/"', path));
    v.check(Object.values(RoutePathType).includes(m.pathType), 'pathType', `must be one of ${Object.values(RoutePathType).join(', ')}`, m.pathType);
    v.dnsSubdomain('name', this.name);
    const ports = p.service.ports.map((sp) => sp.port);
    if (ports.length === 0) v.add('service', 'has no port: add one to the Service');
    else v.check(ports.includes(this.port), 'port', `must be a port of Service ${show(p.service.name)} (${ports.join(', ')})`, this.port);
    if (p.backendProtocol !== undefined) v.check(Object.values(BackendProtocol).includes(p.backendProtocol), 'backendProtocol', `must be one of ${Object.values(BackendProtocol).join(', ')}`, p.backendProtocol);
    const c = p.canary;
    if (c) {
      v.check(c.weight !== undefined || c.header !== undefined || c.cookie !== undefined, 'canary', 'must set weight, header or cookie');
      v.integer('canary.weight', c.weight, 0, c.weightTotal ?? 100);
      v.integer('canary.weightTotal', c.weightTotal, 1);
      v.check(c.headerValue === undefined || c.header !== undefined, 'canary.headerValue', 'needs canary.header');
      v.check(c.headerPattern === undefined || c.header !== undefined, 'canary.headerPattern', 'needs canary.header');
      v.check(c.headerPattern === undefined || c.headerValue === undefined, 'canary.headerPattern', 'cannot be combined with canary.headerValue (ingress-nginx ignores the pattern)');
    }
    if (c) {
      // ingress-nginx: "all the other non-canary annotations will be ignored (inherited from the
      // corresponding main ingress)"; an HTTPRoute canary is a backendRef of the primary's rules.
      const inherited = CANARY_INHERITS.filter((o) => (p as any)[o] !== undefined);
      if (inherited.length > 0) {
        v.add('canary', `route takes every option but its backend from its primary route: move ${inherited.join(', ')} to the primary`);
      }
    }
    const l = p.rateLimit;
    if (l) {
      v.check(l.rps !== undefined || l.rpm !== undefined || l.connections !== undefined, 'rateLimit', 'must set rps, rpm or connections');
      v.integer('rateLimit.rps', l.rps, 1);
      v.integer('rateLimit.rpm', l.rpm, 1);
      v.integer('rateLimit.connections', l.connections, 1);
      v.integer('rateLimit.burstMultiplier', l.burstMultiplier, 1);
      (l.allowList ?? []).forEach((cidr, i) => v.check(isCidr(cidr), `rateLimit.allowList[${i}]`, 'must be a CIDR', cidr));
    }
    (p.allowSourceRanges ?? []).forEach((cidr, i) => v.check(isCidr(cidr), `allowSourceRanges[${i}]`, 'must be a CIDR', cidr));
    if (p.basicAuth) v.dnsSubdomain('basicAuth.secretName', p.basicAuth.secretName);
    if (p.externalAuth) v.check(typeof p.externalAuth.url === 'string' && /^https?:\/\//.test(p.externalAuth.url), 'externalAuth.url', 'must be an http(s) URL', p.externalAuth.url);
    if (p.proxyBodySize !== undefined) v.check(parseQuantity(p.proxyBodySize) !== undefined, 'proxyBodySize', 'must be a size such as "8m" or "0"', p.proxyBodySize);
    v.integer('proxyConnectTimeout', p.proxyConnectTimeout, 1);
    v.integer('proxyReadTimeout', p.proxyReadTimeout, 1);
    v.integer('proxySendTimeout', p.proxySendTimeout, 1);
    v.integer('cors.maxAge', p.cors?.maxAge, 0);
    (p.cors?.allowOrigins ?? []).forEach((o, i) => v.check(typeof o === 'string' && CORS_ORIGIN.test(o), `cors.allowOrigins[${i}]`,
      'must be "*" or scheme://host[:port], the host optionally starting with "*."', o));
    for (const field of ['allowMethods', 'allowHeaders', 'exposeHeaders'] as const) {
      (p.cors?.[field] ?? []).forEach((h, i) => v.check(typeof h === 'string' && CORS_TOKEN.test(h), `cors.${field}[${i}]`, 'must be a header or method name, or "*"', h));
    }
    if (p.appRoot !== undefined) v.check(p.appRoot.startsWith('/'), 'appRoot', 'must start with "/"', p.appRoot);
    if (m.tls) v.dnsSubdomain('tls.secretName', m.tls.secretName);
    const known = Object.values(RouteOption) as string[];
    m.acceptDropped.forEach((o, i) => v.check(known.includes(o), `acceptDropped[${i}]`, `must be one of ${known.join(', ')}`, o));
    v.annotations('annotations', p.annotations);
    return [...v.list, ...this.renderer.problems(m)];
  }
}
