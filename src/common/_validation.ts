/**
 * Validation helpers shared by every construct.
 *
 * Checks are pure: they collect messages instead of throwing, so that one synth reports every
 * problem at once (registered through `node.addValidation`, which cdk8s prefixes with the
 * construct path). Message shape: `<field> <what is wrong> (got <value>)`, lower case, no period.
 */

/** Longest rendering of a value in a message; a 1 MiB value is not echoed in full. */
const MAX_SHOWN = 120;

/**
 * Renders a value the way a user wrote it, for the `(got ...)` part of a message: strings quoted,
 * NaN and Infinity as such (JSON would print null), long values cut with the full length named.
 */
export function show(value: unknown): string {
  const text = render(value);
  if (text.length <= MAX_SHOWN) return text;
  const length = typeof value === 'string' ? `${value.length} characters` : `${text.length} characters as JSON`;
  return `${text.slice(0, MAX_SHOWN - 20)}... (${length})`;
}

function render(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  try {
    return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `${v}` : v)) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A list of problems found in one construct's props. */
export class Problems {
  private readonly messages: string[] = [];

  /** Records a problem: `field` is the prop path the user wrote, `message` what is expected. */
  public add(field: string, expected: string, got?: unknown): void {
    const suffix = arguments.length >= 3 ? ` (got ${show(got)})` : '';
    this.messages.push(`${field} ${expected}${suffix}`);
  }

  /** Records a problem unless `ok` holds. */
  public check(ok: boolean, field: string, expected: string, got?: unknown): void {
    if (ok) return;
    if (arguments.length >= 4) this.add(field, expected, got);
    else this.add(field, expected);
  }

  /**
   * Checks that `value`, when given, is an integer within [min, max]. Without `max`, the bound is
   * the API server's: int32.
   */
  public integer(field: string, value: number | undefined, min: number, max?: number): void {
    if (value === undefined) return;
    if (!Number.isInteger(value)) {
      this.add(field, 'must be an integer', value);
    } else if (max === undefined && value > INT32_MAX) {
      this.add(field, `must fit in int32 (at most ${INT32_MAX})`, value);
    } else if (value < min || value > (max ?? INT32_MAX)) {
      const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
      this.add(field, `must be ${range}`, value);
    }
  }

  /** Checks that `value`, when given, is one of `allowed` (an API server enum). */
  public oneOf(field: string, value: string | undefined, allowed: readonly string[]): void {
    if (value === undefined) return;
    this.check(allowed.includes(value), field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }

  /** Checks that `value`, when given, is an IPv4 or IPv6 address. */
  public ip(field: string, value: string | undefined): void {
    if (value === undefined) return;
    this.check(isIp(value), field, 'must be an IPv4 or IPv6 address', value);
  }

  /** Checks that `value`, when given, is an IPv4 or IPv6 CIDR. */
  public cidr(field: string, value: string | undefined): void {
    if (value === undefined) return;
    this.check(isCidr(value), field, 'must be a CIDR such as "10.0.0.0/8"', value);
  }

  /** Checks that `value`, when given, is a quantity as Kubernetes parses it (`100m`, `1Gi`, `1e3`). */
  public quantity(field: string, value: string | number | undefined): void {
    if (value === undefined) return;
    this.check(parseQuantity(String(value)) !== undefined, field, 'must be a quantity such as "100m", "90Mi" or "1e3"', value);
  }

  /** Checks that `value`, when given, is a non-negative integer or a percentage up to 100%. */
  public intOrPercent(field: string, value: number | string | undefined): void {
    if (value === undefined) return;
    this.check(isIntOrPercent(value), field, 'must be a non-negative integer or a percentage from "0%" to "100%"', value);
  }

  /** Checks that `value`, when given, is an environment variable name the API server accepts. */
  public envName(field: string, value: string | undefined): void {
    if (value === undefined) return;
    this.check(isEnvVarName(value), field, 'must be an environment variable name: letters, digits, "_", "-" or ".", not starting with a digit', value);
  }

  /** Checks that `value`, when given, is a Go duration such as `"8760h0m0s"` (cert-manager durations). */
  public duration(field: string, value: string | undefined): void {
    if (value === undefined) return;
    this.check(isGoDuration(value), field, 'must be a duration such as "2160h", "90m" or "8760h0m0s"', value);
  }

  /** Checks that `value`, when given, is a DNS-1123 label (Service, Namespace names). */
  public dnsLabel(field: string, value: string | undefined): void {
    if (value === undefined) return;
    this.check(isDnsLabel(value), field, 'must be a DNS-1123 label: at most 63 lower-case letters, digits or "-", starting and ending with a letter or digit', value);
  }

  /** Checks that `value`, when given, is a DNS-1123 subdomain (most object names). */
  public dnsSubdomain(field: string, value: string | undefined): void {
    if (value === undefined) return;
    this.check(isDnsSubdomain(value), field, 'must be a DNS-1123 subdomain: at most 253 lower-case letters, digits, "-" or ".", starting and ending with a letter or digit', value);
  }

  /** Checks that `value`, when given, is a label value (it is written into labels). */
  public label(field: string, value: string | undefined): void {
    if (value === undefined) return;
    this.check(isLabelValue(value), field, 'must be a label value: at most 63 characters of [A-Za-z0-9_.-], starting and ending with a letter or digit', value);
  }

  /** Checks every key and value of a label map. */
  public labels(field: string, labels: Record<string, string> | undefined): void {
    for (const [key, value] of Object.entries(labels ?? {})) {
      this.check(isQualifiedName(key), `${field}[${show(key)}]`, 'key must be a qualified name ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-])', key);
      this.check(typeof value === 'string' && isLabelValue(value), `${field}[${show(key)}]`, 'must be a label value: at most 63 characters of [A-Za-z0-9_.-], starting and ending with a letter or digit', value);
    }
  }

  /** Checks every key of an annotation map (values are free text) and their total size, as the API server does. */
  public annotations(field: string, annotations: Readonly<Record<string, string>> | undefined): void {
    let size = 0;
    for (const [key, value] of Object.entries(annotations ?? {})) {
      this.check(isQualifiedName(key), `${field}[${show(key)}]`, 'key must be a qualified name ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-])', key);
      this.check(typeof value === 'string', `${field}[${show(key)}]`, 'must be a string', value);
      size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    }
    this.check(size <= MAX_ANNOTATIONS_SIZE, field, `must total at most ${MAX_ANNOTATIONS_SIZE} bytes (256 KiB) of keys and values`, `${size} bytes`);
  }

  /** Appends all problems of another list, each field prefixed with `prefix`. */
  public merge(prefix: string, other: readonly string[]): void {
    for (const m of other) this.messages.push(prefix ? `${prefix}.${m}` : m);
  }

  /** The problems found, in the order they were found. */
  public get list(): string[] {
    return [...this.messages];
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: what Kubernetes requires of Service and Namespace names. */
export function isDnsLabel(value: string): boolean {
  return typeof value === 'string' && value.length <= 63 && DNS_LABEL.test(value);
}

/** A DNS-1123 subdomain: what Kubernetes requires of most object names. */
export function isDnsSubdomain(value: string): boolean {
  return typeof value === 'string' && value.length <= 253 && value.split('.').every((p) => DNS_LABEL.test(p));
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A label value: empty, or up to 63 alphanumerics, `-`, `_` and `.`, alphanumeric at both ends. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name a label value. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || !isLabelValue(name)) return false;
  return parts.length === 1 || isDnsSubdomain(parts[0]);
}

/** The largest int32, the bound of every integer field of the Kubernetes API. */
export const INT32_MAX = 2147483647;

/** The API server's limit on the total size of an object's annotations (keys and values). */
export const MAX_ANNOTATIONS_SIZE = 256 * 1024;

/** A Kubernetes int-or-percent value such as `1` or `"25%"` (a percentage at most 100%). */
export function isIntOrPercent(value: number | string): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= INT32_MAX;
  return typeof value === 'string' && /^\d+%$/.test(value) && Number(value.slice(0, -1)) <= 100;
}

/** An environment variable name as the API server accepts it (`IsEnvVarName`). */
export function isEnvVarName(value: string): boolean {
  return typeof value === 'string' && /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(value);
}

/** A Go `time.Duration` string such as `"8760h0m0s"`, as cert-manager parses it. */
export function isGoDuration(value: string): boolean {
  return typeof value === 'string' && /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(value);
}

/** An IPv4 or IPv6 address (no zone, no CIDR suffix). */
export function isIp(value: string): boolean {
  if (typeof value !== 'string') return false;
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value)) return true;
  return isIpv6(value);
}

function isIpv6(value: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(value) || !value.includes(':')) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const parts = halves.flatMap(groups);
  let count = parts.length;
  const last = parts[parts.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIp(last) || last.includes(':')) return false;
    count += 1;
    parts.pop();
  }
  if (!parts.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}

// Kubernetes' quantity grammar: a signed decimal number, then a binary suffix (Ki..Ei), a decimal
// suffix (n, u, m, k, M..E) or a decimal exponent (e3, E-2).
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?[0-9]+))?$/;
const SUFFIX: Record<string, number> = {
  'n': 1e-9,
  'u': 1e-6,
  '': 1,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** The value of a Kubernetes quantity such as `"100m"` or `"90Mi"`, or undefined when malformed. */
export function parseQuantity(q: string): number | undefined {
  const m = typeof q === 'string' ? QUANTITY.exec(q) : null;
  if (!m) return undefined;
  const value = m[3] !== undefined ? Number(m[1]) * 10 ** Number(m[3]) : Number(m[1]) * SUFFIX[m[2] ?? ''];
  return Number.isFinite(value) ? value : undefined;
}

/** An IPv4 or IPv6 CIDR. */
export function isCidr(value: string): boolean {
  if (typeof value !== 'string') return false;
  const slash = value.lastIndexOf('/');
  if (slash > 0 && value.includes(':')) return isIpv6(value.slice(0, slash)) && /^(12[0-8]|1[01]\d|[1-9]?\d)$/.test(value.slice(slash + 1));
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
  const v6 = /^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
  return v4.test(value) || (value.includes(':') && v6.test(value));
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/**
 * The known name closest to `name` (ignoring case; the first of equally close ones), when it is at
 * most `maxDistance` edits away: the "did you mean" of every message about an unknown name.
 */
export function closest(name: string, known: readonly string[], maxDistance: number): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= maxDistance ? best : undefined;
}
