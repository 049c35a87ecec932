/**
 * Internal wiring between a KustomizeFolder and whoever delivers it (a Fleet): per-object
 * annotations (Argo CD, Flux) and generated objects (the Namespaces a cluster owns), applied to
 * the JSON at synthesis so the result does not depend on when constructs were added.
 */
export interface FolderHooks {
  /** Objects added to the folder's own ones (e.g. Namespaces computed from sibling folders). */
  readonly extraObjects?: () => any[];
  /** Changes one object in place (annotations). */
  readonly annotate?: (o: any) => void;
}

const HOOKS = new WeakMap<object, FolderHooks>();

export function setFolderHooks(folder: object, hooks: FolderHooks): void {
  HOOKS.set(folder, hooks);
}

export function folderHooks(folder: object): FolderHooks {
  return HOOKS.get(folder) ?? {};
}

/** Adds `option` to the comma-separated `argocd.argoproj.io/sync-options` annotation. */
export function addAnnotation(o: any, key: string, value: string, separator?: string): void {
  o.metadata = o.metadata ?? {};
  o.metadata.annotations = o.metadata.annotations ?? {};
  const current: string | undefined = o.metadata.annotations[key];
  if (current === undefined || separator === undefined) {
    o.metadata.annotations[key] = value;
  } else if (!current.split(separator).map((s) => s.trim()).includes(value)) {
    o.metadata.annotations[key] = `${current}${separator}${value}`;
  }
}
