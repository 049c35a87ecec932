import { ApiObject, Testing } from 'cdk8s';
import { id, kustomizeBuild, writeFolders } from './_kustomize';
import {
  ClusterAccess, FastSynth, Fleet, FleetCluster, FluxSource, GatewayServiceType, GitOps, KsGateway, KustomizeFolder, MemberCredentials,
  WebhookCertificates,
} from '../../src';
import { expectValidManifests } from '../helpers/schema';
import { findObject, synthError, synthObjects } from '../helpers/synth';

const REPO = 'https://git.example.com/platform/gateways.git';

/** A fleet of two clusters, declared in the given orders of clusters and gateways. */
function twoClusters(delivery: GitOps, clusters = ['eu-1', 'us-1'], gateways = ['cluster', 'shop']) {
  const app = Testing.app();
  const fleet = new Fleet(app, 'fleet', { name: 'edge', delivery });
  for (const name of clusters) {
    const cluster = fleet.addCluster(name, {
      server: `https://${name}.example.com:6443`,
      gatewayService: name === 'eu-1' ? { loadBalancerClass: 'eu-lb' } : { type: GatewayServiceType.NODE_PORT },
    });
    for (const g of gateways) cluster.addGateway(g, g === 'cluster' ? {} : { project: g });
    const monitoring = cluster.addFolder('monitoring');
    new ApiObject(monitoring, 'sm', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'gateways', namespace: 'kubesphere-controls-system' },
      spec: { selector: { matchLabels: { app: 'kubesphere' } }, endpoints: [{ port: 'metrics' }] },
    });
  }
  return { app, fleet };
}

const argo = (options: Partial<Parameters<typeof GitOps.argoCd>[0]> = {}) => GitOps.argoCd({ repoUrl: REPO, targetRevision: 'main', ...options });
const flux = () => GitOps.flux({
  source: FluxSource.gitRepository({ url: REPO, branch: 'main' }),
  repoPath: 'dist/fleet',
  operatorKustomizations: ['prometheus-operator'],
});

describe('Fleet', () => {
  test('gives byte-identical folders whatever the order clusters and gateways were declared in', () => {
    for (const delivery of [argo({ syncWaves: true }), flux()]) {
      const a = KustomizeFolder.filesOf(twoClusters(delivery, ['eu-1', 'us-1'], ['cluster', 'shop']).app);
      const b = KustomizeFolder.filesOf(twoClusters(delivery, ['us-1', 'eu-1'], ['shop', 'cluster']).app);
      expect(Object.keys(b)).toEqual(Object.keys(a));
      expect(b).toEqual(a);
    }
  });

  test('one folder per cluster: Namespaces it owns first, then a folder per gateway or group', () => {
    // GIVEN
    const { app, fleet } = twoClusters(argo());

    // WHEN
    const files = KustomizeFolder.filesOf(app);
    const dir = writeFolders(app);

    // THEN
    expect(files['clusters/eu-1/kustomization.yaml']).toEqual(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - namespaces\n  - cluster\n  - monitoring\n  - shop\n');
    expect(Object.keys(files).filter((f) => f.startsWith('clusters/eu-1/namespaces/base/namespace-'))).toEqual([
      'clusters/eu-1/namespaces/base/namespace-kubesphere-controls-system.yaml',
      'clusters/eu-1/namespaces/base/namespace-shop.yaml',
    ]);
    // the cluster folder builds into every object of its folders, once
    const built = kustomizeBuild(dir, 'clusters/eu-1').map(id);
    const cluster = fleet.clusters[0];
    const expected = [cluster.namespacesFolder, ...cluster.folders].flatMap((f) => f.toJson()).map(id);
    expect(built.sort()).toEqual(expected.sort());
    expect(new Set(built).size).toEqual(built.length);
  });

  test('per-cluster gateway settings without copying the gateway code', () => {
    const objects = synthObjects(twoClusters(argo()).app);
    const services = objects.filter((o) => o.kind === 'Service' && o.metadata.name === 'kubesphere-router-shop');
    expect(services.map((s) => [s.spec.type, s.spec.loadBalancerClass])).toEqual([['LoadBalancer', 'eu-lb'], ['NodePort', undefined]]);
  });

  test.each([['Argo CD', argo], ['Flux', flux]])('with %s, writing the folders or synthesizing renders each folder\'s objects once, not once per reader', (_, delivery) => {
    // GIVEN: an object that counts its renderings, in one folder of each cluster
    const renders = { count: 0 };
    class Counted extends ApiObject {
      public toJson(): any {
        renders.count++;
        return super.toJson();
      }
    }
    const make = () => {
      const { app, fleet } = twoClusters(delivery());
      for (const cluster of fleet.clusters) new Counted(cluster.addFolder('extra'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counted', namespace: 'default' } });
      return app;
    };

    // WHEN
    const written = KustomizeFolder.filesOf(make());
    const byFolders = renders.count;
    renders.count = 0;
    FastSynth.synth(make());
    const byFastSynth = renders.count;

    // THEN: one rendering per cluster for the folders (validation, the fleet's Namespaces and
    // Kustomizations, the files); FastSynth renders each chart once more for app.synth's own files
    expect(Object.keys(written).filter((f) => f.endsWith('configmap-counted.yaml'))).toHaveLength(2);
    expect(byFolders).toBe(2);
    expect(byFastSynth).toBe(4);
  });

  test('the same gateway on two clusters is fine: rules across gateways apply per cluster', () => {
    expect(() => synthObjects(twoClusters(argo()).app)).not.toThrow();
  });

  describe('Argo CD', () => {
    test('Applications per cluster, schema-valid, with caBundle ignoreDifferences, retries and prune', () => {
      // GIVEN
      const { app } = twoClusters(argo({ repoPath: 'dist/fleet' }));

      // WHEN
      const objects = synthObjects(app);

      // THEN
      expectValidManifests(objects);
      const eu = findObject(objects, 'Application', 'edge-eu-1', 'argocd');
      expect(eu.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/fleet/clusters/eu-1' });
      expect(eu.spec.destination).toEqual({ server: 'https://eu-1.example.com:6443' });
      expect(eu.spec.ignoreDifferences).toContainEqual({
        group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      });
      expect(eu.spec.syncPolicy).toEqual({
        automated: { prune: true, selfHeal: true },
        syncOptions: ['RespectIgnoreDifferences=true', 'PruneLast=true'],
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      });
      // no resources finalizer: deleting the Application leaves the gateways running
      expect(eu.metadata.finalizers).toBeUndefined();
      expect(eu).toMatchSnapshot();
    });

    test('custom resources skip the dry run; Namespaces are never pruned or deleted; no waves unless asked', () => {
      const objects = synthObjects(twoClusters(argo()).app);
      for (const sm of objects.filter((o) => o.kind === 'ServiceMonitor')) {
        expect(sm.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
      }
      for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
        expect(ns.metadata.annotations['argocd.argoproj.io/sync-options']).toEqual('Prune=false,Delete=false');
      }
      expect(objects.filter((o) => o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] !== undefined)).toEqual([]);
    });

    test('opt-in sync waves follow the apply layers', () => {
      const objects = synthObjects(twoClusters(argo({ syncWaves: true })).app);
      const wave = (kind: string) => objects.find((o) => o.kind === kind).metadata.annotations['argocd.argoproj.io/sync-wave'];
      expect(['Namespace', 'IngressClass', 'ServiceAccount', 'ConfigMap', 'Deployment', 'ServiceMonitor'].map(wave)).toEqual(['0', '1', '2', '3', '4', '6']);
    });

    test('one ApplicationSet with a clusters generator instead, schema-valid, keeping resources on deletion', () => {
      // GIVEN
      const { app } = twoClusters(argo({ applicationSet: true }));

      // WHEN
      const objects = synthObjects(app);

      // THEN
      expectValidManifests(objects);
      expect(objects.filter((o) => o.kind === 'Application')).toEqual([]);
      const set = findObject(objects, 'ApplicationSet', 'edge', 'argocd');
      expect(set.spec.generators).toEqual([{ clusters: { selector: { matchLabels: { 'gateway.cdk8s.io/fleet': 'edge' } } } }]);
      expect(set.spec.template.spec.source.path).toEqual('clusters/{{.name}}');
      expect(set.spec.template.spec.destination).toEqual({ server: '{{.server}}' });
      expect(set.spec.syncPolicy).toEqual({ preserveResourcesOnDeletion: true });
    });

    test('certgen Jobs outside Argo CD hooks are an error; with argoCdHooks their Namespace is created as a PreSync hook', () => {
      // GIVEN
      const app = Testing.app();
      const fleet = new Fleet(app, 'fleet', { name: 'edge', delivery: argo() });
      const cluster = fleet.addCluster('eu-1', { server: 'https://eu-1.example.com:6443' });
      cluster.addGateway('plain', { project: 'plain', nginx: { admissionWebhooks: { enabled: true } } });

      // THEN
      expect(synthError(app)).toEqual([
        'Validation failed with the following errors:',
        '  [fleet] clusters["eu-1"] Job "kubesphere-controls-system/kubesphere-router-plain-admission-create" in clusters/eu-1/plain runs certgen outside Argo CD hooks: '
        + 'Argo CD would apply it on every sync and lose it when it finishes (argo-cd#6880); set admissionWebhooks.certificates to WebhookCertificates.certManager() or WebhookCertificates.certgen({ argoCdHooks: true })',
        '  [fleet] clusters["eu-1"] Job "kubesphere-controls-system/kubesphere-router-plain-admission-patch" in clusters/eu-1/plain runs certgen outside Argo CD hooks: '
        + 'Argo CD would apply it on every sync and lose it when it finishes (argo-cd#6880); set admissionWebhooks.certificates to WebhookCertificates.certManager() or WebhookCertificates.certgen({ argoCdHooks: true })',
      ].join('\n'));

      // GIVEN hooks
      const app2 = Testing.app();
      const fleet2 = new Fleet(app2, 'fleet', { name: 'edge', delivery: argo() });
      fleet2.addCluster('eu-1', { server: 'https://eu-1.example.com:6443' }).addGateway('hooked', {
        project: 'hooked',
        nginx: {
          admissionWebhooks: { enabled: true, certificates: WebhookCertificates.certgen({ argoCdHooks: true, ttlSecondsAfterFinished: 600 }) },
        },
      });
      const objects = synthObjects(app2);
      const controls = findObject(objects, 'Namespace', 'kubesphere-controls-system');
      expect(controls.metadata.annotations['argocd.argoproj.io/hook']).toEqual('PreSync');
      expect(findObject(objects, 'Namespace', 'hooked').metadata.annotations['argocd.argoproj.io/hook']).toBeUndefined();
    });
  });

  describe('Flux', () => {
    test('a GitRepository and Kustomizations layered with dependsOn, schema-valid', () => {
      // GIVEN
      const { app } = twoClusters(flux());

      // WHEN
      const objects = synthObjects(app);

      // THEN
      expectValidManifests(objects);
      expect(findObject(objects, 'GitRepository', 'edge', 'flux-system').spec).toEqual({ interval: '10m', url: REPO, ref: { branch: 'main' } });
      const ks = objects.filter((o) => o.kind === 'Kustomization' && o.metadata.name.startsWith('eu-1-'));
      expect(ks.map((k) => [k.metadata.name, k.spec.path, (k.spec.dependsOn ?? []).map((d: any) => d.name)])).toEqual([
        ['eu-1-cluster', './dist/fleet/clusters/eu-1/cluster/base', ['eu-1-namespaces']],
        ['eu-1-monitoring-custom-resources', './dist/fleet/clusters/eu-1/monitoring/custom-resources', ['eu-1-namespaces', 'prometheus-operator']],
        ['eu-1-namespaces', './dist/fleet/clusters/eu-1/namespaces/base', []],
        ['eu-1-shop', './dist/fleet/clusters/eu-1/shop/base', ['eu-1-namespaces']],
      ]);
      expect(ks[0].spec.kubeConfig).toEqual({ secretRef: { name: 'eu-1-kubeconfig', key: 'value' } });
      expect(ks[0].spec.prune).toBe(true);
    });

    test('an OCIRepository source; Namespaces never pruned; webhooks keep the injected caBundle', () => {
      // GIVEN
      const app = Testing.app();
      const fleet = new Fleet(app, 'fleet', {
        name: 'edge',
        delivery: GitOps.flux({ source: FluxSource.ociRepository({ url: 'oci://registry.example.com/gateways' }) }),
      });
      fleet.addCluster('local', { access: ClusterAccess.IN_CLUSTER }).addGateway('edge', {
        project: 'edge',
        nginx: { admissionWebhooks: { enabled: true, certificates: WebhookCertificates.certManager() } },
      });

      // WHEN
      const objects = synthObjects(app);

      // THEN
      expectValidManifests(objects);
      expect(findObject(objects, 'OCIRepository', 'edge').spec).toEqual({ interval: '10m', url: 'oci://registry.example.com/gateways', ref: { tag: 'latest' } });
      expect(findObject(objects, 'Namespace', 'edge').metadata.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
      expect(objects.find((o) => o.kind === 'ValidatingWebhookConfiguration').metadata.annotations['kustomize.toolkit.fluxcd.io/ssa']).toEqual('Merge');
      const cr = findObject(objects, 'Kustomization', 'local-edge-custom-resources');
      expect(cr.spec.dependsOn).toEqual([{ name: 'local-edge' }, { name: 'local-namespaces' }]);
      expect(cr.spec.kubeConfig).toBeUndefined();
      expect(findObject(objects, 'Kustomization', 'local-edge').spec.wait).toBe(false);
    });
  });

  describe('cross-cluster rules', () => {
    test('duplicate cluster names, a gateway twice on a cluster, unreachable members: every problem at once', () => {
      // GIVEN
      const app = Testing.app();
      const fleet = new Fleet(app, 'fleet', { name: 'edge', delivery: argo() });
      fleet.addCluster('a', { name: 'eu-1', server: 'https://a.example.com' });
      fleet.addCluster('b', { name: 'eu-1', server: 'https://b.example.com' });
      const us = fleet.addCluster('us-1', { server: 'https://us-1.example.com' });
      new KsGateway(us.addFolder('one'), 'shop', { project: 'shop' });
      new KsGateway(us.addFolder('two'), 'shop', { project: 'shop' });
      fleet.addCluster('via-hub', { access: ClusterAccess.HUB });
      fleet.addCluster('nowhere', {});
      us.addFolder('namespaces');

      // WHEN
      const message = synthError(app);

      // THEN
      expect(message).toContain('[fleet] clusters["eu-1"] must be declared once: cluster names must be unique (got 2: fleet/a, fleet/b)');
      expect(message).toContain('[fleet] clusters["via-hub"].access is Hub but the fleet has no hub: set FleetProps.hub, or use ClusterAccess.DIRECT with a server');
      expect(message).toContain('[fleet/nowhere] server must be the https:// URL of the API server for ClusterAccess.DIRECT (the delivery tool cannot reach the cluster otherwise)');
      expect(message).toContain('[fleet/us-1] folders must be named with a DNS-1123 label other than "namespaces" (one level under the cluster folder) (got "namespaces")');
      expect(message).toContain('[fleet/us-1] gateways must be unique on a cluster: fleet/us-1/folder-two/shop and fleet/us-1/folder-one/shop are both gateway "kubesphere-controls-system/kubesphere-router-shop"');
    });

    test('a member the hub does not know is unreachable', () => {
      const app = Testing.app();
      const fleet = new Fleet(app, 'fleet', { name: 'edge', delivery: argo() });
      fleet.addHub(fleet.addCluster('hub', { access: ClusterAccess.IN_CLUSTER }));
      fleet.addCluster('eu-1', { access: ClusterAccess.HUB, hubCredentials: MemberCredentials.existingSecret() });
      fleet.addCluster('us-1', { access: ClusterAccess.HUB });
      expect(synthError(app)).toEqual('Validation failed with the following errors:\n'
        + '  [fleet] clusters["us-1"].access is Hub but the hub has no member "us-1": register it with hub.addMember("us-1", ...) (members: eu-1)');
    });

    test('bad fleet props from JavaScript', () => {
      const app = Testing.app();
      new Fleet(app, 'fleet', { name: 'Edge', delivery: { tool: 'ArgoCD' } as any });
      expect(synthError(app)).toEqual([
        'Validation failed with the following errors:',
        '  [fleet] name must be a DNS-1123 label (got "Edge")',
        '  [fleet] delivery must be GitOps.argoCd(...) or GitOps.flux(...) (got {"tool":"ArgoCD"})',
        '  [fleet] clusters must have at least one cluster (add one with addCluster)',
      ].join('\n'));
    });
  });

  test('through the hub: Argo CD destinations are the proxy paths, and Argo CD may use them', () => {
    // GIVEN
    const app = Testing.app();
    const fleet = new Fleet(app, 'fleet', { name: 'edge', delivery: argo() });
    const hub = fleet.addHub(fleet.addCluster('hub', { access: ClusterAccess.IN_CLUSTER }));
    const member: FleetCluster = fleet.addCluster('eu-1', { access: ClusterAccess.HUB, hubCredentials: MemberCredentials.existingSecret() });
    member.addGateway('cluster');

    // WHEN
    const objects = synthObjects(app);

    // THEN
    expectValidManifests(objects);
    expect(member.server).toEqual('https://kubernetes.default.svc/apis/cluster.core.oam.dev/v1alpha1/clustergateways/eu-1/proxy');
    expect(findObject(objects, 'Application', 'edge-eu-1').spec.destination.server).toEqual(member.server);
    expect(findObject(objects, 'Application', 'edge-hub').spec.destination.server).toEqual('https://kubernetes.default.svc');
    expect(findObject(objects, 'ClusterRoleBinding', hub.proxyClusterRoleName).subjects).toEqual([
      { kind: 'ServiceAccount', name: 'argocd-application-controller', namespace: 'argocd' },
    ]);
  });
});
