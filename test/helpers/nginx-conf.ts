/**
 * Translates the controller ConfigMap keys that map onto plain nginx directives into a minimal
 * nginx.conf, so the values can be checked by a real `nginx -t` (see the tests). The mapping follows
 * ingress-nginx's nginx.tmpl for the keys it covers; other keys are listed as unchecked.
 */
import { compareStrings } from '../../src/common/_compare';

/** Variables ingress-nginx defines in its template (with `set` or `map`) that log formats use. */
export const INGRESS_NGINX_VARIABLES = [
  'proxy_upstream_name', 'proxy_alternative_upstream_name', 'req_id', 'the_real_ip', 'namespace',
  'ingress_name', 'service_name', 'service_port', 'location_path', 'balancer_ewma_score', 'proxy_add_original_uri_header',
];

type Directive = (value: string) => string;

const seconds: (name: string) => Directive = (name) => (v) => `${name} ${v}s;`;
const onOff: (name: string) => Directive = (name) => (v) => `${name} ${v === 'true' ? 'on' : 'off'};`;

/** ConfigMap key → the directive it becomes, in the http context. */
const HTTP_DIRECTIVES: Record<string, Directive> = {
  'proxy-body-size': (v) => `client_max_body_size ${v};`,
  'proxy-connect-timeout': seconds('proxy_connect_timeout'),
  'proxy-read-timeout': seconds('proxy_read_timeout'),
  'proxy-send-timeout': seconds('proxy_send_timeout'),
  'keep-alive': seconds('keepalive_timeout'),
  'ssl-protocols': (v) => `ssl_protocols ${v};`,
  'server-tokens': onOff('server_tokens'),
  'limit-req-status-code': (v) => `limit_req_status ${v};`,
  'forwarded-for-header': (v) => `real_ip_header ${v};`,
  'proxy-real-ip-cidr': (v) => v.split(',').map((c) => `set_real_ip_from ${c.trim()};`).join('\n    '),
};

/** ConfigMap key → directive in the main context. */
const MAIN_DIRECTIVES: Record<string, Directive> = {
  'worker-processes': (v) => `worker_processes ${v};`,
  'worker-shutdown-timeout': (v) => `worker_shutdown_timeout ${v};`,
};

/** A config file for `nginx -t`, and which keys it covers. */
export interface NginxConf {
  /** The nginx.conf text. */
  readonly conf: string;
  /** Keys rendered into the file. */
  readonly checked: string[];
  /** Keys with no plain-nginx equivalent. */
  readonly unchecked: string[];
}

/**
 * The http-level directives that keep a test nginx inside `prefix`: its default access log and every
 * temporary directory (a root nginx would otherwise write under /var/lib/nginx).
 */
export function sandboxHttpDirectives(prefix: string): string[] {
  return [
    `access_log ${prefix}/default-access.log;`,
    `client_body_temp_path ${prefix}/body;`,
    `proxy_temp_path ${prefix}/proxy;`,
    `fastcgi_temp_path ${prefix}/fastcgi;`,
    `uwsgi_temp_path ${prefix}/uwsgi;`,
    `scgi_temp_path ${prefix}/scgi;`,
  ];
}

/** Builds an nginx.conf from controller ConfigMap data; `prefix` is a writable directory. */
export function nginxConfFor(data: Record<string, string>, prefix: string): NginxConf {
  const main: string[] = [];
  const http: string[] = [];
  const checked: string[] = [];
  const unchecked: string[] = [];
  for (const [key, value] of Object.entries(data).sort(([a], [b]) => compareStrings(a, b))) {
    if (MAIN_DIRECTIVES[key]) {
      main.push(MAIN_DIRECTIVES[key](value));
      checked.push(key);
    } else if (HTTP_DIRECTIVES[key]) {
      http.push(HTTP_DIRECTIVES[key](value));
      checked.push(key);
    } else if (key === 'log-format-upstream') {
      const escape = data['log-format-escape-json'] === 'true' ? 'escape=json ' : '';
      http.push(`log_format upstreaminfo ${escape}'${value.replace(/'/g, "\\'")}';`);
      http.push(`access_log ${prefix}/access.log upstreaminfo;`);
      checked.push(key);
    } else {
      unchecked.push(key);
    }
  }
  const maps = INGRESS_NGINX_VARIABLES.map((v) => `map $host $${v} { default ""; }`);
  const conf = [
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log;`,
    ...main,
    'events {}',
    'http {',
    ...sandboxHttpDirectives(prefix).map((d) => `    ${d}`),
    ...maps.map((m) => `    ${m}`),
    ...http.map((d) => `    ${d}`),
    '}',
    '',
  ].join('\n');
  return { conf, checked, unchecked };
}
