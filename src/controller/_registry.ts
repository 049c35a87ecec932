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

  /**
   * Every rule between two controllers, reported per pair in construct-path order. Only pairs that
   * share a node selector (both host-bound) or an identity can break a rule, so candidates come from
   * grouping by those keys: linear in the number of controllers (plus the pairs reported).
   */
  private validateRules(): string[] {
    const all = [...this.controllers].sort((a, b) => compareStrings(a.node.path, b.node.path));
    const problems: string[] = [];
    for (const [i, j] of this.candidatePairs(all)) {
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
    return problems;
  }

  /**
   * The index pairs `[i, j]` (i < j, sorted) of `all` that may break a rule: both host-bound with
   * the same node selector, or sharing one of the keys {@link sharedIdentities} compares (pairs of
   * controllers both checked by the gateway rules excepted).
   */
  private candidatePairs(all: NginxIngress[]): Array<[number, number]> {
    const n = all.length;
    const pairs = new Set<number>();
    const addPairs = (members: number[], others: number[] = []) => {
      for (let x = 0; x < members.length; x++) {
        for (let y = x + 1; y < members.length; y++) pairs.add(Math.min(members[x], members[y]) * n + Math.max(members[x], members[y]));
        for (const o of others) pairs.add(Math.min(members[x], o) * n + Math.max(members[x], o));
      }
    };
    const hostBound = new Map<string, number[]>();
    const identities = new Map<string, number[]>();
    const push = (map: Map<string, number[]>, key: string, i: number) => {
      const list = map.get(key);
      if (list) list.push(i);
      else map.set(key, [i]);
    };
    all.forEach((c, i) => {
      if (c.bindsHostPorts) push(hostBound, mapKey(c.nodeSelector), i);
      for (const key of identityKeys(c)) push(identities, key, i);
    });
    for (const members of hostBound.values()) addPairs(members);
    for (const members of identities.values()) {
      if (members.length < 2) continue;
      const own = members.filter((i) => !this.checkedElsewhere.has(all[i]));
      addPairs(own, members.filter((i) => this.checkedElsewhere.has(all[i])));
    }
    return [...pairs].sort((p, q) => p - q).map((p) => [Math.floor(p / n), p % n]);
  }
}

/** A key equal for two maps exactly when {@link sameMap} holds (string values). */
function mapKey(m: Record<string, string>): string {
  return JSON.stringify(Object.keys(m).sort().map((k) => [k, m[k]]));
}

/** One key per identity {@link sharedIdentities} compares: two controllers share a key when they share that identity. */
function identityKeys(c: NginxIngress): string[] {
  const keys = [
    `fullname ${c.names.fullname}`,
    `controller ${JSON.stringify([c.namespace, c.names.controller])}`,
    `class ${c.controllerClass}`,
    `lease ${JSON.stringify([c.namespace, c.electionId])}`,
  ];
  if (c.ingressClassName !== undefined) keys.push(`ingressclass ${c.ingressClassName}`);
  if (c.webhookConfigurationName !== undefined) keys.push(`webhook ${c.webhookConfigurationName}`);
  return keys;
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
