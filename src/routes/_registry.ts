import { Construct, IConstruct } from 'constructs';
import { RouteModel, RouteRenderer } from './_model';
import { RouteDataPlane } from './route-gateway';
import { MigrationEntry } from './route-migration-report';
import { compareStrings } from '../common/_compare';
import { ruleScope } from '../common/_rule-scope';

const REGISTRY_ID = 'RouteRules';

/** A route as the whole-app rules see it. @internal */
export interface RegisteredRoute {
  readonly model: RouteModel;
  /** Names the gateway (RouteGateway.key). */
  readonly gatewayKey: string;
  readonly renderer: RouteRenderer;
  /** ingress-nginx takes one canary Ingress per host and path; an HTTPRoute takes several backends. */
  readonly oneCanary: boolean;
  /** What the route renders to, for what a conflict does there. */
  readonly dataPlane: RouteDataPlane;
}

/**
 * Every route of an App; checks the rules that span routes once per App: one route per host and
 * path on a gateway, no canary without its primary, no https redirect or HSTS on a host that has
 * no certificate on that gateway, one certificate per host. In a Fleet, a gateway is one cluster's.
 * @internal
 */
export class RouteRegistry extends Construct {
  public static of(scope: IConstruct): RouteRegistry {
    const root = scope.node.root;
    return (root.node.tryFindChild(REGISTRY_ID) as RouteRegistry | undefined) ?? new RouteRegistry(root as Construct, REGISTRY_ID);
  }

  /**
   * The gateway a route attaches to, within its cluster: a Gateway API parent is named by namespace
   * and name only, and two clusters of a Fleet may each have a Gateway of that name.
   */
  private static gatewayOf(r: RegisteredRoute): string {
    const cluster = ruleScope(r.model.scope);
    return cluster === r.model.scope.node.root ? r.gatewayKey : `${r.gatewayKey} in ${cluster.node.path}`;
  }

  private readonly routes: RegisteredRoute[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.validateRules() });
  }

  public register(route: RegisteredRoute): void {
    this.routes.push(route);
  }

  /** Routes sorted by construct path (independent of construction order). */
  public get all(): RegisteredRoute[] {
    return [...this.routes].sort((a, b) => compareStrings(a.model.scope.node.path, b.model.scope.node.path));
  }

  /** The canaries of a primary route: same gateway, hosts and paths. */
  public canariesOf(primary: RouteModel): RouteModel[] {
    const mine = this.all.find((r) => r.model === primary);
    if (!mine) return [];
    const key = hostPathKeys(primary).join(' ');
    const gateway = RouteRegistry.gatewayOf(mine);
    return this.all.filter((r) => r.model.canary && RouteRegistry.gatewayOf(r) === gateway && hostPathKeys(r.model).join(' ') === key).map((r) => r.model);
  }

  public migrationEntries(): MigrationEntry[] {
    return this.all.flatMap((r) => r.renderer.report(r.model));
  }

  private validateRules(): string[] {
    const problems: string[] = [];
    const byGateway = new Map<string, RegisteredRoute[]>();
    for (const r of this.all) {
      const gateway = RouteRegistry.gatewayOf(r);
      const list = byGateway.get(gateway);
      if (list) list.push(r);
      else byGateway.set(gateway, [r]);
    }
    for (const [gateway, routes] of [...byGateway.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      const claimed = new Map<string, string>();
      const canaries = new Map<string, string>();
      for (const r of routes) {
        if (r.model.canary && !r.oneCanary) continue;
        const into = r.model.canary ? canaries : claimed;
        for (const key of hostPathKeys(r.model)) {
          const first = into.get(key);
          if (first !== undefined) {
            const effect = r.dataPlane === RouteDataPlane.GATEWAY_API
              ? 'the Gateway serves only the oldest HTTPRoute\'s rule (Gateway API precedence: creation time), so which one depends on apply order'
              : 'ingress-nginx merges them unpredictably';
            problems.push(`routes ${first} and ${r.model.scope.node.path} both claim ${key} on ${gateway}${r.model.canary ? ' as canaries' : ''}: ${effect}; give each host and path one route`);
          } else {
            into.set(key, r.model.scope.node.path);
          }
        }
      }
      for (const r of routes.filter((x) => x.model.canary)) {
        const missing = hostPathKeys(r.model).filter((k) => !claimed.has(k));
        if (missing.length > 0) {
          problems.push(`canary route ${r.model.scope.node.path} has no primary route for ${missing.join(', ')} on ${gateway}: declare the primary route with the same hosts and paths`);
        }
      }
      const certified = new Map<string, [string, string]>();
      for (const r of routes) {
        if (!r.model.tls) continue;
        for (const h of r.model.hosts) {
          const first = certified.get(h);
          const secret = r.model.tls.secretName;
          if (first === undefined) {
            certified.set(h, [secret, r.model.scope.node.path]);
          } else if (first[0] !== secret) {
            problems.push(`routes ${first[1]} and ${r.model.scope.node.path} give host ${h} different certificates (${JSON.stringify(first[0])}, ${JSON.stringify(secret)}) `
              + `on ${gateway}: a host has one certificate; use the same Secret`);
          }
        }
      }
      for (const r of routes) {
        const wanting = r.model.sslRedirect || r.model.hsts ? r.model.hosts.filter((h) => !certified.has(h)) : [];
        if (wanting.length > 0) {
          problems.push(`route ${r.model.scope.node.path} ${r.model.sslRedirect ? 'redirects to https' : 'sends HSTS'} for ${wanting.join(', ')} but no route gives that host a certificate on ${gateway}: set tls`);
        }
      }
    }
    return problems;
  }
}

/** `host/path` keys of a route, sorted. */
function hostPathKeys(r: RouteModel): string[] {
  return r.hosts.flatMap((h) => r.paths.map((p) => `${h}${p}`)).sort(compareStrings);
}
