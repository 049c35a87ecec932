import { IConstruct } from 'constructs';
import { compareStrings } from './_compare';

/**
 * Constructs of one kind, registered per scope (an App, or a fleet cluster) and looked up by a key,
 * for whole-app rules such as "one per gateway" or "one folder per path": the groups are built once
 * after the last registration, so checking every member costs linear time, not a tree walk each.
 * Groups list their members in construct-path order, whatever the order of construction.
 */
export class ScopeIndex<T extends IConstruct> {
  private readonly byScope = new WeakMap<IConstruct, { readonly all: T[]; groups?: Map<string, T[]> }>();

  /** @param keyOf the key members are grouped by (read when the groups are built) */
  constructor(private readonly keyOf: (member: T) => string) {}

  /** Registers `member` in `scope`. */
  public add(scope: IConstruct, member: T): void {
    const entry = this.byScope.get(scope) ?? { all: [] };
    entry.all.push(member);
    entry.groups = undefined;
    this.byScope.set(scope, entry);
  }

  /** The members of `scope` with the key of `member` (itself included). */
  public sameKey(scope: IConstruct, member: T): T[] {
    const entry = this.byScope.get(scope);
    if (entry === undefined) return [member];
    if (entry.groups === undefined) {
      entry.groups = new Map();
      for (const m of [...entry.all].sort((a, b) => compareStrings(a.node.path, b.node.path))) {
        const key = this.keyOf(m);
        const group = entry.groups.get(key);
        if (group) group.push(m);
        else entry.groups.set(key, [m]);
      }
    }
    return entry.groups.get(this.keyOf(member)) ?? [member];
  }
}
