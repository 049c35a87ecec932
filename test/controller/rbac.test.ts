import { Testing } from 'cdk8s';
import { args, findObject, kindsAndNames, ofKind, synth, webhook } from './_render';
import { NginxIngress } from '../../src';

/**
 * Controller RBAC: the chart's cluster-wide rules by default, and the namespace-scoped variant
 * that `watchNamespace` selects (no cluster-wide read of Secrets, ConfigMaps or Pods).
 */

/** Every (resource, verb) a set of rules grants, as `group/resource:verb`. */
function grants(rules: any[]): string[] {
  return rules.flatMap((r) => r.apiGroups.flatMap((g: string) => r.resources.flatMap((res: string) =>
    r.verbs.map((v: string) => `${g || 'core'}/${res}:${v}${r.resourceNames ? `[${r.resourceNames.join(',')}]` : ''}`))));
}

describe('cluster-wide (default)', () => {
  test('the ClusterRole is the chart\'s: list/watch of what the controller caches, everywhere', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    const rules = findObject(objects, 'ClusterRole', 'ingress-nginx').rules;
    expect(grants(rules)).toEqual(expect.arrayContaining(['core/secrets:list', 'core/secrets:watch', 'core/namespaces:list', 'core/nodes:get']));
    expect(findObject(objects, 'ClusterRoleBinding', 'ingress-nginx')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'ingress-nginx' },
      subjects: [{ kind: 'ServiceAccount', name: 'ingress-nginx', namespace: 'ingress-nginx' }],
    });
    expect(args(objects).some((a) => a.startsWith('--watch-namespace'))).toBe(false);
    expect(webhook(objects).namespaceSelector).toBeUndefined();
  });

  test('--update-status=false drops ingresses/status from the Role', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { extraArgs: ['--update-status=false'] });

    // THEN
    const role = findObject(synth(chart), 'Role', 'ingress-nginx');
    expect(grants(role.rules)).not.toContain('networking.k8s.io/ingresses/status:update');
  });
});

test('addExtraArg(--update-status=false) after construction drops ingresses/status too', () => {
  // GIVEN
  const chart = Testing.chart();
  const ingress = new NginxIngress(chart, 'ingress', { watchNamespace: 'team-a', namespace: 'edge' });

  // WHEN
  ingress.addExtraArg('--update-status=false');

  // THEN
  const objects = synth(chart);
  expect(grants(findObject(objects, 'Role', 'ingress-nginx', 'edge').rules)).not.toContain('networking.k8s.io/ingresses/status:update');
  expect(grants(findObject(objects, 'Role', 'ingress-nginx', 'team-a').rules)).not.toContain('networking.k8s.io/ingresses/status:update');
});

describe('watchNamespace', () => {
  test('watches one namespace with namespaced Roles and a minimal ClusterRole', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { namespace: 'edge-system', watchNamespace: 'team-a' });

    // THEN
    const objects = synth(chart);
    expect(args(objects)).toContain('--watch-namespace=team-a');

    // the Role in the release namespace: only what the controller reads there directly (its
    // ConfigMap, its pods, its Service, the leader Lease); no Secrets, no lists of ConfigMaps
    const own = findObject(objects, 'Role', 'ingress-nginx', 'edge-system');
    expect(grants(own.rules)).toEqual([
      'core/configmaps:get[ingress-nginx-controller]',
      'core/pods:get', 'core/pods:list',
      'core/services:get',
      'coordination.k8s.io/leases:get[ingress-nginx-leader]', 'coordination.k8s.io/leases:update[ingress-nginx-leader]',
      'coordination.k8s.io/leases:create',
      'core/events:create', 'core/events:patch',
    ]);

    // a Role and RoleBinding in the watched namespace, bound to the controller's ServiceAccount
    const watched = findObject(objects, 'Role', 'ingress-nginx', 'team-a');
    expect(grants(watched.rules)).toEqual(expect.arrayContaining([
      'core/secrets:list', 'core/services:watch', 'networking.k8s.io/ingresses:watch',
      'networking.k8s.io/ingresses/status:update', 'core/events:create', 'discovery.k8s.io/endpointslices:list',
    ]));
    expect(grants(watched.rules).filter((g) => g.startsWith('coordination.k8s.io'))).toEqual([]);
    expect(findObject(objects, 'RoleBinding', 'ingress-nginx', 'team-a')).toMatchObject({
      roleRef: { kind: 'Role', name: 'ingress-nginx' },
      subjects: [{ kind: 'ServiceAccount', name: 'ingress-nginx', namespace: 'edge-system' }],
    });

    // the ClusterRole: IngressClasses, the watched namespace, node GETs, and nothing else
    expect(findObject(objects, 'ClusterRole', 'ingress-nginx').rules).toEqual([
      { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get'], resourceNames: ['team-a'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
    ]);
  });

  test('grants no cluster-wide read of Secrets, ConfigMaps or Pods', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { watchNamespace: 'team-a' });

    // THEN
    const clusterGrants = ofKind(synth(chart), 'ClusterRole').flatMap((cr) => grants(cr.rules));
    const reads = clusterGrants.filter((g) => /^core\/(secrets|configmaps|pods|endpoints|services):/.test(g) || g.includes('ingresses:'));
    expect(reads).toEqual([]);
  });

  test('the webhook only sees Ingresses of the watched namespace', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { watchNamespace: 'team-a' });

    // THEN
    expect(webhook(synth(chart)).namespaceSelector).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a'] }],
    });
  });

  test('an explicit webhook namespaceSelector wins', () => {
    // GIVEN
    const chart = Testing.chart();
    const selector = { matchLabels: { 'example.com/ingress': 'team-a' } };

    // WHEN
    new NginxIngress(chart, 'ingress', { watchNamespace: 'team-a', admissionWebhooks: { namespaceSelector: selector } });

    // THEN
    expect(webhook(synth(chart)).namespaceSelector).toEqual(selector);
  });

  test('watching the release namespace needs no second Role', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { watchNamespace: 'ingress-nginx' });

    // THEN
    const objects = synth(chart);
    expect(kindsAndNames(ofKind(objects, 'Role'))).toEqual(['Role/ingress-nginx', 'Role/ingress-nginx-admission']);
    expect(kindsAndNames(ofKind(objects, 'RoleBinding'))).toEqual(['RoleBinding/ingress-nginx', 'RoleBinding/ingress-nginx-admission']);
    expect(findObject(objects, 'ClusterRole', 'ingress-nginx').rules).toHaveLength(3);
  });

  test('--update-status=false drops ingresses/status in the watched namespace too', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress', { watchNamespace: 'team-a', extraArgs: ['--update-status=false'] });

    // THEN
    expect(grants(findObject(synth(chart), 'Role', 'ingress-nginx', 'team-a').rules)).not.toContain('networking.k8s.io/ingresses/status:update');
  });
});

describe('admission RBAC (certgen)', () => {
  test('the certgen ServiceAccount may read and patch the VWC and create the Secret', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new NginxIngress(chart, 'ingress');

    // THEN
    const objects = synth(chart);
    expect(findObject(objects, 'ClusterRole', 'ingress-nginx-admission').rules).toEqual([
      {
        apiGroups: ['admissionregistration.k8s.io'],
        resources: ['validatingwebhookconfigurations'],
        verbs: ['get', 'update'],
        resourceNames: ['ingress-nginx-admission'],
      },
    ]);
    expect(findObject(objects, 'Role', 'ingress-nginx-admission').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }]);
    expect(findObject(objects, 'RoleBinding', 'ingress-nginx-admission').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'ingress-nginx-admission', namespace: 'ingress-nginx' },
    ]);
  });
});
