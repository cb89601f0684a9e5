/**
 * Grouping a list by a key in one pass (Map.groupBy arrives with Node 21; Node 20 runs here).
 */

/**
 * Groups items by a key, each group in the items' order.
 * @param items the list to group
 * @param key the group of one item
 */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(t);
  }
  return out;
}
