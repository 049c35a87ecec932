/**
 * The Pod Security Standards level of the pods a construct renders, computed from its output, and
 * the check that it is not below the level the construct's props declare.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PodSecurityLevel } from './pod-security';

type Json = Record<string, any>;

const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** What takes one pod template below `restricted`, split by the level it still meets. */
export interface PodFindings {
  /** Reasons the pod is not even `baseline` (it is `privileged`). */
  readonly privileged: string[];
  /** Reasons the pod is `baseline`, not `restricted`. */
  readonly baseline: string[];
}

/** The findings of one pod template (`{ metadata, spec }`). */
export function podFindings(template: Json): PodFindings {
  const spec: Json = template?.spec ?? {};
  const annotations: Json = template?.metadata?.annotations ?? {};
  const pod: Json = spec.securityContext ?? {};
  const privileged: string[] = [];
  const baseline: string[] = [];
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[ns]) privileged.push(`${ns}: true`);
  for (const v of spec.volumes ?? []) {
    if (v?.hostPath) {
      privileged.push(`volume ${JSON.stringify(v.name)} is a hostPath`);
    } else {
      const type = Object.keys(v ?? {}).find((k) => k !== 'name');
      if (type && !RESTRICTED_VOLUMES.includes(type)) baseline.push(`volume ${JSON.stringify(v.name)} is a ${type}`);
    }
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(APPARMOR_PREFIX) && value === 'unconfined') privileged.push(`AppArmor ${key.slice(APPARMOR_PREFIX.length)} unconfined`);
  }
  if (pod.appArmorProfile?.type === 'Unconfined') privileged.push('AppArmor Unconfined');
  if (pod.seccompProfile?.type === 'Unconfined') privileged.push('seccomp Unconfined');
  for (const s of pod.sysctls ?? []) privileged.push(`sysctl ${s?.name}`);
  const containers: Json[] = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
  for (const c of containers) {
    const at = `container ${JSON.stringify(c?.name)}`;
    const sc: Json = c?.securityContext ?? {};
    if (sc.privileged) privileged.push(`${at} is privileged`);
    for (const p of c?.ports ?? []) if (p?.hostPort) privileged.push(`${at} binds host port ${p.hostPort}`);
    const added: string[] = sc.capabilities?.add ?? [];
    for (const cap of added) {
      if (!BASELINE_CAPABILITIES.includes(cap)) privileged.push(`${at} adds capability ${cap}`);
      else if (cap !== 'NET_BIND_SERVICE') baseline.push(`${at} adds capability ${cap}`);
    }
    if (sc.procMount && sc.procMount !== 'Default') privileged.push(`${at} procMount ${sc.procMount}`);
    if (sc.seccompProfile?.type === 'Unconfined') privileged.push(`${at} seccomp Unconfined`);
    if (sc.appArmorProfile?.type === 'Unconfined') privileged.push(`${at} AppArmor Unconfined`);
    if (sc.allowPrivilegeEscalation !== false) baseline.push(`${at} allows privilege escalation`);
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) baseline.push(`${at} may run as root`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) baseline.push(`${at} runs as user 0`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') baseline.push(`${at} has no RuntimeDefault seccomp profile`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) baseline.push(`${at} does not drop ALL capabilities`);
  }
  return { privileged, baseline };
}

const RANK: Record<string, number> = { restricted: 0, baseline: 1, privileged: 2 };

/** The level of one pod template. */
export function podLevel(template: Json): PodSecurityLevel {
  const f = podFindings(template);
  if (f.privileged.length > 0) return PodSecurityLevel.PRIVILEGED;
  return f.baseline.length > 0 ? PodSecurityLevel.BASELINE : PodSecurityLevel.RESTRICTED;
}

/**
 * One message per pod rendered under `scope` whose level is below `declared`, naming why and the
 * prop that declares it.
 */
export function podSecurityProblems(scope: IConstruct, declared: PodSecurityLevel, field = 'podSecurityLevel'): string[] {
  const out: string[] = [];
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    const path = TEMPLATE_PATHS[c.kind];
    if (!path) continue;
    let json: Json;
    try {
      json = c.toJson();
    } catch {
      continue; // a bad prop that breaks rendering is reported by its own check
    }
    const template = path.reduce<any>((node, key) => node?.[key], json);
    const f = podFindings(template);
    const level = podLevel(template);
    if (RANK[level] <= RANK[declared]) continue;
    const reasons = level === PodSecurityLevel.PRIVILEGED ? f.privileged : f.baseline;
    const member = level === PodSecurityLevel.PRIVILEGED ? 'PRIVILEGED' : 'BASELINE';
    out.push(`${field} must be PodSecurityLevel.${member} to render ${c.kind} ${JSON.stringify(c.metadata.name)}, whose pods are Pod Security Standards ${level} (${reasons.join(', ')}) (got ${JSON.stringify(declared)})`);
  }
  return out;
}
