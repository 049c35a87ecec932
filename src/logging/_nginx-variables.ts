/**
 * The nginx variables an ingress-nginx controller provides to `log-format-upstream`: the ones of the
 * nginx modules its image builds (http core, upstream, proxy, realip, ssl, gzip, tcpinfo) and the ones
 * its nginx.tmpl defines with `set` or `map` for every location.
 */

/** Variables with a fixed name. */
const FIXED = new Set([
  // ngx_http_core_module / ngx_http_variables.c
  'arg', 'args', 'binary_remote_addr', 'body_bytes_sent', 'bytes_sent', 'connection', 'connection_requests',
  'connection_time', 'content_length', 'content_type', 'document_root', 'document_uri', 'host', 'hostname',
  'https', 'is_args', 'limit_rate', 'msec', 'nginx_version', 'pid', 'pipe', 'proxy_protocol_addr',
  'proxy_protocol_port', 'proxy_protocol_server_addr', 'proxy_protocol_server_port', 'query_string',
  'realpath_root', 'remote_addr', 'remote_port', 'remote_user', 'request', 'request_body', 'request_completion',
  'request_filename', 'request_id', 'request_length', 'request_method', 'request_time', 'request_uri', 'scheme',
  'server_addr', 'server_name', 'server_port', 'server_protocol', 'status', 'time_iso8601', 'time_local', 'uri',
  'tcpinfo_rtt', 'tcpinfo_rttvar', 'tcpinfo_snd_cwnd', 'tcpinfo_rcv_space',
  // ngx_http_upstream_module
  'upstream_addr', 'upstream_bytes_received', 'upstream_bytes_sent', 'upstream_cache_status',
  'upstream_connect_time', 'upstream_header_time', 'upstream_queue_time', 'upstream_response_length',
  'upstream_response_time', 'upstream_status',
  // proxy, realip, gzip, ssl
  'proxy_add_x_forwarded_for', 'proxy_host', 'proxy_port', 'realip_remote_addr', 'realip_remote_port', 'gzip_ratio',
  'ssl_cipher', 'ssl_ciphers', 'ssl_client_fingerprint', 'ssl_client_i_dn', 'ssl_client_s_dn', 'ssl_client_serial',
  'ssl_client_verify', 'ssl_curves', 'ssl_early_data', 'ssl_protocol', 'ssl_server_name', 'ssl_session_id',
  'ssl_session_reused',
  // ingress-nginx nginx.tmpl (set/map per location)
  'proxy_upstream_name', 'proxy_alternative_upstream_name', 'req_id', 'the_real_ip', 'namespace', 'ingress_name',
  'service_name', 'service_port', 'location_path', 'balancer_ewma_score', 'proxy_add_original_uri_header',
]);

/** Variable families: a prefix followed by a header, cookie or argument name. */
const PREFIXES = ['arg_', 'cookie_', 'http_', 'sent_http_', 'sent_trailer_', 'upstream_http_', 'upstream_trailer_', 'upstream_cookie_'];

/** Whether `$name` is a variable the controller's nginx defines. */
export function isNginxVariable(name: string): boolean {
  if (FIXED.has(name)) return true;
  return PREFIXES.some((p) => name.startsWith(p) && /^[a-z0-9_]+$/.test(name.slice(p.length)) && name.length > p.length);
}
