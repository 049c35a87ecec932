/**
 * Pod Security Standards levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 * Every construct renders `restricted` pods unless its props name a lower level: a pod never
 * drifts out of `restricted` because of an option chosen for another reason.
 */
export enum PodSecurityLevel {
  /** The default: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp, only safe volume types. */
  RESTRICTED = 'restricted',
  /** Also allows non-root-less pods and other volume types (hostPath excepted); no host namespaces, host ports, hostPath or privileged containers. */
  BASELINE = 'baseline',
  /** Anything: hostNetwork, host ports, hostPath volumes, AppArmor unconfined, privileged containers. */
  PRIVILEGED = 'privileged',
}
