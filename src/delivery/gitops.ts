import { Problems } from '../common/_validation';

/** Options of delivery by Argo CD. */
export interface ArgoCdOptions {
  /** Git repository Argo CD reads the folders from. */
  readonly repoUrl: string;
  /** Branch, tag or commit. @default "HEAD" */
  readonly targetRevision?: string;
  /** Path in the repository where the output is committed (the folder holding `clusters/`). @default "." */
  readonly repoPath?: string;
  /** Namespace of Argo CD. @default "argocd" */
  readonly namespace?: string;
  /** Argo CD project of the Applications. @default "default" */
  readonly project?: string;
  /**
   * Annotate every object with `argocd.argoproj.io/sync-wave` by layer (0 Namespaces, 1 cluster
   * config, 2 RBAC, 3 config, 4 workloads, 5 webhooks, 6 custom resources). Off by default: Argo
   * CD already applies in kind order, and waves are ignored with `ServerSideApply=true` (argo-cd#13320).
   * @default false
   * @see argocd.argoproj.io/sync-wave
   */
  readonly syncWaves?: boolean;
  /**
   * One ApplicationSet with a `clusters` generator instead of one Application per cluster. It
   * selects the Argo CD cluster Secrets labelled `gateway.cdk8s.io/fleet: <fleet name>`, whose
   * `name` must equal the fleet cluster's name.
   * @default false
   * @see ApplicationSet clusters generator
   */
  readonly applicationSet?: boolean;
  /** Sync retries before Argo CD gives up. @default 5 @see spec.syncPolicy.retry.limit */
  readonly retryLimit?: number;
  /** Automated sync removes objects that left Git (never Namespaces: they carry `Prune=false`). @default true @see spec.syncPolicy.automated.prune */
  readonly prune?: boolean;
  /** Automated sync reverts changes made in the cluster. @default true @see spec.syncPolicy.automated.selfHeal */
  readonly selfHeal?: boolean;
}

/** A Git repository as a Flux source. */
export interface FluxGitSourceProps {
  /** Repository URL (`https://` or `ssh://`). */
  readonly url: string;
  /** Branch. @default "main" */
  readonly branch?: string;
  /** Secret (in the Flux namespace) with the credentials. @default - a public repository */
  readonly secretName?: string;
}

/** An OCI artifact (`flux push artifact`) as a Flux source. */
export interface FluxOciSourceProps {
  /** Artifact URL, `oci://...`. */
  readonly url: string;
  /** Tag. @default "latest" */
  readonly tag?: string;
  /** Secret (in the Flux namespace) with the registry credentials. @default - a public registry */
  readonly secretName?: string;
}

/** Where Flux fetches the folders from. */
export class FluxSource {
  /** A `GitRepository`. */
  public static gitRepository(props: FluxGitSourceProps): FluxSource {
    return new FluxSource('GitRepository', props.url, props.branch ?? 'main', props.secretName);
  }

  /** An `OCIRepository`. */
  public static ociRepository(props: FluxOciSourceProps): FluxSource {
    return new FluxSource('OCIRepository', props.url, props.tag ?? 'latest', props.secretName);
  }

  private constructor(
    /** `GitRepository` or `OCIRepository`. */
    public readonly kind: string,
    /** Repository or artifact URL. */
    public readonly url: string,
    /** Branch (Git) or tag (OCI). */
    public readonly ref: string,
    /** Secret with credentials, if any. */
    public readonly secretName?: string,
  ) {}
}

/** Options of delivery by Flux. */
export interface FluxOptions {
  /** Where Flux fetches the folders from. */
  readonly source: FluxSource;
  /** Path in the source where the output is (the folder holding `clusters/`). @default "." */
  readonly repoPath?: string;
  /** Namespace of Flux. @default "flux-system" */
  readonly namespace?: string;
  /** Reconcile interval. @default "10m" @see spec.interval */
  readonly interval?: string;
  /**
   * Flux Kustomizations (in the Flux namespace) that install the operators and CRDs of the
   * custom resources (prometheus-operator, cert-manager, fluent-operator): every
   * `custom-resources` layer depends on them, because Flux cannot skip the dry run of a kind
   * whose CRD is missing (kustomize-controller#1194).
   * @default - none
   * @see spec.dependsOn
   */
  readonly operatorKustomizations?: string[];
  /** Remove objects that left the source (never Namespaces: they carry `prune: disabled`). @default true @see spec.prune */
  readonly prune?: boolean;
}

/** The tool that delivers a fleet. */
export enum GitOpsTool {
  ARGO_CD = 'ArgoCD',
  FLUX = 'Flux',
}

/** How a fleet's folders reach their clusters: Argo CD or Flux, with their options. */
export class GitOps {
  /** Argo CD Applications (or one ApplicationSet), run on the management cluster. */
  public static argoCd(options: ArgoCdOptions): GitOps {
    return new GitOps(GitOpsTool.ARGO_CD, options, undefined);
  }

  /** Flux source and Kustomizations, run on the management cluster. */
  public static flux(options: FluxOptions): GitOps {
    return new GitOps(GitOpsTool.FLUX, undefined, options);
  }

  private constructor(
    /** The tool. */
    public readonly tool: GitOpsTool,
    /** Argo CD options, when the tool is Argo CD. */
    public readonly argoCdOptions?: ArgoCdOptions,
    /** Flux options, when the tool is Flux. */
    public readonly fluxOptions?: FluxOptions,
  ) {}

  /** Problems of the options, field names relative to `delivery`. @internal */
  public _problems(): string[] {
    const v = new Problems();
    const a = this.argoCdOptions;
    if (a) {
      v.check(typeof a.repoUrl === 'string' && /^(https|ssh|git):\/\/|^git@/.test(a.repoUrl), 'repoUrl', 'must be a Git URL (https://, ssh:// or git@)', a.repoUrl);
      v.integer('retryLimit', a.retryLimit, 0);
      v.dnsLabel('namespace', a.namespace);
    }
    const f = this.fluxOptions;
    if (f) {
      v.check(f.source instanceof FluxSource, 'source', 'must be FluxSource.gitRepository(...) or FluxSource.ociRepository(...)', f.source);
      if (f.source instanceof FluxSource) {
        const ok = f.source.kind === 'OCIRepository' ? /^oci:\/\//.test(f.source.url) : /^(https|ssh):\/\//.test(f.source.url);
        v.check(ok, 'source.url', f.source.kind === 'OCIRepository' ? 'must start with oci://' : 'must start with https:// or ssh://', f.source.url);
      }
      v.check(f.interval === undefined || /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(f.interval), 'interval', 'must be a duration such as "10m"', f.interval);
      v.dnsLabel('namespace', f.namespace);
    }
    return v.list;
  }
}
