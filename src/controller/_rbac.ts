/**
 * RBAC of every component: the chart's `controller-serviceaccount.yaml`, `clusterrole.yaml`,
 * `clusterrolebinding.yaml`, `controller-role.yaml`, `controller-rolebinding.yaml`,
 * `default-backend-serviceaccount.yaml` and the certgen RBAC of
 * `admission-webhooks/job-patch/` (serviceaccount, role, rolebinding, clusterrole,
 * clusterrolebinding), plus our namespace-scoped variant. Rendered in the static manifests' order:
 * ServiceAccounts, Roles, ClusterRoles, bindings.
 */
import { Lazy } from 'cdk8s';
import { ControllerContext, meta, obj } from './_context';
import { Component } from './names';

/** One PolicyRule, in the chart's key order. */
export interface Rule {
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

const CORE = '';
const NET = 'networking.k8s.io';
const COORD = 'coordination.k8s.io';
const DISC = 'discovery.k8s.io';

/**
 * The chart's ClusterRole (cluster scope): list/watch everything the controller caches,
 * in every namespace.
 */
export function clusterWideRules(): Rule[] {
  return [
    { apiGroups: [CORE], resources: ['configmaps', 'endpoints', 'nodes', 'pods', 'secrets', 'namespaces'], verbs: ['list', 'watch'] },
    { apiGroups: [COORD], resources: ['leases'], verbs: ['list', 'watch'] },
    { apiGroups: [CORE], resources: ['nodes'], verbs: ['get'] },
    { apiGroups: [CORE], resources: ['services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [NET], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [CORE], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: [NET], resources: ['ingresses/status'], verbs: ['update'] },
    { apiGroups: [NET], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [DISC], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
  ];
}

/**
 * The few cluster-wide permissions a controller that watches one namespace still needs.
 * Each one says why; nothing here reads Secrets, ConfigMaps or Pods.
 */
export function scopedClusterRules(watchNamespace: string): Rule[] {
  return [
    // IngressClasses are cluster-scoped. Without list/watch the controller logs "IngressClass
    // feature will be disabled" and ignores spec.ingressClassName on every Ingress.
    { apiGroups: [NET], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
    // At startup the controller GETs the watched namespace and exits when it cannot.
    { apiGroups: [CORE], resources: ['namespaces'], verbs: ['get'], resourceNames: [watchNamespace] },
    // Node lookups give pods their topology labels and, without a published Service, the
    // addresses written to Ingress status. Get only: nodes are never listed.
    { apiGroups: [CORE], resources: ['nodes'], verbs: ['get'] },
  ];
}

/**
 * The chart's Role in the controller's own namespace: its ConfigMap, the leader Lease and the
 * objects it caches there.
 */
export function releaseNamespaceRules(electionId: string, updateStatus: boolean): Rule[] {
  return [
    { apiGroups: [CORE], resources: ['namespaces'], verbs: ['get'] },
    { apiGroups: [CORE], resources: ['configmaps', 'pods', 'secrets', 'endpoints'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [CORE], resources: ['services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [NET], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
    ...(updateStatus ? [{ apiGroups: [NET], resources: ['ingresses/status'], verbs: ['update'] }] : []),
    { apiGroups: [NET], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [COORD], resources: ['leases'], verbs: ['get', 'update'], resourceNames: [electionId] },
    { apiGroups: [COORD], resources: ['leases'], verbs: ['create'] },
    { apiGroups: [CORE], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: [DISC], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
  ];
}

/**
 * The controller's own namespace when it watches another one. Its informers live in the watched
 * namespace, so here it only needs what it reads directly: its ConfigMap (a GET at startup), its
 * own pod and siblings (status addresses), its published Service, and the leader Lease.
 */
export function ownNamespaceRules(electionId: string, configMap: string): Rule[] {
  return [
    { apiGroups: [CORE], resources: ['configmaps'], verbs: ['get'], resourceNames: [configMap] },
    { apiGroups: [CORE], resources: ['pods'], verbs: ['get', 'list'] },
    { apiGroups: [CORE], resources: ['services'], verbs: ['get'] },
    { apiGroups: [COORD], resources: ['leases'], verbs: ['get', 'update'], resourceNames: [electionId] },
    { apiGroups: [COORD], resources: ['leases'], verbs: ['create'] },
    { apiGroups: [CORE], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

/**
 * Role in the watched namespace when it differs from the controller's own: read what Ingresses
 * refer to (Services, endpoints, TLS Secrets, ConfigMaps for auth snippets), write Ingress status
 * and events. No leases: leader election happens in the controller's namespace.
 */
export function watchedNamespaceRules(updateStatus: boolean): Rule[] {
  return [
    { apiGroups: [CORE], resources: ['configmaps', 'pods', 'secrets', 'endpoints'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [CORE], resources: ['services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [NET], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
    ...(updateStatus ? [{ apiGroups: [NET], resources: ['ingresses/status'], verbs: ['update'] }] : []),
    { apiGroups: [CORE], resources: ['events'], verbs: ['create', 'patch'] },
    { apiGroups: [DISC], resources: ['endpointslices'], verbs: ['list', 'watch', 'get'] },
  ];
}

/**
 * The certgen Jobs' ClusterRole: read and patch the webhook configuration. Unlike the chart, only
 * the one named `webhook`: the ServiceAccount outlives the Jobs.
 */
export function admissionClusterRules(webhook: string): Rule[] {
  return [{ apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'update'], resourceNames: [webhook] }];
}

/** The certgen Jobs' Role: create and read the certificate Secret. */
export function admissionRules(): Rule[] {
  return [{ apiGroups: [CORE], resources: ['secrets'], verbs: ['get', 'create'] }];
}

/** ServiceAccounts, Roles, ClusterRoles and their bindings, for the controller, certgen and the default backend. */
export function renderRbac(c: ControllerContext): void {
  const n = c.names;
  const C = Component.CONTROLLER;
  const A = Component.ADMISSION_WEBHOOK;
  const certgen = c.webhook?.certs.mode === 'certgen';
  // Argo CD runs PreSync hooks before it applies any plain resource. The create Job's
  // ServiceAccount, Role and RoleBinding must be PreSync hooks too, or on the first sync its pod
  // is never created ("serviceaccount not found") and the sync hangs. They are kept
  // (BeforeHookCreation only), so the PostSync patch Job finds them.
  const jobRbac = certgen && c.webhook?.certs.certgenOptions?.argoCdHooks
    ? { annotations: { 'argocd.argoproj.io/hook': 'PreSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' } }
    : {};

  // ServiceAccounts
  obj(c, 'ServiceAccount', 'v1', 'ServiceAccount', meta(c, n.serviceAccount, C), { automountServiceAccountToken: true });
  if (certgen) obj(c, 'AdmissionServiceAccount', 'v1', 'ServiceAccount', meta(c, n.admission, A, jobRbac), { automountServiceAccountToken: true });
  if (c.defaultBackendEnabled) {
    obj(c, 'DefaultBackendServiceAccount', 'v1', 'ServiceAccount', meta(c, n.defaultBackendServiceAccount, Component.DEFAULT_BACKEND), { automountServiceAccountToken: true });
  }

  // Roles
  // Lazy: `addExtraArg('--update-status=false')` after construction drops the status permission too.
  const updateStatus = () => !c.extraArgs.includes('--update-status=false');
  obj(c, 'Role', 'rbac.authorization.k8s.io/v1', 'Role', meta(c, n.fullname, C), {
    rules: Lazy.any({
      produce: () => (c.watchedElsewhere
        ? ownNamespaceRules(c.electionId, n.configMap)
        : releaseNamespaceRules(c.electionId, updateStatus())),
    }),
  });
  const watchedElsewhere = c.watchedElsewhere;
  if (watchedElsewhere) {
    obj(c, 'WatchedNamespaceRole', 'rbac.authorization.k8s.io/v1', 'Role',
      { ...meta(c, n.fullname, C), namespace: c.watchNamespace },
      { rules: Lazy.any({ produce: () => watchedNamespaceRules(updateStatus()) }) });
  }
  if (certgen) obj(c, 'AdmissionRole', 'rbac.authorization.k8s.io/v1', 'Role', meta(c, n.admission, A, jobRbac), { rules: admissionRules() });

  // ClusterRoles
  const clusterRules = c.watchNamespace ? scopedClusterRules(c.watchNamespace) : clusterWideRules();
  obj(c, 'ClusterRole', 'rbac.authorization.k8s.io/v1', 'ClusterRole', meta(c, n.fullname, undefined, { namespaced: false, controllerLabels: true }), { rules: clusterRules });
  if (certgen) {
    obj(c, 'AdmissionClusterRole', 'rbac.authorization.k8s.io/v1', 'ClusterRole', meta(c, n.admission, A, { namespaced: false }), { rules: admissionClusterRules(n.admission) });
  }

  // Bindings
  const sa = (name: string) => [{ kind: 'ServiceAccount', name, namespace: c.namespace }];
  const roleRef = (kind: string, name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
  obj(c, 'RoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', meta(c, n.fullname, C), { roleRef: roleRef('Role', n.fullname), subjects: sa(n.serviceAccount) });
  if (watchedElsewhere) {
    obj(c, 'WatchedNamespaceRoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding',
      { ...meta(c, n.fullname, C), namespace: c.watchNamespace }, { roleRef: roleRef('Role', n.fullname), subjects: sa(n.serviceAccount) });
  }
  if (certgen) {
    obj(c, 'AdmissionRoleBinding', 'rbac.authorization.k8s.io/v1', 'RoleBinding', meta(c, n.admission, A, jobRbac),
      { roleRef: roleRef('Role', n.admission), subjects: sa(n.admission) });
  }
  obj(c, 'ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', meta(c, n.fullname, undefined, { namespaced: false, controllerLabels: true }),
    { roleRef: roleRef('ClusterRole', n.fullname), subjects: sa(n.serviceAccount) });
  if (certgen) {
    obj(c, 'AdmissionClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', meta(c, n.admission, A, { namespaced: false }),
      { roleRef: roleRef('ClusterRole', n.admission), subjects: sa(n.admission) });
  }
}
