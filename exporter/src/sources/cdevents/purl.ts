const SHA = /^[0-9a-f]{7,40}$/i;

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The commit a package URL names, if it names one: a `vcs_url` qualifier ending in `@<sha>`, or a version that is
 * a hexadecimal commit id (e.g. `pkg:golang/mygit.com/myorg/myapp@234fd47e07d1004f0aed9c`). An image digest
 * (`pkg:oci/app@sha256%3A…`) is not a commit and yields nothing.
 */
export function commitOfPurl(purl: string): string | undefined {
  if (!purl.startsWith('pkg:')) return undefined;
  const [main = '', qualifiers = ''] = (purl.split('#')[0] as string).split('?');
  for (const pair of qualifiers.split('&')) {
    const [key, value] = pair.split('=');
    if (key !== 'vcs_url' || !value) continue;
    const revision = /@([0-9a-f]{7,40})$/i.exec(decode(value))?.[1];
    if (revision) return revision.toLowerCase();
  }
  const at = main.lastIndexOf('@');
  if (at < 0) return undefined;
  const version = decode(main.slice(at + 1));
  // All-digit versions are build numbers, not commits.
  return SHA.test(version) && /[a-f]/i.test(version) ? version.toLowerCase() : undefined;
}
