import { Construct, IConstruct } from 'constructs';
import type { KsGateway } from './ks-gateway';
import { compareStrings } from '../common/_compare';
import { ruleScope } from '../common/_rule-scope';

const REGISTRY_ID = 'KsGatewayRules';

/** One line of the serving report: a namespace and the gateway that serves its Ingresses. */
export interface ServingEntry {
  /** The namespace whose Ingresses are served, or `*` for every namespace. */
  readonly namespace: string;
  /** The gateway's name. */
  readonly gateway: string;
  /** The gateway's construct path. */
  readonly path: string;
  /** Namespace of the gateway's own objects. */
  readonly gatewayNamespace: string;
  /** `Namespace` or `IngressClass`. */
  readonly selection: string;
  /** Which Ingresses of that namespace it serves. */
  readonly ingresses: string;
}

/**
 * Holds every KsGateway of an App and checks the rules that span gateways, once per App.
 * Lives at the root of the construct tree; cdk8s validates it with the rest.
 * @internal
 */
export class GatewayRegistry extends Construct {
  /** The registry of the App `scope` belongs to (created on first use). */
  public static of(scope: IConstruct): GatewayRegistry {
    const root = ruleScope(scope);
    return (root.node.tryFindChild(REGISTRY_ID) as GatewayRegistry | undefined) ?? new GatewayRegistry(root as Construct, REGISTRY_ID);
  }

  private readonly gateways: KsGateway[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.validateRules() });
  }

  /** Adds a gateway. */
  public register(gateway: KsGateway): void {
    this.gateways.push(gateway);
  }

  /** Every registered gateway, sorted by construct path (independent of construction order). */
  public get all(): KsGateway[] {
    return [...this.gateways].sort((a, b) => compareStrings(a.node.path, b.node.path));
  }

  /** Which gateway serves which namespace, sorted by namespace then gateway. */
  public servingReport(): ServingEntry[] {
    const entries: ServingEntry[] = this.all.map((g) => ({
      namespace: g.watchNamespace ?? '*',
      gateway: g.gatewayName,
      path: g.node.path,
      gatewayNamespace: g.namespace,
      selection: g.ingressSelection,
      ingresses: g.ingressClassName
        ? `ingressClassName: ${g.ingressClassName}`
        : 'class-less (and kubernetes.io/ingress.class: nginx)',
    }));
    return entries.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareStrings(a.gateway, b.gateway));
  }

  private validateRules(): string[] {
    const problems: string[] = [];
    const gws = this.all;
    const where = (g: KsGateway) => `${g.gatewayName} (${g.node.path})`;

    // One gateway per project (and one cluster gateway), and nothing shared that must be unique.
    // The IngressClass, controller value and election ID derive from the gateway name: two
    // gateways of one name are reported once, as such, not once per derived value.
    const unique = (what: string, key: (g: KsGateway) => string | undefined, why: string, derived: boolean) => {
      const seen = new Map<string, KsGateway>();
      for (const g of gws) {
        const k = key(g);
        if (k === undefined) continue;
        const first = seen.get(k);
        if (!first) seen.set(k, g);
        else if (!(derived && first.gatewayName === g.gatewayName)) problems.push(`${where(g)} and ${where(first)} share ${what} ${JSON.stringify(k)}: ${why}`);
      }
    };
    unique('the gateway name', (g) => g.gatewayName, 'one gateway per project, and one cluster gateway', false);
    unique('the IngressClass', (g) => g.ingressClassName, 'an IngressClass names exactly one controller', true);
    unique('the controller value', (g) => g.controllerClass, 'both controllers would claim the same IngressClasses', true);
    unique('the election ID', (g) => `${g.namespace}/${g.electionId}`, 'only one of them would be leader and update Ingress status', true);

    // Two gateways serving the same Ingresses: only class-less selection can overlap.
    // A cluster gateway scoped (controller.scope) to the project's namespace overlaps as well.
    const clusterGateways = gws.filter((g) => g.project === undefined && g.ingressClassName === undefined);
    for (const g of gws) {
      if (g.project === undefined || g.ingressClassName !== undefined || g.allowSharedIngresses) continue;
      for (const c of clusterGateways) {
        if (c.watchNamespace !== undefined && c.watchNamespace !== g.watchNamespace) continue;
        problems.push(`${where(g)} and the cluster gateway ${where(c)} would both serve the class-less Ingresses of namespace ${JSON.stringify(g.project)}: `
          + 'KubeSphere refuses this ("can\'t create project gateway if global gateway enabled"); '
          + 'use ingressSelection INGRESS_CLASS on either (CLI: --selection ingress-class), '
          + 'or set allowSharedIngresses: true on the project gateway (CLI: --allow-shared-ingresses) if both should serve them');
      }
    }
    return problems;
  }
}
