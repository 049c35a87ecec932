import { Construct } from 'constructs';
import { FLEET_LABEL, HOOK, annotateForArgoCd, ignoreDifferences, joinPath, source, syncPolicy } from './_argocd';
import { annotateForFlux } from './_flux';
import { setFolderHooks } from './_hooks';
import { ClusterCredentialType, ClusterGatewayHub, ClusterGatewayHubProps, MemberCredentials } from './cluster-gateway-hub';
import { GitOps, GitOpsTool } from './gitops';
import { KustomizeFolder } from './kustomize-folder';
import { compareStrings } from '../common/_compare';
import { markClusterScope } from '../common/_rule-scope';
import { checkProps } from '../common/_shape';
import { Problems, isDnsLabel, show } from '../common/_validation';
import { KsGateway, KsGatewayProps, KsGatewayServiceProps } from '../gateway/ks-gateway';

/** How the delivery tool on the management cluster reaches a cluster's API server. */
export enum ClusterAccess {
  /** The cluster the tool runs on (`https://kubernetes.default.svc`). */
  IN_CLUSTER = 'InCluster',
  /** The cluster's own API server URL (`server`), with credentials registered in the tool. */
  DIRECT = 'Direct',
  /** The proxy path of the fleet's cluster-gateway hub; the member must be registered with the hub. */
  HUB = 'Hub',
}

/** Namespaces Kubernetes creates: never rendered, never owned. */
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const IN_CLUSTER_URL = 'https://kubernetes.default.svc';

/** Props of {@link Fleet}. */
export interface FleetProps {
  /** Fleet name: names the Argo CD / Flux objects and labels the Argo CD cluster Secrets. A DNS-1123 label. */
  readonly name: string;
  /** Argo CD or Flux, with their options. */
  readonly delivery: GitOps;
  /** The cluster-gateway hub clusters with `ClusterAccess.HUB` are reached through. @default - none */
  readonly hub?: ClusterGatewayHub;
}

/** Props of {@link FleetCluster}. */
export interface FleetClusterProps {
  /** Cluster name: its folder `clusters/<name>`, its Argo CD cluster name, its hub member name. @default - the construct id */
  readonly name?: string;
  /** How the delivery tool reaches the cluster. @default ClusterAccess.DIRECT */
  readonly access?: ClusterAccess;
  /** API server URL, for `ClusterAccess.DIRECT`. */
  readonly server?: string;
  /** Labels of the cluster (Argo CD cluster Secret labels, for ApplicationSet selectors and your own use). @default - none */
  readonly labels?: { [key: string]: string };
  /**
   * Service settings every gateway of this cluster added with `addGateway` gets on top of its
   * own: a load balancer class, node ports, source ranges that only this cluster needs.
   * @default - none
   */
  readonly gatewayService?: KsGatewayServiceProps;
  /**
   * Namespaces this cluster's objects use but that something else owns (KubeSphere's
   * `kubesphere-controls-system`, say): not rendered. Kubernetes' own namespaces never are.
   * @default - none
   */
  readonly unmanagedNamespaces?: string[];
  /**
   * With `ClusterAccess.HUB`: where the member's credential Secret on the hub comes from; the
   * fleet registers the member with the hub. Leave it out when you call `hub.addMember` yourself.
   * @default - not registered by the fleet
   */
  readonly hubCredentials?: MemberCredentials;
  /** With `hubCredentials`: the kind of credential. @default ClusterCredentialType.SERVICE_ACCOUNT_TOKEN */
  readonly hubCredentialType?: ClusterCredentialType;
  /** Flux: Secret (in the Flux namespace) with the kubeconfig of the cluster, key `value`. @default "<name>-kubeconfig" */
  readonly kubeConfigSecretName?: string;
}

/**
 * A fleet of clusters delivered by Argo CD or Flux. Each cluster is a folder `clusters/<name>`
 * with a `namespaces/` folder (every Namespace its objects use and it owns) and one folder per
 * gateway or other group of constructs; the fleet adds the Argo CD Applications (or one
 * ApplicationSet) or the Flux source and layered Kustomizations in `argocd/` or `flux/`.
 *
 * @example
 * const fleet = new Fleet(app, 'fleet', {
 *   name: 'edge',
 *   delivery: GitOps.argoCd({ repoUrl: 'https://git.example.com/platform.git' }),
 * });
 * for (const name of ['eu-1', 'us-1']) {
 *   fleet.addCluster(name, { server: `https://${name}.example.com:6443` }).addGateway('edge', { project: 'edge' });
 * }
 */
export class Fleet extends Construct {
  /** The fleet name. */
  public readonly fleetName: string;
  /** The delivery tool and its options. */
  public readonly delivery: GitOps;
  private hubConstruct?: ClusterGatewayHub;
  /** The folder with the Argo CD or Flux objects (`argocd/` or `flux/`), applied to the management cluster. */
  public readonly deliveryFolder: KustomizeFolder;

  private readonly clusterList: FleetCluster[] = [];
  private argoProxyClient = false;

  constructor(scope: Construct, id: string, props: FleetProps) {
    super(scope, id);
    // JavaScript callers pass anything: bad parts are reported at synth and dropped before use.
    const shape = checkProps<FleetProps>('FleetProps', props);
    props = shape.value;
    this.node.addValidation({ validate: () => shape.problems });
    this.fleetName = props?.name;
    this.delivery = props?.delivery;
    this.hubConstruct = props?.hub;
    const tool = this.delivery instanceof GitOps ? this.delivery.tool : undefined;
    this.deliveryFolder = new KustomizeFolder(this, 'delivery', { path: tool === GitOpsTool.FLUX ? 'flux' : 'argocd' });
    setFolderHooks(this.deliveryFolder, { extraObjects: () => this.deliveryObjects() });
    this.node.addValidation({ validate: () => this.validateFleet() });
  }

  /** The cluster-gateway hub, if any. */
  public get hub(): ClusterGatewayHub | undefined {
    return this.hubConstruct;
  }

  /**
   * Deploys cluster-gateway on one of the fleet's clusters (a folder `cluster-gateway` in it)
   * and makes it the fleet's hub: clusters with `ClusterAccess.HUB` and `hubCredentials` are
   * registered as its members.
   */
  public addHub(cluster: FleetCluster, props: ClusterGatewayHubProps = {}): ClusterGatewayHub {
    if (this.hubConstruct) throw new Error(`${this.node.path}: the fleet already has a hub (${this.hubConstruct.node.path})`);
    const hub = new ClusterGatewayHub(cluster.addFolder('cluster-gateway'), 'cluster-gateway', props);
    this.hubConstruct = hub;
    for (const c of this.clusters) this.register(c);
    return hub;
  }

  /** The clusters, sorted by name. */
  public get clusters(): FleetCluster[] {
    return [...this.clusterList].sort((a, b) => compareStrings(a.clusterName, b.clusterName));
  }

  /** Adds a cluster. */
  public addCluster(id: string, props: FleetClusterProps = {}): FleetCluster {
    return new FleetCluster(this, id, props ?? {});
  }

  /** Adds a cluster constructed in this fleet. @internal */
  public _addCluster(cluster: FleetCluster): void {
    this.clusterList.push(cluster);
    this.register(cluster);
  }

  private register(cluster: FleetCluster): void {
    const hub = this.hubConstruct;
    if (!hub || cluster.access !== ClusterAccess.HUB) return;
    if (cluster.hubCredentials) {
      hub.addMember(cluster.clusterName, { credentials: cluster.hubCredentials, credentialType: cluster.hubCredentialType });
    }
    if (this.delivery?.tool === GitOpsTool.ARGO_CD && !this.argoProxyClient) {
      this.argoProxyClient = true;
      hub.addProxyClient({ namespace: this.delivery.argoCdOptions!.namespace ?? 'argocd', name: 'argocd-application-controller' });
    }
  }

  /** Per-object annotations for the tool. @internal */
  public _annotate(o: any): void {
    if (this.delivery?.argoCdOptions) annotateForArgoCd(o, this.delivery.argoCdOptions);
    if (this.delivery?.fluxOptions) annotateForFlux(o);
  }

  private deliveryObjects(): any[] {
    if (!(this.delivery instanceof GitOps)) return [];
    return this.delivery.tool === GitOpsTool.ARGO_CD ? this.argoCdObjects() : this.fluxObjects();
  }

  private argoCdObjects(): any[] {
    const a = this.delivery.argoCdOptions!;
    const namespace = a.namespace ?? 'argocd';
    const project = a.project ?? 'default';
    const spec = (path: string, server: string) => ({
      project,
      source: source(a, path),
      destination: { server },
      ignoreDifferences: ignoreDifferences(),
      syncPolicy: syncPolicy(a),
    });
    if (a.applicationSet) {
      return [{
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: this.fleetName, namespace },
        spec: {
          goTemplate: true,
          goTemplateOptions: ['missingkey=error'],
          generators: [{ clusters: { selector: { matchLabels: { [FLEET_LABEL]: this.fleetName } } } }],
          template: {
            metadata: { name: `${this.fleetName}-{{.name}}`, labels: { [FLEET_LABEL]: this.fleetName } },
            spec: spec('clusters/{{.name}}', '{{.server}}'),
          },
          // Deleting the ApplicationSet must not delete what runs in the clusters.
          syncPolicy: { preserveResourcesOnDeletion: true },
        },
      }];
    }
    return this.clusters.map((c) => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: `${this.fleetName}-${c.clusterName}`, namespace, labels: { [FLEET_LABEL]: this.fleetName } },
      spec: spec(c.path, c.server ?? ''),
    }));
  }

  private fluxObjects(): any[] {
    const f = this.delivery.fluxOptions!;
    const namespace = f.namespace ?? 'flux-system';
    const interval = f.interval ?? '10m';
    const src = f.source;
    const labels = { [FLEET_LABEL]: this.fleetName };
    const objects: any[] = [{
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: src.kind,
      metadata: { name: this.fleetName, namespace, labels },
      spec: {
        interval,
        url: src.url,
        ref: src.kind === 'OCIRepository' ? { tag: src.ref } : { branch: src.ref },
        ...(src.secretName ? { secretRef: { name: src.secretName } } : {}),
      },
    }];
    for (const cluster of this.clusters) {
      const base = (name: string, path: string, dependsOn: string[], wait: boolean) => ({
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name, namespace, labels: { ...labels, 'gateway.cdk8s.io/cluster': cluster.clusterName } },
        spec: {
          interval,
          retryInterval: '2m',
          timeout: '5m',
          sourceRef: { kind: src.kind, name: this.fleetName },
          path: `./${joinPath(f.repoPath, path)}`,
          prune: f.prune ?? true,
          wait,
          ...(dependsOn.length > 0 ? { dependsOn: [...new Set(dependsOn)].sort(compareStrings).map((n) => ({ name: n })) } : {}),
          ...(cluster.access === ClusterAccess.IN_CLUSTER ? {} : { kubeConfig: { secretRef: { name: cluster.kubeConfigSecretName, key: 'value' } } }),
        },
      });
      const nsName = `${cluster.clusterName}-namespaces`;
      const hasNamespaces = cluster.namespacesFolder._objects().length > 0;
      if (hasNamespaces) objects.push(base(nsName, cluster.namespacesFolder.basePath, [], true));
      for (const folder of cluster.folders) {
        const name = `${cluster.clusterName}-${folder.path.slice(cluster.path.length + 1).replace(/\//g, '-')}`;
        const after = hasNamespaces ? [nsName] : [];
        // Base layers do not wait for rollouts: a cert-manager webhook certificate is in the
        // custom-resources layer, which would otherwise wait for a Deployment that waits for it.
        if (folder.hasBase) objects.push(base(name, folder.basePath, after, false));
        if (folder.hasCustomResources) {
          objects.push(base(`${name}-custom-resources`, folder.customResourcesPath,
            [...after, ...(folder.hasBase ? [name] : []), ...(f.operatorKustomizations ?? [])], true));
        }
      }
    }
    return objects;
  }

  private validateFleet(): string[] {
    const v = new Problems();
    v.check(typeof this.fleetName === 'string' && isDnsLabel(this.fleetName), 'name', 'must be a DNS-1123 label', this.fleetName);
    if (!(this.delivery instanceof GitOps)) {
      v.add('delivery', 'must be GitOps.argoCd(...) or GitOps.flux(...)', this.delivery);
    } else {
      v.merge('delivery', this.delivery._problems());
    }
    v.check(this.hub === undefined || this.hub instanceof ClusterGatewayHub, 'hub', 'must be a ClusterGatewayHub', this.hub);
    v.check(this.clusterList.length > 0, 'clusters', 'must have at least one cluster (add one with addCluster)');
    const byName = new Map<string, string[]>();
    for (const c of this.clusterList) byName.set(c.clusterName, [...(byName.get(c.clusterName) ?? []), c.node.path]);
    for (const [name, paths] of byName) {
      if (paths.length > 1) v.add(`clusters[${show(name)}]`, `must be declared once: cluster names must be unique (got ${paths.length}: ${paths.join(', ')})`);
    }
    for (const c of this.clusters) {
      const field = `clusters[${show(c.clusterName)}]`;
      if (c.access === ClusterAccess.HUB) {
        if (!this.hub) {v.add(`${field}.access`, 'is Hub but the fleet has no hub: set FleetProps.hub, or use ClusterAccess.DIRECT with a server');} else if (!this.hub.memberNames.includes(c.clusterName)) {
          v.add(`${field}.access`, `is Hub but the hub has no member ${show(c.clusterName)}: register it with hub.addMember(${show(c.clusterName)}, ...)`
            + ` (members: ${this.hub.memberNames.join(', ') || 'none'})`);
        }
      }
      if (this.delivery?.argoCdOptions) {
        for (const problem of certgenWithoutHooks(c)) v.add(field, problem);
        if (this.delivery.argoCdOptions.applicationSet && c.access === ClusterAccess.IN_CLUSTER) {
          v.add(`${field}.access`, 'cannot be InCluster with an ApplicationSet: the clusters generator selects labelled cluster Secrets, and the in-cluster cluster has none; '
            + 'register the cluster with a Secret and use ClusterAccess.DIRECT');
        }
      }
    }
    return v.list;
  }
}

/** A certgen Job that Argo CD would lose: deleted the moment it finishes, before Argo CD sees it (argo-cd#6880). */
function certgenWithoutHooks(cluster: FleetCluster): string[] {
  const problems: string[] = [];
  for (const folder of cluster.folders) {
    for (const o of folder._objects()) {
      if (o.kind === 'Job' && o.metadata?.labels?.['app.kubernetes.io/component'] === 'admission-webhook' && o.metadata?.annotations?.[HOOK] === undefined) {
        problems.push(`Job ${show(`${o.metadata.namespace}/${o.metadata.name}`)} in ${folder.path} runs certgen outside Argo CD hooks: Argo CD would apply it on every sync and lose it when it finishes (argo-cd#6880); `
          + 'set admissionWebhooks.certificates to WebhookCertificates.certManager() or WebhookCertificates.certgen({ argoCdHooks: true })');
      }
    }
  }
  return problems;
}

/**
 * One cluster of a {@link Fleet}: the folder `clusters/<name>`, its `namespaces/` folder and a
 * folder per gateway or group of constructs. Rules that span gateways (one IngressClass, one
 * election ID, one namespace per gateway) apply within the cluster, so two clusters can run the
 * same gateway.
 *
 * @example
 * const eu = fleet.addCluster('eu-1', { server: 'https://eu-1.example.com:6443', gatewayService: { loadBalancerClass: 'eu-lb' } });
 * eu.addGateway('edge', { project: 'edge' });
 * const monitoring = eu.addFolder('monitoring'); // add ServiceMonitors, rules, ... here
 */
export class FleetCluster extends Construct {
  /** The cluster name. */
  public readonly clusterName: string;
  /** How the delivery tool reaches it. */
  public readonly access: ClusterAccess;
  /** Credentials the fleet registers with the hub. */
  public readonly hubCredentials?: MemberCredentials;
  /** Kind of the hub credentials. */
  public readonly hubCredentialType?: ClusterCredentialType;
  /** The cluster's folder, `clusters/<name>`. */
  public readonly path: string;
  /** The Flux kubeconfig Secret name. */
  public readonly kubeConfigSecretName: string;
  /** The folder with the Namespaces the cluster owns. */
  public readonly namespacesFolder: KustomizeFolder;
  /** Labels of the cluster. */
  public readonly labels: { [key: string]: string };

  private readonly props: FleetClusterProps;
  private readonly folderList: KustomizeFolder[] = [];
  private readonly fleet: Fleet;

  constructor(fleet: Fleet, id: string, props: FleetClusterProps) {
    super(fleet, id);
    markClusterScope(this);
    this.fleet = fleet;
    this.props = props;
    this.clusterName = props.name ?? id;
    this.access = props.access ?? ClusterAccess.DIRECT;
    this.labels = { ...(props.labels ?? {}) };
    this.path = `clusters/${this.clusterName}`;
    this.kubeConfigSecretName = props.kubeConfigSecretName ?? `${this.clusterName}-kubeconfig`;
    this.hubCredentials = props.hubCredentials;
    this.hubCredentialType = props.hubCredentialType;

    const root = new KustomizeFolder(this, 'root', { path: this.path });
    setFolderHooks(root, {});
    this.namespacesFolder = new KustomizeFolder(this, 'namespaces', { path: `${this.path}/namespaces` });
    setFolderHooks(this.namespacesFolder, {
      extraObjects: () => this.ownedNamespaces(),
      annotate: (o) => this.fleet._annotate(o),
    });
    this.node.addValidation({ validate: () => this.validateCluster() });
    fleet._addCluster(this);
  }

  /** The API server URL the delivery tool uses (direct, in-cluster or the hub's proxy path), when known. */
  public get server(): string | undefined {
    if (this.access === ClusterAccess.IN_CLUSTER) return IN_CLUSTER_URL;
    if (this.access === ClusterAccess.HUB) return this.fleet.hub?.proxyUrl(this.clusterName);
    return this.props.server;
  }

  /** The folders added with addFolder or addGateway, sorted by path. */
  public get folders(): KustomizeFolder[] {
    return [...this.folderList].sort((a, b) => compareStrings(a.path, b.path));
  }

  /**
   * Adds a folder `clusters/<cluster>/<name>`: a chart for a gateway, monitoring, logging, routes
   * or anything else this cluster runs. Objects in it get the delivery tool's annotations.
   */
  public addFolder(name: string): KustomizeFolder {
    const folder = new KustomizeFolder(this, `folder-${name}`, { path: `${this.path}/${name}` });
    setFolderHooks(folder, { annotate: (o) => this.fleet._annotate(o) });
    this.folderList.push(folder);
    return folder;
  }

  /**
   * Adds a KsGateway in its own folder named after `id`, with this cluster's `gatewayService`
   * settings merged over `props.service`.
   */
  public addGateway(id: string, props: KsGatewayProps = {}): KsGateway {
    const folder = this.addFolder(id);
    const service = this.props.gatewayService || props?.service ? { ...(props?.service ?? {}), ...(this.props.gatewayService ?? {}) } : undefined;
    return new KsGateway(folder, id, { ...(props ?? {}), ...(service ? { service } : {}) });
  }

  /** Namespaces used by the cluster's objects, not rendered by them, not owned by someone else. */
  private ownedNamespaces(): any[] {
    const objects = this.folders.flatMap((f) => f._objects());
    const rendered = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    const skip = new Set([...SYSTEM_NAMESPACES, ...(this.props.unmanagedNamespaces ?? [])]);
    const hooked = new Set(objects.filter((o) => o.metadata?.annotations?.[HOOK]?.includes('PreSync')).map((o) => o.metadata.namespace));
    const used = [...new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => typeof n === 'string'))]
      .filter((n) => !rendered.has(n) && !skip.has(n)).sort(compareStrings);
    return used.map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: { 'kubernetes.io/metadata.name': name },
        // PreSync hooks (certgen) run before the Sync phase creates Namespaces: create this one as a hook too.
        ...(this.fleet.delivery?.argoCdOptions && hooked.has(name) ? { annotations: { [HOOK]: 'PreSync' } } : {}),
      },
    }));
  }

  private validateCluster(): string[] {
    const v = new Problems();
    v.check(typeof this.clusterName === 'string' && isDnsLabel(this.clusterName), 'name', 'must be a DNS-1123 label', this.clusterName);
    v.check(Object.values(ClusterAccess).includes(this.access), 'access', `must be one of ${Object.values(ClusterAccess).join(', ')}`, this.access);
    if (this.access === ClusterAccess.DIRECT) {
      v.check(typeof this.props.server === 'string' && /^https:\/\/[^/\s]+/.test(this.props.server), 'server',
        'must be the https:// URL of the API server for ClusterAccess.DIRECT (the delivery tool cannot reach the cluster otherwise)', this.props.server);
    } else {
      v.check(this.props.server === undefined, 'server', `must not be set with ClusterAccess.${this.access === ClusterAccess.HUB ? 'HUB' : 'IN_CLUSTER'}: the URL is computed`, this.props.server);
    }
    v.labels('labels', this.props.labels);
    for (const folder of this.folders) {
      const name = folder.path.slice(this.path.length + 1);
      v.check(isDnsLabel(name) && name !== 'namespaces', 'folders', 'must be named with a DNS-1123 label other than "namespaces" (one level under the cluster folder)', name);
    }
    const gateways = this.node.findAll().filter((c): c is KsGateway => c instanceof KsGateway);
    const seen = new Map<string, KsGateway>();
    for (const g of gateways.sort((a, b) => compareStrings(a.node.path, b.node.path))) {
      const key = `${g.namespace}/${g.gatewayName}`;
      const first = seen.get(key);
      if (first) v.add('gateways', `must be unique on a cluster: ${g.node.path} and ${first.node.path} are both gateway ${show(key)}`);
      else seen.set(key, g);
    }
    return v.list;
  }
}
