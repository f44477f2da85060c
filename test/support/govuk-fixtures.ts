/**
 * govuk-frontend ships, beside each component, a fixtures.json: the options its Nunjucks macro was given and
 * the HTML it produced. Plaza's TSX components must produce the same DOM for the same options, so the markup
 * stays exactly what GOV.UK tested with assistive technology.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { JSDOM } from 'jsdom';

export interface GovukFixture {
  name: string;
  options: Record<string, unknown>;
  hidden: boolean;
  html: string;
}

const require = createRequire(import.meta.url);
const govukRoot = join(
  dirname(require.resolve('govuk-frontend/package.json')),
  'dist',
  'govuk',
  'components',
);

export function loadFixtures(component: string): GovukFixture[] {
  const file = join(govukRoot, component, 'fixtures.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { fixtures: GovukFixture[] };
  return parsed.fixtures;
}

const whitespaceSensitive = new Set(['PRE', 'TEXTAREA']);

/**
 * Serialises a fragment of HTML into a canonical form: attributes sorted, class tokens sorted, runs of
 * whitespace between and around elements collapsed. Two fragments with the same canonical form are the same
 * DOM as far as browsers and assistive technology are concerned.
 */
export function canonicalHtml(html: string): string {
  const dom = new JSDOM('<!doctype html><body></body>');
  const template = dom.window.document.createElement('template');
  template.innerHTML = html;
  const out: string[] = [];
  const walk = (node: Node, preserve: boolean): void => {
    if (node.nodeType === 3) {
      const text = node.textContent ?? '';
      if (preserve) {
        out.push(text);
        return;
      }
      const collapsed = text.replace(/\s+/g, ' ');
      if (collapsed.trim() !== '') out.push(collapsed.trim());
      return;
    }
    if (node.nodeType === 8) return; // comments carry no meaning for users
    if (node.nodeType !== 1) {
      node.childNodes.forEach((child) => walk(child, preserve));
      return;
    }
    const element = node as Element;
    const attributes = Array.from(element.attributes)
      .map((attribute) => {
        const value =
          attribute.name === 'class'
            ? attribute.value.split(/\s+/).filter(Boolean).sort().join(' ')
            : attribute.value.replace(/\s+/g, ' ').trim();
        return `${attribute.name}="${value}"`;
      })
      .sort();
    const tag = element.tagName.toLowerCase();
    out.push(`<${[tag, ...attributes].join(' ')}>`);
    const content = element.tagName === 'TEMPLATE' ? (element as HTMLTemplateElement).content : element;
    content.childNodes.forEach((child) => walk(child, preserve || whitespaceSensitive.has(element.tagName)));
    out.push(`</${tag}>`);
  };
  template.content.childNodes.forEach((child) => walk(child, false));
  return out.join('\n');
}
