/**
 * API-server checks of the NginxIngress fields that reach the output unchanged: what `kubectl apply`
 * would refuse (enums, label and annotation syntax, IPs, CIDRs, int-or-percent, env names,
 * durations, object references) is reported at synth instead, with the field the user wrote. The
 * checks themselves live in src/common/_validation.ts (`Problems`), shared by every construct.
 */
import { ControllerContext } from './_context';
import { EXTRA_ARG, flagName } from './_params';
import { Problems } from '../common/_validation';

const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const TOLERATION_OPERATORS = ['Equal', 'Exists'];
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'];

/** Environment variables the controller reads from the downward API; an override would break it. */
const RESERVED_ENV = ['POD_NAME', 'POD_NAMESPACE', 'LD_PRELOAD'];

/** Flags that move a listening port without moving the container ports, probes and Service with them. */
const PORT_FLAGS = ['http-port', 'https-port'];

/** The checks, in a fixed order. */
export function validateApiFields(c: ControllerContext, v: Problems): void {
  const p = c.props;
  v.oneOf('dnsPolicy', p.dnsPolicy, DNS_POLICIES);
  v.dnsSubdomain('priorityClassName', p.priorityClassName);
  (p.imagePullSecrets ?? []).forEach((name, i) => v.dnsSubdomain(`imagePullSecrets[${i}]`, name));
  v.labels('nodeSelector', p.nodeSelector);
  (p.tolerations ?? []).forEach((t, i) => {
    v.oneOf(`tolerations[${i}].operator`, t.operator, TOLERATION_OPERATORS);
    v.oneOf(`tolerations[${i}].effect`, t.effect, TAINT_EFFECTS);
    v.integer(`tolerations[${i}].tolerationSeconds`, t.tolerationSeconds, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  });
  (p.topologySpreadConstraints ?? []).forEach((t, i) => {
    v.oneOf(`topologySpreadConstraints[${i}].whenUnsatisfiable`, t.whenUnsatisfiable, WHEN_UNSATISFIABLE);
    v.integer(`topologySpreadConstraints[${i}].maxSkew`, t.maxSkew, 1);
  });

  const s = p.service ?? {};
  v.labels('service.labels', s.labels);
  if (s.clusterIP !== undefined && s.clusterIP !== 'None' && s.clusterIP !== '') v.ip('service.clusterIP', s.clusterIP);
  (s.externalIPs ?? []).forEach((ip, i) => v.ip(`service.externalIPs[${i}]`, ip));
  v.ip('service.loadBalancerIP', s.loadBalancerIP);
  (s.internal?.loadBalancerSourceRanges ?? []).forEach((cidr, i) => v.cidr(`service.internal.loadBalancerSourceRanges[${i}]`, cidr));

  const seen = new Map<string, number>();
  c.env.forEach((e, i) => {
    v.envName(`env[${i}].name`, e.name);
    if (RESERVED_ENV.includes(e.name)) v.add(`env[${i}].name`, 'is set by NginxIngress (the controller reads it); remove it', e.name);
    if (seen.has(e.name)) v.add(`env[${i}].name`, `repeats env[${seen.get(e.name)}] (the API server keeps only one)`, e.name);
    else seen.set(e.name, i);
  });
  c.extraArgs.forEach((arg, i) => {
    if (typeof arg === 'string' && EXTRA_ARG.test(arg) && PORT_FLAGS.includes(flagName(arg))) {
      v.add(`extraArgs[${i}]`, `sets --${flagName(arg)}, but the container ports, probes and Services stay at 80 and 443; not supported`, arg);
    }
  });

  const certs = p.admissionWebhooks?.certificates;
  const cm = certs?.mode === 'cert-manager' ? certs.certManagerOptions : undefined;
  v.duration('admissionWebhooks.certificates.duration', cm?.duration);
  v.duration('admissionWebhooks.certificates.rootDuration', cm?.rootDuration);
  v.dnsSubdomain('admissionWebhooks.certificates.issuer.name', cm?.issuer?.name);
}
