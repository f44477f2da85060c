/**
 * Notification templates: a subject and a plain-text body with ((placeholders)), the convention of GOV.UK
 * Notify. A service may replace Plaza's default wording per event; the values come from the case.
 */

export interface MessageTemplate {
  subject: string;
  body: string;
}

const placeholder = /\(\(([a-z_]+)\)\)/g;

/** Fills ((name)) placeholders. A placeholder without a value is left out rather than shown raw. */
export function fillTemplate(
  template: MessageTemplate,
  values: Record<string, string | undefined>,
): MessageTemplate {
  const fill = (text: string): string =>
    text.replace(placeholder, (_match, name: string) => values[name] ?? '');
  return { subject: fill(template.subject).replace(/\s+/g, ' ').trim(), body: fill(template.body).trim() };
}
