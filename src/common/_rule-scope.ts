import { IConstruct } from 'constructs';

/**
 * The scope within which whole-App rules (one IngressClass, one election ID, one namespace per
 * gateway) apply: the App, or the nearest construct that stands for one cluster (a fleet's
 * cluster), since two clusters may each run a gateway with the same names.
 */
const CLUSTER_SCOPE = Symbol.for('cdk8s-ks-gateway.cluster-scope');

/** Marks `scope` as one cluster: rules spanning constructs apply within it only. */
export function markClusterScope(scope: IConstruct): void {
  (scope as any)[CLUSTER_SCOPE] = true;
}

/** The nearest enclosing cluster scope of `scope`, or the root of its tree. */
export function ruleScope(scope: IConstruct): IConstruct {
  for (const s of [...scope.node.scopes].reverse()) {
    if ((s as any)[CLUSTER_SCOPE]) return s;
  }
  return scope.node.root;
}
