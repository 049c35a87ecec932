import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { withFastResolve } from './_fast-resolve';
import { withFolderObjectsCache } from './_folder-cache';
import { fastYamlDocument, forgetDecidedStrings } from './_yaml';

/**
 * The whole-App work of cdk8s synthesis, done once instead of once per Chart.
 *
 * Stock cdk8s (`App._synthChart`, behind every `chart.toJson()`) infers dependencies across the
 * whole App and validates the whole App each time one Chart is serialized, so an App of N Charts
 * costs N whole-App passes. While {@link withFastCharts} runs, `_synthChart` for a Chart of the
 * given App skips both: dependencies are inferred once, on the first call (exactly as the first
 * stock call would), and validation is left to the one pass `App.synth()` already makes. Everything
 * else is cdk8s' own code (`App.synth`, `Chart.toJson` overrides, `ApiObject.toJson`), so the
 * objects and files are the ones stock synthesis makes, except value resolution: for an App with
 * cdk8s' default resolvers only, `resolve` takes the same steps without per-value allocations
 * (_fast-resolve.ts). `Yaml.stringify` meanwhile writes each
 * document with a writer that gives the same bytes as the stock one in a fraction of its time
 * (_yaml.ts), falling back to the stock writer for any document outside what it knows, a
 * KustomizeFolder's objects are rendered once (_folder-cache.ts), and
 * `Yaml.save` writes each document to the file as it is made instead of joining them all into one
 * string first (the same bytes; for one Chart of a thousand gateways, 27 MiB less to hold at once,
 * and a peak RSS about 50 MiB lower).
 */

/** The App whose charts are being synthesized, while {@link withFastCharts} runs (no nesting). */
let active: App | undefined;

/**
 * Runs `fn` with `chart.toJson()` doing no whole-App work for the charts of `app`. Charts of any
 * other App keep the stock behaviour. When the installed cdk8s has no `_synthChart` to replace,
 * `fn` runs unchanged (stock speed, same output).
 */
export function withFastCharts<T>(app: App, fn: () => T): T {
  const appClass = synthChartOwner(app);
  if (active !== undefined || appClass === undefined) return withFolderObjectsCache(fn);
  const original: (chart: Chart) => any[] = appClass._synthChart;
  const yamlClass: any = Yaml;
  const originalStringify: (...docs: any[]) => string = yamlClass.stringify;
  const originalSave: (filePath: string, docs: any[]) => void = yamlClass.save;
  const cache = new FindAllCache();
  let resolved = false;
  appClass._synthChart = function fastSynthChart(this: unknown, chart: Chart): any[] {
    if (rootOf(chart) !== app) return original.call(this, chart);
    if (!resolved) {
      resolveDependencies(app, cache);
      resolved = true;
    }
    return chartObjects(chart).map((o) => o.toJson());
  };
  // As cdk8s' Yaml.stringify: undefined documents are empty, documents are joined by `---`.
  const document = (self: unknown, d: any) => (d === undefined ? '\n' : fastYamlDocument(d) ?? originalStringify.call(self, d));
  yamlClass.stringify = function fastStringify(this: unknown, ...docs: any[]): string {
    return docs.map((d) => document(this, d)).join('---\n');
  };
  // As cdk8s' Yaml.save, `writeFileSync(file, stringify(...docs))`: the same bytes, written as
  // each document is made; an error leaves the file as it was.
  yamlClass.save = function fastSave(this: unknown, filePath: string, docs: any[]): void {
    writeJoinedAtomically(filePath, docs.length, (i) => document(this, docs[i]), '---\n');
  };
  active = app;
  try {
    return withFastResolve(app, () => withFolderObjectsCache(fn));
  } finally {
    appClass._synthChart = original;
    yamlClass.stringify = originalStringify;
    yamlClass.save = originalSave;
    forgetDecidedStrings();
    active = undefined;
  }
}

/** Characters of text written per `write`: large enough to be few calls, small next to a big file. */
const BATCH = 1024 * 1024;

/** Distinguishes the temporary files of one process. */
let tempFiles = 0;

/**
 * Writes `parts` (each made by `text` when its turn comes), joined by `separator`, to `filePath`
 * in UTF-8, a batch at a time, so that a big file is never held whole. The bytes go to a temporary
 * file beside the target, which then replaces it in one rename: if `text` throws, the target is as
 * it was, as with cdk8s' `Yaml.save`, which builds the whole text before it writes. An existing
 * target keeps its permissions, and a symbolic link is followed, as `writeFileSync` would.
 */
function writeJoinedAtomically(filePath: string, count: number, text: (i: number) => string, separator: string): void {
  const target = followLinks(filePath);
  let mode: number | undefined;
  const existing = fs.existsSync(target) ? fs.statSync(target) : undefined;
  if (existing) {
    // Where writeFileSync would fail, fail the same way: a directory, a file we may not write.
    if (existing.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, open '${filePath}'`), { code: 'EISDIR' });
    fs.accessSync(target, fs.constants.W_OK);
    mode = existing.mode % 0o10000; // the permission bits, without the file type
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${tempFiles++}.tmp`);
  const fd = fs.openSync(temp, 'w', mode ?? 0o666);
  try {
    let batch: string[] = [];
    let size = 0;
    const flush = () => {
      const bytes = Buffer.from(batch.join(''), 'utf8');
      for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      batch = [];
      size = 0;
    };
    for (let i = 0; i < count; i++) {
      const part = text(i);
      if (i > 0) batch.push(separator);
      batch.push(part);
      size += part.length + separator.length;
      if (size >= BATCH) flush();
    }
    if (size > 0) flush();
    if (mode !== undefined) fs.fchmodSync(fd, mode);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

/** The file a write to `filePath` lands in: symbolic links followed, a dangling one included. */
function followLinks(filePath: string): string {
  let current = filePath;
  for (let hops = 0; hops < 40; hops++) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(current);
    } catch {
      return current; // nothing there yet: the write creates it
    }
    if (!stat.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  return current; // a loop: let the open fail as it would
}

/** The class in `app`'s prototype chain that owns the static `_synthChart` (cdk8s' `App`). */
function synthChartOwner(app: App): any {
  for (let c: any = app.constructor; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (Object.prototype.hasOwnProperty.call(c, '_synthChart') && typeof c._synthChart === 'function') return c;
  }
  return undefined;
}

function rootOf(c: IConstruct): IConstruct {
  return c.node.root;
}

/** `node.findAll()`, memoized for one synthesis (cdk8s' SynthRequestCache). */
class FindAllCache {
  private readonly byNode = new Map<Node, IConstruct[]>();

  public findAll(node: Node): IConstruct[] {
    let all = this.byNode.get(node);
    if (all === undefined) {
      all = node.findAll();
      this.byNode.set(node, all);
    }
    return all;
  }
}

/**
 * cdk8s' dependency inference, step for step and in the same order (the order dependencies are
 * added decides the order objects are written): a chart depends on the charts nested in it; a
 * dependency between constructs of two charts makes the first chart depend on the second; and
 * every API object under the source of a dependency depends on every API object under its target,
 * each side limited to its own chart.
 */
function resolveDependencies(app: App, cache: FindAllCache): void {
  const all = cache.findAll(app.node);
  for (const parent of all) {
    if (!Chart.isChart(parent)) continue;
    for (const child of parent.node.children) {
      if (Chart.isChart(child)) parent.node.addDependency(child);
    }
  }
  const deps = () => {
    const list: Array<{ source: IConstruct; target: IConstruct }> = [];
    for (const source of all) {
      for (const target of source.node.dependencies) list.push({ source, target });
    }
    return list;
  };
  for (const { source, target } of deps()) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
  }
  for (const { source, target } of deps()) {
    const sourceChart = Chart.of(source);
    const targetChart = Chart.of(target);
    const targets = cache.findAll(target.node).filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === targetChart);
    const sources = cache.findAll(source.node).filter((c) => ApiObject.isApiObject(c) && Chart.of(c) === sourceChart);
    for (const t of targets) {
      for (const s of sources) {
        if (t !== s) s.node.addDependency(t);
      }
    }
  }
}

/** The API objects a chart writes, in cdk8s' order: dependencies first, each in its nearest chart. */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart);
}
