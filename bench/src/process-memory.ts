import { readdirSync, readFileSync } from 'node:fs';

export interface Memory {
  /** Resident set now. */
  rssBytes: number;
  /** The high-water mark of the resident set since the process started (summed over the tree). */
  peakRssBytes: number;
}

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  if (kib === undefined) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(kib) * 1024;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function withDescendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function readOrZero(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    return statusField(pid, field);
  } catch {
    return 0; // a child that exited between listing and reading holds no memory
  }
}

/**
 * A process's memory, read from /proc (Linux), with that of every process it started unless
 * `alone` (the launcher's children are the services, each counted on its own).
 */
export function memoryOf(pid: number, { alone = false } = {}): Memory {
  const children = alone ? [] : withDescendants(pid).slice(1);
  return {
    rssBytes: statusField(pid, 'VmRSS') + children.reduce((sum, p) => sum + readOrZero(p, 'VmRSS'), 0),
    peakRssBytes: statusField(pid, 'VmHWM') + children.reduce((sum, p) => sum + readOrZero(p, 'VmHWM'), 0),
  };
}
