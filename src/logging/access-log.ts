/**
 * The structured access log: an abstract field set (JSON key → meaning) and its nginx rendering,
 * the `log-format-upstream` and `log-format-escape-json` keys of ingress-nginx's ConfigMap
 * (chart `controller.config`, template nginx.tmpl `log_format upstreaminfo`). Another data plane
 * (Envoy Gateway) renders the same meanings with its own command operators.
 */
import { isNginxVariable } from './_nginx-variables';

/** What an access-log field means, independent of the data plane that writes it. */
export enum AccessLogMeaning {
  /** Time the request finished, ISO 8601 with offset. */
  TIME = 'time',
  /** Client address as nginx sees it (after real-ip processing). */
  REMOTE_ADDRESS = 'remote-address',
  /** The X-Forwarded-For request header as received. */
  FORWARDED_FOR = 'forwarded-for',
  /** The request id the controller passes upstream as X-Request-ID. */
  REQUEST_ID = 'request-id',
  /** HTTP method. */
  METHOD = 'method',
  /** Host: the Host header or server name. */
  HOST = 'host',
  /** Request path without the query string. */
  PATH = 'path',
  /** HTTP protocol version (HTTP/1.1, HTTP/2.0). */
  PROTOCOL = 'protocol',
  /** Response status code. */
  STATUS = 'status',
  /** Bytes sent to the client, headers included. */
  BYTES_SENT = 'bytes-sent',
  /** Request length in bytes, headers included. */
  REQUEST_LENGTH = 'request-length',
  /** Seconds from the first client byte to the last byte sent (millisecond resolution). */
  REQUEST_TIME = 'request-time',
  /** Upstream addresses tried, comma separated when the request was retried. */
  UPSTREAM_ADDRESS = 'upstream-address',
  /** Upstream status codes, comma separated when the request was retried. */
  UPSTREAM_STATUS = 'upstream-status',
  /** Upstream response times in seconds, comma separated when the request was retried. */
  UPSTREAM_RESPONSE_TIME = 'upstream-response-time',
  /** Name of the Ingress that routed the request. */
  INGRESS = 'ingress',
  /** Namespace of that Ingress (the KubeSphere project). */
  NAMESPACE = 'namespace',
  /** Backend Service name. */
  SERVICE = 'service',
  /** User-Agent request header. */
  USER_AGENT = 'user-agent',
  /** Referer request header. */
  REFERER = 'referer',
  /** A field defined by its data-plane variable only. */
  CUSTOM = 'custom',
}

/** How a field's value is written in the JSON line. */
export enum AccessLogValueType {
  /** A JSON string: always safe (an empty value stays valid JSON). */
  STRING = 'string',
  /** A bare JSON number: only for variables nginx always sets to one number. */
  NUMBER = 'number',
}

/** Options of a custom access-log field. */
export interface AccessLogFieldOptions {
  /** How the value is written. @default AccessLogValueType.STRING */
  readonly valueType?: AccessLogValueType;
  /**
   * Whether the field takes few distinct values (methods, status codes): only such fields may become
   * Loki labels.
   * @default false
   */
  readonly bounded?: boolean;
}

interface Standard {
  readonly key: string;
  readonly variable: string;
  readonly type: AccessLogValueType;
  readonly bounded: boolean;
}

const S = AccessLogValueType.STRING;
const N = AccessLogValueType.NUMBER;

/**
 * The documented field set, in output order. Upstream fields are strings: a retried request gives
 * `"10.0.0.1:80, 10.0.0.2:80"`, which as a bare number would break the JSON line.
 */
const STANDARD: Array<[AccessLogMeaning, Standard]> = [
  [AccessLogMeaning.TIME, { key: 'timestamp', variable: 'time_iso8601', type: S, bounded: false }],
  [AccessLogMeaning.REMOTE_ADDRESS, { key: 'remote_addr', variable: 'remote_addr', type: S, bounded: false }],
  [AccessLogMeaning.FORWARDED_FOR, { key: 'x_forwarded_for', variable: 'http_x_forwarded_for', type: S, bounded: false }],
  [AccessLogMeaning.REQUEST_ID, { key: 'request_id', variable: 'req_id', type: S, bounded: false }],
  [AccessLogMeaning.METHOD, { key: 'method', variable: 'request_method', type: S, bounded: true }],
  [AccessLogMeaning.HOST, { key: 'host', variable: 'host', type: S, bounded: false }],
  [AccessLogMeaning.PATH, { key: 'path', variable: 'uri', type: S, bounded: false }],
  [AccessLogMeaning.PROTOCOL, { key: 'protocol', variable: 'server_protocol', type: S, bounded: true }],
  [AccessLogMeaning.STATUS, { key: 'status', variable: 'status', type: N, bounded: true }],
  [AccessLogMeaning.BYTES_SENT, { key: 'bytes_sent', variable: 'bytes_sent', type: N, bounded: false }],
  [AccessLogMeaning.REQUEST_LENGTH, { key: 'request_length', variable: 'request_length', type: N, bounded: false }],
  [AccessLogMeaning.REQUEST_TIME, { key: 'request_time', variable: 'request_time', type: N, bounded: false }],
  [AccessLogMeaning.UPSTREAM_ADDRESS, { key: 'upstream_addr', variable: 'upstream_addr', type: S, bounded: false }],
  [AccessLogMeaning.UPSTREAM_STATUS, { key: 'upstream_status', variable: 'upstream_status', type: S, bounded: false }],
  [AccessLogMeaning.UPSTREAM_RESPONSE_TIME, { key: 'upstream_response_time', variable: 'upstream_response_time', type: S, bounded: false }],
  [AccessLogMeaning.INGRESS, { key: 'ingress', variable: 'ingress_name', type: S, bounded: true }],
  [AccessLogMeaning.NAMESPACE, { key: 'namespace', variable: 'namespace', type: S, bounded: true }],
  [AccessLogMeaning.SERVICE, { key: 'service', variable: 'service_name', type: S, bounded: true }],
  [AccessLogMeaning.USER_AGENT, { key: 'user_agent', variable: 'http_user_agent', type: S, bounded: false }],
  [AccessLogMeaning.REFERER, { key: 'referer', variable: 'http_referer', type: S, bounded: false }],
];

/**
 * Keys the log pipeline writes itself (`gateway`, `project`, `status_class`) or the container runtime and
 * Fluent Bit already put in each record (`log`, `time`, `stream`, `logtag`, `kubernetes`, `@timestamp`):
 * a field with such a key would overwrite them, and KubeSphere's console searches `log` and `time`.
 */
const RESERVED_KEYS = ['log', 'time', 'stream', 'logtag', 'kubernetes', '@timestamp', 'gateway', 'project', 'status_class'];

/**
 * One field of the structured access log: its JSON key, what it means, and the nginx variable that
 * writes it.
 *
 * @example
 * AccessLogField.standard(AccessLogMeaning.STATUS);                          // "status": $status
 * AccessLogField.nginx('tls', 'ssl_protocol', { bounded: true });            // "tls": "$ssl_protocol"
 */
export class AccessLogField {
  /** A field of the documented set, under its documented key or `key`. */
  public static standard(meaning: AccessLogMeaning, key?: string): AccessLogField {
    const s = STANDARD.find(([m]) => m === meaning)?.[1];
    if (!s) throw new Error(`AccessLogField.standard: meaning must be one of ${STANDARD.map(([m]) => m).join(', ')} (got ${JSON.stringify(meaning)})`);
    return new AccessLogField(key ?? s.key, meaning, s.variable, s.type, s.bounded);
  }

  /** A field written by an nginx variable (without `$`), e.g. `ssl_protocol` or `http_x_tenant`. */
  public static nginx(key: string, variable: string, options: AccessLogFieldOptions = {}): AccessLogField {
    return new AccessLogField(key, AccessLogMeaning.CUSTOM, variable, options.valueType ?? AccessLogValueType.STRING, options.bounded ?? false);
  }

  /** The documented field set, in order: start from it to add or drop fields. */
  public static standardFields(): AccessLogField[] {
    return STANDARD.map(([m]) => AccessLogField.standard(m));
  }

  /** The JSON key. */
  public readonly key: string;
  /** What the field means. */
  public readonly meaning: AccessLogMeaning;
  /** The nginx variable (without `$`) that writes it. */
  public readonly nginxVariable: string;
  /** How the value is written. */
  public readonly valueType: AccessLogValueType;
  /** Whether the field takes few distinct values (may be a Loki label). */
  public readonly bounded: boolean;

  private constructor(key: string, meaning: AccessLogMeaning, nginxVariable: string, valueType: AccessLogValueType, bounded: boolean) {
    this.key = key;
    this.meaning = meaning;
    this.nginxVariable = nginxVariable;
    this.valueType = valueType;
    this.bounded = bounded;
  }
}

/**
 * The access-log line: an ordered field set rendered as one JSON object per request.
 *
 * @example
 * const format = AccessLogFormat.of([
 *   ...AccessLogField.standardFields(),
 *   AccessLogField.nginx('tls', 'ssl_protocol', { bounded: true }),
 * ]);
 * format.nginxLogFormat(); // {"timestamp": "$time_iso8601", ...}
 */
export class AccessLogFormat {
  /** The documented field set. */
  public static standard(): AccessLogFormat {
    return new AccessLogFormat(AccessLogField.standardFields());
  }

  /** A format with these fields, in this order. */
  public static of(fields: AccessLogField[]): AccessLogFormat {
    return new AccessLogFormat([...(fields ?? [])]);
  }

  /** The fields, in output order. */
  public readonly fields: AccessLogField[];

  private constructor(fields: AccessLogField[]) {
    this.fields = fields;
  }

  /** The field with this meaning, if the format has one. */
  public fieldFor(meaning: AccessLogMeaning): AccessLogField | undefined {
    return this.fields.find((f) => f?.meaning === meaning);
  }

  /** The field with this JSON key, if the format has one. */
  public fieldNamed(key: string): AccessLogField | undefined {
    return this.fields.find((f) => f?.key === key);
  }

  /**
   * ingress-nginx's `log-format-upstream`: one JSON object, written with `log-format-escape-json`
   * (nginx `escape=json`), so header values holding quotes, backslashes or control characters stay
   * valid JSON.
   */
  public nginxLogFormat(): string {
    const parts = this.fields.map((f) => {
      const value = f.valueType === AccessLogValueType.NUMBER ? `$${f.nginxVariable}` : `"$${f.nginxVariable}"`;
      return `"${f.key}": ${value}`;
    });
    return `{${parts.join(', ')}}`;
  }

  /** Problems of this format, `field must be ... (got X)` under `at` (empty when valid). */
  public problems(at: string): string[] {
    const out: string[] = [];
    if (this.fields.length === 0) out.push(`${at} must have at least one field (got none)`);
    const seen = new Set<string>();
    this.fields.forEach((f, i) => {
      const where = `${at}[${i}]`;
      if (!(f instanceof AccessLogField)) {
        out.push(`${where} must be an AccessLogField from AccessLogField.standard() or AccessLogField.nginx() (got ${JSON.stringify(f) ?? String(f)})`);
        return;
      }
      if (typeof f.key !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.key)) {
        out.push(`${where}.key must be letters, digits or "_", not starting with a digit (got ${JSON.stringify(f.key)})`);
      } else if (RESERVED_KEYS.includes(f.key)) {
        out.push(`${where}.key must not be one of ${RESERVED_KEYS.join(', ')}: the log pipeline and the container runtime write those (got ${JSON.stringify(f.key)})`);
      } else if (seen.has(f.key)) {
        out.push(`${where}.key must be unique in the format (got ${JSON.stringify(f.key)} twice)`);
      }
      seen.add(f.key);
      if (typeof f.nginxVariable !== 'string' || !isNginxVariable(f.nginxVariable)) {
        out.push(`${where}.nginxVariable must be an nginx variable the ingress-nginx controller provides, without "$" (got ${JSON.stringify(f.nginxVariable)})`);
      }
      if (!Object.values(AccessLogValueType).includes(f.valueType)) {
        out.push(`${where}.valueType must be one of ${Object.values(AccessLogValueType).join(', ')} (got ${JSON.stringify(f.valueType)})`);
      }
    });
    return out;
  }
}
