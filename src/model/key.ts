/**
 * One composite key for maps and sets keyed by several strings (user, prompt, attribute, ...). NUL cannot
 * occur in the texts attune reads, so distinct tuples never collide.
 */
export function compositeKey(...parts: readonly (string | number)[]): string {
  return parts.join('\u0000');
}
