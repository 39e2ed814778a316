/**
 * Building the page's elements. Every string child is appended as a text node, and attributes are
 * set one by one, so no text of a user or an agent is ever parsed as HTML.
 */

type AttributeValue = string | boolean | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, AttributeValue> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  Object.entries(attributes)
    .filter((entry): entry is [string, string | true] => entry[1] !== undefined && entry[1] !== false)
    .forEach(([name, value]) => {
      element.setAttribute(name, typeof value === 'string' ? value : '');
    });
  element.append(...children);
  return element;
}

/** The alert's text; an alert with nothing to say is hidden, so screen readers announce only real problems. */
export const setAlert = (alert: HTMLElement, message: string): void => {
  alert.hidden = !message;
  alert.textContent = message;
};
