/**
 * Each KustomizeFolder's objects, rendered once while a synthesis runs: validation, a fleet's
 * Kustomizations and Namespaces, and the files all read them, and a fleet's folders read one
 * another's, so without it every folder would be rendered several times.
 */
let cache: Map<object, any[]> | undefined;

/**
 * Runs `fn` with every folder's objects rendered at most once. Nothing may change the construct
 * tree meanwhile: this is for a synthesis, which only reads it.
 */
export function withFolderObjectsCache<T>(fn: () => T): T {
  if (cache !== undefined) return fn();
  cache = new Map();
  try {
    return fn();
  } finally {
    cache = undefined;
  }
}

/** `render()` of `folder`, once per {@link withFolderObjectsCache}; every time outside it. */
export function folderObjects(folder: object, render: () => any[]): any[] {
  if (cache === undefined) return render();
  let objects = cache.get(folder);
  if (objects === undefined) {
    objects = render();
    cache.set(folder, objects);
  }
  return objects;
}
