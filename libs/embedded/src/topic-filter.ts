/** MQTT topic-filter matching for broker ACLs. */

/** True when `topic` (no wildcards) matches `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** True when every topic `requested` can match is also matched by `allowed` (subscribe ACL). */
export function filterCovers(allowed: string, requested: string): boolean {
  const a = allowed.split('/');
  const r = stripShare(requested).split('/');
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '#') return true;
    if (i >= r.length) return false;
    if (r[i] === '#') return false;
    if (a[i] !== '+' && a[i] !== r[i]) return false;
  }
  return a.length === r.length;
}

/** `$share/<group>/<filter>` → `<filter>`: a shared subscription is judged by the filter it shares. */
export function stripShare(filter: string): string {
  const m = /^\$share\/[^/]+\/(.*)$/.exec(filter);
  return m ? m[1]! : filter;
}
