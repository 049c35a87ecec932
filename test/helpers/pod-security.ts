/**
 * A checker for the Pod Security Standards `restricted` profile (which includes `baseline`), as
 * the Kubernetes docs define it (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 * Where the docs allow a choice, the stricter reading is taken: no `image` volumes, and Windows
 * pods get no exemptions.
 */

type Json = Record<string, any>;

/** The pod template of each workload kind, as a path from the object. */
const POD_TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

const ALLOWED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const ALLOWED_CAPABILITIES = ['NET_BIND_SERVICE'];
const ALLOWED_PROFILE_TYPES = ['RuntimeDefault', 'Localhost'];
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const ALLOWED_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'];

/**
 * Every violation of the `restricted` profile in a workload's pod spec, one message each, naming
 * the pod, a volume or a container, then the field (security-context fields by their own name):
 * `container "controller": allowPrivilegeEscalation must be false (got undefined)`.
 * Returns `[]` for kinds that have no pod template.
 */
export function restrictedViolations(obj: any): string[] {
  const path = POD_TEMPLATE_PATHS[obj?.kind];
  if (!path) return [];
  const template: Json = path.reduce<any>((node, key) => node?.[key], obj) ?? {};
  const spec: Json = template.spec ?? {};
  const podContext: Json = spec.securityContext ?? {};
  const violations = podViolations(spec, podContext, template.metadata?.annotations ?? {});
  for (const [field, label] of [['initContainers', 'initContainer'], ['containers', 'container'], ['ephemeralContainers', 'ephemeralContainer']]) {
    for (const container of spec[field] ?? []) {
      violations.push(...containerViolations(container, podContext).map((v) => `${label} ${JSON.stringify(container.name)}: ${v}`));
    }
  }
  return violations;
}

/** Throws one error listing every `restricted` violation of every object (`Kind/name: violation`). */
export function expectRestricted(objects: any[]): void {
  const lines = objects.flatMap((obj) =>
    restrictedViolations(obj).map((v) => `  ${obj.kind}/${obj.metadata?.name}: ${v}`));
  if (lines.length > 0) {
    throw new Error(`${lines.length} Pod Security Standards (restricted) violation(s):\n${lines.join('\n')}`);
  }
}

function podViolations(spec: Json, ctx: Json, annotations: Json): string[] {
  const v: string[] = [];
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field]) v.push(`pod: ${field} must be false (got ${show(spec[field])})`);
  }
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type === undefined || !ALLOWED_VOLUME_TYPES.includes(type)) {
      v.push(`volume ${JSON.stringify(volume.name)}: type ${type} is not allowed (allowed: ${ALLOWED_VOLUME_TYPES.join(', ')})`);
    }
  }
  for (const sysctl of ctx.sysctls ?? []) {
    if (!ALLOWED_SYSCTLS.includes(sysctl.name)) v.push(`pod: sysctl ${sysctl.name} is not allowed (allowed: ${ALLOWED_SYSCTLS.join(', ')})`);
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && value !== 'runtime/default' && !String(value).startsWith('localhost/')) {
      v.push(`pod: annotation ${key} must be "runtime/default" or "localhost/*" (got ${show(value)})`);
    }
  }
  if (ctx.runAsNonRoot === false) v.push('pod: runAsNonRoot must be true (got false)');
  if (ctx.seccompProfile !== undefined && !ALLOWED_PROFILE_TYPES.includes(ctx.seccompProfile.type)) {
    v.push(`pod: seccompProfile.type must be "RuntimeDefault" or "Localhost" (got ${show(ctx.seccompProfile.type)})`);
  }
  v.push(...sharedContextViolations(ctx).map((m) => `pod: ${m}`));
  return v;
}

function containerViolations(container: Json, podCtx: Json): string[] {
  const v: string[] = [];
  const ctx: Json = container.securityContext ?? {};
  if (ctx.privileged) v.push(`privileged must be false (got ${show(ctx.privileged)})`);
  if (ctx.allowPrivilegeEscalation !== false) {
    v.push(`allowPrivilegeEscalation must be false (got ${show(ctx.allowPrivilegeEscalation)})`);
  }
  const drop: unknown[] = ctx.capabilities?.drop ?? [];
  if (!drop.includes('ALL')) v.push(`capabilities.drop must include "ALL" (got ${show(ctx.capabilities?.drop)})`);
  const added = (ctx.capabilities?.add ?? []).filter((c: string) => !ALLOWED_CAPABILITIES.includes(c));
  if (added.length > 0) v.push(`capabilities.add may only contain "NET_BIND_SERVICE" (got ${show(ctx.capabilities.add)})`);
  if (ctx.procMount !== undefined && ctx.procMount !== 'Default') v.push(`procMount must be "Default" (got ${show(ctx.procMount)})`);
  // runAsNonRoot and seccomp may be set once for the pod; a container may not undo it.
  if (ctx.runAsNonRoot === false || (ctx.runAsNonRoot === undefined && podCtx.runAsNonRoot !== true)) {
    v.push(`runAsNonRoot must be true, here or for the pod (got ${show(ctx.runAsNonRoot)})`);
  }
  const seccomp = ctx.seccompProfile?.type;
  if (seccomp !== undefined ? !ALLOWED_PROFILE_TYPES.includes(seccomp) : podCtx.seccompProfile === undefined) {
    v.push(`seccompProfile.type must be "RuntimeDefault" or "Localhost", here or for the pod (got ${show(seccomp)})`);
  }
  v.push(...sharedContextViolations(ctx));
  for (const port of container.ports ?? []) {
    if (port.hostPort) v.push(`ports: hostPort must be 0 or unset (got ${show(port.hostPort)})`);
  }
  for (const [where, handler] of handlers(container)) {
    if (handler?.httpGet?.host) v.push(`${where}.httpGet.host must be unset (got ${show(handler.httpGet.host)})`);
    if (handler?.tcpSocket?.host) v.push(`${where}.tcpSocket.host must be unset (got ${show(handler.tcpSocket.host)})`);
  }
  return v;
}

/** Rules that read the same for a pod's and a container's security context. */
function sharedContextViolations(ctx: Json): string[] {
  const v: string[] = [];
  if (ctx.runAsUser === 0) v.push('runAsUser must not be 0 (got 0)');
  if (ctx.windowsOptions?.hostProcess) v.push(`windowsOptions.hostProcess must be false (got ${show(ctx.windowsOptions.hostProcess)})`);
  const appArmor = ctx.appArmorProfile?.type;
  if (appArmor !== undefined && !ALLOWED_PROFILE_TYPES.includes(appArmor)) {
    v.push(`appArmorProfile.type must be "RuntimeDefault" or "Localhost" (got ${show(appArmor)})`);
  }
  const se: Json = ctx.seLinuxOptions ?? {};
  if (se.type !== undefined && !ALLOWED_SELINUX_TYPES.includes(se.type)) {
    v.push(`seLinuxOptions.type must be unset or one of ${ALLOWED_SELINUX_TYPES.filter(Boolean).join(', ')} (got ${show(se.type)})`);
  }
  for (const field of ['user', 'role']) {
    if (se[field]) v.push(`seLinuxOptions.${field} must be unset (got ${show(se[field])})`);
  }
  return v;
}

/** The probes and lifecycle hooks of a container, with their field names. */
function handlers(container: Json): Array<[string, Json | undefined]> {
  return [
    ...PROBES.map((p): [string, Json | undefined] => [p, container[p]]),
    ...LIFECYCLE_HANDLERS.map((h): [string, Json | undefined] => [`lifecycle.${h}`, container.lifecycle?.[h]]),
  ];
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
