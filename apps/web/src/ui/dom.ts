/** Minimal DOM helpers: the screen is small enough not to need a framework. */
export interface ElementProps {
  class?: string;
  text?: string;
  testid?: string;
  attrs?: Readonly<Record<string, string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.testid) el.dataset.testid = props.testid;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgIcon(pathData: string, className = 'icon'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', pathData);
  svg.append(path);
  return svg;
}

/** Sets text only when it changed, so per-second refreshes do not churn the DOM. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** A panel frame with a bilingual title bar: the zh title and a small latin caption. */
export function panel(className: string, title: string, caption: string, testid?: string): { root: HTMLElement; head: HTMLElement; body: HTMLElement; title: HTMLElement } {
  const titleEl = h('h2', { class: 'panel-title', text: title });
  const head = h('div', { class: 'panel-head' }, titleEl, h('span', { class: 'panel-caption', text: caption }));
  const body = h('div', { class: 'panel-body' });
  const root = h('section', { class: `panel ${className}`, ...(testid ? { testid } : {}) }, head, body);
  return { root, head, body, title: titleEl };
}

/** A titled block inside a device panel. */
export function subPanel(className: string, title: string, testid?: string): { root: HTMLElement; head: HTMLElement; body: HTMLElement } {
  const head = h('div', { class: 'sub-head' }, h('h3', { class: 'sub-title', text: title }));
  const body = h('div', { class: 'sub-body' });
  const root = h('section', { class: `sub ${className}`, ...(testid ? { testid } : {}) }, head, body);
  return { root, head, body };
}
