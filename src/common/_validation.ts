/**
 * Validation helpers shared by every construct.
 *
 * Checks are pure: they collect messages instead of throwing, so that one synth reports every
 * problem at once (registered through `node.addValidation`, which cdk8s prefixes with the
 * construct path). Message shape: `<field> <what is wrong> (got <value>)`, lower case, no period.
 */

/** Renders a value the way a user wrote it, for the `(got ...)` part of a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value) ?? String(value);
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

  /** Checks that `value`, when given, is an integer within [min, max]. */
  public integer(field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (value === undefined) return;
    if (!Number.isInteger(value)) {
      this.add(field, 'must be an integer', value);
    } else if (value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
      this.add(field, `must be ${range}`, value);
    }
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

  /** Checks every key and value of a label map. */
  public labels(field: string, labels: Record<string, string> | undefined): void {
    for (const [key, value] of Object.entries(labels ?? {})) {
      this.check(isQualifiedName(key), `${field}[${show(key)}]`, 'key must be a qualified name ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-])', key);
      this.check(typeof value === 'string' && isLabelValue(value), `${field}[${show(key)}]`, 'must be a label value: at most 63 characters of [A-Za-z0-9_.-], starting and ending with a letter or digit', value);
    }
  }

  /** Checks every key of an annotation map (values are free text). */
  public annotations(field: string, annotations: Readonly<Record<string, string>> | undefined): void {
    for (const [key, value] of Object.entries(annotations ?? {})) {
      this.check(isQualifiedName(key), `${field}[${show(key)}]`, 'key must be a qualified name ([prefix/]name, name at most 63 characters of [A-Za-z0-9_.-])', key);
      this.check(typeof value === 'string', `${field}[${show(key)}]`, 'must be a string', value);
    }
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

/** A Kubernetes int-or-percent value such as `1` or `"25%"`. */
export function isIntOrPercent(value: number | string): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
  return /^\d+%$/.test(value);
}

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX: Record<string, number> = {
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
  const m = QUANTITY.exec(q);
  return m ? Number(m[1]) * SUFFIX[m[2] ?? ''] : undefined;
}

/** An IPv4 or IPv6 CIDR. */
export function isCidr(value: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
  const v6 = /^[0-9a-fA-F:]+\/(12[0-8]|1[01]\d|[1-9]?\d)$/;
  return v4.test(value) || (value.includes(':') && v6.test(value));
}
