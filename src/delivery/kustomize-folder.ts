import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, ChartProps, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { withFastCharts } from './_fast-charts';
import { folderObjects } from './_folder-cache';
import { folderHooks } from './_hooks';
import { CUSTOM_RESOURCES, isCustomResource, layerOf, sortByLayer } from './_layers';
import { OrderedChart } from './ordered-chart';
import { compareStrings } from '../common/_compare';
import { ScopeIndex } from '../common/_scope-index';
import { checkProps } from '../common/_shape';
import { Problems, show } from '../common/_validation';

/** Marks KustomizeFolders: `instanceof` is true for every Chart (cdk8s' Chart defines Symbol.hasInstance). */
const FOLDER = Symbol.for('cdk8s-ks-gateway.KustomizeFolder');

/** Sub-folder of a KustomizeFolder holding the objects that need no CRD, in apply order. */
const BASE = 'base';
/** Sub-folder holding custom resources: applied after their operators, skipped in dry runs. */
const CUSTOM = 'custom-resources';

/** Every KustomizeFolder of an App, grouped by path: paths are unique across the output tree. */
const FOLDERS = new ScopeIndex<KustomizeFolder>((f) => f.path);

/** Props of {@link KustomizeFolder}. */
export interface KustomizeFolderProps extends ChartProps {
  /**
   * Path of the folder under the output root, `/`-separated, e.g. `clusters/eu-1/edge`.
   * Each segment must be a DNS-1123 label.
   */
  readonly path: string;
}

/**
 * A Chart written as a kustomize folder: `kustomization.yaml` lists `base/` (Namespaces,
 * cluster config, RBAC, config, workloads, webhooks, in that order, one file per object) and
 * `custom-resources/` (objects whose kinds come from CRDs, such as ServiceMonitor or a
 * cert-manager Certificate), then the folders nested under it. The files are the same whatever
 * order the constructs were declared in, and `kubectl kustomize <folder>` builds every folder.
 *
 * `app.synth()` still writes the chart as one file; {@link KustomizeFolder.writeAll} writes the folders.
 *
 * @example
 * const edge = new KustomizeFolder(app, 'edge', { path: 'clusters/eu-1/edge' });
 * new KsGateway(edge, 'edge', { project: 'edge' });
 * KustomizeFolder.writeAll(app, 'dist/gitops');
 */
export class KustomizeFolder extends OrderedChart {
  /** True when `x` is a KustomizeFolder (`instanceof` holds for any Chart). */
  public static isKustomizeFolder(x: any): boolean {
    return x !== null && typeof x === 'object' && FOLDER in x;
  }

  /** Every KustomizeFolder under `scope`, sorted by path. */
  public static folders(scope: IConstruct): KustomizeFolder[] {
    return scope.node.findAll().filter((c): c is KustomizeFolder => KustomizeFolder.isKustomizeFolder(c))
      .sort((a, b) => compareStrings(a.path, b.path));
  }

  /**
   * The files of every KustomizeFolder in the App of `scope`: relative path to content.
   * Validates the App first, as `app.synth()` does, and throws the same error.
   */
  public static filesOf(scope: IConstruct): { [path: string]: string } {
    const app = App.of(scope);
    // FastSynth's value resolution and YAML writer (the same bytes), and each folder rendered once.
    return withFastCharts(app, () => {
      validateApp(app);
      const folders = KustomizeFolder.folders(app);
      const children = new Map<string, Set<string>>();
      for (const f of folders) {
        const parent = parentOf(f.path);
        if (!children.has(parent)) children.set(parent, new Set());
        children.get(parent)!.add(f.path.slice(parent.length + 1));
      }
      const files: { [path: string]: string } = {};
      for (const folder of folders) {
        const names = [...(children.get(folder.path) ?? [])]
          // A cluster's Namespaces first: the folders after it create objects in them.
          .sort((a, b) => (b === 'namespaces' ? 1 : 0) - (a === 'namespaces' ? 1 : 0) || compareStrings(a, b));
        Object.assign(files, folder.files(names));
      }
      return files;
    });
  }

  /**
   * Writes every KustomizeFolder in the App of `scope` under `outdir` (removing any previous
   * content of the folders written) and returns the relative paths of the files written, sorted.
   */
  public static writeAll(scope: IConstruct, outdir: string): string[] {
    const files = KustomizeFolder.filesOf(scope);
    const roots = new Set(Object.keys(files).map((f) => f.split('/')[0]));
    for (const root of roots) fs.rmSync(path.join(outdir, root), { recursive: true, force: true });
    const made = new Set<string>();
    for (const [file, content] of Object.entries(files)) {
      const dir = path.dirname(path.join(outdir, file));
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(path.join(outdir, file), content);
    }
    return Object.keys(files).sort(compareStrings);
  }

  /** The folder path under the output root. */
  public readonly path: string;

  constructor(scope: Construct, id: string, props: KustomizeFolderProps) {
    super(scope, id, props);
    // JavaScript callers pass anything: bad parts are reported at synth and dropped before use.
    const shape = checkProps<KustomizeFolderProps>('KustomizeFolderProps', props);
    props = shape.value;
    this.node.addValidation({ validate: () => shape.problems });
    Object.defineProperty(this, FOLDER, { value: true });
    this.path = props.path;
    FOLDERS.add(this.node.root, this);
    this.node.addValidation({ validate: () => this.validateFolder() });
  }

  /**
   * The folder's objects in apply order: layered (Namespaces, cluster config, RBAC, config,
   * workloads, webhooks, custom resources), each layer in OrderedChart's canonical order, with
   * the annotations of the tool that delivers the folder.
   */
  public toJson(): any[] {
    // No App validation here (Chart.toJson does one per chart): app.synth() and synthYaml() validate
    // once before they render, and a fleet's folders read one another, so it would repeat per folder.
    return this.renderObjects();
  }

  /** The objects of {@link toJson}, rendered once per synthesis. @internal */
  public _objects(): any[] {
    return folderObjects(this, () => this.renderObjects());
  }

  private renderObjects(): any[] {
    const hooks = folderHooks(this);
    const own = this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === this).map((o) => o.toJson());
    const objects = [...own, ...(hooks.extraObjects?.() ?? [])];
    if (hooks.annotate) objects.forEach((o) => hooks.annotate!(o));
    return sortByLayer(objects);
  }

  /** True when the folder has objects that need no CRD (written to `base/`). */
  public get hasBase(): boolean {
    return this._objects().some((o) => !isCustomResource(o));
  }

  /** True when the folder has custom resources (written to `custom-resources/`). */
  public get hasCustomResources(): boolean {
    return this._objects().some((o) => isCustomResource(o));
  }

  /** Path of the sub-folder with the objects that need no CRD. */
  public get basePath(): string {
    return `${this.path}/${BASE}`;
  }

  /** Path of the sub-folder with the custom resources. */
  public get customResourcesPath(): string {
    return `${this.path}/${CUSTOM}`;
  }

  private files(children: string[]): { [path: string]: string } {
    const objects = this._objects();
    const files: { [path: string]: string } = {};
    const resources: string[] = [];
    const parts: Array<[string, any[]]> = [
      [BASE, objects.filter((o) => layerOf(o) < CUSTOM_RESOURCES)],
      [CUSTOM, objects.filter((o) => layerOf(o) === CUSTOM_RESOURCES)],
    ];
    for (const [sub, list] of parts) {
      if (list.length === 0) continue;
      const names = fileNames(list);
      list.forEach((o, i) => { files[`${this.path}/${sub}/${names[i]}`] = Yaml.stringify(o); });
      files[`${this.path}/${sub}/kustomization.yaml`] = kustomization(names);
      resources.push(sub);
    }
    files[`${this.path}/kustomization.yaml`] = kustomization([...resources, ...children]);
    return files;
  }

  private validateFolder(): string[] {
    const v = new Problems();
    const segments = typeof this.path === 'string' ? this.path.split('/') : [];
    v.check(segments.length > 0 && segments.every((s) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) && s !== BASE && s !== CUSTOM),
      'path', `must be "/"-separated DNS-1123 labels, none of them "${BASE}" or "${CUSTOM}"`, this.path);
    const others = FOLDERS.sameKey(this.node.root, this).filter((f) => f !== this);
    if (others.length > 0) v.add('path', `is used by another KustomizeFolder too (${others.map((f) => f.node.path).join(', ')})`, this.path);
    const seen = new Map<string, number>();
    for (const o of this._objects()) {
      const key = `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const [key, count] of seen) {
      if (count > 1) v.add('objects', `must be unique by apiVersion, kind, namespace and name: kustomize rejects duplicates (got ${count} × ${show(key)})`);
    }
    return v.list;
  }
}

function parentOf(p: string): string {
  return p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
}

/** `kind-name.yaml`, lower case; `kind-namespace-name.yaml` where a kind and name repeat. */
function fileNames(objects: any[]): string[] {
  const short = objects.map((o) => `${o.kind}-${o.metadata?.name}`.toLowerCase());
  return objects.map((o, i) => {
    const name = short.filter((s) => s === short[i]).length > 1 && o.metadata?.namespace
      ? `${o.kind}-${o.metadata.namespace}-${o.metadata.name}`.toLowerCase()
      : short[i];
    return `${name.replace(/[^a-z0-9.-]/g, '-')}.yaml`;
  });
}

function kustomization(resources: string[]): string {
  return Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources });
}

/** Runs the App's validations the way `app.synth()` does, so folders are never written from an invalid App. */
function validateApp(app: App): void {
  const errors = app.node.findAll().flatMap((c) => c.node.validate().map((message) => `  [${c.node.path}] ${message}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n${errors.join('\n')}`);
}

