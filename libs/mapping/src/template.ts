/**
 * Fills `{name}` placeholders; unknown names stay visible so a typo in config shows up in the text.
 * `{#name}…{/name}` is a section: rendered only when `name` has a non-empty value (e.g.
 * `您{#start}原定于{start}{/start}的面试` says nothing about a time the hub was never given).
 */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const withSections = template.replace(/\{#(\w+)\}([\s\S]*?)\{\/\1\}/g, (_m, name: string, inner: string) => (values[name] ? inner : ''));
  return withSections.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}
