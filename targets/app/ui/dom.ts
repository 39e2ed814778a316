/** Tiny DOM helpers. Strings always become text nodes: nothing here parses HTML. */

export type Attrs = Record<string, string | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

/** Shows a message in a role=alert element, or hides it when the message is empty. */
export function setAlert(alert: HTMLElement, message: string): void {
  alert.textContent = message;
  alert.hidden = message === '';
}
