import { Construct, IConstruct } from 'constructs';
import type { NginxIngress } from './nginx-ingress';
import { compareStrings } from '../common/_compare';
import { ruleScope } from '../common/_rule-scope';

const REGISTRY_ID = 'NginxIngressRules';

/**
 * Holds every NginxIngress of an App and checks, once per App, that no two of them claim the
 * same cluster-wide identity (ingress-nginx#7557, #9292: two controllers overwriting each
 * other's ClusterRole, IngressClass or webhook, or fighting over one leader Lease).
 *
 * Controllers that a KsGateway owns are checked by the gateway rules instead, with KubeSphere's
 * vocabulary; pairs of such controllers are skipped here.
 * @internal
 */
export class ControllerRegistry extends Construct {
  /** The registry of the App `scope` belongs to (created on first use). */
  public static of(scope: IConstruct): ControllerRegistry {
    const root = ruleScope(scope);
    return (root.node.tryFindChild(REGISTRY_ID) as ControllerRegistry | undefined) ?? new ControllerRegistry(root as Construct, REGISTRY_ID);
  }

  private readonly controllers: NginxIngress[] = [];
  private readonly checkedElsewhere = new Set<NginxIngress>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.validateRules() });
  }

  /** Adds a controller. */
  public register(controller: NginxIngress): void {
    this.controllers.push(controller);
  }

  /** Marks a controller whose identities another registry checks (a KsGateway's). */
  public checkedByGatewayRules(controller: NginxIngress): void {
    this.checkedElsewhere.add(controller);
  }

  private validateRules(): string[] {
    const all = [...this.controllers].sort((a, b) => compareStrings(a.node.path, b.node.path));
    const problems: string[] = [];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i], all[j]];
        // Host-bound pods on the same nodes would bind the same host ports (gateways too); only
        // disjoint node selectors tell us they never meet.
        if (a.bindsHostPorts && b.bindsHostPorts && sameMap(a.nodeSelector, b.nodeSelector)) {
          problems.push(`${a.node.path} and ${b.node.path} both bind host ports 80 and 443 on the nodes selected by ${JSON.stringify(a.nodeSelector)}: `
            + 'the second pod on a node cannot start; give them disjoint nodeSelectors');
        }
        if (this.checkedElsewhere.has(a) && this.checkedElsewhere.has(b)) continue;
        const shared = sharedIdentities(a, b);
        if (shared.length > 0) {
          problems.push(`${a.node.path} and ${b.node.path} would both claim ${shared.join(', ')}: `
            + 'the last one applied would take them over; give one of them another releaseName or fullnameOverride, ingressClassResource and electionId');
        }
      }
    }
    return problems;
  }
}

function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** What two controllers would both render or claim. */
function sharedIdentities(a: NginxIngress, b: NginxIngress): string[] {
  const shared: string[] = [];
  if (a.names.fullname === b.names.fullname) shared.push(`ClusterRole ${JSON.stringify(a.names.fullname)}`);
  if (a.namespace === b.namespace && a.names.controller === b.names.controller) {
    shared.push(`the objects named ${JSON.stringify(a.names.controller)} in namespace ${JSON.stringify(a.namespace)}`);
  }
  if (a.ingressClassName !== undefined && a.ingressClassName === b.ingressClassName) shared.push(`IngressClass ${JSON.stringify(a.ingressClassName)}`);
  if (a.controllerClass === b.controllerClass) shared.push(`controller class ${JSON.stringify(a.controllerClass)}`);
  if (a.namespace === b.namespace && a.electionId === b.electionId) shared.push(`leader Lease ${JSON.stringify(`${a.namespace}/${a.electionId}`)}`);
  if (a.webhookConfigurationName !== undefined && a.webhookConfigurationName === b.webhookConfigurationName) {
    shared.push(`ValidatingWebhookConfiguration ${JSON.stringify(a.webhookConfigurationName)}`);
  }
  return shared;
}
