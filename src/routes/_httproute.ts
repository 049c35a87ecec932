/**
 * Renders a route as a Gateway API HTTPRoute (gateway.networking.k8s.io/v1, standard channel),
 * attached by parentRefs to a named Gateway. A canary route adds weighted backendRefs (and a
 * header-matched rule) to its primary's HTTPRoute. Options the standard channel cannot express
 * are errors unless listed in `acceptDropped`; each one lands in the migration report.
 */
import { Lazy } from 'cdk8s';
import { RouteModel, RouteRenderer } from './_model';
import { RouteRegistry } from './_registry';
import { GatewayApiParentOptions } from './route-gateway';
import { MigrationEntry } from './route-migration-report';
import { RouteOption, RoutePathType } from './route-options';
import * as gw from '../../imports/gateway.networking.k8s.io';

/** Options the standard channel has no field for, and why. */
const UNTRANSLATABLE: { readonly [option: string]: (r: RouteModel) => boolean } = {
  [RouteOption.RATE_LIMIT]: (r) => r.rateLimit !== undefined,
  [RouteOption.BASIC_AUTH]: (r) => r.basicAuth !== undefined,
  [RouteOption.EXTERNAL_AUTH]: (r) => r.externalAuth !== undefined,
  [RouteOption.MOD_SECURITY]: (r) => r.modSecurity !== undefined && (r.modSecurity.enabled ?? true),
  [RouteOption.PROXY_BODY_SIZE]: (r) => r.proxyBodySize !== undefined,
  [RouteOption.PROXY_CONNECT_TIMEOUT]: (r) => r.proxyConnectTimeout !== undefined,
  [RouteOption.PROXY_SEND_TIMEOUT]: (r) => r.proxySendTimeout !== undefined,
  [RouteOption.ALLOW_SOURCE_RANGES]: (r) => r.allowSourceRanges !== undefined,
  [RouteOption.BACKEND_PROTOCOL]: (r) => r.backendProtocol !== undefined && r.backendProtocol !== 'HTTP',
  [RouteOption.CANARY_COOKIE]: (r) => r.canary?.cookie !== undefined,
  [RouteOption.ANNOTATIONS]: (r) => Object.keys(r.annotations).length > 0,
};

/** ingress-nginx's CORS defaults (annotations/cors/main.go defaultCorsMethods, defaultCorsHeaders). */
const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
const CORS_HEADERS = ['DNT', 'Keep-Alive', 'User-Agent', 'X-Requested-With', 'If-Modified-Since', 'Cache-Control', 'Content-Type', 'Range', 'Authorization'];

/** Where Envoy Gateway (v1.9) takes each dropped option: the next data plane's policy kinds. */
const ENVOY_GATEWAY: { readonly [option: string]: string } = {
  [RouteOption.RATE_LIMIT]: 'BackendTrafficPolicy rateLimit.local (counted per Envoy replica)',
  [RouteOption.BASIC_AUTH]: 'SecurityPolicy basicAuth (Secret key ".htpasswd", {SHA} hashes only)',
  [RouteOption.EXTERNAL_AUTH]: 'SecurityPolicy extAuth',
  [RouteOption.MOD_SECURITY]: 'no WAF ships; EnvoyExtensionPolicy ext-proc, Wasm or a dynamic module',
  [RouteOption.PROXY_BODY_SIZE]: 'BackendTrafficPolicy requestBuffer.limit (buffers the whole request)',
  [RouteOption.PROXY_CONNECT_TIMEOUT]: 'BackendTrafficPolicy timeout.tcp.connectTimeout',
  [RouteOption.ALLOW_SOURCE_RANGES]: 'SecurityPolicy authorization rules with clientCIDRs',
  [RouteOption.CANARY_COOKIE]: 'HTTPRouteFilter matches[].cookies through an extensionRef filter',
};

const GATEWAY_HAS_NO_FIELD = 'Gateway API standard channel has no field for it (implementation policies differ per data plane)';

/** Gateway API: one HTTPRoute per primary route (plus one for the https redirect). @internal */
export class HttpRouteRenderer implements RouteRenderer {
  constructor(private readonly parent: GatewayApiParentOptions) {}

  public problems(r: RouteModel): string[] {
    const problems: string[] = [];
    for (const [option, used] of Object.entries(UNTRANSLATABLE)) {
      if (used(r) && !r.acceptDropped.includes(option)) {
        problems.push(`${option} cannot be expressed by a Gateway API HTTPRoute (${GATEWAY_HAS_NO_FIELD}): add RouteOption.${enumName(option)} to acceptDropped to drop it, or expose through an ingress-nginx gateway`);
      }
    }
    const methods = Object.values(gw.HttpRouteSpecRulesFiltersCorsAllowMethods) as string[];
    (r.cors?.allowMethods ?? []).forEach((m, i) => {
      if (!methods.includes(m)) problems.push(`cors.allowMethods[${i}] must be one of ${methods.join(', ')} on an HTTPRoute (got ${JSON.stringify(m)})`);
    });
    if (r.rewriteTarget?.includes('$')) {
      problems.push(`rewriteTarget with capture groups cannot be expressed by an HTTPRoute URLRewrite (only a full path or a prefix replacement) (got ${JSON.stringify(r.rewriteTarget)})`);
    }
    if (r.pathType === RoutePathType.IMPLEMENTATION_SPECIFIC && r.rewriteTarget !== undefined) {
      problems.push('rewriteTarget cannot be combined with pathType IMPLEMENTATION_SPECIFIC on an HTTPRoute (URLRewrite needs a prefix or exact path)');
    }
    return problems;
  }

  public render(r: RouteModel): void {
    if (r.canary) return; // rendered into the primary's HTTPRoute
    const parentRef = (sectionName?: string) => ({
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: this.parent.name,
      ...(this.parent.namespace ? { namespace: this.parent.namespace } : {}),
      ...(sectionName ? { sectionName } : {}),
    });
    const registry = RouteRegistry.of(r.scope);
    new gw.HttpRoute(r.scope, 'HTTPRoute', {
      metadata: { name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) },
      spec: {
        parentRefs: [parentRef(this.parent.sectionName)],
        hostnames: r.hosts,
        rules: Lazy.any({ produce: () => this.rules(r, registry.canariesOf(r)) }),
      },
    });
    if (r.sslRedirect) {
      new gw.HttpRoute(r.scope, 'HTTPSRedirect', {
        metadata: { name: `${r.name}-https-redirect`, ...(r.namespace ? { namespace: r.namespace } : {}) },
        spec: {
          parentRefs: [parentRef(this.parent.httpSectionName ?? 'http')],
          hostnames: r.hosts,
          rules: [{
            filters: [{
              type: gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
              requestRedirect: {
                scheme: gw.HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS,
                statusCode: gw.HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
              },
            }],
          }],
        },
      });
    }
  }

  public report(r: RouteModel): MigrationEntry[] {
    const route = r.scope.node.path;
    const out: MigrationEntry[] = [];
    const entry = (option: string, outcome: string, detail: string) => out.push({ route, option, outcome, detail });
    for (const [option, used] of Object.entries(UNTRANSLATABLE)) {
      if (used(r)) entry(option, 'dropped', `accepted in acceptDropped: ${GATEWAY_HAS_NO_FIELD}${ENVOY_GATEWAY[option] ? `; Envoy Gateway: ${ENVOY_GATEWAY[option]}` : ''}`);
    }
    if (r.tls) {
      entry('tls', 'moved', `an HTTPRoute carries no certificate: the Gateway's https listener must reference Secret ${JSON.stringify(r.tls.secretName)}${r.tls.issuer ? ` (cert-manager: annotate the Gateway with the ${r.tls.issuerKind} ${JSON.stringify(r.tls.issuer)})` : ''}`);
    }
    if (r.sslRedirect) entry('sslRedirect', 'translated', `HTTPRoute ${r.name}-https-redirect on listener ${JSON.stringify(this.parent.httpSectionName ?? 'http')}: RequestRedirect scheme https, 301`);
    if (r.hsts) entry('hsts', 'translated', 'ResponseHeaderModifier sets Strict-Transport-Security: max-age=31536000; includeSubDomains');
    if (r.canary) entry('canary', 'translated', `weighted backendRefs${r.canary.header ? ' and a header-matched rule' : ''} in the primary's HTTPRoute`);
    if (r.cors) entry('cors', 'translated', 'CORS filter (Extended support) with ingress-nginx\'s defaults written out for what is not set');
    if (r.rewriteTarget) entry('rewriteTarget', 'translated', `URLRewrite ReplaceFullPath ${JSON.stringify(r.rewriteTarget)}`);
    if (r.appRoot) entry('appRoot', 'translated', `rule for exact "/" with RequestRedirect ReplaceFullPath ${JSON.stringify(r.appRoot)}, 302`);
    if (r.proxyReadTimeout !== undefined) entry('proxyReadTimeout', 'translated', `timeouts.backendRequest "${r.proxyReadTimeout}s" (bounds the whole backend request, not the gap between two reads)`);
    return out;
  }

  private rules(r: RouteModel, canaries: RouteModel[]): any[] {
    const pathType = r.pathType === RoutePathType.PREFIX ? gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX
      : r.pathType === RoutePathType.EXACT ? gw.HttpRouteSpecRulesMatchesPathType.EXACT : gw.HttpRouteSpecRulesMatchesPathType.REGULAR_EXPRESSION;
    const headers = Object.entries(r.headers).map(([name, value]) => ({ type: gw.HttpRouteSpecRulesMatchesHeadersType.EXACT, name, value }));
    const matches = (extra: any[] = []) => r.paths.map((value) => ({
      path: { type: pathType, value },
      ...(headers.length + extra.length > 0 ? { headers: [...headers, ...extra] } : {}),
    }));
    const backend = (m: RouteModel, weight?: number) => ({ name: m.serviceName, port: m.port, ...(weight !== undefined ? { weight } : {}) });
    const filters: any[] = [];
    if (r.hsts) {
      filters.push({
        type: gw.HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER,
        responseHeaderModifier: { set: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }] },
      });
    }
    if (r.cors) {
      // ingress-nginx's defaults (annotations/cors/main.go), written out: Gateway API's differ.
      filters.push({
        type: gw.HttpRouteSpecRulesFiltersType.CORS,
        cors: {
          allowOrigins: r.cors.allowOrigins ?? ['*'],
          allowMethods: r.cors.allowMethods ?? CORS_METHODS,
          allowHeaders: r.cors.allowHeaders ?? CORS_HEADERS,
          ...(r.cors.exposeHeaders ? { exposeHeaders: r.cors.exposeHeaders } : {}),
          allowCredentials: r.cors.allowCredentials ?? true,
          maxAge: r.cors.maxAge ?? 1728000,
        },
      });
    }
    if (r.rewriteTarget !== undefined) {
      filters.push({
        type: gw.HttpRouteSpecRulesFiltersType.URL_REWRITE,
        urlRewrite: { path: { type: gw.HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_FULL_PATH, replaceFullPath: r.rewriteTarget } },
      });
    }
    const common = {
      ...(filters.length > 0 ? { filters } : {}),
      ...(r.proxyReadTimeout !== undefined ? { timeouts: { backendRequest: `${r.proxyReadTimeout}s` } } : {}),
    };
    const rules: any[] = [];
    if (r.appRoot !== undefined) {
      rules.push({
        matches: [{ path: { type: gw.HttpRouteSpecRulesMatchesPathType.EXACT, value: '/' } }],
        filters: [{
          type: gw.HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
          requestRedirect: {
            path: { type: gw.HttpRouteSpecRulesFiltersRequestRedirectPathType.REPLACE_FULL_PATH, replaceFullPath: r.appRoot },
            statusCode: gw.HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_302,
          },
        }],
      });
    }
    for (const c of canaries) {
      const o = c.canary!;
      if (o.header === undefined) continue;
      const header = o.headerPattern !== undefined
        ? { type: gw.HttpRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION, name: o.header, value: o.headerPattern }
        : { type: gw.HttpRouteSpecRulesMatchesHeadersType.EXACT, name: o.header, value: o.headerValue ?? 'always' };
      rules.push({ matches: matches([header]), ...common, backendRefs: [backend(c)] });
    }
    const weighted = canaries.filter((c) => c.canary!.weight !== undefined);
    if (weighted.length === 0) {
      rules.push({ matches: matches(), ...common, backendRefs: [backend(r)] });
    } else {
      const total = weighted[0].canary!.weightTotal ?? 100;
      const canaryWeight = weighted.reduce((sum, c) => sum + c.canary!.weight!, 0);
      rules.push({
        matches: matches(),
        ...common,
        backendRefs: [backend(r, Math.max(0, total - canaryWeight)), ...weighted.map((c) => backend(c, c.canary!.weight))],
      });
    }
    return rules;
  }
}

function enumName(option: string): string {
  return option.replace('.', '_').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
