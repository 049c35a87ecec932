import { createRequire } from 'module';

/**
 * A YAML writer for the shapes Kubernetes manifests are made of, writing exactly what cdk8s'
 * `Yaml.stringify` (the `yaml` package, YAML 1.1 schema, `lineWidth: 0`) writes, in a fraction
 * of the time: no document tree is built, each value is written once.
 *
 * It writes block maps and sequences of plain objects and arrays, safe integers, booleans, null and
 * single-line printable-ASCII strings, deciding between plain and double-quoted strings with the
 * `yaml` package's own rules (the same indicator test and the same YAML 1.1 tag patterns, read
 * from the package at load time). Any other document (a multi-line or non-ASCII string, a string
 * that would need single quotes or escapes, a float, an object seen twice, a class instance,
 * `undefined`) is written by the stock writer, whole, so the bytes never differ.
 */

/** Thrown (and caught) when a document leaves the supported subset. */
class Unsupported extends Error {}

/** The `yaml` package cdk8s itself uses (it may differ from this library's own copy). */
function cdk8sYaml(): any {
  try {
    return createRequire(require.resolve('cdk8s'))('yaml');
  } catch {
    return undefined;
  }
}

/**
 * Patterns of the YAML 1.1 scalars that are not strings (null, booleans, numbers, timestamps,
 * merge keys): a string matching one of them is quoted. Read from the `yaml` package's own schema,
 * so its rules and ours cannot drift apart. Undefined when the package cannot be read.
 */
const NON_STRING_TAGS: RegExp[] | undefined = (() => {
  const yaml = cdk8sYaml();
  if (!yaml?.Document) return undefined;
  const schema = new yaml.Document(null, { version: '1.1' }).schema;
  if (schema.compat) return undefined;
  return (schema.tags as any[])
    .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.tag !== 'tag:yaml.org,2002:merge' && t.test instanceof RegExp)
    .map((t) => t.test as RegExp);
})();

/** What the `yaml` package never writes plain (its `plainString` indicator test). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Starts like a document marker: the `yaml` package writes these as block scalars or quoted. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)/;
/** Characters outside printable ASCII: left to the stock writer (escapes, folding, BOMs). */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/** Longer keys are written as explicit keys (`? key`) by the `yaml` package. */
const MAX_KEY = 1000;

/**
 * Strings already decided, and how each is written (`undefined`: left to the stock writer).
 * Manifests repeat their keys and many values thousands of times; the decision runs a dozen
 * patterns, a lookup runs none. Bounded: emptied when full, short strings only.
 */
const decided = new Map<string, string | undefined>();
const MAX_DECIDED = 50_000;
const MAX_DECIDED_LENGTH = 200;

function scalarString(s: string): string {
  if (s.length > MAX_DECIDED_LENGTH) return decideString(s);
  let out = decided.get(s);
  if (out === undefined && !decided.has(s)) {
    try {
      out = decideString(s);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
    if (decided.size >= MAX_DECIDED) decided.clear();
    decided.set(s, out);
  }
  if (out === undefined) throw new Unsupported();
  return out;
}

function decideString(s: string): string {
  // `<<` is the merge key, which the `yaml` package writes plain as a key and as a value.
  if (NOT_PRINTABLE_ASCII.test(s) || DOCUMENT_MARKER.test(s) || s === '<<') throw new Unsupported();
  if (s === '' || NOT_PLAIN.test(s) || NON_STRING_TAGS!.some((t) => t.test(s))) {
    // The `yaml` package picks double quotes unless the string has a double quote and no single
    // one: then single quotes, inside which nothing is escaped. A backslash in double quotes needs
    // an escape, and a string with both quote kinds is left to it.
    const double = s.includes('"');
    if (double && !s.includes("'")) return `'${s}'`;
    if (double || s.includes('\\')) throw new Unsupported();
    return `"${s}"`;
  }
  return s;
}

function scalar(v: unknown): string {
  switch (typeof v) {
    case 'string': return scalarString(v);
    case 'number':
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw new Unsupported();
      return String(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      break;
  }
  throw new Unsupported();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Writes one document; `seen` catches objects met twice (the `yaml` package writes anchors).
 * Lines are collected and joined once: a string grown by `+=` is a rope in V8, several times the
 * size of its text until it is flattened, and a many-gateway App holds thousands of documents.
 */
class Writer {
  public readonly lines: string[] = [];
  private readonly seen = new Set<object>();

  /** A block map at `indent`; its first line starts with `first` (a sequence dash) instead. */
  public map(m: Record<string, unknown>, indent: string, first: string): void {
    this.visit(m);
    let prefix = first;
    for (const key of Object.keys(m)) {
      if (key.length > MAX_KEY) throw new Unsupported();
      this.value(m[key], `${prefix}${scalarString(key)}:`, indent);
      prefix = indent;
    }
  }

  /** A block sequence at `indent`; its first line starts with `first` instead. */
  public seq(a: unknown[], indent: string, first: string): void {
    this.visit(a);
    let prefix = first;
    for (const item of a) {
      const dash = `${prefix}- `;
      const inner = `${indent}  `;
      if (isPlainObject(item) && Object.keys(item).length > 0) this.map(item, inner, dash);
      else if (Array.isArray(item) && item.length > 0) this.seq(item, inner, dash);
      else this.lines.push(`${dash}${this.flowOrScalar(item)}\n`);
      prefix = indent;
    }
  }

  /** `head` is `<indent>key:`; the value goes after it, or below it when it is a collection. */
  private value(v: unknown, head: string, indent: string): void {
    if (isPlainObject(v) && Object.keys(v).length > 0) {
      this.lines.push(`${head}\n`);
      this.map(v, `${indent}  `, `${indent}  `);
    } else if (Array.isArray(v) && v.length > 0) {
      this.lines.push(`${head}\n`);
      this.seq(v, `${indent}  `, `${indent}  `);
    } else {
      this.lines.push(`${head} ${this.flowOrScalar(v)}\n`);
    }
  }

  private flowOrScalar(v: unknown): string {
    if (Array.isArray(v)) {
      this.visit(v);
      return '[]';
    }
    if (isPlainObject(v)) {
      this.visit(v);
      return '{}';
    }
    if (typeof v === 'object' && v !== null) throw new Unsupported();
    return scalar(v);
  }

  private visit(o: object): void {
    if (this.seen.has(o)) throw new Unsupported();
    this.seen.add(o);
  }
}

/**
 * One document as `Yaml.stringify(doc)` writes it, or undefined when the document is outside the
 * subset this writer knows to write identically.
 */
export function fastYamlDocument(doc: unknown): string | undefined {
  if (NON_STRING_TAGS === undefined || !isPlainObject(doc) || Object.keys(doc).length === 0) return undefined;
  const w = new Writer();
  try {
    w.map(doc, '', '');
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  return w.lines.join('');
}

/** Forgets the strings decided so far (FastSynth calls it when it is done: nothing outlives it). */
export function forgetDecidedStrings(): void {
  decided.clear();
}

/** True when this writer can be used (the `yaml` package's schema could be read). */
export function fastYamlAvailable(): boolean {
  return NON_STRING_TAGS !== undefined;
}
