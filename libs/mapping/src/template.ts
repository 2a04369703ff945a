/** Fills `{name}` placeholders; unknown names stay visible so a typo in config shows up in the text. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => values[name] ?? m);
}
