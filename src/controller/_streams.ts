/**
 * TCP and UDP services: the chart's `templates/controller-configmap-tcp.yaml` and
 * `controller-configmap-udp.yaml` (their ports reach the container, the Services and the
 * NetworkPolicy through `streamPorts`).
 */
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ControllerContext, meta } from './_context';
import { Component } from './names';
import { Problems, show } from '../common/_validation';

/** Places of the TCP and UDP ConfigMaps in the output. */
export interface StreamScopes {
  readonly tcp: Construct;
  readonly udp: Construct;
}

/**
 * Namespace of the TCP/UDP services ConfigMaps. The controller reads them through its
 * ConfigMap informer, which only watches the watched namespace (ingress-nginx store.go).
 */
function streamNamespace(c: ControllerContext): string {
  return c.watchedElsewhere ? c.watchNamespace! : c.namespace;
}

/** The same, as written in the controller's flags. */
export function streamNamespaceRef(c: ControllerContext): string {
  return c.watchedElsewhere ? c.watchNamespace! : '$(POD_NAMESPACE)';
}

/**
 * Creates the TCP and UDP ConfigMaps once they have entries. addTcpService/addUdpService may
 * call this after construction; inside `scopes` they still render where the props would put them.
 */
export function ensureStreamConfigMaps(c: ControllerContext, scopes: StreamScopes | undefined): void {
  if (!scopes) return;
  const make = (scope: Construct, name: string, entries: Map<number, string>) =>
    new ApiObject(scope, 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...meta(c, name, Component.CONTROLLER), namespace: streamNamespace(c) },
      data: Lazy.any({ produce: () => Object.fromEntries([...entries].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v])) }),
    });
  if (c.tcp.size > 0 && scopes.tcp.node.children.length === 0) make(scopes.tcp, c.names.tcpConfigMap, c.tcp);
  if (c.udp.size > 0 && scopes.udp.node.children.length === 0) make(scopes.udp, c.names.udpConfigMap, c.udp);
}

export function validateStreams(c: ControllerContext, v: Problems): void {
  for (const [proto, map] of [['tcp', c.tcp], ['udp', c.udp]] as const) {
    for (const [port, target] of map) {
      const field = `${proto}[${show(String(port))}]`;
      v.check(Number.isInteger(port) && port >= 1 && port <= 65535, field, 'key must be a port number between 1 and 65535', port);
      v.check(/^[a-z0-9-]+\/[a-z0-9-]+:(\d+|[a-z0-9-]+)(:(PROXY)?(:(PROXY)?)?)?$/.test(target), field,
        'must be "<namespace>/<service>:<port>" (optionally ":PROXY" suffixes)', target);
    }
  }
}

/**
 * A controller watching another namespace reads Services, Secrets and ConfigMaps only through
 * informers on that namespace (ingress-nginx store.go): whatever it looks up must live there.
 */
export function validateWatchedNamespaceReferences(c: ControllerContext, v: Problems): void {
  if (!c.watchedElsewhere) return;
  const w = c.watchNamespace!;
  const why = `the controller only sees namespace ${show(w)} (watchNamespace)`;
  for (const [proto, map] of [['tcp', c.tcp], ['udp', c.udp]] as const) {
    for (const [port, target] of map) {
      const ns = target.split('/')[0];
      v.check(ns === w, `${proto}[${show(String(port))}]`, `must forward to a Service in ${show(w)}: ${why}`, target);
    }
  }
  const cert = c.props.defaultSslCertificate;
  if (cert !== undefined) v.check(cert.split('/')[0] === w, 'defaultSslCertificate', `must name a Secret in ${show(w)}: ${why}`, cert);
  const dh = c.configData()['ssl-dh-param'];
  if (dh !== undefined) v.check(dh.split('/')[0] === w, 'config.sslDhParam', `must name a Secret in ${show(w)}: ${why}`, dh);
  v.check(!c.defaultBackendEnabled, 'defaultBackend.enabled', `cannot be used with watchNamespace in another namespace: the default backend Service lives in ${show(c.namespace)} and ${why}`, true);
}
